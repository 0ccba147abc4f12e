// The payload text parser must give the same records however the input is cut into chunks.
import { describe, expect, it } from 'vitest';
import { type PayloadRecord, PayloadTextParser } from '../../src/core/payload-text.js';

function chunked(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
}

const pieces = (parts: string[]): string[] => parts;

async function collect(chunks: string[], name = ''): Promise<PayloadRecord[]> {
  const parser = new PayloadTextParser({ name });
  const items: PayloadRecord[] = [];
  for (const chunk of chunks) items.push(...parser.push(chunk));
  items.push(...parser.end());
  return items;
}

const SIZES = [1, 2, 3, 7, 64, 1 << 20];

describe('PayloadTextParser', () => {
  it('NDJSON: the same records for every chunk size, with CRLF, blank lines, a long line and no final newline', async () => {
    const long = 'x'.repeat(50_000);
    const text = `{"a":1}\r\n\n{"b":"${long}"}\n{"c":3}\r\n  \n{"d":4}`;
    const expected = [
      { line: 1, value: { a: 1 } },
      { line: 3, value: { b: long } },
      { line: 4, value: { c: 3 } },
      { line: 6, value: { d: 4 } },
    ];
    for (const size of SIZES) expect(await collect(chunked(text, size)), `chunk size ${size}`).toEqual(expected);
  });

  it('a torn last line (no newline, cut mid-record) is one read error with its line number', async () => {
    const text = `{"a":1}\n{"b":"${'y'.repeat(30_000)}`;
    for (const size of [1, 5, 4096]) {
      const items = await collect(chunked(text, size));
      expect(items[0], `chunk size ${size}`).toEqual({ line: 1, value: { a: 1 } });
      expect(items[1]).toMatchObject({ line: 2, readError: expect.stringMatching(/^not valid JSON/) });
      expect(items).toHaveLength(2);
    }
  });

  it('records that end exactly at a chunk boundary, and chunks that are only a newline', async () => {
    const items = await collect(pieces(['{"a":1}', '\n', '{"b":2}\n', '{"c":', '3}', '\n', '\n']));
    expect(items).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { b: 2 } },
      { line: 3, value: { c: 3 } },
    ]);
  });

  it('a pretty-printed document and a one-line array are read whole, whatever the chunks', async () => {
    const pretty = JSON.stringify([{ a: 1 }, { b: 2 }], null, 2);
    const oneLine = JSON.stringify([{ a: 1 }, { b: 'z'.repeat(20_000) }]);
    for (const size of SIZES) {
      expect(await collect(chunked(pretty, size)), `pretty, chunk size ${size}`).toEqual([
        { index: 0, value: { a: 1 } },
        { index: 1, value: { b: 2 } },
      ]);
      expect(await collect(chunked(`${oneLine}\n`, size)), `one line, chunk size ${size}`).toEqual([
        { index: 0, value: { a: 1 } },
        { index: 1, value: { b: 'z'.repeat(20_000) } },
      ]);
    }
  });

  it('a single object without a final newline is one document', async () => {
    for (const size of [1, 3, 100]) expect(await collect(chunked('{"only":true}', size))).toEqual([{ index: 0, value: { only: true } }]);
  });

  it('.ndjson by name: a first line that is not JSON is a read error, not a switch to document mode', async () => {
    const items = await collect(chunked('{"a":\n{"b":2}\n', 2), 'x.ndjson');
    expect(items[0]).toMatchObject({ line: 1, readError: expect.stringMatching(/^not valid JSON/) });
    expect(items[1]).toEqual({ line: 2, value: { b: 2 } });
  });
});
