import { Chalk } from 'chalk';
import { describe, expect, test } from 'vitest';
import { dryRunText, resultJson, resultLines, summaryJson, summaryLines } from '../../src/send/render.js';
import type { SendResult } from '../../src/send/sender.js';

const plain = new Chalk({ level: 0 });
const url = new URL('https://hooks.example.com/');
const base: SendResult = { index: 0, eventType: 'DELIVERY', eventId: 'e2a6a466-3b62-4bb7-af53-b59aec592b49', url, status: 200, ok: true, ms: 3.456 };

describe('result lines', () => {
  test('--json shape per request', () => {
    expect(resultJson(base)).toEqual({ eventType: 'DELIVERY', eventId: base.eventId, status: 200, ms: 3.46, ok: true });
    expect(resultJson({ ...base, status: 500, ok: false, bodySnippet: 'boom' })).toMatchObject({ status: 500, ok: false, error: 'HTTP 500: boom' });
    expect(
      resultJson({ ...base, eventType: undefined, status: undefined, ok: false, error: { code: 'ECONNREFUSED', message: 'refused', retryable: true } }),
    ).toEqual({
      eventType: null,
      eventId: base.eventId,
      status: null,
      ms: 3.46,
      ok: false,
      error: 'refused',
    });
  });
  test('human lines', () => {
    expect(resultLines(base, plain)).toEqual([`✓ 200 DELIVERY      ${base.eventId}   3.5 ms`]);
    expect(resultLines({ ...base, status: 503, ok: false, ms: 42, bodySnippet: 'line1\nline2' }, plain)).toEqual([
      `✗ 503 DELIVERY      ${base.eventId}    42 ms  body: line1\\nline2`,
    ]);
    expect(resultLines({ ...base, status: undefined, ok: false, error: { code: 'X', message: 'bad', hint: 'do this', retryable: false } }, plain)).toEqual([
      `✗ --- DELIVERY      ${base.eventId}   3.5 ms  bad`,
      '  fix: do this',
    ]);
  });
});

describe('summary', () => {
  const s = { sent: 10, ok: 8, non2xx: 1, errors: 1, ms: 1234, rate: 8.1, p50: 2.5, p95: 40, p99: 120 };
  test('json', () => {
    expect(summaryJson(s)).toEqual({ type: 'summary', ...s });
  });
  test('human, with rate and percentiles in load mode', () => {
    expect(summaryLines(s, false, plain)).toEqual(['2 of 10 webhooks failed (8 × 2xx, 1 non-2xx, 1 error; 1234 ms)']);
    expect(summaryLines({ ...s, ok: 10, non2xx: 0, errors: 0, ms: 12_345 }, true, plain)).toEqual([
      '10 of 10 webhooks answered 2xx (10 × 2xx, 0 non-2xx, 0 errors; 12.3 s)',
      'rate 8 req/s · latency p50 2.5 ms · p95 40 ms · p99 120 ms',
    ]);
  });
});

test('dry-run text: pretty, compact with --json, raw when not JSON', () => {
  expect(dryRunText('{"a":1}', false)).toBe('{\n  "a": 1\n}');
  expect(dryRunText(Buffer.from('{ "a" : 1 }'), true)).toBe('{"a":1}');
  expect(dryRunText('not json', false)).toBe('not json');
  expect(dryRunText('not json', true)).toBe('{"body":"not json"}');
});
