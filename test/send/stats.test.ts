import { expect, test } from 'vitest';
import { percentile, SendStats } from '../../src/send/stats.js';

test('percentile uses the nearest rank', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([50, 95, 99, 100]);
  expect(percentile([], 50)).toBe(0);
  expect(percentile([7], 99)).toBe(7);
});

test('SendStats counts 2xx (and the invalid among them), non-2xx and errors, and grows past its first guess', () => {
  const stats = new SendStats(2);
  const statuses = [200, 204, 500, undefined, 301, 200];
  for (const [i, s] of statuses.entries()) stats.add(s, (i + 1) * 10, i === 1);
  const summary = stats.summary(2000);
  expect(summary).toEqual({ sent: 6, ok: 3, non2xx: 2, errors: 1, invalid: 1, ms: 2000, rate: 3, p50: 30, p95: 60, p99: 60 });
});
