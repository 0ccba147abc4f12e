/**
 * The header facts of each document type: its own id, the order ids on both sides, dates,
 * delivery dates, currency, invoice type. Ids that items repeat (ORDER_REFERENCE,
 * SUPPLIER_ORDER_REFERENCE, DELIVERY_REFERENCE) fill in what the header leaves out, so a
 * dispatch notification or invoice shows the supplier's order number wherever it was put.
 */
import { distinct, type ReadItem } from './items.js';
import type { OpenTransSummary, SummaryDocType } from './model.js';
import { child, children, text, textOf, type XmlNode } from './tree.js';

export type HeaderFields = Pick<
  OpenTransSummary,
  | 'documentNumber'
  | 'orderId'
  | 'customerOrderId'
  | 'supplierOrderId'
  | 'date'
  | 'orderDate'
  | 'deliveryStart'
  | 'deliveryEnd'
  | 'currency'
  | 'invoiceType'
  | 'creditMemo'
  | 'deliveryNoteId'
  | 'shipmentId'
>;

/** INVOICE_TYPE values that make a document a credit memo: the 2.1 value, and what ERPs write instead. */
const CREDIT_MEMO_TYPES = new Set(['credit_memo', 'credit_note', 'creditnote', 'creditmemo', '381']);

export function isCreditMemo(invoiceType: string | undefined): boolean {
  return invoiceType !== undefined && CREDIT_MEMO_TYPES.has(invoiceType.trim().toLowerCase());
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The order the fields appear in (JSON output reads top-down like the human block). */
const FIELD_ORDER: ReadonlyArray<keyof HeaderFields> = [
  'documentNumber',
  'orderId',
  'customerOrderId',
  'supplierOrderId',
  'invoiceType',
  'creditMemo',
  'date',
  'orderDate',
  'deliveryStart',
  'deliveryEnd',
  'deliveryNoteId',
  'currency',
  'shipmentId',
];

export function readHeader(docType: SummaryDocType, header: XmlNode | undefined, info: XmlNode | undefined, items: ReadItem[]): HeaderFields {
  const fields = readFields(docType, header, info, items);
  return Object.fromEntries(FIELD_ORDER.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]])) as unknown as HeaderFields;
}

function readFields(docType: SummaryDocType, header: XmlNode | undefined, info: XmlNode | undefined, items: ReadItem[]): HeaderFields {
  const each = <K extends keyof ReadItem['item']>(key: K) => items.map(({ item }) => item[key] as string | undefined);
  const delivery = child(info, 'DELIVERY_DATE');
  const common = {
    deliveryStart: text(delivery, 'DELIVERY_START_DATE'),
    deliveryEnd: text(delivery, 'DELIVERY_END_DATE'),
    currency: textOf(info, 'CURRENCY', 'PRICE_CURRENCY'),
    creditMemo: false,
  };
  switch (docType) {
    case 'ORDER':
      return compact({
        ...common,
        documentNumber: text(info, 'ORDER_ID'),
        orderId: text(info, 'ORDER_ID'),
        customerOrderId: text(info, 'CUSTOMER_ORDER_REFERENCE', 'ORDER_ID'),
        date: text(info, 'ORDER_DATE'),
      });
    case 'ORDERRESPONSE':
      return compact({
        ...common,
        orderId: text(info, 'ORDER_ID'),
        customerOrderId: text(info, 'ALT_CUSTOMER_ORDER_ID'),
        supplierOrderId: text(info, 'SUPPLIER_ORDER_ID') ?? distinct(each('supplierOrderId')),
        date: text(info, 'ORDERRESPONSE_DATE'),
        orderDate: text(info, 'ORDER_DATE'),
      });
    case 'DISPATCHNOTIFICATION':
      return compact({
        ...common,
        documentNumber: text(info, 'DISPATCHNOTIFICATION_ID'),
        orderId: distinct([text(info, 'ORDER_ID'), ...each('orderId')]),
        customerOrderId: distinct(each('customerOrderId')),
        supplierOrderId: distinct([text(info, 'SUPPLIER_ORDER_ID'), ...each('supplierOrderId')]),
        date: text(info, 'DISPATCHNOTIFICATION_DATE'),
        shipmentId: text(info, 'SHIPMENT_ID'),
      });
    case 'INVOICE': {
      const history = children(header, 'ORDER_HISTORY');
      const fromHistory = (name: string) => history.map((h) => text(h, name));
      const invoiceType = text(info, 'INVOICE_TYPE');
      return compact({
        ...common,
        documentNumber: text(info, 'INVOICE_ID'),
        orderId: distinct([...fromHistory('ORDER_ID'), ...each('orderId')]),
        customerOrderId: distinct([...fromHistory('ALT_CUSTOMER_ORDER_ID'), ...each('customerOrderId')]),
        supplierOrderId: distinct([...fromHistory('SUPPLIER_ORDER_ID'), ...each('supplierOrderId')]),
        date: text(info, 'INVOICE_DATE'),
        orderDate: distinct(fromHistory('ORDER_DATE')),
        invoiceType,
        creditMemo: isCreditMemo(invoiceType),
        deliveryNoteId: distinct([text(info, 'DELIVERYNOTE_ID'), ...fromHistory('DELIVERYNOTE_ID'), ...each('deliveryNoteId')]),
      });
    }
  }
}
