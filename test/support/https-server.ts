// A real local server (HTTPS with a test certificate, or plain HTTP) that records every
// request it receives, byte for byte, and answers as told.
import { once } from 'node:events';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CertPair } from './tls.js';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ServerOptions {
  /** Serve HTTPS with this certificate; plain HTTP without. */
  tls?: CertPair;
  /** Status and body of every answer (default 200 {"ok":true}). */
  status?: number;
  body?: string;
  /** Never answer (for timeout tests); the request is still recorded. */
  hang?: boolean;
}

export interface RecordingServer {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startRecordingServer(options: ServerOptions = {}): Promise<RecordingServer> {
  const requests: ReceivedRequest[] = [];
  const waiters: Array<{ count: number; resolve: (r: ReceivedRequest[]) => void }> = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      for (const w of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(requests.slice());
      }
      if (options.hang) return;
      res.writeHead(options.status ?? 200, { 'content-type': 'application/json' });
      res.end(options.body ?? '{"ok":true}');
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler) : http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/`,
    port,
    requests,
    waitFor(count) {
      if (requests.length >= count) return Promise.resolve(requests.slice());
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ConnectProxy {
  url: string;
  /** The `host:port` of every CONNECT it tunneled. */
  connects: string[];
  close(): Promise<void>;
}

/**
 * A minimal forward proxy that tunnels CONNECT requests, as corporate proxies do. It
 * resolves names under `.test` (reserved, never real) to 127.0.0.1, so that a test can
 * reach a local server through it under a name that is not a loopback name: loopback
 * targets never go through a proxy.
 */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const { connect } = await import('node:net');
  const connects: string[] = [];
  const server = http.createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req: IncomingMessage, socket: import('node:net').Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    const colon = target.lastIndexOf(':');
    const host = target.slice(0, colon).replace(/^\[|\]$/g, '');
    const upstream = connect(Number(target.slice(colon + 1)), host.endsWith('.test') ? '127.0.0.1' : host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    connects,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
