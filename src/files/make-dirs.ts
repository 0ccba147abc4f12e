/**
 * `mkdir -p` that always ends. fs.mkdir's own `recursive` option loops forever where
 * mkdir answers ENOENT although the parent exists (e.g. any folder under /proc), which
 * would leave a command hanging without a word. Here each missing folder is created
 * once, top first, and the first refusal is thrown with its errno code.
 */
import { mkdirSync, type Stats, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { errnoCode } from '../core/errors.js';

function absent(error: unknown): undefined {
  if (errnoCode(error) === 'ENOENT') return undefined;
  throw error;
}

function created(error: unknown): void {
  if (errnoCode(error) !== 'EEXIST') throw error;
}

/** Adds `dir` to the folders to create; true when the walk up ends here. */
function step(dir: string, info: Stats | undefined, missing: string[]): boolean {
  if (info) {
    if (!info.isDirectory()) throw Object.assign(new Error(`not a directory: ${dir}`), { code: 'ENOTDIR', path: dir });
    return true;
  }
  missing.unshift(dir);
  return dirname(dir) === dir;
}

export async function makeDirs(path: string, mode = 0o777): Promise<void> {
  const missing: string[] = [];
  for (let dir = resolve(path); !step(dir, await stat(dir).catch(absent), missing); dir = dirname(dir));
  for (const dir of missing) await mkdir(dir, { mode }).catch(created);
}

export function makeDirsSync(path: string, mode = 0o777): void {
  const missing: string[] = [];
  const statOf = (dir: string) => {
    try {
      return statSync(dir);
    } catch (error) {
      return absent(error);
    }
  };
  for (let dir = resolve(path); !step(dir, statOf(dir), missing); dir = dirname(dir));
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode });
    } catch (error) {
      created(error);
    }
  }
}
