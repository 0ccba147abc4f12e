// `validate --lifecycle` and `--junit`: the built binary on real files, the report read back with an XML parser.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDeals } from '../../src/core/deal-plan.js';
import type { WebhookPayload } from '../../src/core/payload-schema.js';
import { seededRandom } from '../../src/core/samples.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { makeCapture } from '../support/capture-records.js';
import { runCli } from '../support/cli.js';
import { readJunit } from '../support/junit.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('validate-lifecycle-'));
});
afterAll(() => cleanup());

const plan = planDeals({ deals: 2, deliveries: 1, intervalMs: 60_000, random: seededRandom(5), now: () => new Date('2024-05-01T08:00:00Z') });
const [A, B] = plan.deals.map((d) => d.transactionId) as [string, string];
const of = (tid: string): WebhookPayload[] => plan.steps.filter((s) => s.payload.transactionId === tid).map((s) => ({ ...s.payload }));
const ndjson = (payloads: readonly object[]) => `${payloads.map((p) => JSON.stringify(p)).join('\n')}\n`;

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
  return path;
}

const validate = (args: string[], input?: string) => runCli(['validate', ...args], { cwd: dir, ...(input === undefined ? {} : { input }) });

/** Deal A complete; deal B's orderId changes at its DELIVERY (line 6 of the file). */
function changedMidway(): WebhookPayload[] {
  const b = of(B);
  (b[2] as WebhookPayload).orderId = 'PO-CHANGED';
  return [...of(A), ...b];
}

