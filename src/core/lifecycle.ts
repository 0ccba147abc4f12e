/**
 * An incremental deal tracker: feed it one webhook at a time (from a capture store, files,
 * a running receiver) and ask at any point for each deal's verdict. Used by `captures
 * deals`, `validate --lifecycle`, `listen --expect-deals` and the inspector. Memory per
 * event is a few short strings (no bodies); per eventId one digest, across all deals, for
 * the "same eventId, different body" rule. The rules are in lifecycle-rules.ts and
 * docs/lifecycle.md.
 */

import { comparableTime, fieldsDigest, type LifecycleEvent } from './lifecycle-input.js';
import {
  bodyChanged,
  duplicateDocument,
  eventName,
  idChanged,
  incomplete,
  LIFECYCLE_RANK,
  type LifecycleProblem,
  notListed,
  outOfOrder,
  type Stamped,
  unknownEventType,
} from './lifecycle-rules.js';
import type { DealChange, DealEvent, DealTracker, DealTrackerOptions, DealVerdict } from './lifecycle-types.js';
import { EVENT_TYPES, type EventType, isEventType } from './payload-rules.js';

export type { LifecycleEvent } from './lifecycle-input.js';
export type { LifecycleCode, LifecycleProblem } from './lifecycle-rules.js';
export type * from './lifecycle-types.js';

interface IdSeen {
  value: string;
  name: string;
  eventId: string | undefined;
}

interface DealState {
  transactionId: string;
  orderId: IdSeen | undefined;
  itscopeOrderId: IdSeen | undefined;
  events: DealEvent[];
  /** Bit per lifecycle rank: types with a valid event, types that arrived at all. */
  valid: number;
  arrived: number;
  earliest: Array<Stamped | undefined>;
  latest: Array<Stamped | undefined>;
  errors: LifecycleProblem[];
  warnings: LifecycleProblem[];
  /** Values already reported as changed ids, so an alternating id is reported once per value. */
  reported: Set<string> | undefined;
  /** First event per (eventType, documentId), for the duplicate-document rule. */
  documents: Map<string, { eventId: string | undefined; name: string }> | undefined;
  /** Problems beyond MAX_LISTED per code, counted but not kept. */
  unlisted: Map<string, number> | undefined;
  retries: number;
}

/** Problems kept per deal and code; a deal of 100k load-test events must not keep 100k warnings. */
const MAX_LISTED = 20;

const ALL_TYPES = (1 << EVENT_TYPES.length) - 1;

function compact(event: LifecycleEvent): DealEvent {
  const out: DealEvent = { valid: event.valid };
  if (event.eventType !== undefined) out.eventType = event.eventType;
  if (event.transactionStatus !== undefined) out.transactionStatus = event.transactionStatus;
  if (event.eventId !== undefined) out.eventId = event.eventId;
  if (event.documentId !== undefined) out.documentId = event.documentId;
  if (event.timestamp !== undefined) out.timestamp = event.timestamp;
  if (event.receivedAt !== undefined) out.receivedAt = event.receivedAt;
  if (event.where !== undefined) out.where = event.where;
  return out;
}

