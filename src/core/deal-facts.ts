/**
 * Everything about a synthetic deal, derived from its transactionId alone: the order
 * ids, the documentIds of every step, the parties, the items with exact prices and
 * serial numbers, the carrier. `send --deals` and a separately started `mock-api` both
 * call `dealFacts(transactionId)` and so agree without talking to each other
 * (docs/lifecycle.md, "Coherent documents"). Any string is a transactionId.
 */
import { createHash, randomUUID } from 'node:crypto';
import { itscopeTimestamp, type Random } from './samples.js';

/** Upper bound of `send --deliveries`: every deal has at least this many units, so each shipment ships something. */
export const MAX_DELIVERIES = 20;
export const VAT_PERCENT = 19;
export const CURRENCY = 'EUR';

export interface DealItem {
  /** openTRANS LINE_ITEM_ID, the same in all four documents: "1", "2", … */
  readonly lineItemId: string;
  readonly supplierPid: string;
  readonly description: string;
  /** Units (openTRANS unit C62, "piece"). */
  readonly quantity: number;
  /** Unit price in cents (exact; formatted with formatCents). */
  readonly unitPriceCents: number;
  /** One per unit for serialized products, else empty. */
  readonly serialNumbers: readonly string[];
}

export interface DealParty {
  readonly id: string;
  readonly name: string;
  readonly street: string;
  readonly zip: string;
  readonly city: string;
}

export interface DealDocumentIds {
  readonly ORDER: string;
  readonly ORDERRESPONSE: string;
  readonly INVOICE: string;
  /** The last DELIVERY's documentId, whatever the number of shipments. */
  readonly finalDispatch: string;
  /** Shipment k < K of K carries partialDispatch[k - 1] (independent of K). */
  readonly partialDispatch: readonly string[];
}

export interface DealFacts {
  readonly transactionId: string;
  /** The buyer's own order number (webhook orderId; openTRANS CUSTOMER_ORDER_REFERENCE). At most 18 characters. */
  readonly orderId: string;
  /** ITscope's order number (webhook itscopeOrderId; openTRANS ORDER_ID). At most 18 characters. */
  readonly itscopeOrderId: string;
  /** When the order was placed, ITscope's local time format: from a UUIDv7 transactionId, else from the hash. */
  readonly orderDate: string;
  readonly documentIds: DealDocumentIds;
  readonly buyer: DealParty;
  readonly supplier: DealParty;
  /** Delivery address id (the buyer's warehouse). */
  readonly deliveryPartyId: string;
  /** Carrier code as ITscope writes it in REMARKS type="delivererCode". */
  readonly carrier: string;
  readonly items: readonly DealItem[];
}

