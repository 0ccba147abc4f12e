// fetch-doc as a user runs it: the built binary against the mock API over real HTTP.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleSeries } from '../../src/core/samples.js';
import { FIXTURE_TRANSACTION_ID } from '../../src/mock-api/documents.js';
import { type MockApi, startMockApi } from '../../src/mock-api/server.js';
import { openCaptureReader } from '../../src/store/capture-reader.js';
import { BIN, baseEnv, runCli } from '../support/cli.js';
import { spawnListen } from '../support/listen-harness.js';
import { fixtureDocuments, startScriptedServer, writeCaptures } from '../support/mock-api-helpers.js';
import { closedPort } from '../support/ports.js';
import { trickle } from '../support/slow-answers.js';
import { tempDir } from '../support/temp-dir.js';

const fixture = (file: string) => readFileSync(new URL(`../../fixtures/opentrans/${file}`, import.meta.url));
const UUID_A = '0b7d3f7e-1111-4222-8333-444455556666';
const UUID_B = '1c8e4a8f-2222-4333-9444-555566667777';

let api: MockApi;
let dir: string;
let cleanup: () => Promise<void>;
let env: Record<string, string>;
/** The capture folder and the documents home of a project, as without any configuration. */
const caps = () => join(dir, '.itscope-hooks', 'captures');
const docsHome = () => join(dir, '.itscope-hooks', 'documents');

beforeAll(async () => {
  api = await startMockApi({ rateLimit: 10_000, documents: fixtureDocuments() });
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('fetch-doc-cli-'));
  // A wide terminal, so that messages are checked whole; the layout at 80 and 120 columns has its own tests.
  env = { ITSCOPE_API_BASE: api.url, ITSCOPE_ACCOUNT_ID: 'demo', ITSCOPE_API_KEY: 'demo-key', ITSCOPE_HOOKS_DIR: caps(), COLUMNS: '400' };
});
afterEach(async () => {
  await cleanup();
});

const fetchDoc = (args: string[], extraEnv: Record<string, string | undefined> = {}) =>
  runCli(['fetch-doc', ...args], { cwd: dir, env: { ...env, ...extraEnv } });
const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

/** fetch-doc under a file size limit (`ulimit -f`, in blocks): writing a larger file fails with EFBIG, as on a full disk. */
const fetchDocWithFileLimit = (args: string[], blocks: number) => runCli(['fetch-doc', ...args], { cwd: dir, env, fileSizeLimit: blocks });

/** The line right after the first one containing `text`. */
function lineAfter(output: string, text: string): string | undefined {
  const lines = output.split('\n');
  const at = lines.findIndex((l) => l.includes(text));
  return at < 0 ? undefined : lines[at + 1];
}

const NO_PROXY_ENV = { HTTP_PROXY: undefined, http_proxy: undefined, HTTPS_PROXY: undefined, https_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined };

