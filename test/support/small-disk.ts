// A real small file system for full-disk tests: a tmpfs mounted into a temp folder. Only
// root may mount; elsewhere `mountSmallDisk` says why it could not, and the test falls
// back to `ulimit -f` (a per-file size limit) and says so.
import { execFile } from 'node:child_process';
import { mkdir, open, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SmallDisk {
  dir: string;
  /** Takes all but `leave` bytes of the free space with a filler file. */
  fill(leave: number): Promise<void>;
  /** Removes the filler: the space is free again. */
  free(): Promise<void>;
  unmount(): Promise<void>;
}

/** Mounts a tmpfs of `bytes` at `<parent>/disk`; a string says why it could not. */
export async function mountSmallDisk(parent: string, bytes: number): Promise<SmallDisk | string> {
  if (process.getuid?.() !== 0) return 'not running as root, so no tmpfs can be mounted';
  const dir = join(parent, 'disk');
  await mkdir(dir);
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir]);
  } catch (error) {
    return `mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}`;
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    async fill(leave) {
      const { bavail, bsize } = await statfs(dir);
      const size = Math.max(0, bavail * bsize - leave);
      const handle = await open(filler, 'w');
      try {
        // Written, not just sized: tmpfs only takes space for pages that hold data.
        const block = Buffer.alloc(64 * 1024, 0x61);
        for (let done = 0; done < size; done += block.length) await handle.write(block, 0, Math.min(block.length, size - done));
      } finally {
        await handle.close();
      }
    },
    free: () => rm(filler, { force: true }),
    async unmount() {
      await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
    },
  };
}
