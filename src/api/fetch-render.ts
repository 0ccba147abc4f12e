/**
 * Turns fetch events into human lines or JSON lines. JSON: one line per
 * document, `{"ref","transactionId","docType","format","path","bytes","contentType",
 * "status","error"?,"summary"?}`.
 */
import type { ChalkInstance } from 'chalk';
import { formatSummary } from '../core/opentrans-summary.js';
import type { FetchOutcome } from './fetch-batch.js';

export function jsonOutcome(o: FetchOutcome): Record<string, unknown> {
  return {
    ref: o.target.ref,
    transactionId: o.target.transactionId,
    docType: o.target.docType,
    format: o.target.format,
    path: o.path ?? null,
    bytes: o.bytes,
    contentType: o.contentType ?? null,
    status: o.status,
    ...(o.error !== undefined ? { error: o.error } : {}),
    ...(o.summary !== undefined ? { summary: o.summary } : {}),
    ...(o.summaryError !== undefined ? { summaryError: o.summaryError } : {}),
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Human lines for one document (stdout) . */
export function outcomeLines(o: FetchOutcome, color: ChalkInstance, prefix = ''): string[] {
  const what = `${o.target.docType}.${o.target.format} ${color.dim(o.target.transactionId)}`;
  const lines: string[] = [];
  if (o.status === 'downloaded') lines.push(`${prefix}${color.green('✓')} ${what} → ${o.path ?? 'stdout'} (${formatBytes(o.bytes)})`);
  else if (o.status === 'skipped') lines.push(`${prefix}${color.yellow('•')} ${what} already at ${o.path ?? '?'} (skipped; --force to fetch again)`);
  else lines.push(`${prefix}${color.red('✗')} ${what}: ${o.error ?? 'failed'}`);
  if (o.fullyChecked === false) lines.push(`  ${color.dim('(large document: only its start and end were checked for well-formed XML)')}`);
  if (o.summary) lines.push(...formatSummary(o.summary).map((l) => `  ${l}`));
  if (o.summaryError) lines.push(`  ${color.yellow('summary:')} ${o.summaryError}`);
  return lines;
}

export function totalsLine(outcomes: FetchOutcome[], stopped: string | undefined, notAttempted: number): string {
  const count = (s: FetchOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const parts = [`${count('downloaded')} downloaded`, `${count('skipped')} skipped`, `${count('failed')} failed`];
  if (stopped) parts.push(`${notAttempted} not attempted (stopped: ${stopped})`);
  return parts.join(', ');
}
