import { describe, expect, test } from 'vitest';
import { encodeBody } from '../../src/core/capture.js';
import { payloadsFromText, splitJsonArray } from '../../src/core/send-file.js';

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
