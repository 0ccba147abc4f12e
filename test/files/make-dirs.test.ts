import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirs, makeDirsSync } from '../../src/files/make-dirs.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('make-dirs-'));
});
afterEach(() => cleanup());

describe.each([
  ['makeDirs', (path: string, mode?: number) => makeDirs(path, mode)],
  ['makeDirsSync', async (path: string, mode?: number) => makeDirsSync(path, mode)],
])('%s', (_name, make) => {
  it('creates every missing folder with the mode, and accepts folders that exist', async () => {
    const deep = join(dir, 'a', 'b', 'c');
    await make(deep, 0o700);
    for (const path of [join(dir, 'a'), join(dir, 'a', 'b'), deep]) expect((await stat(path)).mode & 0o777).toBe(0o700);
    await make(deep, 0o700);
    await make(dir);
    expect((await stat(deep)).isDirectory()).toBe(true);
  });

  it('refuses a path through a file with ENOTDIR', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(make(join(dir, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(make(join(dir, 'file'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  // Under /proc, mkdir answers ENOENT although the parent exists: fs.mkdir's recursive
  // option retries that forever. This must end with the error instead.
  it.runIf(existsSync('/proc/self'))('ends with an error where mkdir cannot create a folder under an existing one', async () => {
    await expect(make('/proc/itscope-hooks-test/sub')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe.runIf(existsSync('/proc/self'))('a capture folder that cannot be created', () => {
  it('is a clear error, not a hang, for the store and for listen', async () => {
    await expect(CaptureStore.open('/proc/itscope-hooks-test')).rejects.toThrow(/cannot create capture folder \/proc\/itscope-hooks-test \(ENOENT\)/);
    const r = await runCli(['listen', '--port', '0', '--captures', '/proc/itscope-hooks-test'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot create capture folder \/proc\/itscope-hooks-test \(ENOENT\)\nfix: /);
  });
});
