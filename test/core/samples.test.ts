import { describe, expect, it } from 'vitest';
import { checkPayload, DOC_TYPE_BY_EVENT, EVENT_TYPES, parseDocumentUrl } from '../../src/core/payload-schema.js';
import { createSample, documentUrlFor, itscopeTimestamp, SAMPLE_STATUS, sampleSeries } from '../../src/core/samples.js';

const now = new Date('2026-07-01T10:00:00Z');

describe('samples', () => {
  it('are valid, without warnings, for every type and many seeds', () => {
    for (let seed = 0; seed < 300; seed++) {
      for (const type of EVENT_TYPES) {
        const sample = createSample(type, { seed, now });
        const verdict = checkPayload(sample, { strict: true });
        expect(verdict.errors, `${type} seed ${seed}`).toEqual([]);
      }
    }
  });

  it('are valid with random ids too, and differ each time', () => {
    const a = createSample('INVOICE');
    const b = createSample('INVOICE');
    expect(checkPayload(a, { strict: true }).valid).toBe(true);
    expect(a.eventId).not.toBe(b.eventId);
    expect(a.transactionId).not.toBe(b.transactionId);
  });

  it('are deterministic for a seed and a clock', () => {
    expect(createSample('ORDER', { seed: 11, now })).toEqual(createSample('ORDER', { seed: 11, now }));
    expect(createSample('ORDER', { seed: 11, now }).eventId).not.toBe(createSample('ORDER', { seed: 12, now }).eventId);
  });

  it('point documentUrl at the matching DOCTYPE and transactionId', () => {
    for (const type of EVENT_TYPES) {
      const sample = createSample(type, { seed: 5, now });
      const ref = parseDocumentUrl(sample.documentUrl);
      expect(ref?.docType).toBe(DOC_TYPE_BY_EVENT[type]);
      expect(ref?.transactionId).toBe(sample.transactionId);
      expect(sample.transactionStatus).toBe(SAMPLE_STATUS[type]);
    }
  });

  it('share one order across a series, with a fresh eventId per document', () => {
    const series = sampleSeries(EVENT_TYPES, { seed: 1, now });
    expect(series.map((s) => s.eventType)).toEqual([...EVENT_TYPES]);
    expect(new Set(series.map((s) => s.transactionId)).size).toBe(1);
    expect(new Set(series.map((s) => s.orderId)).size).toBe(1);
    expect(new Set(series.map((s) => s.eventId)).size).toBe(4);
  });

  it('apply overrides and keep documentUrl consistent', () => {
    const sample = createSample('DELIVERY', {
      seed: 2,
      now,
      overrides: { transactionId: 'TX-1', orderId: 'PO-1', itscopeOrderId: 'IT-1', documentId: 'D-1', transactionStatus: 'PROCESSING' },
    });
    expect(sample).toMatchObject({ transactionId: 'TX-1', orderId: 'PO-1', itscopeOrderId: 'IT-1', documentId: 'D-1', transactionStatus: 'PROCESSING' });
    expect(sample.documentUrl).toBe('https://api.itscope.com/2.1/business/documents/TX-1/DISPATCHNOTIFICATION.xml');
    expect(checkPayload(sample).valid).toBe(true);
  });

  it('format the timestamp as ITscope does: Berlin local time, no zone', () => {
    expect(itscopeTimestamp(new Date('2026-07-01T10:00:00Z'))).toBe('2026-07-01T12:00:00'); // summer: UTC+2
    expect(itscopeTimestamp(new Date('2026-01-15T23:30:05Z'))).toBe('2026-01-16T00:30:05'); // winter: UTC+1
    expect(itscopeTimestamp(new Date('2026-03-29T00:59:59Z'))).toBe('2026-03-29T01:59:59'); // just before summer time
    expect(itscopeTimestamp(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00'); // 02:00 local is skipped
    expect(itscopeTimestamp(new Date('2026-10-25T00:59:59Z'))).toBe('2026-10-25T02:59:59'); // the last summer second
    expect(itscopeTimestamp(new Date('2026-10-25T01:00:00Z'))).toBe('2026-10-25T02:00:00'); // 02:00–03:00 local twice
  });

  it('agree with the time zone database on Berlin time, every half hour around each change 2000–2040', () => {
    const berlin = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Berlin',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    const reference = (date: Date): string => {
      const parts = Object.fromEntries(berlin.formatToParts(date).map((p) => [p.type, p.value]));
      return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
    };
    const mismatches: string[] = [];
    for (let year = 2000; year <= 2040; year++) {
      for (const month of [2, 9]) {
        // The whole last week of March and October, every 30 minutes.
        for (let t = Date.UTC(year, month, 24); t < Date.UTC(year, month + 1, 1); t += 30 * 60_000) {
          const date = new Date(t);
          if (itscopeTimestamp(date) !== reference(date)) mismatches.push(date.toISOString());
        }
      }
      const midsummer = new Date(Date.UTC(year, 6, 1, 12));
      const midwinter = new Date(Date.UTC(year, 0, 15, 12));
      for (const date of [midsummer, midwinter]) if (itscopeTimestamp(date) !== reference(date)) mismatches.push(date.toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('build documentUrl on another API base (mock-api)', () => {
    expect(documentUrlFor('abc', 'INVOICE', 'http://127.0.0.1:8766/2.1/')).toBe('http://127.0.0.1:8766/2.1/business/documents/abc/INVOICE.xml');
  });
});
