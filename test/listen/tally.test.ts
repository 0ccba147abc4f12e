import { describe, expect, it } from 'vitest';
import { CAPTURE_KIND } from '../../src/core/capture.js';
import { createGoal } from '../../src/listen/tally.js';
import type { WebhookEvent } from '../../src/receiver/events.js';

function webhook(extra: Partial<WebhookEvent> = {}, type = 'DELIVERY', eventId = 'e1'): WebhookEvent {
  return {
    type: 'webhook',
    capture: {
      kind: CAPTURE_KIND,
      v: 1,
      seq: 3,
      receivedAt: new Date(2026, 0, 2, 13, 4, 5).toISOString(),
      method: 'POST',
      path: '/',
      query: '',
      remoteAddress: '127.0.0.1',
      headers: {},
      body: '{}',
      bodyEncoding: 'utf8',
      eventId,
      eventType: type,
      transactionStatus: 'ADVISED',
      orderId: 'O-1',
      documentId: 'D-1',
      valid: true,
      errors: [],
      warnings: [],
      status: 200,
    },
    duplicate: false,
    status: 200,
    valid: true,
    json: true,
    errors: [],
    warnings: [],
    forwarded: {},
    ...extra,
  };
}

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
