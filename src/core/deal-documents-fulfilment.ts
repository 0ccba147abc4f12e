/**
 * The fulfilment half of a synthetic deal's documents: DISPATCHNOTIFICATION (a partial
 * shipment, or the final cumulative one mock-api serves) and INVOICE. ITscope style:
 * tracking numbers in PACKAGE_ID, the carrier in REMARKS type="delivererCode", serial
 * numbers per item, each item pointing at its order line (ORDER_REFERENCE).
 */

import { block, controlInfo, deliveryParty, documentXml, leaf, party, productId, shipmentPartiesReference, transactionRemark } from './deal-documents-xml.js';
import { CURRENCY, type DealFacts, VAT_PERCENT } from './deal-facts.js';
import { DATE_OFFSETS, dealDate, finalDispatch, formatCents, type Shipment, taxRate, totalsOf } from './deal-shipments.js';

function itemOf(facts: DealFacts, lineItemId: string) {
  const item = facts.items.find((i) => i.lineItemId === lineItemId);
  if (!item) throw new RangeError(`no order line ${lineItemId}`);
  return item;
}

function orderReference(facts: DealFacts, lineItemId: string): string {
  return block('ORDER_REFERENCE', [leaf('ORDER_ID', facts.itscopeOrderId), leaf('LINE_ITEM_ID', lineItemId), leaf('ORDER_DATE', facts.orderDate)]);
}

function customerOrderReference(facts: DealFacts): string {
  return block('CUSTOMER_ORDER_REFERENCE', [leaf('ORDER_ID', facts.orderId)]);
}

/** A DISPATCHNOTIFICATION for one shipment (partial) or the final cumulative one. */
export function dispatchNotificationXml(facts: DealFacts, shipment: Shipment): string {
  const final = shipment.index === 0 || shipment.index === shipment.of;
  const parcel = final ? 'Sendung (letzte)' : `Teilsendung ${shipment.index}`;
  return documentXml('DISPATCHNOTIFICATION', {}, [
    block('DISPATCHNOTIFICATION_HEADER', [
      controlInfo(shipment.date),
      block('DISPATCHNOTIFICATION_INFO', [
        leaf('DISPATCHNOTIFICATION_ID', shipment.documentId),
        leaf('DISPATCHNOTIFICATION_DATE', shipment.date),
        block('PARTIES', [party(facts.supplier, 'supplier', false), party(facts.buyer, 'buyer', false), deliveryParty(facts, true)]),
        leaf('bme:SUPPLIER_IDREF', facts.supplier.id, { type: 'buyer_specific' }),
        leaf('bme:BUYER_IDREF', facts.buyer.id, { type: 'supplier_specific' }),
        shipmentPartiesReference(facts),
        leaf('SHIPMENT_ID', shipment.shipmentId),
        leaf('TRACKING_TRACING_URL', shipment.trackingUrl),
        block('LOGISTIC_DETAILS_INFO', [
          block('PACKAGE_INFO', [block('PACKAGE', [leaf('PACKAGE_ID', shipment.trackingNumber), leaf('PACKAGE_DESCR', parcel)])]),
        ]),
        leaf('REMARKS', facts.carrier, { type: 'delivererCode' }),
        transactionRemark(facts),
      ]),
    ]),
    block(
      'DISPATCHNOTIFICATION_ITEM_LIST',
      shipment.lines.map((line) => {
        const item = itemOf(facts, line.lineItemId);
        return block('DISPATCHNOTIFICATION_ITEM', [
          leaf('LINE_ITEM_ID', line.lineItemId),
          productId(item.supplierPid, item.description, line.serialNumbers),
          leaf('QUANTITY', String(line.quantity)),
          leaf('bme:ORDER_UNIT', 'C62'),
          leaf('DELIVERY_COMPLETED', line.completed ? 'true' : 'false'),
          orderReference(facts, line.lineItemId),
          customerOrderReference(facts),
          shipmentPartiesReference(facts),
        ]);
      }),
    ),
    block('DISPATCHNOTIFICATION_SUMMARY', [leaf('TOTAL_ITEM_NUM', String(shipment.lines.length))]),
  ]);
}

function taxDetails(amountCents?: number, baseCents?: number): string {
  return block('TAX_DETAILS_FIX', [
    leaf('bme:TAX_CATEGORY', 'standard_rate'),
    leaf('bme:TAX_TYPE', 'vat'),
    leaf('bme:TAX', taxRate(VAT_PERCENT)),
    amountCents !== undefined && leaf('TAX_AMOUNT', formatCents(amountCents)),
    baseCents !== undefined && leaf('TAX_BASE', formatCents(baseCents)),
  ]);
}

/**
 * The INVOICE: everything shipped (= the confirmed quantities), line amounts = quantity ×
 * unit price, VAT 19 % on the net sum rounded half up, total = net + VAT; all in cents.
 */
export function invoiceXml(facts: DealFacts): string {
  const totals = totalsOf(facts.items);
  const date = dealDate(facts, DATE_OFFSETS.invoice);
  const deliveryNote = finalDispatch(facts).documentId;
  return documentXml('INVOICE', {}, [
    block('INVOICE_HEADER', [
      controlInfo(date),
      block('INVOICE_INFO', [
        leaf('INVOICE_ID', facts.documentIds.INVOICE),
        leaf('INVOICE_DATE', date.slice(0, 10)),
        leaf('DELIVERYNOTE_ID', deliveryNote),
        block('PARTIES', [party(facts.supplier, 'invoice_issuer', true), party(facts.buyer, 'invoice_recipient', true)]),
        leaf('INVOICE_ISSUER_IDREF', facts.supplier.id, { type: 'buyer_specific' }),
        leaf('INVOICE_RECIPIENT_IDREF', facts.buyer.id, { type: 'supplier_specific' }),
        leaf('bme:CURRENCY', CURRENCY),
        transactionRemark(facts),
      ]),
      block('ORDER_HISTORY', [
        leaf('ORDER_ID', facts.itscopeOrderId),
        leaf('ALT_CUSTOMER_ORDER_ID', facts.orderId),
        leaf('SUPPLIER_ORDER_ID', facts.documentIds.ORDERRESPONSE),
        leaf('ORDER_DATE', facts.orderDate),
        leaf('DELIVERYNOTE_ID', deliveryNote),
      ]),
    ]),
    block(
      'INVOICE_ITEM_LIST',
      facts.items.map((item, i) =>
        block('INVOICE_ITEM', [
          leaf('LINE_ITEM_ID', item.lineItemId),
          productId(item.supplierPid, item.description),
          leaf('QUANTITY', String(item.quantity)),
          leaf('bme:ORDER_UNIT', 'C62'),
          block('PRODUCT_PRICE_FIX', [leaf('bme:PRICE_AMOUNT', formatCents(item.unitPriceCents)), taxDetails()]),
          leaf('PRICE_LINE_AMOUNT', formatCents(totals.lineCents[i] ?? 0)),
          orderReference(facts, item.lineItemId),
          customerOrderReference(facts),
        ]),
      ),
    ),
    block('INVOICE_SUMMARY', [
      leaf('TOTAL_ITEM_NUM', String(facts.items.length)),
      leaf('NET_VALUE_GOODS', formatCents(totals.netCents)),
      leaf('TOTAL_AMOUNT', formatCents(totals.totalCents)),
      block('TOTAL_TAX', [taxDetails(totals.taxCents, totals.netCents)]),
    ]),
  ]);
}
