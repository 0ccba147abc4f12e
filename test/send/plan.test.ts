import { describe, expect, test } from 'vitest';
import type { Resolved, TypeUrl } from '../../src/core/config.js';
import { EVENT_TYPES, type EventType } from '../../src/core/payload-schema.js';
import { urlCredentials, withoutCredentials } from '../../src/http/url-credentials.js';
import { parseSendOptions, parseTypes, planTargets } from '../../src/send/plan.js';

describe('parseTypes', () => {
  test.each([
    [undefined, ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE'], false],
    [['all'], ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE'], true],
    [['invoice,delivery'], ['DELIVERY', 'INVOICE'], true],
    [['INVOICE', 'ORDER', 'INVOICE'], ['ORDER', 'INVOICE'], true],
    [[' order , '], ['ORDER'], true],
  ])('%j → %j', (input, types, explicit) => {
    expect(parseTypes(input)).toEqual({ types, explicit });
  });
  test('an unknown type names the allowed ones', () => {
    expect(() => parseTypes(['DISPATCHNOTIFICATION'])).toThrow(/unknown event type "DISPATCHNOTIFICATION"/);
  });
});

describe('parseSendOptions', () => {
  test('defaults: all four types, concurrency 1, 10 s timeout', () => {
    const plan = parseSendOptions({ timeout: '10000', concurrency: '1' });
    expect(plan).toMatchObject({ count: undefined, concurrency: 1, timeoutMs: 10000, dryRun: false });
    expect(plan.source).toMatchObject({ kind: 'samples', types: [...EVENT_TYPES], explicitTypes: false });
  });
  test('--timeout is a duration like every other (10s, 500ms, 1m); a bare number stays milliseconds', () => {
    expect(parseSendOptions({}).timeoutMs).toBe(10_000);
    expect(parseSendOptions({ timeout: '10s' }).timeoutMs).toBe(10_000);
    expect(parseSendOptions({ timeout: '500ms' }).timeoutMs).toBe(500);
    expect(parseSendOptions({ timeout: '1m' }).timeoutMs).toBe(60_000);
    expect(parseSendOptions({ timeout: '2500' }).timeoutMs).toBe(2500);
    expect(parseSendOptions({ timeout: '2500' }).warnings).toEqual([]);
    expect(parseSendOptions({ timeout: '30' }).warnings).toEqual(['--timeout 30 is 30 ms (a bare number is milliseconds); for seconds write --timeout 30s']);
    expect(parseSendOptions({ timeout: '30ms' }).warnings).toEqual([]);
  });
  test('deals: one deal of one delivery at once by default; --deals, --deliveries and --interval (500ms, 2s, bare ms)', () => {
    expect(parseSendOptions({}).source).toMatchObject({ deals: { deals: 1, deliveries: 1, intervalMs: 0, explicit: false } });
    expect(parseSendOptions({ deals: '3', deliveries: '2', interval: '1.5s' }).source).toMatchObject({
      deals: { deals: 3, deliveries: 2, intervalMs: 1500, explicit: true },
    });
    expect(parseSendOptions({ interval: '250' }).source).toMatchObject({ deals: { deals: 1, intervalMs: 250, explicit: true } });
  });
  test('overrides go into the samples, the status upper-cased', () => {
    const plan = parseSendOptions({ status: 'processing', orderId: 'PO-1', transactionId: 'T', documentId: '9', itscopeOrderId: 'I' });
    expect(plan.source).toMatchObject({
      overrides: { transactionStatus: 'PROCESSING', orderId: 'PO-1', transactionId: 'T', documentId: '9', itscopeOrderId: 'I' },
    });
  });
  test.each([
    [{ file: 'a', eventId: 'b' }, /--file and --event-id/],
    [{ file: 'a', type: ['ORDER'] }, /--type cannot be combined with --file/],
    [{ eventId: 'a', orderId: 'x', documentId: 'y' }, /--order-id, --document-id cannot be combined with --event-id/],
    [{ file: 'a', count: '3' }, /--count cannot be combined with --file/],
    [{ count: 'ten' }, /--count "ten" is not a whole number/],
    [{ concurrency: '0' }, /--concurrency "0"/],
    [{ timeout: 'soon' }, /--timeout "soon" is not a duration/],
    [{ timeout: '0' }, /--timeout "0" is shorter than 1ms/],
    [{ timeout: '2h' }, /--timeout "2h" is longer than 1h/],
    [{ deals: '0' }, /--deals "0" is not a whole number from 1 to 1000/],
    [{ deals: '1001' }, /--deals "1001"/],
    [{ deliveries: '21' }, /--deliveries "21" is not a whole number from 1 to 20/],
    [{ interval: 'soon' }, /--interval "soon" is not a duration/],
    [{ interval: '2h' }, /--interval "2h" is longer than 1h/],
    [{ deals: '2', count: '10' }, /--count cannot be combined with --deals/],
    [{ interval: '1s', deliveries: '2', count: '10' }, /--count cannot be combined with --deliveries, --interval/],
    [{ file: 'a', deals: '2' }, /--deals cannot be combined with --file/],
    [{ eventId: 'a', interval: '1s' }, /--interval cannot be combined with --event-id/],
  ])('%j is rejected', (options, message) => {
    expect(() => parseSendOptions(options)).toThrow(message);
  });
});

function typeUrls(entries: Partial<Record<EventType, TypeUrl>>): Record<EventType, Resolved<TypeUrl>> {
  const out = {} as Record<EventType, Resolved<TypeUrl>>;
  for (const t of EVENT_TYPES) {
    const v = entries[t];
    out[t] = v ? { value: v, source: 'project', origin: 'p.json' } : { value: { enabled: false, url: undefined }, source: 'default' };
  }
  return out;
}

describe('planTargets', () => {
  const none: Resolved<string | undefined> = { value: undefined, source: 'default' };
  test('--url sends every type to one URL, ignoring the per-type config', () => {
    const t = planTargets(
      { url: { value: 'https://a.example/', source: 'flag' }, webhookUrls: typeUrls({ ORDER: { enabled: true, url: 'https://b.example/' } }) },
      EVENT_TYPES,
      false,
    );
    expect(t.types).toEqual([...EVENT_TYPES]);
    expect(t.urlFor('ORDER').href).toBe('https://a.example/');
  });
  test('per-type URLs: only enabled types with a URL, each to its own', () => {
    const t = planTargets(
      { url: none, webhookUrls: typeUrls({ DELIVERY: { enabled: true, url: 'https://d.example/' }, INVOICE: { enabled: false, url: 'https://i.example/' } }) },
      EVENT_TYPES,
      false,
    );
    expect(t.types).toEqual(['DELIVERY']);
    expect(t.urlFor('DELIVERY').href).toBe('https://d.example/');
    expect(() => t.urlFor('INVOICE')).toThrow(/no URL configured for INVOICE/);
  });
  test('the config webhookUrl covers types without their own URL', () => {
    const t = planTargets(
      {
        url: { value: 'https://all.example/', source: 'project', origin: 'p.json' },
        webhookUrls: typeUrls({ ORDER: { enabled: true, url: 'https://o.example/' } }),
      },
      EVENT_TYPES,
      false,
    );
    expect(t.urlFor('ORDER').href).toBe('https://o.example/');
    expect(t.urlFor('INVOICE').href).toBe('https://all.example/');
    expect(t.urlFor(undefined).href).toBe('https://all.example/');
  });
  test('no target at all, or an asked-for type without one, is a usage error', () => {
    expect(() => planTargets({ url: none, webhookUrls: typeUrls({}) }, EVENT_TYPES, false)).toThrow(/no target URL/);
    expect(() => planTargets({ url: none, webhookUrls: typeUrls({ ORDER: { enabled: true, url: 'https://o.example/' } }) }, ['INVOICE'], true)).toThrow(
      /no URL configured for INVOICE/,
    );
  });
  test('a plain-http URL in the config is refused and named', () => {
    expect(() => planTargets({ url: none, webhookUrls: typeUrls({ ORDER: { enabled: true, url: 'http://o.example/' } }) }, EVENT_TYPES, false)).toThrow(
      /webhookUrls.ORDER in p.json: http:\/\/o.example is plain http/,
    );
  });
});

describe('urlCredentials / withoutCredentials', () => {
  test.each([
    ['https://h.example.com/x', undefined],
    ['https://hooks@h.example.com/x', { user: 'hooks', password: '' }],
    ['https://a%40b:p%3Aw%20d@h.example.com/x', { user: 'a@b', password: 'p:w d' }],
    ['https://u:%zz@h.example.com/x', { user: 'u', password: '%zz' }],
  ])('%s', (href, credentials) => {
    const url = new URL(href);
    expect(urlCredentials(url)).toEqual(credentials);
    expect(withoutCredentials(url).href).toBe('https://h.example.com/x');
    expect(url.href).toBe(href);
  });
});
