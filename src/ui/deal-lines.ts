/**
 * Deals as people read them, shared by `captures deals`, `validate --lifecycle` and
 * `listen --expect-deals`: a mark, the events as a trail ("ORDER ARRIVED → DELIVERY
 * ADVISED ×2"), what is missing, and each problem with its fix. Text a sender chose
 * (ids, statuses, messages quoting them) goes through printable().
 */
import type { ChalkInstance } from 'chalk';
import type { DealEvent, DealVerdict, LifecycleProblem } from '../core/lifecycle.js';
import { printable as p } from '../core/printable.js';
import { truncate } from './fit.js';

/** Steps shown in a trail; a load test's thousands of events in one deal collapse to runs anyway. */
const TRAIL_STEPS = 8;
/** Longest transactionId shown in full (a UUID is 36 characters). */
const ID_WIDTH = 36;

/** ✗ errors, ○ incomplete, ✓ complete. */
export function dealMark(deal: DealVerdict, c: ChalkInstance): string {
  if (deal.errors.length > 0) return c.red('✗');
  return deal.complete ? c.green('✓') : c.yellow('○');
}

/** A transactionId to show: in full up to 36 characters (a UUID), else cut with "…". */
function dealId(id: string): string {
  return truncate(p(id), ID_WIDTH);
}

function stepText(e: DealEvent): string {
  return [e.eventType ?? '(no type)', e.transactionStatus].filter(Boolean).join(' ');
}

/** The events in the order received, repeated steps as "×N", invalid ones marked ✗. */
export function eventTrail(events: readonly DealEvent[], c: ChalkInstance): string {
  const runs: Array<{ text: string; valid: boolean; count: number }> = [];
  for (const e of events) {
    const text = stepText(e);
    const last = runs[runs.length - 1];
    if (last && last.text === text && last.valid === e.valid) last.count++;
    else runs.push({ text, valid: e.valid, count: 1 });
  }
  const shown = runs.slice(0, TRAIL_STEPS).map((r) => {
    const label = `${p(r.text)}${r.count > 1 ? ` ×${r.count}` : ''}`;
    return r.valid ? label : c.red(`${label} ✗`);
  });
  if (runs.length > TRAIL_STEPS) shown.push(c.dim(`… ${runs.length - TRAIL_STEPS} more`));
  return shown.join(c.dim(' → ')) || c.dim('(no events)');
}

/** "complete", or what is missing. */
export function completeness(deal: DealVerdict, c: ChalkInstance): string {
  return deal.complete ? c.green('complete') : c.yellow(`missing ${deal.missing.join(', ')}`);
}

/** The problems worth listing: errors and warnings, but not "incomplete" (the line says what is missing). */
export function listedProblems(deal: DealVerdict): Array<{ severity: 'error' | 'warning'; problem: LifecycleProblem }> {
  return [
    ...deal.errors.filter((x) => x.code !== 'incomplete').map((problem) => ({ severity: 'error' as const, problem })),
    ...deal.warnings.filter((x) => x.code !== 'incomplete').map((problem) => ({ severity: 'warning' as const, problem })),
  ];
}

/** One line per problem and its fix hint, indented. */
export function problemLines(deal: DealVerdict, c: ChalkInstance, indent = '    '): string[] {
  const lines: string[] = [];
  for (const { severity, problem } of listedProblems(deal)) {
    const mark = severity === 'error' ? c.red('✗') : c.yellow('⚠');
    lines.push(`${indent}${mark} ${c.dim(problem.code)} ${p(problem.message)}`);
    lines.push(`${indent}  ${c.dim(`fix: ${p(problem.hint)}`)}`);
  }
  return lines;
}

/** One line for a deal: mark, transactionId, orderId, the trail, complete or what is missing, problem count. */
export function dealLine(deal: DealVerdict, c: ChalkInstance): string {
  const listed = listedProblems(deal);
  const problems = listed.length;
  const paint = listed.some((x) => x.severity === 'error') ? c.red : c.yellow;
  const count = problems === 0 ? '' : `  ${paint(`${problems} problem${problems === 1 ? '' : 's'}`)}`;
  return `${dealMark(deal, c)} ${c.bold(dealId(deal.transactionId))}  order ${p(deal.orderId ?? '-')}  ${eventTrail(deal.events, c)}  ${completeness(deal, c)}${count}`;
}
