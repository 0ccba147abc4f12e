/**
 * The summary of one openTRANS document (`fetch-doc --summary`, `listen --fetch-docs`, the
 * inspector): what a user opens a summary for, read the same from every supplier style.
 * Field by field documentation with the decisions behind it: docs/fetch-doc-summary.md.
 *
 * Conventions:
 * - Amounts, quantities and rates are strings exactly as the document states them
 *   ("91.8992", "1798.00", "0.19"); sums computed here (reconciliation) are exact decimals
 *   at the largest scale of their operands. Never floats, never rounded for display.
 * - Optional fields are absent (not null) when the document does not state them.
 *   Top-level lists are always present (maybe empty); per-item lists only when not empty.
 * - Texts are trimmed, otherwise exact (control characters included: renderers escape them).
 */

export const SUMMARY_DOC_TYPES = ['ORDER', 'ORDERRESPONSE', 'DISPATCHNOTIFICATION', 'INVOICE'] as const;
export type SummaryDocType = (typeof SUMMARY_DOC_TYPES)[number];

/** How the bytes were turned into text (see decode.ts for the rules). */
export interface EncodingInfo {
  /** The XML declaration's `encoding`, as written (e.g. "ISO-8859-1"); absent when there is none. */
  declared?: string;
  /** What was used: "UTF-8", "ISO-8859-1", "windows-1252", "UTF-16LE", "UTF-16BE", "US-ASCII",
   * another label the declaration named, or "string" when the caller passed decoded text. */
  used: string;
  /** True when the bytes start with a byte-order mark. */
  bom?: boolean;
}

/** One party of the document (buyer, supplier, delivery address, invoice recipient, carrier …). */
export interface SummaryParty {
  /** openTRANS role names: PARTY_ROLE (2.x; may repeat), else the IDREF that points at the party
   * (BUYER_IDREF → buyer …), else the 1.0 wrapper (BUYER_PARTY → buyer, TRANSPORT_PARTY →
   * deliverer); ["unknown"] when none says. */
  roles: string[];
  /** PARTY_ID values with their `type` attribute (buyer_specific, gln, …). */
  ids: Array<{ id: string; type?: string }>;
  /** NAME, NAME2, NAME3 in that order. */
  names: string[];
  department?: string;
  street?: string;
  zip?: string;
  city?: string;
  state?: string;
  /** COUNTRY as written ("Deutschland"). */
  country?: string;
  /** COUNTRY_CODED ("DE"). */
  countryCode?: string;
  /** CONTACT_DETAILS (1.0: CONTACT): TITLE FIRST_NAME CONTACT_NAME. */
  contact?: string;
  email?: string;
  phone?: string;
  vatId?: string;
}

/** One ALLOW_OR_CHARGE of an ALLOW_OR_CHARGES_FIX (header: the summary; item: the price). */
export interface SummaryCharge {
  /** The `type` attribute; "unknown" when missing or neither (then never counted). */
  type: 'surcharge' | 'allowance' | 'unknown';
  /** ALLOW_OR_CHARGE_TYPE, the coded kind: freight, packing, recycling, rebate, cash_discount … */
  chargeType?: string;
  /** ALLOW_OR_CHARGE_NAME. */
  name?: string;
  /** ALLOW_OR_CHARGE_DESCR. */
  description?: string;
  /** AOC_MONETARY_AMOUNT as stated: the amount, positive for both types. */
  amount?: string;
  /** AOC_PERCENTAGE_FACTOR as stated (openTRANS gives no unit; usually 0.02 for 2 %). */
  percentage?: string;
  /** ALLOW_OR_CHARGE_SEQUENCE. */
  sequence?: string;
  /** ALLOW_OR_CHARGE_BASE: what a percentage applies to, when not the price. */
  base?: string;
}

/** A REMARKS (1.0: REMARK) element. */
export interface SummaryRemark {
  type?: string;
  text: string;
}

