// Answers that never end or arrive a byte at a time, to prove that a deadline covers the
// whole exchange and that only the first bytes of an answer are ever read.
import type { ServerResponse } from 'node:http';

/** Writes the status line at once, then `bytes` bytes of body, one every `everyMs`. */
export function trickle(res: ServerResponse, options: { status: number; bytes: number; everyMs: number; contentType?: string; first?: string }): void {
  const first = Buffer.from(options.first ?? '');
  res.writeHead(options.status, { 'content-type': options.contentType ?? 'text/plain', 'content-length': String(first.length + options.bytes) });
  res.write(first);
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed || sent >= options.bytes) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write('x');
    sent++;
  }, options.everyMs);
  res.on('close', () => clearInterval(timer));
}

/**
 * A body that never ends: 64 KiB chunks as fast as the client reads them. Resolves with
 * the bytes written once the client gave up (closed the connection).
 */
export function endless(res: ServerResponse, status: number): Promise<number> {
  res.writeHead(status, { 'content-type': 'text/plain' });
  const chunk = Buffer.alloc(64 * 1024, 0x78);
  let written = 0;
  return new Promise((resolve) => {
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) written += chunk.length;
      if (!res.destroyed) written += chunk.length;
    };
    res.on('drain', pump);
    res.on('close', () => resolve(written));
    pump();
  });
}
