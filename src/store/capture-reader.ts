/**
 * The read side of the capture store, for every command that looks captures up
 * (captures, fetch-doc, send --event-id, doctor). It reads the journal files as they are
 * on disk without locking them, so it never blocks or disturbs a running `listen`.
 */
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureRecord } from '../core/capture.js';
import { errnoCode, UserError } from '../core/errors.js';
import { decodeLine, JOURNAL_SUFFIX } from './journal-line.js';

export interface StoredCapture extends CaptureRecord {
  /** Position in the store, 1-based, in the order the captures were written. */
  seq: number;
}

export interface CaptureReader {
  dir: string;
  /** Lines that failed their integrity check (torn by a crash, or edited) and were skipped. */
  torn: number;
  /** Captures in the store (also those `keep` left out). */
  count: number;
  /** The captures kept (every one without `keep`), in write order. */
  all(): StoredCapture[];
  byEventId(id: string): StoredCapture | undefined;
  byDocumentId(id: string): StoredCapture[];
  byOrderId(id: string): StoredCapture[];
}

/** Journal files in write order (their names sort by creation time). */
export async function journalFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return [];
    if (code === 'ENOTDIR') throw new UserError(`capture folder ${dir} is a file, not a folder`, 'pass the folder with --captures or ITSCOPE_HOOKS_DIR');
    throw new UserError(`cannot read capture folder ${dir} (${code ?? String(error)})`, 'check its permissions');
  }
  return names.filter((n) => n.startsWith('journal-') && n.endsWith(JOURNAL_SUFFIX)).sort();
}

/**
 * Passes each intact record of journal text to `visit` and returns how many lines failed
 * their check (torn). With `writerRunning`, an unfinished last line (no newline yet) is a
 * write in progress by a running `listen`, not damage, and is skipped without counting.
 */
export function scanJournalText(text: string, visit: (record: CaptureRecord) => void, writerRunning = false): number {
  let torn = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    const unfinished = end === -1;
    if (unfinished) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    const record = decodeLine(line);
    if (record) visit(record);
    else if (!(unfinished && writerRunning)) torn++;
  }
  return torn;
}

/** Whether the process that writes a journal (its pid is in the file name) still runs. */
function writerAlive(name: string): boolean {
  const pid = Number(/-(\d+)\.ndjson$/.exec(name)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/** Journal files are read in pieces of this size: a store may be larger than memory. */
const READ_CHUNK = 1024 * 1024;

/**
 * Passes every intact record of the store in `dir` to `visit`, in write order, reading
 * the journals piece by piece; returns the number of torn lines that were skipped.
 */
export async function scanJournals(dir: string, visit: (record: CaptureRecord) => void): Promise<number> {
  let torn = 0;
  for (const name of await journalFiles(dir)) {
    const path = join(dir, name);
    // The text after the last newline so far, as the pieces it arrived in. Only each new
    // piece is searched for a newline and the pieces are joined once when one arrives, so
    // a huge line without a newline (a torn 200 MiB body) costs linear, not quadratic, time.
    let pending: string[] = [];
    let rest = '';
    try {
      for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: READ_CHUNK })) {
        const text = chunk as string;
        const cut = text.lastIndexOf('\n') + 1;
        if (cut === 0) {
          pending.push(text);
          continue;
        }
        pending.push(text.slice(0, cut));
        torn += scanJournalText(pending.join(''), visit);
        pending = [text.slice(cut)];
      }
      rest = pending.join('');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') continue;
      throw new UserError(`cannot read capture file ${path} (${errnoCode(error) ?? String(error)})`, 'check its permissions');
    }
    // What is left has no newline: a line being written right now, or one torn by a crash.
    torn += scanJournalText(rest, visit, rest !== '' && writerAlive(name));
  }
  return torn;
}

function push(map: Map<string, StoredCapture[]>, key: string | undefined, capture: StoredCapture): void {
  if (key === undefined) return;
  const list = map.get(key);
  if (list) list.push(capture);
  else map.set(key, [capture]);
}

/**
 * Passes every intact capture of the store in `dir` to `visit` as it is read, numbered in
 * write order (seq), keeping none of them: memory stays flat however large the store is.
 * Returns the number of torn lines skipped and of captures passed.
 */
export async function streamCaptures(dir: string, visit: (capture: StoredCapture) => void): Promise<{ torn: number; count: number }> {
  let count = 0;
  const torn = await scanJournals(dir, (record) => visit(Object.assign(record, { seq: ++count })));
  return { torn, count };
}

export interface ReaderOptions {
  /**
   * Which captures to keep in memory (default: all). A lookup by id keeps only its
   * matches, so its memory does not grow with the store.
   */
  keep?: (capture: StoredCapture) => boolean;
}

/** Opens the store for reading. A folder that does not exist is an empty store. */
export async function openCaptureReader(dir: string, options: ReaderOptions = {}): Promise<CaptureReader> {
  const records: StoredCapture[] = [];
  const { keep } = options;
  const { torn, count } = await streamCaptures(dir, (capture) => {
    if (!keep || keep(capture)) records.push(capture);
  });
  const byEvent = new Map<string, StoredCapture>();
  const byDocument = new Map<string, StoredCapture[]>();
  const byOrder = new Map<string, StoredCapture[]>();
  for (const capture of records) {
    // The store writes an eventId once; if a file was merged by hand, the first one wins.
    if (capture.eventId !== undefined && !byEvent.has(capture.eventId)) byEvent.set(capture.eventId, capture);
    push(byDocument, capture.documentId, capture);
    push(byOrder, capture.orderId, capture);
  }
  return {
    dir,
    torn,
    count,
    all: () => records.slice(),
    byEventId: (id) => byEvent.get(id),
    byDocumentId: (id) => (byDocument.get(id) ?? []).slice(),
    byOrderId: (id) => (byOrder.get(id) ?? []).slice(),
  };
}
