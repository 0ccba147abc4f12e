/**
 * --forward-to: relays each accepted webhook (the same bytes, the sender's headers) to
 * the developer's own app. A failing or hanging app is reported, never breaks the
 * receiver: every call is bounded by the timeout and resolves, it never rejects.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { createDispatcher, proxyFailure } from '../http/dispatcher.js';
import { basicAuth } from '../http/basic-auth.js';
import { isLoopbackHost } from '../http/loopback.js';
import { isSecretHeader, redactUrl } from '../core/redact.js';
import { certificateProblem, errorCode } from '../http/request-failure.js';
import { urlCredentials, withoutCredentials } from '../send/plan.js';
import { userAgent } from '../core/version.js';

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
}

export interface Forwarder {
  readonly url: string;
  /** Whether Authorization and other credential headers are passed on (loopback targets only). */
  readonly passesCredentials: boolean;
  forward(body: Buffer, source: ForwardSource): Promise<ForwardResult>;
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

function describeError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return `no answer within ${timeoutMs} ms`;
  }
  if (code === 'ECONNREFUSED') return 'connection refused (is your app running?)';
  if (code === 'ENOTFOUND') return 'host not found';
  const certificate = certificateProblem(errorCode(error));
  if (certificate) {
    return `the app's TLS certificate is not trusted: ${certificate.replace(/^the server certificate /, 'it ')} (${errorCode(error)}); for a development certificate pass --forward-ca CERT.pem (or --forward-insecure)`;
  }
  return code ? `${code}: ${e.message ?? ''}`.trim() : (e.message ?? String(error));
}

export async function createForwarder(options: ForwarderOptions): Promise<Forwarder> {
  const { request } = await import('undici');
  const dispatcher = options.dispatcher ?? createDispatcher({ ...(options.env ? { env: options.env } : {}), caFile: options.caFile, caFlag: '--forward-ca', insecure: options.insecure });
  const ua = userAgent();
  const shown = redactUrl(options.url);
  // user:password in the URL are the app's own credentials: they replace the sender's.
  const url = new URL(options.url);
  const credentials = urlCredentials(url);
  const ownAuth = credentials ? basicAuth(credentials.user, credentials.password) : undefined;
  const target = withoutCredentials(url);
  const passesCredentials = isLoopbackHost(target.hostname);
  return {
    url: shown,
    passesCredentials,
    async forward(body, source) {
      const started = performance.now();
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
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        await res.body.dump().catch(() => undefined);
        const status = res.statusCode;
        return { ok: status >= 200 && status < 300, status, ms: Math.round(performance.now() - started) };
      } catch (error) {
        // Through a proxy that could not be reached, the app was never contacted: say so.
        const proxy = proxyFailure(error, target.href, dispatcher);
        const why = proxy ? `${proxy.message}; ${proxy.hint}` : describeError(error, options.timeoutMs);
        return { ok: false, ms: Math.round(performance.now() - started), error: why };
      }
    },
    async close() {
      await dispatcher.close().catch(() => undefined);
    },
  };
}
