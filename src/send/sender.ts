/**
 * The sending engine of `send`: POSTs payloads over a kept-alive undici pool
 * with a fixed number of requests in flight. It never prints; it emits one event per
 * finished request and returns the summary.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { basicAuth } from '../http/basic-auth.js';
import { explainRequestFailure, type RequestFailure } from '../http/request-failure.js';
import { urlCredentials, withoutCredentials } from '../http/url-credentials.js';
import { cutAnswer, exchange } from './exchange.js';
import type { PayloadSource } from './payloads.js';
import { SendStats, type SendSummary } from './stats.js';

export interface SendResult {
  index: number;
  eventType: string | undefined;
  eventId: string | undefined;
  /** The target, without credentials written into it (safe to show). */
  url: URL;
  /** HTTP status; undefined when the request failed without an answer. */
  status: number | undefined;
  ok: boolean;
  ms: number;
  /** First bytes of a non-2xx answer's body. */
  bodySnippet?: string;
  /** A 401's realm (WWW-Authenticate). */
  realm?: string;
  /** Whether the request carried Basic Auth (for the fix of a 401). */
  authSent?: boolean;
  /** A 2xx answer that said the payload is invalid (`"valid":false`), with its first problem. */
  invalid?: { problem: string | undefined };
  error?: RequestFailure;
  /** From a deal plan: the deal (1-based) and its step ("DELIVERY 2/3"). */
  deal?: number;
  step?: string;
}

export type SenderEvent = { type: 'result'; result: SendResult; done: number; total: number };

export interface SenderOptions {
  dispatcher: Dispatcher;
  source: PayloadSource;
  urlFor(eventType: string | undefined): URL;
  concurrency: number;
  timeoutMs: number;
  /**
   * Sent with every request (User-Agent, Authorization …); Content-Type comes per payload.
   * Credentials in a target URL (user:pw@) replace the Authorization here, as in curl.
   */
  headers: Record<string, string>;
  onEvent?(event: SenderEvent): void;
}

/** How a connection ends when plain http reaches a TLS server: closed without an answer. */
const CLOSED_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

export async function sendWebhooks(options: SenderOptions): Promise<SendSummary> {
  const { dispatcher, source, concurrency, timeoutMs, onEvent } = options;
  const total = source.total;
  const stats = new SendStats(total);
  const started = performance.now();
  // Per target URL (urlFor hands out the same few URL objects): the URL without its
  // credentials, and header objects per content type, built once.
  interface Target {
    url: URL;
    base: Record<string, string>;
    byType: Map<string, Record<string, string>>;
  }
  const targets = new Map<URL, Target>();
  const targetFor = (url: URL): Target => {
    let target = targets.get(url);
    if (!target) {
      const credentials = urlCredentials(url);
      const base = credentials ? { ...options.headers, authorization: basicAuth(credentials.user, credentials.password) } : options.headers;
      target = { url: credentials ? withoutCredentials(url) : url, base, byType: new Map() };
      targets.set(url, target);
    }
    return target;
  };
  const headersFor = (target: Target, contentType: string): Record<string, string> => {
    let headers = target.byType.get(contentType);
    if (!headers) {
      headers = { ...target.base, 'content-type': contentType };
      target.byType.set(contentType, headers);
    }
    return headers;
  };

  // Plain http that reached an https port sees only a closed connection: one TLS probe per
  // origin tells the two apart (loopback only: plain http goes nowhere else).
  const tlsProbes = new Map<string, Promise<boolean>>();
  async function plainHttpToTls(url: URL, failure: RequestFailure): Promise<RequestFailure | undefined> {
    if (url.protocol !== 'http:' || !CLOSED_CODES.has(failure.code)) return undefined;
    let probe = tlsProbes.get(url.origin);
    if (!probe) {
      // Loaded only on such a failure: node:tls and node:http stay out of a plain send.
      probe = import('../http/local-probe.js').then(({ speaksTls }) => speaksTls(url.hostname, Number(url.port || 80)));
      tlsProbes.set(url.origin, probe);
    }
    if (!(await probe)) return undefined;
    const https = new URL(url.href);
    https.protocol = 'https:';
    return {
      code: 'PLAIN_HTTP_TO_TLS',
      message: `${url.host} speaks https, but this request was plain http`,
      hint: `use ${https.href} (for a self-signed certificate, such as one given to listen --tls-cert, add --ca with that certificate)`,
      retryable: false,
    };
  }

  let next = 0;
  let done = 0;

  async function sendOne(index: number): Promise<void> {
    const payload = source.at(index);
    const target = targetFor(options.urlFor(payload.eventType));
    const url = target.url;
    const t0 = performance.now();
    let result: SendResult;
    try {
      const answer = await exchange(
        () =>
          dispatcher.request({
            origin: url.origin,
            path: url.pathname + url.search,
            method: 'POST',
            headers: headersFor(target, payload.contentType),
            body: payload.body,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          }),
        timeoutMs,
      );
      const { status } = answer;
      const ok = status >= 200 && status < 300 && !answer.cut;
      result = { index, eventType: payload.eventType, eventId: payload.eventId, url, status, ok, ms: performance.now() - t0 };
      if (answer.cut) result.error = cutAnswer(status, timeoutMs);
      else if (answer.snippet !== undefined) result.bodySnippet = answer.snippet;
      if (answer.invalid) result.invalid = answer.invalid;
      if (status === 401) {
        result.authSent = target.base.authorization !== undefined;
        if (answer.realm !== undefined) result.realm = answer.realm;
      }
    } catch (error) {
      const ms = performance.now() - t0;
      const failure = explainRequestFailure(error, {
        url,
        timeoutMs,
        dispatcher,
        refusedHint: 'nothing listens there: start the receiver (e.g. `itscope-hooks listen`) or fix the port',
        timeoutHint: 'the receiver is slow or unreachable; raise --timeout (e.g. --timeout 30s), and answer webhooks quickly (queue the work)',
      });
      result = {
        index,
        eventType: payload.eventType,
        eventId: payload.eventId,
        url,
        status: undefined,
        ok: false,
        ms,
        error: (await plainHttpToTls(url, failure)) ?? failure,
      };
    }
    if (payload.deal !== undefined) result.deal = payload.deal;
    if (payload.step !== undefined) result.step = payload.step;
    // An answer cut by the deadline counts as an error, not as its status.
    stats.add(result.error ? undefined : result.status, result.ms, result.invalid !== undefined);
    done++;
    onEvent?.({ type: 'result', result, done, total });
  }

  async function worker(): Promise<void> {
    while (next < total) {
      const index = next++;
      // A deal plan with --interval: each payload waits for its time (never sent early).
      const due = source.dueMs?.(index);
      const wait = due === undefined ? 0 : started + due - performance.now();
      if (wait > 0) await sleep(wait);
      await sendOne(index);
    }
  }

  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(concurrency, total); i++) workers.push(worker());
  await Promise.all(workers);
  return stats.summary(performance.now() - started);
}
