// `listen --expect-deals` and `listen --junit`: real listen and send processes, the report read back with an XML parser.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { readJunit } from '../support/junit.js';
import { type ListenProcess, spawnListen } from '../support/listen-harness.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
const running: ListenProcess[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('listen-deals-'));
});

afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  await cleanup();
});

function listen(args: string[], captures = 'captures'): ListenProcess {
  const p = spawnListen(['--captures', join(dir, captures), ...args], { cwd: dir });
  running.push(p);
  return p;
}

async function send(url: string, args: string[]): Promise<void> {
  const r = await runCli(['send', '--url', url, ...args], { cwd: dir });
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
}

describe('listen --expect-deals', () => {
  it('send --deals 2 into listen --expect-deals 2 --junit: exit 0, a clean report, deals in the summary', async () => {
    const l = listen(['--expect-deals', '2', '--timeout', '30', '--junit', 'r.xml']);
    const { url } = await l.ready;
    await send(url, ['--deals', '2', '--deliveries', '2']);
    expect(await l.exited).toEqual({ code: 0, signal: null });
    const webhooks = l.lines.items.filter((x) => x.type === 'webhook');
    expect(webhooks).toHaveLength(10);
    const tids = [...new Set(webhooks.map((w) => w.transactionId as string))];
    expect(l.lines.items.filter((x) => x.type === 'deal').map((x) => [x.transactionId, x.complete, x.completeDeals, x.expectedDeals])).toEqual([
      [tids[0], true, 1, 2],
      [tids[1], true, 2, 2],
    ]);
    expect(l.lines.items.filter((x) => x.type === 'lifecycle')).toEqual([]);
    expect(l.lines.items.at(-1)).toMatchObject({
      type: 'summary',
      ok: true,
      reason: 'every expected deal is complete',
      deals: { expected: 2, seen: 2, complete: 2, withErrors: 0, incomplete: [] },
    });
    const report = await readJunit(join(dir, 'r.xml'));
    expect(report).toMatchObject({ name: 'itscope-hooks listen', tests: 2, failures: 0, errors: 0, skipped: 0 });
    expect(report.suites).toHaveLength(1);
    expect(report.suites[0]?.cases.map((c) => [c.classname, c.name.slice(0, 41), c.failure, c.skipped])).toEqual(
      tids.map((t) => ['listen.deals', `deal ${t}`, undefined, undefined]),
    );
    expect(Number(report.suites[0]?.cases[0]?.time)).toBeGreaterThan(0);
  });

  it('--timeout with incomplete deals: exit 1 listing each with the missing types; the report fails them', async () => {
    const l = listen(['--expect-deals', '2', '--timeout', '2', '--junit', 'reports/listen.xml']);
    const { url } = await l.ready;
    await send(url, ['--type', 'ORDER,ORDERRESPONSE', '--transaction-id', 'TX-HALF', '--order-id', 'PO-HALF']);
    expect((await l.exited).code).toBe(1);
    expect(l.stderr()).toMatch(
      /✗ --timeout 2s reached; 0 of 2 deals complete\n {2}○ deal TX-HALF \(order PO-HALF\): missing DELIVERY, INVOICE\n {2}○ 1 more deal expected: no webhook of it arrived\n$/,
    );
    expect(l.lines.items.at(-1)).toMatchObject({
      ok: false,
      deals: { expected: 2, seen: 1, complete: 0, incomplete: [{ transactionId: 'TX-HALF', orderId: 'PO-HALF', missing: ['DELIVERY', 'INVOICE'] }] },
    });
    const report = await readJunit(join(dir, 'reports/listen.xml'));
    expect(report).toMatchObject({ tests: 2, failures: 2, skipped: 0 });
    const [half, unseen] = report.suites[0]?.cases ?? [];
    expect(half).toMatchObject({ name: 'deal TX-HALF (order PO-HALF)', classname: 'listen.deals' });
    expect(half?.failure).toMatchObject({ type: 'incomplete', message: 'deal incomplete: missing DELIVERY, INVOICE (--timeout 2s reached)' });
    expect(half?.failure?.text).toMatch(/\n {2}fix: a deal is complete after ORDER, ORDERRESPONSE/);
    expect(unseen).toMatchObject({ name: 'deal 2 of 2' });
    expect(unseen?.failure?.message).toBe('deal 2 of 2 did not arrive: --timeout 2s reached');
    expect(unseen?.failure?.text).toMatch(/fix: place one more test order/);
  });

  it('a changed orderId: a lifecycle line; with --strict the run fails at once, naming the deal', async () => {
    // Two listens at once: each has its capture folder (one listen writes to a folder at a time).
    const lax = listen(['--expect-deals', '1', '--timeout', '30']);
    const strict = listen(['--expect-deals', '1', '--timeout', '30', '--strict', '--junit', 'strict.xml'], 'captures-strict');
    for (const l of [lax, strict]) {
      const { url } = await l.ready;
      await send(url, ['--type', 'ORDER', '--transaction-id', 'TX-MIXED', '--order-id', 'PO-A']);
      await send(url, ['--type', 'ORDERRESPONSE', '--transaction-id', 'TX-MIXED', '--order-id', 'PO-B']);
      const line = await l.lines.waitFor((x) => x.type === 'lifecycle');
      expect(line).toMatchObject({ transactionId: 'TX-MIXED', severity: 'error', code: 'order-id-changed', message: expect.stringContaining('"PO-B"') });
    }
    expect((await strict.exited).code).toBe(1);
    expect(strict.stderr()).toMatch(/✗ lifecycle error in deal TX-MIXED: orderId changed within the deal: "PO-A" \(event [0-9a-f-]+\), then "PO-B"/);
    const report = await readJunit(join(dir, 'strict.xml'));
    expect(report).toMatchObject({ tests: 1, failures: 1 });
    expect(report.suites[0]?.cases[0]?.failure).toMatchObject({ type: 'order-id-changed', message: expect.stringContaining('"PO-B"') });
    // Without --strict the run goes on waiting.
    expect(lax.child.exitCode).toBe(null);
    lax.child.kill('SIGTERM');
    expect((await lax.exited).code).toBe(1);
  });

  it('a deal still in progress when the goal is met is skipped in the report, not failed', async () => {
    const l = listen(['--expect-deals', '1', '--timeout', '30', '--junit', 'r.xml', '--json']);
    const { url } = await l.ready;
    await send(url, ['--type', 'ORDER', '--transaction-id', 'TX-SLOW']);
    await send(url, ['--deals', '1']);
    expect((await l.exited).code).toBe(0);
    const report = await readJunit(join(dir, 'r.xml'));
    expect(report).toMatchObject({ tests: 2, failures: 0, skipped: 1 });
    const slow = report.suites[0]?.cases.find((c) => c.name.startsWith('deal TX-SLOW'));
    expect(slow?.skipped?.message).toBe('still in progress when the goal was met (missing ORDERRESPONSE, DELIVERY, INVOICE)');
  });
});

