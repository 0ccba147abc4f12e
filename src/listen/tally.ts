/** Counts for the summary listen prints when it stops, and the CI-mode goal. */
import type { Problem } from '../core/payload-rules.js';
import type { ReceiverEvent } from '../receiver/events.js';

export interface Tally {
  /** New webhooks captured (duplicates not counted). */
  captured: number;
  byType: Record<string, number>;
  valid: number;
  invalid: number;
  notJson: number;
  duplicates: number;
  rejected: number;
  rejectedBy: Record<string, number>;
  forwarded: number;
  forwardFailed: number;
  errors: number;
}

/** A counter keyed by text a sender chose: no prototype, so "__proto__" or "constructor" is a key like any other. */
function counter(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

export function createTally(): Tally {
  return {
    captured: 0,
    byType: counter(),
    valid: 0,
    invalid: 0,
    notJson: 0,
    duplicates: 0,
    rejected: 0,
    rejectedBy: counter(),
    forwarded: 0,
    forwardFailed: 0,
    errors: 0,
  };
}

export function count(tally: Tally, event: ReceiverEvent): void {
  switch (event.type) {
    case 'webhook': {
      if (event.duplicate) {
        tally.duplicates++;
        return;
      }
      tally.captured++;
      const type = event.capture.eventType ?? '(none)';
      tally.byType[type] = (tally.byType[type] ?? 0) + 1;
      if (!event.json) tally.notJson++;
      else if (event.valid) tally.valid++;
      else tally.invalid++;
      return;
    }
    case 'rejected':
      tally.rejected++;
      tally.rejectedBy[event.reason] = (tally.rejectedBy[event.reason] ?? 0) + 1;
      return;
    case 'forwarded':
      if (event.ok) tally.forwarded++;
      else tally.forwardFailed++;
      return;
    case 'error':
      tally.errors++;
  }
}

export interface GoalOptions {
  maxEvents?: number | undefined;
  expect?: readonly string[] | undefined;
  /** --expect-deals: also wait until this goal is satisfied (and fail when it failed). */
  deals?: { satisfied(): boolean; failure(): string | undefined } | undefined;
  /** An invalid payload fails the run. */
  strict?: boolean;
  /** The clock for arrival times (ms). */
  now?: () => number;
}

export type GoalState = { done: false } | { done: true; ok: true; reason: string } | { done: true; ok: false; reason: string };

export interface Goal {
  observe(event: ReceiverEvent): GoalState;
  /** Expected types still missing. */
  missing(): string[];
  accepted(): number;
  /** When each expected type first arrived (ms, from `now`). */
  arrivals(): ReadonlyMap<string, number>;
  /** The invalid payload that failed a --strict run. */
  invalid(): { eventId: string | undefined; eventType: string | undefined; errors: Problem[] } | undefined;
}

/**
 * CI mode: satisfied after maxEvents accepted events, once every expected type has
 * arrived and the deal goal is satisfied; with strict, failed by the first invalid payload
 * (and by a lifecycle error, which the deal goal reports). Duplicates do not count.
 */
export function createGoal(options: GoalOptions): Goal {
  const waiting = new Set(options.expect ?? []);
  const arrivals = new Map<string, number>();
  const now = options.now ?? Date.now;
  let accepted = 0;
  let invalid: ReturnType<Goal['invalid']>;
  const hasGoal = options.maxEvents !== undefined || options.expect !== undefined || options.deals !== undefined;
  return {
    observe(event) {
      if (event.type !== 'webhook' || event.duplicate) return { done: false };
      if (options.strict && !event.valid) {
        const first = event.errors[0];
        invalid = { eventId: event.capture.eventId, eventType: event.capture.eventType, errors: event.errors };
        return {
          done: true,
          ok: false,
          reason: `invalid payload${event.capture.eventId ? ` ${event.capture.eventId}` : ''}: ${first ? `${first.path}: ${first.message}` : 'not valid'}`,
        };
      }
      const dealFailure = options.deals?.failure();
      if (dealFailure !== undefined) return { done: true, ok: false, reason: dealFailure };
      if (!event.json) return { done: false };
      accepted++;
      const type = event.capture.eventType;
      if (type !== undefined && waiting.delete(type)) arrivals.set(type, now());
      const enough = options.maxEvents === undefined || accepted >= options.maxEvents;
      const deals = options.deals === undefined || options.deals.satisfied();
      if (enough && deals && waiting.size === 0 && hasGoal) {
        const reason =
          options.deals !== undefined
            ? 'every expected deal is complete'
            : options.maxEvents !== undefined
              ? `${accepted} event${accepted === 1 ? '' : 's'} received`
              : 'every expected type arrived';
        return { done: true, ok: true, reason };
      }
      return { done: false };
    },
    missing: () => [...waiting],
    accepted: () => accepted,
    arrivals: () => arrivals,
    invalid: () => invalid,
  };
}
