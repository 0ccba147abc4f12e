/**
 * The sending engine of `send`: POSTs payloads over a kept-alive undici pool
 * with a fixed number of requests in flight. It never prints; it emits one event per
 * finished request and returns the summary.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { basicAuth } from '../http/basic-auth.js';
import { readSnippet } from '../http/read-snippet.js';
import { explainRequestFailure, type RequestFailure } from '../http/request-failure.js';
import { urlCredentials, withoutCredentials } from '../http/url-credentials.js';
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

const SNIPPET_BYTES = 200;

/** At most this much of a 2xx answer is read (and thrown away); the connection is closed after it. */
const DRAIN_BYTES = 64 * 1024;

interface Exchange {
  status: number;
  /** First bytes of a non-2xx answer. */
  snippet?: string;
  /** The deadline passed while the answer's body was still arriving. */
  cut?: boolean;
}

/**
 * One request whose deadline covers the whole exchange (issue 18): connecting (also through
 * a proxy that never answers CONNECT), the answer's headers, and the part of its body that
 * is read — the snippet of a failure, or at most DRAIN_BYTES of a 2xx answer. A body cut
 * by the deadline is reported as such, never as a success. A timer per request costs far
 * less than an AbortSignal per request in load mode (measured); an abandoned request is
 * ended when the caller destroys the dispatcher.
 */
async function exchange(request: () => Promise<Dispatcher.ResponseData>, ms: number): Promise<Exchange> {
  let response: Dispatcher.ResponseData | undefined;
  let timer: NodeJS.Timeout | undefined;
  const pending = request();
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      if (response) response.body.destroy();
      else
        pending.then(
          (late) => late.body.destroy(),
          () => undefined,
        );
      reject(Object.assign(new Error(`no answer within ${ms} ms`), { name: 'TimeoutError' }));
    }, ms);
  });
  deadline.catch(() => undefined);
  try {
    response = await Promise.race([pending, deadline]);
    const status = response.statusCode;
    try {
      if (status >= 200 && status < 300) {
        await Promise.race([response.body.dump({ limit: DRAIN_BYTES }), deadline]);
        return { status };
      }
      return { status, snippet: await Promise.race([readSnippet(response.body, SNIPPET_BYTES), deadline]) };
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return { status, cut: true };
      throw error;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The failure of an answer whose body did not arrive within the deadline. */
function cutAnswer(status: number, timeoutMs: number): RequestFailure {
  return {
    code: 'TIMEOUT',
    message: `HTTP ${status} arrived, but the rest of the answer did not within ${timeoutMs} ms`,
    hint: 'the receiver sends its answer too slowly: answer at once (a short body is enough), or raise --timeout MS',
    retryable: true,
  };
}

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
    } catch (error) {
      result = {
        index,
        eventType: payload.eventType,
        eventId: payload.eventId,
        url,
        status: undefined,
        ok: false,
        ms: performance.now() - t0,
        error: explainRequestFailure(error, {
          url,
          timeoutMs,
          dispatcher,
          refusedHint: 'nothing listens there: start the receiver (e.g. `itscope-hooks listen`) or fix the port',
          timeoutHint: 'the receiver is slow or unreachable; raise --timeout MS, and answer webhooks quickly (queue the work)',
        }),
      };
    }
    if (payload.deal !== undefined) result.deal = payload.deal;
    if (payload.step !== undefined) result.step = payload.step;
    // An answer cut by the deadline counts as an error, not as its status.
    stats.add(result.error ? undefined : result.status, result.ms);
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
