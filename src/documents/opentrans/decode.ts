/**
 * Bytes → text, honouring the XML declaration and saying so when the bytes contradict
 * it. Real suppliers declare ISO-8859-1 over UTF-8 bytes, send true Latin-1 or
 * windows-1252, or declare nothing. Rules, in order:
 *
 * 1. A byte-order mark wins (UTF-8, UTF-16LE/BE); a declaration naming something else
 *    gets a warning. `<?` in UTF-16 without a BOM is recognised too.
 * 2. Otherwise the declaration's `encoding` is read (it is ASCII by definition); none
 *    means UTF-8, as XML says.
 * 3. A single-byte declaration (ISO-8859-1, windows-1252, ISO-8859-15, ASCII) over bytes
 *    that are valid UTF-8 with at least one multi-byte sequence → read as UTF-8, warning.
 *    (Latin-1 text that happens to be valid UTF-8 is vanishingly rare.)
 * 4. ISO-8859-1 with bytes 0x80–0x9F: those are unprintable controls in Latin-1 but € ‚ „ …
 *    “ ” in windows-1252, which is what the sender meant → windows-1252, warning.
 * 5. UTF-8 (declared or by default) over bytes that are not valid UTF-8: with no valid
 *    multi-byte sequence at all the file is 8-bit → windows-1252, warning; otherwise UTF-8
 *    with U+FFFD for the bad bytes, warning naming the first bad offset.
 */
import type { EncodingInfo } from './model.js';

export interface DecodedText {
  text: string;
  encoding: EncodingInfo;
  warnings: string[];
}

/** The `encoding` pseudo-attribute of a leading `<?xml … ?>`, read without a regex. */
export function declaredEncoding(head: string): string | undefined {
  if (!head.startsWith('<?xml')) return undefined;
  const end = head.indexOf('?>');
  const decl = end === -1 ? head : head.slice(0, end);
  const at = decl.indexOf('encoding');
  if (at === -1) return undefined;
  let i = at + 'encoding'.length;
  const skipSpace = () => {
    while (i < decl.length && ' \t\r\n'.includes(decl[i] ?? '')) i++;
  };
  skipSpace();
  if (decl[i] !== '=') return undefined;
  i++;
  skipSpace();
  const quote = decl[i];
  if (quote !== '"' && quote !== "'") return undefined;
  const close = decl.indexOf(quote, i + 1);
  if (close === -1) return undefined;
  const value = decl.slice(i + 1, close).trim();
  return value === '' ? undefined : value;
}

type Family = 'utf-8' | 'latin1' | 'windows-1252' | 'ascii' | 'utf-16' | 'other';

const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'cp819', 'ibm819', 'iso-ir-100']);
const WINDOWS_1252 = new Set(['windows-1252', 'cp1252', 'x-cp1252', 'win-1252', 'ms-ansi']);
const ASCII = new Set(['us-ascii', 'ascii', 'iso646-us']);

function family(label: string): Family {
  const l = label.toLowerCase();
  if (l === 'utf-8' || l === 'utf8') return 'utf-8';
  if (LATIN1.has(l)) return 'latin1';
  if (WINDOWS_1252.has(l)) return 'windows-1252';
  if (ASCII.has(l)) return 'ascii';
  if (l.startsWith('utf-16') || l === 'utf16' || l === 'ucs-2') return 'utf-16';
  return 'other';
}

interface Utf8Scan {
  valid: boolean;
  multiByte: number;
  firstInvalid: number;
  highBytes: number;
}

/** One pass over the bytes: is it UTF-8, and did it use any multi-byte sequence? */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let multiByte = 0;
  let highBytes = 0;
  let firstInvalid = -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    highBytes++;
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = ((bytes[i + k] ?? 0) & 0xc0) === 0x80;
    if (ok && len === 3) {
      const b1 = bytes[i + 1] ?? 0;
      ok = !(b === 0xe0 && b1 < 0xa0) && !(b === 0xed && b1 >= 0xa0); // overlong, surrogates
    }
    if (ok && len === 4) {
      const b1 = bytes[i + 1] ?? 0;
      ok = !(b === 0xf0 && b1 < 0x90) && !(b === 0xf4 && b1 >= 0x90);
    }
    if (ok) {
      multiByte++;
      i += len;
    } else {
      if (firstInvalid === -1) firstInvalid = i;
      i++;
    }
  }
  return { valid: firstInvalid === -1, multiByte, firstInvalid, highBytes };
}

function hasC1Bytes(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80 && b <= 0x9f) return true;
  return false;
}

/** windows-1252's 0x80–0x9F (the WHATWG table; 0x81, 0x8D, 0x8F, 0x90, 0x9D stay C1 controls). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Own windows-1252 decoder: Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1 controls. */
function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let out = '';
  let start = 0;
  for (let i = 0; i < latin1.length; i++) {
    const code = latin1.charCodeAt(i);
    if (code >= 0x80 && code <= 0x9f) {
      out += latin1.slice(start, i) + String.fromCharCode(CP1252_HIGH[code - 0x80] ?? code);
      start = i + 1;
    }
  }
  return out + latin1.slice(start);
}