describe('fetch-doc', () => {
  it('--transaction-id with --type DELIVERY downloads the DISPATCHNOTIFICATION to the default path', async () => {
    const r = await fetchDoc(['--transaction-id', FIXTURE_TRANSACTION_ID, '--type', 'DELIVERY']);
    expect(r.code).toBe(0);
    const path = join(docsHome(), FIXTURE_TRANSACTION_ID, 'DISPATCHNOTIFICATION.xml');
    expect(readFileSync(path).equals(fixture('DISPATCHNOTIFICATION.xml'))).toBe(true);
    expect(r.stdout).toBe(`✓ .itscope-hooks/documents/${FIXTURE_TRANSACTION_ID}/DISPATCHNOTIFICATION.xml (3.2 KiB)\n`);
    expect((await lstat(path)).mode & 0o777).toBe(0o600);
    for (const folder of [docsHome(), dirname(path)]) expect((await lstat(folder)).mode & 0o777).toBe(0o700);
    expect(r.stdout + r.stderr).not.toContain('demo-key');
  });

  it('--json line per document; a second run skips the existing file; --force fetches again', async () => {
    const first = await fetchDoc(['--json', `https://api.itscope.com/2.1/business/documents/${UUID_A}/ORDER.xml`]);
    expect(first.code).toBe(0);
    const path = join(docsHome(), UUID_A, 'ORDER.xml');
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
    expect(existsSync(join(docsHome()))).toBe(false);
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

  it('404 from the local stand-in: exit 1, says it is the stand-in, not to try again later', async () => {
    const r = await fetchDoc(['--transaction-id', 'NOT-THERE', '--type', 'ORDER']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${new URL(api.url).host} answered 404: the local stand-in for the ITscope API (itscope-hooks mock-api) has no ORDER.xml`);
    expect(r.stdout).toMatch(/fix: the API base \S+ is on this machine/);
    expect(r.stdout).not.toContain('try again later');
    expect(existsSync(join(docsHome(), 'NOT-THERE', 'ORDER.xml'))).toBe(false);
  });

  it('wrong credentials: exit 1, says to check Account ID and API key and where they came from, never the key', async () => {
    const r = await fetchDoc(['--json', '--account-id', 'demo', '--transaction-id', UUID_A, '--type', 'ORDER'], { ITSCOPE_API_KEY: 'wrong-key-123' });
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout)[0]).toMatchObject({ status: 'failed' });
    expect(r.stderr).toContain('check your Account ID and API key (Account ID from command-line flag, API key from environment variable ITSCOPE_API_KEY)');
    expect(r.stdout + r.stderr).not.toContain('wrong-key-123');
  });

  it('an --api-key on the command line is used and warned about, never printed', async () => {
    const r = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--stdout', '--account-id', 'demo', '--api-key', 'demo-key'], {
      ITSCOPE_ACCOUNT_ID: undefined,
      ITSCOPE_API_KEY: undefined,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: a --api-key on the command line is visible in the process list and shell history; prefer ITSCOPE_API_KEY\n');
  });

  it('missing credentials: exit 2 naming the flags, the variables and the config keys', async () => {
    const r = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER'], { ITSCOPE_API_KEY: undefined, ITSCOPE_ACCOUNT_ID: undefined });
    expect(r.code).toBe(2);
    for (const word of ['--account-id', '--api-key', 'ITSCOPE_ACCOUNT_ID', 'ITSCOPE_API_KEY', 'accountId', 'apiKey']) expect(r.stderr).toContain(word);
    expect(r.stderr).not.toContain('    at ');
  });

  it('an unknown REF: exit 2 saying what was searched', async () => {
    await writeCaptures(caps(), sampleSeries(['ORDER'], { seed: 1 }));
    const r = await fetchDoc(['999999999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"999999999" is neither an eventId nor a documentId in the capture store');
    expect(r.stderr).toContain(caps());
    expect(r.stderr).toContain('(1 capture searched)');
  });

  it('--type and --format in any case; a bad one is exit 2 naming the flag, before the credentials are looked at', async () => {
    const lower = await fetchDoc(['--json', '--transaction-id', UUID_A, '--type', 'delivery']);
    expect(lower.code).toBe(0);
    expect(jsonLines(lower.stdout)[0]).toMatchObject({ docType: 'DISPATCHNOTIFICATION', status: 'downloaded' });
    const pdf = await fetchDoc(['--json', '--transaction-id', UUID_A, '--type', 'Invoice', '--format', 'PDF']);
    expect(pdf.code).toBe(0);
    expect(jsonLines(pdf.stdout)[0]).toMatchObject({ docType: 'INVOICE', format: 'pdf', status: 'downloaded' });
    const [badType, badFormat] = await Promise.all([
      fetchDoc(['--transaction-id', UUID_A, '--type', 'shipment'], { ITSCOPE_API_KEY: undefined }),
      fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--format', 'docx'], { ITSCOPE_API_KEY: undefined }),
    ]);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toBe(
      'error: --type "shipment" is not a document type\nfix:   use one of ORDER, ORDERRESPONSE, DISPATCHNOTIFICATION, INVOICE, QUOTATION (or DELIVERY for DISPATCHNOTIFICATION), in any case\n',
    );
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toBe('error: --format "docx" is not a format\nfix:   use xml, or pdf for an INVOICE (in any case)\n');
  });

  it('--timeout and --max-time take durations; a bare number is seconds', async () => {
    const ok = await fetchDoc(['--json', '--transaction-id', UUID_A, '--type', 'ORDER', '--timeout', '5s', '--max-time', '2m']);
    expect(ok.code).toBe(0);
    const bad = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--max-time', 'forever']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'error: --max-time "forever" is not a duration\nfix:   e.g. --max-time 500ms, --max-time 2s or --max-time 1m (a bare number is seconds)',
    );
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
    expect(tooLong.stderr).toContain('--timeout "2147484" is longer than 2147483s');
    expect(tooLong.stdout).toBe('');
    expect(longest.code).toBe(0);
    expect(jsonLines(longest.stdout)[0]).toMatchObject({ status: 'downloaded' });
  });

  it('a transactionId of .. (%2e%2e in a documentUrl) is refused in every output mode, before any request', async () => {
    const before = api.requests.length;
    const dots = 'https://api.itscope.com/2.1/business/documents/%2e%2e/ORDER.xml';
    for (const args of [
      [dots, '--stdout'],
      [dots, '--out', join(dir, 'order.xml')],
      [dots],
      ['https://api.itscope.com/2.1/business/documents/%2E/ORDER.xml', '--stdout'],
      ['--transaction-id', '..', '--type', 'ORDER', '--stdout'],
    ]) {
      const r = await fetchDoc(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^error: transactionId "\.\.?" is not a transactionId ITscope uses/);
      expect(r.stdout).toBe('');
    }
    expect(api.requests.length).toBe(before);
    expect(await readdir(dir)).not.toContain('order.xml');
  });

  it('--max-size refuses a larger document and --max-time cuts one that trickles in; neither leaves a file', async () => {
    const big = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--max-size', '100', '--json']);
    expect(big.code).toBe(1);
    expect(jsonLines(big.stdout)[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/is \S+ KiB, more than --max-size 100 bytes$/) });
    const slow = await startScriptedServer((_req, res) => trickle(res, { status: 200, bytes: 100, everyMs: 50, contentType: 'application/xml', first: '<' }));
    try {
      const r = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--max-time', '0.5'], { ITSCOPE_API_BASE: `${slow.origin}/2.1` });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`ORDER.xml of transaction ${UUID_A} did not arrive within 0.5 s`);
      expect(r.stdout).toMatch(/fix: the API sends this document too slowly: try again later, or allow more time, e\.g\. --max-time 30m/);
      expect(slow.seen).toHaveLength(1);
    } finally {
      await slow.close();
    }
    const bad = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--max-size', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-size "lots" is not a size/);
    expect(existsSync(join(docsHome(), UUID_A, 'ORDER.xml'))).toBe(false);
  });

  it('REF as eventId, and as documentId where the newest capture wins and the ambiguity is reported', async () => {
    const [older] = sampleSeries(['DELIVERY'], { seed: 2, overrides: { documentId: '123456789', transactionId: UUID_A } });
    const [newer] = sampleSeries(['INVOICE'], { seed: 3, overrides: { documentId: '123456789', transactionId: UUID_B } });
    await writeCaptures(caps(), [older!, newer!]);
    const byDoc = await fetchDoc(['--json', '123456789']);
    expect(byDoc.code).toBe(0);
    expect(jsonLines(byDoc.stdout)).toEqual([expect.objectContaining({ ref: '123456789', transactionId: UUID_B, docType: 'INVOICE', status: 'downloaded' })]);
    expect(byDoc.stderr).toContain('documentId 123456789 matches 2 captures pointing to 2 different documents; using the newest');
    const byEvent = await fetchDoc(['--json', older!.eventId]);
    expect(jsonLines(byEvent.stdout)).toEqual([expect.objectContaining({ transactionId: UUID_A, docType: 'DISPATCHNOTIFICATION', status: 'downloaded' })]);
  });

  it('--all --summary --json: every captured document with its key fields', async () => {
    await writeCaptures(caps(), sampleSeries(undefined, { seed: 4, overrides: { transactionId: UUID_A } }));
    const r = await fetchDoc(['--all', '--summary', '--json']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => [l.docType, l.status, l.summary?.docType])).toEqual([
      ['ORDER', 'downloaded', 'ORDER'],
      ['ORDERRESPONSE', 'downloaded', 'ORDERRESPONSE'],
      ['DISPATCHNOTIFICATION', 'downloaded', 'DISPATCHNOTIFICATION'],
      ['INVOICE', 'downloaded', 'INVOICE'],
    ]);
    expect(lines[0]?.summary).toMatchObject({
      orderId: 'SAMPLE-123456-789',
      customerOrderId: '123-SAMPLE-456',
      currency: 'EUR',
      totals: { totalAmount: '2088.60' },
    });
    expect(lines[1]?.summary).toMatchObject({ supplierOrderId: 'AB-2023-558812', deliveryStart: '2023-10-17' });
    expect(lines[2]?.summary).toMatchObject({ carrier: 'DHL', trackingNumbers: ['00340434161094042557', '00340434161094042564'] });
    expect(lines[2]?.summary.items[0].serialNumbers).toEqual(['SN5CG3421XYZ', 'SN5CG3421XZA']);
    expect(lines[3]?.summary).toMatchObject({
      documentNumber: 'RE-2023-300417',
      totals: { netValueGoods: '1927.50', totalTax: '366.23', totalAmount: '2293.73' },
    });
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
    await writeCaptures(caps(), [...ok, ...missing, ...done]);
    // Saved by an earlier version into fetch-doc's former folder: not fetched again.
    await mkdir(join(dir, 'itscope-documents', UUID_B), { recursive: true });
    await writeFile(join(dir, 'itscope-documents', UUID_B, 'ORDERRESPONSE.xml'), fixture('ORDERRESPONSE.xml'));
    const r = await fetchDoc(['--all']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`[1/4] ✓ .itscope-hooks/documents/${UUID_A}/ORDER.xml`);
    expect(r.stdout).toContain(`[2/4] ✓ .itscope-hooks/documents/${UUID_A}/INVOICE.xml`);
    expect(r.stdout).toContain(`[3/4] ✗ DISPATCHNOTIFICATION.xml NO-SUCH-TX: ${new URL(api.url).host} answered 404`);
    expect(r.stdout).toContain(`[4/4] • itscope-documents/${UUID_B}/ORDERRESPONSE.xml (on disk)\n`);
    expect(r.stderr).toContain('2 downloaded, 1 skipped (already on disk; --force fetches them again), 1 failed');
    expect(r.stderr).toContain('1 of 4 documents failed');
  });

  it('--all stops at the first 503 rate limit without retrying', async () => {
    const limited = await startMockApi({ rateLimit: 1, documents: fixtureDocuments() });
    await writeCaptures(caps(), sampleSeries(undefined, { seed: 8, overrides: { transactionId: UUID_A } }));
    const r = await fetchDoc(['--all', '--json'], { ITSCOPE_API_BASE: limited.url });
    await limited.close();
    expect(r.code).toBe(1);
    expect(limited.requests.map((q) => q.status)).toEqual([200, 503]);
    expect(jsonLines(r.stdout).map((l) => l.status)).toEqual(['downloaded', 'failed']);
    expect(r.stderr).toContain('2 not attempted');
    expect(jsonLines(r.stdout)[1]?.error).toContain('30 minutes');
  });
});

describe('fetch-doc never replaces what is not a regular file', () => {
  it('a folder under the document name: exit 2 with or without --force, before any request; the folder and its content stay', async () => {
    const path = join(docsHome(), UUID_A, 'ORDER.xml');
    await mkdir(path, { recursive: true });
    await writeFile(join(path, 'keep.txt'), 'mine');
    const before = api.requests.length;
    for (const extra of [[], ['--force']]) {
      const r = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`error: ${path} is a folder, not a regular file: fetch-doc replaces only regular files`);
      expect(r.stderr).toContain(`fix:   remove or rename ${path}, or choose another file with --out`);
      expect(r.stderr).not.toContain('    at ');
      expect(r.stdout).toBe('');
    }
    expect(api.requests.length).toBe(before);
    expect(await readdir(dirname(path))).toEqual(['ORDER.xml']);
    expect(await readFile(join(path, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('a symbolic link at --out (to a file, or dangling): exit 2 with or without --force; the link and its target stay as they were', async () => {
    const elsewhere = join(dir, 'elsewhere.xml');
    await writeFile(elsewhere, 'precious');
    await symlink(elsewhere, join(dir, 'link.xml'));
    await symlink(join(dir, 'nowhere.xml'), join(dir, 'dangling.xml'));
    const runs = await Promise.all([
      fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--out', 'link.xml']),
      fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--out', 'link.xml', '--force']),
      fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--out', 'dangling.xml']),
      fetchDoc(['--json', '--transaction-id', UUID_A, '--type', 'ORDER', '--out', 'dangling.xml', '--force']),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is a symbolic link, not a regular file/);
    }
    expect(jsonLines(runs[3]!.stdout)).toEqual([
      expect.objectContaining({ status: 'failed', error: expect.stringContaining('is a symbolic link'), hint: expect.stringContaining('remove or rename') }),
    ]);
    expect(await readlink(join(dir, 'link.xml'))).toBe(elsewhere);
    expect(await readFile(elsewhere, 'utf8')).toBe('precious');
    expect((await lstat(join(dir, 'dangling.xml'))).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dir, 'nowhere.xml'))).toBe(false);
    expect((await readdir(dir)).filter((f) => f.includes('.part'))).toEqual([]);
  });

  it('a FIFO at --out: exit 2, the FIFO stays', async () => {
    const fifo = join(dir, 'pipe.xml');
    execFileSync('mkfifo', [fifo]);
    const r = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--out', 'pipe.xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${fifo} is a FIFO (named pipe), not a regular file`);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it('--force replaces a regular file only with a complete document: a failed download leaves the old file as it was, and no temp file', async () => {
    const path = join(docsHome(), 'NOT-THERE', 'ORDER.xml');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'old content');
    const r = await fetchDoc(['--transaction-id', 'NOT-THERE', '--type', 'ORDER', '--force']);
    expect(r.code).toBe(1);
    expect(await readFile(path, 'utf8')).toBe('old content');
    expect(await readdir(dirname(path))).toEqual(['ORDER.xml']);
  });
});

describe('fetch-doc: problems on this machine are local file problems (exit 2), never network errors', () => {
  it('an output folder that cannot be created: names the folder, what is in the way and the errno, with a fix; no request', async () => {
    await writeFile(join(dir, 'blocker'), 'a file, not a folder');
    const before = api.requests.length;
    const r = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--out', 'blocker/sub/ORDER.xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: cannot create the folder ${join(dir, 'blocker', 'sub')}: ${join(dir, 'blocker')} is not a folder (ENOTDIR)`);
    expect(r.stderr).toContain(`fix:   remove or rename ${join(dir, 'blocker')}, or choose another place with --out`);
    expect(r.stderr).not.toContain('request to');
    expect(r.stderr).not.toContain('    at ');
    expect(api.requests.length).toBe(before);
  });

  it('a write that fails (file size limit, like a full disk): names the file and the errno with a fix; no .part file remains', async () => {
    const path = join(docsHome(), UUID_A, 'ORDER.xml');
    const [human, json] = await Promise.all([
      fetchDocWithFileLimit(['--transaction-id', UUID_A, '--type', 'ORDER'], 1),
      fetchDocWithFileLimit(['--json', '--transaction-id', UUID_A, '--type', 'ORDER'], 1),
    ]);
    expect(human.code).toBe(2);
    expect(human.stderr).toContain(`error: cannot write ${path}: EFBIG, the file is larger than this system allows`);
    expect(human.stderr).toContain('fix:   raise the file size limit (`ulimit -f`), or write to another disk with --out DIR/');
    expect(human.stderr + human.stdout).not.toContain('request to');
    expect(json.code).toBe(2);
    expect(jsonLines(json.stdout)).toEqual([
      expect.objectContaining({
        status: 'failed',
        error: `cannot write ${path}: EFBIG, the file is larger than this system allows`,
        hint: expect.stringContaining('ulimit -f'),
      }),
    ]);
    expect(await readdir(dirname(path))).toEqual([]);
  });

  it('--all: each document that cannot be saved fails with its fix, the rest goes on, and the exit code is 2', async () => {
    await writeCaptures(caps(), sampleSeries(['ORDER', 'INVOICE'], { seed: 9, overrides: { transactionId: UUID_A } }));
    await writeFile(join(docsHome()), 'a file where the documents folder should be');
    const before = api.requests.length;
    const r = await fetchDoc(['--all']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      `[1/2] ✗ ORDER.xml ${UUID_A}: cannot create the folder ${join(docsHome(), UUID_A)}: ${join(docsHome())} is not a folder (ENOTDIR)`,
    );
    expect(r.stdout).toContain(`[2/2] ✗ INVOICE.xml ${UUID_A}: cannot create the folder`);
    expect(r.stdout.match(/^ {2}fix: remove or rename /gm)).toHaveLength(2);
    expect(r.stderr).toContain('0 downloaded, 0 skipped, 2 failed');
    expect(r.stderr).toContain('error: 2 of 2 documents failed; 2 of them could not be saved on this machine');
    expect(api.requests.length).toBe(before);
  });
});

describe('fetch-doc keeps credentials in a documentUrl out of all output', () => {
  it('user:password@ in a REF: not in --json, not in human output, not in errors', async () => {
    const secret = 'pw-s3cret-9';
    const url = `https://someone:${secret}@api.itscope.com/2.1/business/documents/${UUID_A}/ORDER.xml`;
    const json = await fetchDoc(['--json', url]);
    expect(json.code).toBe(0);
    expect(jsonLines(json.stdout)).toEqual([
      expect.objectContaining({
        ref: `https://[redacted]@api.itscope.com/2.1/business/documents/${UUID_A}/ORDER.xml`,
        transactionId: UUID_A,
        status: 'downloaded',
      }),
    ]);
    const foreign = await fetchDoc([`https://someone:${secret}@evil.example/2.1/business/documents/${UUID_B}/ORDER.xml`]);
    expect(foreign.code).toBe(0);
    expect(foreign.stderr).toContain('suspicious documentUrl host evil.example');
    const bad = await fetchDoc([`https://someone:${secret}@api.itscope.com/2.1/orders/1`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"https://[redacted]@api.itscope.com/2.1/orders/1" is not an ITscope document URL');
    for (const r of [json, foreign, bad]) expect(r.stdout + r.stderr).not.toContain(secret);
  });
});

describe('fetch-doc behind a proxy', () => {
  it('a proxy that cannot be reached is named (host:port, no credentials) with a fix, not blamed on the API host', async () => {
    const port = await closedPort();
    // An API base on another machine goes through the proxy; the mock API on this one would not.
    const proxyEnv = { ...NO_PROXY_ENV, HTTPS_PROXY: `http://proxyuser:px-s3cret@127.0.0.1:${port}`, ITSCOPE_API_BASE: 'https://api.example.test/2.1' };
    const before = api.requests.length;
    const [human, json] = await Promise.all([
      fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER'], proxyEnv),
      fetchDoc(['--json', '--transaction-id', UUID_A, '--type', 'ORDER'], proxyEnv),
    ]);
    expect(human.code).toBe(1);
    const message = `could not reach the proxy 127.0.0.1:${port} (from HTTPS_PROXY): ECONNREFUSED; api.example.test was not contacted`;
    expect(human.stdout).toContain(`✗ ORDER.xml ${UUID_A}: ${message}`);
    expect(lineAfter(human.stdout, message)).toBe(
      '  fix: check that the proxy in HTTPS_PROXY is right and running, unset HTTPS_PROXY for a direct connection, or add api.example.test to NO_PROXY',
    );
    expect(json.code).toBe(1);
    expect(jsonLines(json.stdout)).toEqual([expect.objectContaining({ status: 'failed', error: message, hint: expect.stringContaining('NO_PROXY') })]);
    for (const r of [human, json]) {
      expect(r.stdout + r.stderr).not.toContain('px-s3cret');
      expect(r.stdout + r.stderr).not.toContain('proxyuser');
      expect(r.stdout + r.stderr).not.toContain(`request to 127.0.0.1:${api.port}`);
    }
    expect(api.requests.length).toBe(before);
    // The mock API on this machine, with the same proxy set: reached directly.
    const direct = await fetchDoc(['--transaction-id', UUID_A, '--type', 'ORDER', '--stdout'], { ...proxyEnv, ITSCOPE_API_BASE: api.url });
    expect(direct.code).toBe(0);
    expect(direct.stdout).toContain('<ORDER');
  });
});

describe('fetch-doc --all with captures that point to no fetchable document', () => {
  it('goes on; each bad one is a failed line with its reason and a fix, counted in the summary; exit 1', async () => {
    await writeCaptures(caps(), [
      { eventId: 'good-order', eventType: 'ORDER', transactionId: UUID_A, documentUrl: `https://api.itscope.com/2.1/business/documents/${UUID_A}/ORDER.xml` },
      { eventId: 'bad-type', eventType: 'ORDER', transactionId: UUID_B, documentUrl: `https://api.itscope.com/2.1/business/documents/${UUID_B}/RECEIPT.xml` },
      { eventId: 'bad-path', eventType: 'INVOICE', transactionId: '..', documentUrl: 'https://api.itscope.com/2.1/business/documents/../INVOICE.xml' },
      { eventId: 'bad-url', eventType: 'DELIVERY', documentUrl: 'https://u:pw-in-capture@api.itscope.com/2.1/orders/7' },
      {
        eventId: 'good-invoice',
        eventType: 'INVOICE',
        transactionId: UUID_A,
        documentUrl: `https://api.itscope.com/2.1/business/documents/${UUID_A}/INVOICE.xml`,
      },
    ]);
    const human = await fetchDoc(['--all']);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`[1/5] ✓ .itscope-hooks/documents/${UUID_A}/ORDER.xml`);
    expect(human.stdout).toContain(`[2/5] ✗ RECEIPT.xml ${UUID_B}: capture bad-type: unknown document type "RECEIPT"`);
    expect(lineAfter(human.stdout, '[2/5] ✗')).toBe(
      '  fix: see what the webhook said with `itscope-hooks captures show bad-type`; if you know the document, fetch it with --transaction-id ID --type DOCTYPE',
    );
    expect(human.stdout).toContain('[3/5] ✗ INVOICE.xml ..: capture bad-path: transactionId ".." cannot be used as a folder name');
    expect(human.stdout).toContain(
      '[4/5] ✗ DISPATCHNOTIFICATION bad-url: capture bad-url: the documentUrl "https://[redacted]@api.itscope.com/2.1/orders/7" is not an ITscope document URL',
    );
    expect(human.stdout).toContain(`[5/5] ✓ .itscope-hooks/documents/${UUID_A}/INVOICE.xml`);
    expect(human.stderr).toContain('2 downloaded, 0 skipped, 3 failed');
    expect(human.stderr).toContain('3 of 5 documents failed');
    expect(readFileSync(join(docsHome(), UUID_A, 'INVOICE.xml')).equals(fixture('INVOICE.xml'))).toBe(true);
    const json = await fetchDoc(['--all', '--json', '--force']);
    expect(json.code).toBe(1);
    expect(jsonLines(json.stdout).map((l) => [l.ref, l.status, typeof l.hint])).toEqual([
      ['good-order', 'downloaded', 'undefined'],
      ['bad-type', 'failed', 'string'],
      ['bad-path', 'failed', 'string'],
      ['bad-url', 'failed', 'string'],
      ['good-invoice', 'downloaded', 'undefined'],
    ]);
    for (const r of [human, json]) expect(r.stdout + r.stderr).not.toContain('pw-in-capture');
  });
});

describe('fetch-doc failures always come with a next step', () => {
  it.each([
    [401, '--account-id and --api-key'],
    [403, '--account-id and --api-key'],
    [404, 'is on this machine'],
    [429, 'wait 30 minutes'],
    [500, 'try again in a few minutes'],
    [503, 'wait 30 minutes'],
  ])('HTTP %i: a fix: line under the failure, and the same hint in --json', async (status, words) => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 503 ? 'Rate Limit Exceeded' : 'no');
    });
    const args = ['--api-base', `${server.origin}/2.1`, '--transaction-id', UUID_A, '--type', 'ORDER'];
    const [human, json] = await Promise.all([fetchDoc(args), fetchDoc(['--json', ...args])]);
    await server.close();
    expect(human.code).toBe(1);
    const fix = lineAfter(human.stdout, `✗ ORDER.xml ${UUID_A}: `);
    expect(fix).toMatch(/^ {2}fix: \S/);
    expect(fix).toContain(words);
    const [line] = jsonLines(json.stdout);
    expect(line).toMatchObject({ status: 'failed' });
    expect(`  fix: ${line?.hint}`).toBe(fix);
  });

  it('with --stdout a failure goes to stderr, followed by its fix', async () => {
    const r = await fetchDoc(['--transaction-id', 'NOT-THERE', '--type', 'ORDER', '--stdout']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lineAfter(r.stderr, 'answered 404')).toMatch(/^fix: +the API base \S+ is on this machine/);
  });
});

