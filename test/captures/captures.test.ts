import { readdirSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportName } from '../../src/captures/export-name.js';
import { CAPTURE_KIND, type CaptureRecord, encodeBody, isCaptureRecord } from '../../src/core/capture.js';
import type { EventType } from '../../src/core/payload-schema.js';
import { createSample } from '../../src/core/samples.js';
import { openCaptureReader } from '../../src/store/capture-reader.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let captures: string;
let cleanup: () => Promise<void>;

function capture(type: EventType, receivedAt: string, seed: number, extra: Partial<CaptureRecord> = {}): CaptureRecord {
  const payload = createSample(type, { seed });
  return {
    kind: CAPTURE_KIND,
    v: 1,
    receivedAt,
    method: 'POST',
    path: '/itscope',
    query: '',
    remoteAddress: '127.0.0.1',
    headers: { 'content-type': 'application/json', authorization: 'Basic [redacted]' },
    ...encodeBody(Buffer.from(JSON.stringify(payload))),
    eventId: payload.eventId,
    eventType: payload.eventType,
    transactionStatus: payload.transactionStatus,
    orderId: payload.orderId,
    documentId: payload.documentId,
    transactionId: payload.transactionId,
    documentUrl: payload.documentUrl,
    valid: true,
    errors: [],
    warnings: [],
    status: 200,
    ...extra,
  };
}

const OLD = '2020-01-01T10:00:00.000Z';
let records: CaptureRecord[];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('store-cli-'));
  captures = join(dir, '.itscope-hooks', 'captures');
  const now = new Date().toISOString();
  records = [
    capture('ORDER', OLD, 1),
    capture('DELIVERY', now, 2),
    capture('INVOICE', now, 3, { valid: false, errors: [{ path: '$.documentUrl', message: 'documentUrl is wrong', hint: 'fix it' }] }),
  ];
  const store = await CaptureStore.open(captures);
  for (const r of records) await store.append(r);
  await store.close();
});
afterEach(() => cleanup());

