import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPayload, DOC_TYPE_BY_EVENT, EVENT_TYPES, isCleanPayload, parseDocumentUrl, webhookPayloadSchema } from '../../src/core/payload-schema.js';
import { sampleSeries } from '../../src/core/samples.js';

const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/payloads/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const guide = fixture('itscope-guide-example.json');
const _delivery = fixture('valid/delivery.json');

function errorsOf(value: unknown, strict = false): Array<[string, string]> {
  return checkPayload(value, { strict }).errors.map((e) => [e.path, e.message]);
}

describe('checkPayload', () => {
  it("accepts the example from ITscope's guide", () => {
    expect(checkPayload(guide)).toEqual({ valid: true, errors: [], warnings: [], eventId: guide.eventId });
  });

  it.each(EVENT_TYPES)('accepts the %s fixture', (type) => {
    expect(checkPayload(fixture(`valid/${type.toLowerCase()}.json`)).valid).toBe(true);
  });

  // One line per rule: what is changed, which path must be reported, a word of the message.
  it.each([
    ['eventId missing', { eventId: undefined }, '$.eventId', 'missing'],
    ['eventId a number', { eventId: 42 }, '$.eventId', 'must be a string, got a number'],
    ['eventId not a UUID', { eventId: 'e2a6a466-3b62' }, '$.eventId', 'not a UUID'],
    ['timestamp with Z', { timestamp: '2023-10-17T11:01:36Z' }, '$.timestamp', 'time zone'],
    ['timestamp with offset', { timestamp: '2023-10-17T11:01:36+02:00' }, '$.timestamp', 'time zone'],
    ['timestamp date only', { timestamp: '2023-10-17' }, '$.timestamp', 'not an ITscope date-time'],
    ['timestamp 30 February', { timestamp: '2023-02-30T11:01:36' }, '$.timestamp', 'not an ITscope date-time'],
    ['timestamp hour 24', { timestamp: '2023-10-17T24:01:36' }, '$.timestamp', 'not an ITscope date-time'],
    ['eventType lower case', { eventType: 'delivery' }, '$.eventType', 'not one of'],
    ['eventType unknown', { eventType: 'SHIPMENT' }, '$.eventType', 'not one of'],
    ['eventType null', { eventType: null }, '$.eventType', 'must be a string, got null'],
    ['transactionStatus lower case', { transactionStatus: 'advised' }, '$.transactionStatus', 'upper-case'],
    ['orderId empty', { orderId: '' }, '$.orderId', 'must not be empty'],
    ['itscopeOrderId blank', { itscopeOrderId: '   ' }, '$.itscopeOrderId', 'must not be empty'],
    ['documentId a number', { documentId: 123456789 }, '$.documentId', 'must be a string'],
    ['documentUrl not a URL', { documentUrl: 'documents/ORDER.xml' }, '$.documentUrl', 'not a URL'],
    ['documentUrl http', { documentUrl: String(guide.documentUrl).replace('https', 'http') }, '$.documentUrl', 'must use https'],
    ['documentUrl wrong path', { documentUrl: 'https://api.itscope.com/2.1/business/deals/x/deal.xml' }, '$.documentUrl', 'not of the form'],
    ['documentUrl unknown DOCTYPE', { documentUrl: String(guide.documentUrl).replace('DISPATCHNOTIFICATION', 'RECEIPT') }, '$.documentUrl', 'not one of'],
    ['documentUrl .json', { documentUrl: String(guide.documentUrl).replace('.xml', '.json') }, '$.documentUrl', '".json"'],
    ['documentUrl .pdf for a delivery', { documentUrl: String(guide.documentUrl).replace('.xml', '.pdf') }, '$.documentUrl', 'only INVOICE'],
    ['DOCTYPE does not match eventType', { eventType: 'ORDER' }, '$.documentUrl', 'eventType ORDER needs ORDER'],
    ['transactionId differs from URL', { transactionId: 'other-id' }, '$.transactionId', 'differs from the one in documentUrl'],
    ['transactionId missing', { transactionId: undefined }, '$.transactionId', 'missing'],
  ])('rejects: %s', (_name, change, path, words) => {
    const payload: Record<string, unknown> = { ...guide, ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete payload[k];
    const errors = errorsOf(payload);
    expect(
      errors.some(([p, m]) => p === path && m.includes(words)),
      JSON.stringify(errors),
    ).toBe(true);
    // The schema itself agrees (it is the single source of truth).
    expect(webhookPayloadSchema.safeParse(payload).success).toBe(false);
  });

  it.each([null, 'DELIVERY', 42, true, [guide]])('rejects %j as not an object', (value) => {
    const verdict = checkPayload(value);
    expect(verdict.valid).toBe(false);
    expect(verdict.errors[0]?.path).toBe('$');
    expect(verdict.errors[0]?.message).toMatch(/not a JSON object/);
  });

  it('reports every problem of a payload in one run, each with a hint', () => {
    const verdict = checkPayload({ ...guide, eventId: 'x', timestamp: 'yesterday', transactionId: 'other' });
    expect(verdict.errors.map((e) => e.path).sort()).toEqual(['$.eventId', '$.timestamp', '$.transactionId']);
    for (const e of verdict.errors) expect(e.hint.length).toBeGreaterThan(10);
  });

  it.each([
    ['unknown transactionStatus', { transactionStatus: 'PARTIALLY_SHIPPED' }, '$.transactionStatus'],
    ['unknown extra field', { customerNumber: '4711' }, '$.customerNumber'],
    ['host other than api.itscope.com', { documentUrl: String(guide.documentUrl).replace('api.itscope.com', 'evil.example') }, '$.documentUrl'],
  ])('warns about %s, and fails on it with --strict', (_name, change, path) => {
    const payload = { ...guide, ...change };
    const lenient = checkPayload(payload);
    expect(lenient.valid).toBe(true);
    expect(lenient.warnings.map((w) => w.path)).toEqual([path]);
    const strict = checkPayload(payload, { strict: true });
    expect(strict.valid).toBe(false);
    expect(strict.errors.map((e) => e.path)).toEqual([path]);
    expect(strict.warnings).toEqual([]);
  });

  it('judges every fixture as its folder says', () => {
    const root = new URL('../../fixtures/payloads/', import.meta.url);
    for (const folder of ['valid', 'invalid', 'warnings']) {
      for (const name of readdirSync(new URL(`${folder}/`, root))) {
        const text = readFileSync(new URL(`${folder}/${name}`, root), 'utf8');
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          expect(folder, name).toBe('invalid');
          continue;
        }
        const verdict = checkPayload(value);
        expect(verdict.valid, name).toBe(folder !== 'invalid');
        expect(verdict.warnings.length > 0, name).toBe(folder === 'warnings');
      }
    }
  });
});

