import { describe, expect, it } from 'vitest';
import { duration, formatDuration, parseSize } from '../../src/cli/values.js';
import { UserError } from '../../src/core/errors.js';
import { formatBytes } from '../../src/core/format.js';

describe('size', () => {
  it.each([
    ['1mb', 1048576],
    ['512kb', 524288],
    ['2MiB', 2097152],
    ['1000', 1000],
    ['1.5k', 1536],
    ['0', undefined],
    ['lots', undefined],
    ['5tb', undefined],
  ])('parseSize(%s) = %s', (text, bytes) => expect(parseSize(text)).toBe(bytes));
  it('formats sizes (one formatter for limits, progress and files)', () =>
    expect([formatBytes(1048576), formatBytes(2048), formatBytes(1000)]).toEqual(['1 MiB', '2 KiB', '1000 bytes']));
});

describe('duration', () => {
  it.each<[string, 'ms' | 's', number]>([
    ['500ms', 'ms', 500],
    ['2s', 'ms', 2000],
    ['1.5s', 'ms', 1500],
    ['1m', 'ms', 60_000],
    ['1h', 'ms', 3_600_000],
    ['90min', 's', 5_400_000],
    [' 2 S ', 'ms', 2000],
    ['.5s', 'ms', 500],
    ['250', 'ms', 250],
    ['250', 's', 250_000],
    ['1.5', 's', 1500],
    ['0', 'ms', 0],
    ['1.4ms', 'ms', 1],
  ])('duration(%j, bareUnit %s) = %i ms', (text, bareUnit, ms) => expect(duration(text, '--interval', { bareUnit })).toBe(ms));

  it.each<[string, { bareUnit: 'ms' | 's'; min?: number; max?: number }, RegExp, RegExp]>([
    ['soon', { bareUnit: 'ms' }, /^--interval "soon" is not a duration$/, /a bare number is milliseconds/],
    ['2d', { bareUnit: 's' }, /is not a duration/, /a bare number is seconds/],
    ['-1s', { bareUnit: 'ms' }, /is not a duration/, /--interval 500ms/],
    ['1e3', { bareUnit: 'ms' }, /is not a duration/, /--interval 2s/],
    ['', { bareUnit: 'ms' }, /is not a duration/, /--interval 1m/],
    ['2h', { bareUnit: 'ms', max: 3_600_000 }, /^--interval "2h" is longer than 1h$/, /^give at most 1h; e\.g\./],
    ['0', { bareUnit: 's', min: 1 }, /^--interval "0" is shorter than 1ms$/, /give at least 1ms/],
    ['99999999999999999999999h', { bareUnit: 'ms' }, /is longer than/, /at most/],
  ])('duration(%j) is a usage error', (text, options, message, hint) => {
    let error: unknown;
    try {
      duration(text, '--interval', options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(message);
    expect((error as UserError).hint).toMatch(hint);
  });

  it.each([
    [500, '500ms'],
    [2000, '2s'],
    [1500, '1.5s'],
    [60_000, '1m'],
    [90_000, '90s'],
    [5_400_000, '90m'],
    [3_600_000, '1h'],
  ])('formatDuration(%i) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
