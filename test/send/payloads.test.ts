import { describe, expect, test } from 'vitest';
import { dealFacts } from '../../src/core/deal-facts.js';
import { planDeals } from '../../src/core/deal-plan.js';
import { checkPayload } from '../../src/core/payload-schema.js';
import { seededRandom } from '../../src/core/samples.js';
import { dealSource, rawSource, sampleSource } from '../../src/send/payloads.js';

describe('sampleSource', () => {
  test('one valid payload per type of the same order, compact JSON as JSON.stringify writes it', () => {
    const source = sampleSource({ types: ['ORDER', 'DELIVERY'], now: () => new Date('2023-10-17T09:01:36Z') });
    expect(source.total).toBe(2);
    const payloads = [source.at(0), source.at(1)];
    const parsed = payloads.map((p) => JSON.parse(String(p.body)) as Record<string, unknown>);
    expect(parsed.map((p) => p.eventType)).toEqual(['ORDER', 'DELIVERY']);
    expect(parsed[0]?.timestamp).toBe('2023-10-17T11:01:36');
    expect(parsed[0]?.transactionId).toBe(parsed[1]?.transactionId);
    for (const [i, p] of payloads.entries()) {
      expect(String(p.body)).toBe(JSON.stringify(parsed[i]));
      expect(p.eventId).toBe(parsed[i]?.eventId);
      expect(checkPayload(parsed[i], { strict: true })).toMatchObject({ valid: true, warnings: [] });
    }
    expect(String(payloads[1]?.body)).toContain('/DISPATCHNOTIFICATION.xml');
  });
  test("load mode takes one deal's ids from dealFacts, so mock-api's documents agree", () => {
    const source = sampleSource({ types: ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE'], count: 8 });
    const parsed = Array.from({ length: 8 }, (_, i) => JSON.parse(String(source.at(i).body)) as Record<string, string>);
    const tid = parsed[0]?.transactionId as string;
    const facts = dealFacts(tid);
    // A fresh UUIDv7 per run: the deal's time travels in the id.
    expect(tid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const p of parsed) expect(p).toMatchObject({ transactionId: tid, orderId: facts.orderId, itscopeOrderId: facts.itscopeOrderId });
    expect(parsed.slice(0, 4).map((p) => p.documentId)).toEqual([
      facts.documentIds.ORDER,
      facts.documentIds.ORDERRESPONSE,
      facts.documentIds.finalDispatch,
      facts.documentIds.INVOICE,
    ]);
    const pinned = JSON.parse(String(sampleSource({ types: ['ORDER'], overrides: { transactionId: 'T-7' } }).at(0).body));
    expect(pinned).toMatchObject({ transactionId: 'T-7', orderId: dealFacts('T-7').orderId, documentId: dealFacts('T-7').documentIds.ORDER });
  });
  test('load mode cycles through the types with a fresh eventId each time', () => {
    const source = sampleSource({ types: ['ORDER', 'ORDERRESPONSE', 'INVOICE'], count: 300 });
    expect(source.total).toBe(300);
    const all = Array.from({ length: 300 }, (_, i) => source.at(i));
    expect(new Set(all.map((p) => p.eventId)).size).toBe(300);
    expect(all.slice(0, 4).map((p) => p.eventType)).toEqual(['ORDER', 'ORDERRESPONSE', 'INVOICE', 'ORDER']);
  });
  test('overrides and apiBase flow into the payload and its documentUrl', () => {
    const p = JSON.parse(
      String(
        sampleSource({ types: ['INVOICE'], overrides: { transactionId: 'T-1', transactionStatus: 'COMPLETED' }, apiBase: 'http://127.0.0.1:8766/2.1' }).at(0)
          .body,
      ),
    );
    expect(p).toMatchObject({
      transactionId: 'T-1',
      transactionStatus: 'COMPLETED',
      documentUrl: 'http://127.0.0.1:8766/2.1/business/documents/T-1/INVOICE.xml',
    });
  });
  test('load mode builds every payload on demand with a fresh eventId, cycling through the types', () => {
    // How fast this is, is bench/send.mjs's business (send's rate against autocannon).
    const source = sampleSource({ types: ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE'], count: 50_000 });
    const ids = new Set<string>();
    let bytes = 0;
    for (let i = 0; i < 50_000; i++) {
      const payload = source.at(i);
      bytes += (payload.body as string).length;
      ids.add(payload.eventId ?? '');
    }
    expect(source.total).toBe(50_000);
    expect(ids.size).toBe(50_000);
    expect(bytes).toBeGreaterThan(50_000 * 300);
    expect(source.at(49_999).eventType).toBe('INVOICE');
  });
});

test("dealSource: the plan's payloads in order, tagged with deal (1-based) and step, each due at its time", () => {
  const plan = planDeals({ deals: 2, deliveries: 2, intervalMs: 1000, random: seededRandom(7), now: () => new Date('2024-05-01T08:00:00Z') });
  const source = dealSource(plan);
  expect(source.total).toBe(10);
  const all = Array.from({ length: 10 }, (_, i) => ({ ...source.at(i), due: source.dueMs?.(i) }));
  expect(all.slice(0, 6).map((p) => [p.deal, p.step, p.due])).toEqual([
    [1, 'ORDER', 0],
    [2, 'ORDER', 500],
    [1, 'ORDERRESPONSE', 1000],
    [2, 'ORDERRESPONSE', 1500],
    [1, 'DELIVERY 1/2', 2000],
    [2, 'DELIVERY 1/2', 2500],
  ]);
  for (const [i, p] of all.entries()) {
    expect(p.body).toBe(JSON.stringify(plan.steps[i]?.payload));
    expect(p.eventId).toBe(plan.steps[i]?.payload.eventId);
  }
});

test('rawSource hands back the recorded bytes', () => {
  const body = Buffer.from('{"a":1}');
  const s = rawSource([{ body, contentType: 'text/plain', eventType: undefined, eventId: 'x', label: 'l' }]);
  expect(s.total).toBe(1);
  expect(s.at(0)).toEqual({ body, contentType: 'text/plain', eventType: undefined, eventId: 'x' });
});
