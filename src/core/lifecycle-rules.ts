/**
 * The deal lifecycle rules: their stable codes, severities, messages and fix hints. Each
 * is explained in docs/lifecycle.md with what ITscope documents and what we decided.
 * ITscope documents the sequence ORDER → ORDERRESPONSE → DELIVERY (one per shipment) →
 * INVOICE per transactionId, but neither retries nor delivery order nor the list of
 * transactionStatus values.
 */
import { EVENT_TYPES, type EventType } from './payload-rules.js';

export const LIFECYCLE_CODES = [
  'order-id-changed',
  'itscope-order-id-changed',
  'event-body-changed',
  'incomplete',
  'out-of-order',
  'duplicate-document',
  'unknown-event-type',
] as const;
export type LifecycleCode = (typeof LIFECYCLE_CODES)[number];

export interface LifecycleProblem {
  code: LifecycleCode;
  message: string;
  hint: string;
  /** The events the problem is about (first the earlier one). */
  eventIds: string[];
}

export const LIFECYCLE_HINTS: Readonly<Record<LifecycleCode, string>> = {
  'order-id-changed':
    'all webhooks of one deal (transactionId) carry the same orderId; look for a sender that reuses a transactionId for another order, or an app that rewrites orderId',
  'itscope-order-id-changed':
    'all webhooks of one deal (transactionId) carry the same itscopeOrderId; look for a sender that reuses a transactionId for another order',
  'event-body-changed':
    'eventId is the idempotency key: a retry repeats the same body; keep the first body and alert on a changed one instead of processing it as the same event',
  incomplete:
    'a deal is complete after ORDER, ORDERRESPONSE, at least one DELIVERY and INVOICE; ITscope sends each when the supplier confirms, ships and invoices, so wait, or send the missing types with `itscope-hooks send --transaction-id …`',
  'out-of-order':
    'ITscope does not promise delivery order; handle a later lifecycle step before an earlier one (e.g. store a DELIVERY whose ORDERRESPONSE has not arrived) instead of rejecting it',
  'duplicate-document':
    'ITscope may announce the same document again under a new eventId; make your handler idempotent on (eventType, documentId) as well, not only on eventId',
  'unknown-event-type': `only ${EVENT_TYPES.join(', ')} belong to a deal's lifecycle; check the eventType spelling (upper case)`,
};

/** Lifecycle rank: ORDER 0 < ORDERRESPONSE 1 < DELIVERY 2 < INVOICE 3 (DELIVERYs among themselves in any order). */
export const LIFECYCLE_RANK: Readonly<Record<EventType, number>> = { ORDER: 0, ORDERRESPONSE: 1, DELIVERY: 2, INVOICE: 3 };

export function problem(code: LifecycleCode, message: string, eventIds: Array<string | undefined> = []): LifecycleProblem {
  return { code, message, hint: LIFECYCLE_HINTS[code], eventIds: eventIds.filter((id): id is string => id !== undefined) };
}

/** `event e1` or `the event at file.json:3` or `an event without eventId`, for messages. */
export function eventName(eventId: string | undefined, where: string | undefined): string {
  if (eventId !== undefined) return `event ${eventId}`;
  return where !== undefined ? `the event at ${where}` : 'an event without eventId';
}

export function idChanged(
  field: 'orderId' | 'itscopeOrderId',
  first: { value: string; name: string; eventId?: string | undefined },
  next: { value: string; name: string; eventId?: string | undefined },
): LifecycleProblem {
  const code = field === 'orderId' ? 'order-id-changed' : 'itscope-order-id-changed';
  return problem(code, `${field} changed within the deal: "${first.value}" (${first.name}), then "${next.value}" (${next.name})`, [
    first.eventId,
    next.eventId,
  ]);
}

export function bodyChanged(eventId: string, name: string, firstDeal: string | undefined, thisDeal: string | undefined): LifecycleProblem {
  const elsewhere = firstDeal !== thisDeal ? ` (first seen in deal ${firstDeal === undefined ? 'without transactionId' : `"${firstDeal}"`})` : '';
  return problem('event-body-changed', `eventId ${eventId} arrived again with a different body${elsewhere}; ${name} is not a retry of the first`, [eventId]);
}

export function incomplete(missing: readonly EventType[], invalidOnly: readonly EventType[]): LifecycleProblem {
  const notes = invalidOnly.length > 0 ? ` (${invalidOnly.join(', ')} arrived but failed validation)` : '';
  return problem('incomplete', `deal incomplete: missing ${missing.join(', ')}${notes}`);
}

export interface Stamped {
  eventType: EventType;
  timestamp: string;
  eventId?: string | undefined;
  name: string;
}

/** `late` is a later lifecycle step stamped before `early`. */
export function outOfOrder(early: Stamped, late: Stamped): LifecycleProblem {
  return problem(
    'out-of-order',
    `${late.eventType} ${late.name} is stamped ${late.timestamp}, before ${early.eventType} ${early.name} at ${early.timestamp}; the lifecycle is ${EVENT_TYPES.join(' → ')}`,
    [early.eventId, late.eventId],
  );
}

export function duplicateDocument(
  eventType: string,
  documentId: string,
  first: { name: string; eventId?: string | undefined },
  next: { name: string; eventId?: string | undefined },
): LifecycleProblem {
  return problem(
    'duplicate-document',
    `${eventType} document ${documentId} announced twice under different eventIds: ${first.name}, then ${next.name} (likely a duplicate delivery)`,
    [first.eventId, next.eventId],
  );
}

export function unknownEventType(eventType: string | undefined, name: string): LifecycleProblem {
  return problem(
    'unknown-event-type',
    eventType === undefined
      ? `${name} has no eventType; it does not count toward the deal`
      : `${name} has eventType "${eventType}", which is not part of the lifecycle; it does not count toward the deal`,
  );
}

/** Stands for the problems of one code a deal had beyond the listed ones. */
export function notListed(code: LifecycleCode, count: number): LifecycleProblem {
  return problem(code, `${count} more ${code} problem${count === 1 ? '' : 's'} in this deal, not listed`);
}
