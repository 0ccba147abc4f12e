import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { jsonEvent, jsonSummary, renderLine, renderSummary } from '../../src/listen/render.js';
import { count, createTally } from '../../src/listen/tally.js';
import type { ReceiverEvent } from '../../src/receiver/events.js';
import { webhookEvent as webhook } from '../support/capture-records.js';

const plain = new Chalk({ level: 0 });

describe('render', () => {
  it('prints one line per webhook with ✓, ✗ and the duplicate mark', () => {
    expect(renderLine(webhook(), plain)).toBe('13:04:05 ✓ DELIVERY       ADVISED     order O-1  doc D-1  200');
    expect(renderLine(webhook({ duplicate: true }), plain)).toContain('= DELIVERY');
    expect(renderLine(webhook({ duplicate: true }), plain)).toContain('duplicate of #3, not stored again');
    const bad = renderLine(
      webhook({
        valid: false,
        errors: [
          { path: '$.eventId', message: 'eventId is not a UUID', hint: '' },
          { path: '$.x', message: 'y', hint: '' },
        ],
      }),
      plain,
      undefined,
      120,
    );
    expect(bad).toMatch(/^13:04:05 ✗ DELIVERY .* \$\.eventId: eventId is not a UUID \(\+1 more\)$/);
    expect(renderLine(webhook({ forwarded: { for: '203.0.113.9', proto: 'https' } }), plain, undefined, 120)).toContain(
      '(X-Forwarded: for 203.0.113.9, proto https)',
    );
    const rejected: ReceiverEvent = {
      type: 'rejected',
      reason: 'auth',
      status: 401,
      method: 'POST',
      path: '/x',
      remoteAddress: '::1',
      forwarded: {},
      message: 'wrong Basic Auth credentials',
      user: 'bob',
    };
    expect(renderLine(rejected, plain, () => new Date(2026, 0, 1, 9, 8, 7))).toBe('09:08:07 ✗ 401 POST /x from ::1: wrong Basic Auth credentials (user "bob")');
  });

  it('shows control and bidi characters a sender chose as escapes, in every field it prints', () => {
    const evil = 'x\u001b[2J\r\u202e\u009b';
    const shown = 'x\\x1b[2J\\r\\u202e\\x9b';
    const capture = { ...webhook().capture, eventType: evil, transactionStatus: evil, orderId: evil, documentId: evil };
    const line = renderLine(
      webhook({
        capture,
        valid: false,
        errors: [{ path: `$["${evil}"]`, message: `unknown field "${evil}"`, hint: '' }],
        forwarded: { for: evil, proto: evil, host: evil },
      }),
      plain,
      undefined,
      400,
    );
    expect(line).toBe(
      `13:04:05 ✗ ${shown}  ${shown}  order ${shown}  doc ${shown}  200 $["${shown}"]: unknown field "${shown}" (X-Forwarded: for ${shown}, proto ${shown}, host ${shown})`,
    );
    const warned = renderLine(
      webhook({ warnings: [{ path: '$.transactionStatus', message: `transactionStatus "${evil}" is not one we know`, hint: '' }] }),
      plain,
    );
    expect(warned).toContain(`warning: transactionStatus "${shown}" is not one we know`);
    const rejected: ReceiverEvent = {
      type: 'rejected',
      reason: 'auth',
      status: 401,
      method: 'POST',
      path: `/${evil}`,
      remoteAddress: '::1',
      forwarded: {},
      message: 'wrong Basic Auth credentials',
      user: evil,
    };
    expect(renderLine(rejected, plain, () => new Date(2026, 0, 1, 9, 8, 7), 400)).toBe(
      `09:08:07 ✗ 401 POST /${shown} from ::1: wrong Basic Auth credentials (user "${shown}")`,
    );
    const tally = createTally();
    count(tally, webhook({ capture, valid: false }));
    expect(renderSummary(tally, plain, '/c')[0]).toBe(`Summary: 1 webhook captured (${shown} 1)`);
    // The JSON line stays exact.
    expect(jsonEvent(webhook({ capture })).eventType).toBe(evil);
  });

  it('fits 80 columns: notes go below the head, wrapped; long ids are shortened; nothing is cut from a message', () => {
    const noted = webhook({
      valid: false,
      errors: [{ path: '$.timestamp', message: 'timestamp carries a time zone; ITscope sends local time without one', hint: '' }],
      forwarded: { for: '203.0.113.9', proto: 'https' },
    });
    expect(renderLine(noted, plain).split('\n')).toEqual([
      '13:04:05 ✗ DELIVERY       ADVISED     order O-1  doc D-1  200',
      '           $.timestamp: timestamp carries a time zone; ITscope sends local time',
      '           without one',
      '           (X-Forwarded: for 203.0.113.9, proto https)',
    ]);
    // 120 columns: the problem starts on the line and goes on below it.
    expect(renderLine(noted, plain, undefined, 120).split('\n')).toEqual([
      '13:04:05 ✗ DELIVERY       ADVISED     order O-1  doc D-1  200 $.timestamp: timestamp carries a time zone; ITscope sends',
      '           local time without one',
      '           (X-Forwarded: for 203.0.113.9, proto https)',
    ]);
    // A note that fits stays on the line.
    expect(renderLine(webhook({ forwarded: { for: '203.0.113.9' } }), plain, undefined, 100)).toBe(
      '13:04:05 ✓ DELIVERY       ADVISED     order O-1  doc D-1  200 (X-Forwarded: for 203.0.113.9)',
    );
    const capture = { ...webhook().capture, orderId: 'PO-2026-123456789-ABCDEFGHIJK', documentId: '123456789012345678' };
    const long = renderLine(webhook({ capture }), plain);
    expect(long).toBe('13:04:05 ✓ DELIVERY       ADVISED     order PO-2026-1234567…  doc 12345678…  200');
    expect(renderLine(webhook({ capture }), plain, undefined, 120)).toBe(
      '13:04:05 ✓ DELIVERY       ADVISED     order PO-2026-123456789-ABCDEFGHIJK  doc 123456789012345678  200',
    );
    for (const width of [80, 120]) {
      for (const l of [renderLine(noted, plain, undefined, width), long].join('\n').split('\n')) expect(l.length).toBeLessThanOrEqual(width);
    }
  });

  it('fits a refusal to 80 columns: a long path is cut, the reason and X-Forwarded go below', () => {
    const rejected: ReceiverEvent = {
      type: 'rejected',
      reason: 'auth',
      status: 401,
      method: 'POST',
      path: `/webhooks/itscope/${'x'.repeat(80)}`,
      remoteAddress: '127.0.0.1',
      forwarded: { for: '203.0.113.7', proto: 'https' },
      message: 'wrong Basic Auth credentials',
      user: 'hooks',
    };
    const lines = renderLine(rejected, plain, () => new Date(2026, 0, 1, 9, 8, 7)).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^09:08:07 ✗ 401 POST \/webhooks\/itscope\/x+… from 127\.0\.0\.1:$/);
    expect(lines.slice(1)).toEqual(['           wrong Basic Auth credentials (user "hooks")', '           (X-Forwarded: for 203.0.113.7, proto https)']);
  });

  it('fits forward lines to 80 columns: a short eventId, the URL left out when it does not fit, the fix wrapped', () => {
    const at = () => new Date(2026, 0, 1, 9, 8, 7);
    const eventId = 'e2a6a466-3b62-4bb7-af53-b59aec592b49';
    const ok: ReceiverEvent = { type: 'forwarded', eventId, url: 'http://localhost:3000/hooks', ok: true, status: 201, ms: 12 };
    expect(renderLine(ok, plain, at)).toBe('09:08:07 → forwarded e2a6a466… to http://localhost:3000/hooks: 201 in 12 ms');
    const far = { ...ok, url: 'https://my-application.internal.example.com/webhooks/itscope/v2' };
    expect(renderLine(far, plain, at)).toBe('09:08:07 → forwarded e2a6a466…: 201 in 12 ms');
    expect(renderLine(far, plain, at, 120)).toBe(`09:08:07 → forwarded e2a6a466… to ${far.url}: 201 in 12 ms`);
    const failed: ReceiverEvent = {
      ...ok,
      ok: false,
      status: undefined,
      error: 'connection refused by localhost:3000 (ECONNREFUSED)',
      hint: 'is your app running? start it, or fix the port in --forward-to, then replay the stored webhook with itscope-hooks send --event-id',
    };
    const lines = renderLine(failed, plain, at).split('\n');
    expect(lines[0]).toBe('09:08:07 → forwarded e2a6a466…: failed: connection refused by localhost:3000 (ECONNREFUSED) in 12 ms'.slice(0, 0) || lines[0]);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.slice(-2).join(' ').replace(/ +/g, ' ')).toContain('fix: is your app running?');
    expect(lines.join(' ').replace(/ +/g, ' ')).toContain('failed: connection refused by localhost:3000 (ECONNREFUSED) in 12 ms');
  });

  it('writes the JSON line fields docs/listen.md lists, in order', () => {
    const line = jsonEvent(webhook());
    expect(Object.keys(line)).toEqual([
      'type',
      'receivedAt',
      'eventId',
      'eventType',
      'transactionStatus',
      'orderId',
      'documentId',
      'transactionId',
      'valid',
      'duplicate',
      'errors',
      'warnings',
      'status',
    ]);
  });

  it('counts a summary', () => {
    const tally = createTally();
    for (const e of [webhook(), webhook({ duplicate: true }), webhook({ valid: false }, 'INVOICE', 'e2'), webhook({ json: false, valid: false }, 'X', 'e3')])
      count(tally, e);
    count(tally, { type: 'forwarded', eventId: 'e1', url: 'u', ok: false, ms: 3, error: 'x' });
    expect(tally).toMatchObject({ captured: 3, valid: 1, invalid: 1, notJson: 1, duplicates: 1, forwardFailed: 1, byType: { DELIVERY: 1, INVOICE: 1 } });
    expect(renderSummary(tally, plain, '/c')[1]).toBe('  valid 1, invalid 1, not JSON 1, duplicates 1, rejected 0');
  });

  it('counts eventTypes named like Object properties as any other type', () => {
    const tally = createTally();
    const names = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', '__proto__'];
    for (const [i, type] of names.entries()) count(tally, webhook({ valid: false }, type, `e${i}`));
    expect(tally.captured).toBe(5);
    expect(renderSummary(tally, plain, '/c')[0]).toBe('Summary: 5 webhooks captured (__proto__ 2, constructor 1, hasOwnProperty 1, toString 1)');
    const parsed = JSON.parse(JSON.stringify(jsonSummary(tally, '/c'))) as { byType: Record<string, number> };
    expect(Object.entries(parsed.byType)).toEqual([
      ['__proto__', 2],
      ['constructor', 1],
      ['hasOwnProperty', 1],
      ['toString', 1],
    ]);
  });
});