describe('listen --junit', () => {
  it('--expect: a case per type; SIGTERM before the goal writes the report with the missing type failed', async () => {
    const l = listen(['--expect', 'ORDER,INVOICE', '--junit', 'expect.xml']);
    const { url } = await l.ready;
    await send(url, ['--type', 'ORDER']);
    await l.lines.waitFor((x) => x.type === 'webhook');
    l.child.kill('SIGTERM');
    expect((await l.exited).code).toBe(1);
    const report = await readJunit(join(dir, 'expect.xml'));
    expect(report).toMatchObject({ tests: 2, failures: 1 });
    const [order, invoice] = report.suites[0]?.cases ?? [];
    expect(order).toMatchObject({ name: 'ORDER arrived', classname: 'listen.expect' });
    expect(order?.failure).toBeUndefined();
    expect(invoice?.name).toBe('INVOICE arrived');
    expect(invoice?.failure).toMatchObject({ type: 'missing', message: 'INVOICE did not arrive: stopped by SIGTERM' });
    expect(invoice?.failure?.text).toMatch(/fix: check that INVOICE is enabled/);
  });

  it('--max-events with --strict: an invalid payload fails its type', async () => {
    const l = listen(['--max-events', '3', '--expect', 'DELIVERY', '--strict', '--junit', 'max.xml']);
    const { url } = await l.ready;
    const bad = await runCli(['send', '--url', url, '--type', 'DELIVERY', '--status', 'nonsense-status']);
    expect(bad.code).toBe(1); // 422 under --strict
    expect((await l.exited).code).toBe(1);
    const report = await readJunit(join(dir, 'max.xml'));
    expect(report.suites[0]?.cases.map((c) => [c.name, c.failure?.type])).toEqual([
      ['3 events received', 'missing'],
      ['DELIVERY arrived', 'invalid-payload'],
    ]);
    expect(report.suites[0]?.cases[1]?.failure?.text).toMatch(/^DELIVERY [0-9a-f-]{36} is invalid\n\$\.transactionStatus: .*\n {2}fix: /);
  });

  it('--junit without a CI goal, a bad --expect-deals, or an unwritable --junit path exit 2 before listening', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--junit', 'r.xml'], /--junit needs a CI goal to report on\nfix: +add --expect TYPES, --max-events N or --expect-deals N/],
      [['--expect-deals', '0'], /--expect-deals "0" is not a whole number from 1 to 10000/],
      [['--expect-deals', '1', '--junit', 'blocker/r.xml'], /cannot write the JUnit report blocker\/r\.xml \(ENOTDIR\)/],
    ];
    await writeFile(join(dir, 'blocker'), 'a file');
    for (const [args, message] of cases) {
      const r = await runCli(['listen', '--port', '0', '--captures', join(dir, 'c'), ...args], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
