/**
 * The local receiver for ITscope webhooks on node:http.
 * Save first, judge later: each authenticated POST is captured durably before it is
 * answered, then judged; the raw bytes are never re-serialized.
 * A request can never kill the receiver: every handler error becomes a 500.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerOptions, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { CAPTURE_KIND, encodeBody, type CaptureRecord } from '../core/capture.js';
import { redactHeaders } from '../core/redact.js';
import { checkPayload, isPlainObject, type Problem } from '../core/payload-schema.js';
import type { StoredCapture } from '../store/capture-reader.js';
import type { CaptureStore } from '../store/capture-store.js';
import { createAuthChecker, type Credentials } from './auth.js';
import type { ForwardedFor, ReceiverEvent, RejectReason } from './events.js';
import type { Forwarder } from './forwarder.js';
import { readBody } from './read-body.js';

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
  /** Serve https with this certificate and key (PEM) instead of plain http. */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  /** Time allowed for a client to send its headers. */
  headersTimeoutMs?: number;
  /** Time allowed for a whole request (headers and body). */
  requestTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  maxHeaderSize?: number;
  maxConnections?: number;
  onEvent?: (event: ReceiverEvent) => void;
  /** Called for each newly stored capture after it was answered (e.g. to fetch its document). */
  onStored?: (capture: StoredCapture) => void | Promise<void>;
  now?: () => Date;
}

