/**
 * Stopping the receiver without losing an answer (issue 18): a webhook stored must get
 * its 2xx, or ITscope sends it again. On stop the server
 * - stops accepting connections, and closes at once those that are idle or never sent a
 *   request;
 * - answers every request it has already read, with `Connection: close` (a --delay is cut
 *   short), so each client leaves after its answer;
 * - takes in nothing more on a kept-alive connection once its last answer is set (a
 *   request pipelined behind it is left unread: not stored, so the sender retries it);
 * - after `graceMs`, drops the requests still being read (slow bodies: not stored) and
 *   the connections still open, but only once every request that reached the store has
 *   been answered.
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { sendJson } from './answer.js';

/** A webhook taken in and not answered yet. */
export interface InFlight {
  readonly res: ServerResponse;
  /** It reached the store: it is answered however long the stop takes. */
  committed: boolean;
  /** Its place in the table of webhooks in flight, and its arrival order. */
  readonly slot: number;
  readonly order: number;
}

export interface Drain {
  /** False once stop() began: the hot path checks this one flag. */
  readonly stopping: boolean;
  /** Aborted on stop: a --delay waits no longer. */
  readonly signal: AbortSignal;
  /** While stopping: whether to take this request in (it gets Connection: close). */
  admit(req: IncomingMessage, res: ServerResponse): boolean;
  /** A webhook is being taken in; `done` with the same entry when it was answered. */
  begin(res: ServerResponse): InFlight;
  done(entry: InFlight): void;
  /** Runs the stop; `settled` waits for the webhooks, forwards and hooks in flight. */
  stop(server: HttpServer | HttpsServer, graceMs: number, settled: () => Promise<void>, dropWaiting: () => void): Promise<void>;
}

export function createDrain(): Drain {
  const abort = new AbortController();
  /**
   * Webhooks taken in and not answered yet, in reusable slots: a Set with an add and a
   * delete per request measurably added garbage-collection work under load.
   */
  const slots: Array<InFlight | undefined> = [];
  const free: number[] = [];
  let arrivals = 0;
  let inFlight = 0;
  /** The webhooks in flight, in the order they arrived. */
  const active = (): InFlight[] => slots.filter((e): e is InFlight => e !== undefined).sort((a, b) => a.order - b.order);
  /** Connections whose last answer is set: what arrives behind it is not taken in. */
  const last = new WeakSet<Socket>();
  let stopping = false;
  let forced = false;
  let emptied: (() => void) | undefined;

  /** Whether another webhook on this connection waits for its answer (pipelined). */
  function othersOn(socket: Socket, except: InFlight): boolean {
    return slots.some((entry) => entry !== undefined && entry !== except && entry.res.req.socket === socket);
  }

  /**
   * The connection closes after this answer, the last one on it: a keep-alive answer
   * already sent ends its socket once written (done()).
   */
  function closeAfter(res: ServerResponse): void {
    last.add(res.req.socket);
    if (!res.headersSent) res.shouldKeepAlive = false;
  }

  return {
    get stopping() {
      return stopping;
    },
    signal: abort.signal,
    admit(req, res) {
      if (last.has(req.socket)) return false;
      if (forced) {
        res.shouldKeepAlive = false;
        sendJson(res, 503, { error: 'listen is stopping; send this webhook again later' });
        return false;
      }
      closeAfter(res);
      return true;
    },
    begin(res) {
      const slot = free.pop() ?? slots.length;
      const entry: InFlight = { res, committed: false, slot, order: arrivals++ };
      slots[slot] = entry;
      inFlight++;
      return entry;
    },
    done(entry) {
      slots[entry.slot] = undefined;
      free.push(entry.slot);
      inFlight--;
      if (!stopping) return;
      const { res } = entry;
      // Answered keep-alive before the stop: end the connection once the answer is written.
      if (res.shouldKeepAlive && !othersOn(res.req.socket, entry)) {
        last.add(res.req.socket);
        res.req.socket.end();
      }
      if (inFlight === 0) emptied?.();
    },
    async stop(server, graceMs, settled, dropWaiting) {
      stopping = true;
      // Pipelined webhooks on one connection are answered in order: only the last closes it.
      const lastOf = new Map<Socket, ServerResponse>();
      for (const { res } of active()) lastOf.set(res.req.socket, res);
      for (const res of lastOf.values()) closeAfter(res);
      abort.abort();
      server.closeIdleConnections();
      dropWaiting();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const force = setTimeout(() => {
        forced = true;
        // Still reading a body: not stored, so not answered; the sender will retry.
        for (const { res, committed } of active()) if (!committed) res.req.socket.destroy();
        const rest = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (emptied = resolve));
        void rest.then(() => server.closeAllConnections());
      }, graceMs);
      force.unref();
      await settled();
      await closed;
      clearTimeout(force);
    },
  };
}
