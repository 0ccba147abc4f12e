import { describe, expect, test } from 'vitest';
import { DEFAULT_WIDTH, displayWidth, MIN_WIDTH, shortId, truncate, usableWidth, wrap } from '../../src/ui/fit.js';

describe('usableWidth', () => {
  test("a terminal's columns, else 80", () => {
    expect(usableWidth({ isTTY: true, columns: 120 })).toBe(120);
    expect(usableWidth({ isTTY: true, columns: 20 })).toBe(MIN_WIDTH);
    expect(usableWidth({ isTTY: false, columns: 120 })).toBe(DEFAULT_WIDTH);
    expect(usableWidth({ isTTY: true })).toBe(DEFAULT_WIDTH);
    expect(usableWidth(undefined)).toBe(DEFAULT_WIDTH);
  });
});

describe('shortId', () => {
  test('head and tail of a long id; a short one whole', () => {
    expect(shortId('e2a6a466-3b62-4bb7-af53-b59aec592b49')).toBe('e2a6a466…592b49');
    expect(shortId('123456789')).toBe('123456789');
    expect(shortId('123456789012345')).toBe('123456789012345');
    expect(shortId('1234567890123456')).toBe('12345678…123456');
  });
});

describe('displayWidth and truncate', () => {
  test('color escapes take no columns, wide characters two', () => {
    expect(displayWidth('\u001b[31mabc\u001b[39m')).toBe(3);
    expect(displayWidth('注文')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('✓ ✗ …')).toBe(5);
  });
  test('cuts with … and keeps colors closed', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
    expect(truncate('\u001b[31mabcdefg\u001b[39m', 4)).toBe('\u001b[31mabc…\u001b[0m');
    expect(truncate('注文注文', 4)).toBe('注…');
    expect(displayWidth(truncate('x'.repeat(200), 80))).toBe(80);
  });
});

describe('wrap', () => {
  test('words under an indent, never wider than the width', () => {
    const text = 'the receiver wants Basic Auth (realm "itscope-hooks"): pass --user NAME and set ITSCOPE_WEBHOOK_PASSWORD';
    const lines = wrap(text, 40, '       ', { first: '  fix: ' });
    expect(lines).toEqual([
      '  fix: the receiver wants Basic Auth',
      '       (realm "itscope-hooks"): pass',
      '       --user NAME and set',
      '       ITSCOPE_WEBHOOK_PASSWORD',
    ]);
    for (const line of wrap(`${text} ${'y'.repeat(100)}`, 40, '  ')) expect(displayWidth(line)).toBeLessThanOrEqual(40);
  });
  test('a word longer than a line is broken; maxLines ends in …', () => {
    expect(wrap('a'.repeat(25), 10, '  ')).toEqual(['  aaaaaaaa', '  aaaaaaaa', '  aaaaaaaa', '  a']);
    expect(wrap('one two three four five six', 10, '', { maxLines: 2 })).toEqual(['one two', 'three fou…']);
    expect(wrap('one two three four five six', 20, '', { maxLines: 1 })).toEqual(['one two three four…']);
    expect(wrap('', 10, '  ')).toEqual(['  ']);
  });
});
