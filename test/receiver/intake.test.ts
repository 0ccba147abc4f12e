import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureBody } from '../../src/core/capture.js';
import { answerBody, intake } from '../../src/receiver/intake.js';

const guide = readFileSync(new URL('../../fixtures/payloads/itscope-guide-example.json', import.meta.url));
const request = {
  receivedAt: '2026-12-01T10:00:00.000Z',
  method: 'POST',
  path: '/hooks',
  query: 'a=1',
  remoteAddress: '127.0.0.1',
  headers: { 'content-type': 'application/json', authorization: 'Basic aG9va3M6c2VjcmV0', 'x-api-key': 'k-123' },
};
const plain = { strict: false, respondStatus: undefined };

describe('intake', () => {
  it('keeps the exact bytes and the key fields of a valid payload, credentials redacted', () => {
    const result = intake(guide, request, plain);
    expect(result).toMatchObject({ json: true, valid: true, judged: 200, status: 200, errors: [] });
    expect(captureBody(result.record).equals(guide)).toBe(true);
    expect(result.record).toMatchObject({
      eventId: 'e2a6a466-3b62-4bb7-af53-b59aec592b49',
      eventType: 'DELIVERY',
      transactionId: '123456789-1234-5678-9123-12SAMPLE4567',
      path: '/hooks',
      query: 'a=1',
    });
    expect(JSON.stringify(result.record)).not.toMatch(/aG9va3M6c2VjcmV0|k-123/);
    expect(answerBody(result, false, undefined)).toEqual({ ok: true, eventId: 'e2a6a466-3b62-4bb7-af53-b59aec592b49' });
    expect(answerBody(result, true, undefined)).toMatchObject({ duplicate: true });
  });

  it('stores the query with secret parameters and every credential header redacted', () => {
    const result = intake(
      guide,
      {
        ...request,
        query: 'token=t-456&x=1',
        headers: { ...request.headers, 'x-auth-token': 'at-789', cookie: 'sid=c-1', 'x-hub-signature-256': 'sha256=s-2' },
      },
      plain,
    );
    expect(result.record.query).toBe('token=[redacted]&x=1');
    expect(result.record.headers).toMatchObject({
      'x-auth-token': '[redacted]',
      cookie: '[redacted]',
      'x-hub-signature-256': '[redacted]',
      'x-api-key': '[redacted]',
    });
    expect(JSON.stringify(result.record)).not.toMatch(/t-456|at-789|c-1|s-2|k-123/);
  });

  it('accepts a UTF-8 byte order mark before the JSON, and stores the bytes as sent', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), guide]);
    const result = intake(withBom, request, plain);
    expect(result).toMatchObject({ json: true, valid: true, judged: 200 });
    expect(result.record.eventId).toBe('e2a6a466-3b62-4bb7-af53-b59aec592b49');
    expect(captureBody(result.record).equals(withBom)).toBe(true);
  });

  it('keys a payload with bytes that are not UTF-8 on its eventId as sent, not as the replacement character made it', () => {
    // Two eventIds that differ only in an invalid byte would both decode to "id-\uFFFD".
    const a = Buffer.concat([Buffer.from('{"eventId":"id-'), Buffer.from([0xff]), Buffer.from('"}')]);
    const b = Buffer.concat([Buffer.from('{"eventId":"id-'), Buffer.from([0xfe]), Buffer.from('"}')]);
    const first = intake(a, request, plain).record.eventId;
    const second = intake(b, request, plain).record.eventId;
    expect(first).toBeDefined();
    expect(first).not.toBe(second);
    expect(first).not.toContain('\uFFFD');
  });

  it('a body that is not JSON is 400 and says why; an empty one is named', () => {
    expect(intake(Buffer.from('{"a":'), request, plain)).toMatchObject({ json: false, valid: false, judged: 400 });
    const empty = intake(Buffer.from('  '), request, plain);
    expect(empty.errors[0]?.message).toBe('the body is empty, not JSON');
    expect(answerBody(empty, false, undefined)).toEqual({ error: 'the body is empty, not JSON' });
  });

  it('a payload that fails the schema is 200 and flagged, 422 with --strict', () => {
    const bad = Buffer.from(JSON.stringify({ ...JSON.parse(guide.toString()), eventId: 'nope' }));
    const loose = intake(bad, request, plain);
    expect(loose).toMatchObject({ valid: false, judged: 200, status: 200 });
    expect(answerBody(loose, false, undefined)).toMatchObject({ ok: true, valid: false, errors: ['$.eventId: eventId is not a UUID'] });
    expect(intake(bad, request, { strict: true, respondStatus: undefined })).toMatchObject({ judged: 422, status: 422 });
  });

  it('--respond-status wins over the judgement, after capture', () => {
    const result = intake(guide, request, { strict: false, respondStatus: 503 });
    expect(result).toMatchObject({ judged: 200, status: 503 });
    expect(result.record.status).toBe(503);
    expect(answerBody(result, false, 503)).toMatchObject({ error: 'answering 503 because listen runs with --respond-status 503' });
  });

  it('bytes that are not UTF-8 are stored as base64, exactly', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0x7d]);
    const result = intake(bytes, request, plain);
    expect(result.record.bodyEncoding).toBe('base64');
    expect(captureBody(result.record).equals(bytes)).toBe(true);
  });

  it('key fields that are not strings are not copied into the record', () => {
    const result = intake(Buffer.from('{"eventId":42,"eventType":["DELIVERY"]}'), request, plain);
    expect(result.record.eventId).toBeUndefined();
    expect(result.record.eventType).toBeUndefined();
  });
});
