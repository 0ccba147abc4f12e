/**
 * Streams one document to disk: into `<file>.part`, checked,
 * then renamed, so a partial file never sits under the final name. A body that is not
 * what we asked for (wrong content type, not well-formed XML, not a PDF) is kept as
 * `<file>.error` for inspection.
 *
 * Memory stays flat for any size: bytes pass straight through to the file. XML up to
 * FULL_XML_CHECK_BYTES is checked for well-formedness in full (fast-xml-parser's
 * validator); a larger document is checked at its ends only (it must start with markup
 * and end with a closing tag), because the validator needs the whole text in memory.
 */
import { createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { makeDirs } from '../core/make-dirs.js';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { collectYoungGarbage } from './memory.js';
import { DocumentFetchError, networkFailure, withRetries, type DocumentClient, type DocumentLocator, type RetryOptions } from './document-client.js';

/** Documents up to this size get a full well-formedness check. */
export const FULL_XML_CHECK_BYTES = 8 * 1024 * 1024;
const EDGE_BYTES = 4096;
/** How often a large download reports progress and frees spent socket buffers (memory.ts). */
const GC_EVERY_BYTES = 8 * 1024 * 1024;

export type Destination = { kind: 'file'; path: string; force?: boolean } | { kind: 'stream'; stream: Writable };

export interface DownloadResult {
  status: 'downloaded' | 'skipped';
  path: string | undefined;
  bytes: number;
  contentType: string | undefined;
  /** False when the document was too large for the full XML check (ends checked only). */
  fullyChecked: boolean;
}

export interface DownloadOptions extends RetryOptions {
  onProgress?: ((bytes: number, total: number | undefined) => void) | undefined;
}

/** Collects what the body check needs while the bytes stream past. */
class BodyInspector {
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

async function exists(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => {});
}

/** Downloads one document; throws DocumentFetchError when it fails. */
export async function downloadDocument(
  client: DocumentClient,
  doc: DocumentLocator,
  destination: Destination,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  if (destination.kind === 'file' && !destination.force) {
    const size = await exists(destination.path);
    if (size !== undefined) return { status: 'skipped', path: destination.path, bytes: size, contentType: undefined, fullyChecked: true };
  }
  if (destination.kind === 'file') {
    try {
      await makeDirs(dirname(destination.path));
    } catch (error) {
      throw new DocumentFetchError('file', `cannot create ${dirname(destination.path)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { fatal: true });
    }
  }
  return withRetries(() => attempt(client, doc, destination, options), options);
}

async function attempt(client: DocumentClient, doc: DocumentLocator, destination: Destination, options: DownloadOptions): Promise<DownloadResult> {
  const opened = await client.open(doc, options.signal);
  const typeProblem = contentTypeProblem(doc.format, opened.contentType);
  const inspector = new BodyInspector(doc.format === 'xml');
  const total = opened.contentLength;
  let lastReport = 0;
  // A 'data' listener next to the pipe sees every chunk without a transform stage in
  // between (a transform costs a copy of the control flow per chunk; this costs nothing).
  opened.body.on('data', (chunk: Buffer) => {
    inspector.push(chunk);
    if (inspector.bytes - lastReport >= GC_EVERY_BYTES) {
      lastReport = inspector.bytes;
      options.onProgress?.(inspector.bytes, total);
      collectYoungGarbage();
    }
  });

  if (destination.kind === 'stream') {
    if (typeProblem) {
      opened.body.destroy();
      throw new DocumentFetchError('content', typeProblem);
    }
    try {
      await pipeline(opened.body, destination.stream, { end: false });
    } catch (error) {
      // Bytes already went out: retrying would duplicate them.
      const failure = networkFailure(error, opened.url);
      throw new DocumentFetchError(failure.kind, failure.message);
    }
    const problem = await inspector.problem(doc.format);
    if (problem) throw new DocumentFetchError('content', problem);
    return { status: 'downloaded', path: undefined, bytes: inspector.bytes, contentType: opened.contentType, fullyChecked: inspector.fullyChecked };
  }

  const final = destination.path;
  const part = `${final}.part`;
  const file = createWriteStream(part, { mode: 0o644, highWaterMark: 1 << 20 });
  try {
    // A 1 MiB write buffer lets the file writes batch (writev) instead of pausing the socket per chunk.
    await pipeline(opened.body, file);
  } catch (error) {
    // The file may still be opening when the body breaks off: remove it only once closed.
    if (!file.closed) await once(file, 'close').catch(() => undefined);
    await removeQuietly(part);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'ENOSPC' || code === 'EROFS' || code === 'EISDIR') {
      throw new DocumentFetchError('file', `cannot write ${part}: ${code}`, { fatal: true });
    }
    throw networkFailure(error, opened.url);
  }
  if (total !== undefined && inspector.bytes !== total) {
    await removeQuietly(part);
    throw new DocumentFetchError('network', `the download broke off after ${inspector.bytes} of ${total} bytes`, { retryable: true });
  }
  const problem = typeProblem ?? (await inspector.problem(doc.format));
  if (problem) {
    const errorPath = `${final}.error`;
    await rename(part, errorPath).catch(() => removeQuietly(part));
    throw new DocumentFetchError('content', `${problem}; the body was kept as ${errorPath}`, { errorPath });
  }
  await rename(part, final);
  return { status: 'downloaded', path: final, bytes: inspector.bytes, contentType: opened.contentType, fullyChecked: inspector.fullyChecked };
}
