// fetch-doc as a user runs it: the built binary against the mock API over real HTTP.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_TRANSACTION_ID } from '../../src/mock-api/documents.js';
import { startMockApi, type MockApi } from '../../src/mock-api/server.js';
import { sampleSeries } from '../../src/core/samples.js';
import { openCaptureReader } from '../../src/store/capture-reader.js';
import { runCli } from '../support/cli.js';
import { spawnListen } from '../support/listen-harness.js';
import { startScriptedServer, writeCaptures } from '../support/mock-api-helpers.js';
import { tempDir } from '../support/temp-dir.js';

const fixture = (file: string) => readFileSync(new URL(`../../fixtures/opentrans/${file}`, import.meta.url));
const UUID_A = '0b7d3f7e-1111-4222-8333-444455556666';
const UUID_B = '1c8e4a8f-2222-4333-9444-555566667777';

let api: MockApi;
let dir: string;
let cleanup: () => Promise<void>;
let env: Record<string, string>;

beforeAll(async () => {
  api = await startMockApi({ rateLimit: 10_000 });
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('fetch-doc-cli-'));
  env = { ITSCOPE_API_BASE: api.url, ITSCOPE_ACCOUNT_ID: 'demo', ITSCOPE_API_KEY: 'demo-key', ITSCOPE_HOOKS_DIR: join(dir, 'captures') };
});
afterEach(async () => {
  await cleanup();
});

const fetchDoc = (args: string[], extraEnv: Record<string, string | undefined> = {}) => runCli(['fetch-doc', ...args], { cwd: dir, env: { ...env, ...extraEnv } });
const jsonLines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);

