/**
 * How `send` shows its results: human lines (colored by the caller's chalk) and the JSON
 * lines of --json. Pure: returns strings and objects.
 */
import type { ChalkInstance } from 'chalk';
import { printable as p, printableLines } from '../core/printable.js';
import type { SendResult } from './sender.js';
import type { SendSummary } from './stats.js';

/** One --json line per request: {"eventType","eventId","status","ms","ok"} (+ "deal", "step" of a deal plan, + "error"). */
export function resultJson(r: SendResult): Record<string, unknown> {
  const line: Record<string, unknown> = {
    eventType: r.eventType ?? null,
    eventId: r.eventId ?? null,
    status: r.status ?? null,
    ms: Math.round(r.ms * 100) / 100,
    ok: r.ok,
  };
  if (r.deal !== undefined) line.deal = r.deal;
  if (r.step !== undefined) line.step = r.step;
  if (r.error) line.error = r.error.message;
  else if (!r.ok && r.bodySnippet !== undefined) line.error = `HTTP ${r.status}: ${r.bodySnippet}`;
  return line;
}

/** The closing --json line; `deals` when the samples were a deal plan. */
export function summaryJson(s: SendSummary, deals?: number): Record<string, unknown> {
  return deals === undefined ? { type: 'summary', ...s } : { type: 'summary', ...s, deals };
}

function oneLine(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * A human line (plus a hint line for failures). eventType, eventId (from a --file), error
 * texts and the receiver's body are shown through printable(): control and bidi
 * characters as escapes, so neither a file nor a server can rewrite the terminal.
 */
export function resultLines(r: SendResult, c: ChalkInstance, showDeal = false): string[] {
  const mark = r.ok ? c.green('✓') : c.red('✗');
  const status = r.status === undefined ? c.red('---') : r.ok ? c.green(String(r.status)) : c.red(String(r.status));
  // With --deals: "deal 2  DELIVERY 2/3" instead of the bare type.
  const type = showDeal
    ? `${`deal ${r.deal ?? '?'}`.padEnd(8)} ${p(r.step ?? r.eventType ?? '(no type)').padEnd(14)}`
    : p(r.eventType ?? '(no type)').padEnd(13);
  const id = p(r.eventId ?? '(no eventId)').padEnd(36);
  const ms = `${r.ms < 10 ? r.ms.toFixed(1) : Math.round(r.ms)} ms`.padStart(8);
  let line = `${mark} ${status} ${type} ${c.dim(id)} ${ms}`;
  const lines: string[] = [];
  if (r.error) {
    line += `  ${c.red(p(r.error.message))}`;
    lines.push(line);
    if (r.error.hint) lines.push(`  ${c.dim('fix:')} ${p(r.error.hint)}`);
  } else if (!r.ok) {
    line += r.bodySnippet ? `  ${c.dim('body:')} ${p(oneLine(r.bodySnippet))}` : `  ${c.dim('(empty body)')}`;
    lines.push(line);
  } else {
    lines.push(line);
  }
  return lines;
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

/** The closing lines; `load` adds rate and latency percentiles, `deals` the number of deals played. */
export function summaryLines(s: SendSummary, load: boolean, c: ChalkInstance, deals?: number): string[] {
  const failed = s.non2xx + s.errors;
  const head =
    failed === 0
      ? c.green(`${s.sent} of ${s.sent} webhook${s.sent === 1 ? '' : 's'} answered 2xx`)
      : c.red(`${failed} of ${s.sent} webhook${s.sent === 1 ? '' : 's'} failed`);
  const parts = `${deals === undefined ? '' : `${deals} deal${deals === 1 ? '' : 's'}; `}${s.ok} × 2xx, ${s.non2xx} non-2xx, ${s.errors} error${s.errors === 1 ? '' : 's'}`;
  const lines = [`${head} ${c.dim(`(${parts}; ${s.ms < 10_000 ? `${s.ms} ms` : `${(s.ms / 1000).toFixed(1)} s`})`)}`];
  if (load) lines.push(`rate ${Math.round(s.rate)} req/s · latency p50 ${ms(s.p50)} · p95 ${ms(s.p95)} · p99 ${ms(s.p99)}`);
  return lines;
}

/** A payload as --dry-run shows it: pretty JSON, or with --json one compact line. */
export function dryRunText(body: string | Buffer, json: boolean): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return json ? JSON.stringify({ body: text }) : printableLines(text);
  }
  // JSON.stringify escapes control characters but not bidi ones (U+202E): printableLines does.
  return json ? JSON.stringify(parsed) : printableLines(JSON.stringify(parsed, null, 2));
}
