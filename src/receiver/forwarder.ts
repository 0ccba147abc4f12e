/**
 * --forward-to: relays each accepted webhook (the same bytes, the sender's headers) to
 * the developer's own app. A failing or hanging app is reported, never breaks the
 * receiver: every call is bounded by the timeout — the app's answer included, of which
 * at most SNIPPET_BYTES are read (ANSWER_BYTES when the answer is passed on to the sender,
 * `listen --forward-status`) — and resolves, it never rejects. Forwards in flight and
 * waiting are bounded (forward-queue.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { isSecretHeader, redactUrl } from '../core/redact.js';
import { basicAuth } from '../http/basic-auth.js';
import { createDispatcher } from '../http/dispatcher.js';
import { isLoopbackHost } from '../http/loopback.js';
import { readHead, snippetText } from '../http/read-snippet.js';
import { explainRequestFailure } from '../http/request-failure.js';
import { urlCredentials, withoutCredentials } from '../http/url-credentials.js';
import { userAgent } from '../http/user-agent.js';
import { createForwardQueue } from './forward-queue.js';

/** The webhook request as it reached listen, for the headers of its forward. */
export interface ForwardSource {
  headers: IncomingHttpHeaders;
  remoteAddress: string;
  /** How the webhook reached listen (default http): the X-Forwarded-Proto a proxy sets. */
  proto?: 'http' | 'https';
}

export interface ForwardResult {
  ok: boolean;
  status?: number;
  ms: number;
  error?: string;
  /** What to do about the error. */
  hint?: string;
  /** The first bytes of the app's answer (for the inspector and --json). */
  snippet?: string;
  /** Not sent at all: too many forwards were waiting for the app. */
  dropped?: boolean;
  /** No (complete) answer within the timeout. */
  timedOut?: boolean;
  /** With `keepAnswer`: the app's answer to pass on (its first ANSWER_BYTES bytes). */
  answer?: { body: Buffer; contentType: string | undefined };
}

/** Bytes of the app's answer kept as its snippet. */
export const SNIPPET_BYTES = 512;
/**
 * Bytes of the app's answer passed on to the sender with `listen --forward-status`: far more
 * than an error page or a JSON answer needs; a longer answer is passed on cut at this size.
 */
export const ANSWER_BYTES = 64 * 1024;

export interface ForwardOptions {
  /** Names the webhook in the line of a forward that was dropped. */
  eventId?: string | undefined;
  /** Keep the app's answer (status, Content-Type, first ANSWER_BYTES) to pass it on. */
  keepAnswer?: boolean;
}

export interface Forwarder {
  readonly url: string;
  /** Whether Authorization and other credential headers are passed on (loopback targets only). */
  readonly passesCredentials: boolean;
  forward(body: Buffer, source: ForwardSource, options?: ForwardOptions): Promise<ForwardResult>;
  close(): Promise<void>;
}

/**
 * Headers that describe the connection to listen or the encoding of the body as it came
 * in, not the webhook: the forward gets its own Host, length and connection, and the body
 * is sent decoded (a gzip body was decoded on arrival).
 */
const NOT_FORWARDED = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'content-length',
  'content-encoding',
]);

/**
 * The headers of a forward: the sender's headers as they arrived, without those above
 * (and any the Connection header names), plus X-Forwarded-For/-Proto/-Host as a proxy
 * sets them. Credential headers (Authorization, cookies) only go to a target on this
 * machine: they were meant for this receiver, not for another host.
 */
export function forwardHeaders(source: ForwardSource, passCredentials: boolean, fallbackUserAgent: string): Record<string, string | string[]> {
  const incoming = source.headers;
  const named = String(incoming.connection ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || NOT_FORWARDED.has(name) || named.includes(name)) continue;
    if (!passCredentials && isSecretHeader(name)) continue;
    headers[name] = value;
  }
  const xff = incoming['x-forwarded-for'];
  const chain = Array.isArray(xff) ? xff.join(', ') : xff;
  if (source.remoteAddress) headers['x-forwarded-for'] = chain ? `${chain}, ${source.remoteAddress}` : source.remoteAddress;
  headers['x-forwarded-proto'] ??= source.proto ?? 'http';
  if (incoming.host !== undefined) headers['x-forwarded-host'] ??= incoming.host;
  headers['content-type'] ??= 'application/json';
  headers['user-agent'] ??= fallbackUserAgent;
  return headers;
}

