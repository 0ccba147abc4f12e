import { describe, expect, it } from 'vitest';
import { DOC_FORMATS, DOC_TYPES, isRealDateTime, parseDocumentUrl, STATUS_RE, UUID_RE } from '../../src/core/payload-rules.js';
import { caseless, documentUrlPattern, STATUS_PATTERN, TIMESTAMP_PATTERN, TRANSACTION_ID_SEGMENT, UUID_PATTERN } from '../../src/schema/patterns.js';

// JSON Schema patterns are ECMA-262 regular expressions; validators such as ajv compile
// them with the u flag.
const re = (pattern: string) => new RegExp(pattern, 'u');
const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('TIMESTAMP_PATTERN is isRealDateTime', () => {
  it.each([0, 4, 100, 400, 1900, 1996, 2000, 2023, 2024, 2100, 2400, 9999])('for every month and day of %i', (year) => {
    const pattern = re(TIMESTAMP_PATTERN);
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) {
        const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T12:00:00`;
        expect(pattern.test(text), text).toBe(isRealDateTime(text));
      }
    }
  });

  it('for every time of day, and the fraction and form variants', () => {
    const pattern = re(TIMESTAMP_PATTERN);
    const texts: string[] = [];
    for (let hour = 0; hour <= 25; hour++)
      for (const minute of [0, 59, 60]) for (const second of [0, 59, 60, 61]) texts.push(`2023-10-17T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`);
    for (let digits = 0; digits <= 10; digits++) texts.push(`2023-10-17T11:01:36.${'1'.repeat(digits)}`);
    texts.push(
      '2023-10-17T11:01:36Z',
      '2023-10-17 11:01:36',
      '2023-1-17T11:01:36',
      '23-10-17T11:01:36',
      '12023-10-17T11:01:36',
      '2023-10-17T11:01:36\n',
      '٢٠٢٣-10-17T11:01:36',
    );
    for (const text of texts) expect(pattern.test(text), text).toBe(isRealDateTime(text));
  });
});

describe('UUID_PATTERN and STATUS_PATTERN are the payload rules without flags', () => {
  it.each([
    'e2a6a466-3b62-4bb7-af53-b59aec592b49',
    'E2A6A466-3B62-4BB7-AF53-B59AEC592B49',
    'e2a6a466-3b62-4bb7-af53-b59aec592b4',
    'g2a6a466-3b62-4bb7-af53-b59aec592b49',
    'e2a6a4663b624bb7af53b59aec592b49',
  ])('UUID %s', (text) => expect(re(UUID_PATTERN).test(text)).toBe(UUID_RE.test(text)));
  it('STATUS_RE has no flags to lose', () => {
    expect(STATUS_RE.flags).toBe('');
    expect(STATUS_PATTERN).toBe(STATUS_RE.source);
  });
  it('caseless', () => {
    expect(caseless('https')).toBe('[Hh][Tt][Tt][Pp][Ss]');
    expect(caseless('a.b')).toBe('[Aa]\\.[Bb]');
  });
});

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

describe('TRANSACTION_ID_SEGMENT accepts a % only where decodeURIComponent does', () => {
  const segment = re(`^${TRANSACTION_ID_SEGMENT}$`);
  const hex = (n: number) => `%${n.toString(16).padStart(2, '0')}`;
  const HEX = (n: number) => hex(n).toUpperCase();
  const edges = [
    0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff,
  ];

  it('for every one- and two-byte sequence', () => {
    for (let a = 0; a < 256; a++) {
      for (const text of [hex(a), HEX(a), `x${hex(a)}y`]) expect(segment.test(text), text).toBe(decodes(text));
      for (let b = 0; b < 256; b++) {
        const text = `${hex(a)}${HEX(b)}`;
        expect(segment.test(text), text).toBe(decodes(text));
      }
    }
  });

  it('for three- and four-byte sequences around every boundary', () => {
    for (const a of edges)
      for (const b of edges)
        for (const c of edges) {
          const three = `${hex(a)}${hex(b)}${hex(c)}`;
          expect(segment.test(three), three).toBe(decodes(three));
          for (const d of [0x7f, 0x80, 0xbf, 0xc0]) {
            const four = `${three}${hex(d)}`;
            expect(segment.test(four), four).toBe(decodes(four));
          }
        }
  });

  it.each(['%', '%4', '%g0', 'a%2', '%%41', 'abc', 'a b', 'ä'])('for %j', (text) => expect(segment.test(text)).toBe(decodes(text)));
});

describe('documentUrlPattern() accepts what parseDocumentUrl reads as an https URL of a known DOCTYPE and format', () => {
  const base = 'https://api.itscope.com/2.1/business/documents/T-1/ORDER.xml';
  const urls = [
    base,
    base.replace('https', 'HTTPS'),
    base.replace('https', 'http'),
    base.replace('https', 'hTTps'),
    base.replace('xml', 'XML'),
    base.replace('xml', 'pdf'),
    base.replace('xml', 'json'),
    base.replace('ORDER', 'Order'),
    base.replace('ORDER', 'QUOTATION'),
    base.replace('ORDER', 'ORDERX'),
    base.replace('ORDER', 'ORDER1'),
    base.replace('/2.1', ''),
    base.replace('/2.1', '/a/b'),
    base.replace('/2.1', '//'),
    base.replace('api.itscope.com', ''),
    base.replace('api.itscope.com', 'u:p@h'),
    base.replace('api.itscope.com', '@h'),
    base.replace('api.itscope.com', 'h:1'),
    base.replace('api.itscope.com', 'h:'),
    base.replace('api.itscope.com', 'h:x'),
    base.replace('api.itscope.com', '[::1]:8'),
    base.replace('api.itscope.com', '[::1'),
    base.replace('T-1', 'a%20b'),
    base.replace('T-1', 'a%2'),
    base.replace('T-1', ''),
    base.replace('T-1', 'a/b'),
    base.replace('T-1', 'a?b'),
    `${base}?x`,
    `${base}#x`,
    `${base}x`,
    base.replace('https://', 'https:/'),
    base.replace('business', 'Business'),
    base.replace('/business/documents/', '/business/documents//'),
    base.replace('.xml', '..xml'),
    base.replace('.xml', '.x ml'),
    ` ${base}`,
    `${base}\n`,
  ];

  it.each(urls)('%s', (url) => {
    const ref = parseDocumentUrl(url);
    const expected =
      ref !== undefined &&
      ref.protocol === 'https:' &&
      (DOC_TYPES as readonly string[]).includes(ref.docType) &&
      (DOC_FORMATS as readonly string[]).includes(ref.format);
    expect(re(documentUrlPattern()).test(url)).toBe(expected);
  });

  it('narrows to one DOCTYPE and format when asked', () => {
    const only = re(documentUrlPattern(['INVOICE'], ['pdf']));
    expect(only.test(base.replace('ORDER.xml', 'INVOICE.pdf'))).toBe(true);
    expect(only.test(base.replace('ORDER.xml', 'INVOICE.xml'))).toBe(false);
    expect(only.test(base.replace('ORDER.xml', 'ORDER.pdf'))).toBe(false);
  });
});
