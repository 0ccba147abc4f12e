/**
 * Turns receiver events into what listen prints: one colored line per webhook (time,
 * eventType, transactionStatus, orderId, documentId, ✓ or ✗ with the first problem) or
 * one JSON object per line. What the sender chose (payload fields, X-Forwarded headers, a
 * Basic Auth user name, a path) goes through printable() so it cannot rewrite the terminal.
 */
import type { ChalkInstance } from 'chalk';
import { captureFields } from '../core/capture.js';
import { printable as p } from '../core/printable.js';
import type { ForwardedFor, ReceiverEvent } from '../receiver/events.js';
import { DEFAULT_WIDTH, displayWidth, shortId, truncate, wrapIndented, wrapWords } from '../ui/fit.js';
import type { Tally } from './tally.js';

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Local HH:MM:SS (cheap: called once per webhook under load). */
function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function via(f: ForwardedFor): string {
  const parts = [f.for && `for ${p(f.for)}`, f.proto && `proto ${p(f.proto)}`, f.host && `host ${p(f.host)}`].filter(Boolean);
  return parts.length ? `(X-Forwarded: ${parts.join(', ')})` : '';
}

/** A note after a line's head, in its color. */
interface Note {
  text: string;
  paint: (text: string) => string;
}

/** Under the mark of a line ("13:04:05 ✓ "): where continuation lines start. */
const INDENT = 11;

/** A note that does not fit starts on the head's line when at least this much room is left there. */
const MIN_ROOM = 30;

/**
 * A line's head and its notes: the notes that fit go on the head's line, in order; the
 * next one starts there too when there is room, and goes on below it, wrapped to the
 * width; the rest go below (nothing a terminal would wrap, nothing cut).
 */
function fit(head: string, notes: Note[], width: number): string {
  const shown = notes.filter((n) => n.text !== '');
  const lines = [head];
  const pad = ' '.repeat(INDENT);
  let i = 0;
  for (; i < shown.length; i++) {
    const note = shown[i] as Note;
    const room = width - displayWidth(lines[0] as string) - 1;
    if (displayWidth(note.text) <= room) {
      lines[0] += ` ${note.paint(note.text)}`;
      continue;
    }
    if (room >= MIN_ROOM) {
      const [first = '', ...rest] = wrapWords(note.text, room);
      lines[0] += ` ${note.paint(first)}`;
      const more = rest.join(' ');
      if (more !== '') lines.push(...wrapWords(more, width - INDENT).map((l) => `${pad}${note.paint(l)}`));
      i++;
    }
    break;
  }
  for (const n of shown.slice(i)) lines.push(...wrapWords(n.text, width - INDENT).map((l) => `${pad}${n.paint(l)}`));
  return lines.join('\n');
}

/**
 * The head of a webhook line: time, mark, eventType, transactionStatus, orderId,
 * documentId, status. When it is wider than `width`, the documentId and then the orderId
 * are shortened (full in --json and `captures show`), then an odd eventType or status.
 */
function webhookHead(
  parts: { clock: string; mark: string; type: string; status: string; order: string; doc: string; http: string },
  c: ChalkInstance,
  width: number,
): string {
  const build = (type: string, status: string, order: string, doc: string) =>
    `${c.dim(parts.clock)} ${parts.mark} ${c.bold(type.padEnd(13))}  ${status.padEnd(10)}  order ${order}  doc ${doc}  ${parts.http}`;
  let { type, status, order, doc } = parts;
  let head = build(type, status, order, doc);
  if (displayWidth(head) <= width) return head;
  doc = shortId(doc, 8, 0);
  head = build(type, status, order, doc);
  const over = displayWidth(head) - width;
  if (over > 0) order = truncate(order, Math.max(9, [...order].length - over));
  type = truncate(type, 13);
  status = truncate(status, 10);
  head = build(type, status, order, doc);
  return head;
}

