// The download's limits against a hostile or broken API: a deadline for the whole
// document (a trickling server is cut, not waited for), a size cap (--max-size), private
// files (0600) in private folders (0700), and a background queue that never stalls.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackgroundFetcher } from '../../src/documents/background-fetcher.js';
import type { FetchOutcome } from '../../src/documents/batch.js';
import { downloadDocument } from '../../src/documents/download.js';
import { createRateLimiter } from '../../src/documents/rate-limiter.js';
import { type MockApi, startMockApi } from '../../src/mock-api/server.js';
import { fetchFailure as failure, startScriptedServer, testClient } from '../support/mock-api-helpers.js';
import { trickle } from '../support/slow-answers.js';
import { Recorder } from '../support/spawned.js';
import { tempDir } from '../support/temp-dir.js';

const UUID = '0b7d3f7e-1111-4222-8333-444455556666';
const OTHER = '0b7d3f7e-1111-4222-8333-777788889999';
const doc = { transactionId: UUID, docType: 'ORDER' as const, format: 'xml' as const };
const XML = '<?xml version="1.0" encoding="UTF-8"?><ORDER version="2.1"><ORDER_HEADER/></ORDER>';

let api: MockApi;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  api = await startMockApi({ rateLimit: 10_000 });
  ({ dir, cleanup } = await tempDir('download-limits-'));
});
afterAll(async () => {
  await api.close();
  await cleanup();
});

describe('a deadline for the whole document', () => {
  it('cuts a server that trickles its body, says so, retries nothing and leaves no file', async () => {
    const server = await startScriptedServer((_req, res) => trickle(res, { status: 200, bytes: 200, everyMs: 50, contentType: 'application/xml', first: '<' }));
    const { client, close } = testClient(`${server.origin}/2.1`, { timeoutMs: 5_000 });
    const folder = join(dir, 'trickle');
    const error = await failure(downloadDocument(client, doc, { kind: 'file', path: join(folder, 'ORDER.xml') }, { maxTimeMs: 500, backoffMs: 1 }));
    await close();
    await server.close();
    expect(error).toMatchObject({ kind: 'timeout', retryable: false });
    expect(error.message).toMatch(new RegExp(`^ORDER\\.xml of transaction ${UUID} did not arrive within 0\\.5 s \\(\\d+ of 201 bytes\\)$`));
    expect(error.hint).toMatch(/--max-time/);
    expect(server.seen).toHaveLength(1);
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('--max-size', () => {
  it('refuses a document whose declared size is over the cap before reading it', async () => {
    const { client, close } = testClient(api.url);
    const error = await failure(
      downloadDocument(client, { ...doc, transactionId: UUID }, { kind: 'file', path: join(dir, 'declared', 'ORDER.xml') }, { maxBytes: 100 }),
    );
    await close();
    expect(error).toMatchObject({ kind: 'content', retryable: false });
    expect(error.message).toMatch(/^ORDER\.xml of transaction \S+ is \d+(\.\d+)? KiB, more than --max-size 100 bytes$/);
    expect(error.hint).toMatch(/raise --max-size/);
    expect(await readdir(join(dir, 'declared'))).toEqual([]);
  });

  it('stops a body without a declared size once it passes the cap, leaving no file', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<ORDER>');
      res.end(`${'x'.repeat(5000)}</ORDER>`);
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const error = await failure(downloadDocument(client, doc, { kind: 'file', path: join(dir, 'streamed', 'ORDER.xml') }, { maxBytes: 1000, backoffMs: 1 }));
    await close();
    await server.close();
    expect(error).toMatchObject({ kind: 'content', retryable: false });
    expect(error.message).toBe(`ORDER.xml of transaction ${UUID} is larger than --max-size 1000 bytes`);
    expect(server.seen).toHaveLength(1);
    expect(await readdir(join(dir, 'streamed'))).toEqual([]);
  });
});

describe('documents on disk', () => {
  it('are private: file 0600 in folders created 0700', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(XML);
    });
    const { client, close } = testClient(`${server.origin}/2.1`);
    const path = join(dir, 'private', UUID, 'ORDER.xml');
    await downloadDocument(client, doc, { kind: 'file', path });
    await close();
    await server.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'private', UUID))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'private'))).mode & 0o777).toBe(0o700);
  });
});

describe('listen --fetch-docs', () => {
  it('keeps its queue moving past a trickling document', async () => {
    const server = await startScriptedServer((req, res) => {
      if (req.url?.includes(UUID)) trickle(res, { status: 200, bytes: 10_000, everyMs: 50, contentType: 'application/xml', first: '<' });
      else {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(XML);
      }
    });
    const outcomes = new Recorder<FetchOutcome>();
    const dispatcher = new Agent();
    const fetcher = createBackgroundFetcher({
      settings: {
        apiBase: `${server.origin}/2.1`,
        accountId: 'demo',
        apiKey: 'demo-key',
        sources: { accountId: 'test', apiKey: 'test' },
        captures: dir,
        fileWarnings: [],
      },
      folders: { home: join(dir, 'documents'), earlier: [] },
      dispatcher,
      limiter: createRateLimiter({ perSecond: 5 }),
      maxTimeMs: 400,
      backoffMs: 1,
      onEvent: (e) => {
        if (e.type === 'document') outcomes.push(e.outcome);
      },
    });
    const url = (id: string) => `https://api.itscope.com/2.1/business/documents/${id}/ORDER.xml`;
    fetcher.enqueue({ eventId: 'e1', eventType: 'ORDER', documentUrl: url(UUID), transactionId: UUID });
    fetcher.enqueue({ eventId: 'e2', eventType: 'ORDER', documentUrl: url(OTHER), transactionId: OTHER });
    await outcomes.waitFor(() => outcomes.items.length === 2);
    expect(outcomes.items.map((o) => [o.target.transactionId, o.status, o.kind])).toEqual([
      [UUID, 'failed', 'timeout'],
      [OTHER, 'downloaded', undefined],
    ]);
    await fetcher.close(100);
    await dispatcher.close();
    await server.close();
  });
});
