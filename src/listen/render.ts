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
import type { Tally } from './tally.js';

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Local HH:MM:SS (cheap: called once per webhook under load). */
function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function via(f: ForwardedFor, c: ChalkInstance): string {
  const parts = [f.for && `for ${p(f.for)}`, f.proto && `proto ${p(f.proto)}`, f.host && `host ${p(f.host)}`].filter(Boolean);
  return parts.length ? c.dim(`  (X-Forwarded: ${parts.join(', ')})`) : '';
}

/** A human line for an event. */
export function renderLine(event: ReceiverEvent, c: ChalkInstance, now: () => Date = () => new Date()): string {
  switch (event.type) {
    case 'webhook': {
      const cap = event.capture;
      const mark = !event.valid ? c.red('✗') : event.duplicate ? c.yellow('=') : c.green('✓');
      const fields = [
        c.bold(p(cap.eventType ?? '?').padEnd(13)),
        p(cap.transactionStatus ?? '-').padEnd(10),
        `order ${p(cap.orderId ?? '-')}`,
        `doc ${p(cap.documentId ?? '-')}`,
      ];
      const status = event.status >= 200 && event.status < 300 ? c.dim(String(event.status)) : c.red(String(event.status));
      let tail = '';
      if (event.duplicate) tail += ` ${c.yellow(`duplicate of #${cap.seq}, not stored again`)}`;
      const first = event.errors[0];
      if (first) {
        const more = event.errors.length > 1 ? c.dim(` (+${event.errors.length - 1} more)`) : '';
        tail += ` ${c.red(`${p(first.path)}: ${p(first.message)}`)}${more}`;
      } else if (event.warnings[0]) {
        tail += ` ${c.yellow(`warning: ${p(event.warnings[0].message)}`)}`;
      }
      return `${c.dim(clock(cap.receivedAt))} ${mark} ${fields.join('  ')}  ${status}${tail}${via(event.forwarded, c)}`;
    }
    case 'rejected': {
      const who = event.user !== undefined ? ` (user "${p(event.user)}")` : '';
      return `${c.dim(clock(now().toISOString()))} ${c.red('✗')} ${c.red(String(event.status))} ${p(event.method)} ${p(event.path)} from ${p(event.remoteAddress)}: ${p(event.message)}${who}${via(event.forwarded, c)}`;
    }
    case 'forwarded': {
      const id = event.eventId ? ` ${p(event.eventId.slice(0, 8))}` : '';
      const status = event.status !== undefined ? `${event.status}` : '';
      const result = event.ok ? c.green(status) : c.red(event.error !== undefined ? `${status ? `${status} ` : ''}failed: ${p(event.error)}` : status);
      const line = event.dropped
        ? `${c.dim(clock(now().toISOString()))} ${c.yellow('→')} forward${id} to ${event.url} dropped: ${p(event.error ?? '')}`
        : `${c.dim(clock(now().toISOString()))} ${c.cyan('→')} forwarded${id} to ${event.url}: ${result} ${c.dim(`in ${event.ms} ms`)}`;
      return event.hint ? `${line}\n  ${c.dim(`fix: ${p(event.hint)}`)}` : line;
    }
    case 'error':
      return `${c.dim(clock(now().toISOString()))} ${c.red('!')} ${event.stage} error: ${p(event.message)}`;
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
