/**
 * Intake: the bytes of one webhook body judged into what is stored and what is answered.
 * Pure: the record keeps the raw bytes exactly (never re-serialized), the headers with
 * credentials redacted, the payload's key fields and the verdict. The status follows
 * DESIGN.md: not JSON → 400; fails the schema → 200 flagged (422 with --strict);
 * --respond-status overrides the status after capture.
 */
import { CAPTURE_KIND, type CaptureRecord, encodeBody } from '../core/capture.js';
import { checkPayload, isPlainObject, type Problem } from '../core/payload-schema.js';
import { redactHeaders, redactQuery } from '../core/redact.js';

/** What the request line and connection said, besides the body. */
export interface IntakeRequest {
  receivedAt: string;
  method: string;
  path: string;
  query: string;
  remoteAddress: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface IntakeOptions {
  strict: boolean;
  respondStatus: number | undefined;
}

export interface Intake {
  record: CaptureRecord;
  /** The body parsed as JSON. */
  json: boolean;
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
  /** The status the judgement alone gives: 400, 422 or 200. */
  judged: number;
  /** The status to answer with (--respond-status wins). */
  status: number;
}

const KEY_FIELDS = ['eventId', 'eventType', 'transactionStatus', 'orderId', 'documentId', 'transactionId', 'documentUrl'] as const;

function judge(text: string): { json: boolean; payload: Record<string, unknown>; errors: Problem[]; warnings: Problem[] } {
  let value: unknown;
  try {
    // A UTF-8 byte order mark is not JSON, but a sender may write one (validate accepts it too).
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    // An empty body is common from a hand-made request (curl -X POST): say so plainly.
    const why = text.trim() === '' ? 'the body is empty, not JSON' : `the body is not JSON: ${(error as Error).message}`;
    return { json: false, payload: {}, errors: [{ path: '$', message: why, hint: 'ITscope sends one JSON object per webhook' }], warnings: [] };
  }
  const verdict = checkPayload(value);
  return { json: true, payload: isPlainObject(value) ? value : {}, errors: verdict.errors, warnings: verdict.warnings };
}

export function intake(bytes: Buffer, request: IntakeRequest, options: IntakeOptions): Intake {
  // Decoded once: for JSON.parse and, when it is clean UTF-8, as the stored body.
  const text = bytes.toString('utf8');
  const { json, payload, errors, warnings } = judge(text);
  const valid = json && errors.length === 0;
  const judged = !json ? 400 : !valid && options.strict ? 422 : 200;
  const status = options.respondStatus ?? judged;
  const record: CaptureRecord = {
    kind: CAPTURE_KIND,
    v: 1,
    receivedAt: request.receivedAt,
    method: request.method,
    path: request.path,
    query: redactQuery(request.query),
    remoteAddress: request.remoteAddress,
    headers: redactHeaders(request.headers),
    ...encodeBody(bytes, text),
    valid,
    errors,
    warnings,
    status,
  };
  for (const key of KEY_FIELDS) {
    const value = payload[key];
    if (typeof value === 'string') record[key] = value;
  }
  // Bytes that are not UTF-8 became U+FFFD above: two eventIds that differ only there
  // would be one for the dedupe. The key is the eventId as sent, its odd bytes as \xNN.
  if (record.eventId?.includes('\uFFFD')) record.eventId = eventIdAsSent(bytes) ?? record.eventId;
  return { record, json, valid, errors, warnings, judged, status };
}

/**
 * The eventId of a body that is not clean UTF-8, byte for byte: read through latin1 (one
 * character per byte, JSON's structure is ASCII), then shown as UTF-8 with each byte
 * that is not part of a valid character written as \xNN.
 */
function eventIdAsSent(bytes: Buffer): string | undefined {
  let value: unknown;
  try {
    const text = bytes.toString('latin1');
    value = JSON.parse(text.startsWith('\u00ef\u00bb\u00bf') ? text.slice(3) : text);
  } catch {
    return undefined;
  }
  const raw = isPlainObject(value) && typeof value.eventId === 'string' ? Buffer.from(value.eventId, 'latin1') : undefined;
  return raw === undefined ? undefined : decodeShowingBadBytes(raw);
}

const strict = new TextDecoder('utf-8', { fatal: true });

function decodeShowingBadBytes(raw: Buffer): string {
  let out = '';
  for (let i = 0; i < raw.length; ) {
    const lead = raw[i] ?? 0;
    const size = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
    let char: string | undefined;
    try {
      char = size > 0 ? strict.decode(raw.subarray(i, i + size)) : undefined;
    } catch {
      char = undefined;
    }
    if (char === undefined || size === 0) {
      out += `\\x${lead.toString(16).padStart(2, '0')}`;
      i++;
    } else {
      out += char;
      i += size;
    }
  }
  return out;
}

/** The JSON answer for a stored webhook. */
export function answerBody(result: Intake, duplicate: boolean, respondStatus: number | undefined): Record<string, unknown> {
  const { record, errors, valid, status, judged } = result;
  const eventId = record.eventId;
  if (respondStatus !== undefined && (respondStatus < 200 || respondStatus >= 300)) {
    return { error: `answering ${status} because listen runs with --respond-status ${status}`, ...(eventId ? { eventId } : {}) };
  }
  if (judged === 400) return { error: errors[0]?.message ?? 'the body is not JSON' };
  if (judged === 422) return { error: 'the payload fails the ITscope webhook schema', eventId, errors: errors.map((e) => `${e.path}: ${e.message}`) };
  return {
    ok: true,
    ...(eventId ? { eventId } : {}),
    ...(duplicate ? { duplicate: true } : {}),
    ...(valid ? {} : { valid: false, errors: errors.map((e) => `${e.path}: ${e.message}`) }),
  };
}
