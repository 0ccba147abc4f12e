/**
 * The `<DOCTYPE>_SUMMARY` totals, the line count check and the reconciliation:
 *
 *   net + surcharges − allowances (+ NET_VALUE_EXTRA) + tax = computed, against TOTAL_AMOUNT
 *
 * - net: NET_VALUE_GOODS when stated, else the sum of the line amounts (cancelled lines of
 *   an ORDERRESPONSE left out).
 * - surcharges/allowances: the header ALLOW_OR_CHARGES_FIX amounts. Item-level ones are not
 *   added again: openTRANS applies them to the price, so the line amounts contain them. When
 *   the difference equals exactly the item-level charges, the warning says so.
 * - NET_VALUE_EXTRA: counted when no header charge accounts for it (equal to charges −
 *   allowances: explained, counted once).
 * - tax: the sum of TOTAL_TAX's TAX_AMOUNTs; "0" for ORDER and ORDERRESPONSE, which state
 *   none (their TOTAL_AMOUNT is usually net; a mismatch says it may include tax).
 * Everything exact (decimal.ts); equal means numerically equal ("2.50" = "2.5").
 */

import { add, compare, type Decimal, formatDecimal, isZero, parseDecimal, subtract, sum } from '../../core/decimal.js';
import { chargeTotals, netOfCharges } from './charges.js';
import type { ReadItem } from './items.js';
import type { Reconciliation, SummaryCharge, SummaryDocType, SummaryTax, SummaryTotals } from './model.js';
import { child, children, text, type XmlNode } from './tree.js';

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function readTaxes(summary: XmlNode | undefined): { taxes: SummaryTax[]; totalTax?: string; warnings: string[] } {
  const warnings: string[] = [];
  const totalTax = child(summary, 'TOTAL_TAX');
  const taxes = children(totalTax, 'TAX_DETAILS_FIX').map((d) =>
    compact({ rate: text(d, 'TAX'), category: text(d, 'TAX_CATEGORY'), type: text(d, 'TAX_TYPE'), amount: text(d, 'TAX_AMOUNT'), base: text(d, 'TAX_BASE') }),
  );
  const plain = text(totalTax) ?? text(summary, 'TOTAL_TAX_AMOUNT');
  if (plain !== undefined && !taxes.length) return { taxes, totalTax: plain, warnings };
  const amounts = taxes.map((t) => t.amount).filter((a): a is string => a !== undefined);
  if (!amounts.length) return { taxes, warnings };
  const parsed = amounts.map(parseDecimal);
  if (parsed.some((d) => d === undefined)) {
    warnings.push(`a TAX_AMOUNT is not a number (${amounts.join(', ')}): no total tax`);
    return { taxes, warnings };
  }
  return { taxes, totalTax: amounts.length === 1 ? amounts[0] : formatDecimal(sum(parsed as Decimal[])), warnings };
}

function itemCount(value: string | undefined, warnings: string[]): number | undefined {
  if (value === undefined) return undefined;
  const d = parseDecimal(value);
  if (!d || (d.scale > 0 && d.units % 10n ** BigInt(d.scale) !== 0n)) {
    warnings.push(`TOTAL_ITEM_NUM ${JSON.stringify(value)} is not a whole number`);
    return undefined;
  }
  return Number(d.units / 10n ** BigInt(d.scale));
}

export interface TotalsResult {
  totals: SummaryTotals;
  reconciliation?: Reconciliation;
  warnings: string[];
}

function money(d: Decimal, currency: string | undefined): string {
  return `${formatDecimal(d)}${currency ? ` ${currency}` : ''}`;
}

