/**
 * The write side of the capture store: an append-only journal with group commit. Appends
 * that arrive while a write is in flight are batched into the next single write +
 * fdatasync; each caller's promise resolves only once its batch is on disk, so a webhook
 * answered 2xx survives SIGKILL right after the answer.
 *
 * Each `listen` session writes its own journal file (journal-<time>-<pid>.ndjson), so a
 * record torn by a crash stays at the end of the crashed session's file, where the
 * reader's integrity check skips it; new records never get glued to a torn tail.
 *
 * A write or sync that fails (a full disk, a file size limit, an I/O error) is rolled
 * back before the next append: the journal is truncated to the end of the last batch
 * written whole, and the failed batch's callers are refused, so their eventIds leave the
 * dedupe index and a retry is stored (once). When the file itself cannot grow (EFBIG) or
 * cannot be truncated, it is sealed and the session continues in a new journal file.
 * The index therefore holds exactly what a reader finds on disk (issue 18).
 */
import { writeSync } from 'node:fs';
import { type FileHandle, unlink } from 'node:fs/promises';
import type { CaptureRecord } from '../core/capture.js';
import { errnoCode } from '../core/errors.js';
import { type StoredCapture, scanJournals } from './capture-reader.js';
import { makeCaptureFolder, openFirstJournal, openJournal } from './journal-file.js';
import { encodeLine } from './journal-line.js';
import { type StoreLock, takeStoreLock } from './store-lock.js';

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
  /** Called with the capture's seq once its batch is on disk. */
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

/** A batch written to the journal, waiting for its fdatasync. */
interface Written {
  number: number;
  batch: Pending[];
  /** Where the batch starts in the journal file: the roll-back point if its sync fails. */
  start: number;
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

/**
 * A copy of the record with its seq. Object.assign, not `{ ...record, seq }`: V8 clones
 * the record fast but then adds `seq` slowly, ~1 µs per webhook (measured, Node 20).
 */
function withSeq(record: CaptureRecord, seq: number): StoredCapture {
  return Object.assign({}, record, { seq });
}

export class CaptureStore {
  /** Records that failed their integrity check when the store was opened. */
  readonly torn: number;
  /** Captures in the store, including those written by earlier sessions. */
  get count(): number {
    return this.seq;
  }
  /** The journal file this session appends to now. */
  get file(): string {
    return this.journal;
  }

  /** Captures on disk; a capture's seq is given when its batch is synced, in write order. */
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
  private awaitingSync: Written[] = [];
  private idleWaiters: Array<() => void> = [];
  private closed = false;
  private written = 0;
  /** Bytes of the journal file that hold whole batches: where the next batch starts. */
  private end = 0;
  /** Set after a failed write or sync: the journal must go back to this length first. */
  private rollbackTo: number | undefined;
  /** The file cannot grow (EFBIG) or could not be truncated: continue in a new one. */
  private sealNeeded = false;
  private syncWaiters: Array<() => void> = [];

  private constructor(
    readonly dir: string,
    private journal: string,
    private handle: FileHandle,
    index: { events: Map<string, number>; count: number; torn: number },
    private readonly maxSyncs: number,
    private readonly now: () => Date,
    private readonly lock: StoreLock,
  ) {
    this.torn = index.torn;
    this.seq = index.count;
    this.events = index.events;
  }

