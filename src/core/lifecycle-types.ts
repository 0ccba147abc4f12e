/**
 * What the deal tracker (lifecycle.ts) gives back: per deal a verdict, per added event a
 * change. These shapes are what `captures deals --json`, `validate --lifecycle --json`,
 * listen's CI goal and the inspector build on.
 */

import type { LifecycleEvent } from './lifecycle-input.js';
import type { LifecycleProblem } from './lifecycle-rules.js';
import type { EventType } from './payload-rules.js';

/** One event of a deal, compact, in the order received. */
export interface DealEvent {
  eventType?: string;
  transactionStatus?: string;
  eventId?: string;
  documentId?: string;
  timestamp?: string;
  receivedAt?: string;
  valid: boolean;
  where?: string;
}

export interface DealVerdict {
  transactionId: string;
  /** The first orderId seen in the deal. */
  orderId: string | undefined;
  itscopeOrderId: string | undefined;
  events: DealEvent[];
  /** Types with at least one valid event, in lifecycle order. */
  typesSeen: EventType[];
  missing: EventType[];
  complete: boolean;
  errors: LifecycleProblem[];
  warnings: LifecycleProblem[];
  /** Repeats of an event already seen (same eventId, same body): fine, not counted again. */
  retries: number;
}

export interface DealChange {
  /** The deal the event belongs to; undefined for an event without transactionId. */
  transactionId: string | undefined;
  /** The deal's verdict, built when read: read it before the next add() to see the deal as of this event. */
  readonly deal: DealVerdict | undefined;
  /** Whether the deal is complete now (cheap, unlike `deal`). */
  complete: boolean;
  /** The event repeated one already seen (same eventId and body). */
  retry: boolean;
  becameComplete: boolean;
  newErrors: LifecycleProblem[];
  newWarnings: LifecycleProblem[];
}

export interface DealTrackerStats {
  events: number;
  deals: number;
  complete: number;
  /** Deals whose verdict has errors (with requireComplete, incomplete deals too). */
  withErrors: number;
  /** Events without transactionId: they cannot be grouped into a deal. */
  ungrouped: number;
  retries: number;
}

export interface DealTrackerOptions {
  /** Report an incomplete deal as an error instead of a warning (the user asked for complete deals). */
  requireComplete?: boolean | undefined;
}

export interface DealTracker {
  add(event: LifecycleEvent): DealChange;
  deal(transactionId: string): DealVerdict | undefined;
  /** Every deal, in the order first seen. */
  deals(): IterableIterator<DealVerdict>;
  stats(): DealTrackerStats;
}
