/**
 * Write-then-rename, the one way files are replaced: the content goes to a fresh
 * temporary file in the same folder, created exclusively (never an existing file, never
 * through a link someone planted there, never a predictable name), synced, then renamed
 * over the final name. A crash or a full disk never leaves half a file under the final
 * name, and the temporary file is removed when anything fails.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';

export interface AtomicWriteOptions {
  /** Permissions of the new file (default 0600: what we write is often private). */
  mode?: number;
}

/** A fresh temporary name next to `final` (same folder, so the rename is atomic). */
export function temporaryPathFor(final: string): string {
  // node:crypto only when a file is written: every command reads the config, few write.
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  return `${final}.${randomBytes(6).toString('hex')}.part`;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const part = temporaryPathFor(path);
  let created = false;
  try {
    const handle = await open(part, 'wx', options.mode ?? 0o600);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(part, path);
  } catch (error) {
    if (created) await rm(part, { force: true }).catch(() => undefined);
    throw error;
  }
}

export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const part = temporaryPathFor(path);
  let created = false;
  try {
    const fd = openSync(part, 'wx', options.mode ?? 0o600);
    created = true;
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(part, path);
  } catch (error) {
    if (created) rmSync(part, { force: true });
    throw error;
  }
}
