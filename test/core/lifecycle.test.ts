import { describe, expect, it } from 'vitest';
import { createDealTracker, type DealTrackerOptions, type LifecycleEvent } from '../../src/core/lifecycle.js';
import { digestBytes, digestPayload, lifecycleEventFrom } from '../../src/core/lifecycle-input.js';
import { LIFECYCLE_CODES, LIFECYCLE_HINTS } from '../../src/core/lifecycle-rules.js';

const T = 'TX-1';

/** Event n of deal T: eventId en, documentId dn, stamped n minutes after 10:00. */
function ev(eventType: string, n: number, extra: Partial<LifecycleEvent> = {}): LifecycleEvent {
  return {
    eventId: `e${n}`,
    eventType,
    transactionStatus: 'ARRIVED',
    orderId: 'PO-1',
    itscopeOrderId: 'ITS-1',
    documentId: `d${n}`,
    transactionId: T,
    timestamp: `2024-05-01T10:${String(n).padStart(2, '0')}:00`,
    valid: true,
    bodyDigest: `body-${n}`,
    ...extra,
  };
}

const full = (): LifecycleEvent[] => [ev('ORDER', 1), ev('ORDERRESPONSE', 2), ev('DELIVERY', 3), ev('INVOICE', 4)];

interface Case {
  name: string;
  events: LifecycleEvent[];
  options?: DealTrackerOptions;
  complete: boolean;
  missing?: string[];
  errors?: string[];
  warnings?: string[];
  events_?: number;
  retries?: number;
  ungrouped?: number;
}