export function readTotals(
  docType: SummaryDocType,
  summary: XmlNode | undefined,
  items: ReadItem[],
  charges: SummaryCharge[],
  currency: string | undefined,
): TotalsResult {
  const warnings: string[] = [];
  const taxes = readTaxes(summary);
  warnings.push(...taxes.warnings);
  const totals: SummaryTotals = compact({
    itemCount: itemCount(text(summary, 'TOTAL_ITEM_NUM'), warnings),
    itemsCounted: items.length,
    netValueGoods: text(summary, 'NET_VALUE_GOODS'),
    netValueExtra: text(summary, 'NET_VALUE_EXTRA'),
    totalAmount: text(summary, 'TOTAL_AMOUNT'),
    totalTax: taxes.totalTax,
    taxes: taxes.taxes,
  });
  if (totals.itemCount !== undefined && totals.itemCount !== items.length) {
    warnings.push(`TOTAL_ITEM_NUM says ${totals.itemCount} line${totals.itemCount === 1 ? '' : 's'}, but the document lists ${items.length}`);
  }

  const counted = items.filter(({ item }) => !item.cancelled);
  const lineAmounts = counted.map(({ item }) => item.lineAmount).filter((a): a is string => a !== undefined);
  const lines = lineAmounts.map(parseDecimal);
  const lineSum = lines.length && lines.every((d) => d !== undefined) ? sum(lines as Decimal[]) : undefined;
  if (lines.some((d) => d === undefined)) warnings.push('a PRICE_LINE_AMOUNT is not a number: the lines cannot be summed');
  const statedNet = parseDecimal(totals.netValueGoods);
  if (totals.netValueGoods !== undefined && !statedNet) warnings.push(`NET_VALUE_GOODS ${JSON.stringify(totals.netValueGoods)} is not a number`);
  if (statedNet && lineSum && lineAmounts.length === counted.length && compare(statedNet, lineSum) !== 0) {
    warnings.push(`NET_VALUE_GOODS ${money(statedNet, currency)} differs from the sum of the line amounts ${money(lineSum, currency)}`);
  }

  const stated = parseDecimal(totals.totalAmount);
  if (totals.totalAmount !== undefined && !stated) warnings.push(`TOTAL_AMOUNT ${JSON.stringify(totals.totalAmount)} is not a number`);
  const net = statedNet ?? lineSum;
  if (!stated || !net) return { totals, warnings };

  const { surcharges, allowances, uncounted } = chargeTotals(charges);
  const chargeNet = subtract(surcharges, allowances);
  const extraStated = parseDecimal(totals.netValueExtra);
  const extra = extraStated && !(charges.length && compare(extraStated, chargeNet) === 0) ? extraStated : undefined;
  if (extraStated && extra && charges.length) {
    warnings.push(
      `NET_VALUE_EXTRA ${money(extraStated, currency)} differs from the header surcharges - allowances ${money(chargeNet, currency)}; both counted`,
    );
  }
  const tax = parseDecimal(taxes.totalTax) ?? { units: 0n, scale: 0 };
  let computed = add(add(net, chargeNet), tax);
  if (extra) computed = add(computed, extra);
  const difference = subtract(stated, computed);
  const reconciliation: Reconciliation = compact({
    net: formatDecimal(net),
    netSource: statedNet ? ('NET_VALUE_GOODS' as const) : ('items' as const),
    charges: formatDecimal(surcharges),
    allowances: formatDecimal(allowances),
    extra: extra ? formatDecimal(extra) : undefined,
    tax: formatDecimal(tax),
    computedTotal: formatDecimal(computed),
    statedTotal: totals.totalAmount as string,
    difference: formatDecimal(difference),
    ok: isZero(difference),
    uncounted: uncounted.length || undefined,
  });
  if (!reconciliation.ok) {
    const parts = [
      `TOTAL_AMOUNT ${money(stated, currency)} does not add up: net + surcharges - allowances + tax = ${money(computed, currency)} (difference ${formatDecimal(difference)})`,
    ];
    const itemCharges = netOfCharges(items.map(({ item }) => item.charges ?? []));
    if (!isZero(itemCharges) && compare(itemCharges, difference) === 0)
      parts.push('the difference equals the item-level surcharges - allowances, which the line amounts seem to leave out');
    if (uncounted.length)
      parts.push(`${uncounted.length} header charge${uncounted.length === 1 ? ' has' : 's have'} no amount (percentage only) and could not be counted`);
    if ((docType === 'ORDER' || docType === 'ORDERRESPONSE') && isZero(tax)) parts.push('the document states no tax; its TOTAL_AMOUNT may include tax');
    warnings.push(parts.join('; '));
  }
  return { totals, reconciliation, warnings };
}
