/** Lookups and filters over the captures a reader returns (pure). */
import { CAPTURE_KIND, type CaptureRecord } from '../core/capture.js';
import type { CaptureReader, StoredCapture } from './capture-reader.js';

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
