/**
 * A local stand-in for ITscope's business/documents API: the same
 * paths under /2.0 and /2.1, Basic Auth (401 with WWW-Authenticate), 404 for documents it
 * does not have, and 503 "Rate Limit Exceeded" past `rateLimit` requests per minute from
 * one address, as ITscope does. Used by the tests and by developers without credentials.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MOCK_API_DEFAULTS } from './defaults.js';
import { type DocumentStore, loadDocuments } from './documents.js';

export interface MockApiOptions {
  port?: number;
  host?: string;
  accountId?: string;
  apiKey?: string;
  /** Requests per minute per client address before 503 (ITscope: 600). */
  rateLimit?: number;
  documents?: DocumentStore;
  /** Called after each answer (the command logs it; tests count requests). */
  onRequest?: (entry: MockRequestLog) => void;
}

export interface MockRequestLog {
  method: string;
  path: string;
  status: number;
  /** Whether the request carried an Authorization header (never its value). */
  withAuthorization: boolean;
  userAgent: string | undefined;
}

export interface MockApi {
  /** Base URL to use as --api-base, e.g. http://127.0.0.1:8766/2.1 */
  url: string;
  origin: string;
  port: number;
  /** Every request answered so far. */
  requests: MockRequestLog[];
  close(): Promise<void>;
}

const PATH_RE = /^\/(2\.0|2\.1)\/business\/documents\/([^/]+)\/([A-Z]+\.(?:xml|pdf))$/;
const WINDOW_MS = 60_000;

const WHO = 'the local stand-in for the ITscope API (itscope-hooks mock-api)';
const SERVES = 'it serves ORDER, ORDERRESPONSE, DISPATCHNOTIFICATION and INVOICE .xml for any transactionId, and INVOICE.pdf';

/** The text of a 404: what the stand-in is, what it lacks, and what it serves. */
export function notFound(path: string, file: string | undefined): string {
  if (file !== undefined) return `${WHO} has no ${file} for this transaction; ${SERVES}`;
  const versionless = path.includes('/business/documents/') && !/^\/2\.[01]\//.test(path);
  return versionless
    ? `${WHO} serves /2.1/business/documents/{transactionId}/{DOCTYPE}.xml (and /2.0/…): the API base must end in /2.1`
    : `${WHO} serves only /2.1/business/documents/{transactionId}/{DOCTYPE}.xml (and /2.0/…); ${SERVES}`;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(bytes.length), ...headers });
  res.end(bytes);
}

export async function startMockApi(options: MockApiOptions = {}): Promise<MockApi> {
  // node:http binds every interface for an empty host; a stand-in must never do that by accident.
  if (options.host !== undefined && options.host.trim() === '') throw new TypeError('startMockApi: host is empty (that would bind every interface)');
  const documents = options.documents ?? loadDocuments();
  const want = digest(`${options.accountId ?? MOCK_API_DEFAULTS.accountId}:${options.apiKey ?? MOCK_API_DEFAULTS.apiKey}`);
  const rateLimit = options.rateLimit ?? MOCK_API_DEFAULTS.rateLimit;
  const seen = new Map<string, number[]>();
  const requests: MockRequestLog[] = [];

  function limited(address: string, now: number): boolean {
    const times = (seen.get(address) ?? []).filter((t) => now - t < WINDOW_MS);
    times.push(now);
    seen.set(address, times);
    return times.length > rateLimit;
  }

  function authorized(header: string | undefined): boolean {
    if (!header) return false;
    const [scheme, token] = header.split(' ', 2);
    if (scheme?.toLowerCase() !== 'basic' || !token) return false;
    return timingSafeEqual(digest(Buffer.from(token, 'base64').toString('utf8')), want);
  }

  function handle(req: IncomingMessage, res: ServerResponse): number {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/health') {
      send(res, 200, 'ok\n');
      return 200;
    }
    if (limited(req.socket.remoteAddress ?? '?', Date.now())) {
      send(res, 503, 'Rate Limit Exceeded\n', { 'retry-after': '1800' });
      return 503;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method Not Allowed\n', { allow: 'GET, HEAD' });
      return 405;
    }
    if (!authorized(req.headers.authorization)) {
      send(res, 401, 'Unauthorized\n', { 'www-authenticate': 'Basic realm="ITscope API"' });
      return 401;
    }
    const m = PATH_RE.exec(path);
    let transactionId: string | undefined;
    try {
      transactionId = m?.[2] ? decodeURIComponent(m[2]) : undefined;
    } catch {
      transactionId = undefined;
    }
    const doc = transactionId && m?.[3] ? documents.get(transactionId, m[3]) : undefined;
    if (!doc) {
      // Says what it is: a user reading "not found" from the stand-in must not wait for ITscope (issue 19).
      send(res, 404, `${notFound(path, transactionId === undefined ? undefined : m?.[3])}\n`);
      return 404;
    }
    res.writeHead(200, { 'content-type': doc.contentType, 'content-length': String(doc.body.length) });
    res.end(req.method === 'HEAD' ? undefined : doc.body);
    return 200;
  }

  const server = createServer((req, res) => {
    const status = handle(req, res);
    const entry: MockRequestLog = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      status,
      withAuthorization: req.headers.authorization !== undefined,
      userAgent: req.headers['user-agent'],
    };
    requests.push(entry);
    options.onRequest?.(entry);
    req.resume();
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  return {
    url: `${origin}/2.1`,
    origin,
    port: address.port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
