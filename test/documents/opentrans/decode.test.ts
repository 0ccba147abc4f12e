import { describe, expect, it } from 'vitest';
import { declaredEncoding, decodeDocument, decodeString, scanUtf8 } from '../../../src/documents/opentrans/decode.js';

const decl = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?>\n`;
const doc = (encoding: string, body: string) => `${decl(encoding)}<ORDER version="2.1"><NAME>${body}</NAME></ORDER>`;

describe('declaredEncoding', () => {
  it.each([
    ['<?xml version="1.0" encoding="ISO-8859-1"?>', 'ISO-8859-1'],
    ["<?xml version='1.0' encoding = 'windows-1252' ?>", 'windows-1252'],
    ['<?xml version="1.0" standalone="yes"?>', undefined],
    ['<?xml version="1.0" encoding=""?>', undefined],
    [' <?xml version="1.0" encoding="UTF-8"?>', undefined],
    ['<ORDER encoding="latin1"/>', undefined],
  ])('%j → %j', (head, expected) => {
    expect(declaredEncoding(head)).toBe(expected);
  });
});

describe('decodeDocument', () => {
  it('reads UTF-8 as declared, without warnings', () => {
    const r = decodeDocument(Buffer.from(doc('UTF-8', 'Königstraße'), 'utf8'));
    expect(r.text).toContain('<NAME>Königstraße</NAME>');
    expect(r.encoding).toEqual({ declared: 'UTF-8', used: 'UTF-8' });
    expect(r.warnings).toEqual([]);
  });

  it('honours a Latin-1 declaration over real Latin-1 bytes', () => {
    const r = decodeDocument(Buffer.from(doc('ISO-8859-1', 'Müller, Größe'), 'latin1'));
    expect(r.text).toContain('<NAME>Müller, Größe</NAME>');
    expect(r.encoding).toEqual({ declared: 'ISO-8859-1', used: 'ISO-8859-1' });
    expect(r.warnings).toEqual([]);
  });

  it('reads UTF-8 bytes under an ISO-8859-1 declaration as UTF-8 and says so', () => {
    const r = decodeDocument(Buffer.from(doc('ISO-8859-1', 'Kühlbox für Lüneburg'), 'utf8'));
    expect(r.text).toContain('<NAME>Kühlbox für Lüneburg</NAME>');
    expect(r.encoding).toEqual({ declared: 'ISO-8859-1', used: 'UTF-8' });
    expect(r.warnings).toEqual(['the XML declaration names ISO-8859-1, but the bytes are UTF-8 (3 multi-byte characters): read as UTF-8']);
  });

  it('decodes windows-1252 as declared: € 0x80, „ 0x84, “ 0x93, – 0x96', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${decl('windows-1252')}<ORDER><NAME>`, 'latin1'),
      Buffer.from([0x84, 0x50, 0x93, 0x20, 0x96, 0x20, 0x35, 0x80]),
      Buffer.from('</NAME></ORDER>'),
    ]);
    const r = decodeDocument(bytes);
    expect(r.text).toContain('<NAME>„P“ – 5€</NAME>');
    expect(r.encoding.used).toBe('windows-1252');
    expect(r.warnings).toEqual([]);
  });

  it('reads 0x80–0x9F under an ISO-8859-1 declaration as windows-1252, with a warning', () => {
    const bytes = Buffer.concat([Buffer.from(`${decl('ISO-8859-1')}<ORDER><NAME>5`, 'latin1'), Buffer.from([0x80]), Buffer.from('</NAME></ORDER>')]);
    const r = decodeDocument(bytes);
    expect(r.text).toContain('<NAME>5€</NAME>');
    expect(r.encoding).toEqual({ declared: 'ISO-8859-1', used: 'windows-1252' });
    expect(r.warnings[0]).toMatch(/0x80–0x9F only make sense as windows-1252/);
  });

  it('says so when 8-bit bytes come under a UTF-8 declaration (no valid multi-byte sequence: windows-1252)', () => {
    const bytes = Buffer.from(doc('UTF-8', 'Müller'), 'latin1');
    const r = decodeDocument(bytes);
    expect(r.text).toContain('<NAME>Müller</NAME>');
    expect(r.encoding).toEqual({ declared: 'UTF-8', used: 'windows-1252' });
    expect(r.warnings).toEqual([
      `the XML declaration names UTF-8, but the bytes are not UTF-8 (first bad byte at offset ${bytes.indexOf(0xfc)}) and look 8-bit: read as windows-1252`,
    ]);
  });

  it('keeps UTF-8 when most of it is UTF-8 and marks the broken byte', () => {
    const bytes = Buffer.concat([
      Buffer.from(doc('UTF-8', 'Größe ').replace('</NAME></ORDER>', ''), 'utf8'),
      Buffer.from([0xff]),
      Buffer.from('</NAME></ORDER>'),
    ]);
    const r = decodeDocument(bytes);
    expect(r.text).toContain('<NAME>Größe \uFFFD</NAME>');
    expect(r.encoding.used).toBe('UTF-8');
    expect(r.warnings[0]).toMatch(/not valid UTF-8 \(first bad byte at offset \d+\): bad bytes replaced by U\+FFFD/);
  });

  it('treats a document without declaration as UTF-8, and 8-bit bytes there as windows-1252 with a warning', () => {
    expect(decodeDocument(Buffer.from('<ORDER><NAME>ä</NAME></ORDER>', 'utf8')).encoding).toEqual({ used: 'UTF-8' });
    const r = decodeDocument(Buffer.from('<ORDER><NAME>ä</NAME></ORDER>', 'latin1'));
    expect(r.text).toBe('<ORDER><NAME>ä</NAME></ORDER>');
    expect(r.warnings[0]).toMatch(/^there is no encoding declaration \(so UTF-8\), but the bytes are not UTF-8/);
  });

  it('strips a UTF-8 byte-order mark, and lets it win over a contradicting declaration', () => {
    const r = decodeDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc('ISO-8859-1', 'Zürich'), 'utf8')]));
    expect(r.text.startsWith('<?xml')).toBe(true);
    expect(r.text).toContain('Zürich');
    expect(r.encoding).toEqual({ declared: 'ISO-8859-1', used: 'UTF-8', bom: true });
    expect(r.warnings).toEqual(['the XML declaration names ISO-8859-1, but the file starts with a UTF-8 byte-order mark: read as UTF-8']);
  });

  it('reads UTF-16 with either byte-order mark, and UTF-16LE without one', () => {
    const text = doc('UTF-16', 'Straße €');
    const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [le, be]) {
      const r = decodeDocument(bytes);
      expect(r.text).toBe(text);
      expect(r.warnings).toEqual([]);
    }
    expect(decodeDocument(be).encoding).toEqual({ declared: 'UTF-16', used: 'UTF-16BE', bom: true });
    const noBom = decodeDocument(Buffer.from(text, 'utf16le'));
    expect(noBom.text).toBe(text);
    expect(noBom.encoding).toEqual({ declared: 'UTF-16', used: 'UTF-16LE' });
  });

  it('warns about a declaration it cannot use, and about bytes US-ASCII cannot hold', () => {
    const unknown = decodeDocument(Buffer.from(doc('x-unknown-charset', 'abc'), 'utf8'));
    expect(unknown.encoding.used).toBe('UTF-8');
    expect(unknown.warnings).toEqual(['the XML declaration names x-unknown-charset, which cannot be decoded here: read as UTF-8']);
    const ascii = decodeDocument(Buffer.from(doc('US-ASCII', 'Köln'), 'latin1'));
    expect(ascii.text).toContain('Köln');
    expect(ascii.warnings).toEqual(['the XML declaration names US-ASCII, but 1 byte is above 0x7F: read as windows-1252']);
    expect(decodeDocument(Buffer.from(doc('US-ASCII', 'Koeln'))).encoding.used).toBe('US-ASCII');
  });
});

