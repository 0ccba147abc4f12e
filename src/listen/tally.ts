/** Counts for the summary listen prints when it stops, and the CI-mode goal. */
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
  /** An invalid payload fails the run. */
  strict?: boolean;
}

export type GoalState = { done: false } | { done: true; ok: true; reason: string } | { done: true; ok: false; reason: string };

/**
 * CI mode: satisfied after maxEvents accepted events and once every expected type has
 * arrived; with strict, failed by the first invalid payload. Duplicates do not count.
 */
export function createGoal(options: GoalOptions): { observe(event: ReceiverEvent): GoalState; missing(): string[]; accepted(): number } {
  const waiting = new Set(options.expect ?? []);
  let accepted = 0;
  return {
    observe(event) {
      if (event.type !== 'webhook' || event.duplicate) return { done: false };
      if (options.strict && !event.valid) {
        const first = event.errors[0];
        return {
          done: true,
          ok: false,
          reason: `invalid payload${event.capture.eventId ? ` ${event.capture.eventId}` : ''}: ${first ? `${first.path}: ${first.message}` : 'not valid'}`,
        };
      }
      if (!event.json) return { done: false };
      accepted++;
      if (event.capture.eventType) waiting.delete(event.capture.eventType);
      const enough = options.maxEvents === undefined || accepted >= options.maxEvents;
      if (enough && waiting.size === 0 && (options.maxEvents !== undefined || options.expect !== undefined)) {
        return {
          done: true,
          ok: true,
          reason: options.maxEvents !== undefined ? `${accepted} event${accepted === 1 ? '' : 's'} received` : 'every expected type arrived',
        };
      }
      return { done: false };
    },
    missing: () => [...waiting],
    accepted: () => accepted,
  };
}
