/**
 * Intake: the bytes of one webhook body judged into what is stored and what is answered.
 * Pure: the record keeps the raw bytes exactly (never re-serialized), the headers with
 * credentials redacted, the payload's key fields and the verdict. The status follows
 * DESIGN.md: not JSON → 400; fails the schema → 200 flagged (422 with --strict);
 * --respond-status overrides the status after capture.
 */
import { CAPTURE_KIND, type CaptureRecord, encodeBody } from '../core/capture.js';
import { checkPayload, isPlainObject, type Problem } from '../core/payload-schema.js';
import { redactHeaders } from '../core/redact.js';

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
    value = JSON.parse(text);
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
    query: request.query,
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
  return { record, json, valid, errors, warnings, judged, status };
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