describe('fetch-doc lines fit the terminal', () => {
  it('at 80 columns (no terminal, no COLUMNS) a long transactionId is shortened in the path; at 120 it is whole', async () => {
    const args = ['--transaction-id', FIXTURE_TRANSACTION_ID, '--type', 'DELIVERY'];
    const narrow = await fetchDoc(args, { COLUMNS: undefined });
    expect(narrow.stdout).toBe('✓ .itscope-hooks/documents/12345678…/DISPATCHNOTIFICATION.xml (3.2 KiB)\n');
    const again = await fetchDoc(args, { COLUMNS: '80' });
    expect(again.stdout).toBe('• .itscope-hooks/documents/12345678…/DISPATCHNOTIFICATION.xml (on disk)\n  --force fetches it again\n');
    const wide = await fetchDoc([...args, '--force'], { COLUMNS: '120' });
    expect(wide.stdout).toBe(`✓ .itscope-hooks/documents/${FIXTURE_TRANSACTION_ID}/DISPATCHNOTIFICATION.xml (3.2 KiB)\n`);
  });

  it('a failure at 80 columns: the message and its fix wrapped below, nothing cut', async () => {
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no');
    });
    const r = await fetchDoc(['--api-base', `${server.origin}/2.1`, '--transaction-id', UUID_A, '--type', 'ORDER'], { COLUMNS: '80' });
    await server.close();
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    // An API base on this machine is a stand-in, not ITscope: its 404 is shown as its own.
    expect(lines[0]).toMatch(new RegExp(`^✗ ORDER\\.xml 0b7d3f7e…: ${new URL(server.origin).host.replace(/\./g, '\\.')} answered 404`));
    const words = (text: string) => text.replace(/\s+/g, ' ');
    expect(words(r.stdout)).toMatch(/ fix: the API base \S+ is on this machine/);
  });
});

