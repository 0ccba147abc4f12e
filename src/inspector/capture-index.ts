/**
 * The inspector's compact in-memory index of a capture store: per capture its listing
 * fields and where its line is (journal file, byte offset, length), never its body. A
 * single capture is read from disk by that place when it is opened. Listing is a walk over
 * this array, newest first, from a cursor: a page costs the same on a store of 100 or
 * 100,000 captures.
 */
import { EVENT_TYPES } from '../core/payload-rules.js';
import type { ListingFields } from './index-line.js';

/**
 * One capture in the index. A class, so that every entry has the same shape: a filter
 * walks 100,000 of them per request, and uniform objects keep that walk fast.
 */
export class IndexEntry implements ListingFields {
  receivedAt: string;
  eventId: string | undefined;
  eventType: string | undefined;
  transactionStatus: string | undefined;
  orderId: string | undefined;
  documentId: string | undefined;
  transactionId: string | undefined;
  valid: boolean;
  errors: number;
  warnings: number;
  firstError: string | undefined;
  status: number;
  /** The four ids, lower-cased, for search (built on the first search). */
  search: string | undefined = undefined;

  constructor(
    f: ListingFields,
    /** 1-based, in the order the index learnt of the capture; the API's capture id. */
    readonly id: number,
    /** The journal file (a position in `files`), -1 for a repeat only seen live (not stored). */
    readonly file: number,
    readonly offset: number,
    readonly length: number,
    /** For a duplicate: the id of the capture with this eventId seen first. */
    readonly original: number | undefined,
  ) {
    this.receivedAt = f.receivedAt;
    this.eventId = f.eventId;
    this.eventType = f.eventType;
    this.transactionStatus = f.transactionStatus;
    this.orderId = f.orderId;
    this.documentId = f.documentId;
    this.transactionId = f.transactionId;
    this.valid = f.valid;
    this.errors = f.errors;
    this.warnings = f.warnings;
    this.firstError = f.firstError;
    this.status = f.status;
  }

  /** The eventId arrived before: the store keeps the first body only. */
  get duplicate(): boolean {
    return this.original !== undefined;
  }
}

export interface CaptureFilter {
  /** ORDER, ORDERRESPONSE, DELIVERY, INVOICE, or OTHER for any other (or no) eventType. */
  type?: string | undefined;
  valid?: boolean | undefined;
  duplicate?: boolean | undefined;
  /** Part of an eventId, orderId, documentId or transactionId (any case). */
  q?: string | undefined;
  transactionId?: string | undefined;
}

export interface PageRequest {
  /** Captures older than this id (the `next` of the page before). */
  before?: number | undefined;
  /** Captures newer than this id (live updates). */
  after?: number | undefined;
  limit: number;
}

export interface Page {
  /** Newest first. */
  items: IndexEntry[];
  /** The cursor of the next (older) page; undefined on the last page. */
  next: number | undefined;
  /** Matches in the whole store, on a first page (no cursor). */
  total: number | undefined;
  /** With `after`: more new captures matched than `limit` (reload instead). */
  gap: boolean;
  /** The newest id in the index (matching or not). */
  newest: number;
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

function matcher(filter: CaptureFilter): (e: IndexEntry) => boolean {
  const { type, valid, duplicate, transactionId } = filter;
  const q = filter.q?.trim().toLowerCase() || undefined;
  return (e) => {
    if (type !== undefined && (type === 'OTHER' ? e.eventType !== undefined && KNOWN_TYPES.has(e.eventType) : e.eventType !== type)) return false;
    if (valid !== undefined && e.valid !== valid) return false;
    if (duplicate !== undefined && (e.original !== undefined) !== duplicate) return false;
    if (transactionId !== undefined && e.transactionId !== transactionId) return false;
    if (q !== undefined) {
      e.search ??= `${e.eventId ?? ''}\n${e.orderId ?? ''}\n${e.documentId ?? ''}\n${e.transactionId ?? ''}`.toLowerCase();
      if (!e.search.includes(q)) return false;
    }
    return true;
  };
}

export class CaptureIndex {
  /** Journal file paths; an entry's `file` is a position here. */
  readonly files: string[] = [];
  private readonly entries: IndexEntry[] = [];
  private readonly firstByEvent = new Map<string, number>();
  /** One copy of each eventType and transactionStatus (a few words, 100,000 times). */
  private readonly words = new Map<string, string>();

