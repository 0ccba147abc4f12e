/**
 * The human block for an openTRANS summary (`fetch-doc --summary`, `listen --fetch-docs`,
 * the inspector): one readable block per document, never wider than `width` columns (long
 * values wrap under their value column; a word longer than a line is cut). No colors: the
 * caller may dim or color lines. Money is printed exactly as the document states it, with
 * the currency. Descriptions sit on their own line (no quotes needed); package descriptions,
 * which share a line, are quoted with inner quotes escaped. Text from the document is shown
 * through printable(), so control characters cannot reach the terminal. Warnings come last.
 * Columns are counted in code points (wide East Asian characters count as one).
 */

import { compare, formatDecimal, parseDecimal, shift, trim } from '../core/decimal.js';
import { printable } from '../core/printable.js';
import type { OpenTransSummary, SummaryCharge, SummaryItem, SummaryParty } from '../documents/opentrans/model.js';

const CARRIER_SOURCES: Record<NonNullable<OpenTransSummary['carrierSource']>, string> = {
  delivererCode: 'REMARKS delivererCode',
  shipmentCarrier: 'SHIPMENT_CARRIER',
  delivererParty: 'deliverer party',
};

const length = (s: string) => Array.from(s).length;

/** Splits `text` into lines: the first at `first` columns of indent, the rest at `rest`. */
export function wrap(text: string, first: number, rest: number, width: number): string[] {
  rest = Math.min(rest, Math.max(0, width - 10));
  const words = printable(text.replace(/\s+/g, ' ').trim()).split(' ');
  const lines: string[] = [];
  let line = ' '.repeat(first);
  let used = first;
  let empty = true;
  const newLine = () => {
    lines.push(line);
    line = ' '.repeat(rest);
    used = rest;
    empty = true;
  };
  for (let word of words) {
    for (;;) {
      const room = width - used - (empty ? 0 : 1);
      if (length(word) <= room) break;
      if (!empty || room <= 0 || (used > rest && length(word) <= width - rest)) {
        newLine();
        continue;
      }
      const chars = Array.from(word);
      line += chars.slice(0, room).join('');
      word = chars.slice(room).join('');
      newLine();
    }
    line += (empty ? '' : ' ') + word;
    used += (empty ? 0 : 1) + length(word);
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** `label` at `indent`, `value` from column `col` (or right after a long label), wrapped. */
function labeled(label: string, value: string, indent: number, col: number, width: number): string[] {
  const head = printable(label.replace(/\s+/g, ' ').trim());
  const end = indent + length(head);
  // A label longer than its column gets a line of its own: values stay aligned.
  if (end + 1 > col || end + 1 + 10 > width) return [...wrap(label, indent, indent + 2, width), ...wrap(value, col, col, width)];
  const start = Math.max(col, end + 1);
  const lines = wrap(value, start, col, width);
  lines[0] = `${' '.repeat(indent)}${head}${(lines[0] ?? '').slice(end)}`;
  return lines;
}

/** "123.45 EUR": the amount as stated, never rounded. */
function money(amount: string, currency: string | undefined): string {
  return currency ? `${amount} ${currency}` : amount;
}

/** A tax factor as a percentage ("0.19" → "19 %"); a value of 1 or more is taken as a percentage already. */
function percent(rate: string): string {
  const d = parseDecimal(rate);
  if (!d) return rate;
  return `${formatDecimal(trim(compare(d, { units: 1n, scale: 0 }) < 0 ? shift(d, 2) : d))} %`;
}

/** An encoding label reduced to what it means, so "latin1" and "ISO-8859-1" compare equal. */
function encodingKey(label: string): string {
  const l = label.toLowerCase().replace(/[-_ ]/g, '');
  if (['latin1', 'l1', 'iso88591', 'cp819'].includes(l)) return 'iso88591';
  if (l === 'cp1252') return 'windows1252';
  if (l === 'ascii') return 'usascii';
  return l.startsWith('utf16') ? 'utf16' : l;
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function range(start: string | undefined, end: string | undefined): string | undefined {
  if (!start && !end) return undefined;
  return start === end || !end ? start : !start ? end : `${start} – ${end}`;
}

function partyLines(p: SummaryParty): string[] {
  const name = p.names.length ? p.names.join(', ') : p.contact;
  const id = p.ids[0] ? (name ? ` (${p.ids[0].id})` : `id ${p.ids[0].id}`) : name ? '' : '(no name or id)';
  const place = [p.street, [p.zip, p.city].filter(Boolean).join(' '), p.countryCode ?? p.country].filter(Boolean).join(', ');
  const reach = [p.names.length && p.contact ? `contact ${p.contact}` : undefined, p.email, p.phone].filter(Boolean).join(', ');
  return [`${name ?? ''}${id}`, ...(p.department ? [p.department] : []), ...(place ? [place] : []), ...(reach ? [reach] : [])];
}

function chargeText(c: SummaryCharge, currency: string | undefined): string {
  const what = [c.chargeType?.replace(/_/g, ' '), c.name].filter(Boolean).join(': ') || c.type;
  const descr = c.description && c.description !== c.name ? ` (${c.description})` : '';
  const sign = c.type === 'allowance' ? '-' : c.type === 'surcharge' ? '+' : '';
  const amount = c.amount !== undefined ? ` ${sign}${money(c.amount, currency)}` : '';
  const factor = c.percentage !== undefined ? ` (percentage factor ${c.percentage})` : '';
  return `${c.type === 'unknown' ? 'charge' : c.type} ${what}${descr}${amount}${factor}`;
}

function itemLines(i: SummaryItem, s: OpenTransSummary): Array<[string, boolean]> {
  const cur = s.currency;
  const pid = i.supplierPid ?? i.buyerPid ?? i.internationalPid ?? '(no product id)';
  const per = i.priceQuantity && i.priceQuantity !== '1' ? ` per ${i.priceQuantity}` : '';
  const head = [
    `${i.lineItemId ?? `#${i.position}`}.`,
    `${i.quantity ?? '?'}${i.unit ? ` ${i.unit}` : ''} ×`,
    pid,
    i.unitPrice !== undefined ? `@ ${money(i.unitPrice, cur)}${per}` : undefined,
    i.lineAmount !== undefined ? `= ${money(i.lineAmount, cur)}` : undefined,
    i.cancelled ? 'CANCELLED' : undefined,
  ].filter(Boolean);
  const order = [
    i.orderId ? `order ${i.orderId}${i.orderLineItemId ? ` line ${i.orderLineItemId}` : ''}` : undefined,
    i.supplierOrderId ? `supplier order ${i.supplierOrderId}${i.supplierOrderItemId ? ` line ${i.supplierOrderItemId}` : ''}` : undefined,
    i.customerOrderId && i.customerOrderId !== s.customerOrderId ? `customer order ${i.customerOrderId}` : undefined,
    i.deliveryNoteId && i.deliveryNoteId !== s.deliveryNoteId ? `delivery note ${i.deliveryNoteId}` : undefined,
  ].filter(Boolean);
  const delivery = range(i.deliveryStart, i.deliveryEnd);
  const sub = [
    i.description,
    delivery ? `delivery ${delivery}` : undefined,
    i.serialNumbers?.length ? `serials ${i.serialNumbers.join(', ')}` : undefined,
    order.length ? order.join('; ') : undefined,
    i.taxRate ? `tax ${percent(i.taxRate)}` : undefined,
    ...(i.charges ?? []).map((c) => chargeText(c, cur)),
    ...(i.remarks ?? []).map((r) => `remark${r.type ? ` (${r.type})` : ''}: ${r.text}`),
  ].filter((t): t is string => t !== undefined);
  return [[head.join(' '), true], ...sub.map((t): [string, boolean] => [t, false])];
}

/** The human block for one summary. */
export function summaryLines(s: OpenTransSummary, width = 80): string[] {
  width = Math.max(30, width);
  const labelWidth = Math.max(8, Math.min(16, width - 50));
  const out: string[] = [];
  const cur = s.currency;
  const col = 2 + labelWidth + 1;
  const field = (label: string, value: string | undefined, indent = 2) => {
    if (value !== undefined && value !== '') out.push(...labeled(label, value, indent, col, width));
  };
  const heading = (text: string) => out.push(...wrap(text, 2, 4, width));

  const kind = s.creditMemo ? 'CREDIT MEMO' : s.docType;
  const what = [s.creditMemo ? `INVOICE ${s.invoiceType}` : undefined, s.version ? `openTRANS ${s.version}` : undefined].filter(Boolean).join(', ');
  out.push(...wrap(`${kind}${s.documentNumber ? ` ${s.documentNumber}` : ''}${what ? ` (${what})` : ''}`, 0, 2, width));
  if (s.orderId !== s.documentNumber || s.docType !== 'ORDER') field('order', s.orderId);
  field('customer order', s.customerOrderId);
  field('supplier order', s.supplierOrderId);
  if (!s.creditMemo) field('type', s.invoiceType);
  field('date', s.date);
  field('order date', s.orderDate);
  field('delivery', range(s.deliveryStart, s.deliveryEnd));
  field('delivery note', s.deliveryNoteId);
  field('currency', cur);
  const enc = s.encoding;
  if (enc.used !== 'string' && enc.declared && encodingKey(enc.declared) !== encodingKey(enc.used))
    field('encoding', `read as ${enc.used} (declared ${enc.declared})`);
  else if (!['UTF-8', 'US-ASCII', 'string'].includes(enc.used)) field('encoding', enc.used);

  if (s.docType === 'DISPATCHNOTIFICATION' || s.packages.length || s.carrier) {
    field('shipment', s.shipmentId);
    field('carrier', s.carrier ? `${s.carrier} (from ${CARRIER_SOURCES[s.carrierSource ?? 'delivererCode']})` : 'not stated');
    field('tracking', s.trackingNumbers.length ? s.trackingNumbers.join(', ') : 'no tracking numbers');
    field('tracking url', s.trackingUrl);
  }
  if (s.parties.length) {
    heading('parties');
    for (const p of s.parties) {
      const [first = '', ...more] = partyLines(p);
      field(p.roles.map((r) => r.replace(/_/g, ' ')).join(', '), first, 4);
      for (const line of more) field('', line, 4);
    }
  }
  if (s.packages.length) {
    heading(`packages (${s.packages.length})`);
    s.packages.forEach((p, n) => {
      const parts = [
        `${n + 1}.`,
        p.trackingNumbers.length ? p.trackingNumbers.join(', ') : '(no id)',
        p.description !== undefined ? quote(p.description) : undefined,
        p.packageQuantity && p.packageQuantity !== '1' ? `× ${p.packageQuantity}` : undefined,
        p.items.length ? `items ${p.items.join(', ')}` : undefined,
      ].filter(Boolean);
      out.push(...wrap(parts.join(' '), 4, 7, width));
    });
  }
  heading(`items (${s.items.length})`);
  for (const i of s.items) for (const [text, isHead] of itemLines(i, s)) out.push(...wrap(text, isHead ? 4 : 7, isHead ? 7 : 9, width));
  const remarks = s.remarks.filter((r) => r.type?.toLowerCase() !== 'deliverercode');
  if (remarks.length) {
    heading('remarks');
    for (const r of remarks) out.push(...wrap(`${r.type ? `${r.type}: ` : ''}${r.text}`, 4, 6, width));
  }

  const t = s.totals;
  field(
    'line count',
    t.itemCount !== undefined && t.itemCount !== t.itemsCounted
      ? `${t.itemsCounted} listed (TOTAL_ITEM_NUM says ${t.itemCount})`
      : t.itemCount !== undefined
        ? String(t.itemCount)
        : undefined,
  );
  field('net goods', t.netValueGoods !== undefined ? money(t.netValueGoods, cur) : undefined);
  for (const c of s.charges) field(c.type === 'allowance' ? 'allowance' : 'surcharge', chargeText(c, cur).replace(/^\S+ /, ''));
  field('net extra', t.netValueExtra !== undefined ? money(t.netValueExtra, cur) : undefined);
  const several = t.taxes.length > 1;
  const taxDetail = t.taxes
    .map(
      (x) =>
        `${x.rate ? percent(x.rate) : 'rate ?'}${several && x.amount !== undefined ? `: ${money(x.amount, cur)}` : ''}${x.base ? ` on ${money(x.base, cur)}` : ''}`,
    )
    .join('; ');
  field('tax', t.totalTax !== undefined ? `${money(t.totalTax, cur)}${taxDetail && (several || t.taxes[0]?.rate) ? ` (${taxDetail})` : ''}` : undefined);
  field('total', t.totalAmount !== undefined ? money(t.totalAmount, cur) : undefined);
  const r = s.reconciliation;
  if (r) {
    const terms = [
      r.net,
      ...(parseDecimal(r.charges)?.units ? [`+ ${r.charges}`] : []),
      ...(parseDecimal(r.allowances)?.units ? [`- ${r.allowances}`] : []),
      ...(r.extra ? [`+ ${r.extra}`] : []),
      ...(parseDecimal(r.tax)?.units ? [`+ ${r.tax}`] : []),
    ];
    const verdict = r.ok ? '✓ matches TOTAL_AMOUNT' : `✗ TOTAL_AMOUNT is ${money(r.statedTotal, cur)} (difference ${r.difference})`;
    if (terms.length > 1 || !r.ok) field('check', `${terms.join(' ')} = ${money(r.computedTotal, cur)} ${verdict}`);
  }
  for (const w of s.warnings) out.push(...wrap(`warning: ${w}`, 2, 11, width));
  return out.map((line) => line.trimEnd());
}
