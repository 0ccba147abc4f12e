/**
 * How `send` shows its results: human lines (colored by the caller's chalk, fitted to the
 * terminal's width, ids shortened) and the JSON lines of --json (exact, full ids). Pure:
 * returns strings and objects.
 */
import type { ChalkInstance } from 'chalk';
import { printable as p, printableLines } from '../core/printable.js';
import { DEFAULT_WIDTH, displayWidth, shortId, truncate, wrap } from '../ui/fit.js';
import type { SendResult } from './sender.js';
import type { SendSummary } from './stats.js';

export interface LineOptions {
  /** With --deals: "deal 2   DELIVERY 2/3" instead of the bare type. */
  showDeal?: boolean;
  /** Columns to fit (the terminal's, else 80). */
  width?: number;
}

/**
 * A receiver's answer as one line of text: the message of a JSON `{"error":…}` (or
 * `"message"`; with the first of its `"errors"`), else the text with its line breaks and
 * runs of spaces as single spaces.
 * Not yet made printable: the caller does that.
 */
export function answerText(snippet: string): string {
  const text = snippet.trim();
  if (text.startsWith('{')) {
    let message: unknown;
    try {
      const answer = JSON.parse(text) as Record<string, unknown>;
      message = answer.error ?? answer.message;
      // listen --strict answers 422 with the problems: the first one says what is wrong.
      const first = Array.isArray(answer.errors) ? answer.errors[0] : undefined;
      if (typeof message === 'string' && typeof first === 'string') message = `${message}: ${first}`;
    } catch {
      // Cut at the snippet's length: the message may still be readable (ending in … when cut).
      const m = /"(?:error|message)"\s*:\s*"((?:[^"\\]|\\.)*)(\\?)("?)/.exec(text);
      try {
        message = m ? `${JSON.parse(`"${m[1] ?? ''}"`) as string}${m[3] ? '' : '…'}` : undefined;
      } catch {
        message = undefined;
      }
    }
    if (typeof message === 'string' && message.trim() !== '') return message.trim().replace(/\s+/g, ' ');
  }
  return text.replace(/\s+/g, ' ');
}

/** The fix for a 401: the Basic Auth the receiver wants, and where send takes it from. */
export function authFix(realm: string | undefined, authSent: boolean | undefined): string {
  const wants = realm === undefined ? 'the receiver wants Basic Auth' : `the receiver wants Basic Auth (realm "${realm}")`;
  const how = 'pass --user NAME and set ITSCOPE_WEBHOOK_PASSWORD (or `itscope-hooks init` stores both)';
  return authSent
    ? `${wants} and refused the user and password sent: check --user and ITSCOPE_WEBHOOK_PASSWORD against the receiver's (listen's --user and --password)`
    : `${wants}: ${how}`;
}

/** What to do about a result: its failure's hint, or for a 401 the Basic Auth to send. */
export function resultFix(r: SendResult): string | undefined {
  if (r.error) return r.error.hint;
  if (r.status === 401) return authFix(r.realm, r.authSent);
  return undefined;
}

/** What a result says after its status, not yet printable, and how to paint it. */
function detailOf(r: SendResult): { text: string; tone: 'error' | 'warn' } | undefined {
  if (r.error) return { text: r.error.message, tone: 'error' };
  if (!r.ok) return { text: r.bodySnippet?.trim() ? answerText(r.bodySnippet) : '(empty answer)', tone: 'error' };
  if (r.invalid) return { text: `accepted, but invalid: ${r.invalid.problem ?? 'the receiver answered "valid": false'}`, tone: 'warn' };
  return undefined;
}

/**
 * One --json line per request: {"eventType","eventId","status","ms","ok"} (+ "deal", "step"
 * of a deal plan; + "error" and "hint" for a failure; + "accepted","valid","problem" when a
 * 2xx answer called the payload invalid).
 */
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
  if (r.invalid) Object.assign(line, { accepted: true, valid: false, problem: r.invalid.problem ?? null });
  const fix = resultFix(r);
  if (fix) line.hint = fix;
  return line;
}

/** The closing --json line; `deals` when the samples were a deal plan. */
export function summaryJson(s: SendSummary, deals?: number): Record<string, unknown> {
  return deals === undefined ? { type: 'summary', ...s } : { type: 'summary', ...s, deals };
}

