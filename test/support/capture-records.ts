// Capture records as the receiver stores them, for tests that prepare a capture store.
import { CAPTURE_KIND, type CaptureRecord, encodeBody } from '../../src/core/capture.js';

export function makeCapture(bytes: Buffer | string, extra: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    kind: CAPTURE_KIND,
    v: 1,
    receivedAt: new Date().toISOString(),
    method: 'POST',
    path: '/',
    query: '',
    remoteAddress: '127.0.0.1',
    headers: { 'content-type': 'application/json' },
    ...encodeBody(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)),
    valid: true,
    errors: [],
    warnings: [],
    status: 200,
    ...extra,
  };
}
