/** The openTRANS summary as human lines (no colors; the caller adds them). */
import type { OpenTransSummary } from '../documents/opentrans-summary.js';

/** Human lines for a summary (no colors; the command adds them). */
export function formatSummary(s: OpenTransSummary): string[] {
  const money = (n: number | undefined) => (n === undefined ? undefined : `${n.toFixed(2)}${s.currency ? ` ${s.currency}` : ''}`);
  const lines: string[] = [];
  const field = (label: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') lines.push(`  ${label.padEnd(16)} ${value}`);
  };
  lines.push(`${s.docType}${s.documentNumber ? ` ${s.documentNumber}` : ''}`);
  field('order', s.orderId);
  field('customer order', s.customerOrderId);
  field('supplier order', s.supplierOrderId);
  field('date', s.date);
  field('order date', s.orderDate);
  if (s.deliveryStart || s.deliveryEnd) field('delivery', [s.deliveryStart, s.deliveryEnd].filter(Boolean).join(' – '));
  field('delivery note', s.deliveryNoteId);
  field('shipment', s.shipmentId);
  field('carrier', s.carrier);
  if (s.trackingNumbers?.length) field('tracking', s.trackingNumbers.join(', '));
  field('tracking url', s.trackingUrl);
  field('currency', s.currency);
  lines.push(`  items (${s.items.length})`);
  for (const i of s.items) {
    const parts = [
      `${i.lineItemId ?? '?'}.`,
      `${i.quantity ?? '?'}${i.unit ? ` ${i.unit}` : ''} ×`,
      i.supplierPid ?? '',
      i.description ? `"${i.description}"` : '',
      i.unitPrice !== undefined ? `@ ${money(i.unitPrice)}` : '',
      i.lineAmount !== undefined ? `= ${money(i.lineAmount)}` : '',
      i.cancelled ? '(cancelled)' : '',
      i.deliveryStart ? `delivery ${[i.deliveryStart, i.deliveryEnd].filter(Boolean).join(' – ')}` : '',
      i.serialNumbers?.length ? `serials ${i.serialNumbers.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(`    ${parts.join(' ')}`);
  }
  field('line count', s.totals.itemCount);
  field('net goods', money(s.totals.netValueGoods));
  field('tax', money(s.totals.totalTax));
  field('total', money(s.totals.totalAmount));
  return lines;
}
