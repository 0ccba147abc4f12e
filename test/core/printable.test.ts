import { describe, expect, it } from 'vitest';
import { printable, printableLines } from '../../src/core/printable.js';

describe('printable', () => {
  it.each([
    ['123-SAMPLE-456', '123-SAMPLE-456'],
    ['Müller & Söhne 📦', 'Müller & Söhne 📦'],
    ['a\u001b[2Jb', 'a\\x1b[2Jb'],
    ['\u001b]0;title\u0007', '\\x1b]0;title\\x07'],
    ['line\nnext\r\tx\b\f\v', 'line\\nnext\\r\\tx\\b\\f\\v'],
    ['nul\u0000del\u007f', 'nul\\x00del\\x7f'],
    ['csi\u009b31m', 'csi\\x9b31m'],
    ['\u202eevil\u202c', '\\u202eevil\\u202c'],
    ['\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029', '\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c\\u2028\\u2029'],
  ])('%j → %j', (text, shown) => expect(printable(text)).toBe(shown));

  it('keeps newlines and tabs in multi-line text, escapes the rest', () => {
    expect(printableLines('{\n\t"a": "x\u001b[2J\r\u202e"\n}')).toBe('{\n\t"a": "x\\x1b[2J\\r\\u202e"\n}');
  });
});
