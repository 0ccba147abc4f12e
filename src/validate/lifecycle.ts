/**
 * `validate --lifecycle`: besides each payload's own check, the payloads are grouped into
 * deals (one transactionId each) and judged by the lifecycle rules (core/lifecycle.ts,
 * docs/lifecycle.md). "Arrival" is the order of the files and records as given. Each
 * event is named by where it is (`file:line` for NDJSON, `file[index]` for a JSON
 * document) in messages and in the JUnit report.
 */
import type { ChalkInstance } from 'chalk';
import { plural } from '../core/format.js';
import { createDealTracker, type DealTracker, type DealVerdict, type LifecycleProblem } from '../core/lifecycle.js';
import { digestPayload, lifecycleEventFrom } from '../core/lifecycle-input.js';
import type { PayloadRecord } from '../core/payload-text.js';
import { dealLine, problemLines } from '../ui/deal-lines.js';
import type { RecordResult } from './inputs.js';

/** Where a record is: "events.ndjson:3", "payloads.json[2]", "stdin:1". */
export function recordWhere(file: string, record: { line?: number | undefined; index?: number | undefined }): string {
  const name = file === '-' || file === '(stdin)' ? 'stdin' : file;
  return record.line !== undefined ? `${name}:${record.line}` : `${name}[${record.index ?? 0}]`;
}

export interface LifecycleCheck {
  tracker: DealTracker;
  /** The onRecord hook for one input file. */
  recordsOf(file: string): (item: PayloadRecord, result: RecordResult) => void;
}

export function createLifecycleCheck(): LifecycleCheck {
  const tracker = createDealTracker();
  return {
    tracker,
    recordsOf: (file) => (item, result) => {
      if (item.value === undefined) return; // not JSON: no deal to put it in
      tracker.add(lifecycleEventFrom(item.value, { valid: result.valid, bodyDigest: digestPayload(item.value), where: recordWhere(file, item) }));
    },
  };
}

/** A deal fails on a lifecycle error; with --strict on a warning too (incomplete, out of order, …). */
export function dealFails(deal: DealVerdict, strict: boolean): boolean {
  return deal.errors.length > 0 || (strict && deal.warnings.length > 0);
}

function problemJson(x: LifecycleProblem): Record<string, unknown> {
  return { code: x.code, message: x.message, hint: x.hint, eventIds: x.eventIds };
}

/** The --json report's "deals": [{"transactionId","orderId","complete","errors":[…],"warnings":[…]}]. */
export function dealsJson(deals: readonly DealVerdict[]): Array<Record<string, unknown>> {
  return deals.map((d) => ({
    transactionId: d.transactionId,
    orderId: d.orderId ?? null,
    complete: d.complete,
    errors: d.errors.map(problemJson),
    warnings: d.warnings.map(problemJson),
  }));
}

/** Deals shown in human output (those with problems); the rest are counted. */
const SHOWN_DEALS = 50;

/** The human section: a heading with counts, then each deal with a problem (incomplete included) and its problems. */
export function dealSectionLines(check: LifecycleCheck, deals: readonly DealVerdict[], c: ChalkInstance): string[] {
  const stats = check.tracker.stats();
  const ungrouped = stats.ungrouped > 0 ? `; ${plural(stats.ungrouped, 'payload')} without transactionId` : '';
  const lines = [
    '',
    c.bold(
      `${plural(stats.deals, 'deal')}: ${stats.complete} complete, ${stats.deals - stats.complete} incomplete, ${stats.withErrors} with lifecycle errors${ungrouped}`,
    ),
  ];
  const troubled = deals.filter((d) => d.errors.length > 0 || d.warnings.length > 0);
  for (const deal of troubled.slice(0, SHOWN_DEALS)) lines.push(dealLine(deal, c), ...problemLines(deal, c));
  if (troubled.length > SHOWN_DEALS) lines.push(c.dim(`… and ${troubled.length - SHOWN_DEALS} more deals with problems (use --json for all)`));
  return lines;
}
