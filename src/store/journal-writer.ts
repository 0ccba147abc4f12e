/**
 * The write side of one `listen` session's journal: group commit. Lines appended while a
 * write is in flight are batched into the next single write + fdatasync; each caller's
 * promise resolves only once its batch is on disk, so a webhook answered 2xx survives
 * SIGKILL right after the answer.
 *
 * A write or sync that fails (a full disk, a file size limit, an I/O error) is rolled
 * back before the next append: the journal is truncated to the end of the last batch
 * written whole, and the failed batch's callers are refused. When the file itself cannot
 * grow (EFBIG) or cannot be truncated, it is sealed and the session continues in a new
 * journal file. What the callers were told is therefore exactly what a reader finds on
 * disk (issue 18). The dedupe index on top of it is capture-store.ts.
 */
import { writeSync } from 'node:fs';
import { type FileHandle, unlink } from 'node:fs/promises';
import { errnoCode } from '../core/errors.js';
import { openJournal } from './journal-file.js';

interface Pending {
  line: string;
  /** Called with the line's place in the store once its batch is on disk. */
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

export class JournalWriter {
  /** Lines in the store, including earlier sessions': a line's seq is given when its batch is synced, in write order. */
  get count(): number {
    return this.seq;
  }
  /** The journal file this session appends to now. */
  get file(): string {
    return this.journal;
  }

  private queue: Pending[] = [];
  private scheduled = false;
  private writing = false;
  private syncing = 0;
  private batches = 0;
  private awaitingSync: Written[] = [];
  private idleWaiters: Array<() => void> = [];
  private written = 0;
  /** Bytes of the journal file that hold whole batches: where the next batch starts. */
  private end = 0;
  /** Set after a failed write or sync: the journal must go back to this length first. */
  private rollbackTo: number | undefined;
  /** The file cannot grow (EFBIG) or could not be truncated: continue in a new one. */
  private sealNeeded = false;
  private syncWaiters: Array<() => void> = [];

  /**
   * `seq`: the lines already in the store; `maxSyncs`: fdatasync calls allowed to overlap
   * (each covers every batch written before it).
   */
  constructor(
    private readonly dir: string,
    private journal: string,
    private handle: FileHandle,
    private seq: number,
    private readonly maxSyncs: number,
    private readonly now: () => Date,
  ) {}

  /** Appends one journal line (with its newline); resolves with its seq once it is on disk. */
  append(line: string): Promise<number> {
    const promise = new Promise<number>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
    });
    this.kick();
    return promise;
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

  /** Flushes and closes the journal; removes the file when this session wrote nothing to it. */
  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
    if (this.written === 0) await unlink(this.journal).catch(() => undefined);
  }
}