  /**
   * Opens (creating if needed) the store in `dir` and starts a journal file for this
   * session. Takes the folder's writer lock: a second writer would store eventIds twice.
   */
  static async open(dir: string, options: OpenStoreOptions = {}): Promise<CaptureStore> {
    await makeCaptureFolder(dir);
    const lock = await takeStoreLock(dir);
    try {
      // Earlier sessions' captures, read line by line: only their eventIds are kept.
      const events = new Map<string, number>();
      let count = 0;
      const torn = await scanJournals(dir, (record) => {
        count++;
        if (record.eventId !== undefined && !events.has(record.eventId)) events.set(record.eventId, count);
      });
      const now = options.now ?? (() => new Date());
      const { file, handle } = await openFirstJournal(dir, now);
      return new CaptureStore(dir, file, handle, { events, count, torn }, Math.max(1, options.syncsInFlight ?? 1), now, lock);
    } catch (error) {
      await lock.release();
      throw error;
    }
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
      if (entry !== undefined) return { capture: withSeq(record, await entry), duplicate: true };
    }
    const line = encodeLine(record);
    const promise = new Promise<number>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
    });
    if (eventId !== undefined) this.events.set(eventId, promise);
    this.kick();
    let seq: number;
    try {
      seq = await promise;
    } catch (error) {
      // Not stored: let a retry of the same event try again.
      if (eventId !== undefined && this.events.get(eventId) === promise) this.events.delete(eventId);
      throw error;
    }
    if (eventId !== undefined) this.events.set(eventId, seq);
    return { capture: withSeq(record, seq), duplicate: false };
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
   * one. A failed batch is rolled back before anything else is written.
   */
  private async writeBatch(): Promise<void> {
    if (this.writing || this.queue.length === 0 || this.syncing >= this.maxSyncs) return;
    this.writing = true;
    const batch = this.queue;
    this.queue = [];
    try {
      await this.recover();
      const start = this.end;
      const bytes = Buffer.from(batch.length === 1 ? batch[0]!.line : batch.map((p) => p.line).join(''), 'utf8');
      try {
        // Written from the event loop's thread: a write into the page cache takes
        // microseconds, while handing it to the thread pool cost a thread wake-up per batch
        // (measured under load). The slow part, the fdatasync, stays off the loop.
        for (let offset = 0; offset < bytes.length; ) offset += writeSync(this.handle.fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        // Part of the batch may be in the file: it is cut off before the next append.
        this.rollBack(start, errnoCode(error) === 'EFBIG');
        throw error;
      }
      this.end = start + bytes.length;
      // A sync failed while this batch was written: it goes with the roll-back.
      if (this.rollbackTo !== undefined) throw new Error('the journal is being rolled back after a failed sync');
      const number = ++this.batches;
      this.awaitingSync.push({ number, batch, start });
      this.syncing++;
      this.handle.datasync().then(
        () => this.settle(number, undefined),
        (error: unknown) => this.settle(number, error),
      );
    } catch (error) {
      for (const p of batch) p.reject(error);
      await this.recover().catch(() => undefined);
    } finally {
      this.writing = false;
      this.kick();
      this.checkIdle();
    }
  }

  /** Marks the journal for a roll-back to `offset` (and a new file when this one cannot grow). */
  private rollBack(offset: number, seal: boolean): void {
    this.rollbackTo = Math.min(this.rollbackTo ?? offset, offset);
    if (seal) this.sealNeeded = true;
  }

  /**
   * Brings the journal back to its last whole batch after a failure: waits for the syncs
   * in flight, truncates the file, and seals it for a new journal file when it cannot grow
   * (EFBIG) or cannot be truncated. Runs only while no write is in flight; throws when it
   * could not, and the next batch tries again first.
   */
  private async recover(): Promise<void> {
    if (this.rollbackTo === undefined) return;
    await this.whenSynced();
    const to = this.rollbackTo;
    try {
      await this.handle.truncate(to);
      this.end = to;
    } catch {
      this.sealNeeded = true;
    }
    if (this.sealNeeded) {
      const next = await openJournal(this.dir, this.now);
      const old = { handle: this.handle, file: this.journal, empty: this.written === 0 && this.end === 0 };
      Object.assign(this, { handle: next.handle, journal: next.file, end: 0, written: 0, sealNeeded: false });
      await old.handle.close().catch(() => undefined);
      if (old.empty) await unlink(old.file).catch(() => undefined);
    }
    this.rollbackTo = undefined;
  }

  private settle(number: number, error: unknown): void {
    this.syncing--;
    if (error !== undefined && this.awaitingSync.length > 0) {
      // Not durable: roll back this sync's batches and every later one (they follow them in the file).
      this.rollBack(this.awaitingSync[0]!.start, false);
      for (const { batch } of this.awaitingSync.splice(0)) for (const p of batch) p.reject(error);
      if (!this.writing) {
        this.writing = true;
        void this.recover()
          .catch(() => undefined)
          .finally(() => {
            this.writing = false;
            this.kick();
            this.checkIdle();
          });
      }
    }
    while (this.awaitingSync.length > 0 && this.awaitingSync[0]!.number <= number) {
      const { batch } = this.awaitingSync.shift()!;
      for (const p of batch) p.resolve(++this.seq);
      this.written += batch.length;
    }
    for (const resolve of this.syncWaiters.splice(0)) resolve();
    this.kick();
    this.checkIdle();
  }

  private whenSynced(): Promise<void> {
    if (this.syncing === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.syncWaiters.push(resolve)).then(() => this.whenSynced());
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

  /** Flushes and closes the journal; removes it when this session wrote nothing. Releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.handle.close();
    if (this.written === 0) await unlink(this.journal).catch(() => undefined);
    await this.lock.release();
  }
}
