import { describe, expect, it } from 'vitest';
import { CaptureIndex } from '../../src/inspector/capture-index.js';
import type { ListingFields } from '../../src/inspector/index-line.js';

function fields(n: number, overrides: Partial<ListingFields> = {}): ListingFields {
  return {
    receivedAt: `2026-11-02T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
    eventId: `evt-${n}`,
    eventType: ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE'][n % 4],
    transactionStatus: 'ARRIVED',
    orderId: `PO-${n}`,
    documentId: String(1000 + n),
    transactionId: `tx-${Math.floor(n / 4)}`,
    valid: n % 5 !== 0,
    errors: n % 5 === 0 ? 1 : 0,
    warnings: 0,
    firstError: undefined,
    status: 200,
    ...overrides,
  };
}

function filled(count: number): CaptureIndex {
  const index = new CaptureIndex();
  for (let n = 1; n <= count; n++) index.addStored(fields(n), 0, n * 100, 99);
  return index;
}

describe('CaptureIndex', () => {
  it('pages newest first by cursor: every capture once, then no next', () => {
    const index = filled(23);
    const ids: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = index.query({}, { before, limit: 10 });
      ids.push(...page.items.map((e) => e.id));
      if (page.next === undefined) break;
      before = page.next;
    }
    expect(ids).toEqual(Array.from({ length: 23 }, (_, i) => 23 - i));
  });

  it('filters by type, validity, duplicates, search and transactionId, and counts matches', () => {
    const index = filled(40);
    index.addStored(fields(41, { eventId: 'evt-3' }), 0, 0, 1);
    const first = index.query({ type: 'DELIVERY' }, { limit: 3 });
    expect(first.items.map((e) => e.eventType)).toEqual(['DELIVERY', 'DELIVERY', 'DELIVERY']);
    expect(first.total).toBe(10);
    expect(index.query({ valid: false }, { limit: 100 }).items.map((e) => e.id)).toEqual([40, 35, 30, 25, 20, 15, 10, 5]);
    expect(index.query({ duplicate: true }, { limit: 100 }).items.map((e) => [e.id, e.original])).toEqual([[41, 3]]);
    expect(index.query({ q: 'po-1' }, { limit: 100 }).total).toBe(11);
    expect(index.query({ q: 'TX-2' }, { limit: 100 }).items.map((e) => e.id)).toEqual([11, 10, 9, 8]);
    expect(index.query({ transactionId: 'tx-2' }, { limit: 100 }).total).toBe(4);
    expect(index.query({ type: 'OTHER' }, { limit: 100 }).total).toBe(0);
  });

  it('gives what is newer than a cursor, or says there is a gap', () => {
    const index = filled(10);
    expect(index.query({}, { after: 7, limit: 5 })).toMatchObject({ gap: false, newest: 10 });
    expect(index.query({}, { after: 7, limit: 5 }).items.map((e) => e.id)).toEqual([10, 9, 8]);
    expect(index.query({}, { after: 2, limit: 5 }).gap).toBe(true);
    expect(index.query({ type: 'ORDER' }, { after: 2, limit: 5 }).items.map((e) => e.id)).toEqual([8, 4]);
  });

  it('lists a repeat seen only live and points it at the capture stored first', () => {
    const index = filled(3);
    const repeat = index.addRepeat(fields(2, { receivedAt: '2026-11-02T11:00:00.000Z', status: 200 }));
    expect(repeat).toMatchObject({ id: 4, duplicate: true, original: 2, file: -1 });
    expect(index.stored(repeat)?.id).toBe(2);
  });
});
