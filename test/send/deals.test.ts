// `send --deals N --deliveries K --interval D`: the built binary against a real local server.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { dealFacts } from '../../src/core/deal-facts.js';
import { createDealTracker } from '../../src/core/lifecycle.js';
import { digestPayload, lifecycleEventFrom } from '../../src/core/lifecycle-input.js';
import { checkPayload } from '../../src/core/payload-schema.js';
import { type CliResult, runCli } from '../support/cli.js';
import { type RecordingServer, startRecordingServer } from '../support/https-server.js';
import { readJunit } from '../support/junit.js';
import { tempDir } from '../support/temp-dir.js';

let work: { dir: string; cleanup: () => Promise<void> };
const servers: RecordingServer[] = [];

beforeAll(async () => {
  work = await tempDir('itscope-hooks-send-deals-');
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await work.cleanup();
});

async function server(options: Parameters<typeof startRecordingServer>[0] = {}): Promise<RecordingServer> {
  const s = await startRecordingServer(options);
  servers.push(s);
  return s;
}

function send(args: string[], cwd = work.dir): Promise<CliResult> {
  return runCli(['send', ...args], { cwd, env: { XDG_CONFIG_HOME: join(work.dir, 'xdg'), CI: '1' } });
}

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

type Payload = Record<string, string>;

