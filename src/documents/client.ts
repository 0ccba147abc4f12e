/**
 * The ITscope business/documents API client.
 * - Basic Auth with Account ID and API key, the mandatory User-Agent, Accept per format.
 * - Only api-base is ever requested; the caller passes transactionId, DOCTYPE, format.
 * - Credentials go only to the api-base origin. Redirects are followed by hand (at most
 *   MAX_REDIRECTS); one to another origin is followed WITHOUT Authorization (ITscope may
 *   hand large files to a storage host), one from https to http is refused.
 * - Every request, redirect and retry takes a slot from the shared rate limiter.
 * - 503 is never retried: ITscope answers "Rate Limit Exceeded" with 503 and then blocks
 *   the IP for 30 minutes, and each retry would prolong it.
 */
import { type Dispatcher, request } from 'undici';
import { checkTransactionId } from '../core/document-ref.js';
import { UserError } from '../core/errors.js';
import type { DocFormat, DocType } from '../core/payload-rules.js';
import { basicAuth } from '../http/basic-auth.js';
import { isLoopbackHost } from '../http/loopback.js';
import { readSnippet } from '../http/read-snippet.js';
import { explainRequestFailure } from '../http/request-failure.js';
import { userAgent } from '../http/user-agent.js';
import type { RateLimiter } from './rate-limiter.js';

export const MAX_REDIRECTS = 3;
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * What went wrong. `file` is a problem on this machine (a folder or disk, not the
 * download); `unusable` is a reference that cannot be fetched at all (no request made).
 */
export type FailureKind = 'auth' | 'not-found' | 'rate-limit' | 'http' | 'network' | 'proxy' | 'timeout' | 'redirect' | 'content' | 'file' | 'unusable';

/** The next step for each kind of failure, when the failure has no more specific one. */
export const DEFAULT_HINTS: Readonly<Record<FailureKind, string>> = {
  auth: 'pass the right --account-id and --api-key (or set ITSCOPE_ACCOUNT_ID / ITSCOPE_API_KEY, or accountId / apiKey in the config); `itscope-hooks doctor` tests them with one request',
  'not-found':
    'ITscope may not have created the document yet: try again later, and check the transactionId and type (`itscope-hooks captures show EVENTID` shows what the webhook said)',
  'rate-limit': 'wait 30 minutes before the next request, and keep --rate at 2 or below; make sure no other program uses the API from this IP at the same time',
  http: "check that --api-base (ITSCOPE_API_BASE) points to the ITscope API, e.g. https://api.itscope.com/2.1; a 5xx is ITscope's side: try again in a few minutes",
  network: 'check the network connection and that the API host is reachable (`itscope-hooks doctor`); behind a proxy set HTTPS_PROXY',
  proxy: 'check HTTPS_PROXY / HTTP_PROXY, unset them for a direct connection, or add the API host to NO_PROXY',
  timeout: 'try again, or allow more time with --timeout SECONDS',
  redirect: 'check that --api-base (ITSCOPE_API_BASE) points to the ITscope API, e.g. https://api.itscope.com/2.1',
  content: 'open the kept .error file to see what the server sent, and check that --api-base points to the ITscope API',
  file: 'make the folder writable, or choose another one with --out DIR/',
  unusable: 'see what the webhook said with `itscope-hooks captures show EVENTID`, then fetch it with --transaction-id ID --type DOCTYPE',
};

/** A failed document request. `fatal` failures stop a batch (every next request would fail too). */
export class DocumentFetchError extends Error {
  readonly kind: FailureKind;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly fatal: boolean;
  /** The concrete next step for the user (printed as `fix:`, `hint` in --json). */
  readonly hint: string;
  /** Where a bad body was kept for inspection. */
  errorPath: string | undefined;
  constructor(kind: FailureKind, message: string, options: { status?: number; retryable?: boolean; fatal?: boolean; errorPath?: string; hint?: string } = {}) {
    super(message);
    this.name = 'DocumentFetchError';
    this.kind = kind;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.fatal = options.fatal ?? false;
    this.hint = options.hint ?? DEFAULT_HINTS[kind];
    this.errorPath = options.errorPath;
  }
}

export interface DocumentLocator {
  transactionId: string;
  docType: DocType;
  format: DocFormat;
}

export interface OpenedDocument {
  url: string;
  status: number;
  contentType: string | undefined;
  contentLength: number | undefined;
  body: Dispatcher.ResponseData['body'];
}

