/**
 * Checks a document's body while its bytes stream past, without holding it: XML up to
 * FULL_XML_CHECK_BYTES gets a full well-formedness check (fast-xml-parser's validator,
 * loaded only then); a larger one is checked at its ends only (it must start with markup
 * and end with a closing tag), because the validator needs the whole text in memory. An
 * HTML page (a login or error page) is never a document; a PDF starts with %PDF-.
 */

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
    const start = firstMarkup(this.head);
    if (start !== '<') return 'the body is not XML (it does not start with "<")';
    // A login or error page can be well-formed too; an HTML root is never a document.
    if (rootName(this.head)?.toLowerCase() === 'html') return 'the body is an HTML page, not an openTRANS document';
    if (!this.overflow) {
      // Loaded only here: a large download never needs the parser, and start-up time counts.
      const { XMLValidator } = await import('fast-xml-parser');
      const verdict = XMLValidator.validate(Buffer.concat(this.chunks).toString('utf8'));
      return verdict === true ? undefined : `the XML is not well-formed: ${verdict.err.msg} (line ${verdict.err.line})`;
    }
    return lastMarkup(this.tail) === '>' ? undefined : 'the XML is cut off (it does not end with a closing tag)';
  }

  get fullyChecked(): boolean {
    return !this.overflow;
  }
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function firstMarkup(head: Buffer): string | undefined {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && WHITESPACE.has(head[i] ?? 0)) i++;
  return i < head.length ? String.fromCharCode(head[i] ?? 0) : undefined;
}

/**
 * The name of the first element, skipping the XML declaration, comments, processing
 * instructions and a DOCTYPE; undefined when they do not fit into the head we kept.
 */
export function rootName(head: Buffer): string | undefined {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
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

function lastMarkup(tail: Buffer): string | undefined {
  let i = tail.length - 1;
  while (i >= 0 && WHITESPACE.has(tail[i] ?? 0)) i--;
  return i >= 0 ? String.fromCharCode(tail[i] ?? 0) : undefined;
}

/** Content types we accept per format; a missing one is judged by the body alone. */
export function contentTypeProblem(format: 'xml' | 'pdf', contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (format === 'pdf') return type === 'application/pdf' || type === 'application/octet-stream' ? undefined : `expected a PDF, got content type ${type}`;
  const ok = type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml') || type === 'application/octet-stream';
  return ok ? undefined : `expected XML, got content type ${type}`;
}
