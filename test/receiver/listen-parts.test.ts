import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { CAPTURE_KIND } from '../../src/core/capture.js';
import { createAuthChecker } from '../../src/receiver/auth.js';
import type { ReceiverEvent, WebhookEvent } from '../../src/receiver/events.js';
import { forwardHeaders } from '../../src/receiver/forwarder.js';
import { bannerLines, listenSettings } from '../../src/listen/options.js';
import { jsonEvent, jsonSummary, renderLine, renderSummary } from '../../src/listen/render.js';
import { formatSize, parseSize } from '../../src/core/format.js';
import { count, createGoal, createTally } from '../../src/listen/tally.js';

const plain = new Chalk({ level: 0 });

function webhook(extra: Partial<WebhookEvent> = {}, type = 'DELIVERY', eventId = 'e1'): WebhookEvent {
  return {
    type: 'webhook',
    capture: {
      kind: CAPTURE_KIND, v: 1, seq: 3, receivedAt: new Date(2026, 0, 2, 13, 4, 5).toISOString(), method: 'POST', path: '/', query: '', remoteAddress: '127.0.0.1',
      headers: {}, body: '{}', bodyEncoding: 'utf8', eventId, eventType: type, transactionStatus: 'ADVISED', orderId: 'O-1', documentId: 'D-1',
      valid: true, errors: [], warnings: [], status: 200,
    },
    duplicate: false, status: 200, valid: true, json: true, errors: [], warnings: [], forwarded: {},
    ...extra,
  };
}

describe('size', () => {
  it.each([
    ['1mb', 1048576], ['512kb', 524288], ['2MiB', 2097152], ['1000', 1000], ['1.5k', 1536], ['0', undefined], ['lots', undefined], ['5tb', undefined],
  ])('parseSize(%s) = %s', (text, bytes) => expect(parseSize(text)).toBe(bytes));
  it('formats sizes', () => expect([formatSize(1048576), formatSize(2048), formatSize(1000)]).toEqual(['1 MiB', '2 KiB', '1000 bytes']));
});

describe('basic auth', () => {
  const check = createAuthChecker({ user: 'hooks', password: 'p:w' });
  const b64 = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
  it.each([
    [b64('hooks:p:w'), { ok: true, user: 'hooks' }],
    [b64('hooks:p:x'), { ok: false, user: 'hooks', reason: 'wrong' }],
    [b64('hooks'), { ok: false, reason: 'malformed' }],
    ['Bearer abc', { ok: false, reason: 'malformed' }],
    [undefined, { ok: false, reason: 'missing' }],
    [`basic  ${Buffer.from('hooks:p:w').toString('base64')}`, { ok: true, user: 'hooks' }],
  ])('%s', (header, result) => expect(check(header)).toEqual(result));
});