describe('scanUtf8', () => {
  it('rejects overlong forms and surrogates, counts multi-byte characters', () => {
    expect(scanUtf8(Buffer.from('aä€😀', 'utf8'))).toMatchObject({ valid: true, multiByte: 3 });
    expect(scanUtf8(Buffer.from([0xc0, 0x80]))).toMatchObject({ valid: false, firstInvalid: 0 });
    expect(scanUtf8(Buffer.from([0x41, 0xed, 0xa0, 0x80]))).toMatchObject({ valid: false, firstInvalid: 1 });
    expect(scanUtf8(Buffer.from([0xe2, 0x82]))).toMatchObject({ valid: false, multiByte: 0 });
  });
});

describe('decodeString', () => {
  it('accepts decoded text, strips a BOM, and flags the replacement characters a wrong decoding leaves', () => {
    expect(decodeString('\uFEFF<ORDER/>')).toEqual({ text: '<ORDER/>', encoding: { used: 'string' }, warnings: [] });
    const r = decodeString(`${decl('ISO-8859-1')}<ORDER><NAME>M\uFFFDller</NAME></ORDER>`);
    expect(r.encoding).toEqual({ declared: 'ISO-8859-1', used: 'string' });
    expect(r.warnings[0]).toMatch(/U\+FFFD replacement characters.*pass the raw bytes/);
  });
});
