/**
 * Turns fetch events into human lines or JSON lines. JSON: one line per
 * document, `{"ref","transactionId","docType","format","path","bytes","contentType",
 * "status","error"?,"hint"?,"summary"?}`. Human lines show text a webhook sender chose
 * (transactionIds, server messages) through printable(); JSON stays exact.
 */
import type { ChalkInstance } from 'chalk';
import { formatBytes } from '../core/format.js';
import { printable } from '../core/printable.js';
import type { FetchOutcome } from '../documents/batch.js';
import { summaryLines } from './opentrans-lines.js';

/** The summary block fits an 80-column terminal (it wraps; nothing is cut). */
const SUMMARY_WIDTH = 80;

/** The next step for a failed outcome: its own, else the one for its kind. */
export function hintOf(o: FetchOutcome): string | undefined {
  if (o.status !== 'failed') return undefined;
  return o.hint;
}

export function jsonOutcome(o: FetchOutcome): Record<string, unknown> {
  const hint = hintOf(o);
  return {
    ref: o.target.ref,
    transactionId: o.target.transactionId ?? null,
    docType: o.target.docType ?? null,
    format: o.target.format ?? null,
    path: o.path ?? null,
    bytes: o.bytes,
    contentType: o.contentType ?? null,
    status: o.status,
    ...(o.error !== undefined ? { error: o.error } : {}),
    ...(hint !== undefined ? { hint } : {}),
    ...(o.summary !== undefined ? { summary: o.summary } : {}),
    ...(o.summaryError !== undefined ? { summaryError: o.summaryError } : {}),
  };
}

/** `DOCTYPE.format transactionId` as people see it. */
export function documentLabel(target: FetchOutcome['target'], color?: ChalkInstance): string {
  const id = printable(target.transactionId ?? target.ref);
  const name = `${target.docType ?? '?'}${target.format ? `.${target.format}` : ''}`;
  return `${printable(name)} ${color ? color.dim(id) : id}`;
}

/** Human lines for one document (stdout); a failure is followed by its `fix:` line. */
export function outcomeLines(o: FetchOutcome, color: ChalkInstance, prefix = ''): string[] {
  const what = documentLabel(o.target, color);
  const lines: string[] = [];
  const path = o.path === undefined ? undefined : printable(o.path);
  if (o.status === 'downloaded') lines.push(`${prefix}${color.green('✓')} ${what} → ${path ?? 'stdout'} (${formatBytes(o.bytes)})`);
  else if (o.status === 'skipped') lines.push(`${prefix}${color.yellow('•')} ${what} already at ${path ?? '?'} (skipped; --force to fetch again)`);
  else {
    lines.push(`${prefix}${color.red('✗')} ${what}: ${printable(o.error ?? 'failed')}`);
    const hint = hintOf(o);
    if (hint) lines.push(`  ${color.dim(`fix: ${printable(hint)}`)}`);
  }
  if (o.fullyChecked === false) lines.push(`  ${color.dim('(large document: only its start and end were checked for well-formed XML)')}`);
  if (o.summary) lines.push(...summaryLines(o.summary, SUMMARY_WIDTH - 2).map((l) => `  ${l}`));
  if (o.summaryError) lines.push(`  ${color.yellow('summary:')} ${printable(o.summaryError)}`);
  return lines;
}

export function totalsLine(outcomes: FetchOutcome[], stopped: string | undefined, notAttempted: number): string {
  const count = (s: FetchOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const parts = [`${count('downloaded')} downloaded`, `${count('skipped')} skipped`, `${count('failed')} failed`];
  if (stopped) parts.push(`${notAttempted} not attempted (stopped: ${printable(stopped)})`);
  return parts.join(', ');
}
