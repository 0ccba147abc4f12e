/**
 * Keeping the project config (it holds secrets) and the captures out of git: `init`
 * offers the .gitignore entry when the working directory is inside a repository that
 * does not ignore the folder yet.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errnoCode, UserError } from '../core/errors.js';

/** The .gitignore line that keeps the project config (and its secrets) out of git. */
export const GITIGNORE_ENTRY = '.itscope-hooks/';

/** Whether a .gitignore text already ignores the .itscope-hooks folder. */
export function gitignoreCovers(text: string): boolean {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .some((line) => /^(\*\*\/|\/)?\.itscope-hooks(\/(\*\*?)?)?$/.test(line));
}

/** The .gitignore text with the entry appended (keeping the file's last line intact). */
export function withGitignoreEntry(text: string): string {
  if (gitignoreCovers(text)) return text;
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${text}${sep}# itscope-hooks: local config with secrets, and captured webhooks\n${GITIGNORE_ENTRY}\n`;
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
