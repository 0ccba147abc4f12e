import { spawnSync } from 'node:child_process';
import { appendFile, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CaptureRecord, captureBody } from '../../src/core/capture.js';
import { openCaptureReader } from '../../src/store/capture-reader.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { decodeLine, encodeLine } from '../../src/store/journal-line.js';
import { makeCapture } from '../support/capture-records.js';
import { tempDir } from '../support/temp-dir.js';

function record(eventId: string | undefined, extra: Partial<CaptureRecord> = {}, bytes = Buffer.from(`{"eventId":"${eventId}"}`)): CaptureRecord {
  return makeCapture(bytes, { ...(eventId !== undefined ? { eventId } : {}), ...extra });
}

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('store-'));
  dir = join(dir, 'captures');
});
afterEach(() => cleanup());

describe('journal line', () => {
  it('round-trips a record and rejects an altered or torn line', () => {
    const line = encodeLine(record('a'));
    expect(line.endsWith('\n')).toBe(true);
    const text = line.slice(0, -1);
    expect(decodeLine(text)?.eventId).toBe('a');
    expect(decodeLine(text.replace('"a"', '"b"'))).toBeUndefined();
    expect(decodeLine(text.slice(0, text.length - 10))).toBeUndefined();
    expect(decodeLine('not json at all')).toBeUndefined();
  });
});