export interface ClientEvent {
  type: 'redirect';
  from: string;
  to: string;
  /** False when the redirect left the api-base origin and Authorization was dropped. */
  withCredentials: boolean;
}

export interface DocumentClientOptions {
  apiBase: string;
  accountId: string;
  apiKey: string;
  dispatcher: Dispatcher;
  limiter: RateLimiter;
  /** Time allowed for the headers and between body chunks. */
  timeoutMs?: number | undefined;
  /** Words for the 401/403 message: where the Account ID and API key came from. */
  credentialSources?: { accountId: string; apiKey: string } | undefined;
  onEvent?: ((event: ClientEvent) => void) | undefined;
}

export interface DocumentClient {
  readonly apiBase: string;
  /** The URL we request for a document (always under api-base). */
  urlFor(doc: DocumentLocator): string;
  /** One attempt: request (following redirects) and return the open 2xx response. */
  open(doc: DocumentLocator, signal?: AbortSignal): Promise<OpenedDocument>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export const ACCEPT: Readonly<Record<DocFormat, string>> = {
  xml: 'application/xml, text/xml;q=0.9',
  pdf: 'application/pdf',
};

/**
 * The failure for a network-level error (no HTTP answer, or the body broke off). With the
 * dispatcher, a proxy that could not be reached or refused the tunnel is named as such,
 * not blamed on the API host; every next request would go through it too (fatal).
 */
export function networkFailure(error: unknown, url: string, dispatcher?: Dispatcher, timeoutMs?: number): DocumentFetchError {
  if (error instanceof DocumentFetchError) return error;
  const host = safeHost(url);
  const failure = explainRequestFailure(error, {
    url,
    timeoutMs,
    dispatcher,
    refusedHint: `nothing answers at ${host}: check --api-base (ITSCOPE_API_BASE), or start \`itscope-hooks mock-api\` for offline work`,
    networkHint: `check the network connection and that ${host} is reachable (\`itscope-hooks doctor\`); behind a proxy set HTTPS_PROXY`,
  });
  const kind = failure.code === 'PROXY' ? 'proxy' : failure.code === 'TIMEOUT' ? 'timeout' : 'network';
  return new DocumentFetchError(kind, failure.message, {
    retryable: failure.retryable,
    fatal: kind === 'proxy',
    ...(kind === 'timeout' ? {} : failure.hint ? { hint: failure.hint } : {}),
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

export function createDocumentClient(options: DocumentClientOptions): DocumentClient {
  const base = new URL(options.apiBase.replace(/\/+$/, ''));
  const apiOrigin = base.origin;
  const basePath = base.pathname.replace(/\/+$/, '');
  const authorization = basicAuth(options.accountId, options.apiKey);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sources = options.credentialSources;

  function urlFor(doc: DocumentLocator): string {
    return `${apiOrigin}${basePath}/business/documents/${encodeURIComponent(doc.transactionId)}/${doc.docType}.${doc.format}`;
  }

  async function failure(status: number, body: Dispatcher.ResponseData['body'], doc: DocumentLocator, url: string): Promise<DocumentFetchError> {
    const snippet = (await readSnippet(body, 512)).trim();
    const what = `${doc.docType}.${doc.format} of transaction ${doc.transactionId}`;
    if (status === 401 || status === 403) {
      const where = sources ? ` (Account ID from ${sources.accountId}, API key from ${sources.apiKey})` : '';
      return new DocumentFetchError('auth', `ITscope answered ${status}: check your Account ID and API key${where}`, { status, fatal: true });
    }
    if ((status === 404 || status === 410) && isLoopbackHost(base.hostname)) {
      // A stand-in on this machine (mock-api), not ITscope: waiting will not help, and its answer says why (issue 19).
      const said = snippet && !snippet.startsWith('<') ? snippet.replace(/\s+/g, ' ').slice(0, 400) : `no ${what}`;
      return new DocumentFetchError('not-found', `${safeHost(url)} answered ${status}: ${said}`, {
        status,
        hint: `the API base ${options.apiBase} is on this machine (\`itscope-hooks mock-api\` or another stand-in), not ITscope: ask for a document it serves, or set --api-base (ITSCOPE_API_BASE) to https://api.itscope.com/2.1 for ITscope's documents`,
      });
    }
    if (status === 404 || status === 410) {
      return new DocumentFetchError('not-found', `ITscope answered ${status}: the ${what} is not available (yet)`, {
        status,
        hint: `ITscope may not have created it yet: try again later; check the transactionId ${doc.transactionId} and the type ${doc.docType}`,
      });
    }
    if (status === 503 || status === 429) {
      const limited = /rate limit/i.test(snippet) || status === 429;
      return new DocumentFetchError(
        'rate-limit',
        `ITscope answered ${status}${limited ? ' Rate Limit Exceeded' : ' Service Unavailable'}: stopped at once without retrying. ` +
          'More than 600 requests per minute from one IP block it for 30 minutes; wait before trying again',
        { status, fatal: true },
      );
    }
    const detail = snippet && !snippet.startsWith('<') ? `: ${snippet.slice(0, 120)}` : '';
    const hint =
      status >= 500
        ? `a problem on ${safeHost(url)}'s side: try again in a few minutes`
        : 'check that --api-base (ITSCOPE_API_BASE) points to the ITscope API, e.g. https://api.itscope.com/2.1, and run `itscope-hooks doctor`';
    return new DocumentFetchError('http', `${safeHost(url)} answered ${status} for ${what}${detail}`, { status, retryable: status >= 500, hint });
  }

  async function open(doc: DocumentLocator, signal?: AbortSignal): Promise<OpenedDocument> {
    try {
      // "." or ".." would leave business/documents/ once the URL is normalized.
      checkTransactionId(doc.transactionId);
    } catch (error) {
      if (error instanceof UserError) throw new DocumentFetchError('unusable', error.message, error.hint ? { hint: error.hint } : {});
      throw error;
    }
    let url = urlFor(doc);
    for (let hop = 0; ; hop++) {
      const sameOrigin = new URL(url).origin === apiOrigin;
      const headers: Record<string, string> = { 'user-agent': userAgent(), accept: ACCEPT[doc.format] };
      if (sameOrigin) headers.authorization = authorization;
      await options.limiter.take(signal);
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          method: 'GET',
          headers,
          dispatcher: options.dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        throw networkFailure(error, url, options.dispatcher, timeoutMs);
      }
      const status = res.statusCode;
      if (REDIRECTS.has(status)) {
        const location = res.headers.location;
        res.body.dump().catch(() => {});
        const to = typeof location === 'string' ? location : Array.isArray(location) ? location[0] : undefined;
        if (!to) throw new DocumentFetchError('redirect', `${safeHost(url)} answered ${status} without a Location`, { status });
        if (hop >= MAX_REDIRECTS) throw new DocumentFetchError('redirect', `more than ${MAX_REDIRECTS} redirects for ${doc.docType}.${doc.format}`, { status });
        const next = new URL(to, url);
        if (next.protocol !== 'https:' && next.protocol !== 'http:') {
          throw new DocumentFetchError('redirect', `refused a redirect to a ${next.protocol} URL`, { status });
        }
        if (new URL(url).protocol === 'https:' && next.protocol === 'http:') {
          throw new DocumentFetchError('redirect', `refused a redirect from https to plain http (${next.host})`, { status });
        }
        options.onEvent?.({ type: 'redirect', from: url, to: next.href, withCredentials: next.origin === apiOrigin });
        url = next.href;
        continue;
      }
      if (status < 200 || status >= 300) throw await failure(status, res.body, doc, url);
      const type = res.headers['content-type'];
      const length = res.headers['content-length'];
      const contentLength = typeof length === 'string' && /^\d+$/.test(length) ? Number(length) : undefined;
      return { url, status, contentType: typeof type === 'string' ? type : undefined, contentLength, body: res.body };
    }
  }

  return { apiBase: `${apiOrigin}${basePath}`, urlFor, open };
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** Base delay; attempt n waits base * 2^(n-1), with full jitter. */
  backoffMs?: number;
  signal?: AbortSignal | undefined;
  onRetry?: ((info: { attempt: number; delayMs: number; error: DocumentFetchError }) => void) | undefined;
  random?: () => number;
}

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 500;

/** Runs `attempt` until it succeeds, fails for good, or the attempts are used up. */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS);
  const base = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const failure = error instanceof DocumentFetchError ? error : networkFailure(error, '');
      if (!failure.retryable || n >= attempts || options.signal?.aborted) throw failure;
      // Jitter between half and the full step spreads retries of parallel clients.
      const step = base * 2 ** (n - 1);
      const delayMs = Math.round(step / 2 + (random() * step) / 2);
      options.onRetry?.({ attempt: n, delayMs, error: failure });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