export interface SummaryItem {
  /** 1-based position in the item list; shown as `#n` for an item without LINE_ITEM_ID. */
  position: number;
  lineItemId?: string;
  /** SUPPLIER_PID (1.0: SUPPLIER_AID). */
  supplierPid?: string;
  /** BUYER_PID (1.0: BUYER_AID). */
  buyerPid?: string;
  /** INTERNATIONAL_PID, usually the GTIN/EAN (1.0: INTERNATIONAL_AID or EAN). */
  internationalPid?: string;
  /** MANUFACTURER_INFO/MANUFACTURER_PID (1.0: MANUFACTURER_AID). */
  manufacturerPid?: string;
  /** DESCRIPTION_SHORT (the first, when given per language). */
  description?: string;
  quantity?: string;
  /** ORDER_UNIT, e.g. C62 (piece). */
  unit?: string;
  /** PRODUCT_PRICE_FIX/PRICE_AMOUNT (1.0: ARTICLE_PRICE/PRICE_AMOUNT). */
  unitPrice?: string;
  /** PRICE_QUANTITY: the number of units the unit price is for, when not 1. */
  priceQuantity?: string;
  /** PRICE_LINE_AMOUNT. */
  lineAmount?: string;
  /** TAX_DETAILS_FIX/TAX (1.0: ARTICLE_PRICE/TAX): a factor, "0.19". */
  taxRate?: string;
  /** ORDERRESPONSE: a QUANTITY of 0 or less cancels the line. */
  cancelled?: boolean;
  /** DELIVERY_DATE (or DELIVERY_REFERENCE/DELIVERY_DATE). */
  deliveryStart?: string;
  deliveryEnd?: string;
  serialNumbers?: string[];
  /** ORDER_REFERENCE: the buyer's order and line this item belongs to. */
  orderId?: string;
  orderLineItemId?: string;
  /** SUPPLIER_ORDER_REFERENCE: the supplier's order number and line. */
  supplierOrderId?: string;
  supplierOrderItemId?: string;
  /** CUSTOMER_ORDER_REFERENCE/ORDER_ID. */
  customerOrderId?: string;
  /** DELIVERY_REFERENCE/DELIVERYNOTE_ID (invoices). */
  deliveryNoteId?: string;
  /** Item-level ALLOW_OR_CHARGES_FIX (in PRODUCT_PRICE_FIX, or on the item). */
  charges?: SummaryCharge[];
  remarks?: SummaryRemark[];
}

/** A parcel, pallet or other package (LOGISTIC_DETAILS_INFO or an item's LOGISTIC_DETAILS). */
export interface SummaryPackage {
  /** Where it was declared: in the header, or only on items. */
  level: 'header' | 'item';
  /** PACKAGE_ID values: tracking numbers, SSCC/NVE. */
  trackingNumbers: string[];
  /** PACKAGE_DESCR (several joined with "; "). */
  description?: string;
  /** PACKAGE_QUANTITY: how many packages of this kind. */
  packageQuantity?: string;
  /** The items it holds, by LINE_ITEM_ID (`#n` for an item without one). Packages on items
   * with the same PACKAGE_ID are one package holding all of them. Header packages list the
   * items only when items name the same PACKAGE_ID. */
  items: string[];
}

/** Where the carrier was read, in order of trust. */
export type CarrierSource = 'delivererCode' | 'shipmentCarrier' | 'delivererParty';

/** TOTAL_TAX/TAX_DETAILS_FIX (or an item's tax, not summed). */
export interface SummaryTax {
  /** TAX: a factor ("0.19"). */
  rate?: string;
  category?: string;
  type?: string;
  amount?: string;
  base?: string;
}

export interface SummaryTotals {
  /** TOTAL_ITEM_NUM as stated; a mismatch with itemsCounted is a warning. */
  itemCount?: number;
  /** The items the document actually lists. */
  itemsCounted: number;
  netValueGoods?: string;
  /** NET_VALUE_EXTRA. */
  netValueExtra?: string;
  totalAmount?: string;
  /** The sum of TOTAL_TAX's TAX_AMOUNTs (or TOTAL_TAX / TOTAL_TAX_AMOUNT when a plain number). */
  totalTax?: string;
  taxes: SummaryTax[];
}

