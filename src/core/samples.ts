/**
 * Realistic, self-consistent sample payloads, as ITscope's "Test" button sends them:
 * a fresh eventId, the current time in ITscope's format (Berlin local time, no zone), a
 * documentUrl of the matching DOCTYPE that contains the transactionId.
 * Deterministic when given a seed and a clock (tests); random otherwise.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_API_BASE, DOC_TYPE_BY_EVENT, EVENT_TYPES, type EventType, type WebhookPayload } from './payload-rules.js';

/** A plausible status per event type: what the deal's status becomes with that document. */
export const SAMPLE_STATUS: Readonly<Record<EventType, string>> = {
  ORDER: 'ARRIVED',
  ORDERRESPONSE: 'CONFIRMED',
  DELIVERY: 'ADVISED',
  INVOICE: 'INVOICED',
};

export interface SampleOverrides {
  transactionStatus?: string | undefined;
  orderId?: string | undefined;
  itscopeOrderId?: string | undefined;
  transactionId?: string | undefined;
  documentId?: string | undefined;
}

export interface SampleOptions {
  /** Makes every id reproducible. Without it ids are random (eventId a fresh UUID). */
  seed?: number | undefined;
  /** The clock for `timestamp`. */
  now?: Date | undefined;
  /** Base of documentUrl; ITscope's API by default. */
  apiBase?: string | undefined;
  overrides?: SampleOverrides | undefined;
}

export type Random = () => number;

/** mulberry32: a small seeded generator, good enough for sample ids. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function pick(random: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

function digits(random: Random, length: number): string {
  let out = String(1 + Math.floor(random() * 9));
  for (let i = 1; i < length; i++) out += String(Math.floor(random() * 10));
  return out;
}

/** A version-4 UUID from the given generator. */
export function uuidFrom(random: Random): string {
  const hex = pick(random, HEX, 32).split('');
  hex[12] = '4';
  hex[16] = HEX[8 + Math.floor(random() * 4)] ?? '8';
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Midnight UTC plus `hour`, on the last Sunday of a month (0-based) of a year. */
function lastSundayUtc(year: number, month: number, hour: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), hour);
}

/**
 * Berlin's offset from UTC at an instant, by the EU rule in force since 1996: summer time
 * (UTC+2) from the last Sunday of March to the last Sunday of October, both at 01:00 UTC;
 * UTC+1 otherwise. Worked out here rather than with Intl.DateTimeFormat, whose first use
 * loads ICU's locale data: ~10 ms of every `send` (issue 17).
 */
function berlinOffsetMs(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const summer = ms >= lastSundayUtc(year, 2, 1) && ms < lastSundayUtc(year, 9, 1);
  return (summer ? 2 : 1) * 3_600_000;
}

/** ITscope's timestamp: Berlin local time without zone, e.g. 2023-10-17T11:01:36. */
export function itscopeTimestamp(now: Date): string {
  const ms = now.getTime();
  return new Date(ms + berlinOffsetMs(ms)).toISOString().slice(0, 19);
}

/** The documentUrl ITscope would send for a transaction and event type. */
export function documentUrlFor(transactionId: string, eventType: EventType, apiBase = DEFAULT_API_BASE): string {
  const base = apiBase.replace(/\/+$/, '');
  return `${base}/business/documents/${encodeURIComponent(transactionId)}/${DOC_TYPE_BY_EVENT[eventType]}.xml`;
}

/** The ids one order shares across its documents, so a series of samples tells one story. */
export interface SampleOrder {
  orderId: string;
  itscopeOrderId: string;
  transactionId: string;
}

export function sampleOrder(random?: Random, now = new Date()): SampleOrder {
  const r = random ?? Math.random;
  const stamp = itscopeTimestamp(now);
  const ddmmyy = `${stamp.slice(8, 10)}${stamp.slice(5, 7)}${stamp.slice(2, 4)}`;
  return {
    orderId: `PO-${stamp.slice(0, 4)}-${digits(r, 5)}`,
    itscopeOrderId: `${pick(r, ALNUM, 6)}-${ddmmyy}-${digits(r, 4)}`,
    transactionId: random ? uuidFrom(random) : randomUUID(),
  };
}

/** One sample webhook of the given type. */
export function createSample(eventType: EventType, options: SampleOptions = {}): WebhookPayload {
  const random = options.seed === undefined ? undefined : seededRandom(options.seed);
  const now = options.now ?? new Date();
  const order = sampleOrder(random, now);
  return buildSample(eventType, order, { random, now, apiBase: options.apiBase, overrides: options.overrides });
}

/** A sample for an order whose ids are already chosen (fresh eventId and documentId). */
export function buildSample(
  eventType: EventType,
  order: SampleOrder,
  options: { random?: Random | undefined; now?: Date | undefined; apiBase?: string | undefined; overrides?: SampleOverrides | undefined } = {},
): WebhookPayload {
  const { random, overrides = {} } = options;
  const transactionId = overrides.transactionId ?? order.transactionId;
  return {
    eventId: random ? uuidFrom(random) : randomUUID(),
    timestamp: itscopeTimestamp(options.now ?? new Date()),
    eventType,
    transactionStatus: overrides.transactionStatus ?? SAMPLE_STATUS[eventType],
    orderId: overrides.orderId ?? order.orderId,
    itscopeOrderId: overrides.itscopeOrderId ?? order.itscopeOrderId,
    documentId: overrides.documentId ?? digits(random ?? Math.random, 9),
    documentUrl: documentUrlFor(transactionId, eventType, options.apiBase),
    transactionId,
  };
}

/** One sample per type for the same order, in the order ITscope would send them. */
export function sampleSeries(types: readonly EventType[] = EVENT_TYPES, options: SampleOptions = {}): WebhookPayload[] {
  const random = options.seed === undefined ? undefined : seededRandom(options.seed);
  const now = options.now ?? new Date();
  const order = sampleOrder(random, now);
  return types.map((type) => buildSample(type, order, { random, now, apiBase: options.apiBase, overrides: options.overrides }));
}
