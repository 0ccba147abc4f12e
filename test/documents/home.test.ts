// Where documents live: one home beside or inside the capture folder, and the places earlier versions used.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentFile, documentFolders, documentsHome, findSavedDocument } from '../../src/documents/home.js';
import { tempDir } from '../support/temp-dir.js';

const target = { transactionId: 'TX-1', docType: 'ORDER', format: 'xml' } as const;

describe('documentsHome', () => {
  it.each([
    ['/p/.itscope-hooks/captures', '/p/.itscope-hooks/documents'],
    ['/p/.itscope-hooks/other-captures', '/p/.itscope-hooks/documents'],
    ['/tmp/ci-run', '/tmp/ci-run/documents'],
    ['/srv/hooks/captures', '/srv/hooks/captures/documents'],
  ])('%s → %s', (captures, home) => {
    expect(documentsHome(captures)).toBe(home);
  });

  it('lists the earlier places once, never the home itself', () => {
    expect(documentFolders('/p/.itscope-hooks/captures', '/p')).toEqual({
      home: '/p/.itscope-hooks/documents',
      earlier: ['/p/.itscope-hooks/captures/documents', '/p/itscope-documents'],
    });
    expect(documentFolders('/tmp/ci-run')).toEqual({ home: '/tmp/ci-run/documents', earlier: [] });
  });

  it('refuses a transactionId that is no folder name', () => {
    expect(() => documentFile('/d', { ...target, transactionId: '../x' })).toThrow('cannot be used as a folder name');
  });
});

describe('findSavedDocument', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('home-'));
  });
  afterEach(async () => {
    await cleanup();
  });

  it('finds the home first, then an earlier place; a folder under the name is no document', async () => {
    const folders = documentFolders(join(dir, '.itscope-hooks', 'captures'), dir);
    expect(await findSavedDocument(folders, target)).toBeUndefined();
    await mkdir(join(dir, 'itscope-documents', 'TX-1', 'ORDER.xml'), { recursive: true });
    expect(await findSavedDocument(folders, target)).toBeUndefined();
    await mkdir(join(dir, '.itscope-hooks', 'captures', 'documents', 'TX-1'), { recursive: true });
    await writeFile(join(dir, '.itscope-hooks', 'captures', 'documents', 'TX-1', 'ORDER.xml'), 'old');
    expect(await findSavedDocument(folders, target)).toEqual({ path: join(dir, '.itscope-hooks', 'captures', 'documents', 'TX-1', 'ORDER.xml'), bytes: 3 });
    await mkdir(join(folders.home, 'TX-1'), { recursive: true });
    await writeFile(join(folders.home, 'TX-1', 'ORDER.xml'), 'newer');
    expect(await findSavedDocument(folders, target)).toEqual({ path: join(folders.home, 'TX-1', 'ORDER.xml'), bytes: 5 });
  });
});
