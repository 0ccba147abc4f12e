/**
 * Line items of any of the four documents, openTRANS 2.x and 1.0 names alike:
 * PRODUCT_ID/SUPPLIER_PID or ARTICLE_ID/SUPPLIER_AID, PRODUCT_PRICE_FIX or ARTICLE_PRICE
 * (1.0 keeps PRICE_LINE_AMOUNT and TAX inside it), REMARKS or REMARK.
 */

import { compare, parseDecimal, ZERO } from '../../core/decimal.js';
import { readCharges } from './charges.js';
import type { SummaryDocType, SummaryItem, SummaryRemark } from './model.js';
import { attr, child, childOf, children, ownText, text, textOf, texts, type XmlNode } from './tree.js';

/** An item with the element it was read from (packages and carriers read more of it). */
export interface ReadItem {
  /** LINE_ITEM_ID, or `#position` when the item has none. */
  ref: string;
  node: XmlNode;
  item: SummaryItem;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** REMARKS (2.x) and REMARK (1.0) of an element, with their `type`. */
export function readRemarks(node: XmlNode | undefined): SummaryRemark[] {
  return [...children(node, 'REMARKS'), ...children(node, 'REMARK')].flatMap((r) => {
    const t = ownText(r);
    const type = attr(r, 'type');
    return t === undefined ? [] : [{ ...(type ? { type } : {}), text: t }];
  });
}

/** DELIVERY_DATE's start and end, directly on the element or in its DELIVERY_REFERENCE. */
export function deliveryDates(node: XmlNode | undefined): Pick<SummaryItem, 'deliveryStart' | 'deliveryEnd'> {
  const date = child(node, 'DELIVERY_DATE') ?? child(node, 'DELIVERY_REFERENCE', 'DELIVERY_DATE');
  return compact({ deliveryStart: text(date, 'DELIVERY_START_DATE'), deliveryEnd: text(date, 'DELIVERY_END_DATE') });
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

function readItem(node: XmlNode, position: number, docType: SummaryDocType): SummaryItem {
  const product = childOf(node, 'PRODUCT_ID', 'ARTICLE_ID');
  const price = childOf(node, 'PRODUCT_PRICE_FIX', 'ARTICLE_PRICE_FIX', 'ARTICLE_PRICE');
  const quantity = text(node, 'QUANTITY');
  const q = parseDecimal(quantity);
  const serials = [...new Set([...texts(product, 'SERIAL_NUMBER'), ...texts(node, 'SERIAL_NUMBER')])];
  return compact({
    position,
    lineItemId: text(node, 'LINE_ITEM_ID'),
    supplierPid: textOf(product, 'SUPPLIER_PID', 'SUPPLIER_AID'),
    buyerPid: textOf(product, 'BUYER_PID', 'BUYER_AID'),
    internationalPid: textOf(product, 'INTERNATIONAL_PID', 'INTERNATIONAL_AID', 'EAN'),
    manufacturerPid: textOf(product, 'MANUFACTURER_INFO/MANUFACTURER_PID', 'MANUFACTURER_AID'),
    description: texts(product, 'DESCRIPTION_SHORT')[0],
    quantity,
    unit: text(node, 'ORDER_UNIT'),
    unitPrice: text(price, 'PRICE_AMOUNT'),
    priceQuantity: text(price, 'PRICE_QUANTITY'),
    lineAmount: text(node, 'PRICE_LINE_AMOUNT') ?? text(price, 'PRICE_LINE_AMOUNT'),
    taxRate: textOf(price, 'TAX_DETAILS_FIX/TAX', 'TAX'),
    cancelled: docType === 'ORDERRESPONSE' && q !== undefined && compare(q, ZERO) <= 0 ? true : undefined,
    ...deliveryDates(node),
    serialNumbers: nonEmpty(serials),
    orderId: text(node, 'ORDER_REFERENCE', 'ORDER_ID'),
    orderLineItemId: text(node, 'ORDER_REFERENCE', 'LINE_ITEM_ID'),
    supplierOrderId: text(node, 'SUPPLIER_ORDER_REFERENCE', 'SUPPLIER_ORDER_ID'),
    supplierOrderItemId: text(node, 'SUPPLIER_ORDER_REFERENCE', 'SUPPLIER_ORDER_ITEM_ID'),
    customerOrderId: text(node, 'CUSTOMER_ORDER_REFERENCE', 'ORDER_ID'),
    deliveryNoteId: text(node, 'DELIVERY_REFERENCE', 'DELIVERYNOTE_ID'),
    charges: nonEmpty(readCharges(price, node)),
    remarks: nonEmpty(readRemarks(node)),
  });
}

/** The `<DOCTYPE>_ITEM_LIST/<DOCTYPE>_ITEM` elements, in document order. */
export function readItems(root: XmlNode, docType: SummaryDocType): ReadItem[] {
  return children(child(root, `${docType}_ITEM_LIST`), `${docType}_ITEM`).map((node, i) => {
    const item = readItem(node, i + 1, docType);
    return { ref: item.lineItemId ?? `#${i + 1}`, node, item };
  });
}

/** The distinct non-empty values, in order, joined with ", " (undefined when none). */
export function distinct(values: Array<string | undefined>): string | undefined {
  const unique = [...new Set(values.filter((v): v is string => v !== undefined))];
  return unique.length ? unique.join(', ') : undefined;
}
