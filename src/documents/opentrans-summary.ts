/**
 * The key fields of an openTRANS 2.1 document for `fetch-doc --summary`:
 * ids, dates, line items, tracking numbers and carrier, serial numbers, totals, currency.
 * Parsed with fast-xml-parser (never regular expressions); namespace prefixes are dropped,
 * so `bme:CURRENCY` and `CURRENCY` read the same whatever prefix a supplier uses.
 */
import type { XMLParser } from 'fast-xml-parser';

export const SUMMARY_DOC_TYPES = ['ORDER', 'ORDERRESPONSE', 'DISPATCHNOTIFICATION', 'INVOICE'] as const;
export type SummaryDocType = (typeof SUMMARY_DOC_TYPES)[number];

export interface SummaryItem {
  lineItemId?: string;
  supplierPid?: string;
  description?: string;
  quantity?: number;
  unit?: string;
  unitPrice?: number;
  lineAmount?: number;
  /** ORDERRESPONSE: a quantity of 0 or less cancels the line. */
  cancelled?: boolean;
  deliveryStart?: string;
  deliveryEnd?: string;
  serialNumbers?: string[];
  /** DISPATCHNOTIFICATION / INVOICE: the order line this item refers to. */
  orderId?: string;
  orderLineItemId?: string;
  /** INVOICE: tax rate, e.g. 0.19. */
  taxRate?: number;
}

export interface SummaryPackage {
  trackingNumbers: string[];
  description?: string;
}

export interface OpenTransSummary {
  docType: SummaryDocType;
  version?: string;
  /** The document's own id: ORDER_ID, DISPATCHNOTIFICATION_ID or INVOICE_ID. */
  documentNumber?: string;
  /** ITscope's order id (ORDER_ID of the order the document belongs to). */
  orderId?: string;
  /** ORDER: the buyer's own order number (CUSTOMER_ORDER_REFERENCE/ORDER_ID). */
  customerOrderId?: string;
  /** ORDERRESPONSE: the supplier's order confirmation number. */
  supplierOrderId?: string;
  date?: string;
  orderDate?: string;
  deliveryStart?: string;
  deliveryEnd?: string;
  currency?: string;
  shipmentId?: string;
  trackingUrl?: string;
  carrier?: string;
  packages?: SummaryPackage[];
  trackingNumbers?: string[];
  deliveryNoteId?: string;
  items: SummaryItem[];
  totals: {
    itemCount?: number;
    netValueGoods?: number;
    totalAmount?: number;
    totalTax?: number;
  };
}

export class OpenTransError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenTransError';
  }
}

type Node = Record<string, unknown>;

/** Elements that may repeat; always arrays, so one and many read the same. */
const REPEATED = new Set([
  'ORDER_ITEM',
  'ORDERRESPONSE_ITEM',
  'DISPATCHNOTIFICATION_ITEM',
  'INVOICE_ITEM',
  'PARTY',
  'PACKAGE',
  'PACKAGE_ID',
  'PACKAGE_DESCR',
  'SERIAL_NUMBER',
  'REMARKS',
  'TAX_DETAILS_FIX',
  'ORDER_ID',
  'DESCRIPTION_SHORT',
]);

let parser: XMLParser | undefined;
let validate: ((xml: string) => true | { err: { msg: string; line: number; col: number } }) | undefined;

/** fast-xml-parser is loaded on first use only: `fetch-doc` without --summary never needs it. */
async function loadParser(): Promise<{ parser: XMLParser; validate: NonNullable<typeof validate> }> {
  if (!parser || !validate) {
    const fxp = await import('fast-xml-parser');
    parser = new fxp.XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      textNodeName: '#text',
      processEntities: true,
      isArray: (name) => REPEATED.has(name),
    });
    validate = (xml) => fxp.XMLValidator.validate(xml) as true | { err: { msg: string; line: number; col: number } };
  }
  return { parser, validate };
}

