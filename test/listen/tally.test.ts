import { describe, expect, it } from 'vitest';
import type { EventType } from '../../src/core/payload-rules.js';
import { createSample } from '../../src/core/samples.js';
import { createDealGoal } from '../../src/listen/deal-goal.js';
import { createGoal } from '../../src/listen/tally.js';
import type { WebhookEvent } from '../../src/receiver/events.js';
import { webhookEvent as webhook } from '../support/capture-records.js';

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
    expect(strict.observe(webhook({ valid: false, errors: [{ path: '$.a', message: 'b', hint: '' }] }))).toEqual({
      done: true,
      ok: false,
      reason: 'invalid payload e1: $.a: b',
    });
  });
});

describe('deal goal (--expect-deals)', () => {
  const deal = (tid: string, orderId = 'PO-1') =>
    ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE'].map((type, i) => {
      const payload = { ...createSample(type as EventType, { seed: i + 1 }), transactionId: tid, orderId, documentUrl: undefined };
      const body = JSON.stringify(payload);
      const base = webhook({}, type, `${tid}-e${i}`);
      return { ...base, capture: { ...base.capture, body, transactionId: tid, orderId } };
    });

  it('is met once N deals are complete; duplicates (retries) and other deals in progress do not count', () => {
    const deals = createDealGoal(2, false);
    const goal = createGoal({ deals });
    const [a, b] = [deal('TX-A'), deal('TX-B')];
    const states = [];
    for (const event of [...(a as WebhookEvent[]), { ...(a[0] as WebhookEvent), duplicate: true }, ...(b.slice(0, 3) as WebhookEvent[])]) {
      deals.observe(event);
      states.push(goal.observe(event).done);
    }
    expect(states.every((done) => !done)).toBe(true);
    expect(deals.complete()).toBe(1);
    const last = b[3] as WebhookEvent;
    expect(deals.observe(last)?.becameComplete).toBe(true);
    expect(goal.observe(last)).toEqual({ done: true, ok: true, reason: 'every expected deal is complete' });
  });

  it('--strict: a lifecycle error fails the run, naming the deal', () => {
    const deals = createDealGoal(1, true);
    const goal = createGoal({ deals, strict: true });
    const [order] = deal('TX-C', 'PO-1');
    const [, response] = deal('TX-C', 'PO-2');
    for (const event of [order, response] as WebhookEvent[]) deals.observe(event);
    expect(goal.observe(response as WebhookEvent)).toMatchObject({
      done: true,
      ok: false,
      reason: expect.stringMatching(/^lifecycle error in deal TX-C: orderId changed/),
    });
    expect(deals.failedBy()?.problem.code).toBe('order-id-changed');
  });
});