export interface Receiver {
  url: string;
  host: string;
  port: number;
  server: HttpServer | HttpsServer;
  /** Stops accepting, waits for requests and forwards in flight, flushes the store. */
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

const JSON_TYPE = 'application/json; charset=utf-8';

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function forwardedOf(req: IncomingMessage): ForwardedFor {
  const f: ForwardedFor = {};
  const xff = header(req, 'x-forwarded-for');
  const proto = header(req, 'x-forwarded-proto');
  const host = header(req, 'x-forwarded-host');
  if (xff) f.for = xff;
  if (proto) f.proto = proto;
  if (host) f.host = host;
  return f;
}

function normalizePrefix(path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function underPrefix(pathname: string, prefix: string): boolean {
  return prefix === '/' || pathname === prefix || pathname.startsWith(`${prefix}/`);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const store = options.store;
  const host = options.host ?? DEFAULTS.host;
  const prefix = normalizePrefix(options.path ?? DEFAULTS.path);
  const maxBody = options.maxBody ?? DEFAULTS.maxBody;
  const emit = options.onEvent ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const checkAuth = options.auth ? createAuthChecker(options.auth) : undefined;
  const { forwarder, respondStatus, strict = false, delayMs = 0 } = options;
  // Requests, forwards and hooks in flight, so that close() can wait for them.
  let inFlight = 0;
  const idle: Array<() => void> = [];
  function track(promise: Promise<void>): void {
    inFlight++;
    void promise.then(done, done);
  }
  function done(): void {
    if (--inFlight === 0) for (const resolve of idle.splice(0)) resolve();
  }
  // A connection that authenticated keeps its header: later requests on it skip the hash.
  const authorized = new WeakMap<Socket, string>();

  function reject(req: IncomingMessage, res: ServerResponse, reason: RejectReason, status: number, message: string, extra: { user?: string; headers?: Record<string, string> } = {}): void {
    const headers = { ...extra.headers };
    // A body we did not read must not be parsed as the next request on this connection.
    if (!req.complete) headers.connection = 'close';
    send(res, status, { error: message }, headers);
    emit({
      type: 'rejected',
      reason,
      status,
      method: req.method ?? '',
      path: req.url ?? '',
      remoteAddress: req.socket.remoteAddress ?? '',
      forwarded: forwardedOf(req),
      message,
      ...(extra.user !== undefined ? { user: extra.user } : {}),
    });
  }

  async function handleWebhook(req: IncomingMessage, res: ServerResponse, pathname: string, query: string): Promise<void> {
    const receivedAt = now().toISOString();
    const body = await readBody(req, maxBody);
    if (!body.ok) {
      if (body.status === 0) return; // the client went away; nothing to answer
      const reason = body.status === 413 ? 'too-large' : body.status === 415 ? 'encoding' : 'bad-gzip';
      reject(req, res, reason, body.status, body.error);
      return;
    }

    let value: unknown;
    let json = true;
    let errors: Problem[];
    let warnings: Problem[] = [];
    // Decoded once: for JSON.parse and, when it is clean UTF-8, as the stored body.
    const text = body.bytes.toString('utf8');
    try {
      value = JSON.parse(text);
      const verdict = checkPayload(value);
      errors = verdict.errors;
      warnings = verdict.warnings;
    } catch (error) {
      json = false;
      // An empty body is common from a hand-made request (curl -X POST): say so plainly.
      const why = text.trim() === '' ? 'the body is empty, not JSON' : `the body is not JSON: ${(error as Error).message}`;
      errors = [{ path: '$', message: why, hint: 'ITscope sends one JSON object per webhook' }];
    }
    const valid = json && errors.length === 0;
    const payload = json && isPlainObject(value) ? value : {};
    const judged = !json ? 400 : !valid && strict ? 422 : 200;
    const status = respondStatus ?? judged;

    const record: CaptureRecord = {
      kind: CAPTURE_KIND,
      v: 1,
      receivedAt,
      method: req.method ?? 'POST',
      path: pathname,
      query,
      remoteAddress: req.socket.remoteAddress ?? '',
      headers: redactHeaders(req.headers),
      ...encodeBody(body.bytes, text),
      valid,
      errors,
      warnings,
      status,
    };
    for (const key of ['eventId', 'eventType', 'transactionStatus', 'orderId', 'documentId', 'transactionId', 'documentUrl'] as const) {
      const v = stringOf(payload[key]);
      if (v !== undefined) record[key] = v;
    }

    let stored;
    try {
      stored = await store.append(record);
    } catch (error) {
      emit({ type: 'error', stage: 'store', message: `could not store the capture: ${(error as Error).message}` });
      send(res, 500, { error: 'the receiver could not store this webhook; it was not accepted' });
      return;
    }
    if (delayMs > 0) await delay(delayMs);

    const eventId = record.eventId;
    if (respondStatus !== undefined && (respondStatus < 200 || respondStatus >= 300)) {
      send(res, status, { error: `answering ${status} because listen runs with --respond-status ${status}`, ...(eventId ? { eventId } : {}) });
    } else if (judged === 400) {
      send(res, status, { error: errors[0]?.message ?? 'the body is not JSON' });
    } else if (judged === 422) {
      send(res, status, { error: 'the payload fails the ITscope webhook schema', eventId, errors: errors.map((e) => `${e.path}: ${e.message}`) });
    } else {
      send(res, status, {
        ok: true,
        ...(eventId ? { eventId } : {}),
        ...(stored.duplicate ? { duplicate: true } : {}),
        ...(valid ? {} : { valid: false, errors: errors.map((e) => `${e.path}: ${e.message}`) }),
      });
    }

    emit({ type: 'webhook', capture: stored.capture, duplicate: stored.duplicate, status, valid, json, errors, warnings, forwarded: forwardedOf(req) });
    if (stored.duplicate) return;

    if (forwarder && judged < 300) {
      void track(
        forwarder.forward(body.bytes, { headers: req.headers, remoteAddress: record.remoteAddress, proto: options.tls ? 'https' : 'http' }).then((result) => {
          emit({ type: 'forwarded', eventId, url: forwarder.url, ...result });
        }),
      );
    }
    if (options.onStored) {
      const hook = options.onStored;
      void track(
        Promise.resolve()
          .then(() => hook(stored.capture))
          .catch((error: unknown) => emit({ type: 'error', stage: 'hook', message: (error as Error).message })),
      );
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    const method = req.method ?? '';

    if (pathname === '/health') {
      if (method === 'GET' || method === 'HEAD') return send(res, 200, { ok: true });
      if (method !== 'POST') return reject(req, res, 'method', 405, `${method} is not allowed here; use GET`, { headers: { allow: 'GET, HEAD' } });
    }
    if (!underPrefix(pathname, prefix)) {
      return reject(req, res, 'path', 404, `nothing here; webhooks go to ${prefix} and below`);
    }
    if (method !== 'POST') {
      return reject(req, res, 'method', 405, `${method} is not allowed; ITscope sends webhooks with POST`, { headers: { allow: 'POST' } });
    }
    const given = header(req, 'authorization');
    if (checkAuth && (given === undefined || authorized.get(req.socket) !== given)) {
      const auth = checkAuth(given);
      if (auth.ok && given !== undefined) authorized.set(req.socket, given);
      if (!auth.ok) {
        const message = auth.reason === 'missing' ? 'Basic Auth credentials required' : 'wrong Basic Auth credentials';
        return reject(req, res, 'auth', 401, message, {
          ...(auth.user !== undefined ? { user: auth.user } : {}),
          headers: { 'www-authenticate': 'Basic realm="itscope-hooks", charset="UTF-8"' },
        });
      }
    }
    void track(
      handleWebhook(req, res, pathname, query).catch((error: unknown) => {
        emit({ type: 'error', stage: 'request', message: (error as Error).message });
        if (!res.headersSent) send(res, 500, { error: 'internal error in the receiver' });
        else res.destroy();
      }),
    );
  }

  const httpOptions: ServerOptions = {
    headersTimeout: options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
    requestTimeout: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    maxHeaderSize: options.maxHeaderSize ?? DEFAULTS.maxHeaderSize,
    // How often Node checks the two timeouts above; short so that short timeouts hold.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor((options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs) / 4))),
  };
  // node:https only when asked for: it loads TLS, which plain http does not need.
  const server: HttpServer | HttpsServer = options.tls
    ? (await import('node:https')).createServer({ ...httpOptions, cert: options.tls.cert, key: options.tls.key }, handle)
    : createServer(httpOptions, handle);
  server.maxConnections = options.maxConnections ?? DEFAULTS.maxConnections;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const text = JSON.stringify({ error: status === 431 ? 'request headers too large' : status === 408 ? 'request timed out' : 'bad request' });
    socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\ncontent-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
  });

  await new Promise<void>((resolve, rejectListen) => {
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
    server.listen(options.port ?? DEFAULTS.port, host);
  });
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
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        // Requests in flight finish (and are stored); then forwards and hooks settle.
        if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
        await closed;
        clearTimeout(force);
        await store.flush();
      })();
      return closing;
    },
  };
}
