// `captures deals` as a user runs it: the built binary over a real capture store.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/core/capture.js';
import { planDeals } from '../../src/core/deal-plan.js';
import { checkPayload, type WebhookPayload } from '../../src/core/payload-schema.js';
import { seededRandom } from '../../src/core/samples.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { makeCapture } from '../support/capture-records.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let captures: string;
let cleanup: () => Promise<void>;

/** A capture of `payload` as listen stores it (key fields, verdict), received at `receivedAt`. */
function captureOf(payload: Record<string, unknown>, receivedAt: string): CaptureRecord {
  const verdict = checkPayload(payload);
  const fields: Partial<CaptureRecord> = {};
  for (const key of ['eventId', 'eventType', 'transactionStatus', 'orderId', 'documentId', 'transactionId', 'documentUrl'] as const) {
    if (typeof payload[key] === 'string') fields[key] = payload[key] as string;
  }
  return makeCapture(JSON.stringify(payload), { ...fields, receivedAt, valid: verdict.valid, errors: verdict.errors, warnings: verdict.warnings });
}

async function store(records: CaptureRecord[]): Promise<void> {
  const s = await CaptureStore.open(captures);
  for (const r of records) await s.append(r);
  await s.close();
}

const plan = planDeals({ deals: 2, deliveries: 2, intervalMs: 60_000, random: seededRandom(11), now: () => new Date('2024-05-01T08:00:00Z') });
const [dealA, dealB] = plan.deals as [(typeof plan.deals)[0], (typeof plan.deals)[0]];
const payloadsOf = (tid: string): WebhookPayload[] => plan.steps.filter((s) => s.payload.transactionId === tid).map((s) => s.payload);
const OLD = '2020-01-01T10:00:00.000Z';

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('captures-deals-'));
  captures = join(dir, '.itscope-hooks', 'captures');
  const now = new Date().toISOString();
  const [order, response, delivery] = payloadsOf(dealB.transactionId) as [WebhookPayload, WebhookPayload, WebhookPayload];
  await store([
    // Deal A, complete, received long ago.
    ...payloadsOf(dealA.transactionId).map((p) => captureOf(p, OLD)),
    // Deal B: the orderId changes midway, the DELIVERY fails the schema, no INVOICE yet.
    captureOf(order, now),
    captureOf({ ...response, orderId: 'PO-OTHER\u001b[2J' }, now),
    captureOf({ ...delivery, timestamp: '2024-05-01T10:00:00Z' }, now),
  ]);
  // A body that is not JSON: no deal to put it in.
  const s = await CaptureStore.open(captures);
  await s.append(makeCapture('not json', { receivedAt: now, valid: false }));
  await s.close();
});
afterEach(() => cleanup());

const deals = (args: string[] = []) => runCli(['captures', 'deals', ...args], { cwd: dir });

describe('captures deals', () => {
  it('one line per deal: transactionId, orderId, the types in order with status, complete or missing, problems; then the problems', async () => {
    const r = await deals();
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `✓ ${dealA.transactionId}  order ${dealA.orderId}  ORDER ARRIVED → ORDERRESPONSE CONFIRMED → DELIVERY ADVISED ×2 → INVOICE INVOICED  complete`,
    );
    expect(lines[1]).toBe(
      `✗ ${dealB.transactionId}  order ${dealB.orderId}  ORDER ARRIVED → ORDERRESPONSE CONFIRMED → DELIVERY ADVISED ✗  missing DELIVERY, INVOICE  1 problem`,
    );
    // The changed orderId is named (escaped: a sender chose it), with its fix.
    expect(lines[2]).toMatch(
      /^ {4}✗ order-id-changed orderId changed within the deal: "PO-\d{4}-\d{5}" \(event [0-9a-f-]{36}\), then "PO-OTHER\\x1b\[2J" \(event/,
    );
    expect(lines[3]).toMatch(/^ {6}fix: all webhooks of one deal \(transactionId\) carry the same orderId/);
    expect(lines).toHaveLength(4);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stderr).toMatch(/^2 deals \(1 complete, 1 incomplete, 1 with errors\) from 9 captures in .*captures; 1 capture without transactionId\n$/);
  });

  it('--json: one object per deal in the documented shape, events in the order received, exact values', async () => {
    const r = await deals(['--json']);
    expect(r.code).toBe(0);
    const [a, b] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>) as [Record<string, any>, Record<string, any>];
    expect(Object.keys(a)).toEqual(['transactionId', 'orderId', 'itscopeOrderId', 'events', 'complete', 'errors', 'warnings']);
    expect(a).toMatchObject({
      transactionId: dealA.transactionId,
      orderId: dealA.orderId,
      itscopeOrderId: dealA.itscopeOrderId,
      complete: true,
      errors: [],
      warnings: [],
    });
    expect(a.events.map((e: Record<string, unknown>) => Object.keys(e))).toEqual(
      Array(5).fill(['eventType', 'transactionStatus', 'eventId', 'documentId', 'receivedAt', 'valid']),
    );
    expect(a.events.map((e: Record<string, unknown>) => [e.eventType, e.eventId, e.receivedAt, e.valid])).toEqual(
      payloadsOf(dealA.transactionId).map((p) => [p.eventType, p.eventId, OLD, true]),
    );
    expect(b).toMatchObject({ transactionId: dealB.transactionId, complete: false });
    expect(b.events.map((e: Record<string, unknown>) => [e.eventType, e.valid])).toEqual([
      ['ORDER', true],
      ['ORDERRESPONSE', true],
      ['DELIVERY', false],
    ]);
    expect(b.errors).toEqual([
      {
        code: 'order-id-changed',
        message: expect.stringContaining('then "PO-OTHER\u001b[2J"'),
        hint: expect.stringMatching(/same orderId/),
        eventIds: [b.events[0].eventId, b.events[1].eventId],
      },
    ]);
    expect(b.warnings).toEqual([
      expect.objectContaining({ code: 'incomplete', message: 'deal incomplete: missing DELIVERY, INVOICE (DELIVERY arrived but failed validation)' }),
    ]);
  });

  it('--incomplete keeps the deals still missing a type; --since keeps deals with an event since then', async () => {
    for (const args of [['--incomplete'], ['--since', '1h'], ['--since', '2021-01-01']]) {
      const r = await deals(['--json', ...args]);
      expect(r.code, args.join(' ')).toBe(0);
      expect(
        r.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).transactionId),
      ).toEqual([dealB.transactionId]);
    }
    const human = await deals(['--since', '1h']);
    expect(human.stderr).toMatch(/^1 of 2 deals /);
    const bad = await deals(['--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since "yesterday" is neither a duration nor a date/);
  });

  it('an empty or missing store lists no deals and exits 0', async () => {
    const r = await runCli(['captures', 'deals', '--captures', join(dir, 'nothing-here')], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^0 deals \(0 complete, 0 incomplete, 0 with errors\) from 0 captures in /);
  });
});
