import { execFileSync, spawn } from 'node:child_process';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { encodeBody } from '../../src/core/capture.js';
import { nestedDeeperThan, splitJsonArray } from '../../src/core/payload-text.js';
import { MAX_FILE_BYTES, MAX_JSON_DEPTH, payloadsFromText, readPayloadFile } from '../../src/send/payload-file.js';
import { tempDir } from '../support/temp-dir.js';

describe('splitJsonArray', () => {
  test.each([
    ['[1,2]', ['1', '2']],
    ['[ {"a":"[,]"} , {"b":"\\"}"} ]', ['{"a":"[,]"}', '{"b":"\\"}"}']],
    ['[\n  {"x":[1,{"y":2}]},\n  "s"\n]', ['{"x":[1,{"y":2}]}', '"s"']],
    ['[]', []],
  ])('%s', (text, parts) => {
    expect(splitJsonArray(text)).toEqual(parts);
  });
});

const capture = (body: string, contentType?: string) => ({
  kind: 'itscope-hooks/capture',
  v: 1,
  headers: contentType ? { 'Content-Type': contentType } : {},
  ...encodeBody(Buffer.from(body)),
});

describe('payloadsFromText', () => {
  test('one object: its text without BOM and outer whitespace', () => {
    const [p] = payloadsFromText('\uFEFF  {"eventType":"ORDER", "eventId" : "e"}\n', 'f.json');
    expect(p?.body.toString()).toBe('{"eventType":"ORDER", "eventId" : "e"}');
    expect(p).toMatchObject({ eventType: 'ORDER', eventId: 'e', contentType: 'application/json' });
  });
  test('an array: each element as written', () => {
    const ps = payloadsFromText('[{"eventType":"ORDER"},\n {"eventType" :"INVOICE"}]', 'a.json');
    expect(ps.map((p) => p.body.toString())).toEqual(['{"eventType":"ORDER"}', '{"eventType" :"INVOICE"}']);
  });
  test('NDJSON with CRLF and a capture record: line bytes and captured bytes', () => {
    const captured = '{"eventType":"DELIVERY","eventId":"c1"}  ';
    const ps = payloadsFromText(`{"eventType":"ORDER"}\r\n\r\n${JSON.stringify(capture(captured, 'application/json; charset=utf-8'))}\n`, 'x.ndjson');
    expect(ps.map((p) => p.body.toString())).toEqual(['{"eventType":"ORDER"}', captured]);
    expect(ps[1]).toMatchObject({ eventType: 'DELIVERY', eventId: 'c1', contentType: 'application/json; charset=utf-8', label: 'line 3 (capture)' });
  });
  test('a binary capture body is sent as its bytes', () => {
    const bytes = Buffer.from([0xff, 0x00, 0x7b]);
    const record = { kind: 'itscope-hooks/capture', v: 1, headers: {}, ...encodeBody(bytes) };
    const [p] = payloadsFromText(JSON.stringify(record), 'c.json');
    expect(p?.body.equals(bytes)).toBe(true);
  });
  test.each([
    ['', /is empty/],
    ['[]', /empty JSON array/],
    ['[1]', /element 1 is not a JSON object/],
    ['{"a":1}\n{"b":', /line 2 is not valid JSON/],
    ['"text"', /is not a JSON object/],
  ])('%j is a usage error', (text, message) => {
    expect(() => payloadsFromText(text, 'f')).toThrow(message);
  });
});

const nested = (levels: number) => `{"eventType":"ORDER","deep":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;

describe('nesting depth', () => {
  test('nestedDeeperThan counts [ and { outside strings, for text and bytes', () => {
    expect(nestedDeeperThan('{"a":[[1]]}', 3)).toBe(false);
    expect(nestedDeeperThan('{"a":[[[1]]]}', 3)).toBe(true);
    expect(nestedDeeperThan('{"a":"[[[[\\"[[[["}', 1)).toBe(false);
    expect(nestedDeeperThan(Buffer.from('{"ü":[{"b":[]}]}'), 3)).toBe(true);
  });

  test(`${MAX_JSON_DEPTH} levels pass; one more is a usage error naming the file and the limit`, () => {
    expect(payloadsFromText(nested(MAX_JSON_DEPTH), 'ok.json')).toHaveLength(1);
    const tooDeep = expect.objectContaining({ message: `deep.json is nested too deeply (more than ${MAX_JSON_DEPTH} levels of [ and {)`, exitCode: 2 });
    expect(() => payloadsFromText(nested(MAX_JSON_DEPTH + 1), 'deep.json')).toThrow(tooDeep);
  });

  test('100000 levels (which overflowed the stack of --dry-run) in an object, NDJSON and a capture body', () => {
    const deep = nested(100_000);
    expect(() => payloadsFromText(deep, 'deep.json')).toThrow(/deep\.json is nested too deeply/);
    expect(() => payloadsFromText(`{"eventType":"ORDER"}\n${deep}\n`, 'deep.ndjson')).toThrow(/deep\.ndjson line 2 is nested too deeply/);
    expect(() => payloadsFromText(JSON.stringify(capture(deep)), 'c.json')).toThrow(/the body of c\.json \(capture\) is nested too deeply/);
  });
});

describe('readPayloadFile size limit', () => {
  test('a file above the limit is refused by its size, before it is read', async () => {
    const { dir, cleanup } = await tempDir('send-file-');
    try {
      const path = join(dir, 'huge.ndjson');
      await writeFile(path, '');
      // Sparse: 1 GiB on paper, nothing on disk. Reading it gave "Invalid string length".
      await truncate(path, 1024 ** 3);
      await expect(readPayloadFile(path)).rejects.toThrow(
        expect.objectContaining({ message: `--file ${path} is 1024 MiB (1073741824 bytes), more than the limit of 64 MiB`, exitCode: 2 }),
      );
      await truncate(path, MAX_FILE_BYTES + 1);
      await expect(readPayloadFile(path)).rejects.toThrow(/is 64\.0 MiB \(67108865 bytes\), more than the limit of 64 MiB/);
    } finally {
      await cleanup();
    }
  });

  test('something without a size (a pipe) is cut off at the limit while reading', async () => {
    const { dir, cleanup } = await tempDir('send-file-');
    const fifo = join(dir, 'endless.ndjson');
    execFileSync('mkfifo', [fifo]);
    // A writer that never stops: only the limit ends the read.
    const writer = spawn('sh', ['-c', `yes '{"eventType":"ORDER"}' > "${fifo}"`], { stdio: 'ignore' });
    try {
      await expect(readPayloadFile(fifo)).rejects.toThrow(expect.objectContaining({ message: `--file ${fifo} is more than the limit of 64 MiB`, exitCode: 2 }));
    } finally {
      writer.kill();
      await cleanup();
    }
  });

  test('a device of zeros is refused as binary at once, not read to the limit', async () => {
    await expect(readPayloadFile('/dev/zero')).rejects.toThrow(expect.objectContaining({ message: '--file /dev/zero is binary, not JSON text', exitCode: 2 }));
  });
});