describe('isCleanPayload (the fast path) never accepts what the schema rejects', () => {
  const mutations: Array<(p: Record<string, unknown>) => void> = [
    (p) => delete p.orderId,
    (p) => (p.eventId = String(p.eventId).toUpperCase()),
    (p) => (p.eventId = `${String(p.eventId)}0`),
    (p) => (p.timestamp = `${String(p.timestamp)}Z`),
    (p) => (p.timestamp = String(p.timestamp).replace('T', ' ')),
    (p) => (p.eventType = 'ORDER'),
    (p) => (p.transactionStatus = 'NEW_STATUS'),
    (p) => (p.documentId = ' '),
    (p) => (p.documentId = 5),
    (p) => (p.documentUrl = String(p.documentUrl).replace('https', 'http')),
    (p) => (p.documentUrl = String(p.documentUrl).replace('api.itscope.com', 'api.itscope.com.evil.example')),
    (p) => (p.documentUrl = String(p.documentUrl).replace('.xml', '.pdf')),
    (p) => (p.transactionId = `${String(p.transactionId)}x`),
    (p) => (p.extra = 1),
    // The URL as ITscope writes it is decided by comparing strings: ids that are more than one path segment must still fail.
    ...['a/b', 'a%2Fb', 'a%20b', 'a?b', 'a#b', 'A-B'].map((id) => (p: Record<string, unknown>) => {
      p.documentUrl = String(p.documentUrl).replace(String(p.transactionId), id);
      p.transactionId = id;
    }),
    (p) => (p.eventId = 'E2A6A466-3b62-4bb7-af53-b59aec592b49'),
    (p) => (p.eventId = 'e2a6a466-3b62-4bb7-af53-b59aec592b4g'),
    (p) => (p.eventId = 'e2a6a466_3b62-4bb7-af53-b59aec592b49'),
    (p) => (p.documentUrl = String(p.documentUrl).replace('/2.1/', '/')),
    (p) => (p.documentUrl = String(p.documentUrl).replace('/2.1/', '/2.1/x/')),
    (p) => (p.documentUrl = `${String(p.documentUrl)}x`),
    (p) => (p.documentUrl = String(p.documentUrl).replace('https://api.itscope.com', 'https://user@api.itscope.com:443')),
    (p) => (p.documentUrl = String(p.documentUrl).replace('.xml', '.XML')),
  ];
  it.each(sampleSeries(EVENT_TYPES, { seed: 3, now: new Date('2026-01-01T00:00:00Z') }))('for mutations of a $eventType sample', (sample) => {
    expect(isCleanPayload({ ...sample })).toBe(true);
    for (const mutate of mutations) {
      const copy: Record<string, unknown> = { ...sample };
      mutate(copy);
      const verdict = checkPayload(copy);
      const schemaClean = webhookPayloadSchema.safeParse(copy).success && verdict.warnings.length === 0;
      expect(isCleanPayload(copy), mutate.toString()).toBe(schemaClean);
    }
  });
});

describe('parseDocumentUrl', () => {
  it('splits the documented form', () => {
    expect(parseDocumentUrl(String(guide.documentUrl))).toEqual({
      origin: 'https://api.itscope.com',
      host: 'api.itscope.com',
      protocol: 'https:',
      prefix: '/2.1',
      transactionId: '123456789-1234-5678-9123-12SAMPLE4567',
      docType: 'DISPATCHNOTIFICATION',
      format: 'xml',
    });
  });
  it('keeps a port in the origin and decodes the transactionId', () => {
    const ref = parseDocumentUrl('http://127.0.0.1:8766/2.0/business/documents/a%20b/INVOICE.pdf');
    expect(ref).toMatchObject({ origin: 'http://127.0.0.1:8766', transactionId: 'a b', docType: 'INVOICE', format: 'pdf', prefix: '/2.0' });
  });
  it.each(['not a url', 'https://api.itscope.com/2.1/business/documents/ORDER.xml', 'https://api.itscope.com/business/documents/x/ORDER.xml?sig=1'])(
    'returns undefined for %s',
    (url) => expect(parseDocumentUrl(url)).toBeUndefined(),
  );
  it('maps every event type to its document type', () => {
    expect(DOC_TYPE_BY_EVENT).toEqual({ ORDER: 'ORDER', ORDERRESPONSE: 'ORDERRESPONSE', DELIVERY: 'DISPATCHNOTIFICATION', INVOICE: 'INVOICE' });
  });
});
