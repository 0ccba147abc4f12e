/** Pure helpers for `captures list|show|export`: filters, --since, export file names. */
import { CAPTURE_KIND, type CaptureRecord } from '../core/capture.js';
import { UserError } from '../core/errors.js';
import { EVENT_TYPES } from '../core/payload-rules.js';
import type { CaptureReader, StoredCapture } from './capture-reader.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30m", "2h", "1d", "45s", "1w", or an ISO date(-time) → the earliest time to include. */
export function parseSince(text: string, now: Date = new Date()): Date {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i.exec(text);
  if (m) return new Date(now.getTime() - Number(m[1]) * (UNIT_MS[(m[2] ?? 's').toLowerCase()] ?? 1000));
  const date = /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? new Date(text.trim()) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new UserError(`--since "${text}" is neither a duration nor a date`, 'use e.g. --since 30m, --since 2h, --since 1d or --since 2026-01-31T08:00');
  }
  return date;
}

export function parseType(text: string): string {
  const type = text.trim().toUpperCase();
  if (!(EVENT_TYPES as readonly string[]).includes(type)) throw new UserError(`--type "${text}" is not an event type`, `use one of ${EVENT_TYPES.join(', ')}`);
  return type;
}

export interface CaptureFilter {
  type?: string | undefined;
  since?: Date | undefined;
}

/** A test for one capture: of that eventType, received at or after `since`. */
export function captureMatcher(filter: CaptureFilter): (capture: StoredCapture) => boolean {
  const since = filter.since?.getTime();
  return (c) => (filter.type === undefined || c.eventType === filter.type) && (since === undefined || Date.parse(c.receivedAt) >= since);
}


/** Captures matching an eventId or documentId (newest last); orderId as a last resort. */
export function findCaptures(reader: CaptureReader, id: string): StoredCapture[] {
  const byEvent = reader.byEventId(id);
  if (byEvent) return [byEvent];
  const byDocument = reader.byDocumentId(id);
  if (byDocument.length) return byDocument;
  return reader.byOrderId(id);
}

/** The capture as a plain CaptureRecord (without the store's seq), e.g. for export. */
export function toRecord(capture: StoredCapture): CaptureRecord {
  const { seq: _seq, ...record } = capture;
  return { ...record, kind: CAPTURE_KIND };
}

/**
 * Part of a file name from text the sender chose (eventType, eventId): only letters,
 * digits, '.', '_' and '-', at most `max` characters, never a path separator and never
 * '.' or '..', so an export can never write outside its folder.
 */
export function safeNamePart(text: string, max: number): string {
  const part = text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, max);
  return /^\.*$/.test(part) ? '_'.repeat(Math.max(1, part.length)) : part;
}

/** A file name that sorts by time and is safe on every file system. */
export function exportName(capture: StoredCapture): string {
  const time = safeNamePart(capture.receivedAt.replace(/[-:]/g, '').replace(/\.\d+/, ''), 40);
  const type = safeNamePart(capture.eventType ?? 'UNKNOWN', 40);
  const id = safeNamePart(capture.eventId ?? `capture-${capture.seq}`, 80);
  return `${time}-${type}-${id}-${capture.seq}.json`;
}
