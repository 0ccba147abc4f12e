/**
 * Reads webhook records from a file or stream: one JSON object, a JSON array, NDJSON
 * (line by line, constant memory) or capture records. Tolerates a UTF-8 BOM and CRLF.
 */
import { createReadStream } from 'node:fs';
import { captureBody, isCaptureRecord } from '../core/capture.js';

export interface RecordItem {
  /** 1-based line number (NDJSON). */
  line?: number;
  /** 0-based index (JSON array; 0 for a single JSON document). */
  index?: number;
  /** The payload to judge (for a capture record: its parsed body). */
  value?: unknown;
  /** Why the record could not be read as JSON. */
  readError?: string;
}

const NDJSON_EXT = /\.(ndjson|jsonl)$/i;

/** A capture record is judged on the payload it captured; anything else as it is. */
function unwrap(value: unknown): { value?: unknown; readError?: string } {
  if (!isCaptureRecord(value)) return { value };
  const text = captureBody(value).toString('utf8');
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { readError: `captured body is not JSON: ${oneLine((error as Error).message)}` };
  }
}

/** "Unexpected token } in JSON at position 40" → adds "(line 3, column 5)". */
function describeJsonError(error: unknown, text: string): string {
  const message = oneLine((error as Error).message);
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} (line ${line}, column ${column})`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function looksBinary(chunk: string): boolean {
  return chunk.includes('\u0000');
}

export class BinaryInputError extends Error {
  constructor() {
    super('binary data, not JSON text');
  }
}

/**
 * Yields records from text chunks, a batch per chunk (one await per chunk, not per
 * record, keeps large NDJSON files fast). The first non-empty line decides the format:
 * if it is complete JSON by itself the input is NDJSON, otherwise one JSON document.
 */
export async function* recordsFromChunks(chunks: AsyncIterable<string>, name = ''): AsyncGenerator<RecordItem[]> {
  let mode: 'unknown' | 'ndjson' | 'document' = NDJSON_EXT.test(name) ? 'ndjson' : 'unknown';
  // The text after the last newline so far, as the pieces it arrived in. Only each new
  // chunk is searched for a newline, and the pieces are joined once one arrives: a huge
  // line (a torn 200 MiB capture) costs linear time, not a rescan per chunk.
  let pieces: string[] = [];
  let lineNo = 0;
  let first = true;
  let documentText = '';

  function parseLine(raw: string, batch: RecordItem[]): void {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      batch.push({ line: lineNo, readError: `not valid JSON: ${oneLine((error as Error).message).replace(/ in JSON at position \d+.*$/, '')}` });
      return;
    }
    // The common case (not a capture) without the extra object of unwrap().
    batch.push(isCaptureRecord(value) ? { line: lineNo, ...unwrap(value) } : { line: lineNo, value });
  }

  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      if (looksBinary(chunk.slice(0, 8192))) throw new BinaryInputError();
      first = false;
    }
    if (mode === 'document') {
      documentText += chunk;
      continue;
    }
    pieces.push(chunk);
    if (!chunk.includes('\n')) continue;
    let pending = pieces.join('');
    pieces = [];
    const batch: RecordItem[] = [];
    let start = 0;
    let nl: number;
    while ((nl = pending.indexOf('\n', start)) !== -1) {
      const raw = pending.slice(start, nl);
      start = nl + 1;
      if (mode === 'unknown') {
        const trimmed = raw.trim();
        if (trimmed === '') {
          lineNo++;
          continue;
        }
        if (trimmed.startsWith('[') || !isCompleteJson(trimmed)) {
          mode = 'document';
          documentText = `${'\n'.repeat(lineNo)}${pending.slice(start - raw.length - 1)}`;
          pending = '';
          start = 0;
          break;
        }
        mode = 'ndjson';
      }
      parseLine(raw, batch);
    }
    if (mode !== 'document' && start < pending.length) pieces = [pending.slice(start)];
    if (batch.length > 0) yield batch;
  }
  const rest = pieces.join('');

  if (mode === 'document') {
    yield parseDocument(documentText);
    return;
  }
  if (rest.trim() !== '') {
    if (mode === 'unknown') {
      // The whole input is one line without a final newline: a JSON document.
      yield parseDocument(rest);
      return;
    }
    const batch: RecordItem[] = [];
    parseLine(rest, batch);
    yield batch;
  }
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function parseDocument(text: string): RecordItem[] {
  if (text.trim() === '') return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return [{ index: 0, readError: `not valid JSON: ${describeJsonError(error, text)}` }];
  }
  if (Array.isArray(data)) return data.map((item, index) => ({ index, ...unwrap(item) }));
  return [{ index: 0, ...unwrap(data) }];
}

/** Text chunks of a file, read in large blocks. */
export async function* fileChunks(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) yield chunk as string;
}

/** Text chunks of a readable stream (stdin). */
export async function* streamChunks(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream) {
    yield typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
