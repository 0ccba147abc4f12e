/**
 * Writing the config file and keeping it out of git. The file holds secrets:
 * it is written with mode 0600 (its folder 0700 when we create it), atomically (a temp
 * file in the same folder, then rename), so a crash never leaves half a file behind.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ConfigFile } from './resolve.js';
import { errnoCode, UserError } from '../core/errors.js';
import { makeDirsSync } from '../files/make-dirs.js';
import { gitignoreCovers, withGitignoreEntry } from '../init/answers.js';

export function writeConfigFile(path: string, config: ConfigFile): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    makeDirsSync(dir, 0o700);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(config, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // No temp file to remove: its folder could not be made (e.g. a file is in the way).
    }
    const code = errnoCode(error);
    const blocker = code === 'ENOTDIR' || code === 'EEXIST' ? fileInTheWay(dir) : undefined;
    if (blocker !== undefined) {
      throw new UserError(`cannot write config file ${path}: ${blocker} is a file, not a folder`, `move or rename ${blocker}, then run init again`);
    }
    throw new UserError(`cannot write config file ${path} (${code ?? String(error)})`, 'check the permissions of the folder, or use --global for your user config');
  }
}

/** The nearest existing ancestor of `dir` (or `dir` itself) when it is not a folder. */
function fileInTheWay(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    try {
      return statSync(d).isDirectory() ? undefined : d;
    } catch {
      if (dirname(d) === d) return undefined;
    }
  }
}

/** The repository root above (or at) `cwd`, or undefined outside a git repository. */
export function findGitRoot(cwd: string): string | undefined {
  let dir = cwd;
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export interface GitignorePlan {
  /** The .gitignore to add the entry to (in the working directory). */
  path: string;
  /** False when a .gitignore from the working directory up to the repository root already ignores the folder. */
  needed: boolean;
}

/** Whether the project config folder needs a .gitignore entry; undefined outside git. */
export function planGitignore(cwd: string): GitignorePlan | undefined {
  const root = findGitRoot(cwd);
  if (root === undefined) return undefined;
  let dir = cwd;
  for (;;) {
    if (gitignoreCovers(readText(join(dir, '.gitignore')))) return { path: join(cwd, '.gitignore'), needed: false };
    if (dir === root) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { path: join(cwd, '.gitignore'), needed: true };
}

export function addGitignoreEntry(path: string): void {
  try {
    writeFileSync(path, withGitignoreEntry(readText(path)));
  } catch (error) {
    throw new UserError(`cannot update ${path} (${errnoCode(error) ?? String(error)})`, 'add the line .itscope-hooks/ to it yourself');
  }
}
