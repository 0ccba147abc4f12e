import { describe, expect, it } from 'vitest';
import { add, compare, type Decimal, formatDecimal, parseDecimal, shift, subtract, sum, trim } from '../../src/core/decimal.js';

const d = (s: string): Decimal => {
  const parsed = parseDecimal(s);
  if (!parsed) throw new Error(`not a decimal: ${s}`);
  return parsed;
};

describe('parseDecimal', () => {
  it.each([
    ['91.8992', '91.8992'],
    ['1798.00', '1798.00'],
    ['-12.5', '-12.5'],
    ['+3', '3'],
    ['.5', '0.5'],
    ['7.', '7'],
    ['  42.10 ', '42.10'],
    ['1.5E2', '150'],
    ['25e-3', '0.025'],
    ['-0.05', '-0.05'],
  ])('reads %j exactly as %j', (input, expected) => {
    expect(formatDecimal(d(input))).toBe(expected);
  });

  it.each(['', '.', '1,5', '1.234,50', '1.2.3', 'abc', 'NaN', '1e', '1e999', '--1', '12 EUR'])('refuses %j', (input) => {
    expect(parseDecimal(input)).toBeUndefined();
  });
});

describe('arithmetic', () => {
  it('adds at the larger scale, without binary floating-point noise', () => {
    expect(formatDecimal(add(d('1798.00'), d('129.5')))).toBe('1927.50');
    expect(formatDecimal(add(d('0.1'), d('0.2')))).toBe('0.3');
    expect(formatDecimal(sum(['461.25', '473.10', '189.90'].map(d)))).toBe('1124.25');
  });

  it('subtracts below zero and keeps the sign', () => {
    expect(formatDecimal(subtract(d('360.43'), d('362.83')))).toBe('-2.40');
    expect(formatDecimal(subtract(d('0.05'), d('0.1')))).toBe('-0.05');
  });

  it('compares numerically: 2.50 equals 2.5, -1 is below 0.001', () => {
    expect(compare(d('2.50'), d('2.5'))).toBe(0);
    expect(compare(d('-1'), d('0.001'))).toBe(-1);
    expect(compare(d('1323.46'), d('1323.45'))).toBe(1);
  });

  it('shifts a tax factor into a percentage and trims trailing zeros', () => {
    expect(formatDecimal(trim(shift(d('0.19'), 2)))).toBe('19');
    expect(formatDecimal(trim(shift(d('0.075'), 2)))).toBe('7.5');
    expect(formatDecimal(shift(d('3'), 2))).toBe('300');
  });
});
