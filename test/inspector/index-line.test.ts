import { describe, expect, it } from 'vitest';
import { CAPTURE_KIND, type CaptureRecord } from '../../src/core/capture.js';
import { indexLine, listingFields } from '../../src/inspector/index-line.js';
import { encodeLine } from '../../src/store/journal-line.js';

function record(overrides: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    kind: CAPTURE_KIND,
    v: 1,
    receivedAt: '2026-11-02T10:30:15.123Z',
    method: 'POST',
    path: '/hooks',
    query: 'a="b"',
    remoteAddress: '127.0.0.1',
    headers: { 'content-type': 'application/json', 'x-odd': '","headers":{"bodyEncoding":"' },
    body: '{"eventId":"e1","note":"\\",\\"bodyEncoding\\":\\"base64\\"" , "eventType":"ORDER"}',
    bodyEncoding: 'utf8',
    valid: false,
    errors: [{ path: '$.timestamp', message: 'timestamp is missing', hint: 'add it' }],
    warnings: [],
    status: 200,
    eventId: 'e1',
    eventType: 'ORDER',
    orderId: 'PO-"1"',
    transactionId: 't1',
    ...overrides,
  };
}

function index(line: string) {
  const buf = Buffer.from(line, 'utf8');
  return indexLine(buf, 0, buf.length - 1); // without the newline
}

describe('indexLine', () => {
  it.each([
    ['a capture as listen writes it', record()],
    ['a body that is not UTF-8 (base64)', record({ body: Buffer.from([0xff, 0xfe, 0x22]).toString('base64'), bodyEncoding: 'base64' })],
    ['no payload fields at all', record({ eventId: undefined, eventType: undefined, orderId: undefined, transactionId: undefined, errors: [], valid: true })],
    ['non-ASCII everywhere', record({ path: '/hööks', body: '{"x":"✓ Größe"}', orderId: 'Bestellung-ü' })],
  ])('reads the listing fields of %s like a full decode would', (_name, r) => {
    const clean = JSON.parse(JSON.stringify(r)) as CaptureRecord;
    expect(index(encodeLine(clean))).toEqual(listingFields(clean));
  });

  it('reads a record with another key order (written by hand) through the full decode', () => {
    const r = record();
    const { receivedAt, ...rest } = r;
    const reordered = JSON.parse(JSON.stringify({ ...rest, receivedAt })) as CaptureRecord;
    expect(index(encodeLine(reordered))).toEqual(listingFields(r));
  });

  it('refuses a line torn by a crash or edited', () => {
    const line = encodeLine(record());
    expect(index(`${line.slice(0, 60)}\n`)).toBeUndefined();
    expect(index(line.replace('PO-', 'PX-'))).toBeUndefined();
    expect(index('not json at all\n')).toBeUndefined();
  });
});
