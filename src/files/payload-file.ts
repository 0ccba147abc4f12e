/**
 * `send --file`: the payloads of a file, as the exact bytes to send. A JSON
 * object, a JSON array, NDJSON or capture records; nothing is re-serialized: an object is
 * sent as written, an array element as its own slice of the file, a capture as the body
 * bytes it captured.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { captureBody, isCaptureRecord, type CaptureRecord } from '../core/capture.js';
import { UserError, errnoCode } from '../core/errors.js';

export interface RawPayload {
  body: Buffer;
  contentType: string;
  /** From the payload (or capture), for routing and result lines. */
  eventType: string | undefined;
  eventId: string | undefined;
  /** Where it came from: "line 3", "element 2", "capture" … */
  label: string;
}

export const JSON_CONTENT_TYPE = 'application/json';

/**
 * The deepest nesting of [ and { a payload may have. Webhook payloads are flat objects;
 * far deeper JSON (100000 levels fit in a small file) overflows the stack of the
 * recursive code that shows it (JSON.stringify for --dry-run), so it is refused up front.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * The largest --file read. A payload is well under 1 KiB, so this holds over 100000 of
 * them; the whole file is read into memory, and Node cannot hold a string beyond ~512 MiB.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

function mib(bytes: number): string {
  const value = bytes / 1024 / 1024;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
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

function checkDepth(input: string | Buffer, name: string): void {
  if (nestedDeeperThan(input, MAX_JSON_DEPTH)) {
    throw new UserError(
      `${name} is nested too deeply (more than ${MAX_JSON_DEPTH} levels of [ and {)`,
      `a webhook payload is a flat JSON object; give a file whose JSON nests at most ${MAX_JSON_DEPTH} levels`,
    );
  }
}

function stringField(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

function headerValue(headers: CaptureRecord['headers'] | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** The bytes a capture record captured, with the content type it arrived with. */
export function payloadFromCapture(record: CaptureRecord, label = 'capture'): RawPayload {
  const body = captureBody(record);
  checkDepth(body, `the body of ${label}`);
  let eventType = record.eventType;
  let eventId = record.eventId;
  if (eventType === undefined || eventId === undefined) {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      eventType ??= stringField(parsed, 'eventType');
      eventId ??= stringField(parsed, 'eventId');
    } catch {
      // Not JSON: sent as captured all the same.
    }
  }
  return { body, contentType: headerValue(record.headers, 'content-type') ?? JSON_CONTENT_TYPE, eventType, eventId, label };
}

function fromValue(raw: string, value: unknown, label: string): RawPayload {
  if (isCaptureRecord(value)) return payloadFromCapture(value, `${label} (capture)`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${label} is not a JSON object`, 'a webhook payload is one JSON object such as {"eventId": …, "eventType": "DELIVERY", …}');
  }
  return {
    body: Buffer.from(raw, 'utf8'),
    contentType: JSON_CONTENT_TYPE,
    eventType: stringField(value, 'eventType'),
    eventId: stringField(value, 'eventId'),
    label,
  };
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
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth === 1) {
        start = i + 1;
        continue;
      }
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

function jsonMessage(error: unknown): string {
  return (error as Error).message.replace(/ in JSON at position \d+.*$/, '');
}

/** The payloads in a file's text. `name` is for messages. */
export function payloadsFromText(input: string, name: string): RawPayload[] {
  const text = (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input).trim();
  if (text === '') throw new UserError(`${name} is empty`, 'give a file with a JSON payload, a JSON array, NDJSON or a capture');
  let whole: unknown;
  let wholeOk = false;
  try {
    whole = JSON.parse(text);
    wholeOk = true;
  } catch {
    // Not one JSON document: NDJSON, below.
  }
  if (wholeOk) {
    checkDepth(text, name);
    if (Array.isArray(whole)) {
      const raws = splitJsonArray(text);
      if (raws.length === 0) throw new UserError(`${name} is an empty JSON array`, 'put at least one payload into it');
      return raws.map((raw, i) => fromValue(raw, whole[i], `element ${i + 1}`));
    }
    return [fromValue(text, whole, name)];
  }
  const payloads: RawPayload[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UserError(
        `${name} line ${i + 1} is not valid JSON: ${jsonMessage(error)}`,
        'the file must be one JSON payload, a JSON array, or NDJSON (one JSON object per line); `itscope-hooks validate FILE` shows every problem',
      );
    }
    checkDepth(line, `${name} line ${i + 1}`);
    payloads.push(fromValue(line.trim(), value, `line ${i + 1}`));
  }
  return payloads;
}

function readError(path: string, error: unknown): UserError {
  const code = errnoCode(error);
  if (code === 'EISDIR') {
    return new UserError(`--file ${path} is a folder`, 'give one file (JSON, NDJSON or an exported capture); to resend from the capture store use --event-id ID (ids: itscope-hooks captures list)');
  }
  if (code === 'EACCES') return new UserError(`cannot read --file ${path} (no permission)`, 'check the file\'s permissions');
  return new UserError(`cannot read --file ${path} (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))})`, 'check the path');
}

/** `size` is undefined for a pipe, which has none before it is read. */
function tooLarge(path: string, size: number | undefined): UserError {
  const what = size === undefined ? 'more' : `${mib(size)} (${size} bytes), more`;
  return new UserError(
    `--file ${path} is ${what} than the limit of ${mib(MAX_FILE_BYTES)}`,
    'split it into smaller files (NDJSON: `split -l 100000 FILE part-`) and send them one by one',
  );
}

/**
 * The file's bytes, refusing more than MAX_FILE_BYTES: by its size before reading a
 * regular file, and while reading anything else (a pipe such as `--file <(jq …)`).
 */
async function readLimited(path: string): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw readError(path, error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw readError(path, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
    if (info.isFile() && info.size > MAX_FILE_BYTES) throw tooLarge(path, info.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_FILE_BYTES) throw tooLarge(path, undefined);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    throw error instanceof UserError ? error : readError(path, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

export async function readPayloadFile(path: string): Promise<RawPayload[]> {
  const bytes = await readLimited(path);
  if (bytes.includes(0)) throw new UserError(`--file ${path} is binary, not JSON text`, 'give a JSON, NDJSON or capture file');
  return payloadsFromText(bytes.toString('utf8'), path);
}
