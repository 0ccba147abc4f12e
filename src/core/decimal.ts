/**
 * Exact decimal arithmetic for amounts as a document states them ("91.8992", "-12.5",
 * "1.5E2"). A value is an integer number of units at a decimal scale, held in a BigInt, so
 * sums never pick up binary floating-point noise and nothing is rounded for display:
 * the reconciliation and the TOTAL_ITEM_NUM check compare what the document says.
 * (Issue: "never round money the document states".)
 */

/** `units / 10^scale`, scale ≥ 0. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Exponents beyond this are not amounts; refusing them keeps BigInt sizes small. */
const MAX_EXPONENT = 64;

function isDigits(s: string): boolean {
  if (s === '') return false;
  for (const c of s) if (c < '0' || c > '9') return false;
  return true;
}

/**
 * Reads an XSD decimal/float literal: optional sign, digits with an optional fraction
 * (either side of the point may be empty, not both), optional exponent. Surrounding
 * whitespace is ignored. Anything else (a decimal comma, thousands separators, `NaN`)
 * is not a number here: undefined.
 */
export function parseDecimal(input: string | undefined): Decimal | undefined {
  if (input === undefined) return undefined;
  let s = input.trim();
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  let exponent = 0;
  const e = s.search(/[eE]/);
  if (e !== -1) {
    let exp = s.slice(e + 1);
    const expNegative = exp.startsWith('-');
    if (exp.startsWith('-') || exp.startsWith('+')) exp = exp.slice(1);
    if (!isDigits(exp)) return undefined;
    exponent = Number(exp) * (expNegative ? -1 : 1);
    if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
    s = s.slice(0, e);
  }
  const point = s.indexOf('.');
  const whole = point === -1 ? s : s.slice(0, point);
  const fraction = point === -1 ? '' : s.slice(point + 1);
  if (whole === '' && fraction === '') return undefined;
  if ((whole !== '' && !isDigits(whole)) || (fraction !== '' && !isDigits(fraction))) return undefined;
  let units = BigInt(`${whole}${fraction}` || '0');
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: negative ? -units : units, scale };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** The sum, at the larger of the two scales ("1798.00" + "129.5" = "1927.50"). */
export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function negate(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return add(a, negate(b));
}

/** Numeric comparison: "2.50" equals "2.5". */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: Decimal): boolean {
  return a.units === 0n;
}

/** Zero at scale 0, the neutral start of a sum. */
export const ZERO: Decimal = { units: 0n, scale: 0 };

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

/** Multiplies by 10^n exactly (n ≥ 0): a tax factor 0.19 shown as 19 (percent). */
export function shift(a: Decimal, n: number): Decimal {
  if (n <= a.scale) return { units: a.units, scale: a.scale - n };
  return { units: a.units * 10n ** BigInt(n - a.scale), scale: 0 };
}

/** Drops trailing zeros of the fraction: "19.00" → "19", "7.50" → "7.5". */
export function trim(a: Decimal): Decimal {
  let { units, scale } = a;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** Plain notation, every digit of the scale kept: { 192750n, 2 } → "1927.50". */
export function formatDecimal(a: Decimal): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const whole = digits.slice(0, digits.length - a.scale);
  const fraction = digits.slice(digits.length - a.scale);
  return `${negative ? '-' : ''}${whole}${a.scale > 0 ? `.${fraction}` : ''}`;
}
