import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBody } from '../../src/core/capture.js';
import { BinaryInputError, type PayloadRecord } from '../../src/core/payload-text.js';
import { openPayloads, type PayloadReadOptions, PayloadTooLargeError } from '../../src/files/payload-reader.js';
import { tempDir } from '../support/temp-dir.js';

let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir('payload-reader-');
});
afterAll(() => work.cleanup());

async function readAll(
  input: string | NodeJS.ReadableStream,
  options: PayloadReadOptions = {},
): Promise<{ records: PayloadRecord[]; format: string; batches: number }> {
  const source = openPayloads(input, options);
  const records: PayloadRecord[] = [];
  let batches = 0;
  for await (const batch of source.batches()) {
    batches++;
    records.push(...batch);
  }
  return { records, format: source.format, batches };
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(work.dir, name);
  await writeFile(path, content);
  return path;
}

describe('openPayloads', () => {
  it('reads a large NDJSON file in several batches, each line a record', async () => {
    const line = JSON.stringify({ eventType: 'ORDER', pad: 'x'.repeat(1000) });
    const path = await file('many.ndjson', `${Array.from({ length: 3000 }, () => line).join('\n')}\n`);
    const { records, format, batches } = await readAll(path);
    expect(format).toBe('ndjson');
    expect(records).toHaveLength(3000);
    expect(records[2999]).toMatchObject({ line: 3000, value: { eventType: 'ORDER' } });
    expect(batches).toBeGreaterThan(1);
  });

  it('keeps the exact text of array elements and the captured bytes of a capture', async () => {
    const captured = Buffer.from('{"eventType":"INVOICE" }');
    const capture = { kind: 'itscope-hooks/capture', v: 1, headers: {}, ...encodeBody(captured) };
    const path = await file('mixed.json', `[ {"eventType" : "ORDER"},\n ${JSON.stringify(capture)} ]`);
    const { records, format } = await readAll(path, { keepRaw: true });
    expect(format).toBe('array');
    expect(records[0]).toMatchObject({ index: 0, raw: '{"eventType" : "ORDER"}' });
    const raw = records[1]?.raw;
    expect(Buffer.isBuffer(raw) && raw.equals(captured)).toBe(true);
    expect(records[1]?.value).toEqual({ eventType: 'INVOICE' });
  });

  it('reads stdin the same way, multi-byte characters split across pieces included', async () => {
    const text = '{"orderId":"Bestellung-Ä€"}\n{"orderId":"x"}\n';
    const bytes = Buffer.from(text);
    const stream = Readable.from([bytes.subarray(0, 21), bytes.subarray(21)]);
    const { records } = await readAll(stream);
    expect(records.map((r) => r.value)).toEqual([{ orderId: 'Bestellung-Ä€' }, { orderId: 'x' }]);
  });

  it('refuses a regular file over maxBytes by its size, and a stream once it passes the limit', async () => {
    const path = await file('big.json', 'x'.repeat(2048));
    await expect(readAll(path, { maxBytes: 1024 })).rejects.toMatchObject({ name: 'PayloadTooLargeError', size: 2048, limit: 1024 });
    const stream = Readable.from([Buffer.alloc(600, 0x20), Buffer.alloc(600, 0x20)]);
    await expect(readAll(stream, { maxBytes: 1024 })).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('says a binary file is binary', async () => {
    const path = await file('bin.json', Buffer.from([0x7b, 0x00, 0x01, 0x7d]));
    await expect(readAll(path)).rejects.toBeInstanceOf(BinaryInputError);
  });

  it('an empty file is empty; a missing one is the errno error', async () => {
    expect(await readAll(await file('empty.json', '\n\n'))).toMatchObject({ records: [], format: 'empty' });
    await expect(readAll(join(work.dir, 'missing.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