describe('itscope-hooks captures', () => {
  it('list streams a store of more captures than one output batch, in order, across two journals, with the (of N) count', async () => {
    // A second run of the store: its own journal file, as a second `listen` writes.
    const store = await CaptureStore.open(captures);
    const types: EventType[] = ['ORDER', 'DELIVERY'];
    for (let i = 0; i < 1300; i++) await store.append(capture(types[i % 2]!, new Date().toISOString(), 100 + i));
    await store.close();
    expect((await readdir(captures)).filter((f) => /^journal-.*\.ndjson$/.test(f))).toHaveLength(2);
    const all = await runCli(['captures', 'list', '--json'], { cwd: dir });
    expect(all.code).toBe(0);
    const lines = all.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; eventType: string });
    expect(lines).toHaveLength(1303);
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: 1303 }, (_, i) => i + 1));
    const deliveries = await runCli(['captures', 'list', '--type', 'delivery'], { cwd: dir });
    expect(deliveries.stdout.trim().split('\n')).toHaveLength(651);
    expect(deliveries.stderr).toContain(`651 captures (of 1303) in ${captures}`);

    // --limit N: the newest N of those that match, oldest first, across both journals.
    const newest = await runCli(['captures', 'list', '--json', '--limit', '600'], { cwd: dir });
    expect(
      newest.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { seq: number }).seq),
    ).toEqual(Array.from({ length: 600 }, (_, i) => 704 + i));
    const newestDeliveries = await runCli(['captures', 'list', '-n', '2', '--type', 'DELIVERY'], { cwd: dir });
    expect(newestDeliveries.stdout.trim().split('\n')).toHaveLength(2);
    expect(newestDeliveries.stderr).toContain(`the newest 2 captures (of 651 matching, 1303 in all) in ${captures}; drop --limit for all`);
    const more = await runCli(['captures', 'list', '--limit', '5000'], { cwd: dir });
    expect(more.stdout.trim().split('\n')).toHaveLength(1303);
    expect(more.stderr).toContain(`1303 captures in ${captures}`);
  });

  it('lists every capture from the default folder, with --json fields', async () => {
    const human = await runCli(['captures', 'list'], { cwd: dir });
    expect(human.code).toBe(0);
    const lines = human.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(`✓ ORDER`);
    expect(lines[2]).toMatch(/✗ INVOICE .*documentUrl is wrong/);
    expect(human.stderr).toContain('3 captures in');

    const json = await runCli(['captures', 'list', '--json'], { cwd: dir });
    const rows = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.eventId)).toEqual(records.map((r) => r.eventId));
    expect(rows[1]).toEqual({
      eventId: records[1]!.eventId,
      eventType: 'DELIVERY',
      transactionStatus: records[1]!.transactionStatus,
      orderId: records[1]!.orderId,
      documentId: records[1]!.documentId,
      transactionId: records[1]!.transactionId,
      receivedAt: records[1]!.receivedAt,
      valid: true,
      path: '/itscope',
      status: 200,
      seq: 2,
    });
  });

  it('filters by --type and --since, and honors ITSCOPE_HOOKS_DIR', async () => {
    const byType = await runCli(['captures', 'list', '--json', '--type', 'invoice'], { cwd: dir });
    expect(
      byType.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).eventType),
    ).toEqual(['INVOICE']);
    const recent = await runCli(['captures', 'list', '--json', '--since', '1h'], { env: { ITSCOPE_HOOKS_DIR: captures } });
    expect(
      recent.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).eventType),
    ).toEqual(['DELIVERY', 'INVOICE']);
    const sinceDate = await runCli(['captures', 'list', '--json', '--since', '2019-12-31', '--captures', captures]);
    expect(sinceDate.stdout.trim().split('\n')).toHaveLength(3);
    const bad = await runCli(['captures', 'list', '--since', 'yesterday'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since "yesterday"/);
    const badType = await runCli(['captures', 'list', '--type', 'SHIPMENT'], { cwd: dir });
    expect(badType.code).toBe(2);
    const badLimit = await runCli(['captures', 'list', '--limit', '0'], { cwd: dir });
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/^error: --limit "0" is not a whole number from 1 to 1000000\nfix: +e\.g\. --limit 20 \(the newest 20\)/);
  });

  it('says so when there are no captures', async () => {
    const result = await runCli(['captures', 'list', '--captures', join(dir, 'none')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no captures in');
  });

  it('shows one capture by eventId or documentId: headers and the pretty body', async () => {
    const target = records[1]!;
    const byEvent = await runCli(['captures', 'show', target.eventId!], { cwd: dir });
    expect(byEvent.code).toBe(0);
    expect(byEvent.stdout).toContain(`DELIVERY ${target.eventId}`);
    expect(byEvent.stdout).toContain('authorization: Basic [redacted]');
    expect(byEvent.stdout).toContain(`  "documentId": "${target.documentId}",`);
    const byDocument = await runCli(['captures', 'show', target.documentId!, '--json'], { cwd: dir });
    const shown = JSON.parse(byDocument.stdout);
    expect(shown).toMatchObject({ seq: 2, eventId: target.eventId, body: target.body });
    expect(isCaptureRecord(shown)).toBe(true);
    const invalid = await runCli(['captures', 'show', records[2]!.eventId!], { cwd: dir });
    expect(invalid.stdout).toMatch(/✗ 1 problem[\s\S]*\$\.documentUrl: documentUrl is wrong/);
    const missing = await runCli(['captures', 'show', 'no-such-id'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`no capture with eventId, documentId or orderId "no-such-id" in ${captures} (3 searched)`);
    // An orderId finds every capture of that order.
    const byOrder = await runCli(['captures', 'show', records[1]!.orderId!, '--json'], { cwd: dir });
    expect(byOrder.code).toBe(0);
    expect(
      byOrder.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).orderId),
    ).toContain(records[1]!.orderId);
  });

  it('exports one capture file per capture that validate reads', async () => {
    const out = join(dir, 'exported');
    const result = await runCli(['captures', 'export', out, '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ exported: 3, dir: out });
    const files = (await readdir(out)).sort();
    expect(files).toHaveLength(3);
    expect(files[0]).toMatch(/^20200101T100000Z-ORDER-/);
    const first = JSON.parse(await readFile(join(out, files[0]!), 'utf8'));
    expect(first).toEqual(records[0]);
    expect((await stat(join(out, files[0]!))).mode & 0o777).toBe(0o600);
    const validate = await runCli(['validate', join(out, files[0]!)]);
    expect(validate.code).toBe(0);
  });

  it('export that cannot write (file size limit, as on a full disk): exit 2 naming the folder, no half-written file', async () => {
    const out = join(dir, 'exported');
    // `ulimit -f 1`: writes beyond one 512-byte block fail with EFBIG; a capture file is larger.
    const r = await runCli(['captures', 'export', out], { cwd: dir, fileSizeLimit: 1 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write to ${out} (EFBIG)`);
    expect(r.stderr).not.toContain('    at ');
    expect(readdirSync(out)).toEqual([]);
  });

  it('export never writes through a link planted in the folder, at the final name or at a guessable temporary name', async () => {
    const out = join(dir, 'exported');
    await mkdir(out);
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'untouched');
    const stored = (await openCaptureReader(captures)).all();
    const names = stored.map((c) => exportName(c));
    // Another user's links: at each final name, and where a predictable temporary file would go.
    for (const name of names) for (const planted of [name, `${name}.tmp`, `${name}.part`, `.${name}.tmp`]) await symlink(victim, join(out, planted));
    const r = await runCli(['captures', 'export', out], { cwd: dir });
    expect(r.code).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('untouched');
    for (const name of names) {
      // The final name is now a regular file of our own; the planted temporary links were never used.
      expect((await lstat(join(out, name))).isFile()).toBe(true);
      expect((await lstat(join(out, `${name}.tmp`))).isSymbolicLink()).toBe(true);
    }
    expect((await readdir(out)).filter((f) => f.endsWith('.part') && !names.some((n) => f === `${n}.part`))).toEqual([]);
  });

  it('keeps every exported file inside the export folder, whatever eventType the sender chose', async () => {
    const store = await CaptureStore.open(captures);
    // '../../../../y' would land in dir/a/y (still in the temp folder) without sanitizing.
    const hostile = ['../../x', '../../../../y', 'A\nB', '..', '/abs'];
    for (const [i, eventType] of hostile.entries()) await store.append(capture('ORDER', OLD, 10 + i, { eventType }));
    await store.close();
    const out = join(dir, 'a', 'b', 'exported');
    const result = await runCli(['captures', 'export', out, '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    const { files } = JSON.parse(result.stdout) as { files: string[] };
    expect(files).toHaveLength(records.length + hostile.length);
    for (const file of files) expect(dirname(file)).toBe(out);
    expect((await readdir(out)).sort()).toEqual(files.map((f) => f.slice(out.length + 1)).sort());
    // Nothing was written anywhere else in the temp folder.
    const all = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(all.filter((f) => dirname(f) !== out && dirname(f) !== captures)).toEqual([]);
    expect(files.some((f) => f.includes('-A_B-'))).toBe(true);
  });

  it('shows control and bidi characters from a payload as escapes; --json keeps the exact bytes', async () => {
    const evil = 'x\u001b[2J\r\u202e\u009b';
    const shown = 'x\\x1b[2J\\r\\u202e\\x9b';
    const body = `not json ${evil}\n\tsecond line`;
    const store = await CaptureStore.open(captures);
    await store.append({
      ...capture('ORDER', OLD, 20, { eventId: `id-${evil}`, eventType: evil, transactionStatus: evil, orderId: evil, documentId: 'doc-evil' }),
      ...encodeBody(Buffer.from(body)),
      headers: { 'x-evil': evil },
      valid: false,
      errors: [{ path: '$', message: `bad ${evil}`, hint: 'h' }],
    });
    await store.close();
    const list = await runCli(['captures', 'list'], { cwd: dir });
    const line = list.stdout.split('\n').find((l) => l.includes('doc doc-evil'))!;
    expect(line).toContain(`✗ ${shown} ${shown} order ${shown}  doc doc-evil  id-${shown}  bad ${shown}`);
    expect(list.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);

    const show = await runCli(['captures', 'show', 'doc-evil'], { cwd: dir });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`${shown} id-${shown}`);
    expect(show.stdout).toContain(`    x-evil: ${shown}`);
    expect(show.stdout).toContain(`    $: bad ${shown}`);
    expect(show.stdout).toContain(`not json ${shown}\n\tsecond line\n`);
    expect(show.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);

    const json = await runCli(['captures', 'show', 'doc-evil', '--json'], { cwd: dir });
    const shownRecord = JSON.parse(json.stdout) as CaptureRecord;
    expect(shownRecord.body).toBe(body);
    expect(shownRecord.eventType).toBe(evil);
  });

  it('warns about a torn record and still lists the rest', async () => {
    const [file] = await readdir(captures);
    const { appendFile } = await import('node:fs/promises');
    // A damaged line in the middle (a crash tore it; a later write went on after it).
    await appendFile(join(captures, file!), '{"kind":"itscope-hooks/capture","v":1,"rece\n');
    const result = await runCli(['captures', 'list', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
    expect(result.stderr).toMatch(/1 damaged record .* skipped/);
  });
});