describe('CaptureStore', () => {
  it('stores records durably with private file modes and reads them back in order', async () => {
    const store = await CaptureStore.open(dir);
    await store.append(record('e1', { documentId: 'D1', orderId: 'O1' }));
    await store.append(record('e2', { documentId: 'D1', orderId: 'O2' }));
    await store.close();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^journal-.*\.ndjson$/);
    expect((await stat(join(dir, files[0]!))).mode & 0o777).toBe(0o600);

    const reader = await openCaptureReader(dir);
    expect(reader.torn).toBe(0);
    expect(reader.all().map((c) => [c.eventId, c.seq])).toEqual([
      ['e1', 1],
      ['e2', 2],
    ]);
    expect(reader.byEventId('e2')?.orderId).toBe('O2');
    expect(reader.byDocumentId('D1').map((c) => c.eventId)).toEqual(['e1', 'e2']);
    expect(reader.byOrderId('O1').map((c) => c.eventId)).toEqual(['e1']);
    expect(reader.byEventId('nope')).toBeUndefined();
    expect(reader.count).toBe(2);

    // A lookup keeps only what it can match; the count and the seq numbers stay those of the whole store.
    const one = await openCaptureReader(dir, { keep: (c) => c.eventId === 'e2' });
    expect(one.count).toBe(2);
    expect(one.all().map((c) => [c.eventId, c.seq])).toEqual([['e2', 2]]);
    expect(one.byEventId('e1')).toBeUndefined();
    expect(one.byDocumentId('D1').map((c) => c.eventId)).toEqual(['e2']);
  });

  it('keeps the body bytes exactly, also when they are not UTF-8', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    const text = Buffer.from('{ "eventId" : "ü",\r\n  "x":1 }');
    const store = await CaptureStore.open(dir);
    await store.append(record('bin', {}, bytes));
    await store.append(record('txt', {}, text));
    await store.close();
    const reader = await openCaptureReader(dir);
    expect(reader.byEventId('bin')?.bodyEncoding).toBe('base64');
    expect(captureBody(reader.byEventId('bin')!).equals(bytes)).toBe(true);
    expect(captureBody(reader.byEventId('txt')!).equals(text)).toBe(true);
  });

  it('stores concurrent duplicates once and reports the others as duplicates', async () => {
    const store = await CaptureStore.open(dir);
    const results = await Promise.all(Array.from({ length: 20 }, () => store.append(record('same'))));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(results.filter((r) => r.duplicate)).toHaveLength(19);
    expect(new Set(results.map((r) => r.capture.seq))).toEqual(new Set([1]));
    await store.close();
    expect((await openCaptureReader(dir)).all()).toHaveLength(1);
  });

  it('remembers eventIds across restarts and writes a new journal per session', async () => {
    const first = await CaptureStore.open(dir, { now: () => new Date('2026-01-01T00:00:00Z') });
    await first.append(record('e1'));
    await first.close();
    const second = await CaptureStore.open(dir, { now: () => new Date('2026-01-02T00:00:00Z') });
    expect(second.count).toBe(1);
    // A duplicate is reported with what arrived now, numbered as the capture stored first.
    expect(await second.append(record('e1', { orderId: 'AGAIN' }))).toMatchObject({ duplicate: true, capture: { seq: 1, orderId: 'AGAIN' } });
    const fresh = await second.append(record('e2'));
    expect(fresh).toMatchObject({ duplicate: false, capture: { seq: 2 } });
    await second.close();
    expect(await readdir(dir)).toHaveLength(2);
    expect((await openCaptureReader(dir)).all().map((c) => c.eventId)).toEqual(['e1', 'e2']);
  });

  it.each([1, 3])('batches concurrent appends and resolves each only when it is on disk (%i syncs in flight)', async (syncsInFlight) => {
    const store = await CaptureStore.open(dir, { syncsInFlight });
    const appends = Array.from({ length: 200 }, (_, i) =>
      store.append(record(`e${i}`)).then(async (r) => {
        // Whatever is acknowledged can already be read from disk.
        const text = await readFile(store.file, 'utf8');
        expect(text).toContain(`"eventId":"e${i}"`);
        return r;
      }),
    );
    const results = await Promise.all(appends);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    await store.close();
    expect((await openCaptureReader(dir)).all()).toHaveLength(200);
  });

  it('skips a torn record with a count and keeps every other record readable', async () => {
    const store = await CaptureStore.open(dir);
    await store.append(record('e1'));
    await store.append(record('e2'));
    await store.flush();
    // A crash mid-write: half a line at the end of the journal.
    const half = encodeLine(record('e3'));
    await appendFile(store.file, half.slice(0, Math.floor(half.length / 2)));
    await store.close();
    // The journal of a process that died (its pid is in the name) mid-write.
    await rename(store.file, store.file.replace(/-\d+\.ndjson$/, '-99999999.ndjson'));
    const reader = await openCaptureReader(dir);
    expect(reader.torn).toBe(1);
    expect(reader.all().map((c) => c.eventId)).toEqual(['e1', 'e2']);

    const next = await CaptureStore.open(dir);
    expect(next.torn).toBe(1);
    await next.append(record('e3'));
    await next.close();
    expect((await openCaptureReader(dir)).all().map((c) => c.eventId)).toEqual(['e1', 'e2', 'e3']);
  });

  it('reads journals larger than one read piece, with lines and characters split across pieces', async () => {
    // 1 MiB pieces; bodies of ~300 KiB with a two-byte character put boundaries inside lines and characters.
    const bodies = Array.from({ length: 12 }, (_, i) => Buffer.from(`{"eventId":"big${i}","note":"${'ü'.repeat(150_000 + i * 7)}"}`));
    const store = await CaptureStore.open(dir);
    for (const [i, body] of bodies.entries()) await store.append(record(`big${i}`, {}, body));
    await store.close();
    expect((await stat(store.file)).size).toBeGreaterThan(3 * 1024 * 1024);

    const reader = await openCaptureReader(dir);
    expect(reader.torn).toBe(0);
    expect(reader.all().map((c) => c.eventId)).toEqual(bodies.map((_, i) => `big${i}`));
    for (const [i, body] of bodies.entries()) expect(captureBody(reader.byEventId(`big${i}`)!).equals(body)).toBe(true);
    const again = await CaptureStore.open(dir);
    expect(again.count).toBe(12);
    expect((await again.append(record('big11'))).duplicate).toBe(true);
    await again.close();
  });

  it('reads a line spanning many pieces and reports a long line without a newline as torn', async () => {
    // A record of ~3 MiB spans several 1 MiB pieces; a torn line of 8 MiB (a crash while a
    // huge body was written) has no newline at all. Pieces are joined once per newline.
    const bigBody = Buffer.from(`{"eventId":"huge","note":"${'x'.repeat(3 * 1024 * 1024)}"}`);
    const store = await CaptureStore.open(dir);
    await store.append(record('e1'));
    await store.append(record('huge', {}, bigBody));
    await store.append(record('e2'));
    await store.close();
    const torn = `{"kind":"itscope-hooks/capture","v":1,"body":"${'y'.repeat(8 * 1024 * 1024)}`;
    await appendFile(store.file, torn);
    const dead = store.file.replace(/-\d+\.ndjson$/, '-99999999.ndjson');
    await rename(store.file, dead);
    expect((await stat(dead)).size).toBeGreaterThan(11 * 1024 * 1024);

    const reader = await openCaptureReader(dir);
    expect(reader.torn).toBe(1);
    expect(reader.all().map((c) => c.eventId)).toEqual(['e1', 'huge', 'e2']);
    expect(captureBody(reader.byEventId('huge')!).equals(bigBody)).toBe(true);

    // The same long torn line in the middle of a journal, followed by a record.
    await appendFile(dead, `\n${encodeLine(record('e3'))}`);
    const after = await openCaptureReader(dir);
    expect(after.torn).toBe(1);
    expect(after.all().map((c) => c.eventId)).toEqual(['e1', 'huge', 'e2', 'e3']);
  });

  it('detects a record changed on disk', async () => {
    const store = await CaptureStore.open(dir);
    await store.append(record('e1', { orderId: 'ORDER-1' }));
    await store.close();
    const [file] = await readdir(dir);
    const path = join(dir, file!);
    await writeFile(path, (await readFile(path, 'utf8')).replace('ORDER-1', 'ORDER-2'));
    const reader = await openCaptureReader(dir);
    expect(reader.torn).toBe(1);
    expect(reader.all()).toHaveLength(0);
  });

  it('reads a folder that does not exist as an empty store and removes an unused journal', async () => {
    const reader = await openCaptureReader(join(dir, 'missing'));
    expect(reader.all()).toEqual([]);
    const store = await CaptureStore.open(dir);
    await store.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('lets one writer at a time use a folder, and takes over the lock of a process that is gone', async () => {
    const store = await CaptureStore.open(dir);
    await expect(CaptureStore.open(dir)).rejects.toThrow(`another itscope-hooks listen (pid ${process.pid}) is already writing to ${dir}`);
    await store.close();
    // Closed: the lock is gone with it.
    expect(await readdir(dir)).toEqual([]);
    // A lock naming a process that has exited (killed before it could remove it).
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(join(dir, 'listen.lock'), `${gone}\n`);
    const next = await CaptureStore.open(dir);
    await next.append(record('e1'));
    await next.close();
    expect((await openCaptureReader(dir)).all().map((c) => c.eventId)).toEqual(['e1']);
  });

  it('refuses a capture folder that is a file', async () => {
    await writeFile(`${dir}-file`, 'x');
    await expect(CaptureStore.open(`${dir}-file`)).rejects.toThrow(/cannot create capture folder/);
    await expect(openCaptureReader(`${dir}-file`)).rejects.toThrow(/is a file/);
  });
});

describe('reading while listen writes', () => {
  it('treats an unfinished last line of a running writer as in progress, of a dead one as torn', async () => {
    const { scanJournalText } = await import('../../src/store/capture-reader.js');
    const text = `${encodeLine(record('e1'))}${encodeLine(record('e2')).slice(0, 40)}`;
    const alive: CaptureRecord[] = [];
    expect(scanJournalText(text, (r) => alive.push(r), true)).toBe(0);
    expect(alive.map((c) => c.eventId)).toEqual(['e1']);
    expect(scanJournalText(text, () => undefined, false)).toBe(1);
    // A damaged line in the middle is torn whoever writes the file.
    expect(scanJournalText(`garbage\n${text}`, () => undefined, true)).toBe(1);
  });

  it('reads the journal of a store that is open in this process without a warning', async () => {
    const store = await CaptureStore.open(dir);
    await store.append(record('e1'));
    await appendFile(store.file, encodeLine(record('e2')).slice(0, 30));
    const reader = await openCaptureReader(dir);
    expect(reader.torn).toBe(0);
    expect(reader.all().map((c) => c.eventId)).toEqual(['e1']);
    await store.close();
  });
});
