/**
 * Checks a document's body while its bytes stream past, without holding it: XML up to
 * FULL_XML_CHECK_BYTES gets a full well-formedness check (fast-xml-parser's validator,
 * loaded only then); a larger one is checked at its ends only (it must start with markup
 * and end with a closing tag), because the validator needs the whole text in memory. An
 * HTML page (a login or error page) is never a document; a PDF starts with %PDF-.
 * UTF-16 documents (a byte-order mark, or `<?xml` in UTF-16 as XML allows) are read as
 * UTF-16; everything else as UTF-8, whose ASCII markup any 8-bit encoding shares.
 */
import { utf16Of } from './opentrans/decode.js';

/** Documents up to this size get a full well-formedness check. */
export const FULL_XML_CHECK_BYTES = 8 * 1024 * 1024;
const EDGE_BYTES = 4096;

/** Collects what the body check needs while the bytes stream past. */
export class BodyInspector {
  bytes = 0;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private overflow = false;
  private head: Buffer = Buffer.alloc(0);
  private tail: Buffer = Buffer.alloc(0);

  constructor(private readonly keepAll: boolean) {}

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.head.length < EDGE_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, EDGE_BYTES - this.head.length)]);
    this.tail = chunk.length >= EDGE_BYTES ? chunk.subarray(chunk.length - EDGE_BYTES) : Buffer.concat([this.tail, chunk]).subarray(-EDGE_BYTES);
    if (!this.keepAll || this.overflow) return;
    if (this.buffered + chunk.length > FULL_XML_CHECK_BYTES) {
      this.overflow = true;
      this.chunks = [];
      return;
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** Undefined when the body is fine; else what is wrong with it. */
  async problem(format: 'xml' | 'pdf'): Promise<string | undefined> {
    if (this.bytes === 0) return 'the body is empty';
    if (format === 'pdf') return this.head.subarray(0, 5).toString('latin1') === '%PDF-' ? undefined : 'the body is not a PDF (no %PDF- header)';
    const encoding = utf16Of(this.head) ?? 'UTF-8';
    const head = textOf(this.head, encoding);
    if (firstMarkup(head) !== '<') return 'the body is not XML (it does not start with "<")';
    // A login or error page can be well-formed too; an HTML root is never a document.
    if (rootName(head)?.toLowerCase() === 'html') return 'the body is an HTML page, not an openTRANS document';
    if (!this.overflow) {
      // Loaded only here: a large download never needs the parser, and start-up time counts.
      const { XMLValidator } = await import('fast-xml-parser');
      const verdict = XMLValidator.validate(textOf(Buffer.concat(this.chunks), encoding));
      return verdict === true ? undefined : `the XML is not well-formed: ${verdict.err.msg} (line ${verdict.err.line})`;
    }
    // The tail ends where the document ends: cut to whole UTF-16 units from there.
    const tail = encoding === 'UTF-8' ? this.tail : this.tail.subarray(this.tail.length % 2);
    return lastMarkup(textOf(tail, encoding)) === '>' ? undefined : 'the XML is cut off (it does not end with a closing tag)';
  }

  get fullyChecked(): boolean {
    return !this.overflow;
  }
}

const WHITESPACE = ' \t\r\n';

/** Bytes as text without a byte-order mark (a cut character at either end becomes U+FFFD). */
function textOf(bytes: Buffer, encoding: 'UTF-8' | 'UTF-16LE' | 'UTF-16BE'): string {
  const text = encoding === 'UTF-8' ? bytes.toString('utf8') : new TextDecoder(encoding.toLowerCase()).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function firstMarkup(text: string): string | undefined {
  let i = 0;
  while (i < text.length && WHITESPACE.includes(text[i] ?? '')) i++;
  return text[i];
}

/**
 * The name of the first element, skipping the XML declaration, comments, processing
 * instructions and a DOCTYPE; undefined when they do not fit into the head we kept.
 */
export function rootName(text: string): string | undefined {
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
    if (text.startsWith('<?', i)) i = skipPast(text, i, '?>');
    else if (text.startsWith('<!--', i)) i = skipPast(text, i, '-->');
    else if (text.startsWith('<!', i)) i = skipPast(text, i, '>');
    else break;
    if (i < 0) return undefined;
  }
  if (text[i] !== '<') return undefined;
  let end = i + 1;
  while (end < text.length && !' \t\r\n/>'.includes(text[end] ?? '')) end++;
  return end < text.length ? text.slice(i + 1, end) : undefined;
}

function skipPast(text: string, from: number, marker: string): number {
  const at = text.indexOf(marker, from);
  return at < 0 ? -1 : at + marker.length;
}

function lastMarkup(text: string): string | undefined {
  let i = text.length - 1;
  while (i >= 0 && WHITESPACE.includes(text[i] ?? '')) i--;
  return text[i];
}

/** Content types we accept per format; a missing one is judged by the body alone. */
export function contentTypeProblem(format: 'xml' | 'pdf', contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (format === 'pdf') return type === 'application/pdf' || type === 'application/octet-stream' ? undefined : `expected a PDF, got content type ${type}`;
  const ok = type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml') || type === 'application/octet-stream';
  return ok ? undefined : `expected XML, got content type ${type}`;
}
