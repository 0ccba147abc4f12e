/**
 * Keeps the inspector's index in step with the journal files of a capture folder: reads
 * every file once at start, then only what was appended since (from the last complete
 * line), and picks up journal files that a new `listen` session creates. It never locks or
 * writes anything, so a running `listen` is not disturbed. Wakes on fs.watch, on `kick()`
 * (listen --ui calls it for each receiver event) and on a slow poll for file systems
 * without change notifications.
 */
import { type FSWatcher, watch } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../core/errors.js';
import { journalFiles } from '../store/capture-reader.js';
import type { CaptureIndex, IndexEntry } from './capture-index.js';
import { indexLine } from './index-line.js';

/** Bytes read per step: a large journal is read in pieces, never whole. */
const CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

interface FileState {
  number: number;
  /** Where the first line not read yet starts. */
  offset: number;
  /** [offset, searched) holds no newline: a line still being written (or torn) is not searched twice. */
  searched: number;
}

export interface FollowerOptions {
  dir: string;
  index: CaptureIndex;
  /** Called with the captures each step added, in order. */
  onAdded?: (entries: IndexEntry[]) => void;
  /** Poll interval besides fs.watch (default 1000 ms). */
  pollMs?: number;
}

export interface JournalFollower {
  /** Reads what is new; resolves when the index has caught up with the files. */
  sync(): Promise<void>;
  /** Starts a sync soon (coalesced). */
  kick(): void;
  /** Starts watching and polling. */
  follow(): void;
  /** Complete lines that failed their integrity check (torn by a crash, or edited). */
  readonly torn: number;
  close(): void;
}

async function readAt(handle: FileHandle, position: number, length: number, into?: Buffer): Promise<Buffer> {
  const buf = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

export function createJournalFollower(options: FollowerOptions): JournalFollower {
  const { dir, index } = options;
  const files = new Map<string, FileState>();
  let torn = 0;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;

  function lines(buf: Buffer, base: number, state: FileState, added: IndexEntry[]): void {
    let start = 0;
    while (start < buf.length) {
      let end = buf.indexOf(NEWLINE, start);
      if (end === -1) end = buf.length;
      if (end > start && !(end - start === 1 && buf[start] === 0x0d)) {
        const fields = indexLine(buf, start, end);
        if (fields) added.push(index.addStored(fields, state.number, base + start, end - start));
        else torn++;
      }
      start = end + 1;
    }
  }

  async function readFile(path: string, state: FileState, added: IndexEntry[]): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      let pos = state.searched;
      // One buffer for the whole file: lines are decoded (copied out) before the next read.
      const scratch = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(0, size - pos)));
      while (pos < size && !closed) {
        const chunk = await readAt(handle, pos, Math.min(CHUNK, size - pos), scratch);
        if (chunk.length === 0) break;
        const last = chunk.lastIndexOf(NEWLINE);
        if (last !== -1) {
          // The complete lines: a line begun in an earlier piece is read again from its start, once.
          const head = state.offset < pos ? await readAt(handle, state.offset, pos - state.offset) : undefined;
          const region = head ? Buffer.concat([head, chunk.subarray(0, last)]) : chunk.subarray(0, last);
          lines(region, state.offset, state, added);
          state.offset = pos + last + 1;
        }
        pos += chunk.length;
        state.searched = pos;
      }
    } finally {
      await handle.close();
    }
  }

  async function step(): Promise<void> {
    const names = await journalFiles(dir);
    const added: IndexEntry[] = [];
    for (const name of names) {
      const path = join(dir, name);
      let state = files.get(path);
      if (!state) {
        state = { number: index.fileNumber(path), offset: 0, searched: 0 };
        files.set(path, state);
      }
      await readFile(path, state, added);
    }
    if (added.length > 0) options.onAdded?.(added);
  }

  function sync(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await step();
        } while (again && !closed);
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  function kick(): void {
    sync().catch(() => undefined);
  }

  function attachWatcher(): void {
    if (watcher || closed) return;
    try {
      watcher = watch(dir, { persistent: false }, () => kick());
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      watcher = undefined; // no folder yet, or no change notifications here: the poll covers it
    }
  }

  return {
    sync,
    kick,
    follow() {
      attachWatcher();
      timer ??= setInterval(() => {
        attachWatcher();
        kick();
      }, options.pollMs ?? 1000);
      timer.unref();
    },
    get torn() {
      return torn;
    },
    close() {
      closed = true;
      watcher?.close();
      watcher = undefined;
      if (timer) clearInterval(timer);
    },
  };
}
