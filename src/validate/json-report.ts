/**
 * `validate --json` in constant memory (issue 18: 2 million invalid lines passed 4 GB).
 * The report is still the one JSON object `{"valid","summary","files":[…]}`, byte for byte
 * what JSON.stringify would write, but `valid` and `summary` come first and are known
 * only at the end. So each record goes to a private temporary file (0600, in a 0700
 * folder, removed afterwards) as it is judged; at the end the head is written, then each
 * file's records are copied from there to stdout piece by piece.
 */
import { type FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errnoCode, UserError } from '../core/errors.js';
import type { FileResult, RecordResult, Summary } from './inputs.js';

/** Copied to stdout in pieces of this size. */
const PIECE = 1024 * 1024;

interface FilePart {
  /** The file's fields before its records: path, and error, torn and skipped when present. */
  head: Record<string, unknown>;
  start: number;
  end: number;
}

export interface JsonReport {
  /** Records of the file being read, a batch at a time, in order. */
  add(records: RecordResult[]): Promise<void>;
  /** The file is read: its fields and where its records are. */
  endFile(file: FileResult): void;
  /** Writes the whole report to stdout. */
  finish(
    write: (text: string | Buffer) => Promise<void>,
    valid: boolean,
    summary: Summary & { skipped?: number },
    tail?: Record<string, unknown>,
  ): Promise<void>;
  /** Removes the temporary file (also after a failure). */
  dispose(): Promise<void>;
}

export async function openJsonReport(): Promise<JsonReport> {
  let dir: string;
  let handle: FileHandle;
  try {
    dir = await mkdtemp(join(tmpdir(), 'itscope-hooks-validate-'));
    handle = await open(join(dir, 'records.json'), 'wx+', 0o600);
  } catch (error) {
    throw new UserError(
      `cannot create a temporary file for the --json report in ${tmpdir()} (${errnoCode(error) ?? String(error)})`,
      'free some space there, or point TMPDIR at a writable folder',
    );
  }
  const parts: FilePart[] = [];
  let size = 0;
  let fileStart = 0;

  return {
    async add(records) {
      if (records.length === 0) return;
      const text = (size > fileStart ? ',' : '') + records.map((r) => JSON.stringify(r)).join(',');
      const bytes = Buffer.from(text, 'utf8');
      await handle.write(bytes, 0, bytes.length, size);
      size += bytes.length;
    },
    endFile(file) {
      const head = {
        path: file.path,
        ...(file.error ? { error: file.error } : {}),
        ...(file.torn ? { torn: file.torn } : {}),
        ...(file.skipped ? { skipped: file.skipped } : {}),
      };
      parts.push({ head, start: fileStart, end: size });
      fileStart = size;
    },
    async finish(write, valid, summary, tail = {}) {
      await write(`{"valid":${JSON.stringify(valid)},"summary":${JSON.stringify(summary)},"files":[`);
      const piece = Buffer.alloc(Math.min(PIECE, Math.max(1, size)));
      for (const [i, part] of parts.entries()) {
        await write(`${i > 0 ? ',' : ''}${JSON.stringify(part.head).slice(0, -1)},"records":[`);
        for (let at = part.start; at < part.end; ) {
          const { bytesRead } = await handle.read(piece, 0, Math.min(piece.length, part.end - at), at);
          if (bytesRead === 0) break;
          // A copy: stdout may still hold the piece when the next read fills the buffer.
          await write(Buffer.from(piece.subarray(0, bytesRead)));
          at += bytesRead;
        }
        await write(']}');
      }
      // Fields after files (deals with --lifecycle), as JSON.stringify would place them.
      let after = '';
      for (const [key, value] of Object.entries(tail)) after += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
      await write(`]${after}}\n`);
    },
    async dispose() {
      await handle.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}
