/**
 * The JSON of `GET /api/captures` (a page of rows) and `GET /api/captures/:id` (one
 * capture read from disk), and how their query parameters are read. Headers go out
 * redacted as `captures show` prints them; the body exactly as stored.
 */
import { captureBody } from '../core/capture.js';
import { EVENT_TYPES } from '../core/payload-rules.js';
import { redactHeaders } from '../core/redact.js';
import type { CaptureFilter, CaptureIndex, IndexEntry, PageRequest } from './capture-index.js';
import { RequestError } from './http-util.js';
import { readCapture } from './read-capture.js';
import type { ForwardInfo } from './wire.js';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 500;

export function rowOf(e: IndexEntry, forward?: ForwardInfo): Record<string, unknown> {
  return {
    id: e.id,
    receivedAt: e.receivedAt,
    eventId: e.eventId ?? null,
    eventType: e.eventType ?? null,
    transactionStatus: e.transactionStatus ?? null,
    orderId: e.orderId ?? null,
    documentId: e.documentId ?? null,
    transactionId: e.transactionId ?? null,
    valid: e.valid,
    errors: e.errors,
    warnings: e.warnings,
    ...(e.firstError !== undefined ? { firstError: e.firstError } : {}),
    duplicate: e.duplicate,
    ...(e.original !== undefined ? { original: e.original } : {}),
    status: e.status,
    ...(forward ? { forward: { ok: forward.ok, status: forward.status ?? null, ms: forward.ms } } : {}),
  };
}

function flag(url: URL, name: string, values: Record<string, boolean>): boolean | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '' || raw === 'all') return undefined;
  const value = values[raw];
  if (value === undefined) throw new RequestError(400, `${name} must be one of ${Object.keys(values).join(', ')}, or all`);
  return value;
}

function cursor(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw new RequestError(400, `${name} must be a capture id (a cursor from an earlier page)`);
  return Number(raw);
}

export function parseFilter(url: URL): CaptureFilter {
  const type = url.searchParams.get('type')?.toUpperCase() || undefined;
  if (type !== undefined && type !== 'ALL' && type !== 'OTHER' && !(EVENT_TYPES as readonly string[]).includes(type)) {
    throw new RequestError(400, `type must be one of ${EVENT_TYPES.join(', ')}, OTHER or all`);
  }
  return {
    type: type === 'ALL' ? undefined : type,
    valid: flag(url, 'valid', { valid: true, invalid: false, true: true, false: false }),
    duplicate: flag(url, 'duplicate', { duplicate: true, unique: false, true: true, false: false }),
    q: url.searchParams.get('q')?.trim() || undefined,
    transactionId: url.searchParams.get('transactionId') || undefined,
  };
}

export function parsePage(url: URL): PageRequest {
  const raw = url.searchParams.get('limit');
  const limit = raw === null ? DEFAULT_PAGE : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new RequestError(400, `limit must be a whole number from 1 to ${MAX_PAGE}`);
  return { before: cursor(url, 'before'), after: cursor(url, 'after'), limit };
}

/** Up to 8 MiB of body go to the page; a larger one is cut (the raw view says so). */
const MAX_BODY_SHOWN = 8 * 1024 * 1024;

export async function detailOf(index: CaptureIndex, entry: IndexEntry, forward: ForwardInfo | undefined): Promise<Record<string, unknown> | undefined> {
  const stored = index.stored(entry);
  const record = stored ? await readCapture(index, stored) : undefined;
  if (!record) return undefined;
  const bytes = captureBody(record);
  const cut = bytes.length > MAX_BODY_SHOWN;
  const shown = cut ? bytes.subarray(0, MAX_BODY_SHOWN) : bytes;
  return {
    ...rowOf(entry, forward),
    request: {
      method: record.method,
      path: record.path,
      query: record.query,
      remoteAddress: record.remoteAddress,
      headers: redactHeaders(record.headers),
    },
    // A repeat only seen live shows the body stored first, with its own time and status.
    ...(stored !== entry ? { storedAs: stored!.id, storedAt: record.receivedAt } : {}),
    body: record.bodyEncoding === 'utf8' && !cut ? record.body : shown.toString('base64'),
    bodyEncoding: record.bodyEncoding === 'utf8' && !cut ? 'utf8' : 'base64',
    bytes: bytes.length,
    truncated: cut,
    documentUrl: record.documentUrl ?? null,
    problems: { errors: record.errors, warnings: record.warnings },
    ...(forward ? { forward } : {}),
  };
}
