/**
 * The client-side limiter every ITscope API request goes through. ITscope's API
 * rules: more than 600 requests per minute from one IP earns a 503 and a 30-minute
 * block, so we stay far below that. Requests are spaced evenly; redirects and retries
 * take a slot like any other request.
 */

/** Default: at most 2 requests per second (120 per minute). */
export const DEFAULT_REQUESTS_PER_SECOND = 2;
/** Hard cap: 5 per second is 300 per minute, half of ITscope's limit, whatever is asked. */
export const MAX_REQUESTS_PER_SECOND = 5;

export interface RateLimiter {
  readonly perSecond: number;
  /** Resolves when the caller may send one request. */
  take(signal?: AbortSignal): Promise<void>;
}

export interface RateLimiterOptions {
  perSecond?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Clamps a requested rate into (0, MAX_REQUESTS_PER_SECOND]. */
export function clampRate(perSecond: number | undefined): number {
  if (perSecond === undefined || !Number.isFinite(perSecond) || perSecond <= 0) return DEFAULT_REQUESTS_PER_SECOND;
  return Math.min(perSecond, MAX_REQUESTS_PER_SECOND);
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const perSecond = clampRate(options.perSecond);
  const interval = 1000 / perSecond;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;
  let nextSlot = Number.NEGATIVE_INFINITY;
  return {
    perSecond,
    async take(signal) {
      const t = now();
      const slot = Math.max(t, nextSlot);
      nextSlot = slot + interval;
      const wait = slot - t;
      if (wait > 0) await sleep(wait, signal);
    },
  };
}

let shared: RateLimiter | undefined;

/**
 * The one limiter of this process (fetch-doc batches and listen --fetch-docs share it).
 * The first caller sets the rate; a later, lower rate replaces it.
 */
export function processRateLimiter(perSecond?: number): RateLimiter {
  const rate = clampRate(perSecond);
  if (!shared || rate < shared.perSecond) shared = createRateLimiter({ perSecond: rate });
  return shared;
}
