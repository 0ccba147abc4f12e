/**
 * Streams one document to disk: into a temporary `<file>.<random>.part` created
 * exclusively (never through a link, never someone else's), checked, then moved into
 * place, so a partial file never sits under the final name and no temporary file is left
 * behind when anything fails. A body that is not what we asked for (wrong content type,
 * not well-formed XML, not a PDF) is kept as `<file>.error` for inspection.
 *
 * Only regular files are ever replaced, and only with `force`: a folder, symbolic link,
 * FIFO or device under the final name is a local problem (kind `file`), before any
 * request. Without `force` the move is a hard link that fails if a file appeared
 * meanwhile, so nothing that exists is replaced.
 *
 * Memory stays flat for any size: bytes pass straight through to the file. XML up to
 * FULL_XML_CHECK_BYTES is checked for well-formedness in full (fast-xml-parser's
 * validator); a larger document is checked at its ends only (it must start with markup
 * and end with a closing tag), because the validator needs the whole text in memory.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type Stats } from 'node:fs';
import { link, lstat, rename, stat, unlink } from 'node:fs/promises';
import { errnoCode } from '../core/errors.js';
import { makeDirs } from '../files/make-dirs.js';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { collectYoungGarbage } from './memory.js';
import { DocumentFetchError, networkFailure, withRetries, type DocumentClient, type DocumentLocator, type RetryOptions } from './client.js';

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

/** Errno codes that mean the whole disk refuses writes: every next document would fail too. */
const DISK_WIDE = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this system allows',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'the folder disappeared',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'the disk reported an input/output error',
  ELOOP: 'too many symbolic links',
};

function errnoHint(code: string | undefined, path: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `free some space on the disk that holds ${dirname(path)}, or write elsewhere with --out DIR/`;
    case 'EFBIG':
      return 'raise the file size limit (`ulimit -f`), or write to another disk with --out DIR/';
    case 'EROFS':
      return 'write to a writable disk with --out DIR/';
    case 'EACCES':
    case 'EPERM':
      return `make ${dirname(path)} writable for this user, or choose another folder with --out DIR/`;
    case 'ENOTDIR':
    case 'EISDIR':
      return 'remove or rename what is in the way, or choose another place with --out';
    case 'ENAMETOOLONG':
      return 'choose a shorter path with --out';
    case 'EMFILE':
    case 'ENFILE':
      return 'close other programs or raise the open-files limit (`ulimit -n`), then run again';
    default:
      return 'check the disk and the folder, or choose another place with --out DIR/';
  }
}

/**
 * A problem on this machine (folder, disk), never blamed on the download: `what` names
 * the action and the path, the errno follows in words, the hint says what to do.
 */
function localFailure(what: string, path: string, error: unknown): DocumentFetchError {
  const code = errnoCode(error);
  const words = code ? ERRNO_WORDS[code] : undefined;
  const detail = code ? `${code}${words ? `, ${words}` : ''}` : ((error as Error)?.message ?? String(error));
  return new DocumentFetchError('file', `${what}: ${detail}`, { fatal: code !== undefined && DISK_WIDE.has(code), hint: errnoHint(code, path) });
}

function entryKind(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function inTheWay(path: string, s: Stats): DocumentFetchError {
  return new DocumentFetchError('file', `${path} is ${entryKind(s)}, not a regular file: fetch-doc replaces only regular files, with or without --force`, {
    hint: `remove or rename ${path}, or choose another file with --out`,
  });
}

/** What is at `path` right now, without following a link; undefined when nothing is. */
async function entryAt(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    // A part of the path that is not a folder is reported when the folder is created.
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined;
    throw localFailure(`cannot look at ${path}`, path, error);
  }
}

/** The nearest existing entry on the way up from `dir` that is not a folder (what stands in the way). */
async function firstNonFolder(dir: string): Promise<string | undefined> {
  for (let path = dir; ; path = dirname(path)) {
    const info = await stat(path).catch(() => undefined);
    if (info) return info.isDirectory() ? undefined : path;
    if (dirname(path) === path) return undefined;
  }
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => {});
}

function skipped(path: string, size: number): DownloadResult {
  return { status: 'skipped', path, bytes: size, contentType: undefined, fullyChecked: true };
}

