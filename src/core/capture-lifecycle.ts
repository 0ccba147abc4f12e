/**
 * A stored capture as a deal tracker event (core/lifecycle.ts). The capture record keeps
 * the key fields but neither itscopeOrderId nor timestamp, so the body is parsed for
 * them; the body digest lets the tracker tell a retry from a changed body. Used by
 * `captures deals` (reading the store) and `listen --expect-deals` (as webhooks arrive).
 */
import { type CaptureRecord, captureBody } from './capture.js';
import { digestBytes, digestPayload, type LifecycleEvent, lifecycleEventFrom } from './lifecycle-input.js';

/**
 * The tracker keeps eventType and transactionStatus of every event; JSON.parse makes a
 * new string for each, so the few distinct values are shared instead (a 100k-capture
 * store keeps one "DELIVERY", not 25,000). Bounded: odd values beyond it are kept as they are.
 */
const SHARED_LIMIT = 256;

export interface CaptureEventOptions {
  /** Strings to share across events (one per reader). */
  shared?: Map<string, string>;
}

function share(shared: Map<string, string> | undefined, value: string | undefined): string | undefined {
  if (shared === undefined || value === undefined || value.length > 32) return value;
  const known = shared.get(value);
  if (known !== undefined) return known;
  if (shared.size < SHARED_LIMIT) shared.set(value, value);
  return value;
}

/**
 * `where` names the capture in messages ("capture #42"); the tracker uses it only for an
 * event without eventId, so it is given only then (one string less per event to keep).
 */
export function captureLifecycleEvent(capture: CaptureRecord, where?: string, options: CaptureEventOptions = {}): LifecycleEvent {
  const bytes = captureBody(capture);
  let event: LifecycleEvent;
  try {
    const payload: unknown = JSON.parse(bytes.toString('utf8'));
    event = lifecycleEventFrom(payload, { valid: capture.valid, receivedAt: capture.receivedAt, bodyDigest: digestPayload(payload) });
  } catch {
    // Not JSON: only the record's own fields are known (the capture of a bad webhook).
    event = lifecycleEventFrom(capture, { valid: capture.valid, receivedAt: capture.receivedAt, bodyDigest: digestBytes(bytes) });
  }
  if (event.eventId === undefined && where !== undefined) event.where = where;
  event.eventType = share(options.shared, event.eventType);
  event.transactionStatus = share(options.shared, event.transactionStatus);
  return event;
}
