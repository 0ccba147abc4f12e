/**
 * The connection cap, kept so that connections that never send anything cannot lock out
 * real senders (issue 18: 1,030 connections that never started a TLS handshake locked
 * out every sender of an https listen). Node's own `maxConnections` refuses the newest
 * connection when full; here the newcomer instead replaces the oldest connection that
 * has not delivered a request yet (no TLS handshake, or no complete headers). Only when
 * every connection carries requests is the newcomer refused. Such waiting connections
 * also end by themselves after the header (and TLS handshake) timeout, and on stop.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';

export interface ConnectionGuard {
  /** A request arrived on this connection: it no longer counts as waiting. */
  served(socket: Socket): void;
  /** Closes every connection that has not delivered a request (on stop). */
  dropWaiting(): void;
}

/**
 * The TCP socket under a request's socket: for https the request comes on a TLSSocket
 * that wraps the one the server accepted (`_parent`, set by node:tls since its start).
 */
function tcpSocket(socket: Socket): Socket {
  return (socket as Socket & { _parent?: Socket })._parent ?? socket;
}

export function guardConnections(server: HttpServer | HttpsServer, max: number): ConnectionGuard {
  const open = new Set<Socket>();
  /** Connections without a request yet, oldest first (a Set keeps insertion order). */
  const waiting = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    if (open.size >= max) {
      const oldest = waiting.values().next().value;
      if (oldest === undefined) {
        socket.destroy();
        return;
      }
      open.delete(oldest);
      waiting.delete(oldest);
      oldest.destroy();
    }
    open.add(socket);
    waiting.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      waiting.delete(socket);
    });
  });
  return {
    served(socket) {
      waiting.delete(tcpSocket(socket));
    },
    dropWaiting() {
      for (const socket of waiting) socket.destroy();
      waiting.clear();
    },
  };
}