const cases: Case[] = [
  { name: 'complete deal', events: full(), complete: true, missing: [], errors: [], warnings: [], events_: 4 },
  {
    name: 'partial shipments: three DELIVERYs with their own documents',
    events: [ev('ORDER', 1), ev('ORDERRESPONSE', 2), ev('DELIVERY', 3), ev('DELIVERY', 4), ev('DELIVERY', 5), ev('INVOICE', 6)],
    complete: true,
    errors: [],
    warnings: [],
    events_: 6,
  },
  {
    name: 'DELIVERYs among themselves in any timestamp order',
    events: [ev('ORDER', 1), ev('ORDERRESPONSE', 2), ev('DELIVERY', 5), ev('DELIVERY', 3), ev('INVOICE', 6)],
    complete: true,
    warnings: [],
  },
  {
    name: 'missing INVOICE: a warning while the deal is in progress',
    events: full().slice(0, 3),
    complete: false,
    missing: ['INVOICE'],
    errors: [],
    warnings: ['incomplete'],
  },
  {
    name: 'missing INVOICE with requireComplete: an error',
    events: full().slice(0, 3),
    options: { requireComplete: true },
    complete: false,
    missing: ['INVOICE'],
    errors: ['incomplete'],
    warnings: [],
  },
  {
    name: 'orderId changed midway',
    events: [ev('ORDER', 1), ev('ORDERRESPONSE', 2, { orderId: 'PO-2' }), ev('DELIVERY', 3), ev('INVOICE', 4)],
    complete: true,
    errors: ['order-id-changed'],
    warnings: [],
  },
  {
    name: 'an alternating orderId is reported once per new value',
    events: [
      ev('ORDER', 1),
      ev('ORDERRESPONSE', 2, { orderId: 'PO-2' }),
      ev('DELIVERY', 3),
      ev('DELIVERY', 4, { orderId: 'PO-2' }),
      ev('INVOICE', 5, { orderId: 'PO-3' }),
    ],
    complete: true,
    errors: ['order-id-changed', 'order-id-changed'],
  },
  {
    name: 'itscopeOrderId changed midway',
    events: [ev('ORDER', 1), ev('ORDERRESPONSE', 2), ev('DELIVERY', 3, { itscopeOrderId: 'ITS-9' }), ev('INVOICE', 4)],
    complete: true,
    errors: ['itscope-order-id-changed'],
  },
  {
    name: 'same eventId, different body',
    events: [...full(), ev('INVOICE', 4, { bodyDigest: 'other', transactionStatus: 'COMPLETED' })],
    complete: true,
    errors: ['event-body-changed'],
    events_: 5,
  },
  {
    name: 'same eventId, same body: a retry, counted once',
    events: [...full(), ev('DELIVERY', 3)],
    complete: true,
    errors: [],
    warnings: [],
    events_: 4,
    retries: 1,
  },
  {
    name: 'without body digests the key fields are compared: same fields is a retry',
    events: [...full().map((e) => ({ ...e, bodyDigest: undefined })), { ...ev('DELIVERY', 3), bodyDigest: undefined }],
    complete: true,
    errors: [],
    retries: 1,
  },
  {
    name: 'without body digests the key fields are compared: another documentId is a changed body',
    events: [...full().map((e) => ({ ...e, bodyDigest: undefined })), { ...ev('DELIVERY', 3, { documentId: 'd9' }), bodyDigest: undefined }],
    complete: true,
    errors: ['event-body-changed'],
  },
  {
    name: 'out-of-order timestamps: INVOICE stamped before ORDERRESPONSE',
    events: [ev('ORDER', 1), ev('ORDERRESPONSE', 5), ev('DELIVERY', 6), ev('INVOICE', 2)],
    complete: true,
    warnings: ['out-of-order'],
  },
  {
    name: 'out-of-order timestamps found whichever arrives first',
    events: [ev('INVOICE', 2), ev('ORDER', 1), ev('DELIVERY', 6), ev('ORDERRESPONSE', 5)],
    complete: true,
    warnings: ['out-of-order', 'out-of-order'],
  },
  {
    name: 'arrival order differs but timestamps follow the lifecycle: fine',
    events: [ev('INVOICE', 4), ev('DELIVERY', 3), ev('ORDERRESPONSE', 2), ev('ORDER', 1)],
    complete: true,
    warnings: [],
  },
  {
    name: 'equal timestamps in other notations are equal',
    events: [
      ev('ORDER', 1, { timestamp: '2024-05-01T10:00:00.500' }),
      ev('ORDERRESPONSE', 2, { timestamp: '2024-05-01T10:00:00.5' }),
      ev('DELIVERY', 3),
      ev('INVOICE', 4),
    ],
    complete: true,
    warnings: [],
  },
  {
    name: 'duplicate delivery: same DELIVERY document under two eventIds',
    events: [...full(), ev('DELIVERY', 7, { documentId: 'd3', timestamp: '2024-05-01T10:03:30' })],
    complete: true,
    errors: [],
    warnings: ['duplicate-document'],
  },
  {
    name: 'events without transactionId are counted, not grouped',
    events: [ev('ORDER', 1, { transactionId: undefined }), ev('ORDER', 2, { transactionId: '  ' })],
    complete: false,
    ungrouped: 2,
  },
  {
    name: 'unknown eventType: a warning, not counted',
    events: [...full().slice(0, 3), ev('SHIPMENT', 5), ev('INVOICE', 6, { eventType: undefined })],
    complete: false,
    missing: ['INVOICE'],
    warnings: ['unknown-event-type', 'unknown-event-type', 'incomplete'],
  },
  {
    name: 'an invalid payload does not count toward completeness',
    events: [ev('ORDER', 1, { valid: false }), ev('ORDERRESPONSE', 2), ev('DELIVERY', 3), ev('INVOICE', 4)],
    complete: false,
    missing: ['ORDER'],
    warnings: ['incomplete'],
  },
];

