import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, jsonErrorPlace, jsonErrorReason } from '../../src/core/json-error.js';

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`parsed: ${text}`);
}

describe('JSON syntax errors, never quoting the text', () => {
  it.each([
    ['{"a":tru}', 5],
    ['x', 0],
    ['{"apiKey": sk-secret}', 11],
    ['{"a":1,}', 7],
    ['[1,2', 4],
    ['{"a":"b\\q"}', 7],
    ['{"a":1} x', 8],
    ['', 0],
  ])('finds the offset in %j', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('names the place and a reason made of grammar only', () => {
    for (const text of ['{"apiKey": sk-secret}', '{\n  "apiKey": "sk-secret" "x"\n}', '{"apiKey": "sk-secret"', 'sk-secret']) {
      const error = parseError(text);
      const said = `${jsonErrorReason(error)} ${jsonErrorPlace(error, text)}`;
      expect(said).not.toContain('sk-');
      expect(said).not.toContain('secret');
    }
    const error = parseError('{\n  "apiKey": "k" "x"\n}');
    expect(jsonErrorPlace(error, '{\n  "apiKey": "k" "x"\n}')).toBe('line 2, column 17');
    expect(jsonErrorReason(error)).toBe("expected ',' or '}' after property value");
    expect(jsonErrorReason(parseError('{"a":1'))).not.toMatch(/position/);
  });
});
