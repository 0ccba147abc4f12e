/**
 * The capture folder and its journal files on disk: the folder is created private (0700),
 * each journal file is new, private (0600) and created exclusively, named after the time
 * and the writing process (journal-<time>-<pid>.ndjson) so that names sort by creation.
 */
import { type FileHandle, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, UserError } from '../core/errors.js';
import { makeDirs } from '../files/make-dirs.js';
import { JOURNAL_SUFFIX } from './journal-line.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

const FOLDER_HINT = 'pass a writable folder with --captures or ITSCOPE_HOOKS_DIR';

/** Creates the capture folder (mkdir -p, 0700); a UserError when it cannot be a folder. */
export async function makeCaptureFolder(dir: string): Promise<void> {
  try {
    await makeDirs(dir, DIR_MODE);
    const info = await stat(dir);
    if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (error) {
    throw new UserError(`cannot create capture folder ${dir} (${errnoCode(error) ?? String(error)})`, FOLDER_HINT);
  }
}

function journalName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `journal-${stamp}-${process.pid}${JOURNAL_SUFFIX}`;
}

/**
 * Opens a new journal file: a name of its own, created exclusively (a session that seals
 * its journal after a failed write may start the next one within the same millisecond).
 */
export async function openJournal(dir: string, now: () => Date): Promise<{ file: string; handle: FileHandle }> {
  const time = now().getTime();
  for (let bump = 0; ; bump++) {
    const file = join(dir, journalName(new Date(time + bump)));
    try {
      return { file, handle: await open(file, 'ax', FILE_MODE) };
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST' || bump >= 1000) throw error;
    }
  }
}

/** openJournal for the start of a session: a UserError when the folder is not writable. */
export async function openFirstJournal(dir: string, now: () => Date): Promise<{ file: string; handle: FileHandle }> {
  try {
    return await openJournal(dir, now);
  } catch (error) {
    throw new UserError(`cannot write to capture folder ${dir} (${errnoCode(error) ?? String(error)})`, FOLDER_HINT);
  }
}