describe('createDealTracker', () => {
  it.each(cases)('$name', (c) => {
    const tracker = createDealTracker(c.options);
    for (const event of c.events) tracker.add(event);
    const deal = tracker.deal(T);
    const stats = tracker.stats();
    if (c.ungrouped !== undefined) {
      expect(stats.ungrouped).toBe(c.ungrouped);
      expect(deal).toBeUndefined();
      return;
    }
    expect(deal).toBeDefined();
    if (!deal) return;
    expect(deal.complete).toBe(c.complete);
    if (c.missing) expect(deal.missing).toEqual(c.missing);
    if (c.errors) expect(deal.errors.map((p) => p.code)).toEqual(c.errors);
    if (c.warnings) expect(deal.warnings.map((p) => p.code)).toEqual(c.warnings);
    if (c.events_ !== undefined) expect(deal.events).toHaveLength(c.events_);
    if (c.retries !== undefined) expect(deal.retries).toBe(c.retries);
    for (const p of [...deal.errors, ...deal.warnings]) expect(p.hint).toBe(LIFECYCLE_HINTS[p.code]);
  });

  it('names both orderIds and both eventIds when orderId changes', () => {
    const tracker = createDealTracker();
    tracker.add(ev('ORDER', 1));
    const change = tracker.add(ev('ORDERRESPONSE', 2, { orderId: 'PO-2' }));
    expect(change.newErrors).toHaveLength(1);
    const [error] = change.newErrors;
    expect(error?.message).toBe('orderId changed within the deal: "PO-1" (event e1), then "PO-2" (event e2)');
    expect(error?.eventIds).toEqual(['e1', 'e2']);
    expect(tracker.deal(T)?.orderId).toBe('PO-1');
  });

  it('says which events are out of order and why', () => {
    const tracker = createDealTracker();
    tracker.add(ev('ORDERRESPONSE', 5));
    const change = tracker.add(ev('DELIVERY', 2));
    expect(change.newWarnings[0]?.message).toBe(
      'DELIVERY event e2 is stamped 2024-05-01T10:02:00, before ORDERRESPONSE event e5 at 2024-05-01T10:05:00; the lifecycle is ORDER → ORDERRESPONSE → DELIVERY → INVOICE',
    );
    expect(change.newWarnings[0]?.eventIds).toEqual(['e5', 'e2']);
  });

  it('reports a changed body under a known eventId in another deal', () => {
    const tracker = createDealTracker();
    tracker.add(ev('ORDER', 1));
    const change = tracker.add(ev('ORDER', 1, { transactionId: 'TX-2', bodyDigest: 'x' }));
    expect(change.transactionId).toBe('TX-2');
    expect(change.newErrors.map((p) => p.code)).toEqual(['event-body-changed']);
    expect(change.newErrors[0]?.message).toContain('first seen in deal "TX-1"');
  });

  it('uses file positions in messages for events without eventId', () => {
    const tracker = createDealTracker();
    tracker.add(ev('DELIVERY', 3, { eventId: undefined, where: 'a.ndjson:3' }));
    const change = tracker.add(ev('DELIVERY', 4, { eventId: undefined, where: 'a.ndjson:4', documentId: 'd3' }));
    expect(change.newWarnings[0]?.message).toBe(
      'DELIVERY document d3 announced twice under different eventIds: the event at a.ndjson:3, then the event at a.ndjson:4 (likely a duplicate delivery)',
    );
  });

  it('says when a missing type arrived but was invalid', () => {
    const tracker = createDealTracker();
    for (const e of [ev('ORDER', 1), ev('ORDERRESPONSE', 2), ev('DELIVERY', 3, { valid: false })]) tracker.add(e);
    const deal = tracker.deal(T);
    expect(deal?.missing).toEqual(['DELIVERY', 'INVOICE']);
    expect(deal?.warnings[0]?.message).toBe('deal incomplete: missing DELIVERY, INVOICE (DELIVERY arrived but failed validation)');
  });

  it('add() reports what changed: the deal, becoming complete once, new problems', () => {
    const tracker = createDealTracker();
    const first = tracker.add(ev('ORDER', 1));
    expect(first.deal?.events).toEqual([
      { eventType: 'ORDER', transactionStatus: 'ARRIVED', eventId: 'e1', documentId: 'd1', timestamp: '2024-05-01T10:01:00', valid: true },
    ]);
    const changes = [
      first,
      ...[...full().slice(1), ev('DELIVERY', 3, { eventId: 'e5', timestamp: '2024-05-01T10:03:30' }), ev('DELIVERY', 3)].map((e) => tracker.add(e)),
    ];
    expect(changes.map((c) => c.becameComplete)).toEqual([false, false, false, true, false, false]);
    expect(changes.map((c) => c.complete)).toEqual([false, false, false, true, true, true]);
    expect(changes.map((c) => c.retry)).toEqual([false, false, false, false, false, true]);
    expect(changes[4]?.newWarnings.map((p) => p.code)).toEqual(['duplicate-document']);
    expect(changes[3]?.deal).toMatchObject({
      transactionId: T,
      orderId: 'PO-1',
      itscopeOrderId: 'ITS-1',
      complete: true,
      typesSeen: ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE'],
    });
  });

  it('keeps deals apart, in the order first seen, and counts them', () => {
    const tracker = createDealTracker({ requireComplete: true });
    const other = (e: LifecycleEvent, n: number) => ({ ...e, transactionId: 'TX-2', eventId: `x${n}`, bodyDigest: `x${n}` });
    const a = full();
    const b = full().slice(0, 2).map(other);
    for (let i = 0; i < 4; i++) {
      tracker.add(a[i] as LifecycleEvent);
      if (b[i]) tracker.add(b[i] as LifecycleEvent);
    }
    tracker.add(ev('ORDER', 9, { transactionId: undefined }));
    expect([...tracker.deals()].map((d) => [d.transactionId, d.complete, d.missing])).toEqual([
      [T, true, []],
      ['TX-2', false, ['DELIVERY', 'INVOICE']],
    ]);
    expect(tracker.stats()).toEqual({ events: 7, deals: 2, complete: 1, withErrors: 1, ungrouped: 1, retries: 0 });
  });

  it('stays linear on one deal with 100k events (send --count reuses one transactionId) and caps listed problems', () => {
    // No time is asserted; a quadratic tracker would not finish within the test timeout.
    const tracker = createDealTracker();
    for (let i = 0; i < 100_000; i++) {
      tracker.add({
        eventId: `e${i}`,
        eventType: 'ORDER',
        orderId: 'PO-1',
        documentId: 'd1',
        transactionId: T,
        timestamp: '2024-05-01T10:00:00',
        valid: true,
        bodyDigest: `b${i}`,
      });
    }
    const deal = tracker.deal(T);
    expect(deal?.events).toHaveLength(100_000);
    expect(deal?.warnings.filter((p) => p.code === 'duplicate-document')).toHaveLength(21);
    expect(deal?.warnings.at(-2)?.message).toBe('99979 more duplicate-document problems in this deal, not listed');
    expect(deal?.warnings.at(-1)?.code).toBe('incomplete');
  });

  it('a repeated event creates no deal of its own and is counted once', () => {
    const tracker = createDealTracker();
    const ungrouped = ev('ORDER', 1, { transactionId: undefined });
    expect(tracker.add(ungrouped).retry).toBe(false);
    expect(tracker.add(ungrouped)).toMatchObject({ retry: true, transactionId: undefined, deal: undefined, newErrors: [] });
    // The first body had a digest, the repeat only its fields: not comparable, so a retry; no empty deal appears.
    expect(tracker.add({ ...ev('ORDER', 1, { transactionId: 'TX-9' }), bodyDigest: undefined }).retry).toBe(true);
    expect(tracker.stats()).toEqual({ events: 3, deals: 0, complete: 0, withErrors: 0, ungrouped: 1, retries: 2 });
  });

  it('every code has a hint', () => {
    for (const code of LIFECYCLE_CODES) expect(LIFECYCLE_HINTS[code].length).toBeGreaterThan(20);
  });
});

