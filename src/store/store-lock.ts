/**
 * One writer per capture folder. Each writer keeps its own dedupe index, so two `listen`s
 * on one folder would both store an eventId ITscope sends twice (issue 18). The writer
 * holds `<captures>/listen.lock`, which names its pid; a second one is refused with that
 * pid. A lock left behind by a process that no longer runs (killed, crashed) is taken
 * over, so it never blocks for good. Readers never look at the lock.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, UserError } from '../core/errors.js';

export const LOCK_FILE = 'listen.lock';

export interface StoreLock {
  release(): Promise<void>;
}

async function ownerOf(path: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is a running itscope-hooks. Where /proc shows its command line (Linux), a
 * pid reused by another program after a crash does not count.
 */
function isRunningWriter(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (errnoCode(error) !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('itscope-hooks');
  } catch {
    return true;
  }
}

/** Creates the lock file with our pid in one step: it never exists without its owner. */
async function create(path: string): Promise<boolean> {
  const draft = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(draft, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/**
 * Moves a dead writer's lock aside. Whoever moves it first wins; if what was moved is no
 * longer the dead writer's (a live one took it meanwhile), it is put back.
 */
async function removeStale(path: string, deadPid: number | undefined): Promise<void> {
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  if ((await ownerOf(aside)) !== deadPid) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

export async function takeStoreLock(dir: string): Promise<StoreLock> {
  const path = join(dir, LOCK_FILE);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await create(path)) {
        return {
          async release() {
            if ((await ownerOf(path)) === process.pid) await unlink(path).catch(() => undefined);
          },
        };
      }
      const owner = await ownerOf(path);
      if (owner !== undefined && isRunningWriter(owner)) {
        throw new UserError(
          `another itscope-hooks listen (pid ${owner}) is already writing to ${dir}`,
          `stop it first (kill ${owner}), or give this one its own folder with --captures DIR: two receivers on one folder would store the same eventId twice`,
        );
      }
      await removeStale(path, owner);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `cannot lock capture folder ${dir} (${errnoCode(error) ?? String(error)})`,
      'pass a writable folder with --captures or ITSCOPE_HOOKS_DIR',
    );
  }
  throw new UserError(`cannot lock capture folder ${dir}: its lock keeps changing hands`, `remove ${path} if no listen is running, then try again`);
}
