// One-shot commands end when their work ends (issue 17): nothing left holding the process
// after the answer — not a kept-alive connection the server would hold for a minute — and
// everything printed reaches a reader that drains the pipe slowly, with the right exit code.
// The only bound on each wait is the test's own timeout.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, ROOT } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

const ORDER_XML = readFileSync(join(ROOT, 'fixtures/opentrans/ORDER.xml'));
const TX = '0b7d3f7e-1111-4222-8333-444455556666';

interface KeepAliveServer {
  url: string;
  /** Connections the server has seen, and whether the client has closed each. */
  connections: Array<{ socket: Socket; closed: Promise<void> }>;
  close(): Promise<void>;
}

/** A node:http server that keeps idle connections open for 60 s, as many real servers do. */
async function keepAliveServer(answer: (url: string) => { status: number; type: string; body: Buffer | string }): Promise<KeepAliveServer> {
  const connections: KeepAliveServer['connections'] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { status, type, body } = answer(req.url ?? '/');
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => connections.push({ socket, closed: once(socket, 'close').then(() => undefined) }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Spawns the built CLI; resolves at its exit with what it printed. */
function run(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; slowReader?: boolean } = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: baseEnv(options.env) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // The slow reader takes one small piece at a time and a timer's wait before the next:
  // the pipe fills up and the CLI's writes have to wait for it.
  const sink = options.slowReader
    ? new Writable({
        highWaterMark: 1024,
        write(piece: Buffer, _encoding, done) {
          chunks.push(piece);
          setTimeout(done, 5);
        },
      })
    : new Writable({
        write(piece: Buffer, _encoding, done) {
          chunks.push(piece);
          done();
        },
      });
  child.stdout.pipe(sink);
  return Promise.all([once(child, 'exit'), finished(sink)]).then(([[code]]) => ({
    code: code as number | null,
    stdout: Buffer.concat(chunks).toString('utf8'),
    stderr,
  }));
}

let work: { dir: string; cleanup: () => Promise<void> };
let ok: KeepAliveServer;
let failing: KeepAliveServer;

beforeAll(async () => {
  work = await tempDir('itscope-hooks-exit-');
  ok = await keepAliveServer((url) =>
    url.endsWith('.xml') ? { status: 200, type: 'application/xml', body: ORDER_XML } : { status: 200, type: 'application/json', body: '{"ok":true}' },
  );
  failing = await keepAliveServer(() => ({ status: 500, type: 'application/json', body: '{"error":"down"}' }));
});

afterAll(async () => {
  await Promise.all([ok.close(), failing.close()]);
  await work.cleanup();
});

describe('one-shot commands end when their work ends', () => {
  it('send exits after its answer although the server keeps the connection open, and the connection is closed', async () => {
    const before = ok.connections.length;
    const r = await run(['send', '--type', 'DELIVERY', '--url', `${ok.url}/`], { cwd: work.dir });
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ 200 DELIVERY/);
    const opened = ok.connections.slice(before);
    expect(opened.length).toBe(1);
    await Promise.all(opened.map((c) => c.closed));
  });

  it('fetch-doc exits after the document although the API keeps the connection open', async () => {
    const out = join(work.dir, 'ORDER.xml');
    const before = ok.connections.length;
    const r = await run(['fetch-doc', '--transaction-id', TX, '--type', 'ORDER', '--out', out, '--force'], {
      cwd: work.dir,
      env: { ITSCOPE_API_BASE: `${ok.url}/2.1`, ITSCOPE_ACCOUNT_ID: 'demo', ITSCOPE_API_KEY: 'demo-key' },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(out)).toEqual(ORDER_XML);
    await Promise.all(ok.connections.slice(before).map((c) => c.closed));
  });

  it('a failed send exits with 1 after its answer, the connection kept open by the server', async () => {
    const r = await run(['send', '--type', 'ORDER', '--url', `${failing.url}/`], { cwd: work.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ 500 ORDER/);
  });
});

describe('a slow reader of stdout gets everything, with the right exit code', () => {
  it('send --count with --json: every line, then the summary, exit 0', async () => {
    const count = 400;
    const r = await run(['send', '--json', '--count', String(count), '--concurrency', '8', '--url', `${ok.url}/`], { cwd: work.dir, slowReader: true });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(count + 1);
    expect(lines.slice(0, -1).every((l) => JSON.parse(l).ok === true)).toBe(true);
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ type: 'summary', sent: count, ok: count });
  });

  it('send --dry-run of many payloads (more than a pipe holds): all of them, exit 0', async () => {
    const count = 1500;
    const r = await run(['send', '--dry-run', '--json', '--type', 'INVOICE', '--count', String(count)], { cwd: work.dir, slowReader: true });
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(256 * 1024);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(count);
    expect(lines.every((l) => JSON.parse(l).eventType === 'INVOICE')).toBe(true);
  });

  it('a failing send with --json: every line and the summary before exit 1', async () => {
    const count = 300;
    const r = await run(['send', '--json', '--count', String(count), '--url', `${failing.url}/`], { cwd: work.dir, slowReader: true });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(count + 1);
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ type: 'summary', sent: count, ok: 0 });
    expect(r.stderr).toContain(`${count} of ${count} webhooks failed`);
  });
});
