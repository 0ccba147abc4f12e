import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPayload, DOC_TYPE_BY_EVENT, EVENT_TYPES, PAYLOAD_FIELDS } from '../../src/core/payload-schema.js';
import { payloadJsonSchema, zodJsonSchema } from '../../src/schema/json-schema.js';
import { exampleFor, ITSCOPE_GUIDE_EXAMPLE } from '../../src/schema/payload-docs.js';
import { expectedBySchema, strictAjv } from './agreement.js';

const ROOT = fileURLToPath(new URL('../../fixtures/payloads/', import.meta.url));
const validateSchema = strictAjv().compile(payloadJsonSchema());
const schemaSays = (value: unknown) => validateSchema(value);

function fixtureFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? fixtureFiles(join(dir, entry.name)) : [relative(ROOT, join(dir, entry.name))],
  );
}

/**
 * Invalid fixtures whose fault JSON Schema cannot express, with the reason. Every other
 * invalid fixture must fail the JSON Schema; every valid and warning one must pass.
 */
const NOT_EXPRESSIBLE: Record<string, string> = {
  'invalid/transaction-id-differs-from-url.json': 'transactionId must equal the id inside documentUrl: JSON Schema cannot compare two fields',
  'invalid/not-json.json': 'not JSON at all: there is no value to give a JSON Schema',
};

/** The records of a fixture file: a JSON value, or one per NDJSON line. */
function records(file: string): unknown[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return file.endsWith('.ndjson')
    ? text
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as unknown)
    : [JSON.parse(text)];
}

describe('the JSON Schema agrees with validate on every payload fixture (ajv, 2020-12)', () => {
  const files = fixtureFiles();

  it('knows every fixture named in its table of exceptions', () => {
    for (const name of Object.keys(NOT_EXPRESSIBLE)) expect(files).toContain(name);
  });

  it.each(files.filter((f) => !f.startsWith('invalid/')))('accepts %s', (file) => {
    // all-types.json is an array of payloads, as validate reads it: each one must pass.
    const values = records(file).flatMap((v) => (file === 'all-types.json' ? (v as unknown[]) : [v]));
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      expect(checkPayload(value).valid).toBe(true);
      expect(schemaSays(value), JSON.stringify(validateSchema.errors)).toBe(true);
    }
  });

  it.each(files.filter((f) => f.startsWith('invalid/') && !(f in NOT_EXPRESSIBLE)))('rejects %s', (file) => {
    const [value] = records(file);
    expect(checkPayload(value).valid).toBe(false);
    expect(schemaSays(value)).toBe(false);
  });

  it.each(Object.entries(NOT_EXPRESSIBLE).filter(([f]) => f.endsWith('differs-from-url.json')))('accepts %s, which only validate rejects (%s)', (file) => {
    const [value] = records(file);
    expect(checkPayload(value).valid).toBe(false);
    expect(schemaSays(value)).toBe(true);
  });
});

/** A copy of `base` with `field` set to `value`, or removed for undefined. */
function withField(base: object, field: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return copy;
}

const url = ITSCOPE_GUIDE_EXAMPLE.documentUrl;
const tid = ITSCOPE_GUIDE_EXAMPLE.transactionId;
const invoice = exampleFor('INVOICE');