describe('render', () => {
  it('prints one line per webhook with ✓, ✗ and the duplicate mark', () => {
    expect(renderLine(webhook(), plain)).toBe('13:04:05 ✓ DELIVERY       ADVISED     order O-1  doc D-1  200');
    expect(renderLine(webhook({ duplicate: true }), plain)).toContain('= DELIVERY');
    expect(renderLine(webhook({ duplicate: true }), plain)).toContain('duplicate of #3, not stored again');
    const bad = renderLine(webhook({ valid: false, errors: [{ path: '$.eventId', message: 'eventId is not a UUID', hint: '' }, { path: '$.x', message: 'y', hint: '' }] }), plain);
    expect(bad).toMatch(/✗ DELIVERY .* \$\.eventId: eventId is not a UUID \(\+1 more\)$/);
    expect(renderLine(webhook({ forwarded: { for: '203.0.113.9', proto: 'https' } }), plain)).toContain('(X-Forwarded: for 203.0.113.9, proto https)');
    const rejected: ReceiverEvent = { type: 'rejected', reason: 'auth', status: 401, method: 'POST', path: '/x', remoteAddress: '::1', forwarded: {}, message: 'wrong Basic Auth credentials', user: 'bob' };
    expect(renderLine(rejected, plain, () => new Date(2026, 0, 1, 9, 8, 7))).toBe('09:08:07 ✗ 401 POST /x from ::1: wrong Basic Auth credentials (user "bob")');
  });

  it('shows control and bidi characters a sender chose as escapes, in every field it prints', () => {
    const evil = 'x\u001b[2J\r\u202e\u009b';
    const shown = 'x\\x1b[2J\\r\\u202e\\x9b';
    const capture = { ...webhook().capture, eventType: evil, transactionStatus: evil, orderId: evil, documentId: evil };
    const line = renderLine(webhook({ capture, valid: false, errors: [{ path: `$["${evil}"]`, message: `unknown field "${evil}"`, hint: '' }], forwarded: { for: evil, proto: evil, host: evil } }), plain);
    expect(line).toBe(`13:04:05 ✗ ${shown}  ${shown}  order ${shown}  doc ${shown}  200 $["${shown}"]: unknown field "${shown}"  (X-Forwarded: for ${shown}, proto ${shown}, host ${shown})`);
    const warned = renderLine(webhook({ warnings: [{ path: '$.transactionStatus', message: `transactionStatus "${evil}" is not one we know`, hint: '' }] }), plain);
    expect(warned).toContain(`warning: transactionStatus "${shown}" is not one we know`);
    const rejected: ReceiverEvent = { type: 'rejected', reason: 'auth', status: 401, method: 'POST', path: `/${evil}`, remoteAddress: '::1', forwarded: {}, message: 'wrong Basic Auth credentials', user: evil };
    expect(renderLine(rejected, plain, () => new Date(2026, 0, 1, 9, 8, 7))).toBe(`09:08:07 ✗ 401 POST /${shown} from ::1: wrong Basic Auth credentials (user "${shown}")`);
    const tally = createTally();
    count(tally, webhook({ capture, valid: false }));
    expect(renderSummary(tally, plain, '/c')[0]).toBe(`Summary: 1 webhook captured (${shown} 1)`);
    // The JSON line stays exact.
    expect(jsonEvent(webhook({ capture })).eventType).toBe(evil);
  });

  it('writes the JSON line fields docs/listen.md lists, in order', () => {
    const line = jsonEvent(webhook());
    expect(Object.keys(line)).toEqual(['type', 'receivedAt', 'eventId', 'eventType', 'transactionStatus', 'orderId', 'documentId', 'valid', 'duplicate', 'errors', 'warnings', 'status']);
  });

  it('counts a summary', () => {
    const tally = createTally();
    for (const e of [webhook(), webhook({ duplicate: true }), webhook({ valid: false }, 'INVOICE', 'e2'), webhook({ json: false, valid: false }, 'X', 'e3')]) count(tally, e);
    count(tally, { type: 'forwarded', eventId: 'e1', url: 'u', ok: false, ms: 3, error: 'x' });
    expect(tally).toMatchObject({ captured: 3, valid: 1, invalid: 1, notJson: 1, duplicates: 1, forwardFailed: 1, byType: { DELIVERY: 1, INVOICE: 1 } });
    expect(renderSummary(tally, plain, '/c')[1]).toBe('  valid 1, invalid 1, not JSON 1, duplicates 1, rejected 0');
  });

  it('counts eventTypes named like Object properties as any other type', () => {
    const tally = createTally();
    const names = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', '__proto__'];
    names.forEach((type, i) => count(tally, webhook({ valid: false }, type, `e${i}`)));
    expect(tally.captured).toBe(5);
    expect(renderSummary(tally, plain, '/c')[0]).toBe('Summary: 5 webhooks captured (__proto__ 2, constructor 1, hasOwnProperty 1, toString 1)');
    const parsed = JSON.parse(JSON.stringify(jsonSummary(tally, '/c'))) as { byType: Record<string, number> };
    expect(Object.entries(parsed.byType)).toEqual([['__proto__', 2], ['constructor', 1], ['hasOwnProperty', 1], ['toString', 1]]);
  });
});

describe('CI goal', () => {
  it('is met by --max-events and --expect, not by duplicates; --strict fails on an invalid payload', () => {
    const max = createGoal({ maxEvents: 2 });
    expect(max.observe(webhook()).done).toBe(false);
    expect(max.observe(webhook({ duplicate: true })).done).toBe(false);
    expect(max.observe(webhook({}, 'ORDER', 'e2'))).toMatchObject({ done: true, ok: true });
    const expectTypes = createGoal({ expect: ['ORDER', 'INVOICE'] });
    expect(expectTypes.observe(webhook({}, 'ORDER')).done).toBe(false);
    expect(expectTypes.missing()).toEqual(['INVOICE']);
    expect(expectTypes.observe(webhook({}, 'INVOICE', 'e2'))).toMatchObject({ done: true, ok: true });
    const strict = createGoal({ strict: true, maxEvents: 5 });
    expect(strict.observe(webhook({ valid: false, errors: [{ path: '$.a', message: 'b', hint: '' }] }))).toEqual({ done: true, ok: false, reason: 'invalid payload e1: $.a: b' });
  });
});

