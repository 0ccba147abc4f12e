/**
 * validate's human lines: one per file, then each problem with its fix. A payload is named
 * by where it is (`line 3`, `[2]`); a capture by its eventId and when it was received, the
 * handles `captures show` and `--since` take (issue 19), not by its line in a journal.
 */

import type { Problem } from '../core/payload-rules.js';
import { printable as p } from '../core/printable.js';
import { wrapIndented } from '../ui/fit.js';
import type { Output } from '../ui/output.js';
import type { FileResult, RecordResult, summarize } from './inputs.js';

/** Torn journal lines are skipped with a warning, as `captures` does; they never fail validate. */
export function tornText(torn: number): string {
  return `${torn} torn record${torn === 1 ? '' : 's'} skipped (a capture journal line cut short by a crash or edited)`;
}

function where(record: RecordResult): string {
  if (record.line !== undefined) return `line ${record.line}`;
  if (record.index !== undefined) return `[${record.index}]`;
  return '';
}

function renderProblems(out: Output, label: string, problems: Problem[], mark: string): void {
  const c = out.color;
  for (const problem of problems) {
    out.line(`    ${mark} ${label ? `${c.dim(label)} ` : ''}${c.cyan(p(problem.path))} ${p(problem.message)}`);
    out.line(`      ${c.dim(`fix: ${p(problem.hint)}`)}`);
  }
}

/** A capture: a heading with its eventId and received time, its problems below, wrapped to `width`. */
function renderCapture(out: Output, record: RecordResult, width: number): void {
  const c = out.color;
  const mark = record.errors.length > 0 ? c.red('✗') : c.yellow('⚠');
  const id = record.eventId !== undefined ? p(record.eventId) : '(no eventId)';
  out.line(`    ${mark} ${id} received ${p(record.receivedAt ?? '?')}`);
  const problems: Array<[Problem, string]> = [
    ...record.errors.map((e): [Problem, string] => [e, c.red('✗')]),
    ...record.warnings.map((w): [Problem, string] => [w, c.yellow('⚠')]),
  ];
  for (const [problem, problemMark] of problems) {
    const [first = '', ...rest] = wrapIndented(`${p(problem.path)} ${p(problem.message)}`, width - 8, 0);
    out.line(`      ${problemMark} ${first}`);
    for (const line of rest) out.line(`        ${line}`);
    for (const line of wrapIndented(`fix: ${p(problem.hint)}`, width - 8, 5)) out.line(`        ${c.dim(line)}`);
  }
}

/** `width`: the columns capture problems are wrapped to. */
export function renderFile(out: Output, file: FileResult, width: number): void {
  const c = out.color;
  const { counts } = file;
  const path = p(file.path);
  if (file.error) {
    out.line(`${c.red('✗')} ${path}  ${c.red(file.error)}`);
    return;
  }
  const plural = counts.records === 1 ? 'payload' : 'payloads';
  if (counts.records === 0) {
    out.line(`${c.yellow('–')} ${path}  ${c.dim(file.skipped ? 'no captures since --since' : 'no payloads')}`);
  } else if (counts.invalid === 0) {
    const warn = counts.warnings > 0 ? c.yellow(`, ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}`) : '';
    out.line(`${c.green('✓')} ${path}  ${c.dim(`${counts.records} ${plural}`)}${warn}`);
  } else {
    out.line(`${c.red('✗')} ${path}  ${c.red(`${counts.invalid} of ${counts.records} ${plural} invalid`)}`);
  }
  if (file.torn) out.line(`    ${c.yellow('⚠')} ${c.yellow(tornText(file.torn))}`);
  for (const record of file.records) {
    if (record.receivedAt !== undefined) {
      renderCapture(out, record, width);
      continue;
    }
    const single = counts.records === 1 && record.index === 0;
    const label = [single ? '' : where(record), record.eventId ? `(${p(record.eventId)})` : ''].filter(Boolean).join(' ');
    renderProblems(out, label, record.errors, c.red('✗'));
    renderProblems(out, label, record.warnings, c.yellow('⚠'));
  }
  const hidden = counts.invalid - file.records.filter((r) => !r.valid).length;
  if (hidden > 0) out.line(`    ${c.dim(`… and ${hidden} more invalid payloads (use --json for all)`)}`);
}

/** The last line: counts over all files, and the captures --since left out. */
export function renderSummary(out: Output, summary: ReturnType<typeof summarize> & { skipped?: number }, fileCount: number): void {
  const c = out.color;
  const parts = [
    `${summary.records} payload${summary.records === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}`,
    c.green(`${summary.valid} valid`),
    summary.invalid > 0 ? c.red(`${summary.invalid} invalid`) : `${summary.invalid} invalid`,
  ];
  if (summary.warnings > 0) parts.push(c.yellow(`${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`));
  const left = summary.skipped ? c.dim(`; ${summary.skipped} older capture${summary.skipped === 1 ? '' : 's'} left out (--since)`) : '';
  out.line('');
  out.line(`${parts[0]}: ${parts.slice(1).join(', ')}${left}`);
}
