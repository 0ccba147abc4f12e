/**
 * The listing fields of one journal line, read without parsing its body: the inspector
 * indexes a 100k-capture store at start, and parsing every body as JSON would take
 * seconds. The line's CRC is checked over its bytes exactly as journal-line.ts checks it;
 * then only the small JSON pieces before the headers and after the body are parsed. A line
 * laid out differently (written by hand, or by another version) is decoded in full.
 */
import { crc32 } from 'node:zlib';
import { CAPTURE_KIND, type CaptureRecord } from '../core/capture.js';
import type { Problem } from '../core/payload-rules.js';
import { decodeLine } from '../store/journal-line.js';

/** What the inspector lists and filters a capture by. */
export interface ListingFields {
  receivedAt: string;
  eventId: string | undefined;
  eventType: string | undefined;
  transactionStatus: string | undefined;
  orderId: string | undefined;
  documentId: string | undefined;
  transactionId: string | undefined;
  valid: boolean;
  errors: number;
  warnings: number;
  /** The first error's message, for the list's tooltip. */
  firstError: string | undefined;
  status: number;
}

/** `,"crc":"0123abcd"}`: the end of every journal line. */
const CRC_TAIL = 18;
const CRC_KEY = Buffer.from(',"crc":"');
const HEADERS_KEY = Buffer.from(',"headers":');
const BODY_ENCODING_KEY = Buffer.from(',"bodyEncoding":"');
const CLOSE = Buffer.from('}');
const HEX = /^[0-9a-f]{8}$/;
/** How the store writes the start of every record: its receivedAt is read without a parse. */
const HEAD = Buffer.from('{"kind":"itscope-hooks/capture","v":1,"receivedAt":"');
const QUOTE = 0x22;
const LISTED_KEYS = ['eventId', 'eventType', 'transactionStatus', 'orderId', 'documentId', 'transactionId', 'valid', 'errors', 'warnings', 'status'];

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function count(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function firstMessage(errors: unknown): string | undefined {
  const first = Array.isArray(errors) ? (errors[0] as Partial<Problem> | undefined) : undefined;
  return typeof first?.message === 'string' ? first.message.slice(0, 300) : undefined;
}

function fieldsOf(head: Record<string, unknown>, tail: Record<string, unknown>): ListingFields {
  return {
    receivedAt: str(head.receivedAt) ?? '',
    eventId: str(tail.eventId),
    eventType: str(tail.eventType),
    transactionStatus: str(tail.transactionStatus),
    orderId: str(tail.orderId),
    documentId: str(tail.documentId),
    transactionId: str(tail.transactionId),
    valid: tail.valid === true,
    errors: count(tail.errors),
    warnings: count(tail.warnings),
    firstError: firstMessage(tail.errors),
    status: typeof tail.status === 'number' ? tail.status : 0,
  };
}

/** The fields of a whole record (the slow path, and the fields of a record in memory). */
export function listingFields(record: CaptureRecord): ListingFields {
  return fieldsOf(record as unknown as Record<string, unknown>, record as unknown as Record<string, unknown>);
}

function crcMatches(buf: Buffer, start: number, end: number): boolean {
  if (end - start <= CRC_TAIL || buf[end - 1] !== 0x7d || buf.compare(CRC_KEY, 0, CRC_KEY.length, end - CRC_TAIL, end - CRC_TAIL + CRC_KEY.length) !== 0) {
    return false;
  }
  const expected = buf.toString('latin1', end - 10, end - 2);
  if (!HEX.test(expected)) return false;
  // The CRC covers the line as it reads without the crc field: its JSON up to there, then "}".
  const actual = crc32(CLOSE, crc32(buf.subarray(start, end - CRC_TAIL)));
  return actual.toString(16).padStart(8, '0') === expected;
}

/** The record's fields before its headers; only receivedAt is used. */
function headOf(buf: Buffer, start: number, headers: number): Record<string, unknown> {
  if (buf.compare(HEAD, 0, HEAD.length, start, start + HEAD.length) === 0) {
    const from = start + HEAD.length;
    const to = buf.indexOf(QUOTE, from);
    // An ISO time has no escapes: up to the next quote is all of it.
    if (to !== -1 && to < headers && to - from <= 40) return { kind: CAPTURE_KIND, receivedAt: buf.toString('latin1', from, to) };
  }
  const head = JSON.parse(`${buf.toString('utf8', start, headers)}}`) as Record<string, unknown>;
  // Laid out by hand: a listing field before the headers would be missed below.
  return LISTED_KEYS.some((key) => key in head) ? {} : head;
}

function fastFields(buf: Buffer, start: number, end: number): ListingFields | undefined {
  const headers = buf.indexOf(HEADERS_KEY, start);
  if (headers === -1 || headers >= end) return undefined;
  // Inside a JSON string every quote is escaped, so these keys match only where the record has them.
  const encoding = buf.lastIndexOf(BODY_ENCODING_KEY, end - CRC_TAIL);
  if (encoding <= headers) return undefined;
  try {
    const head = headOf(buf, start, headers);
    if (head.kind !== CAPTURE_KIND || typeof head.receivedAt !== 'string') return undefined;
    const tail = JSON.parse(`{${buf.toString('utf8', encoding + 1, end - CRC_TAIL)}}`) as Record<string, unknown>;
    if (typeof tail.valid !== 'boolean' || typeof tail.status !== 'number') return undefined;
    return fieldsOf(head, tail);
  } catch {
    return undefined;
  }
}

/**
 * The listing fields of the journal line `buf[start, end)` (without its newline), or
 * undefined when the line fails its integrity check (torn by a crash, or edited).
 */
export function indexLine(buf: Buffer, start: number, end: number): ListingFields | undefined {
  if (!crcMatches(buf, start, end)) return undefined;
  const fast = fastFields(buf, start, end);
  if (fast) return fast;
  const record = decodeLine(buf.toString('utf8', start, end));
  return record ? listingFields(record) : undefined;
}
