/**
 * The local receiver for ITscope webhooks on node:http (or node:https with --tls-cert):
 * limits and timeouts against slow or hostile clients, each request routed
 * (route.ts) and each webhook taken in (webhook.ts). The receiver never prints: it emits
 * events. A request can never kill it: every handler error becomes a 500.
 */
import { createServer, type Server as HttpServer, type IncomingMessage, type ServerOptions, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { StoredCapture } from '../store/capture-reader.js';
import type { CaptureStore } from '../store/capture-store.js';
import { JSON_TYPE, reject, sendJson } from './answer.js';
import type { Credentials } from './auth.js';
import { guardConnections } from './connection-guard.js';
import type { ReceiverEvent } from './events.js';
import type { Forwarder } from './forwarder.js';
import { createRouter, normalizePrefix } from './route.js';
import { createDrain } from './shutdown.js';
import { handleWebhook, type WebhookContext } from './webhook.js';

export interface ReceiverOptions {
  store: CaptureStore;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Prefix under which POSTs are accepted ("/" = any path). */
  path?: string;
  auth?: Credentials | undefined;
  maxBody?: number;
  /** 422 instead of 200 for payloads that fail the schema. */
  strict?: boolean;
  respondStatus?: number | undefined;
  delayMs?: number;
  forwarder?: Forwarder | undefined;
  /** --forward-status: answer each webhook with the forwarder's answer from the app. */
  forwardStatus?: boolean;
  /** Serve https with this certificate and key (PEM) instead of plain http. */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  /** Time allowed for a client to send its headers (and, with TLS, to complete its handshake). */
  headersTimeoutMs?: number;
  /** Time allowed for a whole request (headers and body). */
  requestTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  maxHeaderSize?: number;
  /** Connections at once; at the cap a newcomer replaces the oldest that sent no request yet. */
  maxConnections?: number;
  onEvent?: (event: ReceiverEvent) => void;
  /** Called for each newly stored capture after it was answered (e.g. to fetch its document). */
  onStored?: (capture: StoredCapture) => void | Promise<void>;
  now?: () => Date;
  /** Waits --delay (default: a timer); ends early when `signal` aborts (the receiver stops). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface Receiver {
  url: string;
  host: string;
  port: number;
  server: HttpServer | HttpsServer;
  /**
   * Stops accepting, answers every request already read (Connection: close) and closes
   * idle connections, waits for forwards and hooks in flight, flushes the store (shutdown.ts).
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8765,
  path: '/',
  maxBody: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderSize: 16 * 1024,
  maxConnections: 1024,
} as const;

const CLIENT_ERRORS: Record<number, [title: string, message: string]> = {
  400: ['Bad Request', 'bad request'],
  408: ['Request Timeout', 'request timed out'],
  431: ['Request Header Fields Too Large', 'request headers too large'],
};

/** Requests, forwards and hooks in flight, so that close() can wait for them. */
function createTracker() {
  let inFlight = 0;
  const idle: Array<() => void> = [];
  const done = (): void => {
    if (--inFlight === 0) for (const resolve of idle.splice(0)) resolve();
  };
  return {
    track(work: Promise<void>): void {
      inFlight++;
      void work.then(done, done);
    },
    settled: (): Promise<void> => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve))),
  };
}

function listen(server: HttpServer | HttpsServer, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, rejectListen) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      rejectListen(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** The default --delay: a timer that a stop cuts short. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const { store } = options;
  const host = options.host ?? DEFAULTS.host;
  const prefix = normalizePrefix(options.path ?? DEFAULTS.path);
  const emit = options.onEvent ?? (() => undefined);
  const route = createRouter({ prefix, auth: options.auth });
  const tracker = createTracker();
  const drain = createDrain();
  const context: WebhookContext = {
    store,
    maxBody: options.maxBody ?? DEFAULTS.maxBody,
    strict: options.strict ?? false,
    respondStatus: options.respondStatus,
    delayMs: options.delayMs ?? 0,
    sleep: options.sleep ?? delay,
    forwarder: options.forwarder,
    forwardStatus: options.forwardStatus === true && options.forwarder !== undefined,
    proto: options.tls ? 'https' : 'http',
    emit,
    onStored: options.onStored,
    track: tracker.track,
    now: options.now ?? (() => new Date()),
    stopping: drain.signal,
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    guard.served(req.socket);
    if (drain.stopping && !drain.admit(req, res)) return;
    const decision = route(req);
    if (decision.kind === 'health') {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (decision.kind === 'reject') {
      reject(req, res, decision, emit);
      return;
    }
    const flight = drain.begin(res);
    tracker.track(
      handleWebhook(req, res, decision, context, flight).then(
        () => drain.done(flight),
        (error: unknown) => {
          emit({ type: 'error', stage: 'request', message: (error as Error).message });
          if (!res.headersSent) sendJson(res, 500, { error: 'internal error in the receiver' });
          else res.destroy();
          drain.done(flight);
        },
      ),
    );
  }

  const headersTimeout = options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs;
  const httpOptions: ServerOptions = {
    headersTimeout,
    requestTimeout: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    maxHeaderSize: options.maxHeaderSize ?? DEFAULTS.maxHeaderSize,
    // How often Node checks the two timeouts above; short so that short timeouts hold.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
  // node:https only when asked for: it loads TLS, which plain http does not need. A TLS
  // handshake gets the header limit too, not Node's 120 s (issue 18).
  const server: HttpServer | HttpsServer = options.tls
    ? (await import('node:https')).createServer({ ...httpOptions, handshakeTimeout: headersTimeout, cert: options.tls.cert, key: options.tls.key }, handle)
    : createServer(httpOptions, handle);
  const guard = guardConnections(server, options.maxConnections ?? DEFAULTS.maxConnections);

  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Only an HTTP parser error or timeout gets an HTTP answer; a TLS failure (a handshake
    // that timed out or went wrong) has no channel to answer on: the socket is closed.
    const http = error.code?.startsWith('HPE_') || error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (!socket.writable || !http) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const [title, message] = CLIENT_ERRORS[status] ?? ['Bad Request', 'bad request'];
    const text = JSON.stringify({ error: message });
    socket.end(`HTTP/1.1 ${status} ${title}\r\ncontent-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
  });

  await listen(server, options.port ?? DEFAULTS.port, host);
  // A request can never kill the receiver: later server errors are reported, not thrown.
  server.on('error', (error) => emit({ type: 'error', stage: 'request', message: error.message }));

  const address = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${address.port}${prefix === '/' ? '/' : `${prefix}/`}`,
    host,
    port: address.port,
    server,
    close({ graceMs = 10_000 } = {}) {
      closing ??= (async () => {
        // Requests in flight are answered (and stored); then forwards and hooks settle.
        await drain.stop(server, graceMs, tracker.settled, guard.dropWaiting);
        await store.flush();
      })();
      return closing;
    },
  };
}