describe('validate --lifecycle', () => {
  it('a deal whose orderId changes midway: exit 1 naming it, with the problem and its fix', async () => {
    await file('changed.ndjson', ndjson(changedMidway()));
    const r = await validate(['changed.ndjson', '--lifecycle']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✓ changed.ndjson  8 payloads');
    expect(r.stdout).toMatch(/\n2 deals: 2 complete, 0 incomplete, 1 with lifecycle errors\n/);
    expect(r.stdout).not.toContain(`✓ ${A}`);
    const b = of(B);
    expect(r.stdout).toContain(
      `✗ ${B}  order ${b[0]?.orderId}  ORDER ARRIVED → ORDERRESPONSE CONFIRMED → DELIVERY ADVISED → INVOICE INVOICED  complete  1 problem`,
    );
    expect(r.stdout).toContain(
      `    ✗ order-id-changed orderId changed within the deal: "${b[0]?.orderId}" (event ${b[0]?.eventId}), then "PO-CHANGED" (event ${b[2]?.eventId})`,
    );
    expect(r.stdout).toMatch(/ {6}fix: all webhooks of one deal \(transactionId\) carry the same orderId/);
    expect(r.stderr).toBe(`✗ 1 deal with lifecycle errors: ${B}\n`);
    // Without --lifecycle every payload is valid on its own.
    expect((await validate(['changed.ndjson'])).code).toBe(0);
  });

  it('--json gains "deals"; "valid" is false on a lifecycle error', async () => {
    await file('changed.ndjson', ndjson(changedMidway()));
    const r = await validate(['changed.ndjson', '--lifecycle', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ valid: false, summary: { records: 8, valid: 8, invalid: 0 } });
    expect(report.deals).toEqual([
      { transactionId: A, orderId: of(A)[0]?.orderId, complete: true, errors: [], warnings: [] },
      {
        transactionId: B,
        orderId: of(B)[0]?.orderId,
        complete: true,
        errors: [{ code: 'order-id-changed', message: expect.stringContaining('"PO-CHANGED"'), hint: expect.any(String), eventIds: expect.any(Array) }],
        warnings: [],
      },
    ]);
    expect(Object.keys(report)).toEqual(['valid', 'summary', 'files', 'deals']);
  });

  it('an incomplete deal is a warning (exit 0), an error with --strict (exit 1)', async () => {
    await file('partial.ndjson', ndjson(of(A).slice(0, 2)));
    const ok = await validate(['partial.ndjson', '--lifecycle']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`○ ${A}  order ${of(A)[0]?.orderId}  ORDER ARRIVED → ORDERRESPONSE CONFIRMED  missing DELIVERY, INVOICE`);
    const strict = await validate(['partial.ndjson', '--lifecycle', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(`✗ 1 deal with lifecycle warnings (--strict): ${A}\n`);
  });

  it('groups across files of a folder, stdin, a JSON array (file[index]) and a capture journal', async () => {
    const a = of(A);
    await file('folder/one.ndjson', ndjson(a.slice(0, 2)));
    await file('folder/two.json', JSON.stringify(a.slice(2)));
    const folder = await validate(['folder', '--lifecycle', '--json']);
    expect(folder.code).toBe(0);
    expect(JSON.parse(folder.stdout).deals).toEqual([expect.objectContaining({ transactionId: A, complete: true, errors: [], warnings: [] })]);

    const piped = await validate(['-', '--lifecycle', '--json'], ndjson(changedMidway()));
    expect(piped.code).toBe(1);
    expect(JSON.parse(piped.stdout).deals[1].errors[0].code).toBe('order-id-changed');

    // Events without eventId are named by where they are.
    const [order, response] = of(B) as [WebhookPayload, WebhookPayload];
    const { eventId: _a, ...noIdOrder } = order;
    const { eventId: _b, ...noIdResponse } = response;
    await file('array.json', JSON.stringify([noIdOrder, { ...noIdResponse, orderId: 'PO-OTHER' }]));
    const array = await validate(['array.json', '--lifecycle', '--json']);
    expect(array.code).toBe(1);
    expect(JSON.parse(array.stdout).deals[0].errors[0].message).toBe(
      `orderId changed within the deal: "${order.orderId}" (the event at array.json[0]), then "PO-OTHER" (the event at array.json[1])`,
    );

    const captures = join(dir, 'captures');
    const store = await CaptureStore.open(captures);
    for (const p of changedMidway()) await store.append(makeCapture(JSON.stringify(p), { eventId: p.eventId, transactionId: p.transactionId }));
    await store.close();
    const journal = await validate(['captures', '--lifecycle']);
    expect(journal.code).toBe(1);
    expect(journal.stderr).toBe(`✗ 1 deal with lifecycle errors: ${B}\n`);
  });
});

describe('validate --junit', () => {
  it('a testsuite per file and, with --lifecycle, one per deal; failures carry the problems and fix hints', async () => {
    const payloads = changedMidway();
    // Line 2 (deal A's ORDERRESPONSE) fails the schema.
    (payloads[1] as Record<string, unknown>).eventId = 'not-a-uuid';
    await file('mixed.ndjson', ndjson(payloads));
    const r = await validate(['mixed.ndjson', '--lifecycle', '--junit', 'reports/deep/validate.xml']);
    expect(r.code).toBe(1);
    const report = await readJunit(join(dir, 'reports/deep/validate.xml'));
    expect(report).toMatchObject({ name: 'itscope-hooks validate', tests: 8 + 5 + 5, failures: 1 + 1 + 1, errors: 0, skipped: 0 });
    const [fileSuite, dealA, dealB] = report.suites;
    expect(fileSuite).toMatchObject({ name: 'mixed.ndjson', tests: 8, failures: 1 });
    expect(fileSuite?.cases.map((c) => c.name)).toEqual(payloads.map((p, i) => `line ${i + 1} ${p.eventId}`));
    expect(fileSuite?.cases[0]).toMatchObject({ classname: 'validate.mixed_ndjson', file: 'mixed.ndjson', line: '1' });
    const bad = fileSuite?.cases[1];
    expect(bad?.failure?.message).toBe('$.eventId: eventId is not a UUID');
    expect(bad?.failure?.type).toBe('invalid-payload');
    expect(bad?.failure?.text).toMatch(/^\$\.eventId: eventId is not a UUID\n {2}fix: /);

    expect(dealA).toMatchObject({ name: `deal ${A} (order ${of(A)[0]?.orderId})`, tests: 5, failures: 1 });
    expect(dealA?.cases.map((c) => c.name)).toEqual(
      ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE'].map((t, i) => `${t} ${payloads[i]?.eventId}`).concat('lifecycle'),
    );
    // The invalid ORDERRESPONSE does not count: deal A is incomplete, a warning in system-out.
    expect(dealA?.cases[4]?.name).toBe('lifecycle');
    expect(dealA?.cases[4]?.failure).toBeUndefined();
    expect(dealA?.cases[4]?.systemOut).toMatch(
      /^warnings:\nincomplete: deal incomplete: missing ORDERRESPONSE \(ORDERRESPONSE arrived but failed validation\)\n {2}fix: /,
    );

    expect(dealB).toMatchObject({ name: `deal ${B} (order ${of(B)[0]?.orderId})`, tests: 5, failures: 1 });
    const lifecycle = dealB?.cases.at(-1);
    expect(lifecycle?.failure?.type).toBe('order-id-changed');
    expect(lifecycle?.failure?.message).toMatch(/^orderId changed within the deal: .* then "PO-CHANGED"/);
    expect(lifecycle?.failure?.text).toMatch(/^order-id-changed: orderId changed within the deal: .*\n {2}fix: all webhooks of one deal/);
  });

  it('--strict turns the lifecycle warnings into the failure; a report without --lifecycle has file suites only', async () => {
    await file('partial.ndjson', ndjson(of(A).slice(0, 3)));
    const r = await validate(['partial.ndjson', '--lifecycle', '--strict', '--junit', 'strict.xml']);
    expect(r.code).toBe(1);
    const strict = await readJunit(join(dir, 'strict.xml'));
    expect(strict.suites.map((s) => [s.name, s.tests, s.failures])).toEqual([
      ['partial.ndjson', 3, 0],
      [`deal ${A} (order ${of(A)[0]?.orderId})`, 4, 1],
    ]);
    expect(strict.suites[1]?.cases[3]?.failure).toMatchObject({ type: 'incomplete', message: 'deal incomplete: missing INVOICE' });

    const plain = await validate(['partial.ndjson', '--junit', 'plain.xml']);
    expect(plain.code).toBe(0);
    expect((await readJunit(join(dir, 'plain.xml'))).suites.map((s) => [s.name, s.tests, s.failures])).toEqual([['partial.ndjson', 3, 0]]);
  });

  it('a --junit path that cannot be written is a usage error (exit 2), with no report left half-written', async () => {
    await file('blocker', 'a file, not a folder');
    await file('ok.ndjson', ndjson(of(A)));
    const r = await validate(['ok.ndjson', '--junit', 'blocker/report.xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot write the JUnit report blocker\/report\.xml \(ENOTDIR\)\nfix: +pass --junit a file in a folder you can write to/);
  });
});
