/**
 * Surcharges and allowances: `ALLOW_OR_CHARGES_FIX/ALLOW_OR_CHARGE` (freight, eco fees,
 * discounts). Header level: in INVOICE_SUMMARY / ORDERRESPONSE_SUMMARY; item level: in the
 * item's PRODUCT_PRICE_FIX (some ERPs put it on the item itself). Amounts stay as stated.
 */
import { add, type Decimal, parseDecimal, subtract, sum, ZERO } from '../../core/decimal.js';
import type { SummaryCharge } from './model.js';
import { attr, child, children, text, texts, type XmlNode } from './tree.js';

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function chargeType(raw: string | undefined): SummaryCharge['type'] {
  const t = raw?.toLowerCase();
  return t === 'surcharge' || t === 'allowance' ? t : 'unknown';
}

/** Every ALLOW_OR_CHARGE in the ALLOW_OR_CHARGES_FIX elements of the given parents. */
export function readCharges(...parents: Array<XmlNode | undefined>): SummaryCharge[] {
  const charges: SummaryCharge[] = [];
  for (const parent of parents) {
    for (const fix of children(parent, 'ALLOW_OR_CHARGES_FIX')) {
      for (const aoc of children(fix, 'ALLOW_OR_CHARGE')) {
        const value = child(aoc, 'ALLOW_OR_CHARGE_VALUE');
        const names = texts(aoc, 'ALLOW_OR_CHARGE_NAME');
        const descriptions = texts(aoc, 'ALLOW_OR_CHARGE_DESCR');
        charges.push(
          compact({
            type: chargeType(attr(aoc, 'type')),
            chargeType: text(aoc, 'ALLOW_OR_CHARGE_TYPE'),
            name: names.length ? names.join('; ') : undefined,
            description: descriptions.length ? descriptions.join('; ') : undefined,
            amount: text(value, 'AOC_MONETARY_AMOUNT'),
            percentage: text(value, 'AOC_PERCENTAGE_FACTOR'),
            sequence: text(aoc, 'ALLOW_OR_CHARGE_SEQUENCE'),
            base: text(aoc, 'ALLOW_OR_CHARGE_BASE'),
          }),
        );
      }
    }
  }
  return charges;
}

export interface ChargeTotals {
  surcharges: Decimal;
  allowances: Decimal;
  /** Charges that cannot be counted: only a percentage, an unreadable amount, an unknown type. */
  uncounted: SummaryCharge[];
}

/** Sums surcharges and allowances (each positive) of the charges that state an amount. */
export function chargeTotals(charges: SummaryCharge[]): ChargeTotals {
  let surcharges = ZERO;
  let allowances = ZERO;
  const uncounted: SummaryCharge[] = [];
  for (const c of charges) {
    const amount = parseDecimal(c.amount);
    if (!amount || c.type === 'unknown') {
      uncounted.push(c);
      continue;
    }
    if (c.type === 'surcharge') surcharges = add(surcharges, amount);
    else allowances = add(allowances, amount);
  }
  return { surcharges, allowances, uncounted };
}

/** Surcharges minus allowances of many charge lists (the items'), for the "item charges" hint. */
export function netOfCharges(lists: SummaryCharge[][]): Decimal {
  const totals = lists.map(chargeTotals);
  return subtract(sum(totals.map((t) => t.surcharges)), sum(totals.map((t) => t.allowances)));
}
