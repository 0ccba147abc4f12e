// Capture records as the receiver stores them, for tests that prepare a capture store, and
// the receiver's `webhook` event around one, for tests of what listen makes of it.
import { CAPTURE_KIND, type CaptureRecord, encodeBody } from '../../src/core/capture.js';
import type { WebhookEvent } from '../../src/receiver/events.js';

export function makeCapture(bytes: Buffer | string, extra: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    kind: CAPTURE_KIND,
    v: 1,
    receivedAt: new Date().toISOString(),
    method: 'POST',
    path: '/',
    query: '',
    remoteAddress: '127.0.0.1',
    headers: { 'content-type': 'application/json' },
    ...encodeBody(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)),
    valid: true,
    errors: [],
    warnings: [],
    status: 200,
    ...extra,
  };
}

/** A valid webhook of `type`, stored as capture 3 at 13:04:05 local time; `extra` overrides the event's fields. */
export function webhookEvent(extra: Partial<WebhookEvent> = {}, type = 'DELIVERY', eventId = 'e1'): WebhookEvent {
  return {
    type: 'webhook',
    capture: {
      ...makeCapture('{}', {
        receivedAt: new Date(2026, 0, 2, 13, 4, 5).toISOString(),
        headers: {},
        eventId,
        eventType: type,
        transactionStatus: 'ADVISED',
        orderId: 'O-1',
        documentId: 'D-1',
      }),
      seq: 3,
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
