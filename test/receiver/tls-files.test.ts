// listen --tls-cert/--tls-key: the PEM files are checked before anything is opened.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTlsFiles } from '../../src/receiver/tls-files.js';
import { tempDir } from '../support/temp-dir.js';
import { makeSelfSignedCert } from '../support/tls.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('tls-files-'));
});
afterEach(() => cleanup());

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('loadTlsFiles', () => {
  it('returns a certificate and its key', async () => {
    const pair = await makeSelfSignedCert();
    const files = loadTlsFiles(await write('cert.pem', pair.cert), await write('key.pem', pair.key));
    expect(files).toEqual({ cert: pair.cert, key: pair.key });
  });

  it('names a key that belongs to another certificate', async () => {
    const pair = await makeSelfSignedCert();
    const other = await makeSelfSignedCert({ hosts: ['other.example'] });
    const certFile = await write('cert.pem', pair.cert);
    const keyFile = await write('other-key.pem', other.key);
    expect(() => loadTlsFiles(certFile, keyFile)).toThrow(
      expect.objectContaining({ message: `--tls-key ${keyFile} is not the key of the certificate in ${certFile}`, exitCode: 2 }),
    );
  });

  it('names a file that is not the PEM it should be, and one that is missing', async () => {
    const pair = await makeSelfSignedCert();
    const certFile = await write('cert.pem', pair.cert);
    expect(() => loadTlsFiles(certFile, certFile)).toThrow(`--tls-key ${certFile} is not a PEM private key`);
    const keyFile = await write('key.pem', pair.key);
    expect(() => loadTlsFiles(keyFile, keyFile)).toThrow(`--tls-cert ${keyFile} is not a PEM certificate`);
    expect(() => loadTlsFiles(join(dir, 'missing.pem'), keyFile)).toThrow(`cannot read --tls-cert ${join(dir, 'missing.pem')} (no such file)`);
  });
});