export function createDealTracker(options: DealTrackerOptions = {}): DealTracker {
  const deals = new Map<string, DealState>();
  const digests = new Map<string, { digest: string; deal: DealState | undefined }>();
  let events = 0;
  let ungrouped = 0;
  let retries = 0;

  function verdictOf(deal: DealState): DealVerdict {
    const typesSeen = EVENT_TYPES.filter((t) => deal.valid & (1 << LIFECYCLE_RANK[t]));
    const missing = EVENT_TYPES.filter((t) => !(deal.valid & (1 << LIFECYCLE_RANK[t])));
    const errors = [...deal.errors];
    const warnings = [...deal.warnings];
    for (const [key, count] of deal.unlisted ?? []) {
      const [severity, code] = key.split(':') as ['error' | 'warning', LifecycleProblem['code']];
      (severity === 'error' ? errors : warnings).push(notListed(code, count));
    }
    if (missing.length > 0) {
      const arrivedInvalid = missing.filter((t) => deal.arrived & (1 << LIFECYCLE_RANK[t]));
      (options.requireComplete ? errors : warnings).push(incomplete(missing, arrivedInvalid));
    }
    return {
      transactionId: deal.transactionId,
      orderId: deal.orderId?.value,
      itscopeOrderId: deal.itscopeOrderId?.value,
      events: deal.events.slice(),
      typesSeen,
      missing,
      complete: missing.length === 0,
      errors,
      warnings,
      retries: deal.retries,
    };
  }

  function checkId(
    deal: DealState,
    field: 'orderId' | 'itscopeOrderId',
    value: string | undefined,
    name: string,
    eventId: string | undefined,
  ): LifecycleProblem | undefined {
    if (value === undefined || value === '') return undefined;
    const first = deal[field];
    if (!first) {
      deal[field] = { value, name, eventId };
      return undefined;
    }
    if (first.value === value) return undefined;
    const key = `${field}\u0000${value}`;
    deal.reported ??= new Set();
    if (deal.reported.has(key)) return undefined;
    deal.reported.add(key);
    return idChanged(field, first, { value, name, eventId });
  }

  function checkOrder(deal: DealState, me: Stamped, time: string): LifecycleProblem | undefined {
    const rank = LIFECYCLE_RANK[me.eventType];
    let found: LifecycleProblem | undefined;
    for (let r = 0; r < EVENT_TYPES.length && !found; r++) {
      const early = r < rank ? deal.latest[r] : undefined;
      const late = r > rank ? deal.earliest[r] : undefined;
      if (early && (comparableTime(early.timestamp) as string) > time) found = outOfOrder(early, me);
      else if (late && (comparableTime(late.timestamp) as string) < time) found = outOfOrder(me, late);
    }
    const earliest = deal.earliest[rank];
    const latest = deal.latest[rank];
    if (!earliest || (comparableTime(earliest.timestamp) as string) > time) deal.earliest[rank] = me;
    if (!latest || (comparableTime(latest.timestamp) as string) < time) deal.latest[rank] = me;
    return found;
  }

  function newDeal(transactionId: string): DealState {
    const deal: DealState = {
      transactionId,
      orderId: undefined,
      itscopeOrderId: undefined,
      events: [],
      valid: 0,
      arrived: 0,
      earliest: [],
      latest: [],
      errors: [],
      warnings: [],
      reported: undefined,
      documents: undefined,
      unlisted: undefined,
      retries: 0,
    };
    deals.set(transactionId, deal);
    return deal;
  }

  function add(event: LifecycleEvent): DealChange {
    events++;
    const tid = typeof event.transactionId === 'string' && event.transactionId.trim() !== '' ? event.transactionId : undefined;
    const name = eventName(event.eventId, event.where);
    const newErrors: LifecycleProblem[] = [];
    const newWarnings: LifecycleProblem[] = [];

    let digest: string | undefined;
    if (event.eventId !== undefined) {
      digest = event.bodyDigest !== undefined ? `b${event.bodyDigest}` : `f${fieldsDigest(event)}`;
      const seen = digests.get(event.eventId);
      if (seen && seen.digest[0] === digest[0] && seen.digest !== digest) {
        newErrors.push(bodyChanged(event.eventId, name, seen.deal?.transactionId, tid));
        digest = undefined;
      } else if (seen) {
        // Same body again (or bodies that cannot be compared): a retry, counted once.
        const deal = tid === undefined ? undefined : deals.get(tid);
        retries++;
        if (deal) deal.retries++;
        return change(tid, deal, { retry: true, becameComplete: false, newErrors, newWarnings });
      }
    }
    const deal = tid === undefined ? undefined : (deals.get(tid) ?? newDeal(tid));
    if (event.eventId !== undefined && digest !== undefined) digests.set(event.eventId, { digest, deal });
    if (!deal) {
      ungrouped++;
      return change(undefined, undefined, { retry: false, becameComplete: false, newErrors, newWarnings });
    }

    const wasComplete = deal.valid === ALL_TYPES;
    for (const field of ['orderId', 'itscopeOrderId'] as const) {
      const changed = checkId(deal, field, event[field], name, event.eventId);
      if (changed) newErrors.push(changed);
    }
    if (isEventType(event.eventType ?? '')) {
      const eventType = event.eventType as EventType;
      const bit = 1 << LIFECYCLE_RANK[eventType];
      deal.arrived |= bit;
      if (event.valid) deal.valid |= bit;
      if (event.documentId !== undefined) {
        const key = `${eventType}\u0000${event.documentId}`;
        deal.documents ??= new Map();
        const first = deal.documents.get(key);
        if (!first) deal.documents.set(key, { eventId: event.eventId, name });
        else if (first.eventId === undefined || first.eventId !== event.eventId)
          newWarnings.push(duplicateDocument(eventType, event.documentId, first, { name, eventId: event.eventId }));
      }
      const time = comparableTime(event.timestamp);
      if (time !== undefined) {
        const late = checkOrder(deal, { eventType, timestamp: event.timestamp as string, eventId: event.eventId, name }, time);
        if (late) newWarnings.push(late);
      }
    } else {
      newWarnings.push(unknownEventType(event.eventType, name));
    }
    deal.events.push(compact(event));
    keep(deal, 'error', deal.errors, newErrors);
    keep(deal, 'warning', deal.warnings, newWarnings);
    return change(tid, deal, { retry: false, becameComplete: !wasComplete && deal.valid === ALL_TYPES, newErrors, newWarnings });
  }

  function keep(deal: DealState, severity: 'error' | 'warning', list: LifecycleProblem[], problems: LifecycleProblem[]): void {
    for (const p of problems) {
      if (list.filter((q) => q.code === p.code).length < MAX_LISTED) {
        list.push(p);
      } else {
        deal.unlisted ??= new Map();
        const key = `${severity}:${p.code}`;
        deal.unlisted.set(key, (deal.unlisted.get(key) ?? 0) + 1);
      }
    }
  }

  function change(
    transactionId: string | undefined,
    deal: DealState | undefined,
    what: Pick<DealChange, 'retry' | 'becameComplete' | 'newErrors' | 'newWarnings'>,
  ): DealChange {
    return {
      transactionId,
      get deal() {
        return deal && verdictOf(deal);
      },
      complete: deal !== undefined && deal.valid === ALL_TYPES,
      ...what,
    };
  }

  return {
    add,
    deal(transactionId) {
      const deal = deals.get(transactionId);
      return deal && verdictOf(deal);
    },
    *deals() {
      for (const deal of deals.values()) yield verdictOf(deal);
    },
    stats() {
      let complete = 0;
      let withErrors = 0;
      for (const deal of deals.values()) {
        const isComplete = deal.valid === ALL_TYPES;
        if (isComplete) complete++;
        if (deal.errors.length > 0 || (options.requireComplete && !isComplete)) withErrors++;
      }
      return { events, deals: deals.size, complete, withErrors, ungrouped, retries };
    },
  };
}