export interface ForwarderOptions {
  url: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** PEM CA file to trust for an https app (--forward-ca). */
  caFile?: string | undefined;
  /** Skip the app's certificate check (--forward-insecure). */
  insecure?: boolean | undefined;
  dispatcher?: Dispatcher;
}

export async function createForwarder(options: ForwarderOptions): Promise<Forwarder> {
  const { request } = await import('undici');
  const dispatcher =
    options.dispatcher ??
    createDispatcher({ ...(options.env ? { env: options.env } : {}), caFile: options.caFile, caFlag: '--forward-ca', insecure: options.insecure });
  const ua = userAgent();
  const shown = redactUrl(options.url);
  // user:password in the URL are the app's own credentials: they replace the sender's.
  const url = new URL(options.url);
  const credentials = urlCredentials(url);
  const ownAuth = credentials ? basicAuth(credentials.user, credentials.password) : undefined;
  const target = withoutCredentials(url);
  const passesCredentials = isLoopbackHost(target.hostname);
  const queue = createForwardQueue();
  const timeoutHint = 'your app answers too slowly: answer first and queue the work, or allow more time, e.g. --forward-timeout 30s';

  async function send(body: Buffer, source: ForwardSource, keepAnswer: boolean): Promise<ForwardResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const signal = AbortSignal.timeout(options.timeoutMs);
    let status: number | undefined;
    try {
      const headers = forwardHeaders(source, passesCredentials, ua);
      if (ownAuth !== undefined) headers.authorization = ownAuth;
      const res = await request(target, {
        method: 'POST',
        body,
        headers,
        dispatcher,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        signal,
      });
      status = res.statusCode;
      // The first bytes of the answer (for the inspector and --json, or to pass on), and no
      // more; the deadline covers them too: an answer cut off is no success.
      const limit = keepAnswer ? ANSWER_BYTES : SNIPPET_BYTES;
      const head = await readHead(res.body, limit);
      if (signal.aborted) throw signal.reason;
      const snippet = snippetText(head, SNIPPET_BYTES);
      const declared = Number(res.headers['content-length']);
      if (keepAnswer && Number.isInteger(declared) && head.length < Math.min(declared, limit)) {
        const error = `the app answered ${status}, but its answer broke off after ${head.length} of ${declared} bytes`;
        return { ok: false, status, ms: elapsed(), error, hint: 'check what your app sends; the webhook is stored and can be sent again' };
      }
      const contentType = res.headers['content-type'];
      const answer = keepAnswer ? { answer: { body: head, contentType: Array.isArray(contentType) ? contentType[0] : contentType } } : {};
      return { ok: status >= 200 && status < 300, status, ms: elapsed(), ...(snippet ? { snippet } : {}), ...answer };
    } catch (error) {
      if (status !== undefined && signal.aborted) {
        const error = `the app answered ${status}, but the rest of its answer did not arrive within ${options.timeoutMs} ms`;
        return { ok: false, status, ms: elapsed(), error, hint: timeoutHint, timedOut: true };
      }
      const failure = explainRequestFailure(error, {
        url: target,
        timeoutMs: options.timeoutMs,
        dispatcher,
        trust: { ca: '--forward-ca', insecure: '--forward-insecure' },
        refusedHint: 'is your app running? start it, or fix the port in --forward-to',
        timeoutHint,
      });
      return {
        ok: false,
        ms: elapsed(),
        error: failure.message,
        ...(failure.hint ? { hint: failure.hint } : {}),
        ...(failure.code === 'TIMEOUT' ? { timedOut: true } : {}),
      };
    }
  }

  return {
    url: shown,
    passesCredentials,
    forward(body, source, forwardOptions = {}) {
      const replay = `the webhook is stored: send it again with \`itscope-hooks send --event-id ${forwardOptions.eventId ?? 'EVENTID'} --url ${shown}\` once your app keeps up`;
      return queue.run(
        body.length,
        () => send(body, source, forwardOptions.keepAnswer === true),
        (reason) => ({ ok: false, ms: 0, dropped: true, error: reason, hint: replay }),
      );
    },
    async close() {
      await dispatcher.close().catch(() => undefined);
    },
  };
}