describe('fetch-doc shows text a sender chose safely', () => {
  it('control and bidi characters in a captured transactionId are escapes in human output and exact in --json', async () => {
    const tid = 'T\u001b[2J\u202eX';
    await writeCaptures(caps(), [
      {
        eventId: 'odd',
        eventType: 'ORDER',
        transactionId: tid,
        documentUrl: `https://api.itscope.com/2.1/business/documents/${encodeURIComponent(tid)}/ORDER.xml`,
      },
    ]);
    const [human, json] = await Promise.all([fetchDoc(['--all']), fetchDoc(['--all', '--json'])]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(
      `✗ ORDER.xml T\\x1b[2J\\u202eX: ${new URL(api.url).host} answered 404: the local stand-in for the ITscope API (itscope-hooks mock-api) has no ORDER.xml`,
    );
    expect(human.stdout + human.stderr).not.toMatch(/[\u001b\u202e]/);
    expect(jsonLines(json.stdout)).toEqual([expect.objectContaining({ ref: 'odd', transactionId: tid, status: 'failed' })]);
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
      expect(d.path).toBe(join(docsHome(), d.transactionId, `${d.docType}.xml`));
      expect(readFileSync(d.path).equals(fixture(`${d.docType}.xml`))).toBe(true);
    }
    const webhooks = listen.lines.items.filter((l) => l.type === 'webhook');
    expect(webhooks.map((w) => w.status)).toEqual([200, 200, 200, 200]);
    // The payloads point to api.itscope.com, as real webhooks do (so they are valid); the
    // documents still came from the configured API base, the local stand-in.
    expect(webhooks.map((w) => w.valid)).toEqual([true, true, true, true]);
    const stored = (await openCaptureReader(caps())).all();
    expect(stored.map((c) => c.documentUrl?.startsWith('https://api.itscope.com/2.1/business/documents/'))).toEqual([true, true, true, true]);
    expect(listen.stderr()).not.toContain('suspicious');
  });

  it('one home: fetch-doc --all after listen --fetch-docs finds every document saved and asks the API for none', async () => {
    const listen = spawnListen(['--fetch-docs', '--max-events', '4', '--timeout', '20s'], { cwd: dir, env });
    const { url } = await listen.ready;
    expect((await runCli(['send', '--url', url], { cwd: dir, env })).code).toBe(0);
    expect((await listen.exited).code).toBe(0);
    const before = api.requests.length;
    const r = await fetchDoc(['--all', '--json']);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout).map((l) => [l.status, l.path.startsWith(`${docsHome()}/`)])).toEqual(Array(4).fill(['skipped', true]));
    expect(api.requests.length).toBe(before);
    expect(existsSync(join(dir, 'itscope-documents'))).toBe(false);
    expect(existsSync(join(caps(), 'documents'))).toBe(false);
  });

  it("skips what earlier versions saved (listen's <captures>/documents/, fetch-doc's itscope-documents/); --force fetches into the home", async () => {
    await writeCaptures(caps(), sampleSeries(['ORDER', 'INVOICE'], { seed: 11, overrides: { transactionId: UUID_A } }));
    const listenCopy = join(caps(), 'documents', UUID_A, 'ORDER.xml');
    const fetchDocCopy = join(dir, 'itscope-documents', UUID_A, 'INVOICE.xml');
    for (const file of [listenCopy, fetchDocCopy]) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, 'saved before');
    }
    const before = api.requests.length;
    const r = await fetchDoc(['--all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `[1/2] • .itscope-hooks/captures/documents/${UUID_A}/ORDER.xml (on disk)\n[2/2] • itscope-documents/${UUID_A}/INVOICE.xml (on disk)\n`,
    );
    expect(api.requests.length).toBe(before);
    const forced = await fetchDoc(['--all', '--force', '--json']);
    expect(jsonLines(forced.stdout).map((l) => [l.status, l.path])).toEqual([
      ['downloaded', join(docsHome(), UUID_A, 'ORDER.xml')],
      ['downloaded', join(docsHome(), UUID_A, 'INVOICE.xml')],
    ]);
    expect(readFileSync(listenCopy, 'utf8')).toBe('saved before');
  });

  it('a capture folder outside .itscope-hooks keeps its documents inside it', async () => {
    const elsewhere = join(dir, 'ci-run');
    const r = await fetchDoc(['--json', '--captures', elsewhere, '--transaction-id', UUID_A, '--type', 'ORDER']);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)[0]?.path).toBe(join(elsewhere, 'documents', UUID_A, 'ORDER.xml'));
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
    const ready = await listen.ready.then(
      () => true,
      () => false,
    );
    expect(ready).toBe(false);
    const { code } = await listen.exited;
    expect(code).toBe(2);
    expect(listen.stderr()).toContain('ITSCOPE_API_KEY');
  });
});