/** ✓ answered 2xx, ! accepted but invalid, ✗ failed. */
function markOf(r: SendResult, c: ChalkInstance): string {
  return !r.ok ? c.red('✗') : r.invalid ? c.yellow('!') : c.green('✓');
}

function statusOf(r: SendResult, c: ChalkInstance): string {
  return r.status === undefined ? c.red('---') : r.ok ? c.green(String(r.status)) : c.red(String(r.status));
}

/** Columns of the short id: `e2a6a466…592b49`. */
const ID_WIDTH = 15;

/**
 * A result as lines that fit `width`: mark, status, type (or deal and step), the short
 * eventId, the time; then what went wrong (or the receiver's verdict) on the same line
 * when it fits, else wrapped below it. eventType, eventId, error texts and the receiver's
 * answer pass through printable(): neither a file nor a server can rewrite the terminal.
 * The fix is not included: see fixLines (the caller prints each fix once).
 */
export function resultLines(r: SendResult, c: ChalkInstance, options: LineOptions = {}): string[] {
  const width = options.width ?? DEFAULT_WIDTH;
  const type = options.showDeal
    ? `${`deal ${r.deal ?? '?'}`.padEnd(8)} ${p(r.step ?? r.eventType ?? '(no type)').padEnd(14)}`
    : p(r.eventType ?? '(no type)').padEnd(13);
  const id = shortId(p(r.eventId ?? '(no eventId)')).padEnd(ID_WIDTH);
  const ms = `${r.ms < 10 ? r.ms.toFixed(1) : Math.round(r.ms)} ms`.padStart(8);
  const head = truncate(`${markOf(r, c)} ${statusOf(r, c)} ${type} ${c.dim(id)} ${ms}`, width);
  const detail = detailOf(r);
  if (!detail) return [head];
  const text = p(detail.text);
  const paint = detail.tone === 'error' ? c.red : c.yellow;
  if (displayWidth(head) + 2 + displayWidth(text) <= width) return [`${head}  ${paint(text)}`];
  return [head, ...wrap(text, width, '    ', { maxLines: 3 }).map((line) => `    ${paint(line.slice(4))}`)];
}

/** A fix as `  fix: …` lines wrapped to `width`. */
export function fixLines(fix: string, c: ChalkInstance, width = DEFAULT_WIDTH): string[] {
  return wrap(p(fix), width, '       ', { first: '  fix: ' }).map((line, i) => (i === 0 ? `  ${c.dim('fix:')} ${line.slice(7)}` : line));
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The closing lines, fitted to `width`; `load` adds rate and latency percentiles, `deals`
 * the number of deals played. Answers that called a payload invalid are counted apart.
 */
export function summaryLines(s: SendSummary, load: boolean, c: ChalkInstance, deals?: number, width = DEFAULT_WIDTH): string[] {
  const failed = s.non2xx + s.errors;
  const head =
    failed > 0
      ? c.red(`${failed} of ${plural(s.sent, 'webhook')} failed`)
      : s.invalid > 0
        ? c.yellow(`${s.sent} of ${plural(s.sent, 'webhook')} answered 2xx, ${s.invalid} of them invalid`)
        : c.green(`${s.sent} of ${plural(s.sent, 'webhook')} answered 2xx`);
  const invalid = s.invalid > 0 && failed > 0 ? `, ${s.invalid} invalid` : '';
  const time = s.ms < 10_000 ? `${s.ms} ms` : `${(s.ms / 1000).toFixed(1)} s`;
  const parts = `${deals === undefined ? '' : `${plural(deals, 'deal')}; `}${s.ok} × 2xx${invalid}, ${s.non2xx} non-2xx, ${plural(s.errors, 'error')}; ${time}`;
  const line = `${head} ${c.dim(`(${parts})`)}`;
  const lines = displayWidth(line) <= width ? [line] : [head, `  ${c.dim(parts)}`];
  if (load) lines.push(truncate(`rate ${Math.round(s.rate)} req/s · latency p50 ${ms(s.p50)} · p95 ${ms(s.p95)} · p99 ${ms(s.p99)}`, width));
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
