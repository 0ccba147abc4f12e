import { Chalk } from 'chalk';
import { describe, expect, test } from 'vitest';
import { FailureGroups } from '../../src/send/failures.js';
import { answerText, dryRunText, fixLines, resultFix, resultJson, resultLines, summaryJson, summaryLines } from '../../src/send/render.js';
import type { SendResult } from '../../src/send/sender.js';

const plain = new Chalk({ level: 0 });
const url = new URL('https://hooks.example.com/');
const base: SendResult = { index: 0, eventType: 'DELIVERY', eventId: 'e2a6a466-3b62-4bb7-af53-b59aec592b49', url, status: 200, ok: true, ms: 3.456 };
const unauthorized: SendResult = {
  ...base,
  status: 401,
  ok: false,
  bodySnippet: '{"error":"Basic Auth credentials required"}',
  realm: 'itscope-hooks',
  authSent: false,
};
const invalid: SendResult = { ...base, invalid: { problem: '$.timestamp: timestamp carries a time zone; ITscope sends local time without one' } };

describe('result lines', () => {
  test('--json shape per request: full ids, the exact answer', () => {
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
  test('--json: a 401 carries its hint; a payload the receiver called invalid is accepted, valid false, with the problem', () => {
    expect(resultJson(unauthorized)).toMatchObject({
      status: 401,
      ok: false,
      error: 'HTTP 401: {"error":"Basic Auth credentials required"}',
      hint: expect.stringContaining('ITSCOPE_WEBHOOK_PASSWORD'),
    });
    expect(resultJson(invalid)).toEqual({
      eventType: 'DELIVERY',
      eventId: base.eventId,
      status: 200,
      ms: 3.46,
      ok: true,
      accepted: true,
      valid: false,
      problem: invalid.invalid?.problem,
    });
  });
  test('human lines: short ids; the answer as text, on the line when it fits, else wrapped below', () => {
    expect(resultLines(base, plain)).toEqual(['✓ 200 DELIVERY      e2a6a466…592b49   3.5 ms']);
    expect(resultLines({ ...base, status: 503, ok: false, ms: 42, bodySnippet: 'line1\nline2' }, plain)).toEqual([
      '✗ 503 DELIVERY      e2a6a466…592b49    42 ms  line1 line2',
    ]);
    expect(resultLines(unauthorized, plain)).toEqual(['✗ 401 DELIVERY      e2a6a466…592b49   3.5 ms  Basic Auth credentials required']);
    expect(resultLines(invalid, plain)).toEqual([
      '! 200 DELIVERY      e2a6a466…592b49   3.5 ms',
      '    accepted, but invalid: $.timestamp: timestamp carries a time zone; ITscope',
      '    sends local time without one',
    ]);
    expect(resultLines(invalid, plain, { width: 160 })).toHaveLength(1);
    expect(resultLines({ ...base, status: undefined, ok: false, error: { code: 'X', message: 'bad', hint: 'do this', retryable: false } }, plain)).toEqual([
      '✗ --- DELIVERY      e2a6a466…592b49   3.5 ms  bad',
    ]);
  });
  test('with --deals: deal and step', () => {
    expect(resultLines({ ...base, deal: 2, step: 'DELIVERY 2/3' }, plain, { showDeal: true })).toEqual([
      '✓ 200 deal 2   DELIVERY 2/3   e2a6a466…592b49   3.5 ms',
    ]);
  });
  test('nothing wider than the width', () => {
    const long = { ...base, status: 500, ok: false, bodySnippet: `<html><body>${'word '.repeat(60)}</body></html>` };
    for (const width of [40, 80, 100]) {
      for (const line of resultLines(long, plain, { width })) expect(line.length).toBeLessThanOrEqual(width);
    }
  });
});

describe('answers and fixes', () => {
  test.each([
    ['{"error":"wrong Basic Auth credentials"}', 'wrong Basic Auth credentials'],
    ['{"message":"no such hook"}', 'no such hook'],
    [
      '{"error":"the payload fails the ITscope webhook schema","eventId":"x","errors":["$.timestamp: bad"]}',
      'the payload fails the ITscope webhook schema: $.timestamp: bad',
    ],
    ['{"error":"cut off at the snippet, still rea', 'cut off at the snippet, still rea…'],
    ['{"error":"cut in an escape \\', 'cut in an escape …'],
    ['{"error":"quoted \\"word\\""}', 'quoted "word"'],
    ['{"ok":false}', '{"ok":false}'],
    ['<h1>502 Bad Gateway</h1>\n<p>nginx</p>\n', '<h1>502 Bad Gateway</h1> <p>nginx</p>'],
  ])('%s → %s', (snippet, text) => {
    expect(answerText(snippet)).toBe(text);
  });
  test('a 401 names --user and ITSCOPE_WEBHOOK_PASSWORD and the realm; refused credentials say so', () => {
    expect(resultFix(unauthorized)).toBe(
      'the receiver wants Basic Auth (realm "itscope-hooks"): pass --user NAME and set ITSCOPE_WEBHOOK_PASSWORD (or `itscope-hooks init` stores both)',
    );
    expect(resultFix({ ...unauthorized, realm: undefined, authSent: true })).toMatch(
      /^the receiver wants Basic Auth and refused the user and password sent: check --user and ITSCOPE_WEBHOOK_PASSWORD/,
    );
    expect(resultFix(base)).toBeUndefined();
    expect(resultFix({ ...base, status: 500, ok: false })).toBeUndefined();
  });
  test('fix lines wrap under their label', () => {
    expect(fixLines(resultFix(unauthorized) ?? '', plain)).toEqual([
      '  fix: the receiver wants Basic Auth (realm "itscope-hooks"): pass --user NAME',
      '       and set ITSCOPE_WEBHOOK_PASSWORD (or `itscope-hooks init` stores both)',
    ]);
  });
});

describe('load mode groups its failures', () => {
  test('one line per kind with its count, most frequent first, each fix once', () => {
    const groups = new FailureGroups();
    for (let i = 0; i < 250; i++) groups.add({ ...unauthorized, eventId: `id-${i}` });
    const refused = { code: 'ECONNREFUSED', message: 'connection refused by 127.0.0.1:9', hint: 'nothing listens there', retryable: true };
    for (let i = 0; i < 3; i++) groups.add({ ...base, status: undefined, ok: false, error: refused });
    for (let i = 0; i < 5; i++) groups.add(invalid);
    groups.add(base);
    expect(groups.total).toBe(258);
    expect(groups.lines(plain)).toEqual([
      '✗   250× 401  Basic Auth credentials required',
      '  fix: the receiver wants Basic Auth (realm "itscope-hooks"): pass --user NAME',
      '       and set ITSCOPE_WEBHOOK_PASSWORD (or `itscope-hooks init` stores both)',
      '!     5× 200  accepted, but invalid: $.timestamp: timestamp carries a time zone;',
      '      ITscope sends local time without one',
      '✗     3× ---  connection refused by 127.0.0.1:9',
      '  fix: nothing listens there',
    ]);
  });
  test('bounded: kinds past the limit are counted together', () => {
    const groups = new FailureGroups();
    for (let i = 0; i < 30; i++) groups.add({ ...base, status: 500, ok: false, bodySnippet: `error ${i}` });
    const lines = groups.lines(plain);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('… and 20 more failures of other kinds (--json lists every request)');
  });
});

describe('summary', () => {
  const s = { sent: 10, ok: 8, non2xx: 1, errors: 1, invalid: 0, ms: 1234, rate: 8.1, p50: 2.5, p95: 40, p99: 120 };
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
  test('invalid answers are counted apart; a long summary breaks before its details', () => {
    expect(summaryLines({ ...s, ok: 10, non2xx: 0, errors: 0, invalid: 2 }, false, plain)).toEqual([
      '10 of 10 webhooks answered 2xx, 2 of them invalid',
      '  10 × 2xx, 0 non-2xx, 0 errors; 1234 ms',
    ]);
    expect(summaryLines({ ...s, invalid: 2 }, false, plain, 3)).toEqual([
      '2 of 10 webhooks failed',
      '  3 deals; 8 × 2xx, 2 invalid, 1 non-2xx, 1 error; 1234 ms',
    ]);
  });
});

test('dry-run text: pretty, compact with --json, raw when not JSON', () => {
  expect(dryRunText('{"a":1}', false)).toBe('{\n  "a": 1\n}');
  expect(dryRunText(Buffer.from('{ "a" : 1 }'), true)).toBe('{"a":1}');
  expect(dryRunText('not json', false)).toBe('not json');
  expect(dryRunText('not json', true)).toBe('{"body":"not json"}');
});
