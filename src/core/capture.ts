/**
 * One captured webhook request as the capture store keeps it and `captures export`
 * writes it. The body is stored as received: text when it is valid UTF-8, else base64,
 * so it is never re-serialized.
 */
import type { Problem } from './payload-rules.js';

export const CAPTURE_KIND = 'itscope-hooks/capture';

export interface CaptureRecord {
  kind: typeof CAPTURE_KIND;
  /** Format version of this record. */
  v: 1;
  receivedAt: string;
  method: string;
  path: string;
  query: string;
  remoteAddress: string;
  /** Request headers, Authorization redacted. */
  headers: Record<string, string | string[]>;
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  /** Key fields of the payload, when it had them (for lookups and listings). */
  eventId?: string;
  eventType?: string;
  transactionStatus?: string;
  orderId?: string;
  documentId?: string;
  transactionId?: string;
  documentUrl?: string;
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
  /** HTTP status the receiver answered with. */
  status: number;
}

export function isCaptureRecord(value: unknown): value is CaptureRecord {
  return (
    value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === CAPTURE_KIND && typeof (value as { body?: unknown }).body === 'string'
  );
}

/** The raw body bytes of a capture. */
export function captureBody(record: Pick<CaptureRecord, 'body' | 'bodyEncoding'>): Buffer {
  return Buffer.from(record.body, record.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

/**
 * Stores bytes as text when they are valid UTF-8 (the usual case), else as base64.
 * `text` is the bytes decoded as UTF-8, when the caller has decoded them already.
 */
export function encodeBody(bytes: Buffer, text = bytes.toString('utf8')): Pick<CaptureRecord, 'body' | 'bodyEncoding'> {
  return Buffer.byteLength(text) === bytes.length && !text.includes('\uFFFD')
    ? { body: text, bodyEncoding: 'utf8' }
    : { body: bytes.toString('base64'), bodyEncoding: 'base64' };
}

/** The payload fields a capture is listed by, null where the payload had none (captures list, listen --json). */
export function captureFields(capture: Pick<CaptureRecord, 'eventId' | 'eventType' | 'transactionStatus' | 'orderId' | 'documentId' | 'transactionId'>) {
  return {
    eventId: capture.eventId ?? null,
    eventType: capture.eventType ?? null,
    transactionStatus: capture.transactionStatus ?? null,
    orderId: capture.orderId ?? null,
    documentId: capture.documentId ?? null,
    transactionId: capture.transactionId ?? null,
  };
}