function node(value: unknown): Node | undefined {
  if (Array.isArray(value)) return node(value[0]);
  return value !== null && typeof value === 'object' ? (value as Node) : undefined;
}

function nodes(value: unknown): Node[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === 'object' && v !== null ? (v as Node) : { '#text': v }));
}

/** Follows a path of element names; the first element of any array on the way. */
function at(root: unknown, ...path: string[]): unknown {
  let current: unknown = root;
  for (const name of path) {
    const n = node(current);
    if (!n) return undefined;
    current = n[name];
  }
  return current;
}

function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const n = node(value);
  return n ? text(n['#text']) : undefined;
}

function texts(value: unknown): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map(text).filter((t): t is string => t !== undefined);
}

function num(value: unknown): number | undefined {
  const t = text(value);
  if (t === undefined) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** Drops undefined fields, so JSON output and inline snapshots stay tidy. */
function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

function item(raw: Node, docType: SummaryDocType): SummaryItem {
  const product = node(raw.PRODUCT_ID);
  const quantity = num(raw.QUANTITY);
  const serials = texts(product?.SERIAL_NUMBER);
  const taxRate = num(at(raw, 'PRODUCT_PRICE_FIX', 'TAX_DETAILS_FIX', 'TAX'));
  return compact({
    lineItemId: text(raw.LINE_ITEM_ID),
    supplierPid: text(product?.SUPPLIER_PID),
    description: text(product?.DESCRIPTION_SHORT),
    quantity,
    unit: text(raw.ORDER_UNIT),
    unitPrice: num(at(raw, 'PRODUCT_PRICE_FIX', 'PRICE_AMOUNT')),
    lineAmount: num(raw.PRICE_LINE_AMOUNT),
    cancelled: docType === 'ORDERRESPONSE' && quantity !== undefined && quantity <= 0 ? true : undefined,
    deliveryStart: text(at(raw, 'DELIVERY_DATE', 'DELIVERY_START_DATE')),
    deliveryEnd: text(at(raw, 'DELIVERY_DATE', 'DELIVERY_END_DATE')),
    serialNumbers: serials.length ? serials : undefined,
    orderId: text(at(raw, 'ORDER_REFERENCE', 'ORDER_ID')),
    orderLineItemId: text(at(raw, 'ORDER_REFERENCE', 'LINE_ITEM_ID')),
    taxRate,
  });
}

function items(root: Node, docType: SummaryDocType): SummaryItem[] {
  return nodes(at(root, `${docType}_ITEM_LIST`, `${docType}_ITEM`)).map((raw) => item(raw, docType));
}

/** TOTAL_TAX is either a number or a list of TAX_DETAILS_FIX with TAX_AMOUNT each. */
function totalTax(value: unknown): number | undefined {
  const direct = num(value);
  if (direct !== undefined) return direct;
  const details = nodes(at(value, 'TAX_DETAILS_FIX'));
  const amounts = details.map((d) => num(d.TAX_AMOUNT)).filter((n): n is number => n !== undefined);
  return amounts.length ? Math.round(amounts.reduce((a, b) => a + b, 0) * 100) / 100 : undefined;
}

function summarize(docType: SummaryDocType, root: Node): OpenTransSummary {
  const header = node(root[`${docType}_HEADER`]) ?? {};
  const summary = node(root[`${docType}_SUMMARY`]) ?? {};
  const base = {
    docType,
    version: text(root['@_version']),
    items: items(root, docType),
    totals: compact({
      itemCount: num(summary.TOTAL_ITEM_NUM),
      netValueGoods: num(summary.NET_VALUE_GOODS),
      totalAmount: num(summary.TOTAL_AMOUNT),
      totalTax: totalTax(summary.TOTAL_TAX),
    }),
  };
  switch (docType) {
    case 'ORDER': {
      const info = node(header.ORDER_INFO) ?? {};
      return compact({
        ...base,
        documentNumber: text(info.ORDER_ID),
        orderId: text(info.ORDER_ID),
        customerOrderId: text(at(info, 'CUSTOMER_ORDER_REFERENCE', 'ORDER_ID')),
        date: text(info.ORDER_DATE),
        deliveryStart: text(at(info, 'DELIVERY_DATE', 'DELIVERY_START_DATE')),
        deliveryEnd: text(at(info, 'DELIVERY_DATE', 'DELIVERY_END_DATE')),
        currency: text(info.CURRENCY),
      });
    }
    case 'ORDERRESPONSE': {
      const info = node(header.ORDERRESPONSE_INFO) ?? {};
      return compact({
        ...base,
        orderId: text(info.ORDER_ID),
        supplierOrderId: text(info.SUPPLIER_ORDER_ID),
        date: text(info.ORDERRESPONSE_DATE),
        orderDate: text(info.ORDER_DATE),
        deliveryStart: text(at(info, 'DELIVERY_DATE', 'DELIVERY_START_DATE')),
        deliveryEnd: text(at(info, 'DELIVERY_DATE', 'DELIVERY_END_DATE')),
        currency: text(info.CURRENCY),
      });
    }
    case 'DISPATCHNOTIFICATION': {
      const info = node(header.DISPATCHNOTIFICATION_INFO) ?? {};
      const packages = nodes(at(info, 'LOGISTIC_DETAILS_INFO', 'PACKAGE_INFO', 'PACKAGE')).map((p) =>
        compact({ trackingNumbers: texts(p.PACKAGE_ID), description: texts(p.PACKAGE_DESCR).join('; ') || undefined }),
      );
      const carrier = nodes(info.REMARKS).find((r) => text(r['@_type']) === 'delivererCode');
      const orderIds = [...new Set(base.items.map((i) => i.orderId).filter((id): id is string => id !== undefined))];
      return compact({
        ...base,
        documentNumber: text(info.DISPATCHNOTIFICATION_ID),
        orderId: orderIds.length ? orderIds.join(', ') : undefined,
        date: text(info.DISPATCHNOTIFICATION_DATE),
        shipmentId: text(info.SHIPMENT_ID),
        trackingUrl: text(info.TRACKING_TRACING_URL),
        carrier: carrier ? text(carrier) : undefined,
        packages,
        trackingNumbers: packages.flatMap((p) => p.trackingNumbers),
      });
    }
    case 'INVOICE': {
      const info = node(header.INVOICE_INFO) ?? {};
      return compact({
        ...base,
        documentNumber: text(info.INVOICE_ID),
        orderId: texts(at(header, 'ORDER_HISTORY', 'ORDER_ID')).join(', ') || undefined,
        date: text(info.INVOICE_DATE),
        deliveryNoteId: text(info.DELIVERYNOTE_ID),
        currency: text(info.CURRENCY),
      });
    }
  }
}

/** Summarizes an openTRANS document; throws OpenTransError when it is not one we read. */
export async function summarizeOpenTrans(xml: string): Promise<OpenTransSummary> {
  const { parser, validate } = await loadParser();
  const verdict = validate(xml);
  if (verdict !== true) {
    throw new OpenTransError(`not well-formed XML: ${verdict.err.msg} (line ${verdict.err.line}, column ${verdict.err.col})`);
  }
  const doc = parser.parse(xml) as Node;
  const rootName = Object.keys(doc).find((k) => k !== '?xml' && !k.startsWith('#'));
  if (!rootName) throw new OpenTransError('the document has no root element');
  if (!(SUMMARY_DOC_TYPES as readonly string[]).includes(rootName)) {
    throw new OpenTransError(`root element <${rootName}> is not an openTRANS ${SUMMARY_DOC_TYPES.join(', ')} document`);
  }
  return summarize(rootName as SummaryDocType, node(doc[rootName]) ?? {});
}
