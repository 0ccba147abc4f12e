// Every supplier-style fixture, fetched by the built CLI from the real mock-api and summarized:
// the human block and the --json summary must be what the summarizer makes of the same bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeOpenTrans } from '../../src/documents/opentrans/summarize.js';
import { type MockApi, startMockApi } from '../../src/mock-api/server.js';
import { summaryLines } from '../../src/ui/opentrans-lines.js';
import { fixtureBytes, supplierFixtures } from '../documents/opentrans/fixtures.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

/** What mock-api serves a fixture as: suppliers/<name>-<doctype>.xml → supplier-<name>, DOCTYPE. */
function served(fixture: string): { transactionId: string; type: string } {
  const m = /^suppliers\/(.+)-([a-z]+)\.xml$/.exec(fixture);
  if (!m) throw new Error(`not a supplier fixture name: ${fixture}`);
  return { transactionId: `supplier-${m[1]}`, type: String(m[2]).toUpperCase() };
}

let api: MockApi;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  api = await startMockApi({ port: 0 });
  ({ dir, cleanup } = await tempDir());
});

afterAll(async () => {
  await api.close();
  await cleanup();
});

describe('fetch-doc --summary on every supplier-style document (built CLI, mock-api)', () => {
  it.each(supplierFixtures())('%s: saved byte for byte; the human block and --json summary are the summarizer’s', async (fixture) => {
    const { transactionId, type } = served(fixture);
    const bytes = fixtureBytes(fixture);
    const expected = await summarizeOpenTrans(bytes);
    const env = { ITSCOPE_API_BASE: api.url, ITSCOPE_ACCOUNT_ID: 'demo', ITSCOPE_API_KEY: 'demo-key', COLUMNS: '80' };
    const out = join(dir, `${transactionId}-${type}.xml`);

    const human = await runCli(['fetch-doc', '--transaction-id', transactionId, '--type', type, '--out', out, '--summary'], { env });
    expect(human.code, human.stderr).toBe(0);
    expect(readFileSync(out).equals(bytes)).toBe(true);
    const lines = human.stdout.split('\n');
    const heading = summaryLines(expected)[0] ?? '';
    const at = lines.findIndex((l) => l.trimStart() === heading);
    expect(at, human.stdout).toBeGreaterThan(0);
    const pad = (lines[at] ?? '').slice(0, (lines[at] ?? '').indexOf(heading));
    const block = summaryLines(expected, 80 - pad.length).map((l) => `${pad}${l}`);
    expect(lines.slice(at, at + block.length)).toEqual(block);
    expect(lines.filter((l) => Array.from(l).length > 80)).toEqual([]);

    const json = await runCli(['fetch-doc', '--transaction-id', transactionId, '--type', type, '--out', out, '--force', '--summary', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    const [record] = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; summary?: unknown });
    expect(record).toMatchObject({ status: 'downloaded' });
    expect(record?.summary).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