describe.concurrent('send --deals', () => {
  test('two deals of three shipments: shared ids per deal from dealFacts, distinct eventIds and documentIds, interleaved, complete', async ({ expect }) => {
    const s = await server();
    const r = await send(['--url', s.url, '--deals', '2', '--deliveries', '3', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const bodies = s.requests.map((q) => JSON.parse(q.body.toString('utf8')) as Payload);
    expect(bodies).toHaveLength(12);
    // Deals interleave round-robin: both ORDERs first, both INVOICEs last.
    expect(bodies.map((b) => b.eventType)).toEqual([
      'ORDER',
      'ORDER',
      'ORDERRESPONSE',
      'ORDERRESPONSE',
      'DELIVERY',
      'DELIVERY',
      'DELIVERY',
      'DELIVERY',
      'DELIVERY',
      'DELIVERY',
      'INVOICE',
      'INVOICE',
    ]);
    const tids = [...new Set(bodies.map((b) => b.transactionId))];
    expect(tids).toHaveLength(2);
    expect(new Set(bodies.map((b) => b.eventId)).size).toBe(12);
    const tracker = createDealTracker({ requireComplete: true });
    for (const b of bodies) {
      expect(checkPayload(b, { strict: true })).toMatchObject({ valid: true, warnings: [] });
      tracker.add(lifecycleEventFrom(b, { valid: true, bodyDigest: digestPayload(b) }));
    }
    for (const tid of tids) {
      const deal = bodies.filter((b) => b.transactionId === tid);
      const facts = dealFacts(tid as string);
      for (const b of deal) expect(b).toMatchObject({ orderId: facts.orderId, itscopeOrderId: facts.itscopeOrderId });
      expect(deal.map((b) => b.transactionStatus)).toEqual(['ARRIVED', 'CONFIRMED', 'ADVISED', 'ADVISED', 'ADVISED', 'INVOICED']);
      expect(new Set(deal.map((b) => b.documentId)).size).toBe(6);
      // The last DELIVERY carries the final dispatch id, the document mock-api serves.
      expect(deal[4]?.documentId).toBe(facts.documentIds.finalDispatch);
      const stamps = deal.map((b) => b.timestamp as string);
      expect([...stamps].sort()).toEqual(stamps);
    }
    expect([...tracker.deals()].map((d) => [d.complete, d.errors, d.warnings])).toEqual([
      [true, [], []],
      [true, [], []],
    ]);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(13);
    expect(lines.slice(0, 12).map((l) => [l.deal, l.step, l.eventId, l.ok])).toEqual(
      bodies.map((b, i) => [tids.indexOf(b.transactionId) + 1, lines[i]?.step, b.eventId, true]),
    );
    expect(lines.slice(4, 10).map((l) => l.step)).toEqual(['DELIVERY 1/3', 'DELIVERY 1/3', 'DELIVERY 2/3', 'DELIVERY 2/3', 'DELIVERY 3/3', 'DELIVERY 3/3']);
    expect(lines[12]).toMatchObject({ type: 'summary', sent: 12, ok: 12, non2xx: 0, errors: 0, deals: 2 });
  });

  test('--interval sends in the plan order; human output names deal and step, the deals, and load statistics', async ({ expect }) => {
    const s = await server();
    const r = await send(['--url', s.url, '--deals', '2', '--interval', '100ms', '--type', 'ORDER,INVOICE']);
    expect(r.code).toBe(0);
    const bodies = s.requests.map((q) => JSON.parse(q.body.toString('utf8')) as Payload);
    expect(bodies.map((b) => b.eventType)).toEqual(['ORDER', 'ORDER', 'INVOICE', 'INVOICE']);
    expect(bodies[0]?.transactionId).toBe(bodies[2]?.transactionId);
    expect(bodies[1]?.transactionId).toBe(bodies[3]?.transactionId);
    // The eventId shortened (the whole one is in --json), every line within 80 columns.
    expect(r.stdout).toMatch(/^✓ 200 deal 1 {3}ORDER {10}[0-9a-f]{8}…[0-9a-f]{6} +[\d.]+ ms\n✓ 200 deal 2 {3}ORDER /);
    for (const line of `${r.stdout}${r.stderr}`.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/\n4 of 4 webhooks answered 2xx \(2 deals; 4 × 2xx, 0 non-2xx, 0 errors; \d+ ms\)\nrate [\d.]+ req\/s · latency p50 /);
    expect(r.stderr).toMatch(
      /^sending 2 deals \(4 webhooks\) over 150ms to http:\/\/127\.0\.0\.1:\d+\/\n {2}deal 1 {2}order PO-\S+ {2}transaction [0-9a-f-]{36}/,
    );
    expect(r.stderr).toContain(`order ${bodies[1]?.orderId}  transaction ${bodies[1]?.transactionId}`);
  });

  test('--dry-run labels each payload with its deal, step and time; --dry-run --json stays pure payloads', async ({ expect }) => {
    const human = await send(['--dry-run', '--deals', '2', '--deliveries', '2', '--interval', '2s']);
    expect(human.code).toBe(0);
    const labels = human.stdout.split('\n').filter((l) => l.startsWith('#'));
    expect(labels).toEqual([
      '# deal 1 of 2 · ORDER · +0ms',
      '# deal 2 of 2 · ORDER · +1s',
      '# deal 1 of 2 · ORDERRESPONSE · +2s',
      '# deal 2 of 2 · ORDERRESPONSE · +3s',
      '# deal 1 of 2 · DELIVERY 1/2 · +4s',
      '# deal 2 of 2 · DELIVERY 1/2 · +5s',
      '# deal 1 of 2 · DELIVERY 2/2 · +6s',
      '# deal 2 of 2 · DELIVERY 2/2 · +7s',
      '# deal 1 of 2 · INVOICE · +8s',
      '# deal 2 of 2 · INVOICE · +9s',
    ]);
    const json = await send(['--dry-run', '--json', '--deals', '3']);
    const payloads = jsonLines(json.stdout);
    expect(payloads).toHaveLength(12);
    for (const p of payloads) expect(Object.keys(p)).not.toContain('deal');
    expect(new Set(payloads.map((p) => p.transactionId)).size).toBe(3);
  });

  test('plain send is one deal from dealFacts; the overrides name that deal', async ({ expect }) => {
    const plain = jsonLines((await send(['--dry-run', '--json'])).stdout);
    const facts = dealFacts(String(plain[0]?.transactionId));
    expect(plain.map((p) => [p.eventType, p.orderId, p.itscopeOrderId, p.documentId])).toEqual([
      ['ORDER', facts.orderId, facts.itscopeOrderId, facts.documentIds.ORDER],
      ['ORDERRESPONSE', facts.orderId, facts.itscopeOrderId, facts.documentIds.ORDERRESPONSE],
      ['DELIVERY', facts.orderId, facts.itscopeOrderId, facts.documentIds.finalDispatch],
      ['INVOICE', facts.orderId, facts.itscopeOrderId, facts.documentIds.INVOICE],
    ]);
    const one = jsonLines((await send(['--dry-run', '--json', '--deals', '1', '--transaction-id', 'T-42', '--order-id', 'PO-1'])).stdout);
    expect(one.map((p) => [p.transactionId, p.orderId, p.itscopeOrderId])).toEqual(Array(4).fill(['T-42', 'PO-1', dealFacts('T-42').itscopeOrderId]));
  });

  test.for<[string[], RegExp, RegExp]>([
    [
      ['--deals', '3', '--order-id', 'PO-1'],
      /^error: --order-id names one deal; with --deals 3 every deal gets its own\n/,
      /drop --order-id, or send one deal/,
    ],
    [['--deals', '2', '--transaction-id', 'T'], /--transaction-id names one deal; with --deals 2/, /--deals 1/],
    [['--document-id', '777'], /--document-id names one document; this deal has 4 webhooks/, /select one type with --type/],
    [['--deals', '2', '--count', '5'], /--count cannot be combined with --deals/, /--deals N plays N complete deals/],
    [['--interval', 'forever'], /--interval "forever" is not a duration/, /--interval 500ms/],
    [['--junit', 'r.xml'], /--junit reports what was sent, and --dry-run sends nothing/, /drop --dry-run/],
  ])('%j exits 2 saying why', async ([args, message, hint], { expect }) => {
    const r = await send(['--dry-run', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(hint);
    expect(r.stdout).toBe('');
  });

  test('per-type URLs from the config: each deal sends only the configured types, each to its URL', async ({ expect }) => {
    const deliveries = await server();
    const invoices = await server();
    const project = join(work.dir, 'per-type');
    await mkdir(join(project, '.itscope-hooks'), { recursive: true });
    const config = { webhookUrls: { DELIVERY: { enabled: true, url: `${deliveries.url}d` }, INVOICE: { enabled: true, url: `${invoices.url}i` } } };
    await writeFile(join(project, '.itscope-hooks', 'config.json'), JSON.stringify(config));
    const r = await send(['--deals', '2', '--deliveries', '2', '--json'], project);
    expect(r.code).toBe(0);
    expect(deliveries.requests.map((q) => [q.url, JSON.parse(q.body.toString()).eventType])).toEqual(Array(4).fill(['/d', 'DELIVERY']));
    expect(invoices.requests.map((q) => [q.url, JSON.parse(q.body.toString()).eventType])).toEqual(Array(2).fill(['/i', 'INVOICE']));
    expect(jsonLines(r.stdout).at(-1)).toMatchObject({ type: 'summary', sent: 6, deals: 2 });
  });

  test('--junit: a testsuite per deal, a testcase per webhook; a non-2xx answer fails its case with the status and body', async ({ expect }) => {
    const ok = await server();
    const r = await send(['--url', ok.url, '--deals', '2', '--deliveries', '2', '--junit', 'junit/ok.xml', '--json']);
    expect(r.code).toBe(0);
    const sent = jsonLines(r.stdout).slice(0, 10);
    const report = await readJunit(join(work.dir, 'junit/ok.xml'));
    expect(report).toMatchObject({ name: 'itscope-hooks send', tests: 10, failures: 0, errors: 0, skipped: 0 });
    const bodies = ok.requests.map((q) => JSON.parse(q.body.toString('utf8')) as Payload);
    const tids = [...new Set(bodies.map((b) => b.transactionId))];
    expect(report.suites.map((x) => [x.name, x.tests])).toEqual(
      tids.map((t) => [`deal ${t} (order ${bodies.find((b) => b.transactionId === t)?.orderId})`, 5]),
    );
    expect(report.suites[0]?.cases.map((c) => c.name)).toEqual(sent.filter((l) => l.deal === 1).map((l) => `${l.step} ${l.eventId}`));
    expect(report.suites[0]?.cases[2]?.name).toMatch(/^DELIVERY 1\/2 /);

    const failing = await server({ status: 500, body: 'database down' });
    const bad = await send(['--url', failing.url, '--deals', '1', '--type', 'ORDER,INVOICE', '--junit', 'junit/bad.xml']);
    expect(bad.code).toBe(1);
    const badReport = await readJunit(join(work.dir, 'junit/bad.xml'));
    expect(badReport).toMatchObject({ tests: 2, failures: 2 });
    expect(badReport.suites[0]?.cases[0]?.failure).toMatchObject({ type: 'non-2xx', message: 'HTTP 500: database down' });
    expect(badReport.suites[0]?.cases[0]?.failure?.text).toMatch(/\n {2}fix: ITscope expects a 2xx answer/);

    const loadMode = await send(['--url', ok.url, '--count', '5', '--junit', 'x.xml']);
    expect(loadMode.code).toBe(2);
    expect(loadMode.stderr).toMatch(/--junit cannot be combined with --count/);
  });
});