/**
 * net + charges − allowances (+ extra) + tax = computedTotal, compared with the stated
 * TOTAL_AMOUNT. Only header-level charges count: item-level ones are part of the line
 * amounts (openTRANS applies them to the price). All values exact decimals.
 */
export interface Reconciliation {
  /** NET_VALUE_GOODS, else the sum of the line amounts (cancelled lines left out). */
  net: string;
  netSource: 'NET_VALUE_GOODS' | 'items';
  /** Header surcharges with an amount, summed ("0" when none). */
  charges: string;
  /** Header allowances with an amount, summed ("0" when none). */
  allowances: string;
  /** NET_VALUE_EXTRA, counted when no header charge explains it. */
  extra?: string;
  /** The total tax ("0" when the document states none, as ORDER never does). */
  tax: string;
  computedTotal: string;
  statedTotal: string;
  /** statedTotal − computedTotal. */
  difference: string;
  ok: boolean;
  /** Header charges with only a percentage, which cannot be counted exactly. */
  uncounted?: number;
}

export interface OpenTransSummary {
  docType: SummaryDocType;
  /** The root's `version` attribute ("2.1", "2.0", "1.0"). */
  version?: string;
  encoding: EncodingInfo;
  /** The document's own id: ORDER_ID, DISPATCHNOTIFICATION_ID or INVOICE_ID (ORDERRESPONSE has none). */
  documentNumber?: string;
  /** The buyer's order id(s) (ITscope's order id), joined with ", " when items name several. */
  orderId?: string;
  /** The buyer's own order number (CUSTOMER_ORDER_REFERENCE/ORDER_ID, ALT_CUSTOMER_ORDER_ID). */
  customerOrderId?: string;
  /** The supplier's order number: SUPPLIER_ORDER_ID (header, ORDER_HISTORY or items). */
  supplierOrderId?: string;
  /** The document's date: ORDER_DATE, ORDERRESPONSE_DATE, DISPATCHNOTIFICATION_DATE, INVOICE_DATE. */
  date?: string;
  /** ORDERRESPONSE / INVOICE: the date of the order. */
  orderDate?: string;
  /** Header DELIVERY_DATE. */
  deliveryStart?: string;
  deliveryEnd?: string;
  /** CURRENCY (1.0: PRICE_CURRENCY); every amount is in it. */
  currency?: string;
  /** INVOICE_TYPE as stated: invoice, credit_memo, invoice_copy, advice_of_amendment. */
  invoiceType?: string;
  /** True for an INVOICE whose INVOICE_TYPE is credit_memo (also credit_note, 381). */
  creditMemo: boolean;
  /** DELIVERYNOTE_ID (header, ORDER_HISTORY or items). */
  deliveryNoteId?: string;
  shipmentId?: string;
  /** TRACKING_TRACING_URL; an empty or junk value is dropped with a warning. */
  trackingUrl?: string;
  carrier?: string;
  carrierSource?: CarrierSource;
  packages: SummaryPackage[];
  /** Every PACKAGE_ID of every package (header and items), once each, in document order. */
  trackingNumbers: string[];
  parties: SummaryParty[];
  items: SummaryItem[];
  /** Header-level ALLOW_OR_CHARGES_FIX (INVOICE_SUMMARY, ORDERRESPONSE_SUMMARY). */
  charges: SummaryCharge[];
  totals: SummaryTotals;
  /** Present when the document states a TOTAL_AMOUNT and a net value can be found. */
  reconciliation?: Reconciliation;
  /** Header REMARKS (the delivererCode remark included). */
  remarks: SummaryRemark[];
  /** Encoding, sanity and consistency findings, one sentence each. */
  warnings: string[];
}

/** A document that cannot be summarized: not XML, or not an openTRANS document we read. */
export class OpenTransError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenTransError';
  }
}
