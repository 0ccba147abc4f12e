/**
 * What `listen --expect-deals` adds to the output: a line when a deal becomes complete,
 * one per lifecycle problem as it appears, the deals in the summary, and at a failed end
 * each incomplete deal with the types it still misses. Human lines pass what a sender
 * chose through printable(); JSON lines stay exact.
 */
import type { ChalkInstance } from 'chalk';
import { plural } from '../core/format.js';
import type { DealChange, DealVerdict, LifecycleProblem } from '../core/lifecycle.js';
import { printable as p } from '../core/printable.js';
import type { DealGoal } from './deal-goal.js';

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
function clock(date: Date): string {
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

function problems(change: DealChange): Array<{ severity: 'error' | 'warning'; problem: LifecycleProblem }> {
  return [
    ...change.newErrors.map((problem) => ({ severity: 'error' as const, problem })),
    ...change.newWarnings.map((problem) => ({ severity: 'warning' as const, problem })),
  ];
}

/** JSON lines for a change: {"type":"lifecycle",…} per new problem, {"type":"deal",…} when the deal became complete. */
export function dealChangeJson(change: DealChange, goal: DealGoal): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = problems(change).map(({ severity, problem }) => ({
    type: 'lifecycle',
    transactionId: change.transactionId ?? null,
    severity,
    code: problem.code,
    message: problem.message,
    hint: problem.hint,
    eventIds: problem.eventIds,
  }));
  if (change.becameComplete) {
    const deal = change.deal;
    lines.push({
      type: 'deal',
      transactionId: change.transactionId ?? null,
      orderId: deal?.orderId ?? null,
      complete: true,
      completeDeals: goal.complete(),
      expectedDeals: goal.expected,
    });
  }
  return lines;
}

/** Human lines for a change. */
export function dealChangeLines(change: DealChange, goal: DealGoal, c: ChalkInstance, now = new Date()): string[] {
  const tid = p(change.transactionId ?? '(no transactionId)');
  const lines: string[] = [];
  for (const { severity, problem } of problems(change)) {
    const mark = severity === 'error' ? c.red('✗') : c.yellow('⚠');
    lines.push(`${c.dim(clock(now))} ${mark} deal ${tid}: ${c.dim(problem.code)} ${p(problem.message)}`);
    lines.push(`         ${c.dim(`fix: ${p(problem.hint)}`)}`);
  }
  if (change.becameComplete) {
    const order = change.deal?.orderId;
    lines.push(
      `${c.dim(clock(now))} ${c.green('✓')} deal ${tid}${order ? ` (order ${p(order)})` : ''} ${c.green('complete')} ${c.dim(`— ${goal.complete()} of ${goal.expected} expected`)}`,
    );
  }
  return lines;
}

/** The deals of a run that are not complete, newest knowledge first seen first. */
export function incompleteDeals(goal: DealGoal): DealVerdict[] {
  return goal.deals().filter((d) => !d.complete);
}

/**
 * At a failed end: each incomplete deal with what it misses, and the deals that never
 * showed up. Plain text: it becomes part of the error message (escaped there).
 */
export function missingDealLines(goal: DealGoal): string[] {
  const lines = incompleteDeals(goal).map((d) => `  ○ deal ${d.transactionId}${d.orderId ? ` (order ${d.orderId})` : ''}: missing ${d.missing.join(', ')}`);
  const unseen = goal.expected - goal.complete() - incompleteDeals(goal).length;
  if (unseen > 0) lines.push(`  ○ ${plural(unseen, 'more deal')} expected: no webhook of ${unseen === 1 ? 'it' : 'them'} arrived`);
  return lines;
}

/** The summary's deal counts (human). */
export function dealSummaryLine(goal: DealGoal): string {
  const deals = goal.deals();
  const withErrors = deals.filter((d) => d.errors.some((e) => e.code !== 'incomplete')).length;
  return `  deals ${deals.length} seen, ${goal.complete()} complete (${goal.expected} expected), ${withErrors} with lifecycle errors`;
}

/** The summary's deal counts (--json): {"expected","seen","complete","withErrors","incomplete":[{"transactionId","orderId","missing"}]}. */
export function dealSummaryJson(goal: DealGoal): Record<string, unknown> {
  const deals = goal.deals();
  return {
    expected: goal.expected,
    seen: deals.length,
    complete: goal.complete(),
    withErrors: deals.filter((d) => d.errors.some((e) => e.code !== 'incomplete')).length,
    incomplete: incompleteDeals(goal).map((d) => ({ transactionId: d.transactionId, orderId: d.orderId ?? null, missing: d.missing })),
  };
}
