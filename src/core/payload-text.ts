/**
 * Payload text → payload records, for every way payloads are written down: one JSON
 * object, a JSON array, NDJSON (one per line) or capture records (judged and resent as
 * the body they captured). Pure and incremental: text arrives in chunks of any size and
 * the format is detected once, from the first non-empty line (complete JSON on its own:
 * NDJSON, line by line in constant memory; otherwise one document). Tolerates a UTF-8 BOM
 * and CRLF. With `keepRaw`, each record also carries its exact text (a line, an array
 * element as written, the whole object) or the captured bytes, so nothing is
 * re-serialized on its way to `send`.
 */
import { type CaptureRecord, captureBody, isCaptureRecord } from './capture.js';
import { jsonErrorPlace, jsonErrorReason } from './json-error.js';

export interface PayloadRecord {
  /** 1-based line number (NDJSON). */
  line?: number;
  /** 0-based index (JSON array; 0 for a single JSON document). */
  index?: number;
  /** The payload to judge (for a capture record: its parsed body). */
  value?: unknown;
  /** Why the record could not be read as JSON. */
  readError?: string;
  /** With keepRaw: the exact payload text, or a capture's body bytes. */
  raw?: string | Buffer;
  /** The capture record this payload came from. */
  capture?: CaptureRecord;
  /** A capture record's received time (ISO 8601), also without keepRaw: validate reports captures by it. */
  receivedAt?: string;
  /** A capture record's eventId as stored (none when its body was not JSON). */
  capturedEventId?: string;
}

export type PayloadFormat = 'empty' | 'ndjson' | 'object' | 'array';

export class BinaryInputError extends Error {
  constructor() {
    super('binary data, not JSON text');
    this.name = 'BinaryInputError';
  }
}

const NDJSON_NAME = /\.(ndjson|jsonl)$/i;

/** The parser's reason, never the text around the error (a --file may hold a secret). */
function jsonMessage(error: unknown): string {
  return jsonErrorReason(error);
}

/** "expected ',' or '}' after property value (line 3, column 5)": where and why, never what. */
function describeJsonError(error: unknown, text: string): string {
  return `${jsonErrorReason(error)} (${jsonErrorPlace(error, text)})`;
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The exact text of each top-level element of a JSON array text (already known to parse). */
export function splitJsonArray(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth === 1) start = i + 1;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
      if (depth === 0) {
        const last = text.slice(start, i).trim();
        if (last) items.push(last);
        break;
      }
    } else if (c === 0x2c && depth === 1) {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return items;
}