/** Downloads one document; throws DocumentFetchError when it fails. */
export async function downloadDocument(
  client: DocumentClient,
  doc: DocumentLocator,
  destination: Destination,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  if (destination.kind === 'file') {
    // Before any request: nothing is fetched that could not be kept.
    const existing = await entryAt(destination.path);
    if (existing && !existing.isFile()) throw inTheWay(destination.path, existing);
    if (existing && !destination.force) return skipped(destination.path, existing.size);
    const dir = dirname(destination.path);
    try {
      await makeDirs(dir);
    } catch (error) {
      const offender = errnoCode(error) === 'ENOTDIR' ? await firstNonFolder(dir) : undefined;
      if (offender) {
        throw new DocumentFetchError('file', `cannot create the folder ${dir}: ${offender} is not a folder (ENOTDIR)`, {
          hint: `remove or rename ${offender}, or choose another place with --out`,
        });
      }
      throw localFailure(`cannot create the folder ${dir}`, destination.path, error);
    }
  }
  return withRetries(() => attempt(client, doc, destination, options), options);
}

/** A unique temporary name next to the final file (same folder, so the move is atomic). */
function tempPath(final: string): string {
  return `${final}.${randomBytes(6).toString('hex')}.part`;
}

/**
 * Moves the checked temporary file to its final name. Without force nothing that exists
 * is replaced (a hard link fails if the name is taken); with force only a regular file is.
 * Returns the skipped result when a regular file appeared meanwhile (without force).
 */
async function moveIntoPlace(part: string, final: string, force: boolean): Promise<DownloadResult | undefined> {
  if (!force) {
    try {
      await link(part, final);
      await removeQuietly(part);
      return undefined;
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EEXIST') {
        const now = await entryAt(final);
        if (now && !now.isFile()) throw inTheWay(final, now);
        if (now) return skipped(final, now.size);
      } else if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EMLINK') {
        throw localFailure(`cannot write ${final}`, final, error);
      }
      // A file system without hard links: check, then rename (a narrow race remains).
      const now = await entryAt(final);
      if (now && !now.isFile()) throw inTheWay(final, now);
      if (now) return skipped(final, now.size);
    }
  } else {
    const now = await entryAt(final);
    if (now && !now.isFile()) throw inTheWay(final, now);
  }
  try {
    await rename(part, final);
  } catch (error) {
    throw localFailure(`cannot write ${final}`, final, error);
  }
  return undefined;
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
      throw new DocumentFetchError(failure.kind, failure.message, { hint: failure.hint });
    }
    const problem = await inspector.problem(doc.format);
    if (problem) throw new DocumentFetchError('content', problem, { hint: 'the bytes already went to stdout: discard them; check that --api-base points to the ITscope API' });
    return { status: 'downloaded', path: undefined, bytes: inspector.bytes, contentType: opened.contentType, fullyChecked: inspector.fullyChecked };
  }

  const final = destination.path;
  const part = tempPath(final);
  // Whichever stream failed first is the cause: the file (a local problem) or the body
  // (the download); pipeline then destroys the other one with the same error.
  let firstFailure: 'body' | 'file' | undefined;
  opened.body.once('error', () => (firstFailure ??= 'body'));
  // 'wx': created here and now, never an existing file or a link someone placed there.
  const file = createWriteStream(part, { flags: 'wx', mode: 0o644, highWaterMark: 1 << 20 });
  let created = false;
  file.once('open', () => (created = true));
  file.once('error', () => (firstFailure ??= 'file'));
  try {
    // A 1 MiB write buffer lets the file writes batch (writev) instead of pausing the socket per chunk.
    await pipeline(opened.body, file);
  } catch (error) {
    // The file may still be opening when the body breaks off: remove it only once closed.
    if (!file.closed) await once(file, 'close').catch(() => undefined);
    if (created) await removeQuietly(part);
    if (firstFailure === 'file') {
      opened.body.destroy();
      throw localFailure(`cannot write ${final}`, final, error);
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
    const there = await entryAt(errorPath).catch(() => undefined);
    const kept = there && !there.isFile() ? false : await rename(part, errorPath).then(() => true, () => false);
    if (!kept) {
      await removeQuietly(part);
      throw new DocumentFetchError('content', `${problem}; the body could not be kept as ${errorPath}`);
    }
    throw new DocumentFetchError('content', `${problem}; the body was kept as ${errorPath}`, {
      errorPath,
      hint: `open ${errorPath} to see what the server sent, and check that --api-base points to the ITscope API`,
    });
  }
  try {
    const instead = await moveIntoPlace(part, final, Boolean(destination.force));
    if (instead) return instead;
  } finally {
    await removeQuietly(part);
  }
  return { status: 'downloaded', path: final, bytes: inspector.bytes, contentType: opened.contentType, fullyChecked: inspector.fullyChecked };
}
