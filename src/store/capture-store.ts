/**
 * The write side of the capture store: an append-only journal with group commit.
 * Appends that arrive while a write is in flight are batched
 * into the next single write + fdatasync; each caller's promise resolves only once its
 * batch is on disk, so a webhook answered 2xx survives SIGKILL right after the answer.
 *
 * Each `listen` session writes its own journal file (journal-<time>-<pid>.ndjson), so a
 * record torn by a crash stays at the end of the crashed session's file, where the
 * reader's integrity check skips it; new records never get glued to a torn tail.
 */
import { type FileHandle, open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureRecord } from '../core/capture.js';
import { errnoCode, UserError } from '../core/errors.js';
import { makeDirs } from '../files/make-dirs.js';
import { type StoredCapture, scanJournals } from './capture-reader.js';
import { encodeLine, JOURNAL_SUFFIX } from './journal-line.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

export interface AppendResult {
  /**
   * The record with its place in the store. For a duplicate, the record as received
   * now, numbered with the seq of the capture stored first.
   */
  capture: StoredCapture;
  /** Another capture with this eventId was stored before; nothing was written. */
  duplicate: boolean;
}

interface Pending {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface OpenStoreOptions {
  /** Clock for the journal file name (tests). */
  now?: () => Date;
  /**
   * fdatasync calls allowed to overlap (each covers every batch written before it).
   * 1, classic group commit, measured best: overlapping syncs make smaller batches.
   */
  syncsInFlight?: number;
}

function journalName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `journal-${stamp}-${process.pid}${JOURNAL_SUFFIX}`;
}

export class CaptureStore {
  /** Records that failed their integrity check when the store was opened. */
  readonly torn: number;
  /** Captures in the store, including those written by earlier sessions. */
  get count(): number {
    return this.seq;
  }

  private seq: number;
  /**
   * eventId → the seq of its capture, or the promise of it while its batch is being
   * written. Only the number is kept: memory stays small however long listen runs.
   */
  private readonly events: Map<string, number | Promise<number>>;
  private queue: Pending[] = [];
  private scheduled = false;
  private writing = false;
  private syncing = 0;
  private batches = 0;
  private awaitingSync: Array<{ number: number; batch: Pending[] }> = [];
  private idleWaiters: Array<() => void> = [];
  private closed = false;
  private written = 0;

  private constructor(
    readonly dir: string,
    readonly file: string,
    private readonly handle: FileHandle,
    index: { events: Map<string, number>; count: number; torn: number },
    private readonly maxSyncs: number,
  ) {
    this.torn = index.torn;
    this.seq = index.count;
    this.events = index.events;
  }

  /** Opens (creating if needed) the store in `dir` and starts a journal file for this session. */
  static async open(dir: string, options: OpenStoreOptions = {}): Promise<CaptureStore> {
    try {
      await makeDirs(dir, DIR_MODE);
      const info = await stat(dir);
      if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (error) {
      throw new UserError(
        `cannot create capture folder ${dir} (${errnoCode(error) ?? String(error)})`,
        'pass a writable folder with --captures or ITSCOPE_HOOKS_DIR',
      );
    }
    // Earlier sessions' captures, read line by line: only their eventIds are kept.
    const events = new Map<string, number>();
    let count = 0;
    const torn = await scanJournals(dir, (record) => {
      count++;
      if (record.eventId !== undefined && !events.has(record.eventId)) events.set(record.eventId, count);
    });
    const file = join(dir, journalName((options.now ?? (() => new Date()))()));
    let handle: FileHandle;
    try {
      handle = await open(file, 'a', FILE_MODE);
    } catch (error) {
      throw new UserError(
        `cannot write to capture folder ${dir} (${errnoCode(error) ?? String(error)})`,
        'pass a writable folder with --captures or ITSCOPE_HOOKS_DIR',
      );
    }
    return new CaptureStore(dir, file, handle, { events, count, torn }, Math.max(1, options.syncsInFlight ?? 1));
  }

  /**
   * Stores a capture durably, once per eventId. Resolves when it is on disk; a duplicate
   * resolves when the first capture with its eventId is on disk. Concurrent duplicates are
   * serialized here: the check and the claim happen in the same synchronous step.
   */
  async append(record: CaptureRecord): Promise<AppendResult> {
    if (this.closed) throw new Error('the capture store is closed');
    const { eventId } = record;
    if (eventId !== undefined) {
      const entry = this.events.get(eventId);
      if (entry !== undefined) return { capture: { ...record, seq: await entry }, duplicate: true };
    }
    const line = encodeLine(record);
    const seq = ++this.seq;
    const promise = new Promise<number>((resolve, reject) => {
      this.queue.push({ line, resolve: () => resolve(seq), reject });
    });
    if (eventId !== undefined) this.events.set(eventId, promise);
    this.kick();
    try {
      await promise;
    } catch (error) {
      // Not stored: let a retry of the same event try again.
      if (eventId !== undefined && this.events.get(eventId) === promise) this.events.delete(eventId);
      throw error;
    }
    if (eventId !== undefined) this.events.set(eventId, seq);
    return { capture: { ...record, seq }, duplicate: false };
  }

  private kick(): void {
    if (this.writing || this.scheduled || this.queue.length === 0 || this.syncing >= this.maxSyncs) return;
    this.scheduled = true;
    // setImmediate lets the requests already readable in this turn join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.writeBatch();
    });
  }

  /**
   * Writes the queued lines as one batch, then starts its fdatasync without waiting for
   * it: the next batch may be written while up to `syncsInFlight` syncs run. Writes
   * stay strictly in order, so a sync that completes covers its batch and every earlier
   * one.
   */
  private async writeBatch(): Promise<void> {
    if (this.writing || this.queue.length === 0 || this.syncing >= this.maxSyncs) return;
    this.writing = true;
    const batch = this.queue;
    this.queue = [];
    try {
      const bytes = Buffer.from(batch.length === 1 ? batch[0]!.line : batch.map((p) => p.line).join(''), 'utf8');
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
    } catch (error) {
      this.writing = false;
      for (const p of batch) p.reject(error);
      this.kick();
      this.checkIdle();
      return;
    }
    this.writing = false;
    const number = ++this.batches;
    this.awaitingSync.push({ number, batch });
    this.syncing++;
    this.handle.datasync().then(
      () => this.settle(number, undefined),
      (error: unknown) => this.settle(number, error),
    );
    this.kick();
  }

  private settle(number: number, error: unknown): void {
    this.syncing--;
    while (this.awaitingSync.length > 0 && this.awaitingSync[0]!.number <= number) {
      const { batch } = this.awaitingSync.shift()!;
      for (const p of batch) {
        if (error === undefined) p.resolve();
        else p.reject(error);
      }
      if (error === undefined) this.written += batch.length;
    }
    this.kick();
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.queue.length > 0 || this.writing || this.scheduled || this.syncing > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Waits for every pending append to be on disk. */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  /** Flushes and closes the journal; removes it when this session wrote nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.handle.close();
    if (this.written === 0) await unlink(this.file).catch(() => undefined);
  }
}
