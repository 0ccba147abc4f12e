/**
 * The capture store: an append-only journal of capture records (journal-writer.ts: group
 * commit, durable before any answer, rolled back on failure) with a dedupe index on top,
 * so each eventId is stored once, also across restarts and concurrent retries.
 *
 * Each `listen` session writes its own journal file (journal-<time>-<pid>.ndjson), so a
 * record torn by a crash stays at the end of the crashed session's file, where the
 * reader's integrity check skips it; new records never get glued to a torn tail. A
 * refused append leaves the index, so the index holds exactly what a reader finds on
 * disk (issue 18). One writer per folder: the store takes the folder's lock.
 */
import type { CaptureRecord } from '../core/capture.js';
import { type StoredCapture, scanJournals } from './capture-reader.js';
import { makeCaptureFolder, openFirstJournal } from './journal-file.js';
import { encodeLine } from './journal-line.js';
import { JournalWriter } from './journal-writer.js';
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
    return this.writer.count;
  }
  /** The journal file this session appends to now. */
  get file(): string {
    return this.writer.file;
  }

  /**
   * eventId → the seq of its capture, or the promise of it while its batch is being
   * written. Only the number is kept: memory stays small however long listen runs.
   */
  private readonly events: Map<string, number | Promise<number>>;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly writer: JournalWriter,
    index: { events: Map<string, number>; torn: number },
    private readonly lock: StoreLock,
  ) {
    this.torn = index.torn;
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
      const writer = new JournalWriter(dir, file, handle, count, Math.max(1, options.syncsInFlight ?? 1), now);
      return new CaptureStore(dir, writer, { events, torn }, lock);
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
    const promise = this.writer.append(encodeLine(record));
    if (eventId !== undefined) this.events.set(eventId, promise);
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

  /** Waits for every pending append to be on disk. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Flushes and closes the journal; removes it when this session wrote nothing. Releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    // Appends that arrive while it flushes (answers of a stopping listen) are still stored.
    await this.flush();
    this.closed = true;
    await this.writer.close();
    await this.lock.release();
  }
}