describe('listen settings', () => {
  it('takes flags over env over defaults, and explains the banner', () => {
    const s = listenSettings({ maxBody: '512kb', path: '/hooks', respondStatus: '503' }, '/nonexistent-cwd', { PORT: '9001', ITSCOPE_WEBHOOK_USER: 'u', ITSCOPE_WEBHOOK_PASSWORD: 'secret-pw', XDG_CONFIG_HOME: '/nonexistent' });
    expect(s).toMatchObject({ port: 9001, maxBody: 524288, path: '/hooks', respondStatus: 503, auth: { user: 'u', password: 'secret-pw' }, captures: '/nonexistent-cwd/.itscope-hooks/captures' });
    const banner = bannerLines(s, 'http://127.0.0.1:9001/hooks/', 9001).join('\n');
    expect(banner).toContain('cloudflared tunnel --url http://localhost:9001');
    expect(banner).toContain('ngrok http 9001');
    expect(banner).toContain('https://<your-tunnel-host>/hooks');
    expect(banner).not.toContain('secret-pw');
    expect(banner).not.toContain('Forwarding');
  });

  it.each([
    ['http://localhost:3000/hooks', "Forwarding: http://localhost:3000/hooks (the sender's headers, Authorization included)"],
    ['https://app.example.com/hooks', "Forwarding: https://app.example.com/hooks (the sender's headers, but not Authorization or cookies: the app is on another machine)"],
    ['https://user:pw@app.example.com/hooks', "Forwarding: https://[redacted]@app.example.com/hooks (the sender's headers, with Basic Auth from the URL)"],
  ])('names the --forward-to target %s in the banner and whether credentials go along', (forwardTo, line) => {
    const s = listenSettings({ forwardTo }, '/nonexistent-cwd', { XDG_CONFIG_HOME: '/nonexistent' });
    expect(bannerLines(s, 'http://127.0.0.1:8765/', 8765)).toContain(`  ${line}`);
  });

  it.each([
    [{ port: 'x' }, /not a port number/],
    [{ respondStatus: '99' }, /--respond-status "99"/],
    [{ delay: '-1' }, /--delay/],
    [{ timeout: '0' }, /--timeout "0"/],
    [{ path: 'hooks' }, /must start with \//],
    [{ expect: ',' }, /at least one event type/],
    [{ password: 'x' }, /no user/],
  ])('refuses %o', (options, message) => {
    expect(() => listenSettings(options, '/nonexistent-cwd', { XDG_CONFIG_HOME: '/nonexistent' })).toThrow(message);
  });
});

describe('forwardHeaders', () => {
  const source = {
    remoteAddress: '10.1.2.3',
    headers: {
      host: 'abc.trycloudflare.com',
      'content-type': 'application/json',
      'content-length': '99',
      'content-encoding': 'gzip',
      authorization: 'Basic aG9va3M6cHc=',
      cookie: 'a=b',
      'x-api-key': 'k',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      connection: 'close, x-secret-hop',
      'x-secret-hop': '1',
      'x-request-id': 'r1',
    },
  };

  it('keeps credentials for a target on this machine and appends to the proxy chain', () => {
    expect(forwardHeaders(source, true, 'itscope-hooks/1')).toEqual({
      'content-type': 'application/json',
      authorization: 'Basic aG9va3M6cHc=',
      cookie: 'a=b',
      'x-api-key': 'k',
      'x-forwarded-for': '203.0.113.7, 10.1.2.3',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'abc.trycloudflare.com',
      'x-request-id': 'r1',
      'user-agent': 'itscope-hooks/1',
    });
  });

  it('drops credential headers for a target on another machine', () => {
    const headers = forwardHeaders({ remoteAddress: '127.0.0.1', headers: { authorization: 'Basic x', 'proxy-authorization': 'Basic y', 'user-agent': 'ITscope' } }, false, 'itscope-hooks/1');
    expect(headers).toEqual({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'content-type': 'application/json', 'user-agent': 'ITscope' });
  });
});
