/**
 * Reads a request body within a size limit. A body declared larger than the limit is
 * refused before a byte of it is read; gzip bodies are decoded with the limit applied to
 * the decoded size (a small gzip bomb cannot fill memory). Other encodings are refused.
 */
import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { formatBytes } from '../core/format.js';

export type BodyResult =
  | { ok: true; bytes: Buffer; gzip: boolean }
  | { ok: false; status: 400 | 413 | 415; error: string }
  | { ok: false; status: 0; error: string };

export function readBody(req: IncomingMessage, maxBody: number): Promise<BodyResult> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const gzip = encoding === 'gzip' || encoding === 'x-gzip';
  if (!gzip && encoding !== 'identity' && encoding !== '') {
    return Promise.resolve({
      ok: false,
      status: 415,
      error: `Content-Encoding "${encoding}" is not supported; send the body uncompressed or with gzip`,
    });
  }
  const tooLarge = `body is larger than the limit of ${formatBytes(maxBody)} (raise it with --max-body)`;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBody) return Promise.resolve({ ok: false, status: 413, error: tooLarge });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const source = gzip ? req.pipe(createGunzip()) : req;
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBody) {
        finish({ ok: false, status: 413, error: gzip ? `decoded ${tooLarge}` : tooLarge });
        if (gzip) {
          req.unpipe();
          source.destroy();
        }
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    source.on('end', () => {
      finish({ ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), gzip });
    });
    source.on('error', (error: Error) => {
      if (gzip) finish({ ok: false, status: 400, error: `the gzip body cannot be decoded: ${error.message}` });
      else finish({ ok: false, status: 0, error: error.message });
    });
    if (gzip) req.on('error', (error: Error) => finish({ ok: false, status: 0, error: error.message }));
    req.on('close', () => {
      if (!req.complete) finish({ ok: false, status: 0, error: 'the client closed the connection before sending the whole body' });
    });
  });
}
