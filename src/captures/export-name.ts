/** File names for `captures export`: sorted by time, safe on every file system, never outside the folder. */
import type { StoredCapture } from '../store/capture-reader.js';

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