describe('fetch-doc', () => {
  it('--transaction-id with --type DELIVERY downloads the DISPATCHNOTIFICATION to the default path', async () => {
    const r = await fetchDoc(['--transaction-id', FIXTURE_TRANSACTION_ID, '--type', 'DELIVERY']);
    expect(r.code).toBe(0);
    const path = join(dir, 'itscope-documents', FIXTURE_TRANSACTION_ID, 'DISPATCHNOTIFICATION.xml');
    expect(readFileSync(path).equals(fixture('DISPATCHNOTIFICATION.xml'))).toBe(true);
    expect(r.stdout).toContain(`✓ DISPATCHNOTIFICATION.xml ${FIXTURE_TRANSACTION_ID} → ${path}`);
    expect(r.stdout + r.stderr).not.toContain('demo-key');
  });

  it('--json line per document; a second run skips the existing file; --force fetches again', async () => {
    const first = await fetchDoc(['--json', `https://api.itscope.com/2.1/business/documents/${UUID_A}/ORDER.xml`]);
    expect(first.code).toBe(0);
    const path = join(dir, 'itscope-documents', UUID_A, 'ORDER.xml');
    expect(jsonLines(first.stdout)).toEqual([
      {
        ref: `https://api.itscope.com/2.1/business/documents/${UUID_A}/ORDER.xml`,
        transactionId: UUID_A,
        docType: 'ORDER',
        format: 'xml',
        path,
        bytes: fixture('ORDER.xml').length,
        contentType: 'application/xml; charset=utf-8',
        status: 'downloaded',
      },
    ]);
    const before = api.requests.length;
    const second = await fetchDoc(['--json', `https://api.itscope.com/2.1/business/documents/${UUID_A}/ORDER.xml`]);
    expect(jsonLines(second.stdout)[0]).toMatchObject({ status: 'skipped', path });
    expect(api.requests.length).toBe(before);
    const third = await fetchDoc(['--json', '--force', `https://api.itscope.com/2.1/business/documents/${UUID_A}/ORDER.xml`]);
    expect(jsonLines(third.stdout)[0]).toMatchObject({ status: 'downloaded' });
    expect(api.requests.length).toBe(before + 1);
  });

  it('--format pdf fetches INVOICE.pdf; --stdout streams it and writes no file; --out FILE', async () => {
    const r = await fetchDoc(['--transaction-id', UUID_A, '--type', 'INVOICE', '--format', 'pdf', '--stdout']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fixture('INVOICE.pdf').toString('latin1'));
    expect(existsSync(join(dir, 'itscope-documents'))).toBe(false);
    const out = await fetchDoc(['--transaction-id', UUID_A, '--type', 'INVOICE', '--out', 'inv/invoice.xml']);
    expect(out.code).toBe(0);
    expect(readFileSync(join(dir, 'inv', 'invoice.xml')).equals(fixture('INVOICE.xml'))).toBe(true);
  });

  it('a documentUrl on a foreign host is reported as suspicious and that host is never contacted', async () => {
    const evil = await startScriptedServer((_req, res) => res.end('nope'));
    const url = `http://localhost:${evil.port}/2.1/business/documents/${UUID_B}/INVOICE.xml`;
    const before = api.requests.length;
    const r = await fetchDoc([url]);
    await evil.close();
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('suspicious documentUrl host localhost');
    expect(evil.seen).toEqual([]);
    expect(api.requests.slice(before)).toEqual([expect.objectContaining({ path: `/2.1/business/documents/${UUID_B}/INVOICE.xml`, status: 200 })]);
  });

  it('404: exit 1, says the document is not available (yet)', async () => {
    const r = await fetchDoc(['--transaction-id', 'NOT-THERE', '--type', 'ORDER']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('is not available (yet)');
    expect(existsSync(join(dir, 'itscope-documents', 'NOT-THERE', 'ORDER.xml'))).toBe(false);
  });

  it('wrong credentials: exit 1, says to check Account ID and API key and where they came from, never the key', async () => {
    const r = await fetchDoc(['--json', '--account-id', 'demo', '--transaction-id', UUID_A, '--type', 'ORDER'], { ITSCOPE_API_KEY: 'wrong-key-123' });
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout)[0]).toMatchObject({ status: 'failed' });
    expect(r.stderr).toContain('check your Account ID and API key (Account ID from command-line flag, API key from environment variable ITSCOPE_API_KEY)');
    expect(r.stdout + r.stderr).not.toContain('wrong-key-123');
  });

  it('missing credentials: exit 2 naming the flags, the variables and the config keys', async () => {
    const r = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER'], { ITSCOPE_API_KEY: undefined, ITSCOPE_ACCOUNT_ID: undefined });
    expect(r.code).toBe(2);
    for (const word of ['--account-id', '--api-key', 'ITSCOPE_ACCOUNT_ID', 'ITSCOPE_API_KEY', 'accountId', 'apiKey']) expect(r.stderr).toContain(word);
    expect(r.stderr).not.toContain('    at ');
  });

  it('an unknown REF: exit 2 saying what was searched', async () => {
    await writeCaptures(join(dir, 'captures'), sampleSeries(['ORDER'], { seed: 1 }));
    const r = await fetchDoc(['999999999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"999999999" is neither an eventId nor a documentId in the capture store');
    expect(r.stderr).toContain(join(dir, 'captures'));
    expect(r.stderr).toContain('(1 capture searched)');
  });

  it('usage errors exit 2: --type without --transaction-id, --format pdf for an ORDER, nothing to fetch', async () => {
    const [typeOnly, pdf, nothing] = await Promise.all([
      fetchDoc(['--type', 'ORDER']),
      fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--format', 'pdf']),
      fetchDoc([]),
    ]);
    expect(typeOnly.code).toBe(2);
    expect(typeOnly.stderr).toContain('--type goes with --transaction-id');
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toContain('--format pdf exists only for INVOICE');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to fetch');
  });

  it('--timeout beyond what a timer can wait is exit 2 naming the largest value, before any request', async () => {
    const [tooLong, longest] = await Promise.all([
      fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--timeout', '2147484']),
      fetchDoc(['--json', '--transaction-id', UUID_A, '--type', 'ORDER', '--timeout', '2147483']),
    ]);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain('--timeout "2147484" is more than 2147483');
    expect(tooLong.stdout).toBe('');
    expect(longest.code).toBe(0);
    expect(jsonLines(longest.stdout)[0]).toMatchObject({ status: 'downloaded' });
  });

  it('REF as eventId, and as documentId where the newest capture wins and the ambiguity is reported', async () => {
    const [older] = sampleSeries(['DELIVERY'], { seed: 2, overrides: { documentId: '123456789', transactionId: UUID_A } });
    const [newer] = sampleSeries(['INVOICE'], { seed: 3, overrides: { documentId: '123456789', transactionId: UUID_B } });
    await writeCaptures(join(dir, 'captures'), [older!, newer!]);
    const byDoc = await fetchDoc(['--json', '123456789']);
    expect(byDoc.code).toBe(0);
    expect(jsonLines(byDoc.stdout)).toEqual([expect.objectContaining({ ref: '123456789', transactionId: UUID_B, docType: 'INVOICE', status: 'downloaded' })]);
    expect(byDoc.stderr).toContain('documentId 123456789 matches 2 captures pointing to 2 different documents; using the newest');
    const byEvent = await fetchDoc(['--json', older!.eventId]);
    expect(jsonLines(byEvent.stdout)).toEqual([expect.objectContaining({ transactionId: UUID_A, docType: 'DISPATCHNOTIFICATION', status: 'downloaded' })]);
  });

  it('--all --summary --json: every captured document with its key fields', async () => {
    await writeCaptures(join(dir, 'captures'), sampleSeries(undefined, { seed: 4, overrides: { transactionId: UUID_A } }));
    const r = await fetchDoc(['--all', '--summary', '--json']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => [l.docType, l.status, l.summary?.docType])).toEqual([
      ['ORDER', 'downloaded', 'ORDER'],
      ['ORDERRESPONSE', 'downloaded', 'ORDERRESPONSE'],
      ['DISPATCHNOTIFICATION', 'downloaded', 'DISPATCHNOTIFICATION'],
      ['INVOICE', 'downloaded', 'INVOICE'],
    ]);
    expect(lines[0]?.summary).toMatchObject({ orderId: 'SAMPLE-123456-789', customerOrderId: '123-SAMPLE-456', currency: 'EUR', totals: { totalAmount: 2088.6 } });
    expect(lines[1]?.summary).toMatchObject({ supplierOrderId: 'AB-2023-558812', deliveryStart: '2023-10-17' });
    expect(lines[2]?.summary).toMatchObject({ carrier: 'DHL', trackingNumbers: ['00340434161094042557', '00340434161094042564'] });
    expect(lines[2]?.summary.items[0].serialNumbers).toEqual(['SN5CG3421XYZ', 'SN5CG3421XZA']);
    expect(lines[3]?.summary).toMatchObject({ documentNumber: 'RE-2023-300417', totals: { netValueGoods: 1927.5, totalTax: 366.23, totalAmount: 2293.73 } });
  });

  it('--summary prints the key fields for people', async () => {
    const r = await fetchDoc(['--transaction-id', UUID_A, '--type', 'DELIVERY', '--summary']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('DISPATCHNOTIFICATION LS-2023-104233');
    expect(r.stdout).toMatch(/carrier +DHL/);
    expect(r.stdout).toMatch(/tracking +00340434161094042557, 00340434161094042564/);
  });

  it('--all with mixed results: downloaded, skipped and failed; exit 1 and a summary', async () => {
    const ok = sampleSeries(['ORDER', 'INVOICE'], { seed: 5, overrides: { transactionId: UUID_A } });
    const missing = sampleSeries(['DELIVERY'], { seed: 6, overrides: { transactionId: 'NO-SUCH-TX' } });
    const done = sampleSeries(['ORDERRESPONSE'], { seed: 7, overrides: { transactionId: UUID_B } });
    await writeCaptures(join(dir, 'captures'), [...ok, ...missing, ...done]);
    await mkdir(join(dir, 'itscope-documents', UUID_B), { recursive: true });
    await writeFile(join(dir, 'itscope-documents', UUID_B, 'ORDERRESPONSE.xml'), fixture('ORDERRESPONSE.xml'));
    const r = await fetchDoc(['--all']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`[1/4] ✓ ORDER.xml ${UUID_A}`);
    expect(r.stdout).toContain(`[2/4] ✓ INVOICE.xml ${UUID_A}`);
    expect(r.stdout).toContain('[3/4] ✗ DISPATCHNOTIFICATION.xml NO-SUCH-TX: ITscope answered 404');
    expect(r.stdout).toContain(`[4/4] • ORDERRESPONSE.xml ${UUID_B} already at`);
    expect(r.stderr).toContain('2 downloaded, 1 skipped, 1 failed');
    expect(r.stderr).toContain('1 of 4 documents failed');
  });

  it('--all stops at the first 503 rate limit without retrying', async () => {
    const limited = await startMockApi({ rateLimit: 1 });
    await writeCaptures(join(dir, 'captures'), sampleSeries(undefined, { seed: 8, overrides: { transactionId: UUID_A } }));
    const r = await fetchDoc(['--all', '--json'], { ITSCOPE_API_BASE: limited.url });
    await limited.close();
    expect(r.code).toBe(1);
    expect(limited.requests.map((q) => q.status)).toEqual([200, 503]);
    expect(jsonLines(r.stdout).map((l) => l.status)).toEqual(['downloaded', 'failed']);
    expect(r.stderr).toContain('2 not attempted');
    expect(jsonLines(r.stdout)[1]?.error).toContain('30 minutes');
  });
});

