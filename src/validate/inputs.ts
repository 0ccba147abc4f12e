/**
 * `validate` without the terminal: finds the inputs, reads their records and judges each
 * one. Emits one result per file; the command renders them.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { errnoCode, UserError } from '../core/errors.js';
import { isCleanPayload, isPlainObject, type Problem } from '../core/payload-rules.js';
import type { checkPayload } from '../core/payload-schema.js';
import { BinaryInputError, type PayloadRecord as RecordItem } from '../core/payload-text.js';
import { openPayloads } from '../files/payload-reader.js';

export interface RecordResult {
  line?: number;
  index?: number;
  eventId?: string;
  /** A capture's received time: captures are reported by eventId and this, not by journal line. */
  receivedAt?: string;
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
}

export interface FileResult {
  path: string;
  /** Every record when `keepValid`, else only the invalid ones and those with warnings. */
  records: RecordResult[];
  counts: { records: number; valid: number; invalid: number; warnings: number };
  /** The file as a whole could not be read as JSON text (e.g. binary). */
  error?: string;
  /**
   * Capture journal lines torn by a crash (or cut by hand), skipped as the capture store
   * skips them: a warning, not an invalid payload. Absent when there are none.
   */
  torn?: number;
  /** Captures received before --since, left out. Absent when there are none. */
  skipped?: number;
}

export interface Summary {
  records: number;
  valid: number;
  invalid: number;
  warnings: number;
}

export interface ValidateOptions {
  strict?: boolean;
  /** Keep valid records in the results (the --json report lists every record). */
  keepValid?: boolean;
  /** Keep at most this many records per file (the rest are only counted). */
  limit?: number;
  /** --since (epoch ms): captures received earlier are left out; other payloads have no received time and are all judged. */
  since?: number | undefined;
  /** Called with every record judged, in file order (`validate --lifecycle` groups them into deals). */
  onRecord?: (item: RecordItem, result: RecordResult) => void;
  /**
   * Hands the kept records over after each batch instead of keeping them (validate --json
   * streams them out, so memory does not grow with the records).
   */
  onRecords?: (records: RecordResult[]) => Promise<void>;
}

export const STDIN = '-';
/** Records handed to onRecords at a time. */
const HAND_OVER = 1000;
/** The capture store's journal files: journal-<time>-<pid>.ndjson (see src/store/capture-store.ts). */
const JOURNAL_FILE = /^journal-.*\.ndjson$/;
const PAYLOAD_FILE = /\.(json|ndjson|jsonl)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** Expands the given paths into the files to read; unreadable paths are a usage error. */
export async function collectInputs(paths: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const given of paths) {
    if (given === STDIN) {
      files.push(STDIN);
      continue;
    }
    const full = resolve(cwd, given);
    let info: Stats;
    try {
      info = await stat(full);
    } catch (error) {
      const code = errnoCode(error);
      missing.push(`${given} (${code === 'ENOENT' ? 'no such file or folder' : (code ?? 'unreadable')})`);
      continue;
    }
    if (info.isDirectory()) files.push(...(await walk(full)).map((f) => join(given, relative(full, f))));
    else files.push(given);
  }
  if (missing.length > 0) {
    throw new UserError(`cannot read ${missing.join(', ')}`, 'check the path; pass files, folders, or - to read stdin');
  }
  return files;
}

