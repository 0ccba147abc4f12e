/**
 * Turning what a command has (a parsed payload, raw bytes) into a tracker event, and the
 * small comparisons the tracker makes: body digests, timestamps.
 */
import { createHash } from 'node:crypto';
import { isPlainObject, TIMESTAMP_RE } from './payload-rules.js';

/** What the tracker needs of one webhook. Strings the payload did not have stay undefined. */
export interface LifecycleEvent {
  eventId?: string | undefined;
  eventType?: string | undefined;
  transactionStatus?: string | undefined;
  orderId?: string | undefined;
  itscopeOrderId?: string | undefined;
  documentId?: string | undefined;
  transactionId?: string | undefined;
  /** ITscope's zone-less local time, e.g. 2023-10-17T11:01:36. */
  timestamp?: string | undefined;
  /** When we received it (ISO). */
  receivedAt?: string | undefined;
  /** Whether the payload passed validation. */
  valid: boolean;
  /** A digest of the body (digestPayload or digestBytes). Without it, the key fields are compared. */
  bodyDigest?: string | undefined;
  /** Where it came from, for messages: "file.ndjson:3", "capture 42". */
  where?: string | undefined;
}

export interface EventContext {
  valid: boolean;
  bodyDigest?: string | undefined;
  where?: string | undefined;
  receivedAt?: string | undefined;
}

const FIELDS = ['eventId', 'eventType', 'transactionStatus', 'orderId', 'itscopeOrderId', 'documentId', 'transactionId', 'timestamp'] as const;

/**
 * The tracker event for a parsed payload (any JSON value; only string fields are taken).
 * Captures: parse the stored body, since a capture record keeps neither itscopeOrderId
 * nor timestamp.
 */
export function lifecycleEventFrom(payload: unknown, context: EventContext): LifecycleEvent {
  const event: LifecycleEvent = { valid: context.valid };
  if (isPlainObject(payload)) {
    for (const field of FIELDS) {
      const value = payload[field];
      if (typeof value === 'string') event[field] = value;
    }
  }
  if (context.bodyDigest !== undefined) event.bodyDigest = context.bodyDigest;
  if (context.where !== undefined) event.where = context.where;
  if (context.receivedAt !== undefined) event.receivedAt = context.receivedAt;
  return event;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Digest of a parsed JSON body, independent of whitespace and key order: a retry that a
 * sender re-serialized is still the same body. The one to use for JSON payloads.
 */
export function digestPayload(value: unknown): string {
  return createHash('sha256').update(canonical(value), 'utf8').digest('base64url').slice(0, 22);
}

/** Digest of raw body bytes (for bodies that are not JSON). */
export function digestBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
}

/** FNV-1a (two 32-bit lanes) over the key fields, for events whose body digest the caller did not give. */
export function fieldsDigest(event: LifecycleEvent): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const field of FIELDS) {
    const text = `${event[field] ?? '\u0001'}\u0000`;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
    }
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

/** Comparable form of an ITscope timestamp ("…:36.500" equals "…:36.5" and "…:36.5" > "…:36"), or undefined when it is not one. */
export function comparableTime(timestamp: string | undefined): string | undefined {
  if (timestamp === undefined || !TIMESTAMP_RE.test(timestamp)) return undefined;
  return timestamp.includes('.') ? timestamp.replace(/0+$/, '').replace(/\.$/, '') : timestamp;
}