function decodeWith(label: string, bytes: Uint8Array, fatal = false): string {
  if (label.toLowerCase() === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder(label, { fatal }).decode(bytes);
}

function bomOf(bytes: Uint8Array): { label: 'UTF-8' | 'UTF-16LE' | 'UTF-16BE'; length: number } | undefined {
  const [a, b, c] = [bytes[0], bytes[1], bytes[2]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return { label: 'UTF-8', length: 3 };
  if (a === 0xff && b === 0xfe) return { label: 'UTF-16LE', length: 2 };
  if (a === 0xfe && b === 0xff) return { label: 'UTF-16BE', length: 2 };
  return undefined;
}

/** UTF-16 without a BOM: `<?` as 3C 00 3F 00 or 00 3C 00 3F. */
function bomlessUtf16(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | undefined {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0x3c && b === 0 && c === 0x3f && d === 0) return 'UTF-16LE';
  if (a === 0 && b === 0x3c && c === 0 && d === 0x3f) return 'UTF-16BE';
  return undefined;
}

/** Whether the bytes are UTF-16 by a byte-order mark or the `<?` pattern, and which order. */
export function utf16Of(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | undefined {
  const bom = bomOf(bytes);
  return bom ? (bom.label === 'UTF-8' ? undefined : bom.label) : bomlessUtf16(bytes);
}

function headOf(text: string): string {
  return text.slice(0, 256);
}

export function decodeDocument(input: Uint8Array): DecodedText {
  const warnings: string[] = [];
  const bom = bomOf(input);
  const utf16 = utf16Of(input);
  if (bom || utf16) {
    const label = utf16 ?? 'UTF-8';
    const text = decodeWith(label.toLowerCase(), input); // TextDecoder drops the BOM
    const declared = declaredEncoding(headOf(text));
    const declaredFamily = declared === undefined ? undefined : family(declared);
    const expected: Family = label === 'UTF-8' ? 'utf-8' : 'utf-16';
    if (declared !== undefined && declaredFamily !== expected) {
      warnings.push(`the XML declaration names ${declared}, but the file starts with a ${label} ${bom ? 'byte-order mark' : 'pattern'}: read as ${label}`);
    }
    return { text, encoding: { ...(declared !== undefined ? { declared } : {}), used: label, ...(bom ? { bom: true } : {}) }, warnings };
  }

  const declared = declaredEncoding(headOf(Buffer.from(input.subarray(0, 256)).toString('latin1')));
  const fam = declared === undefined ? 'utf-8' : family(declared);
  const scan = scanUtf8(input);
  const withDeclared = (used: string) => ({ ...(declared !== undefined ? { declared } : {}), used });

  if (fam !== 'utf-8' && fam !== 'utf-16' && scan.valid && scan.multiByte > 0) {
    const chars = `${scan.multiByte} multi-byte character${scan.multiByte === 1 ? '' : 's'}`;
    warnings.push(`the XML declaration names ${declared}, but the bytes are UTF-8 (${chars}): read as UTF-8`);
    return { text: decodeWith('utf-8', input), encoding: withDeclared('UTF-8'), warnings };
  }
  if (fam === 'ascii' && scan.highBytes === 0) return { text: decodeWith('utf-8', input), encoding: withDeclared('US-ASCII'), warnings };
  if (fam === 'latin1') {
    if (hasC1Bytes(input)) {
      warnings.push(`the XML declaration names ${declared}, but bytes 0x80–0x9F only make sense as windows-1252 (e.g. 0x80 = €): read as windows-1252`);
      return { text: decodeWith('windows-1252', input), encoding: withDeclared('windows-1252'), warnings };
    }
    return { text: Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1'), encoding: withDeclared('ISO-8859-1'), warnings };
  }
  if (fam === 'windows-1252' || fam === 'ascii') {
    if (fam === 'ascii')
      warnings.push(
        `the XML declaration names ${declared}, but ${scan.highBytes} byte${scan.highBytes === 1 ? ' is' : 's are'} above 0x7F: read as windows-1252`,
      );
    return { text: decodeWith('windows-1252', input), encoding: withDeclared('windows-1252'), warnings };
  }
  if (fam === 'utf-16') {
    warnings.push(`the XML declaration names ${declared}, but the bytes are 8-bit (no UTF-16 byte-order mark or pattern): read as UTF-8`);
  }
  if (fam === 'other') {
    try {
      return { text: decodeWith(declared ?? 'utf-8', input, true), encoding: withDeclared(declared ?? 'UTF-8'), warnings };
    } catch {
      warnings.push(`the XML declaration names ${declared}, which cannot be decoded here: read as UTF-8`);
    }
  }
  if (scan.valid) return { text: decodeWith('utf-8', input), encoding: withDeclared('UTF-8'), warnings };
  const named = declared === undefined ? 'there is no encoding declaration (so UTF-8)' : `the XML declaration names ${declared}`;
  if (scan.multiByte === 0) {
    warnings.push(`${named}, but the bytes are not UTF-8 (first bad byte at offset ${scan.firstInvalid}) and look 8-bit: read as windows-1252`);
    return { text: decodeWith('windows-1252', input), encoding: withDeclared('windows-1252'), warnings };
  }
  warnings.push(`${named}, but the bytes are not valid UTF-8 (first bad byte at offset ${scan.firstInvalid}): bad bytes replaced by U+FFFD`);
  return { text: decodeWith('utf-8', input), encoding: withDeclared('UTF-8'), warnings };
}

/** Text handed over already decoded: nothing to check but the marks a wrong decoding leaves. */
export function decodeString(text: string): DecodedText {
  const warnings: string[] = [];
  const declared = declaredEncoding(headOf(text.startsWith('\uFEFF') ? text.slice(1) : text));
  if (text.includes('\uFFFD')) {
    warnings.push('the text contains U+FFFD replacement characters: it was decoded with the wrong encoding before it got here (pass the raw bytes instead)');
  }
  return { text: text.startsWith('\uFEFF') ? text.slice(1) : text, encoding: { ...(declared !== undefined ? { declared } : {}), used: 'string' }, warnings };
}
