/**
 * `listen --expect-deals N`: every accepted webhook goes into a deal tracker
 * (core/lifecycle.ts); the goal is met once N deals are complete (ORDER, ORDERRESPONSE,
 * at least one DELIVERY and INVOICE, each valid). With --strict the first lifecycle
 * error (a changed orderId, a changed body under one eventId) fails the run. Only what
 * this run receives counts, not captures of earlier runs.
 */
import { captureLifecycleEvent } from '../core/capture-lifecycle.js';
import { createDealTracker, type DealChange, type DealVerdict, type LifecycleProblem } from '../core/lifecycle.js';
import type { WebhookEvent } from '../receiver/events.js';

export interface DealGoal {
  readonly expected: number;
  /**
   * Feeds one webhook; a body that is not JSON is left out. Duplicates go in too: the
   * receiver stores an eventId once, but only the tracker can tell a retry (same body,
   * counted once) from the same eventId with a changed body (a lifecycle error).
   */
  observe(event: WebhookEvent): DealChange | undefined;
  satisfied(): boolean;
  /** Why a --strict run failed on a lifecycle error, once it did. */
  failure(): string | undefined;
  /** The deal whose error failed the run, and that error. */
  failedBy(): { transactionId: string; problem: LifecycleProblem } | undefined;
  /** When each deal became complete (ms, from `now`). */
  completedAt(transactionId: string): number | undefined;
  deals(): DealVerdict[];
  complete(): number;
}

export function createDealGoal(expected: number, strict: boolean, now: () => number = Date.now): DealGoal {
  // Incomplete deals are errors in the verdicts: the user asked for complete ones.
  const tracker = createDealTracker({ requireComplete: true });
  const shared = new Map<string, string>();
  const completed = new Map<string, number>();
  let failedBy: { transactionId: string; problem: LifecycleProblem } | undefined;
  return {
    expected,
    observe(event) {
      if (!event.json) return undefined;
      const change = tracker.add(captureLifecycleEvent(event.capture, `capture #${event.capture.seq}`, { shared }));
      if (change.becameComplete && change.transactionId !== undefined) completed.set(change.transactionId, now());
      const first = change.newErrors[0];
      if (strict && failedBy === undefined && first !== undefined) failedBy = { transactionId: change.transactionId ?? '(no transactionId)', problem: first };
      return change;
    },
    satisfied: () => completed.size >= expected,
    failure: () => (failedBy ? `lifecycle error in deal ${failedBy.transactionId}: ${failedBy.problem.message}` : undefined),
    failedBy: () => failedBy,
    completedAt: (transactionId) => completed.get(transactionId),
    deals: () => [...tracker.deals()],
    complete: () => completed.size,
  };
}
