/**
 * Replay from the inspector: a capture's exact bytes (or an edited body, checked first)
 * to the `--forward-to` app, through listen's own forwarder so the app sees what a
 * forward looks like, or to a URL under the same rule as `send` (https; plain http only
 * for this machine), with the captured Content-Type and the URL's user:password@ as
 * Basic Auth. The answer comes back as status, latency and the first bytes of its body.
 */
import type { Dispatcher } from 'undici';
import { checkPayload, type Problem } from '../core/payload-schema.js';
import { isSecretHeader, redactUrl } from '../core/redact.js';
import { basicAuth } from '../http/basic-auth.js';
import { readSnippet } from '../http/read-snippet.js';
import { explainRequestFailure } from '../http/request-failure.js';
import { checkTargetUrl } from '../http/target-url.js';
import { urlCredentials, withoutCredentials } from '../http/url-credentials.js';
import { userAgent } from '../http/user-agent.js';
import type { Forwarder } from '../receiver/forwarder.js';

export const REPLAY_TIMEOUT_MS = 10_000;
const SNIPPET_BYTES = 2048;

export interface ReplayResult {
  /** Where it went, without credentials. */
  url: string;
  ok: boolean;
  status?: number | undefined;
  ms: number;
  /** Bytes sent. */
  bytes: number;
  edited: boolean;
  contentType?: string | undefined;
  snippet?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
}

/** The verdict on an edited body: not JSON, or the payload schema's errors and warnings. */
export function checkEdited(text: string): { json: boolean; valid: boolean; errors: Problem[]; warnings: Problem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      json: false,
      valid: false,
      errors: [{ path: '$', message: `not JSON: ${(error as Error).message}`, hint: 'fix the JSON syntax; ITscope sends one JSON object per webhook' }],
      warnings: [],
    };
  }
  const verdict = checkPayload(value);
  return { json: true, valid: verdict.valid, errors: verdict.errors, warnings: verdict.warnings };
}

function header(headers: Record<string, string | string[]>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export interface ReplayToUrl {
  url: string;
  body: Buffer;
  edited: boolean;
  /** The captured request headers (redacted as stored). */
  headers: Record<string, string | string[]>;
  dispatcher: Dispatcher;
  /** Basic Auth to add for one origin (listen's own, when the webhook receiver requires it). */
  ownAuth?: { origin: string; user: string; password: string } | undefined;
}

/** Sends to a URL checked by send's rule; a UserError (shown as 400) for a URL it refuses. */
export async function replayToUrl(options: ReplayToUrl): Promise<ReplayResult> {
  const target = checkTargetUrl(options.url, 'replay URL');
  const credentials = urlCredentials(target);
  const url = withoutCredentials(target);
  const headers: Record<string, string> = {
    'content-type': header(options.headers, 'content-type') ?? 'application/json',
    'user-agent': header(options.headers, 'user-agent') ?? userAgent(),
  };
  if (credentials) headers.authorization = basicAuth(credentials.user, credentials.password);
  else if (options.ownAuth && options.ownAuth.origin === url.origin) headers.authorization = basicAuth(options.ownAuth.user, options.ownAuth.password);
  const shown = redactUrl(options.url);
  const started = performance.now();
  const base = { url: shown, bytes: options.body.length, edited: options.edited };
  try {
    const { request } = await import('undici');
    const res = await request(url, {
      method: 'POST',
      body: options.body,
      headers,
      dispatcher: options.dispatcher,
      headersTimeout: REPLAY_TIMEOUT_MS,
      bodyTimeout: REPLAY_TIMEOUT_MS,
      signal: AbortSignal.timeout(REPLAY_TIMEOUT_MS),
    });
    const snippet = await readSnippet(res.body, SNIPPET_BYTES);
    const type = res.headers['content-type'];
    return {
      ...base,
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
      contentType: typeof type === 'string' ? type : undefined,
      snippet,
    };
  } catch (error) {
    const failure = explainRequestFailure(error, {
      url,
      timeoutMs: REPLAY_TIMEOUT_MS,
      dispatcher: options.dispatcher,
      refusedHint: 'nothing listens there: start the app or the receiver, or fix the port',
      timeoutHint: 'the target answers too slowly; webhook receivers should answer first and queue the work',
    });
    return { ...base, ok: false, ms: Math.round(performance.now() - started), error: failure.message, ...(failure.hint ? { hint: failure.hint } : {}) };
  }
}

/**
 * Sends through listen's forwarder. The stored headers have their credentials redacted:
 * those are left out, and listen's own Basic Auth stands in for the sender's (the
 * forwarder passes it only to an app on this machine, as for a live forward).
 */
export async function replayToForward(
  forwarder: Forwarder,
  body: Buffer,
  edited: boolean,
  headers: Record<string, string | string[]>,
  auth: { user: string; password: string } | undefined,
): Promise<ReplayResult> {
  const source: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (!isSecretHeader(name)) source[name] = value;
  if (auth) source.authorization = basicAuth(auth.user, auth.password);
  // What the page shows of the forward: not its timeout flag or a kept answer (--forward-status only).
  const { timedOut: _timedOut, answer: _answer, ...result } = await forwarder.forward(body, { headers: source, remoteAddress: '' });
  return { url: forwarder.url, bytes: body.length, edited, ...result };
}
