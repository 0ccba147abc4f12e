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
import { DEFAULT_WIDTH, displayPath, displayWidth, fitPath, shortId, wrapIndented } from './fit.js';
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

/** `DOCTYPE.format transactionId` as people see it (`short`: the transactionId shortened). */
export function documentLabel(target: FetchOutcome['target'], color?: ChalkInstance, short = false): string {
  const full = printable(target.transactionId ?? target.ref);
  const id = short ? shortId(full, 8, 0) : full;
  const name = `${target.docType ?? '?'}${target.format ? `.${target.format}` : ''}`;
  return `${printable(name)} ${color ? color.dim(id) : id}`;
}

/** How outcomeLines lays a document out. */
export interface OutcomeLayout {
  /** Before the mark: `[2/4] ` (fetch-doc --all), two spaces under listen's lines. */
  prefix?: string;
  /** Spaces before a continuation or `fix:` line (default 2). */
  indent?: number;
  /** Columns to fit (ui/width.ts); default 80. */
  width?: number;
  /** Paths inside this folder are shown relative to it. */
  cwd?: string;
  /** Added to a skipped line, below it when it does not fit: fetch-doc's `--force fetches it again` (listen has no --force). */
  skippedNote?: string;
}

/**
 * Human lines for one document (stdout); a failure is followed by its `fix:` line. Each
 * line fits `width`: a saved document is shown by its path (relative to `cwd`, which names
 * its transactionId and type; a long transactionId in it is shortened when the line would
 * not fit), a failure by its type and transactionId, its message wrapped below.
 */
export function outcomeLines(o: FetchOutcome, color: ChalkInstance, layout: OutcomeLayout = {}): string[] {
  const { prefix = '', indent = 2, width = DEFAULT_WIDTH, cwd } = layout;
  const pad = ' '.repeat(indent);
  const lead = displayWidth(prefix) + 2;
  const shown = (path: string, room: number) => fitPath(printable(cwd ? displayPath(path, cwd) : path), Math.max(20, room));
  const lines: string[] = [];
  if (o.status === 'downloaded') {
    const size = ` (${formatBytes(o.bytes)})`;
    const where = o.path === undefined ? `${documentLabel(o.target, color)} → stdout` : shown(o.path, width - lead - size.length);
    lines.push(`${prefix}${color.green('✓')} ${where}${color.dim(size)}`);
  } else if (o.status === 'skipped') {
    const note = ' (on disk)';
    const where = o.path === undefined ? documentLabel(o.target, color) : shown(o.path, width - lead - note.length);
    const line = `${prefix}${color.yellow('•')} ${where}${color.dim(note)}`;
    const also = layout.skippedNote ? ` (on disk; ${layout.skippedNote})` : undefined;
    if (also === undefined) lines.push(line);
    else if (displayWidth(line) - note.length + also.length <= width) lines.push(`${prefix}${color.yellow('•')} ${where}${color.dim(also)}`);
    else lines.push(line, `${pad}${color.dim(layout.skippedNote ?? '')}`);
  } else {
    const error = printable(o.error ?? 'failed');
    const whole = `${prefix}${color.red('✗')} ${documentLabel(o.target, color)}: ${error}`;
    if (displayWidth(whole) <= width) lines.push(whole);
    else {
      const head = `${prefix}${color.red('✗')} ${documentLabel(o.target, color, true)}:`;
      const room = width - displayWidth(head) - 1;
      const [first = '', ...rest] = room >= 20 ? wrapIndented(error, width, indent, room) : ['', ...wrapIndented(error, width - indent, 0)];
      lines.push(first === '' ? head : `${head} ${first}`, ...rest.map((l) => (room >= 20 ? l : `${pad}${l}`)));
    }
    const hint = hintOf(o);
    if (hint) lines.push(...wrapIndented(`fix: ${printable(hint)}`, width - indent, 5).map((l) => `${pad}${color.dim(l)}`));
  }
  if (o.fullyChecked === false) lines.push(`${pad}${color.dim('(large document: only its start and end were checked for well-formed XML)')}`);
  // The summary sits under its document line (80 columns at most, whatever the terminal).
  if (o.summary) lines.push(...summaryLines(o.summary, SUMMARY_WIDTH - indent).map((l) => `${pad}${l}`));
  if (o.summaryError) lines.push(...wrapIndented(`${color.yellow('summary:')} ${printable(o.summaryError)}`, width - indent, 9).map((l) => `${pad}${l}`));
  return lines;
}

/** `skippedNote`: what to say after the skipped count when there are any (fetch-doc: `--force fetches them again`). */
export function totalsLine(outcomes: FetchOutcome[], stopped: string | undefined, notAttempted: number, skippedNote?: string): string {
  const count = (s: FetchOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const skipped = count('skipped');
  const parts = [
    `${count('downloaded')} downloaded`,
    `${skipped} skipped${skipped > 0 && skippedNote ? ` (already on disk; ${skippedNote})` : ''}`,
    `${count('failed')} failed`,
  ];
  if (stopped) parts.push(`${notAttempted} not attempted (stopped: ${printable(stopped)})`);
  return parts.join(', ');
}
