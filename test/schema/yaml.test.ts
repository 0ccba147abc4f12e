import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { payloadJsonSchema } from '../../src/schema/json-schema.js';
import { openApiDocument } from '../../src/schema/openapi.js';
import { toYaml } from '../../src/schema/yaml.js';

/** Parsed back under YAML 1.2 (JavaScript, Go) and YAML 1.1 (PyYAML, SnakeYAML), it is the same JSON data. */
function roundTrips(value: unknown): void {
  const text = toYaml(value);
  expect(parse(text, { version: '1.2' }), text).toEqual(value);
  expect(parse(text, { version: '1.1' }), text).toEqual(value);
}

const TRICKY_STRINGS = [
  '',
  ' ',
  '  ',
  'a  b',
  'trailing ',
  ' leading',
  'yes',
  'No',
  'ON',
  'off',
  'y',
  'N',
  'true',
  'False',
  'null',
  'Null',
  '~',
  '123',
  '-1',
  '1.5',
  '0x1F',
  '0o17',
  '1e3',
  '1_000',
  '12:30:00',
  '1:20',
  '.inf',
  '-.inf',
  '.NaN',
  '2023-10-17',
  '2023-10-17T11:01:36',
  '-',
  '- a',
  '-a',
  '?',
  '? a',
  ':',
  ': a',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '#x',
  '@x',
  '`x',
  '%x',
  '!x',
  '!!str',
  '&x',
  '*x',
  '|',
  '>',
  "'",
  '"',
  "it's",
  'say "hi"',
  '\\',
  'C:\\path',
  '\n',
  'a\nb',
  'a\r\nb',
  '\t',
  'tab\there',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffe',
  '😀',
  'é',
  'ключ',
  '中文',
  '<<',
  '=',
  '[a]',
  '{a}',
  'a,b',
  'a, b',
  '$ref',
  '$schema',
  '/business/documents/{transactionId}/{docType}.xml',
  'application/json',
  '2XX',
  'https://api.itscope.com/2.1',
  '\\S',
  '^[A-Z][A-Z0-9_]*$',
  'x'.repeat(500),
];

describe('toYaml', () => {
  it.each(TRICKY_STRINGS.map((s) => [JSON.stringify(s), s]))('keeps the string %s, as a value and as a key', (_name, text) => {
    roundTrips(text);
    roundTrips({ [text]: text, list: [text, [text], { [text]: [text] }] });
  });

  it.each([0, 1, -1, 600, 1.5, -0.25, 2 ** 53, 1e21, 1e-7, -1.5e300, Number.MIN_VALUE])('keeps the number %d as a number', (n) => {
    roundTrips(n);
    roundTrips({ n, list: [n] });
  });

  it('keeps booleans, null and empty and nested collections', () => {
    roundTrips({ t: true, f: false, n: null, a: [], o: {}, nested: [[], [[1, [2]]], [{}], [{ a: [{ b: {} }] }]], deep: { x: { y: { z: [null, true] } } } });
    roundTrips([]);
    roundTrips({});
    roundTrips('top');
  });

  it('writes block style, readable plain scalars, and ends in one newline', () => {
    expect(toYaml({ type: 'object', required: ['eventId'], properties: { eventId: { type: 'string', minLength: 1 } }, $ref: '#/x' })).toBe(
      'type: object\nrequired:\n  - eventId\nproperties:\n  eventId:\n    type: string\n    minLength: 1\n$ref: "#/x"\n',
    );
    expect(toYaml([{ a: 1, b: [2] }, [3]])).toBe('- a: 1\n  b:\n    - 2\n- - 3\n');
  });

  it('leaves out undefined properties and writes undefined array items as null, as JSON.stringify does', () => {
    expect(parse(toYaml({ a: undefined, b: [undefined] }))).toEqual({ b: [null] });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol('s'), 1n])('refuses %s, which is not JSON data', (value) => {
    expect(() => toYaml({ value })).toThrow(TypeError);
  });

  it('round-trips the generated JSON Schema and OpenAPI document', () => {
    roundTrips(payloadJsonSchema());
    roundTrips(openApiDocument());
  });
});
