// validate on a capture store (the built binary): captures are reported by eventId and
// received time, a body that was not JSON gets the sender's fix, and --since leaves out
// captures from before a fix so that an old bad one does not fail CI forever.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSample } from '../../src/core/samples.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { makeCapture } from '../support/capture-records.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
let journal: string;

const DAY = 86_400_000;
const now = Date.now();
const oldAt = new Date(now - 3 * DAY).toISOString();
const newAt = new Date(now - 60_000).toISOString();
const oldBad = { ...createSample('DELIVERY', { seed: 21 }), timestamp: '2026-01-01T10:00:00+01:00' };
const good = createSample('ORDER', { seed: 22 });
const newBad = { ...createSample('INVOICE', { seed: 23 }), eventId: 'not-a-uuid' };

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('validate-captures-'));
  const store = await CaptureStore.open(join(dir, 'captures'));
  await store.append(makeCapture(JSON.stringify(oldBad), { receivedAt: oldAt, eventId: oldBad.eventId, valid: false }));
  await store.append(makeCapture('<xml>not json</xml>', { receivedAt: oldAt, valid: false, status: 400 }));
  await store.append(makeCapture(JSON.stringify(good), { receivedAt: newAt, eventId: good.eventId }));
  await store.flush();
  journal = relative(dir, store.file);
  await store.close();
});

afterEach(async () => {
  await cleanup();
});

const validate = (args: string[]) => runCli(['validate', ...args], { cwd: dir });

describe('validate on captures', () => {
  it('names each capture by eventId and received time, never its journal line; a body that is not JSON gets the fix for its sender', async () => {
    const r = await validate(['captures']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✗ ${journal}  2 of 3 payloads invalid`);
    expect(r.stdout).toContain(`    ✗ ${oldBad.eventId} received ${oldAt}\n      ✗ $.timestamp timestamp carries a time zone`);
    expect(r.stdout).toContain(`    ✗ (no eventId) received ${oldAt}\n      ✗ $ captured body is not JSON`);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('fix: listen stored this webhook and answered it 400: the sender posted something other than JSON.');
    expect(r.stdout).not.toMatch(/line \d|NDJSON/);
    expect(r.stdout).toContain('tip: check only captures received since a fix with --since, e.g. --since 1h');
    for (const line of r.stdout.split('\n')) if (!line.startsWith('✗ ')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('--json keeps its fields and adds receivedAt to each capture record', async () => {
    const r = await validate(['captures', '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ records: 3, valid: 1, invalid: 2, warnings: 0 });
    const records = report.files[0].records;
    expect(records.map((x: Record<string, unknown>) => Object.keys(x))).toEqual([
      ['line', 'eventId', 'receivedAt', 'valid', 'errors', 'warnings'],
      ['line', 'receivedAt', 'valid', 'errors', 'warnings'],
      ['line', 'eventId', 'receivedAt', 'valid', 'errors', 'warnings'],
    ]);
    expect(records.map((x: { receivedAt: string }) => x.receivedAt)).toEqual([oldAt, oldAt, newAt]);
    expect(records[1].errors[0].hint).toMatch(/answered it 400/);
  });

  it('--since leaves out older captures: exit 0 once they are out, and says how many', async () => {
    const human = await validate(['captures', '--since', '1d']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`✓ ${journal}  1 payload`);
    expect(human.stdout).toContain('1 payload in 1 file: 1 valid, 0 invalid; 2 older captures left out (--since)');
    const json = JSON.parse((await validate(['captures', '--since', '1d', '--json'])).stdout);
    expect(json.summary).toEqual({ records: 1, valid: 1, invalid: 0, warnings: 0, skipped: 2 });
    expect(json.files[0]).toMatchObject({ path: journal, skipped: 2 });
    // An ISO date, as captures list takes it.
    expect((await validate(['captures', '--since', new Date(now - DAY).toISOString()])).code).toBe(0);
  });

  it('a new bad capture still fails; other payloads are always checked; nothing since then is exit 1', async () => {
    const store = await CaptureStore.open(join(dir, 'captures'));
    await store.append(makeCapture(JSON.stringify(newBad), { receivedAt: new Date().toISOString(), eventId: newBad.eventId, valid: false }));
    await store.close();
    const r = await validate(['captures', '--since', '1h']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ not-a-uuid received');

    const file = await runCli(['validate', '--since', '1h', 'fixtures/payloads/invalid/timestamp-with-zone.json']);
    expect(file.code).toBe(1);

    const none = await validate(['captures', '--since', '2099-01-01']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/nothing to validate: no capture in captures was received since 2099-01-01T00:00:00\.000Z \(4 older captures left out\)/);
  });

  it('--junit names a capture testcase by eventId and received time', async () => {
    const r = await validate(['captures', '--junit', 'report.xml']);
    expect(r.code).toBe(1);
    const xml = await readFile(join(dir, 'report.xml'), 'utf8');
    expect(xml).toContain(`name="${oldBad.eventId} received ${oldAt}"`);
    expect(xml).toContain(`name="capture without eventId received ${oldAt}"`);
  });

  it('a --since that is neither a duration nor a date is exit 2', async () => {
    const r = await validate(['captures', '--since', 'yesterday']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: --since "yesterday" is neither a duration nor a date');
  });
});
