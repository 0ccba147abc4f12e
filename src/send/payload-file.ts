/**
 * `send --file`: the payloads of a file as the exact bytes to send — a JSON object, a
 * JSON array, NDJSON or capture records, read by the shared payload reader. Nothing is
 * re-serialized: an object is sent as written, an array element as its own slice of the
 * file, a capture as the body bytes it captured (with the content type it arrived with).
 * Limits: MAX_FILE_BYTES for the file, MAX_JSON_DEPTH for each payload.
 */
import { type CaptureRecord, captureBody } from '../core/capture.js';
import { errnoCode, UserError } from '../core/errors.js';
import { formatBytes } from '../core/format.js';
import { BinaryInputError, nestedDeeperThan, type PayloadFormat, type PayloadRecord, parsePayloadText } from '../core/payload-text.js';
import { openPayloads, PayloadTooLargeError } from '../files/payload-reader.js';

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
 * them; every payload is kept in memory until sent.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

function stringField(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

function headerValue(headers: Record<string, string | string[]> | undefined, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function checkDepth(input: string | Buffer, name: string): void {
  if (nestedDeeperThan(input, MAX_JSON_DEPTH)) {
    throw new UserError(
      `${name} is nested too deeply (more than ${MAX_JSON_DEPTH} levels of [ and {)`,
      `a webhook payload is a flat JSON object; give a file whose JSON nests at most ${MAX_JSON_DEPTH} levels`,
    );
  }
}

function labelOf(record: PayloadRecord, name: string, format: PayloadFormat): string {
  if (record.line !== undefined) return `line ${record.line}`;
  return format === 'array' ? `element ${(record.index ?? 0) + 1}` : name;
}

/** Captured bytes are sent as captured, JSON or not, with the content type they arrived with. */
function fromCapture(capture: CaptureRecord, parsed: unknown, label: string): RawPayload {
  const body = captureBody(capture);
  checkDepth(body, `the body of ${label}`);
  return {
    body,
    contentType: headerValue(capture.headers, 'content-type') ?? JSON_CONTENT_TYPE,
    eventType: capture.eventType ?? stringField(parsed, 'eventType'),
    eventId: capture.eventId ?? stringField(parsed, 'eventId'),
    label,
  };
}

/** A stored capture (send --event-id) as the payload to send. */
export function payloadFromCapture(capture: CaptureRecord, label = 'capture'): RawPayload {
  let parsed: unknown;
  if (capture.eventType === undefined || capture.eventId === undefined) {
    try {
      parsed = JSON.parse(captureBody(capture).toString('utf8'));
    } catch {
      // Not JSON: sent as captured all the same.
    }
  }
  return fromCapture(capture, parsed, label);
}

/** One record → the payload to send, or a UserError saying what is wrong with it. */
function toPayload(record: PayloadRecord, name: string, format: PayloadFormat): RawPayload {
  const label = labelOf(record, name, format);
  const where = record.line !== undefined ? `${name} line ${record.line}` : label;
  if (record.capture) return fromCapture(record.capture, record.value, `${label} (capture)`);
  if (record.readError !== undefined) {
    throw new UserError(
      `${where} is not valid JSON: ${record.readError.replace(/^not valid JSON: /, '')}`,
      'the file must be one JSON payload, a JSON array, or NDJSON (one JSON object per line); `itscope-hooks validate FILE` shows every problem',
    );
  }
  const raw = record.raw ?? '';
  checkDepth(raw, where);
  const { value } = record;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${label} is not a JSON object`, 'a webhook payload is one JSON object such as {"eventId": …, "eventType": "DELIVERY", …}');
  }
  return {
    body: typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw,
    contentType: JSON_CONTENT_TYPE,
    eventType: stringField(value, 'eventType'),
    eventId: stringField(value, 'eventId'),
    label,
  };
}

function payloadsOf(records: PayloadRecord[], format: PayloadFormat, name: string): RawPayload[] {
  if (format === 'empty' || (records.length === 0 && format !== 'array')) {
    throw new UserError(`${name} is empty`, 'give a file with a JSON payload, a JSON array, NDJSON or a capture');
  }
  if (records.length === 0) throw new UserError(`${name} is an empty JSON array`, 'put at least one payload into it');
  return records.map((record) => toPayload(record, name, format));
}

/** The payloads in a file's text. `name` is for messages. */
export function payloadsFromText(text: string, name: string): RawPayload[] {
  const { records, format } = parsePayloadText(text, { keepRaw: true });
  return payloadsOf(records, format, name);
}

function readError(path: string, error: unknown): UserError {
  const code = errnoCode(error);
  if (code === 'EISDIR') {
    return new UserError(
      `--file ${path} is a folder`,
      'give one file (JSON, NDJSON or an exported capture); to resend from the capture store use --event-id ID (ids: itscope-hooks captures list)',
    );
  }
  if (code === 'EACCES') return new UserError(`cannot read --file ${path} (no permission)`, "check the file's permissions");
  return new UserError(`cannot read --file ${path} (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))})`, 'check the path');
}

export async function readPayloadFile(path: string): Promise<RawPayload[]> {
  const source = openPayloads(path, { name: path, keepRaw: true, maxBytes: MAX_FILE_BYTES });
  const records: PayloadRecord[] = [];
  try {
    for await (const batch of source.batches()) records.push(...batch);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) {
      const what = error.size === undefined ? 'more' : `${formatBytes(error.size)} (${error.size} bytes), more`;
      throw new UserError(
        `--file ${path} is ${what} than the limit of ${formatBytes(MAX_FILE_BYTES)}`,
        'split it into smaller files (NDJSON: `split -l 100000 FILE part-`) and send them one by one',
      );
    }
    if (error instanceof BinaryInputError) throw new UserError(`--file ${path} is binary, not JSON text`, 'give a JSON, NDJSON or capture file');
    throw readError(path, error);
  }
  return payloadsOf(records, source.format, path);
}
