// Writing the config file: atomic, and a failure is a UserError that leaves nothing behind.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../../src/config/files.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('config-file-'));
});
afterEach(() => cleanup());

describe('writeConfigFile', () => {
  it('names the file in the way when a parent of the path is a file (not ENOTDIR from the cleanup)', async () => {
    await writeFile(join(dir, 'a'), '');
    const path = join(dir, 'a', 'b', 'config.json');
    expect(() => writeConfigFile(path, { port: 9000 })).toThrow(
      expect.objectContaining({ name: 'UserError', exitCode: 2, message: `cannot write config file ${path}: ${join(dir, 'a')} is a file, not a folder` }),
    );
    expect(await readdir(dir)).toEqual(['a']);
  });

  it('removes its temp file when the final rename fails', async () => {
    const path = join(dir, 'config.json');
    await mkdir(join(path, 'occupied'), { recursive: true });
    expect(() => writeConfigFile(path, { port: 9000 })).toThrow(/cannot write config file .*config\.json \((EISDIR|ENOTEMPTY|EEXIST)\)/);
    expect(await readdir(dir)).toEqual(['config.json']);
  });
});