/** Values for one field: each judged by validate, and the JSON Schema must say the same. */
const CASES: Record<string, unknown[]> = {
  eventId: [
    'E2A6A466-3B62-4BB7-AF53-B59AEC592B49',
    'e2a6a4663b624bb7af53b59aec592b49',
    '{e2a6a466-3b62-4bb7-af53-b59aec592b49}',
    'e2a6a466-3b62-4bb7-af53-b59aec592b4g',
    'urn:uuid:e2a6a466-3b62-4bb7-af53-b59aec592b49',
  ],
  timestamp: [
    '2023-10-17T11:01:36.5',
    '2023-10-17T11:01:36.123456789',
    '2023-10-17T11:01:36.1234567890',
    '2023-10-17T11:01:36.',
    '2023-10-17T11:01:36Z',
    '2023-10-17T11:01:36+02:00',
    '2023-10-17T11:01:36-0500',
    '2023-10-17 11:01:36',
    '2023-10-17t11:01:36',
    '2023-10-17T11:01',
    '2023-10-17',
    '2024-02-29T00:00:00',
    '2023-02-29T00:00:00',
    '2000-02-29T00:00:00',
    '1900-02-29T00:00:00',
    '2023-04-31T00:00:00',
    '2023-12-31T23:59:59',
    '2023-00-10T00:00:00',
    '2023-13-10T00:00:00',
    '2023-10-00T00:00:00',
    '2023-10-17T23:60:00',
    '2023-10-17T23:59:60',
    '+2023-10-17T11:01:36',
    '２０２３-10-17T11:01:36',
    ' 2023-10-17T11:01:36',
    '2023-10-17T11:01:36\n',
  ],
  eventType: ['delivery', 'SHIPPED', 'Delivery', 'DISPATCHNOTIFICATION', ' DELIVERY'],
  transactionStatus: ['PARTIALLY_SHIPPED', 'X', 'X1', '1X', '_X', 'advised', 'ADVISED ', 'AD-VISED'],
  orderId: ['x', ' x ', '\u00a0', '\u2003', '\ufeff', '\u200b', '\u0085'],
  documentUrl: [
    url.replace('https:', 'HTTPS:'),
    url.replace('https:', 'http:'),
    url.replace('https:', 'ftp:'),
    url.replace('.xml', '.XML'),
    url.replace('.xml', '.Pdf'),
    url.replace('.xml', '.pdf'),
    url.replace('.xml', '.json'),
    url.replace('.xml', ''),
    `${url}?a=1`,
    `${url}#x`,
    `${url}/`,
    url.replace('api.itscope.com', 'api.itscope.com:8443'),
    url.replace('api.itscope.com', 'user:pw@api.itscope.com'),
    url.replace('api.itscope.com', '[::1]'),
    url.replace('https://api.itscope.com/2.1', 'https://api.itscope.com'),
    url.replace('https://api.itscope.com/2.1', 'https://'),
    url.replace('/2.1/', '/a/b/c/'),
    url.replace('DISPATCHNOTIFICATION', 'dispatchnotification'),
    url.replace('DISPATCHNOTIFICATION', 'QUOTATION'),
    url.replace('DISPATCHNOTIFICATION', 'RECEIPT'),
    url.replace('DISPATCHNOTIFICATION', 'ORDER'),
    url.replace('business/documents', 'business/deals'),
    url.replace(tid, ''),
    url.replace(tid, `${tid}/x`),
    'documents/DISPATCHNOTIFICATION.xml',
    '//api.itscope.com/2.1/business/documents/x/DISPATCHNOTIFICATION.xml',
    url.replace('api.itscope.com', 'exa mple.com'),
    url.replace('api.itscope.com', 'api.itscope.com:port'),
  ],
};

/** documentUrl/transactionId pairs, for the percent-decoding of the id and the pdf rule. */
const PAIRS: Array<[Record<string, unknown>, string, string]> = [
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'A%20B'), 'A B'],
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'caf%C3%A9'), 'café'],
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'caf%c3%a9'), 'café'],
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'x%F0%9F%98%80'), 'x😀'],
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'a%2Fb'), 'a/b'],
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'a%zz'), 'a%zz'],
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'a%C3'), 'a%C3'],
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'a%C0%80'), 'a%C0%80'],
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'a%ED%A0%80'), 'a%ED%A0%80'],
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'a%'), 'a%'],
  [ITSCOPE_GUIDE_EXAMPLE, url.replace(tid, 'a b'), 'a b'],
  [invoice, invoice.documentUrl.replace('.xml', '.pdf'), tid],
  [invoice, invoice.documentUrl.replace('.xml', '.PDF'), tid],
  [exampleFor('ORDER'), exampleFor('ORDER').documentUrl.replace('.xml', '.pdf'), tid],
];

const WRONG_TYPES: unknown[] = [undefined, null, 42, true, [], {}, ['x'], '', ' ', '\t\n'];

