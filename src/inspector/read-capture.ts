/** One capture read back from its journal line, by the place the index keeps for it. */
import { open } from 'node:fs/promises';
import type { CaptureRecord } from '../core/capture.js';
import { decodeLine } from '../store/journal-line.js';
import type { CaptureIndex, IndexEntry } from './capture-index.js';

/** The record, or undefined when its file is gone or the line no longer checks out. */
export async function readCapture(index: CaptureIndex, entry: IndexEntry): Promise<CaptureRecord | undefined> {
  const path = index.files[entry.file];
  if (path === undefined) return undefined;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const buf = Buffer.allocUnsafe(entry.length);
    const { bytesRead } = await handle.read(buf, 0, entry.length, entry.offset);
    return bytesRead === entry.length ? decodeLine(buf.toString('utf8')) : undefined;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
