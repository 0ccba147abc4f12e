/**
 * One set of parsers for flag values, so the same mistake gets the same answer from
 * every command: each returns the value or throws a UserError naming the flag and what
 * to write instead.
 */
import { UserError } from '../core/errors.js';
import { wholeNumberIn } from '../core/format.js';
import { EVENT_TYPES, type EventType, isEventType } from '../core/payload-rules.js';

/** For an empty or unusable --host (listen, mock-api). */
export const HOST_HINT = 'use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface), or leave the flag out for 127.0.0.1';

/** setTimeout's largest delay (2^31-1 ms); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;
/** A --timeout in seconds: the largest whole number of seconds a timer can wait (about 24 days). */
export const MAX_TIMEOUT_S = Math.floor(MAX_TIMER_MS / 1000);

/** A flag's text value; undefined when absent (commander gives undefined) or not text. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A whole number within [min, max]; `hint` says what to write instead (default: an example). */
export function wholeNumber(raw: unknown, flag: string, min: number, max: number, hint?: string): number {
  const value = wholeNumberIn(String(raw), min, max);
  if (value === undefined) {
    throw new UserError(`${flag} "${String(raw)}" is not a whole number from ${min} to ${max}`, hint ?? `e.g. ${flag} ${Math.max(min, Math.min(max, 10))}`);
  }
  return value;
}

/** As wholeNumber, for a flag that may be absent. */
export function optionalWholeNumber(raw: unknown, flag: string, min: number, max: number, hint?: string): number | undefined {
  return raw === undefined ? undefined : wholeNumber(raw, flag, min, max, hint);
}

/** A number above 0 (fractions allowed) and at most `max`, for a flag that may be absent. */
export function positiveNumber(raw: unknown, flag: string, max = Number.MAX_VALUE): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${flag} "${String(raw)}" is not a positive number`, `e.g. ${flag} 2`);
  if (n > max) throw new UserError(`${flag} "${String(raw)}" is more than ${max}`, `e.g. ${flag} 2 (${max} is the most it takes)`);
  return n;
}

/** Sizes as users write them: 1mb, 512kb, 2MiB, 1048576 (binary units: 1kb = 1024 bytes). */
const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** Bytes for a size text, or undefined when it is not one. */
export function parseSize(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = SIZE_UNITS[(m[2] ?? '').toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.floor(Number(m[1]) * unit);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}

const SINCE_UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** --since: "30m", "2h", "1d", "45s", "1w", or an ISO date(-time) → the earliest time to include. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i.exec(value);
  if (m) return new Date(now.getTime() - Number(m[1]) * (SINCE_UNIT_MS[(m[2] ?? 's').toLowerCase()] ?? 1000));
  const date = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? new Date(value.trim()) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new UserError(`--since "${value}" is neither a duration nor a date`, 'use e.g. --since 30m, --since 2h, --since 1d or --since 2026-01-31T08:00');
  }
  return date;
}

/** One event type, in any case (`delivery` is DELIVERY). */
export function eventType(value: string, flag = '--type'): EventType {
  const type = value.trim().toUpperCase();
  if (!isEventType(type)) throw new UserError(`${flag} "${value}" is not an event type`, `use one of ${EVENT_TYPES.join(', ')}`);
  return type;
}

/** Milliseconds per duration unit, as users write them: 500ms, 2s, 1.5m, 1h. */
const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

export interface DurationOptions {
  /** What a bare number means: the unit the flag historically took (`--timeout MS`, `--timeout SECONDS`). */
  bareUnit: 'ms' | 's';
  /** Smallest value accepted, in milliseconds (default 0). */
  min?: number;
  /** Largest value accepted, in milliseconds (default: the longest a timer can wait). */
  max?: number;
}

/** A duration for messages: "500ms", "2s", "1.5s", "1m", "90m", "1h". */
export function formatDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Math.round(ms) / 1000}s`;
  return `${ms}ms`;
}

/**
 * A duration flag in milliseconds (whole, rounded): `500ms`, `2s`, `1.5s`, `1m`, `1h`, or a
 * bare number in the flag's historical unit (`bareUnit`). The one parser for every
 * duration flag, so `--interval 2s` and `--timeout 2s` read the same.
 */
export function duration(raw: unknown, flag: string, options: DurationOptions): number {
  const text = String(raw);
  const min = options.min ?? 0;
  const max = options.max ?? MAX_TIMER_MS;
  const bare = options.bareUnit === 's' ? 'seconds' : 'milliseconds';
  const example = `e.g. ${flag} 500ms, ${flag} 2s or ${flag} 1m (a bare number is ${bare})`;
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? (m[2] === '' ? options.bareUnit : (m[2] ?? '').toLowerCase()) : undefined;
  const perUnit = unit === undefined ? undefined : DURATION_UNIT_MS[unit];
  if (!m || perUnit === undefined) throw new UserError(`${flag} "${text}" is not a duration`, example);
  const ms = Math.round(Number(m[1]) * perUnit);
  if (!Number.isFinite(ms) || ms > max) {
    throw new UserError(`${flag} "${text}" is longer than ${formatDuration(max)}`, `give at most ${formatDuration(max)}; ${example}`);
  }
  if (ms < min) throw new UserError(`${flag} "${text}" is shorter than ${formatDuration(min)}`, `give at least ${formatDuration(min)}; ${example}`);
  return ms;
}
