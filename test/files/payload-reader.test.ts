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

  // Windows PowerShell's `>` writes UTF-16LE with a byte-order mark: such a file reads as the same payloads.
  const payloads = [
    { orderId: 'Bestellung-Ä€', n: 1 },
    { orderId: 'x', n: 2 },
    { orderId: '🚚', n: 3 },
  ];
  const ndjson = `${payloads.map((p) => JSON.stringify(p)).join('\r\n')}\r\n`;
  const utf16 = (order: 'le' | 'be'): Buffer => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ndjson, 'utf16le')]);
    return order === 'le' ? le : Buffer.from(le).swap16();
  };

  it.each(['le', 'be'] as const)('reads UTF-16%s with a byte-order mark as the same payloads, from a file and byte by byte from a pipe', async (order) => {
    const bytes = utf16(order);
    const fromFile = await readAll(await file(`utf16${order}.ndjson`, bytes));
    expect(fromFile.format).toBe('ndjson');
    expect(fromFile.records.map((r) => r.value)).toEqual(payloads);
    const fromPipe = await readAll(Readable.from(Array.from(bytes, (b) => Buffer.from([b]))));
    expect(fromPipe.records.map((r) => r.value)).toEqual(payloads);
  });

  it('a single JSON object in UTF-16 keeps its text for send (decoded, without the mark)', async () => {
    const text = '{"orderId":"Bestellung-Ä€"}';
    const { records, format } = await readAll(await file('one16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), {
      keepRaw: true,
    });
    expect(format).toBe('object');
    expect(records).toEqual([{ index: 0, value: { orderId: 'Bestellung-Ä€' }, raw: text }]);
  });

  it('UTF-8 still reads byte by byte from a pipe, and an input of one byte is read too', async () => {
    const bytes = Buffer.from(ndjson);
    const { records } = await readAll(Readable.from(Array.from(bytes, (b) => Buffer.from([b]))));
    expect(records.map((r) => r.value)).toEqual(payloads);
    expect((await readAll(await file('one-byte.json', '5'))).records).toEqual([{ index: 0, value: 5 }]);
    expect((await readAll(Readable.from([Buffer.from('{')]))).records).toEqual([{ index: 0, readError: expect.stringMatching(/^not valid JSON/) }]);
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
