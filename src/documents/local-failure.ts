/**
 * Problems on this machine while saving a document (a folder, the disk, something in the
 * way), never blamed on the download: the errno in words and what to do about it.
 * Failures that hit every next document too (a full or read-only disk) are fatal.
 */
import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errnoCode } from '../core/errors.js';
import { DocumentFetchError } from './client.js';

/** Errno codes that mean the whole disk refuses writes: every next document would fail too. */
const DISK_WIDE = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this system allows',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'the folder disappeared',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'the disk reported an input/output error',
  ELOOP: 'too many symbolic links',
};

function errnoHint(code: string | undefined, path: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `free some space on the disk that holds ${dirname(path)}, or write elsewhere with --out DIR/`;
    case 'EFBIG':
      return 'raise the file size limit (`ulimit -f`), or write to another disk with --out DIR/';
    case 'EROFS':
      return 'write to a writable disk with --out DIR/';
    case 'EACCES':
    case 'EPERM':
      return `make ${dirname(path)} writable for this user, or choose another folder with --out DIR/`;
    case 'ENOTDIR':
    case 'EISDIR':
      return 'remove or rename what is in the way, or choose another place with --out';
    case 'ENAMETOOLONG':
      return 'choose a shorter path with --out';
    case 'EMFILE':
    case 'ENFILE':
      return 'close other programs or raise the open-files limit (`ulimit -n`), then run again';
    default:
      return 'check the disk and the folder, or choose another place with --out DIR/';
  }
}

/**
 * A problem on this machine (folder, disk), never blamed on the download: `what` names
 * the action and the path, the errno follows in words, the hint says what to do.
 */
export function localFailure(what: string, path: string, error: unknown): DocumentFetchError {
  const code = errnoCode(error);
  const words = code ? ERRNO_WORDS[code] : undefined;
  const detail = code ? `${code}${words ? `, ${words}` : ''}` : ((error as Error)?.message ?? String(error));
  return new DocumentFetchError('file', `${what}: ${detail}`, { fatal: code !== undefined && DISK_WIDE.has(code), hint: errnoHint(code, path) });
}

function entryKind(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export function inTheWay(path: string, s: Stats): DocumentFetchError {
  return new DocumentFetchError('file', `${path} is ${entryKind(s)}, not a regular file: fetch-doc replaces only regular files, with or without --force`, {
    hint: `remove or rename ${path}, or choose another file with --out`,
  });
}

/** What is at `path` right now, without following a link; undefined when nothing is. */
export async function entryAt(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    // A part of the path that is not a folder is reported when the folder is created.
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined;
    throw localFailure(`cannot look at ${path}`, path, error);
  }
}

/** The nearest existing entry on the way up from `dir` that is not a folder (what stands in the way). */
export async function firstNonFolder(dir: string): Promise<string | undefined> {
  for (let path = dir; ; path = dirname(path)) {
    const info = await stat(path).catch(() => undefined);
    if (info) return info.isDirectory() ? undefined : path;
    if (dirname(path) === path) return undefined;
  }
}
