import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { DEAL_DOC_TYPES, dealDocument } from '../../src/core/deal-documents.js';
import { type DealFacts, dealFacts, MAX_DELIVERIES } from '../../src/core/deal-facts.js';
import { planDeals } from '../../src/core/deal-plan.js';
import { finalDispatch, formatCents, shipmentsOf, totalsOf } from '../../src/core/deal-shipments.js';
import { seededRandom } from '../../src/core/samples.js';
import { summarizeOpenTrans } from '../../src/documents/opentrans/summarize.js';

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  // Decode character references (&#10;) as every XML parser does.
  htmlEntities: true,
  isArray: (name) => ['ORDER_ITEM', 'ORDERRESPONSE_ITEM', 'DISPATCHNOTIFICATION_ITEM', 'INVOICE_ITEM', 'SERIAL_NUMBER', 'REMARKS', 'PARTY'].includes(name),
});
const parse = (xml: string) => parser.parse(xml) as Node;
const get = (node: unknown, ...path: string[]): unknown => path.reduce<unknown>((n, key) => (n as Node | undefined)?.[key], node);
const items = (doc: Node, root: string, item: string) => get(doc, root, `${root}_ITEM_LIST`, item) as Node[];
const cents = (text: unknown) => {
  const m = /^(\d+)\.(\d{2})$/.exec(String(text));
  if (!m) throw new Error(`not an amount: ${String(text)}`);
  return Number(m[1]) * 100 + Number(m[2]);
};
const remark = (info: unknown, type: string) => (get(info, 'REMARKS') as Node[]).find((r) => r['@_type'] === type)?.['#text'];

const NOW = new Date('2025-03-14T09:30:00Z');
const ODD_IDS = ['T&<1>"', 'ÄÖÜ-42', 'x'.repeat(200), "]]><!-- '\u0007\t\nnew line", '\uD800lone surrogate 😀'];