  get size(): number {
    return this.entries.length;
  }

  fileNumber(path: string): number {
    const known = this.files.indexOf(path);
    if (known !== -1) return known;
    return this.files.push(path) - 1;
  }

  /** Adds a capture read from a journal line. */
  addStored(fields: ListingFields, file: number, offset: number, length: number): IndexEntry {
    return this.push(fields, file, offset, length);
  }

  /**
   * Adds a repeat of an eventId that the receiver answered but did not store: it is listed
   * (with its own time and status) and opens the capture stored first.
   */
  addRepeat(fields: ListingFields): IndexEntry {
    return this.push(fields, -1, 0, 0);
  }

  private push(fields: ListingFields, file: number, offset: number, length: number): IndexEntry {
    const id = this.entries.length + 1;
    const first = fields.eventId === undefined ? undefined : this.firstByEvent.get(fields.eventId);
    if (fields.eventId !== undefined && first === undefined) this.firstByEvent.set(fields.eventId, id);
    const entry = new IndexEntry(fields, id, file, offset, length, first);
    entry.eventType = this.word(entry.eventType);
    entry.transactionStatus = this.word(entry.transactionStatus);
    this.entries.push(entry);
    return entry;
  }

  private word(value: string | undefined): string | undefined {
    if (value === undefined || value.length > 40) return value;
    const known = this.words.get(value);
    if (known !== undefined) return known;
    if (this.words.size < 1000) this.words.set(value, value);
    return value;
  }

  get(id: number): IndexEntry | undefined {
    return Number.isInteger(id) && id >= 1 ? this.entries[id - 1] : undefined;
  }

  /** The capture that holds an entry's body: itself, or for a repeat only seen live, the one stored first. */
  stored(entry: IndexEntry): IndexEntry | undefined {
    return entry.file >= 0 ? entry : entry.original !== undefined ? this.get(entry.original) : undefined;
  }

  byEventId(eventId: string): IndexEntry | undefined {
    const id = this.firstByEvent.get(eventId);
    return id === undefined ? undefined : this.get(id);
  }

  /** Every entry of one transactionId, oldest first. */
  byTransaction(transactionId: string): IndexEntry[] {
    return this.entries.filter((e) => e.transactionId === transactionId);
  }

  query(filter: CaptureFilter, page: PageRequest): Page {
    const match = matcher(filter);
    const limit = Math.max(1, page.limit);
    const items: IndexEntry[] = [];
    const newest = this.entries.length;
    if (page.after !== undefined) {
      let gap = false;
      for (let i = newest - 1; i >= Math.max(0, page.after); i--) {
        const e = this.entries[i]!;
        if (!match(e)) continue;
        if (items.length === limit) {
          gap = true;
          break;
        }
        items.push(e);
      }
      return { items, next: undefined, total: undefined, gap, newest };
    }
    const start = page.before === undefined ? newest - 1 : Math.min(newest, page.before) - 2;
    let next: number | undefined;
    let i = start;
    for (; i >= 0; i--) {
      const e = this.entries[i]!;
      if (!match(e)) continue;
      if (items.length === limit) {
        next = items[items.length - 1]!.id;
        break;
      }
      items.push(e);
    }
    let total: number | undefined;
    if (page.before === undefined) {
      const unfiltered = Object.values(filter).every((v) => v === undefined);
      total = unfiltered ? newest : items.length + (next === undefined ? 0 : this.countMatches(match, i));
    }
    return { items, next, total, gap: false, newest };
  }

  /** Matches at positions 0..to (inclusive). */
  private countMatches(match: (e: IndexEntry) => boolean, to: number): number {
    let n = 0;
    for (let i = to; i >= 0; i--) if (match(this.entries[i]!)) n++;
    return n;
  }
}