/** A human line for an event, fitting `width` columns (continuation lines below when needed). */
export function renderLine(event: ReceiverEvent, c: ChalkInstance, now: () => Date = () => new Date(), width = DEFAULT_WIDTH): string {
  switch (event.type) {
    case 'webhook': {
      const cap = event.capture;
      const mark = !event.valid ? c.red('✗') : event.duplicate ? c.yellow('=') : c.green('✓');
      const http = event.status >= 200 && event.status < 300 ? c.dim(String(event.status)) : c.red(String(event.status));
      const head = webhookHead(
        {
          clock: clock(cap.receivedAt),
          mark,
          type: p(cap.eventType ?? '?'),
          status: p(cap.transactionStatus ?? '-'),
          order: p(cap.orderId ?? '-'),
          doc: p(cap.documentId ?? '-'),
          http,
        },
        c,
        width,
      );
      const notes: Note[] = [];
      if (event.duplicate) notes.push({ text: `duplicate of #${cap.seq}, not stored again`, paint: c.yellow });
      const first = event.errors[0];
      if (first) {
        const more = event.errors.length > 1 ? ` (+${event.errors.length - 1} more)` : '';
        notes.push({ text: `${p(first.path)}: ${p(first.message)}${more}`, paint: c.red });
      } else if (event.warnings[0]) {
        notes.push({ text: `warning: ${p(event.warnings[0].message)}`, paint: c.yellow });
      }
      notes.push({ text: via(event.forwarded), paint: c.dim });
      return fit(head, notes, width);
    }
    case 'rejected': {
      const who = event.user !== undefined ? ` (user "${p(event.user)}")` : '';
      const start = `${c.dim(clock(now().toISOString()))} ${c.red('✗')} ${c.red(String(event.status))} ${p(event.method)} `;
      const from = ` from ${p(event.remoteAddress)}:`;
      // A long path (the sender chose it) is cut so that the head fits.
      const path = truncate(p(event.path), Math.max(12, width - displayWidth(start) - displayWidth(from)));
      const notes = [
        { text: `${p(event.message)}${who}`, paint: (t: string) => t },
        { text: via(event.forwarded), paint: c.dim },
      ];
      return fit(`${start}${path}${from}`, notes, width);
    }
    case 'forwarded': {
      const id = event.eventId ? ` ${p(shortId(event.eventId, 8, 0))}` : '';
      const time = c.dim(clock(now().toISOString()));
      const hint = event.hint
        ? `\n${wrapIndented(`fix: ${p(event.hint)}`, width - 2, 5)
            .map((l) => `  ${c.dim(l)}`)
            .join('\n')}`
        : '';
      if (event.dropped) {
        return `${fit(`${time} ${c.yellow('→')} forward${id} dropped:`, [{ text: p(event.error ?? ''), paint: (t) => t }], width)}${hint}`;
      }
      const status = event.status !== undefined ? `${event.status}` : '';
      const outcome = event.ok || event.error === undefined ? status : `${status ? `${status} ` : ''}failed: ${p(event.error)}`;
      const result = { text: `${outcome} in ${event.ms} ms`, paint: event.ok ? c.green : c.red };
      // The URL is the banner's "Forwarding:" one: left out when the line would not fit.
      const withUrl = fit(`${time} ${c.cyan('→')} forwarded${id} to ${event.url}:`, [result], width);
      const line = withUrl.includes('\n') ? fit(`${time} ${c.cyan('→')} forwarded${id}:`, [result], width) : withUrl;
      return `${line}${hint}`;
    }
    case 'error':
      return fit(`${c.dim(clock(now().toISOString()))} ${c.red('!')} ${event.stage} error:`, [{ text: p(event.message), paint: (t) => t }], width);
  }
}

/** The JSON line for an event. */
export function jsonEvent(event: ReceiverEvent): Record<string, unknown> {
  switch (event.type) {
    case 'webhook': {
      const cap = event.capture;
      return {
        type: 'webhook',
        receivedAt: cap.receivedAt,
        ...captureFields(cap),
        valid: event.valid,
        duplicate: event.duplicate,
        errors: event.errors,
        warnings: event.warnings,
        status: event.status,
        ...(Object.keys(event.forwarded).length ? { forwarded: event.forwarded } : {}),
      };
    }
    case 'rejected':
      return { ...event, at: new Date().toISOString() };
    default:
      return { ...event };
  }
}

/** The summary lines listen prints when it stops. */
export function renderSummary(t: Tally, c: ChalkInstance, storeDir: string): string[] {
  const types =
    Object.entries(t.byType)
      .map(([type, n]) => `${p(type)} ${n}`)
      .join(', ') || 'none';
  const lines = [
    c.bold(`Summary: ${t.captured} webhook${t.captured === 1 ? '' : 's'} captured`) + c.dim(` (${types})`),
    `  valid ${t.valid}, invalid ${t.invalid}, not JSON ${t.notJson}, duplicates ${t.duplicates}, rejected ${t.rejected}` +
      (t.rejected
        ? c.dim(
            ` (${Object.entries(t.rejectedBy)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`,
          )
        : ''),
  ];
  if (t.forwarded || t.forwardFailed) lines.push(`  forwarded ${t.forwarded}, forward failed ${t.forwardFailed}`);
  if (t.errors) lines.push(c.red(`  errors ${t.errors}`));
  lines.push(c.dim(`  captures in ${storeDir}`));
  return lines;
}

export function jsonSummary(t: Tally, storeDir: string): Record<string, unknown> {
  return { type: 'summary', ...t, captures: storeDir };
}
