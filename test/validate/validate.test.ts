import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSample, sampleSeries } from '../../src/core/samples.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { encodeLine } from '../../src/store/journal-line.js';
import { makeCapture } from '../support/capture-records.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
const now = new Date('2026-03-01T08:00:00Z');

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
  return path;
}

interface Report {
  valid: boolean;
  summary: { records: number; valid: number; invalid: number; warnings: number };
  files: Array<{
    path: string;
    error?: string;
    torn?: number;
    records: Array<{
      line?: number;
      index?: number;
      eventId?: string;
      valid: boolean;
      errors: Array<{ path: string; message: string; hint: string }>;
      warnings: unknown[];
    }>;
  }>;
}

async function report(args: string[], input?: string): Promise<{ code: number | null; report: Report; stderr: string }> {
  const result = await runCli(['validate', '--json', ...args], { cwd: dir, ...(input === undefined ? {} : { input }) });
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

describe('itscope-hooks validate (built binary)', () => {
  it('exits 0 for the valid fixtures and names each file', async () => {
    const result = await runCli(['validate', 'fixtures/payloads/valid', 'fixtures/payloads/itscope-guide-example.json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ fixtures\/payloads\/valid\/delivery\.json/);
    expect(result.stdout).toMatch(/5 payloads in 5 files: 5 valid, 0 invalid/);
  });

  it('exits 1 for the invalid fixtures, with path, message and fix per problem', async () => {
    const result = await runCli(['validate', 'fixtures/payloads/invalid/timestamp-with-zone.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ fixtures/payloads/invalid/timestamp-with-zone.json');
    expect(result.stdout).toContain('$.timestamp timestamp carries a time zone');
    expect(result.stdout).toMatch(/fix: use local time without a zone/);
  });

  it('prints the documented --json report', async () => {
    const path = await file('one.json', JSON.stringify(createSample('ORDER', { seed: 1, now })));
    const { code, report: r } = await report([path]);
    expect(code).toBe(0);
    expect(r).toEqual({
      valid: true,
      summary: { records: 1, valid: 1, invalid: 0, warnings: 0 },
      files: [{ path, records: [{ index: 0, eventId: createSample('ORDER', { seed: 1, now }).eventId, valid: true, errors: [], warnings: [] }] }],
    });
  });

  it('numbers NDJSON lines, skipping blank ones, with CRLF line ends and a BOM', async () => {
    const [a, b] = sampleSeries(['ORDER', 'INVOICE'], { seed: 2, now });
    const bad = { ...b, eventId: 'nope' };
    const text = `\uFEFF${JSON.stringify(a)}\r\n\r\n${JSON.stringify(bad)}\r\n{"broken": \r\n`;
    const path = await file('events.ndjson', text);
    const { code, report: r } = await report([path]);
    expect(code).toBe(1);
    const records = r.files[0]!.records;
    expect(records.map((x) => [x.line, x.valid])).toEqual([
      [1, true],
      [3, false],
      [4, false],
    ]);
    expect(records[1]!.errors[0]).toMatchObject({ path: '$.eventId', message: 'eventId is not a UUID' });
    expect(records[2]!.errors[0]!.message).toMatch(/^not valid JSON/);
    expect(r.summary).toEqual({ records: 3, valid: 1, invalid: 2, warnings: 0 });
  });

  it('reads a UTF-16 file with a byte-order mark (what Windows PowerShell’s > writes) like its UTF-8 twin', async () => {
    const [a, b] = sampleSeries(['ORDER', 'INVOICE'], { seed: 5, now });
    const text = `${JSON.stringify(a)}\r\n${JSON.stringify({ ...b, eventId: 'nope' })}\r\n`;
    const utf8 = await report([await file('twin-utf8.ndjson', text)]);
    const utf16 = await report([await file('twin-utf16.ndjson', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))]);
    expect(utf16.code).toBe(1);
    expect(utf16.report.summary).toEqual({ records: 2, valid: 1, invalid: 1, warnings: 0 });
    expect(utf16.report.files[0]!.records).toEqual(utf8.report.files[0]!.records);
  });

  it('indexes the elements of a JSON array', async () => {
    const series = sampleSeries(['ORDER', 'DELIVERY', 'INVOICE'], { seed: 3, now });
    const path = await file('array.json', JSON.stringify([series[0], 'oops', series[2]], null, 2));
    const { code, report: r } = await report([path]);
    expect(code).toBe(1);
    expect(r.files[0]!.records.map((x) => [x.index, x.valid])).toEqual([
      [0, true],
      [1, false],
      [2, true],
    ]);
    expect(r.files[0]!.records[1]!.errors[0]!.message).toBe('the payload is a string, not a JSON object');
  });

  it('reads stdin when given - (and when no path is given)', async () => {
    const payload = JSON.stringify(createSample('DELIVERY', { seed: 4, now }));
    const dash = await runCli(['validate', '-'], { input: payload });
    expect(dash.code).toBe(0);
    expect(dash.stdout).toContain('✓ (stdin)  1 payload');
    const none = await runCli(['validate', '--json'], { input: '{"eventType":"ORDER"}' });
    expect(none.code).toBe(1);
    expect((JSON.parse(none.stdout) as Report).summary.invalid).toBe(1);
  });

  it('walks folders recursively and reads captures on their payload', async () => {
    const sample = createSample('INVOICE', { seed: 5, now });
    const capture = {
      kind: 'itscope-hooks/capture',
      v: 1,
      receivedAt: now.toISOString(),
      method: 'POST',
      path: '/',
      query: '',
      remoteAddress: '127.0.0.1',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...sample, eventType: 'ORDER' }),
      bodyEncoding: 'utf8',
      valid: false,
      errors: [],
      warnings: [],
      status: 200,
    };
    await file('tree/a/good.json', JSON.stringify(sample));
    await file('tree/b/c/journal.ndjson', `${JSON.stringify(capture)}\n`);
    await file('tree/notes.txt', 'not a payload');
    const { code, report: r } = await report(['tree']);
    expect(code).toBe(1);
    expect(r.files.map((f) => f.path)).toEqual(['tree/a/good.json', 'tree/b/c/journal.ndjson']);
    expect(r.files[1]!.records[0]).toMatchObject({ line: 1, valid: false, eventId: sample.eventId });
    expect(r.files[1]!.records[0]!.errors[0]!.path).toBe('$.documentUrl');
  });

  it('skips a torn capture journal line with a warning instead of counting it invalid', async () => {
    const store = await CaptureStore.open(join(dir, 'torn-store'));
    const [a, b, c] = sampleSeries(['ORDER', 'DELIVERY', 'INVOICE'], { seed: 8, now });
    await store.append(makeCapture(JSON.stringify(a)));
    await store.append(makeCapture(JSON.stringify(b)));
    await store.flush();
    // A crash while the third record was written: half a line, no newline.
    const half = encodeLine(makeCapture(JSON.stringify(c)));
    await appendFile(store.file, half.slice(0, Math.floor(half.length / 2)));
    await store.close();
    const journal = relative(dir, store.file);

    const human = await runCli(['validate', 'torn-store'], { cwd: dir });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`✓ ${journal}  2 payloads`);
    expect(human.stdout).toContain('⚠ 1 torn record skipped');
    expect(human.stdout).toContain('2 payloads in 1 file: 2 valid, 0 invalid');

    const { code, report: r, stderr } = await report(['torn-store']);
    expect(code).toBe(0);
    expect(r.valid).toBe(true);
    expect(r.summary).toEqual({ records: 2, valid: 2, invalid: 0, warnings: 0 });
    expect(r.files[0]).toMatchObject({ path: journal, torn: 1 });
    expect(r.files[0]!.records.map((x) => [x.line, x.valid])).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(stderr).toContain(`${journal}: 1 torn record skipped`);

    // Outside a capture journal a line that is not JSON stays an invalid payload, and a
    // journal record whose captured body is not JSON is a real (invalid) webhook.
    await file('torn-other/events.ndjson', `${JSON.stringify(a)}\n${half.slice(0, 40)}`);
    expect((await report(['torn-other'])).report.summary).toEqual({ records: 2, valid: 1, invalid: 1, warnings: 0 });
    await appendFile(store.file, `\n${encodeLine(makeCapture('not json'))}`);
    const notJson = await report(['torn-store']);
    expect(notJson.code).toBe(1);
    expect(notJson.report.files[0]!.torn).toBe(1);
    expect(notJson.report.files[0]!.records.find((x) => !x.valid)!.errors[0]!.message).toMatch(/^captured body is not JSON/);
  });

  it('shows control and bidi characters from a payload as escapes in human output only', async () => {
    const evil = 'x\u001b[2J\r\u202e\u009b';
    const shown = 'x\\x1b[2J\\r\\u202e\\x9b';
    const payload = { ...createSample('ORDER', { seed: 9, now }), eventId: evil, [evil]: 1 };
    const path = await file('hostile.ndjson', `${JSON.stringify(payload)}\n`);
    const human = await runCli(['validate', path]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`(${shown}) $.eventId eventId is not a UUID`);
    expect(human.stdout).toContain(`unknown field "${shown}"`);
    expect(human.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    const { report: r } = await report([path]);
    expect(r.files[0]!.records[0]!.eventId).toBe(evil);
  });

  it('applies --strict to warnings', async () => {
    const path = await file('extra.json', JSON.stringify({ ...createSample('ORDER', { seed: 6, now }), note: 'x' }));
    expect((await runCli(['validate', path])).code).toBe(0);
    const strict = await report(['--strict', path]);
    expect(strict.code).toBe(1);
    expect(strict.report.files[0]!.records[0]!.errors[0]!.path).toBe('$.note');
  });

  it('exits 2 for a path that does not exist, naming it', async () => {
    const result = await runCli(['validate', 'no/such/file.json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no/such/file.json (no such file or folder)');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 1 for a binary file, saying so', async () => {
    const path = await file('image.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
    const result = await runCli(['validate', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('binary file, not JSON text');
  });

  it('exits 1 for an empty file and a folder without payloads, saying why', async () => {
    const empty = await file('empty.json', '');
    const a = await runCli(['validate', empty]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('holds no payloads');
    await mkdir(join(dir, 'nothing-here'));
    const b = await runCli(['validate', 'nothing-here'], { cwd: dir });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('no payload files');
  });

  it('reports a JSON syntax error in a document by line and column, quoting none of it', async () => {
    const path = await file('pretty.json', '{\n  "eventId": "x",\n  "eventType": ORDER\n}\n');
    const { code, report: r } = await report([path]);
    expect(code).toBe(1);
    // Where, never what: a payload file may hold a secret.
    expect(r.files[0]!.records[0]!.errors[0]!.message).toBe('not valid JSON: unexpected character (line 3, column 16)');
  });

  it('streams a large NDJSON file', async () => {
    const line = JSON.stringify(createSample('DELIVERY', { seed: 7, now }));
    const path = await file('big.ndjson', `${line}\n`.repeat(20_000));
    const result = await runCli(['validate', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('20000 payloads in 1 file: 20000 valid, 0 invalid');
  });
});

describe('validate --json in constant memory', () => {
  it('streams one JSON object for any number of records, the same as one JSON.stringify would write', async () => {
    // 100,000 records, each in the report: more than a 32 MiB heap holds at once (it did before).
    const count = 100_000;
    const path = await file('many-invalid.ndjson', 'x\n'.repeat(count));
    const valid = await file('one-valid.json', JSON.stringify(createSample('ORDER', { seed: 3, now })));
    const torn = join(dir, 'journal-20260101T000000000Z-99999999.ndjson');
    await writeFile(torn, `${encodeLine(makeCapture(Buffer.from(JSON.stringify(createSample('DELIVERY', { seed: 4, now })))))}{"kind":"itscope`);
    const binary = await file('binary.json', Buffer.from([0x00, 0x01, 0x02, 0xff]));
    const result = await runCli(['validate', '--json', valid, path, torn, binary], { cwd: dir, env: { NODE_OPTIONS: '--max-old-space-size=32' } });
    expect(result.stderr).not.toMatch(/heap out of memory|Allocation failed/);
    expect(result.code).toBe(1);
    // Exactly what JSON.stringify makes of the object: same keys, same order, one line.
    const parsed = JSON.parse(result.stdout) as Report;
    expect(result.stdout).toBe(`${JSON.stringify(parsed)}\n`);
    expect(Object.keys(parsed)).toEqual(['valid', 'summary', 'files']);
    expect(parsed.summary).toEqual({ records: count + 2, valid: 2, invalid: count, warnings: 0 });
    expect(parsed.files.map((f) => [f.path, f.records.length, f.torn, f.error])).toEqual([
      [valid, 1, undefined, undefined],
      [path, count, undefined, undefined],
      [torn, 1, 1, undefined],
      [binary, 0, undefined, 'this is a binary file, not JSON text'],
    ]);
    expect(Object.keys(parsed.files[2]!)).toEqual(['path', 'torn', 'records']);
    expect(parsed.files[1]!.records[count - 1]).toMatchObject({ line: count, valid: false });
  });
});
