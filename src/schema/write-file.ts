/**
 * Writes `schema --out FILE` with the shared write-then-rename (files/atomic-write.ts), so
 * a reader (or a failed run) never sees half a schema. Every failure is a UserError that
 * says what to do, and leaves no temporary file behind.
 */
import { lstat, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { errnoCode, UserError } from '../core/errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';

/** What is at `path`, or undefined when nothing is. */
async function entryAt(path: string): Promise<Awaited<ReturnType<typeof lstat>> | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The nearest existing ancestor of `dir` when it is not a folder (a file in the way). */
async function fileInTheWay(dir: string): Promise<string | undefined> {
  for (let d = dir; ; d = dirname(d)) {
    try {
      return (await stat(d)).isDirectory() ? undefined : d;
    } catch {
      if (dirname(d) === d) return undefined;
    }
  }
}

async function failure(error: unknown, shown: string, dir: string): Promise<UserError> {
  const code = errnoCode(error);
  const fix = 'choose another --out, or leave it out to print to stdout';
  switch (code) {
    case 'ENOENT':
      return new UserError(`cannot write ${shown}: the folder ${dir} does not exist`, `create it first (mkdir -p ${dir}), or ${fix}`);
    case 'ENOTDIR': {
      const blocker = (await fileInTheWay(dir)) ?? dir;
      return new UserError(`cannot write ${shown}: ${blocker} is a file, not a folder`, fix);
    }
    case 'EISDIR':
      return new UserError(`cannot write ${shown}: it is a folder`, `give a file name, e.g. ${join(shown, 'itscope-webhook.schema.json')}`);
    case 'EACCES':
    case 'EPERM':
      return new UserError(`cannot write ${shown}: no permission to create files in ${dir}`, `check the folder's permissions, or ${fix}`);
    case 'EROFS':
      return new UserError(`cannot write ${shown}: ${dir} is on a read-only file system`, fix);
    case 'ENOSPC':
    case 'EDQUOT':
      return new UserError(`cannot write ${shown}: the disk is full`, `free some space, or ${fix}`);
    default:
      return new UserError(`cannot write ${shown} (${code ?? String(error)})`, fix);
  }
}

/**
 * Writes `text` to `path` (absolute) atomically. `shown` is the path as the user gave it,
 * for messages.
 */
export async function writeFileAtomically(path: string, text: string, shown: string): Promise<void> {
  if (shown.endsWith('/') || shown.endsWith(sep)) {
    throw new UserError(`--out ${shown} names a folder`, `give a file name, e.g. ${shown}itscope-webhook.schema.json`);
  }
  const dir = dirname(path);
  const there = await entryAt(path).catch(() => undefined);
  if (there?.isDirectory()) {
    throw new UserError(`--out ${shown} is a folder`, `give a file name, e.g. ${join(shown, 'itscope-webhook.schema.json')}`);
  }
  if (there && !there.isFile()) {
    throw new UserError(
      `--out ${shown} is not a regular file (a link, device or pipe)`,
      'give the path of a regular file, or leave --out out to print to stdout',
    );
  }
  try {
    // Not secret: readable by everyone, as any generated source file.
    await writeFileAtomic(path, text, { mode: 0o644 });
  } catch (error) {
    throw await failure(error, shown, dir);
  }
}