describe('lifecycle input', () => {
  it('takes only string fields of a payload', () => {
    const event = lifecycleEventFrom(
      { eventId: 'e1', eventType: 'ORDER', orderId: 42, transactionId: 'T', timestamp: '2024-05-01T10:00:00', extra: 'x' },
      { valid: false, where: 'f.json:1' },
    );
    expect(event).toEqual({ valid: false, eventId: 'e1', eventType: 'ORDER', transactionId: 'T', timestamp: '2024-05-01T10:00:00', where: 'f.json:1' });
    expect(lifecycleEventFrom([1, 2], { valid: false })).toEqual({ valid: false });
  });

  it('digestPayload ignores key order and whitespace; digestBytes does not', () => {
    const a = JSON.parse('{"eventId":"e1","nested":{"b":1,"a":[1,2]}}') as unknown;
    const b = JSON.parse('{ "nested": { "a": [1, 2], "b": 1 }, "eventId": "e1" }') as unknown;
    expect(digestPayload(a)).toBe(digestPayload(b));
    expect(digestPayload(a)).not.toBe(digestPayload({ eventId: 'e1', nested: { a: [2, 1], b: 1 } }));
    expect(digestBytes('{"a":1}')).not.toBe(digestBytes('{ "a": 1 }'));
    expect(digestPayload(a)).toMatch(/^[\w-]{22}$/);
  });
});