async function walk(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new UserError(`cannot read folder ${dir} (${errnoCode(error) ?? String(error)})`, 'check its permissions');
  }
  // By code point: the same order in every locale, and no ICU collator to load (its first
  // use costs ~8 ms, issue 17).
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...(await walk(full)));
    } else if (entry.isFile() && PAYLOAD_FILE.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

/** A record's result, its position (line or index) first, as the --json report shows it. */
function recordResult(item: RecordItem, eventId: string | undefined, valid: boolean, errors: Problem[], warnings: Problem[]): RecordResult {
  const result = (item.line !== undefined ? { line: item.line } : { index: item.index ?? 0 }) as RecordResult;
  const id = eventId ?? item.capturedEventId;
  if (id !== undefined) result.eventId = id;
  if (item.receivedAt !== undefined) result.receivedAt = item.receivedAt;
  result.valid = valid;
  result.errors = errors;
  result.warnings = warnings;
  return result;
}

/** What to do about a record that is not JSON: the sender's fix for a capture, the file's for a file. */
export const NOT_JSON_CAPTURE_HINT =
  'listen stored this webhook and answered it 400: the sender posted something other than JSON. Make it send one JSON object per webhook; to leave out captures from before the fix, add --since (e.g. --since 1h)';

function readErrorResult(item: RecordItem, message: string): RecordResult {
  const hint =
    item.receivedAt !== undefined
      ? NOT_JSON_CAPTURE_HINT
      : item.line !== undefined
        ? 'each NDJSON line must be one complete JSON object'
        : 'fix the JSON syntax at the position given';
  return recordResult(item, undefined, false, [{ path: '$', message, hint }], []);
}

type Check = typeof checkPayload;

/**
 * In a capture journal, a line that is not JSON at all is a record torn by a crash: every
 * record the store writes is one complete JSON object per line, and a cut one can never
 * parse. (A line that parses but carries a body that is not JSON is a real capture of a
 * bad webhook, and stays an invalid payload.)
 */
function isTornLine(item: RecordItem): boolean {
  return item.line !== undefined && item.value === undefined && item.readError?.startsWith('not valid JSON') === true;
}

/**
 * Judges one record. A clean payload (the common case) is answered by the fast check;
 * anything else by the zod schema, which is loaded only when first needed.
 */
function judge(item: RecordItem, strict: boolean, check: Check | undefined): RecordResult | undefined {
  if (item.readError !== undefined) return readErrorResult(item, item.readError);
  const value = item.value;
  if (isClean(item)) return recordResult(item, (value as { eventId: string }).eventId, true, [], []);
  if (!check) return undefined;
  const verdict = check(value, { strict });
  return recordResult(item, verdict.eventId, verdict.valid, verdict.errors, verdict.warnings);
}

/** A payload that passes every rule with no warning (the fast check). */
function isClean(item: RecordItem): boolean {
  return item.readError === undefined && isPlainObject(item.value) && isCleanPayload(item.value);
}

/** Reads and judges every record of one input ('-' is stdin, which `stdin()` makes only then). */
export async function validateInput(path: string, stdin: () => NodeJS.ReadableStream, cwd: string, options: ValidateOptions = {}): Promise<FileResult> {
  const counts = { records: 0, valid: 0, invalid: 0, warnings: 0 };
  const records: RecordResult[] = [];
  const source = openPayloads(path === STDIN ? stdin() : resolve(cwd, path), { name: path });
  const name = path === STDIN ? '(stdin)' : path;
  const strict = options.strict ?? false;
  const journal = path !== STDIN && JOURNAL_FILE.test(basename(path));
  let torn = 0;
  let skipped = 0;
  let check: Check | undefined;
  // A clean record that nobody keeps or looks at is only counted: no result is built for it.
  const countOnly = !options.keepValid && !options.onRecord;
  try {
    for await (const batch of source.batches()) {
      for (const item of batch) {
        if (journal && isTornLine(item)) {
          torn++;
          continue;
        }
        if (options.since !== undefined && item.receivedAt !== undefined && !(Date.parse(item.receivedAt) >= options.since)) {
          skipped++;
          continue;
        }
        counts.records++;
        if (countOnly && isClean(item)) {
          counts.valid++;
          continue;
        }
        let result = judge(item, strict, check);
        if (!result) {
          check = (await import('../core/payload-schema.js')).checkPayload;
          result = judge(item, strict, check) as RecordResult;
        }
        options.onRecord?.(item, result);
        if (result.valid) counts.valid++;
        else counts.invalid++;
        counts.warnings += result.warnings.length;
        const keep = options.keepValid || !result.valid || result.warnings.length > 0;
        if (keep && records.length < (options.limit ?? Number.POSITIVE_INFINITY)) records.push(result);
        // A piece of small invalid lines holds tens of thousands of records: hand them over in smaller runs.
        if (options.onRecords && records.length >= HAND_OVER) await options.onRecords(records.splice(0));
      }
    }
    if (options.onRecords && records.length > 0) await options.onRecords(records.splice(0));
  } catch (error) {
    if (error instanceof BinaryInputError) {
      return { path: name, records, counts, error: 'this is a binary file, not JSON text', ...(torn ? { torn } : {}), ...(skipped ? { skipped } : {}) };
    }
    const code = errnoCode(error);
    if (code === 'EISDIR') throw new UserError(`${path} is a folder`, 'pass the folder itself; it is read recursively');
    if (code) throw new UserError(`cannot read ${path} (${code})`, 'check that the file exists and is readable');
    throw error;
  }
  return { path: name, records, counts, ...(torn ? { torn } : {}), ...(skipped ? { skipped } : {}) };
}

export function summarize(files: readonly FileResult[]): Summary {
  const summary: Summary = { records: 0, valid: 0, invalid: 0, warnings: 0 };
  for (const file of files) {
    summary.records += file.counts.records;
    summary.valid += file.counts.valid;
    summary.invalid += file.counts.invalid;
    summary.warnings += file.counts.warnings;
  }
  return summary;
}

/** All valid, at least one record, and no file that could not be read as JSON. */
export function isAllValid(files: readonly FileResult[]): boolean {
  const summary = summarize(files);
  return summary.records > 0 && summary.invalid === 0 && files.every((f) => f.error === undefined);
}
