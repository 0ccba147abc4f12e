/**
 * --forward-to: relays each accepted webhook (the same bytes, the same Content-Type) to
 * the developer's own app. A failing or hanging app is reported, never breaks the
 * receiver: every call is bounded by the timeout and resolves, it never rejects.
 */
import type { Dispatcher } from 'undici';
import { createDispatcher } from '../api/dispatcher.js';
import { redactUrl } from '../core/redact.js';
import { userAgent } from '../version.js';

export interface ForwardResult {
  ok: boolean;
  status?: number;
  ms: number;
  error?: string;
}

export interface Forwarder {
  readonly url: string;
  forward(body: Buffer, contentType: string | undefined): Promise<ForwardResult>;
  close(): Promise<void>;
}

export interface ForwarderOptions {
  url: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
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
  return code ? `${code}: ${e.message ?? ''}`.trim() : (e.message ?? String(error));
}

export async function createForwarder(options: ForwarderOptions): Promise<Forwarder> {
  const { request } = await import('undici');
  const dispatcher = options.dispatcher ?? createDispatcher(options.env ? { env: options.env } : {});
  const ua = userAgent();
  const shown = redactUrl(options.url);
  return {
    url: shown,
    async forward(body, contentType) {
      const started = performance.now();
      try {
        const res = await request(options.url, {
          method: 'POST',
          body,
          headers: { 'content-type': contentType ?? 'application/json', 'user-agent': ua },
          dispatcher,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        await res.body.dump().catch(() => undefined);
        const status = res.statusCode;
        return { ok: status >= 200 && status < 300, status, ms: Math.round(performance.now() - started) };
      } catch (error) {
        return { ok: false, ms: Math.round(performance.now() - started), error: describeError(error, options.timeoutMs) };
      }
    },
    async close() {
      await dispatcher.close().catch(() => undefined);
    },
  };
}
