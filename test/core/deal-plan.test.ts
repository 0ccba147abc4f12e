import { describe, expect, it } from 'vitest';
import { dealFacts, MAX_DELIVERIES, uuidV7Time } from '../../src/core/deal-facts.js';
import { type DealPlanOptions, dealLifecycle, planDeals, stepLabel } from '../../src/core/deal-plan.js';
import { UserError } from '../../src/core/errors.js';
import { createDealTracker } from '../../src/core/lifecycle.js';
import { lifecycleEventFrom } from '../../src/core/lifecycle-input.js';
import { checkPayload } from '../../src/core/payload-schema.js';
import { seededRandom } from '../../src/core/samples.js';

const NOW = new Date('2024-05-01T08:00:00Z');
const plan = (options: Partial<DealPlanOptions> = {}) =>
  planDeals({ deals: 3, deliveries: 2, intervalMs: 1000, random: seededRandom(7), now: () => NOW, ...options });

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('planDeals', () => {
  it('gives N × (3 + K) payloads, each passing the payload schema', () => {
    const { steps, deals } = plan({ deals: 4, deliveries: 3 });
    expect(steps).toHaveLength(4 * 6);
    expect(deals).toHaveLength(4);
    for (const step of steps) expect(checkPayload(step.payload)).toEqual({ valid: true, errors: [], warnings: [], eventId: step.payload.eventId });
  });

  it('shares orderId, itscopeOrderId and transactionId within a deal, all from dealFacts', () => {
    const { steps, deals } = plan();
    for (const deal of deals) {
      const facts = dealFacts(deal.transactionId);
      const own = steps.filter((s) => s.deal === deal.index).map((s) => s.payload);
      expect(own).toHaveLength(5);
      for (const p of own) {
        expect(p).toMatchObject({ transactionId: deal.transactionId, orderId: facts.orderId, itscopeOrderId: facts.itscopeOrderId });
        expect(p.documentUrl).toContain(`/business/documents/${deal.transactionId}/`);
      }
    }
    expect(new Set(deals.map((d) => d.transactionId)).size).toBe(3);
    expect(new Set(deals.map((d) => d.orderId)).size).toBe(3);
  });

  it('gives every payload its own eventId and documentId', () => {
    const { steps } = plan({ deals: 5, deliveries: 4 });
    expect(new Set(steps.map((s) => s.payload.eventId)).size).toBe(steps.length);
    expect(new Set(steps.map((s) => s.payload.documentId)).size).toBe(steps.length);
  });

  it('walks each deal through the lifecycle with a known status per step and non-decreasing timestamps', () => {
    const { steps } = plan({ deliveries: 3, intervalMs: 700 });
    for (let deal = 0; deal < 3; deal++) {
      const own = steps.filter((s) => s.deal === deal);
      expect(own.map((s) => stepLabel(s))).toEqual(['ORDER', 'ORDERRESPONSE', 'DELIVERY 1/3', 'DELIVERY 2/3', 'DELIVERY 3/3', 'INVOICE']);
      expect(own.map((s) => s.payload.transactionStatus)).toEqual(['ARRIVED', 'CONFIRMED', 'ADVISED', 'ADVISED', 'ADVISED', 'INVOICED']);
      const stamps = own.map((s) => s.payload.timestamp);
      expect([...stamps].sort()).toEqual(stamps);
      expect(own.map((s) => s.atMs)).toEqual([0, 1, 2, 3, 4, 5].map((i) => own[0]!.atMs + i * 700));
    }
  });

  it('staggers deals and interleaves them round-robin', () => {
    const { steps, durationMs } = plan({ deals: 3, deliveries: 1, intervalMs: 900 });
    expect(steps.slice(0, 6).map((s) => [s.atMs, s.deal, s.eventType])).toEqual([
      [0, 0, 'ORDER'],
      [300, 1, 'ORDER'],
      [600, 2, 'ORDER'],
      [900, 0, 'ORDERRESPONSE'],
      [1200, 1, 'ORDERRESPONSE'],
      [1500, 2, 'ORDERRESPONSE'],
    ]);
    expect(durationMs).toBe(600 + 3 * 900);
  });

  it('with interval 0 sends everything at once, still round-robin by step', () => {
    const { steps, durationMs } = plan({ deals: 2, deliveries: 1, intervalMs: 0 });
    expect(durationMs).toBe(0);
    expect(steps.map((s) => `${s.deal}:${s.eventType}`)).toEqual([
      '0:ORDER',
      '1:ORDER',
      '0:ORDERRESPONSE',
      '1:ORDERRESPONSE',
      '0:DELIVERY',
      '1:DELIVERY',
      '0:INVOICE',
      '1:INVOICE',
    ]);
  });

  it('is deterministic with a seeded generator and a fixed clock', () => {
    expect(plan()).toEqual(plan());
    expect(plan().deals[0]?.transactionId).not.toBe(plan({ random: seededRandom(8) }).deals[0]?.transactionId);
  });

  it('makes UUIDv7 transactionIds that carry the deal start, so ORDER_DATE equals the ORDER timestamp', () => {
    const { steps, deals } = plan({ intervalMs: 2000 });
    deals.forEach((deal) => {
      const order = steps.find((s) => s.deal === deal.index && s.eventType === 'ORDER');
      expect(uuidV7Time(deal.transactionId)?.getTime()).toBe(NOW.getTime() + order!.atMs);
      expect(dealFacts(deal.transactionId).orderDate).toBe(order?.payload.timestamp);
    });
  });

  it('gives the last DELIVERY the same documentId whatever the number of shipments', () => {
    const last = (deliveries: number) =>
      plan({ deals: 1, deliveries, overrides: { transactionId: 'any id' } })
        .steps.filter((s) => s.eventType === 'DELIVERY')
        .at(-1)?.payload.documentId;
    expect(last(1)).toBe(dealFacts('any id').documentIds.finalDispatch);
    expect(last(3)).toBe(last(1));
    expect(last(MAX_DELIVERIES)).toBe(last(1));
  });

  it('feeds the lifecycle tracker N complete deals without problems', () => {
    const tracker = createDealTracker({ requireComplete: true });
    for (const step of plan({ deals: 4, deliveries: 3 }).steps) tracker.add(lifecycleEventFrom(step.payload, { valid: true }));
    const verdicts = [...tracker.deals()];
    expect(verdicts).toHaveLength(4);
    for (const v of verdicts) expect(v).toMatchObject({ complete: true, errors: [], warnings: [] });
  });

  it('sends only the selected types (--type) and one deal for --type all', () => {
    const { steps } = plan({ deals: 2, deliveries: 2, types: ['ORDER', 'INVOICE'] });
    expect(steps.map((s) => `${s.deal}:${s.eventType}:${s.atMs}`)).toEqual(['0:ORDER:0', '1:ORDER:500', '0:INVOICE:1000', '1:INVOICE:1500']);
    expect(plan({ deals: 1, deliveries: 1 }).steps.map((s) => s.eventType)).toEqual(['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE']);
  });

  it('applies overrides to a single deal; --status to every payload', () => {
    const { steps } = plan({ deals: 1, overrides: { orderId: 'MY-PO', transactionId: 'T&<1>"', itscopeOrderId: 'MY-ITS' } });
    for (const s of steps) {
      expect(s.payload).toMatchObject({ orderId: 'MY-PO', itscopeOrderId: 'MY-ITS', transactionId: 'T&<1>"' });
      expect(checkPayload(s.payload).valid).toBe(true);
    }
    expect(plan({ deals: 2, overrides: { transactionStatus: 'PROCESSING' } }).steps.every((s) => s.payload.transactionStatus === 'PROCESSING')).toBe(true);
    const one = plan({ deals: 1, deliveries: 1, types: ['INVOICE'], overrides: { documentId: 'DOC-1' } });
    expect(one.steps.map((s) => s.payload.documentId)).toEqual(['DOC-1']);
  });

  it.each([
    [{ orderId: 'X' }, '--order-id names one deal; with --deals 3 every deal gets its own'],
    [{ itscopeOrderId: 'X' }, '--itscope-order-id names one deal; with --deals 3 every deal gets its own'],
    [{ transactionId: 'X' }, '--transaction-id names one deal; with --deals 3 every deal gets its own'],
    [{ documentId: 'X' }, '--document-id names one deal; with --deals 3 every deal gets its own'],
  ])('refuses %o with more than one deal', (overrides, message) => {
    const error = userError(() => plan({ deals: 3, overrides }));
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(2);
    expect(error.hint).toMatch(/--deals 1/);
  });

  it('refuses --document-id for a deal of several webhooks', () => {
    expect(userError(() => plan({ deals: 1, overrides: { documentId: 'X' } })).message).toBe(
      '--document-id names one document; this deal has 5 webhooks, each with its own document',
    );
  });

  it.each([
    [{ deals: 0 }, '--deals must be a whole number from 1 to 1000, got 0'],
    [{ deals: 1.5 }, '--deals must be a whole number from 1 to 1000, got 1.5'],
    [{ deliveries: 0 }, `--deliveries must be a whole number from 1 to ${MAX_DELIVERIES}, got 0`],
    [{ deliveries: MAX_DELIVERIES + 1 }, `--deliveries must be a whole number from 1 to ${MAX_DELIVERIES}, got ${MAX_DELIVERIES + 1}`],
    [{ intervalMs: -1 }, '--interval must be a duration of 0 or more, got -1 ms'],
    [{ types: [] }, '--type selects no event type'],
  ])('refuses %o', (options, message) => {
    expect(userError(() => plan(options as Partial<DealPlanOptions>)).message).toBe(message);
  });

  it('lists a deal’s lifecycle', () => {
    expect(dealLifecycle(2).map((s) => stepLabel(s))).toEqual(['ORDER', 'ORDERRESPONSE', 'DELIVERY 1/2', 'DELIVERY 2/2', 'INVOICE']);
    expect(dealLifecycle(1).map((s) => stepLabel(s))).toEqual(['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE']);
  });
});