describe('listen --fetch-docs', () => {
  it('send → listen --fetch-docs stores each event and its document next to the captures, answering at once', async () => {
    const listen = spawnListen(['--fetch-docs', '--max-events', '4', '--timeout', '20'], { cwd: dir, env });
    const { url } = await listen.ready;
    const sent = await runCli(['send', '--url', url, '--json'], { cwd: dir, env });
    expect(sent.code).toBe(0);
    const { code } = await listen.exited;
    expect(code).toBe(0);
    const docs = listen.lines.items.filter((l) => l.type === 'document');
    expect(docs.map((d) => [d.docType, d.status])).toEqual([
      ['ORDER', 'downloaded'],
      ['ORDERRESPONSE', 'downloaded'],
      ['DISPATCHNOTIFICATION', 'downloaded'],
      ['INVOICE', 'downloaded'],
    ]);
    for (const d of docs) {
      expect(d.path).toBe(join(dir, 'captures', 'documents', d.transactionId, `${d.docType}.xml`));
      expect(readFileSync(d.path).equals(fixture(`${d.docType}.xml`))).toBe(true);
    }
    const webhooks = listen.lines.items.filter((l) => l.type === 'webhook');
    expect(webhooks.map((w) => w.status)).toEqual([200, 200, 200, 200]);
    // The payloads point to api.itscope.com, as real webhooks do (so they are valid); the
    // documents still came from the configured API base, the local stand-in.
    expect(webhooks.map((w) => w.valid)).toEqual([true, true, true, true]);
    const stored = (await openCaptureReader(join(dir, 'captures'))).all();
    expect(stored.map((c) => c.documentUrl?.startsWith('https://api.itscope.com/2.1/business/documents/'))).toEqual([true, true, true, true]);
    expect(listen.stderr()).not.toContain('suspicious');
  });

  it('refused credentials pause fetching for the session; webhooks are still answered 200', async () => {
    const before = api.requests.length;
    const listen = spawnListen(['--fetch-docs', '--max-events', '4', '--timeout', '20'], { cwd: dir, env: { ...env, ITSCOPE_API_KEY: 'not-the-key' } });
    const { url } = await listen.ready;
    const sent = await runCli(['send', '--url', url], { cwd: dir, env });
    expect(sent.code).toBe(0);
    expect((await listen.exited).code).toBe(0);
    expect(listen.lines.items.filter((l) => l.type === 'webhook').map((w) => w.status)).toEqual([200, 200, 200, 200]);
    const docs = listen.lines.items.filter((l) => l.type === 'document');
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ status: 'failed', docType: 'ORDER' });
    expect(docs[0].error).toContain('check your Account ID and API key');
    expect(listen.stderr()).toContain('document fetching paused for this session (credentials refused)');
    expect(api.requests.slice(before).map((r) => r.status)).toEqual([401]);
    expect(listen.stderr() + JSON.stringify(listen.lines.items)).not.toContain('not-the-key');
  });

  it('missing credentials with --fetch-docs: exit 2 before listening', async () => {
    const listen = spawnListen(['--fetch-docs'], { cwd: dir, env: { ...env, ITSCOPE_API_KEY: undefined } });
    const ready = await listen.ready.then(() => true, () => false);
    expect(ready).toBe(false);
    const { code } = await listen.exited;
    expect(code).toBe(2);
    expect(listen.stderr()).toContain('ITSCOPE_API_KEY');
  });
});
