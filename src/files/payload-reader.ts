/**
 * Reads payload records from a file or a stream (stdin), piece by piece: the one reader
 * behind `validate` (constant memory for NDJSON of any size) and `send --file` (which
 * sets `maxBytes` and keeps each payload's exact bytes). The format detection and parsing
 * are core/payload-text.ts; this module only brings the bytes and enforces the size limit:
 * a regular file by its size before a byte is read, anything else (a pipe, a device)
 * while reading. Text is UTF-8, or UTF-16 when it starts with a UTF-16 byte-order mark.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { type PayloadFormat, type PayloadRecord, PayloadTextParser } from '../core/payload-text.js';

export interface PayloadReadOptions {
  /** The name for format detection (.ndjson) and messages. */
  name?: string;
  keepRaw?: boolean;
  /** Refuse more bytes than this (send --file); none by default. */
  maxBytes?: number;
}

/** More bytes than `maxBytes`. `size` is the file's size, or undefined for a pipe (cut off while reading). */
export class PayloadTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly size: number | undefined,
  ) {
    super(`more than ${limit} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

export interface PayloadSource {
  /** Batches of records, one batch per piece read (one await per piece, not per record). */
  batches(): AsyncGenerator<PayloadRecord[]>;
  /** What the input turned out to be; final once batches() is done. */
  readonly format: PayloadFormat;
}

const PIECE = 1 << 20;

/** Bytes → text, piece by piece, without splitting a character between pieces. */
interface TextStream {
  write(bytes: Buffer): string;
  end(): string;
}

/**
 * UTF-8, unless the input starts with a UTF-16 byte-order mark (what Windows PowerShell's
 * `>` writes): then UTF-16 in that byte order, the mark dropped.
 */
function textStreamFor(head: Buffer): TextStream {
  const label = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : undefined;
  if (label === undefined) {
    const utf8 = new StringDecoder('utf8');
    return { write: (bytes) => utf8.write(bytes), end: () => utf8.end() };
  }
  const utf16 = new TextDecoder(label);
  return { write: (bytes) => utf16.decode(bytes, { stream: true }), end: () => utf16.decode() };
}

/** `input` is a file path or a readable stream (stdin). */
export function openPayloads(input: string | NodeJS.ReadableStream, options: PayloadReadOptions = {}): PayloadSource {
  const parser = new PayloadTextParser({ ...(options.name !== undefined ? { name: options.name } : {}), ...(options.keepRaw ? { keepRaw: true } : {}) });
  const { maxBytes } = options;
  async function* batches(): AsyncGenerator<PayloadRecord[]> {
    if (typeof input === 'string' && maxBytes !== undefined) {
      const info = await stat(input);
      if (info.isFile() && info.size > maxBytes) throw new PayloadTooLargeError(maxBytes, info.size);
    }
    const stream = typeof input === 'string' ? createReadStream(input, { highWaterMark: PIECE }) : input;
    let decoder: TextStream | undefined;
    // The bytes before the decoder is chosen by the first two (a pipe may bring them one at a time).
    let pending = Buffer.alloc(0);
    let total = 0;
    for await (const piece of stream) {
      let bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : (piece as Buffer);
      total += bytes.length;
      if (maxBytes !== undefined && total > maxBytes) {
        if (typeof input === 'string') (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
        throw new PayloadTooLargeError(maxBytes, undefined);
      }
      if (decoder === undefined) {
        pending = Buffer.concat([pending, bytes]);
        if (pending.length < 2) continue;
        decoder = textStreamFor(pending);
        bytes = pending;
        pending = Buffer.alloc(0);
      }
      const records = parser.push(decoder.write(bytes));
      if (records.length > 0) yield records;
    }
    decoder ??= textStreamFor(pending);
    const last = [...parser.push(decoder.write(pending) + decoder.end()), ...parser.end()];
    if (last.length > 0) yield last;
  }
  return {
    batches,
    get format() {
      return parser.format;
    },
  };
}
