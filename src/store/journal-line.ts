/**
 * One line of the capture journal: a CaptureRecord as JSON with a trailing "crc" field,
 * the CRC-32 of the line as it would read without that field. A line torn by a crash or
 * changed by hand fails the check and is skipped, never breaking a read.
 * Each line is still a capture record, so `validate <capture dir>` reads the journal.
 */
import { crc32 } from 'node:zlib';
import { type CaptureRecord, isCaptureRecord } from '../core/capture.js';

/** Journal files are NDJSON; `validate` and the reader pick them up by this suffix. */
export const JOURNAL_SUFFIX = '.ndjson';

const CRC_TAIL = /,"crc":"([0-9a-f]{8})"\}$/;

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** The journal line for a record, with its newline. */
export function encodeLine(record: CaptureRecord): string {
  const json = JSON.stringify(record);
  return `${json.slice(0, -1)},"crc":"${hex(crc32(json))}"}\n`;
}

/** The record of a line (without its newline), or undefined when the line is torn or altered. */
export function decodeLine(line: string): CaptureRecord | undefined {
  const m = CRC_TAIL.exec(line);
  if (!m) return undefined;
  const json = `${line.slice(0, line.length - m[0].length)}}`;
  if (hex(crc32(json)) !== m[1]) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  return isCaptureRecord(value) ? value : undefined;
}
