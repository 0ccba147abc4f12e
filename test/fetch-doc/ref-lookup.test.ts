// REF resolution without I/O: documentUrl parsing, DELIVERY mapping, path safety, capture lookups.
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeDocType, safePathSegment, targetFromCapture, targetFromUrl } from '../../src/core/document-ref.js';
import { UserError } from '../../src/core/errors.js';
import { lookupTargets, needsCaptures, type RefRequest } from '../../src/fetch-doc/ref-lookup.js';
import { type CaptureReader, openCaptureReader } from '../../src/store/capture-reader.js';
import { writeCaptures } from '../support/mock-api-helpers.js';
import { tempDir } from '../support/temp-dir.js';

const req = (over: Partial<RefRequest>): RefRequest => ({ ref: undefined, transactionId: undefined, type: undefined, all: false, format: undefined, ...over });

/** A real capture store in a temp folder, read back through the real reader. */
async function reader(captures: Array<Record<string, string>>): Promise<CaptureReader> {
  const { dir, cleanup } = await tempDir('ref-lookup-');
  cleanups.push(cleanup);
  await writeCaptures(dir, captures);
  return openCaptureReader(dir);
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe('document-ref', () => {
  it('maps DELIVERY to DISPATCHNOTIFICATION and rejects unknown types', () => {
    expect(normalizeDocType('delivery')).toBe('DISPATCHNOTIFICATION');
    expect(normalizeDocType('INVOICE')).toBe('INVOICE');
    expect(() => normalizeDocType('RECEIPT')).toThrow(UserError);
  });

  it('takes only transactionId, DOCTYPE and format from a documentUrl and flags a foreign host', () => {
    expect(targetFromUrl('https://api.itscope.com/2.1/business/documents/T-1/DISPATCHNOTIFICATION.xml')).toEqual({
      ref: 'https://api.itscope.com/2.1/business/documents/T-1/DISPATCHNOTIFICATION.xml',
      transactionId: 'T-1',
      docType: 'DISPATCHNOTIFICATION',
      format: 'xml',
    });
    expect(targetFromUrl('https://evil.example/x/business/documents/T-1/INVOICE.pdf')).toMatchObject({ suspiciousHost: 'evil.example', format: 'pdf' });
    expect(() => targetFromUrl('https://api.itscope.com/2.1/orders/1')).toThrow(/not an ITscope document URL/);
  });

  it('never lets a transactionId leave the documents folder', () => {
    expect(safePathSegment('123456789-1234-5678-9123-12SAMPLE4567')).toBe('123456789-1234-5678-9123-12SAMPLE4567');
    for (const bad of ['..', '.', '', 'a/b', 'a\\b']) expect(() => safePathSegment(bad)).toThrow(UserError);
    const t = targetFromUrl('https://api.itscope.com/2.1/business/documents/..%2F..%2Fetc/ORDER.xml');
    expect(() => safePathSegment(t.transactionId)).toThrow(UserError);
  });

  it('falls back to transactionId and eventType when a capture has no documentUrl', () => {
    expect(targetFromCapture({ eventType: 'DELIVERY', transactionId: 'T-9', eventId: 'e1' }, 'e1')).toEqual({
      ref: 'e1',
      transactionId: 'T-9',
      docType: 'DISPATCHNOTIFICATION',
      format: 'xml',
      eventId: 'e1',
    });
    expect(targetFromCapture({ eventType: 'PING' }, 'x')).toBeUndefined();
  });
});

describe('lookupTargets', () => {
  it('needs the capture store only for a documentId/eventId REF or --all', () => {
    expect(needsCaptures(req({ ref: '123' }))).toBe(true);
    expect(needsCaptures(req({ all: true }))).toBe(true);
    expect(needsCaptures(req({ ref: 'https://api.itscope.com/2.1/business/documents/T/ORDER.xml' }))).toBe(false);
    expect(needsCaptures(req({ transactionId: 'T', type: 'ORDER' }))).toBe(false);
  });

  it('--all: one target per document, newest capture named, captures without a document counted', async () => {
    const r = await reader([
      { eventId: 'e1', eventType: 'ORDER', transactionId: 'T', documentUrl: 'https://api.itscope.com/2.1/business/documents/T/ORDER.xml' },
      { eventId: 'e2', eventType: 'ORDER', transactionId: 'T', documentUrl: 'https://api.itscope.com/2.1/business/documents/T/ORDER.xml' },
      { eventId: 'e3', eventType: 'INVOICE', transactionId: 'T', documentUrl: 'https://api.itscope.com/2.1/business/documents/T/INVOICE.xml' },
      { eventId: 'e4' },
    ]);
    const { targets, notes } = lookupTargets(req({ all: true }), r);
    expect(targets.map((t) => [t.ref, t.docType])).toEqual([
      ['e2', 'ORDER'],
      ['e3', 'INVOICE'],
    ]);
    expect(notes).toEqual(['1 capture without a documentUrl or transactionId skipped (nothing to fetch)']);
  });

  it('an eventId wins over a documentId; the newest of several documentId matches wins', async () => {
    const r = await reader([
      { eventId: 'e1', documentId: 'D', eventType: 'ORDER', transactionId: 'A' },
      { eventId: 'e2', documentId: 'D', eventType: 'ORDER', transactionId: 'B' },
    ]);
    const byDoc = lookupTargets(req({ ref: 'D' }), r);
    expect(byDoc.targets[0]?.transactionId).toBe('B');
    expect(byDoc.notes[0]).toContain('documentId D matches 2 captures pointing to 2 different documents; using the newest (eventId e2');
    expect(lookupTargets(req({ ref: 'e1' }), r).targets[0]?.transactionId).toBe('A');
    expect(() => lookupTargets(req({ ref: 'nope' }), r)).toThrow(/neither an eventId nor a documentId in the capture store .+ \(2 captures searched\)/);
  });

  it('rejects conflicting or incomplete requests', () => {
    expect(() => lookupTargets(req({ transactionId: 'T' }), undefined)).toThrow(/needs --type/);
    expect(() => lookupTargets(req({ ref: 'x', all: true }), undefined)).toThrow(/only one of/);
    expect(() => lookupTargets(req({ transactionId: 'T', type: 'ORDER', format: 'pdf' }), undefined)).toThrow(/only for INVOICE/);
  });
});

describe('lookupTargets never lets one bad capture or a credential through', () => {
  it('--all: a capture pointing to no fetchable document becomes a failed entry with its reason, and the rest stays', async () => {
    const r = await reader([
      { eventId: 'e1', eventType: 'ORDER', transactionId: 'T', documentUrl: 'https://api.itscope.com/2.1/business/documents/T/ORDER.xml' },
      { eventId: 'e2', eventType: 'ORDER', transactionId: 'U', documentUrl: 'https://api.itscope.com/2.1/business/documents/U/RECEIPT.xml' },
      { eventId: 'e3', eventType: 'ORDER', transactionId: 'V', documentUrl: 'https://api.itscope.com/2.1/business/documents/V/ORDER.pdf' },
      { eventId: 'e4', eventType: 'INVOICE', transactionId: 'a/b' },
      { eventId: 'e5', eventType: 'PING', transactionId: 'W' },
      { eventId: 'e6', eventType: 'INVOICE', transactionId: 'T', documentUrl: 'https://api.itscope.com/2.1/business/documents/T/INVOICE.xml' },
    ]);
    const { targets } = lookupTargets(req({ all: true }), r);
    expect(targets.map((t) => [t.ref, 'unusable' in t ? t.unusable.reason : 'ok'])).toEqual([
      ['e1', 'ok'],
      ['e2', 'capture e2: unknown document type "RECEIPT"'],
      ['e3', 'capture e3: --format pdf exists only for INVOICE, not ORDER'],
      ['e4', 'capture e4: transactionId "a/b" cannot be used as a folder name'],
      ['e5', 'capture e5: eventType "PING" names no document type'],
      ['e6', 'ok'],
    ]);
    expect(targets[1]).toMatchObject({
      transactionId: 'U',
      docType: 'RECEIPT',
      format: 'xml',
      unusable: { hint: expect.stringContaining('itscope-hooks captures show e2') },
    });
  });

  it('a documentUrl REF: user:password@ is dropped from the ref and from any message', () => {
    const { targets } = lookupTargets(req({ ref: 'https://acct:pw-secret-7@api.itscope.com/2.1/business/documents/T-1/ORDER.xml' }), undefined);
    expect(targets).toEqual([
      { ref: 'https://[redacted]@api.itscope.com/2.1/business/documents/T-1/ORDER.xml', transactionId: 'T-1', docType: 'ORDER', format: 'xml' },
    ]);
    let message = '';
    try {
      lookupTargets(req({ ref: 'https://acct:pw-secret-7@api.itscope.com/2.1/business/documents/T-1/RECEIPT.xml' }), undefined);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('unknown document type "RECEIPT"');
    try {
      lookupTargets(req({ ref: 'https://acct:pw-secret-7@api.itscope.com/2.1/orders/1' }), undefined);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('"https://[redacted]@api.itscope.com/2.1/orders/1" is not an ITscope document URL');
  });

  it('one captured REF with an unusable documentUrl: a usage error naming the capture, never its credentials', async () => {
    const r = await reader([
      { eventId: 'e9', eventType: 'ORDER', documentUrl: 'https://u:pw-secret-8@api.itscope.com/2.1/business/documents/T\u001b[2J/RECEIPT.xml' },
    ]);
    let error: unknown;
    try {
      lookupTargets(req({ ref: 'e9' }), r);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('the capture for "e9": unknown document type "RECEIPT"');
    const all = lookupTargets(req({ all: true }), r).targets[0];
    expect(all && 'unusable' in all ? all.unusable.reason : '').not.toContain('pw-secret-8');
  });
});