describe('fetch-doc stopped with Ctrl-C', () => {
  it('SIGINT mid-download: exit 130, says what was kept, leaves neither the document nor a .part file', async () => {
    // Headers and the first bytes of a large document, then nothing: the download is in progress.
    const server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(10 * 1024 * 1024) });
      res.write(`<?xml version="1.0"?><ORDER>${'x'.repeat(64 * 1024)}`);
    });
    const out = join(dir, 'docs');
    const child = spawn(
      process.execPath,
      [BIN, 'fetch-doc', '--api-base', `${server.origin}/2.1`, '--transaction-id', UUID_A, '--type', 'ORDER', '--out', `${out}/`],
      {
        cwd: dir,
        env: baseEnv(env) as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const folder = join(out, UUID_A);
    // Wait until the temporary file exists: the body is being written.
    for (let i = 0; i < 200 && !(await readdir(folder).catch(() => [] as string[])).some((f) => f.endsWith('.part')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await readdir(folder)).some((f) => f.endsWith('.part'))).toBe(true);
    child.kill('SIGINT');
    const code = await exited;
    await server.close();
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted: 0 of 1 document done; the one in progress was not kept and left no partial file');
    expect(stderr).not.toContain('    at ');
    expect(await readdir(folder)).toEqual([]);
  });
});
