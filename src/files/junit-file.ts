/**
 * Writes a JUnit report (`--junit FILE` of validate and listen): the folder is created
 * when missing (CI scripts name `reports/…` before anything made it), and the file is
 * replaced atomically, so a CI step never reads half a report, also when listen is
 * stopped by SIGTERM right after.
 */
import { dirname, resolve } from 'node:path';
import { errnoCode, UserError } from '../core/errors.js';
import { type JUnitReport, junitXml } from '../core/junit.js';
import { writeFileAtomic } from './atomic-write.js';
import { makeDirs } from './make-dirs.js';

function cannotWrite(path: string, error: unknown): UserError {
  const code = errnoCode(error) ?? String(error);
  return new UserError(
    `cannot write the JUnit report ${path} (${code})`,
    'pass --junit a file in a folder you can write to, e.g. --junit reports/itscope-hooks.xml',
  );
}

/** Creates the report's folder now, so a bad --junit path fails before the run instead of after it. */
export async function prepareJunitFile(path: string, cwd: string): Promise<void> {
  try {
    await makeDirs(dirname(resolve(cwd, path)), 0o755);
  } catch (error) {
    throw cannotWrite(path, error);
  }
}

export async function writeJunitFile(path: string, cwd: string, report: JUnitReport): Promise<void> {
  const full = resolve(cwd, path);
  try {
    await makeDirs(dirname(full), 0o755);
    // 0644: a report is meant to be read by CI tools and uploaded; it holds no secrets.
    await writeFileAtomic(full, junitXml(report), { mode: 0o644 });
  } catch (error) {
    throw cannotWrite(path, error);
  }
}
