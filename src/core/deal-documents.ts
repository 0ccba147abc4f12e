/**
 * The openTRANS 2.1 documents of a synthetic deal, built from `dealFacts(transactionId)`
 * alone, so mock-api serves for any transactionId documents that agree with the webhooks
 * `send --deals` made for it. Where the ids go (docs/lifecycle.md, "Coherent documents"):
 * - ORDER_ID is ITscope's order number (webhook itscopeOrderId) in every document: ITscope
 *   "generates an ITscope order number in the ORDER_ID" and copies the buyer's own number
 *   (webhook orderId) to CUSTOMER_ORDER_REFERENCE/ORDER_ID (ITscope guide, "Structure of
 *   the ORDER document"). ORDERRESPONSE and INVOICE carry the buyer's number as
 *   ALT_CUSTOMER_ORDER_ID, DISPATCHNOTIFICATION and INVOICE items as
 *   CUSTOMER_ORDER_REFERENCE/ORDER_ID.
 * - The webhook's documentId is the document's own number where openTRANS has one:
 *   SUPPLIER_ORDER_ID (the order confirmation's number), DISPATCHNOTIFICATION_ID,
 *   INVOICE_ID. An ORDER has no number of its own besides ORDER_ID.
 * Element order follows the openTRANS 2.1 XSD. Same transactionId, same bytes.
 */

import { dispatchNotificationXml, invoiceXml } from './deal-documents-fulfilment.js';
import { block, controlInfo, deliveryParty, documentXml, leaf, orderPartiesReference, party, productId, transactionRemark } from './deal-documents-xml.js';
import { CURRENCY, type DealFacts, dealFacts } from './deal-facts.js';
import { DATE_OFFSETS, dealDate, finalDispatch, formatCents, shipmentsOf, totalsOf } from './deal-shipments.js';

export const DEAL_DOC_TYPES = ['ORDER', 'ORDERRESPONSE', 'DISPATCHNOTIFICATION', 'INVOICE'] as const;
export type DealDocType = (typeof DEAL_DOC_TYPES)[number];

export function isDealDocType(value: string): value is DealDocType {
  return (DEAL_DOC_TYPES as readonly string[]).includes(value);
}

export interface DealDocumentOptions {
  /**
   * DISPATCHNOTIFICATION only: the document of shipment `shipment` of `shipments` (a
   * partial one). Without it, or for the last shipment, the final cumulative one that
   * the documents API serves.
   */
  shipment?: number | undefined;
  shipments?: number | undefined;
}

/** The document of the given type for a transactionId (any string). */
export function dealDocument(transactionId: string, docType: DealDocType, options: DealDocumentOptions = {}): string {
  return dealDocumentOf(dealFacts(transactionId), docType, options);
}

export function dealDocumentOf(facts: DealFacts, docType: DealDocType, options: DealDocumentOptions = {}): string {
  switch (docType) {
    case 'ORDER':
      return orderXml(facts);
    case 'ORDERRESPONSE':
      return orderResponseXml(facts);
    case 'DISPATCHNOTIFICATION': {
      const { shipment, shipments } = options;
      if (shipment === undefined || shipments === undefined || shipment === shipments) return dispatchNotificationXml(facts, finalDispatch(facts));
      const chosen = shipmentsOf(facts, shipments)[shipment - 1];
      if (!chosen) throw new RangeError(`shipment must be 1…${shipments}, got ${shipment}`);
      return dispatchNotificationXml(facts, chosen);
    }
    case 'INVOICE':
      return invoiceXml(facts);
  }
}

/** The priced lines of ORDER and ORDERRESPONSE (the same items, quantities and prices). */
function pricedItems(facts: DealFacts, listName: string, itemName: string, extra: () => string | false = () => false): string {
  const totals = totalsOf(facts.items);
  return block(
    listName,
    facts.items.map((item, i) =>
      block(itemName, [
        leaf('LINE_ITEM_ID', item.lineItemId),
        productId(item.supplierPid, item.description),
        leaf('QUANTITY', String(item.quantity)),
        leaf('bme:ORDER_UNIT', 'C62'),
        block('PRODUCT_PRICE_FIX', [leaf('bme:PRICE_AMOUNT', formatCents(item.unitPriceCents))]),
        leaf('PRICE_LINE_AMOUNT', formatCents(totals.lineCents[i] ?? 0)),
        extra(),
      ]),
    ),
  );
}

function orderXml(facts: DealFacts): string {
  const totals = totalsOf(facts.items);
  return documentXml('ORDER', { type: 'standard' }, [
    block('ORDER_HEADER', [
      controlInfo(facts.orderDate),
      block('ORDER_INFO', [
        leaf('ORDER_ID', facts.itscopeOrderId),
        leaf('ORDER_DATE', facts.orderDate),
        block('PARTIES', [party(facts.buyer, 'buyer', true), party(facts.supplier, 'supplier', true), deliveryParty(facts, true)]),
        block('CUSTOMER_ORDER_REFERENCE', [leaf('ORDER_ID', facts.orderId)]),
        orderPartiesReference(facts, true),
        leaf('bme:CURRENCY', CURRENCY),
        leaf('PARTIAL_SHIPMENT_ALLOWED', 'true'),
        transactionRemark(facts),
      ]),
    ]),
    pricedItems(facts, 'ORDER_ITEM_LIST', 'ORDER_ITEM'),
    block('ORDER_SUMMARY', [leaf('TOTAL_ITEM_NUM', String(facts.items.length)), leaf('TOTAL_AMOUNT', formatCents(totals.netCents))]),
  ]);
}

function orderResponseXml(facts: DealFacts): string {
  const totals = totalsOf(facts.items);
  const start = dealDate(facts, DATE_OFFSETS.deliveryStart).slice(0, 10);
  const end = dealDate(facts, DATE_OFFSETS.deliveryEnd).slice(0, 10);
  const deliveryDate = () => block('DELIVERY_DATE', [leaf('DELIVERY_START_DATE', start), leaf('DELIVERY_END_DATE', end)]);
  return documentXml('ORDERRESPONSE', {}, [
    block('ORDERRESPONSE_HEADER', [
      controlInfo(dealDate(facts, DATE_OFFSETS.orderResponse)),
      block('ORDERRESPONSE_INFO', [
        leaf('ORDER_ID', facts.itscopeOrderId),
        leaf('ORDERRESPONSE_DATE', dealDate(facts, DATE_OFFSETS.orderResponse)),
        leaf('ORDER_DATE', facts.orderDate),
        leaf('ALT_CUSTOMER_ORDER_ID', facts.orderId),
        leaf('SUPPLIER_ORDER_ID', facts.documentIds.ORDERRESPONSE),
        deliveryDate(),
        block('PARTIES', [party(facts.buyer, 'buyer', false), party(facts.supplier, 'supplier', false)]),
        orderPartiesReference(facts, false),
        leaf('bme:CURRENCY', CURRENCY),
        transactionRemark(facts),
      ]),
    ]),
    // Every line confirmed in full (no cancelled line), so the same items flow to the INVOICE.
    pricedItems(facts, 'ORDERRESPONSE_ITEM_LIST', 'ORDERRESPONSE_ITEM', deliveryDate),
    block('ORDERRESPONSE_SUMMARY', [leaf('TOTAL_ITEM_NUM', String(facts.items.length)), leaf('TOTAL_AMOUNT', formatCents(totals.netCents))]),
  ]);
}