describe('the JSON Schema agrees with validate on mutations of each example', () => {
  const bases = EVENT_TYPES.map(exampleFor);

  it.each(bases)('every field removed, ill-typed or blank ($eventType)', (base) => {
    for (const field of PAYLOAD_FIELDS) {
      for (const value of WRONG_TYPES) {
        const payload = withField(base, field, value);
        expect(checkPayload(payload).valid, `${field}=${JSON.stringify(value)}`).toBe(false);
        expect(schemaSays(payload), `${field}=${JSON.stringify(value)}`).toBe(false);
      }
    }
  });

  it.each(Object.entries(CASES))('values of %s', (field) => {
    for (const base of bases) {
      for (const value of CASES[field] ?? []) {
        const payload = withField(base, field, value);
        expect(schemaSays(payload), `${base.eventType} ${field}=${JSON.stringify(value)}: ${JSON.stringify(checkPayload(payload).errors)}`).toBe(
          expectedBySchema(payload),
        );
      }
    }
  });

  it('every eventType with every DOCTYPE (the eventType → DOCTYPE rule)', () => {
    let mismatches = 0;
    for (const eventType of EVENT_TYPES) {
      for (const docType of new Set(Object.values(DOC_TYPE_BY_EVENT))) {
        const payload = { ...ITSCOPE_GUIDE_EXAMPLE, eventType, documentUrl: url.replace('DISPATCHNOTIFICATION', docType) };
        const fits = DOC_TYPE_BY_EVENT[eventType] === docType;
        if (!fits) mismatches++;
        expect(checkPayload(payload).valid, `${eventType} ${docType}`).toBe(fits);
        expect(schemaSays(payload), `${eventType} ${docType}`).toBe(fits);
      }
    }
    expect(mismatches).toBe(12);
  });

  it.each(PAIRS)('documentUrl and transactionId together (%#: %s)', (base, documentUrl, transactionId) => {
    const payload = { ...base, documentUrl, transactionId };
    expect(schemaSays(payload), JSON.stringify(checkPayload(payload).errors)).toBe(expectedBySchema(payload));
  });

  it('allows extra fields and unknown statuses, as validate only warns', () => {
    const payload = { ...ITSCOPE_GUIDE_EXAMPLE, transactionStatus: 'ON_HOLD', customerNumber: 4711 };
    expect(checkPayload(payload).warnings).toHaveLength(2);
    expect(schemaSays(payload)).toBe(true);
  });

  it.each([null, 'DELIVERY', 42, [ITSCOPE_GUIDE_EXAMPLE]])('rejects %j, which is not an object', (value) => {
    expect(schemaSays(value)).toBe(false);
  });
});

describe('payloadJsonSchema', () => {
  const schema = payloadJsonSchema();
  const properties = schema.properties as Record<string, Record<string, unknown>>;

  it('declares JSON Schema 2020-12 and keeps the fields and required list zod derives from the schema validate uses', () => {
    const zod = zodJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(zod.required);
    expect(Object.keys(properties)).toEqual(Object.keys(zod.properties as object));
    expect(schema.additionalProperties).toBe(true);
    expect(properties.eventType?.enum).toEqual([...EVENT_TYPES]);
  });

  it('has a title, a description and an example for every field, and the guide example', () => {
    for (const field of PAYLOAD_FIELDS) {
      const property = properties[field] ?? {};
      expect(property.title, field).toMatch(/\w/);
      expect(String(property.description).length, field).toBeGreaterThan(30);
      expect(property.examples, field).toBeInstanceOf(Array);
    }
    expect(schema.examples).toEqual([JSON.parse(readFileSync(join(ROOT, 'itscope-guide-example.json'), 'utf8'))]);
  });

  it('says in words which rule it cannot express', () => {
    expect(String(schema.description)).toMatch(/transactionId must equal the \{transactionId\} segment of documentUrl/);
    expect(String(properties.transactionId?.description)).toMatch(/cannot express/);
  });

  it('returns a fresh object each time', () => {
    (payloadJsonSchema().properties as Record<string, unknown>).eventId = 'changed';
    expect(payloadJsonSchema()).toEqual(schema);
  });
});
