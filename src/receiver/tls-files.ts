/**
 * listen --tls-cert/--tls-key: reads the PEM files and checks that they belong together
 * before anything is opened, so a wrong file is a clear usage error, not a failure later.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { errnoCode, UserError } from '../core/errors.js';

export interface TlsFiles {
  cert: string;
  key: string;
}

function readPem(path: string, flag: string, marker: RegExp, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    throw new UserError(`cannot read ${flag} ${path} (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))})`, `give the PEM file with the ${what}`);
  }
  if (!marker.test(text))
    throw new UserError(
      `${flag} ${path} is not a PEM ${what}`,
      `give the PEM file that starts with -----BEGIN ${what === 'certificate' ? 'CERTIFICATE' : 'PRIVATE KEY'}-----`,
    );
  return text;
}

export function loadTlsFiles(certFile: string, keyFile: string): TlsFiles {
  const cert = readPem(certFile, '--tls-cert', /-----BEGIN CERTIFICATE-----/, 'certificate');
  const key = readPem(keyFile, '--tls-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'private key');
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    const mismatch = /key values mismatch/i.test((error as Error).message);
    throw new UserError(
      mismatch
        ? `--tls-key ${keyFile} is not the key of the certificate in ${certFile}`
        : `cannot use --tls-cert ${certFile} with --tls-key ${keyFile} (${(error as Error).message})`,
      'give the certificate and the private key that were issued together (an encrypted key is not supported)',
    );
  }
  return { cert, key };
}