/** Whether JSON text (or bytes) nests [ and { deeper than `limit`; strings are skipped. */
export function nestedDeeperThan(input: string | Buffer, limit: number): boolean {
  // latin1 maps each byte to one character: the ASCII brackets and quotes stay where they are.
  const text = typeof input === 'string' ? input : input.toString('latin1');
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export interface ParserOptions {
  /** The file name: `.ndjson`/`.jsonl` files are NDJSON whatever their first line. */
  name?: string;
  keepRaw?: boolean;
}

export class PayloadTextParser {
  private mode: 'unknown' | 'ndjson' | 'document';
  /** The text after the last newline so far, as the pieces it arrived in (joined once a newline arrives: a huge line costs linear time). */
  private pieces: string[] = [];
  private lineNo = 0;
  private first = true;
  private documentText = '';
  private detected: PayloadFormat = 'empty';

  constructor(private readonly options: ParserOptions = {}) {
    this.mode = NDJSON_NAME.test(options.name ?? '') ? 'ndjson' : 'unknown';
  }

  /** What the text turned out to be (final after end()). */
  get format(): PayloadFormat {
    return this.detected;
  }

  /** A capture record is judged on (and resent as) the payload it captured. */
  private record(position: { line?: number; index?: number }, value: unknown, raw: string | undefined): PayloadRecord {
    if (!isCaptureRecord(value)) return this.options.keepRaw && raw !== undefined ? { ...position, value, raw } : { ...position, value };
    return this.captured(position, value);
  }

  private captured(position: { line?: number; index?: number }, value: CaptureRecord): PayloadRecord {
    const bytes = captureBody(value);
    const kept = {
      ...(this.options.keepRaw ? { raw: bytes, capture: value } : {}),
      ...(typeof value.receivedAt === 'string' ? { receivedAt: value.receivedAt } : {}),
      ...(typeof value.eventId === 'string' ? { capturedEventId: value.eventId } : {}),
    };
    try {
      return { ...position, value: JSON.parse(bytes.toString('utf8')), ...kept };
    } catch (error) {
      return { ...position, readError: `captured body is not JSON: ${jsonErrorReason(error)}`, ...kept };
    }
  }

  private parseLine(raw: string, out: PayloadRecord[]): void {
    const line = ++this.lineNo;
    const text = raw.charCodeAt(raw.length - 1) === 0x0d ? raw.slice(0, -1) : raw;
    // A line that starts with "{" is not blank: no copy made to find out (the common case).
    if (text.charCodeAt(0) !== 0x7b && text.trim() === '') return;
    this.detected = 'ndjson';
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      out.push({ line, readError: `not valid JSON: ${jsonMessage(error)}` });
      return;
    }
    // Object literals, not spreads: this runs once per line of files of any size.
    if (isCaptureRecord(value)) out.push(this.captured({ line }, value));
    else out.push(this.options.keepRaw ? { line, value, raw: text.trim() } : { line, value });
  }

  push(input: string): PayloadRecord[] {
    let chunk = input;
    if (this.first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      if (chunk.slice(0, 8192).includes('\u0000')) throw new BinaryInputError();
      this.first = false;
    }
    if (this.mode === 'document') {
      this.documentText += chunk;
      return [];
    }
    this.pieces.push(chunk);
    if (!chunk.includes('\n')) return [];
    let pending = this.pieces.join('');
    this.pieces = [];
    const out: PayloadRecord[] = [];
    let start = 0;
    for (let nl = pending.indexOf('\n', start); nl !== -1; nl = pending.indexOf('\n', start)) {
      const raw = pending.slice(start, nl);
      start = nl + 1;
      if (this.mode === 'unknown') {
        const trimmed = raw.trim();
        if (trimmed === '') {
          this.lineNo++;
          continue;
        }
        if (trimmed.startsWith('[') || !isCompleteJson(trimmed)) {
          this.mode = 'document';
          this.documentText = `${'\n'.repeat(this.lineNo)}${pending.slice(start - raw.length - 1)}`;
          pending = '';
          start = 0;
          break;
        }
        this.mode = 'ndjson';
      }
      this.parseLine(raw, out);
    }
    if (this.mode !== 'document' && start < pending.length) this.pieces = [pending.slice(start)];
    return out;
  }

  end(): PayloadRecord[] {
    const rest = this.pieces.join('');
    this.pieces = [];
    if (this.mode === 'document') return this.parseDocument(this.documentText);
    if (rest.trim() === '') return [];
    // The whole input is one line without a final newline: a JSON document.
    if (this.mode === 'unknown') return this.parseDocument(rest);
    const out: PayloadRecord[] = [];
    this.parseLine(rest, out);
    return out;
  }

  private parseDocument(text: string): PayloadRecord[] {
    if (text.trim() === '') return [];
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      this.detected = 'object';
      return [{ index: 0, readError: `not valid JSON: ${describeJsonError(error, text)}` }];
    }
    if (!Array.isArray(data)) {
      this.detected = 'object';
      return [this.record({ index: 0 }, data, this.options.keepRaw ? text.trim() : undefined)];
    }
    this.detected = 'array';
    const raws = this.options.keepRaw ? splitJsonArray(text) : [];
    return data.map((item, index) => this.record({ index }, item, raws[index]));
  }
}

/** All records of a whole text at once (a file already in memory). */
export function parsePayloadText(text: string, options: ParserOptions = {}): { records: PayloadRecord[]; format: PayloadFormat } {
  const parser = new PayloadTextParser(options);
  const records = [...parser.push(text), ...parser.end()];
  return { records, format: parser.format };
}
