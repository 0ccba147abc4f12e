import { describe, expect, it, vi } from 'vitest';
import { clampRate, createRateLimiter, DEFAULT_REQUESTS_PER_SECOND, MAX_REQUESTS_PER_SECOND, processRateLimiter } from '../../src/documents/rate-limiter.js';

/** A clock that only moves when the limiter sleeps: waits are exact and instant. */
function fakeClock() {
  let t = 1000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms: number) => (t += ms),
  };
}

describe('rate limiter', () => {
  it('spaces requests evenly at the configured rate', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 2, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 5; i++) await limiter.take();
    expect(clock.sleeps).toEqual([500, 500, 500, 500]);
  });

  it('does not wait after an idle period', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 2, now: clock.now, sleep: clock.sleep });
    await limiter.take();
    clock.advance(2000);
    await limiter.take();
    expect(clock.sleeps).toEqual([]);
  });

  it('caps the rate far below 600 per minute whatever is asked', async () => {
    expect(clampRate(1000)).toBe(MAX_REQUESTS_PER_SECOND);
    expect(MAX_REQUESTS_PER_SECOND * 60).toBeLessThanOrEqual(300);
    expect(clampRate(undefined)).toBe(DEFAULT_REQUESTS_PER_SECOND);
    expect(clampRate(0)).toBe(DEFAULT_REQUESTS_PER_SECOND);
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 1000, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i++) await limiter.take();
    expect(clock.sleeps).toEqual([200, 200]);
  });

  it('waits on real timers by default: the 4th request at 5/s goes out only once 600 ms have passed', async () => {
    vi.useFakeTimers();
    try {
      const limiter = createRateLimiter({ perSecond: 5, now: () => Date.now() });
      let released = 0;
      const takes = Array.from({ length: 4 }, () => limiter.take().then(() => released++));
      await vi.advanceTimersByTimeAsync(599);
      expect(released).toBe(3);
      await vi.advanceTimersByTimeAsync(1);
      await Promise.all(takes);
      expect(released).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('has one process-wide limiter that only ever gets slower', () => {
    const a = processRateLimiter(4);
    expect(processRateLimiter(5)).toBe(a);
    const b = processRateLimiter(1);
    expect(b.perSecond).toBe(1);
    expect(processRateLimiter()).toBe(b);
  });
});
