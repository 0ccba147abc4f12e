/**
 * How a synthetic deal ships and what it costs: the split of the confirmed quantities
 * over K partial shipments, the documentId and tracking number of each shipment, the
 * document dates, and the invoice totals in exact cents. All of it follows from the
 * deal's facts (and K); see docs/lifecycle.md, "Partial shipments".
 */
import { addMinutes, type DealFacts, type DealItem, dealRandom, MAX_DELIVERIES, VAT_PERCENT } from './deal-facts.js';
import type { Random } from './samples.js';

export interface ShipmentLine {
  /** The order line this part of the shipment belongs to (same LINE_ITEM_ID as the ORDER). */
  readonly lineItemId: string;
  readonly quantity: number;
  readonly serialNumbers: readonly string[];
  /** True once this shipment (with the earlier ones) has shipped the whole line. */
  readonly completed: boolean;
}

export interface Shipment {
  /** 1-based; 0 for the cumulative final notification. */
  readonly index: number;
  /** Number of shipments of the deal; 0 for the cumulative final notification. */
  readonly of: number;
  /** DISPATCHNOTIFICATION_ID, the DELIVERY webhook's documentId. */
  readonly documentId: string;
  readonly date: string;
  readonly shipmentId: string;
  readonly trackingNumber: string;
  readonly trackingUrl: string;
  readonly lines: readonly ShipmentLine[];
}

export function checkShipmentCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_DELIVERIES) {
    throw new RangeError(`number of shipments must be an integer from 1 to ${MAX_DELIVERIES}, got ${count}`);
  }
}

/**
 * The documentId of shipment k of K: the last one always carries the deal's final
 * dispatch id (so that mock-api, which does not know K, serves a document with that id);
 * the earlier ones carry ids derived from (transactionId, k).
 */
export function deliveryDocumentId(facts: DealFacts, shipment: number, of: number): string {
  checkShipmentCount(of);
  if (!Number.isInteger(shipment) || shipment < 1 || shipment > of) throw new RangeError(`shipment must be 1…${of}, got ${shipment}`);
  if (shipment === of) return facts.documentIds.finalDispatch;
  return facts.documentIds.partialDispatch[shipment - 1] as string;
}

function digits(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(Math.floor(random() * 10));
  return out;
}

/** A tracking number in the carrier's usual shape (made up; it tracks nothing). */
function trackingNumber(carrier: string, random: Random): string {
  switch (carrier) {
    case 'DHL':
      return `00340434${digits(random, 12)}`;
    case 'UPS': {
      const letters = 'ABCDEFGHJKLMNPRSTVWXY0123456789';
      let account = '';
      for (let i = 0; i < 6; i++) account += letters[Math.floor(random() * letters.length)];
      return `1Z${account}68${digits(random, 8)}`;
    }
    case 'DPD':
      return `0${digits(random, 13)}`;
    default:
      return `5${digits(random, 10)}`;
  }
}

/** Document dates, as minutes after the order (wall clock, no zone). */
export const DATE_OFFSETS = {
  orderResponse: 47,
  deliveryStart: 1 * 1440,
  deliveryEnd: 3 * 1440,
  /** Shipment k < K leaves on day 1 plus 2 h per earlier shipment… */
  partialDispatch: (k: number) => 1440 + 120 * (k - 1),
  /** …and the final one on day 3, after any partial one. */
  finalDispatch: 3 * 1440,
  invoice: 4 * 1440,
} as const;

export function dealDate(facts: DealFacts, minutes: number): string {
  return addMinutes(facts.orderDate, minutes);
}

function shipmentOf(facts: DealFacts, index: number, of: number, documentId: string, aspect: string, lines: ShipmentLine[]): Shipment {
  const random = dealRandom(facts.transactionId, aspect);
  const tracking = trackingNumber(facts.carrier, random);
  const final = index === 0 || index === of;
  return {
    index,
    of,
    documentId,
    date: dealDate(facts, final ? DATE_OFFSETS.finalDispatch : DATE_OFFSETS.partialDispatch(index)),
    shipmentId: `SHP-${digits(random, 8)}`,
    trackingNumber: tracking,
    trackingUrl: `https://tracking.example.com/${facts.carrier.toLowerCase()}?id=${tracking}`,
    lines,
  };
}

/**
 * The K shipments of a deal. The units are laid out line by line (line 1's units, then
 * line 2's, …) and cut into K consecutive runs of floor(U/K) or ceil(U/K) units, so a line
 * may be split across two shipments; each unit keeps its serial number. Together the K
 * shipments ship exactly the confirmed (= ordered) quantities.
 */
export function shipmentsOf(facts: DealFacts, count: number): Shipment[] {
  checkShipmentCount(count);
  const units = facts.items.reduce((sum, item) => sum + item.quantity, 0);
  const result: Shipment[] = [];
  for (let k = 1; k <= count; k++) {
    const from = Math.floor(((k - 1) * units) / count);
    const to = Math.floor((k * units) / count);
    const lines: ShipmentLine[] = [];
    let start = 0;
    for (const item of facts.items) {
      const end = start + item.quantity;
      const a = Math.max(from, start);
      const b = Math.min(to, end);
      if (a < b) {
        lines.push({
          lineItemId: item.lineItemId,
          quantity: b - a,
          serialNumbers: item.serialNumbers.slice(a - start, b - start),
          completed: end <= to,
        });
      }
      start = end;
    }
    const aspect = k === count ? 'tracking:final' : `tracking:${k}`;
    result.push(shipmentOf(facts, k, count, deliveryDocumentId(facts, k, count), aspect, lines));
  }
  return result;
}

/**
 * The DISPATCHNOTIFICATION the documents API serves for the deal: the final, cumulative
 * one. Its id is the last DELIVERY's documentId and it lists every line with its whole
 * quantity and every serial number; its parcel is the last shipment's. It needs no K.
 */
export function finalDispatch(facts: DealFacts): Shipment {
  const lines = facts.items.map((item) => ({ lineItemId: item.lineItemId, quantity: item.quantity, serialNumbers: item.serialNumbers, completed: true }));
  return shipmentOf(facts, 0, 0, facts.documentIds.finalDispatch, 'tracking:final', lines);
}

export interface DealTotals {
  /** Per line: quantity × unit price, in cents. */
  readonly lineCents: readonly number[];
  readonly netCents: number;
  /** VAT on the net sum, rounded half up to the cent. */
  readonly taxCents: number;
  readonly totalCents: number;
}

export function totalsOf(items: readonly DealItem[]): DealTotals {
  const lineCents = items.map((item) => item.quantity * item.unitPriceCents);
  const netCents = lineCents.reduce((sum, c) => sum + c, 0);
  const taxCents = Math.floor((netCents * VAT_PERCENT + 50) / 100);
  return { lineCents, netCents, taxCents, totalCents: netCents + taxCents };
}

/** Cents as an exact decimal string: 192750 → "1927.50". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not a non-negative whole number of cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** The tax rate as openTRANS writes it: 19 → "0.19". */
export function taxRate(percent = VAT_PERCENT): string {
  return (percent / 100).toFixed(2);
}