/** sfc32: a small generator with 128 bits of state, seeded from a hash. */
function sfc32(a: number, b: number, c: number, d: number): Random {
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/**
 * A generator for one aspect ("items", "documents", …) of one transaction. The id is
 * hashed as UTF-16 code units, so every distinct string (even one with a lone surrogate)
 * gets its own stream.
 */
export function dealRandom(transactionId: string, aspect: string): Random {
  const hash = createHash('sha256').update(`itscope-hooks/deal/v1\u0000${aspect}\u0000`, 'utf8').update(Buffer.from(transactionId, 'utf16le')).digest();
  return sfc32(hash.readUInt32LE(0), hash.readUInt32LE(4), hash.readUInt32LE(8), hash.readUInt32LE(12));
}

function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function digits(random: Random, length: number): string {
  let out = String(int(random, 1, 9));
  for (let i = 1; i < length; i++) out += String(int(random, 0, 9));
  return out;
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
function alnum(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[int(random, 0, ALNUM.length - 1)];
  return out;
}

function pickOne<T>(random: Random, list: readonly T[]): T {
  return list[int(random, 0, list.length - 1)] as T;
}

/** `YYYY-MM-DDTHH:mm:ss` (a wall-clock time without zone) shifted by minutes; DST is ignored on purpose. */
export function addMinutes(local: string, minutes: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(local);
  if (!m) throw new TypeError(`not a local date-time: ${local}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + minutes * 60_000;
  return new Date(ms).toISOString().slice(0, 19);
}

const UUID_V7_RE = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const YEAR_2000 = Date.UTC(2000, 0, 1);
const YEAR_2100 = Date.UTC(2100, 0, 1);

/** The creation time a UUIDv7 carries (its first 48 bits), when it is a plausible one. */
export function uuidV7Time(id: string): Date | undefined {
  const m = UUID_V7_RE.exec(id);
  if (!m) return undefined;
  const ms = Number.parseInt(`${m[1]}${m[2]}`, 16);
  return ms >= YEAR_2000 && ms < YEAR_2100 ? new Date(ms) : undefined;
}

/**
 * A fresh transactionId for a generated deal: a UUIDv7, so that the deal's time travels
 * inside the id and the documents' ORDER_DATE matches the ORDER webhook's timestamp.
 */
export function newTransactionId(now: Date, random?: Random): string {
  const hex = random ? Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('') : randomUUID().replace(/-/g, '');
  const time = Math.max(0, Math.floor(now.getTime())).toString(16).padStart(12, '0').slice(-12);
  const variant = '89ab'[Number.parseInt(hex[16] ?? '0', 16) & 3];
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function orderDateOf(transactionId: string, random: Random): string {
  const created = uuidV7Time(transactionId);
  if (created) return itscopeTimestamp(created);
  // Any other id: a weekday-independent business-hours time in 2024–2025.
  const day = int(random, 0, 729);
  const minute = int(random, 8 * 60, 17 * 60 + 59);
  return addMinutes('2024-01-01T00:00:00', day * 1440 + minute).slice(0, 17) + String(int(random, 0, 59)).padStart(2, '0');
}

interface Product {
  pid: string;
  description: string;
  /** Price range in whole euros. */
  euros: readonly [number, number];
  quantity: readonly [number, number];
  /** Serial number prefix, for serialized products. */
  serial?: string;
}

// Synthetic catalog; descriptions include characters that need escaping (" & < >) and umlauts.
const CATALOG: readonly Product[] = [
  { pid: 'NB-14-G5-512', description: 'Notebook 14" Gen 5, 16 GB, 512 GB SSD', euros: [699, 1099], quantity: [1, 5], serial: 'SN5CG' },
  { pid: 'NB-16-PRO-1T', description: 'Notebook 16" Pro, 32 GB, 1 TB SSD', euros: [1299, 1899], quantity: [1, 3], serial: 'SN7PR' },
  { pid: 'MON-27-QHD', description: 'Monitor 27" QHD (68,6 cm)', euros: [179, 349], quantity: [1, 6], serial: 'MQ27' },
  { pid: 'DOCK-USBC-90W', description: 'USB-C Dock 90 W', euros: [99, 189], quantity: [1, 6], serial: 'DK90-' },
  { pid: 'KB-DE-SET', description: 'Tastatur & Maus Set, QWERTZ (DE)', euros: [29, 59], quantity: [2, 10] },
  { pid: 'CBL-HDMI-2M', description: 'HDMI cable 2 m & adapter', euros: [4, 12], quantity: [4, 20] },
  { pid: 'SSD-NVME-1TB', description: 'SSD 1 TB NVMe M.2 <PCIe 4.0>', euros: [59, 119], quantity: [1, 8], serial: 'S1TN' },
  { pid: 'HS-USBC-ANC', description: 'Headset USB-C mit Geräuschunterdrückung', euros: [49, 129], quantity: [2, 8] },
  { pid: 'UPS-1500VA', description: 'USV 1500 VA, 230 V', euros: [219, 399], quantity: [1, 2], serial: 'UPS15' },
  { pid: 'CARE-3Y-NBD', description: 'Garantieerweiterung 3 Jahre Vor-Ort (NBD)', euros: [89, 199], quantity: [1, 5] },
];

const CENTS = [0, 0, 50, 90] as const;

function itemsOf(random: Random): DealItem[] {
  const pool = [...CATALOG];
  const count = int(random, 2, 4);
  const chosen: Product[] = [];
  for (let i = 0; i < count; i++) chosen.push(pool.splice(int(random, 0, pool.length - 1), 1)[0] as Product);
  const lines = chosen.map((p) => ({
    product: p,
    quantity: int(random, p.quantity[0], p.quantity[1]),
    unitPriceCents: int(random, p.euros[0], p.euros[1]) * 100 + pickOne(random, CENTS),
  }));
  // Enough units that MAX_DELIVERIES shipments each ship something: top up the cheapest line.
  const units = lines.reduce((sum, l) => sum + l.quantity, 0);
  if (units < MAX_DELIVERIES) {
    const cheapest = lines.reduce((a, b) => (b.unitPriceCents < a.unitPriceCents ? b : a));
    cheapest.quantity += MAX_DELIVERIES - units;
  }
  const serials = new Set<string>();
  return lines.map((l, index) => {
    const serialNumbers: string[] = [];
    const prefix = l.product.serial;
    for (let u = 0; prefix !== undefined && u < l.quantity; u++) {
      let serial: string;
      do serial = `${prefix}${alnum(random, 8)}`;
      while (serials.has(serial));
      serials.add(serial);
      serialNumbers.push(serial);
    }
    return {
      lineItemId: String(index + 1),
      supplierPid: l.product.pid,
      description: l.product.description,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      serialNumbers,
    };
  });
}

function documentIdsOf(random: Random): DealDocumentIds {
  const used = new Set<string>();
  const next = () => {
    let id: string;
    do id = digits(random, 9);
    while (used.has(id));
    used.add(id);
    return id;
  };
  // Drawn in a fixed order, so each id depends only on the transactionId (never on K).
  const ORDER = next();
  const ORDERRESPONSE = next();
  const INVOICE = next();
  const finalDispatch = next();
  const partialDispatch = Array.from({ length: MAX_DELIVERIES - 1 }, next);
  return { ORDER, ORDERRESPONSE, INVOICE, finalDispatch, partialDispatch };
}

const BUYERS: ReadonlyArray<Omit<DealParty, 'id'>> = [
  { name: 'Beispiel Systemhaus GmbH', street: 'Musterweg 12', zip: '76131', city: 'Karlsruhe' },
  { name: 'Müller IT-Service GmbH & Co. KG', street: 'Hauptstraße 7', zip: '70173', city: 'Stuttgart' },
  { name: 'Nordlicht Netzwerke <Kiel> UG', street: 'Am Hafen 3', zip: '24103', city: 'Kiel' },
];
const SUPPLIER: DealParty = { id: 'SUPP-1001', name: 'Muster Distribution AG', street: 'Industriestraße 1', zip: '80331', city: 'München' };
const CARRIERS = ['DHL', 'UPS', 'DPD', 'GLS'] as const;

const factsCache = new Map<string, DealFacts>();

/** The deal behind a transactionId; the same id always gives the same facts. */
export function dealFacts(transactionId: string): DealFacts {
  const cached = factsCache.get(transactionId);
  if (cached) return cached;
  const ids = dealRandom(transactionId, 'ids');
  const orderDate = orderDateOf(transactionId, dealRandom(transactionId, 'date'));
  const ddmmyy = `${orderDate.slice(8, 10)}${orderDate.slice(5, 7)}${orderDate.slice(2, 4)}`;
  const customer = digits(ids, 5);
  const facts: DealFacts = {
    transactionId,
    orderId: `PO-${orderDate.slice(0, 4)}-${digits(ids, 5)}`,
    itscopeOrderId: `${alnum(ids, 6)}-${ddmmyy}-${digits(ids, 4)}`,
    orderDate,
    documentIds: documentIdsOf(dealRandom(transactionId, 'documents')),
    buyer: { id: `CUST-${customer}`, ...pickOne(ids, BUYERS) },
    supplier: SUPPLIER,
    deliveryPartyId: `SHIP-${customer}-01`,
    carrier: pickOne(ids, CARRIERS),
    items: itemsOf(dealRandom(transactionId, 'items')),
  };
  if (factsCache.size >= 256) factsCache.delete(factsCache.keys().next().value as string);
  factsCache.set(transactionId, facts);
  return facts;
}