describe('dealDocument', () => {
  const plan = planDeals({ deals: 2, deliveries: 3, intervalMs: 1500, random: seededRandom(3), now: () => NOW });

  it.each(DEAL_DOC_TYPES)('%s is well-formed openTRANS 2.1 in ITscope style', (docType) => {
    const xml = dealDocument(plan.deals[0]!.transactionId, docType);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml).toContain(`<${docType} xmlns="http://www.opentrans.org/XMLSchema/2.1" xmlns:bme="http://www.bmecat.org/bmecat/2005" version="2.1"`);
  });

  it('carries the ids of the webhooks send planned for the deal', () => {
    for (const deal of plan.deals) {
      const facts = dealFacts(deal.transactionId);
      const hook = (type: string) => plan.steps.filter((s) => s.deal === deal.index && s.eventType === type).map((s) => s.payload);
      const order = parse(dealDocument(deal.transactionId, 'ORDER'));
      const info = get(order, 'ORDER', 'ORDER_HEADER', 'ORDER_INFO');
      expect(get(info, 'ORDER_ID')).toBe(deal.itscopeOrderId);
      expect(get(info, 'CUSTOMER_ORDER_REFERENCE', 'ORDER_ID')).toBe(deal.orderId);
      expect(get(info, 'ORDER_DATE')).toBe(hook('ORDER')[0]?.timestamp);
      expect(remark(info, 'transactionId')).toBe(deal.transactionId);

      const response = get(parse(dealDocument(deal.transactionId, 'ORDERRESPONSE')), 'ORDERRESPONSE', 'ORDERRESPONSE_HEADER', 'ORDERRESPONSE_INFO');
      expect(get(response, 'ORDER_ID')).toBe(deal.itscopeOrderId);
      expect(get(response, 'ALT_CUSTOMER_ORDER_ID')).toBe(deal.orderId);
      expect(get(response, 'SUPPLIER_ORDER_ID')).toBe(hook('ORDERRESPONSE')[0]?.documentId);

      const dispatch = parse(dealDocument(deal.transactionId, 'DISPATCHNOTIFICATION'));
      expect(get(dispatch, 'DISPATCHNOTIFICATION', 'DISPATCHNOTIFICATION_HEADER', 'DISPATCHNOTIFICATION_INFO', 'DISPATCHNOTIFICATION_ID')).toBe(
        hook('DELIVERY').at(-1)?.documentId,
      );
      for (const item of items(dispatch, 'DISPATCHNOTIFICATION', 'DISPATCHNOTIFICATION_ITEM')) {
        expect(get(item, 'ORDER_REFERENCE', 'ORDER_ID')).toBe(deal.itscopeOrderId);
        expect(get(item, 'CUSTOMER_ORDER_REFERENCE', 'ORDER_ID')).toBe(deal.orderId);
      }

      const invoice = parse(dealDocument(deal.transactionId, 'INVOICE'));
      const header = get(invoice, 'INVOICE', 'INVOICE_HEADER');
      expect(get(header, 'INVOICE_INFO', 'INVOICE_ID')).toBe(hook('INVOICE')[0]?.documentId);
      expect(get(header, 'INVOICE_INFO', 'DELIVERYNOTE_ID')).toBe(facts.documentIds.finalDispatch);
      expect(get(header, 'ORDER_HISTORY')).toMatchObject({
        ORDER_ID: deal.itscopeOrderId,
        ALT_CUSTOMER_ORDER_ID: deal.orderId,
        SUPPLIER_ORDER_ID: facts.documentIds.ORDERRESPONSE,
      });
    }
  });

  it('partial shipments: each DELIVERY webhook’s documentId is its shipment’s DISPATCHNOTIFICATION_ID', () => {
    const deal = plan.deals[1]!;
    const deliveries = plan.steps.filter((s) => s.deal === deal.index && s.eventType === 'DELIVERY');
    deliveries.forEach((step) => {
      const xml = dealDocument(deal.transactionId, 'DISPATCHNOTIFICATION', { shipment: step.shipment?.index, shipments: step.shipment?.of });
      expect(get(parse(xml), 'DISPATCHNOTIFICATION', 'DISPATCHNOTIFICATION_HEADER', 'DISPATCHNOTIFICATION_INFO', 'DISPATCHNOTIFICATION_ID')).toBe(
        step.payload.documentId,
      );
    });
  });

  it('the same items and line ids flow from ORDER through ORDERRESPONSE and the shipments to the INVOICE', () => {
    const tid = plan.deals[0]!.transactionId;
    const facts = dealFacts(tid);
    const lines = (docType: (typeof DEAL_DOC_TYPES)[number], item: string) =>
      items(parse(dealDocument(tid, docType)), docType, item).map((i) => [
        get(i, 'LINE_ITEM_ID'),
        get(i, 'PRODUCT_ID', 'SUPPLIER_PID', '#text'),
        Number(get(i, 'QUANTITY')),
      ]);
    const expected = facts.items.map((i) => [i.lineItemId, i.supplierPid, i.quantity]);
    expect(lines('ORDER', 'ORDER_ITEM')).toEqual(expected);
    expect(lines('ORDERRESPONSE', 'ORDERRESPONSE_ITEM')).toEqual(expected);
    expect(lines('DISPATCHNOTIFICATION', 'DISPATCHNOTIFICATION_ITEM')).toEqual(expected);
    expect(lines('INVOICE', 'INVOICE_ITEM')).toEqual(expected);
  });

  it.each([1, 2, 3, 7, MAX_DELIVERIES])('%i shipments split the quantities and serial numbers exactly', (count) => {
    for (const tid of [plan.deals[0]!.transactionId, ...ODD_IDS]) {
      const facts = dealFacts(tid);
      const shipments = shipmentsOf(facts, count);
      expect(shipments).toHaveLength(count);
      expect(shipments.at(-1)?.documentId).toBe(facts.documentIds.finalDispatch);
      expect(new Set(shipments.map((s) => s.documentId)).size).toBe(count);
      const shipped = new Map<string, number>();
      const serials: string[] = [];
      for (const s of shipments) {
        expect(s.lines.length).toBeGreaterThan(0);
        for (const line of s.lines) {
          shipped.set(line.lineItemId, (shipped.get(line.lineItemId) ?? 0) + line.quantity);
          serials.push(...line.serialNumbers);
        }
      }
      expect(Object.fromEntries(shipped)).toEqual(Object.fromEntries(facts.items.map((i) => [i.lineItemId, i.quantity])));
      expect(serials).toEqual(facts.items.flatMap((i) => i.serialNumbers));
      // A line is marked complete exactly in the shipment that ships its last unit.
      for (const item of facts.items) expect(shipments.flatMap((s) => s.lines).filter((l) => l.lineItemId === item.lineItemId && l.completed)).toHaveLength(1);
      expect(finalDispatch(facts).lines.map((l) => l.quantity)).toEqual(facts.items.map((i) => i.quantity));
    }
  });

  it('the INVOICE adds up: line = quantity × price, net = Σ lines, VAT 19 % half up, total = net + VAT', () => {
    for (let i = 0; i < 200; i++) {
      const tid = `deal-${i}`;
      const invoice = parse(dealDocument(tid, 'INVOICE'));
      const lines = items(invoice, 'INVOICE', 'INVOICE_ITEM');
      let net = 0;
      for (const line of lines) {
        const amount = cents(get(line, 'PRICE_LINE_AMOUNT'));
        expect(amount).toBe(Number(get(line, 'QUANTITY')) * cents(get(line, 'PRODUCT_PRICE_FIX', 'PRICE_AMOUNT')));
        net += amount;
      }
      const summary = get(invoice, 'INVOICE', 'INVOICE_SUMMARY');
      const tax = cents(get(summary, 'TOTAL_TAX', 'TAX_DETAILS_FIX', 'TAX_AMOUNT'));
      expect(cents(get(summary, 'NET_VALUE_GOODS'))).toBe(net);
      expect(tax).toBe(Math.floor((net * 19 + 50) / 100));
      expect(cents(get(summary, 'TOTAL_AMOUNT'))).toBe(net + tax);
      expect(get(summary, 'TOTAL_ITEM_NUM')).toBe(String(lines.length));
      const facts = dealFacts(tid);
      expect(facts.orderId.length).toBeLessThanOrEqual(18);
      expect(facts.itscopeOrderId.length).toBeLessThanOrEqual(18);
      expect(facts.items.reduce((s, it) => s + it.quantity, 0)).toBeGreaterThanOrEqual(MAX_DELIVERIES);
    }
  });

  it('totals and amounts are exact decimals', () => {
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(192750)).toBe('1927.50');
    expect(formatCents(5)).toBe('0.05');
    expect(() => formatCents(1.5)).toThrow(RangeError);
    const facts: DealFacts = {
      ...dealFacts('x'),
      items: [{ lineItemId: '1', supplierPid: 'A', description: 'a', quantity: 3, unitPriceCents: 64250, serialNumbers: [] }],
    };
    expect(totalsOf(facts.items)).toEqual({ lineCents: [192750], netCents: 192750, taxCents: 36623, totalCents: 229373 });
  });

  it('the same transactionId gives identical bytes; another gives another deal', () => {
    for (const docType of DEAL_DOC_TYPES) {
      expect(dealDocument('T-1', docType)).toBe(dealDocument('T-1', docType));
      expect(dealDocument('T-1', docType)).not.toBe(dealDocument('T-2', docType));
    }
    expect(dealFacts('T-1')).toEqual(dealFacts('T-1'));
  });

  it.each(ODD_IDS)('any transactionId works: %j', (tid) => {
    for (const docType of DEAL_DOC_TYPES) {
      const xml = dealDocument(tid, docType);
      expect(XMLValidator.validate(xml)).toBe(true);
      const root = get(parse(xml), docType) as Node;
      const info = get(root, `${docType}_HEADER`, `${docType}_INFO`);
      // Characters XML cannot carry (control characters, lone surrogates) are dropped; the rest survives.
      expect(remark(info, 'transactionId')).toBe(tid.replace(/[\u0007\uD800]/g, ''));
    }
  });

  it('reads back through fetch-doc --summary with the same facts', async () => {
    const tid = plan.deals[0]!.transactionId;
    const facts = dealFacts(tid);
    const totals = totalsOf(facts.items);
    const order = await summarizeOpenTrans(dealDocument(tid, 'ORDER'));
    expect(order).toMatchObject({
      docType: 'ORDER',
      orderId: facts.itscopeOrderId,
      customerOrderId: facts.orderId,
      currency: 'EUR',
      totals: { itemCount: facts.items.length },
    });
    expect(order.totals.totalAmount).toBeCloseTo(totals.netCents / 100, 2);
    const dispatch = await summarizeOpenTrans(dealDocument(tid, 'DISPATCHNOTIFICATION'));
    expect(dispatch).toMatchObject({
      documentNumber: facts.documentIds.finalDispatch,
      carrier: facts.carrier,
      trackingNumbers: [finalDispatch(facts).trackingNumber],
    });
    expect(dispatch.items.map((i) => [i.orderId, i.orderLineItemId, i.serialNumbers ?? []])).toEqual(
      facts.items.map((i) => [facts.itscopeOrderId, i.lineItemId, i.serialNumbers]),
    );
    const invoice = await summarizeOpenTrans(dealDocument(tid, 'INVOICE'));
    expect(invoice).toMatchObject({
      documentNumber: facts.documentIds.INVOICE,
      orderId: facts.itscopeOrderId,
      deliveryNoteId: facts.documentIds.finalDispatch,
    });
    expect(invoice.totals.totalAmount).toBeCloseTo(totals.totalCents / 100, 2);
    expect(invoice.totals.totalTax).toBeCloseTo(totals.taxCents / 100, 2);
  });
});
