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
 * Limits (issue 18): a deadline for the whole document (`maxTimeMs`: a server that trickles
 * its body is cut, not waited for, and not retried), a size cap (`maxBytes`, refused
 * before reading when the size is declared), and private files: 0600 in folders created
 * 0700, as captures are.
 *
 * Memory stays flat for any size: bytes pass straight through to the file. XML up to
 * FULL_XML_CHECK_BYTES is checked for well-formedness in full (fast-xml-parser's
 * validator); a larger document is checked at its ends only (it must start with markup
 * and end with a closing tag), because the validator needs the whole text in memory.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { link, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errnoCode } from '../core/errors.js';
import { formatBytes } from '../core/format.js';
import { temporaryPathFor } from '../files/atomic-write.js';
import { makeDirs } from '../files/make-dirs.js';
import { BodyInspector, contentTypeProblem } from './body-check.js';
import { type DocumentClient, DocumentFetchError, type DocumentLocator, networkFailure, type RetryOptions, withRetries } from './client.js';
import { entryAt, firstNonFolder, inTheWay, localFailure } from './local-failure.js';
import { collectYoungGarbage } from './memory.js';

/** How often a large download reports progress and frees spent socket buffers (memory.ts). */
const GC_EVERY_BYTES = 8 * 1024 * 1024;

/**
 * A file (`earlier`: where earlier versions may have saved the same document; a regular
 * file found there is skipped, as one at `path` is, unless `force`) or a stream.
 */
export type Destination = { kind: 'file'; path: string; force?: boolean; earlier?: readonly string[] } | { kind: 'stream'; stream: Writable };

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
  /** Largest document accepted (--max-size). */
  maxBytes?: number | undefined;
  /** Time allowed for one attempt at the whole document, body included (--max-time). */
  maxTimeMs?: number | undefined;
}

/** Default --max-size: far above any openTRANS document, far below a full disk. */
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/** The document failed to arrive in time: the deadline passed (not retried: it would take as long again). */
function tooSlow(doc: DocumentLocator, ms: number, bytes: number, total: number | undefined): DocumentFetchError {
  const got = total !== undefined ? `${bytes} of ${total} bytes` : `${bytes} bytes so far`;
  return new DocumentFetchError('timeout', `${doc.docType}.${doc.format} of transaction ${doc.transactionId} did not arrive within ${ms / 1000} s (${got})`, {
    hint: 'the API sends this document too slowly: try again later, or allow more time, e.g. --max-time 30m',
  });
}

function tooLarge(doc: DocumentLocator, max: number, declared?: number): DocumentFetchError {
  const what = `${doc.docType}.${doc.format} of transaction ${doc.transactionId}`;
  const size = declared !== undefined ? `is ${formatBytes(declared)}, more than` : 'is larger than';
  return new DocumentFetchError('content', `${what} ${size} --max-size ${formatBytes(max)}`, {
    hint: 'raise --max-size (e.g. --max-size 2gb) if the document really is this large; otherwise check that --api-base points to the ITscope API',
  });
}

/** Closes a body we will not read (undici reports that as an error nobody needs to hear). */
function discard(body: NodeJS.ReadableStream & { destroy(): unknown }): void {
  body.on('error', () => undefined);
  body.destroy();
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
    if (!destination.force) {
      for (const path of destination.earlier ?? []) {
        const there = await entryAt(path).catch(() => undefined);
        if (there?.isFile()) return skipped(path, there.size);
      }
    }
    const dir = dirname(destination.path);
    try {
      await makeDirs(dir, 0o700);
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
  const { maxTimeMs, maxBytes = DEFAULT_MAX_BYTES } = options;
  const deadline = maxTimeMs !== undefined ? AbortSignal.timeout(maxTimeMs) : undefined;
  const signal = deadline && options.signal ? AbortSignal.any([options.signal, deadline]) : (deadline ?? options.signal);
  /** The deadline passed (and not the user's Ctrl-C). */
  const late = () => deadline?.aborted === true && options.signal?.aborted !== true;
  let total: number | undefined;
  const inspector = new BodyInspector(doc.format === 'xml');
  try {
    return await receive(client, doc, destination, options, { signal, maxBytes, inspector, setTotal: (t) => (total = t) });
  } catch (error) {
    if (late() && maxTimeMs !== undefined) throw tooSlow(doc, maxTimeMs, inspector.bytes, total);
    throw error;
  }
}

interface Limits {
  signal: AbortSignal | undefined;
  maxBytes: number;
  inspector: BodyInspector;
  setTotal: (total: number | undefined) => void;
}

async function receive(
  client: DocumentClient,
  doc: DocumentLocator,
  destination: Destination,
  options: DownloadOptions,
  limits: Limits,
): Promise<DownloadResult> {
  const { inspector, maxBytes } = limits;
  const opened = await client.open(doc, limits.signal);
  const typeProblem = contentTypeProblem(doc.format, opened.contentType);
  const total = opened.contentLength;
  limits.setTotal(total);
  if (total !== undefined && total > maxBytes) {
    discard(opened.body);
    throw tooLarge(doc, maxBytes, total);
  }
  let lastReport = 0;
  // A 'data' listener next to the pipe sees every chunk without a transform stage in
  // between (a transform costs a copy of the control flow per chunk; this costs nothing).
  opened.body.on('data', (chunk: Buffer) => {
    inspector.push(chunk);
    if (inspector.bytes > maxBytes) opened.body.destroy(tooLarge(doc, maxBytes));
    if (inspector.bytes - lastReport >= GC_EVERY_BYTES) {
      lastReport = inspector.bytes;
      options.onProgress?.(inspector.bytes, total);
      collectYoungGarbage();
    }
  });

  if (destination.kind === 'stream') {
    if (typeProblem) {
      discard(opened.body);
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
    if (problem)
      throw new DocumentFetchError('content', problem, {
        hint: 'the bytes already went to stdout: discard them; check that --api-base points to the ITscope API',
      });
    return { status: 'downloaded', path: undefined, bytes: inspector.bytes, contentType: opened.contentType, fullyChecked: inspector.fullyChecked };
  }

  const final = destination.path;
  const part = temporaryPathFor(final);
  // Whichever stream failed first is the cause: the file (a local problem) or the body
  // (the download); pipeline then destroys the other one with the same error.
  let firstFailure: 'body' | 'file' | undefined;
  opened.body.once('error', () => (firstFailure ??= 'body'));
  // 'wx': created here and now, never an existing file or a link someone placed there.
  const file = createWriteStream(part, { flags: 'wx', mode: 0o600, highWaterMark: 1 << 20 });
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
    const kept =
      there && !there.isFile()
        ? false
        : await rename(part, errorPath).then(
            () => true,
            () => false,
          );
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
