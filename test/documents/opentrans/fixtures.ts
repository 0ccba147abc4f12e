// Loads openTRANS fixtures as raw bytes (the summarizer decodes them itself) and summarizes them.
import { readdirSync, readFileSync } from 'node:fs';
import { type OpenTransSummary, summarizeOpenTrans } from '../../../src/documents/opentrans/summarize.js';

const root = new URL('../../../fixtures/opentrans/', import.meta.url);

/** The bytes of `fixtures/opentrans/<name>` (e.g. `suppliers/latin1-order.xml`, `ORDER.xml`). */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(name, root));
}

export function summarizeFixture(name: string): Promise<OpenTransSummary> {
  return summarizeOpenTrans(fixtureBytes(name));
}

/** Every supplier fixture, as `suppliers/<file>`. */
export function supplierFixtures(): string[] {
  return readdirSync(new URL('suppliers/', root))
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => `suppliers/${f}`);
}

/** A minimal openTRANS 2.1 document around the given header INFO and items, for focused cases. */
export function dispatchXml(info: string, items = '', summary = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<DISPATCHNOTIFICATION xmlns="http://www.opentrans.org/XMLSchema/2.1" xmlns:bme="http://www.bmecat.org/bmecat/2005" version="2.1">
  <DISPATCHNOTIFICATION_HEADER><DISPATCHNOTIFICATION_INFO><DISPATCHNOTIFICATION_ID>T-1</DISPATCHNOTIFICATION_ID>${info}</DISPATCHNOTIFICATION_INFO></DISPATCHNOTIFICATION_HEADER>
  <DISPATCHNOTIFICATION_ITEM_LIST>${items}</DISPATCHNOTIFICATION_ITEM_LIST>
  <DISPATCHNOTIFICATION_SUMMARY>${summary}</DISPATCHNOTIFICATION_SUMMARY>
</DISPATCHNOTIFICATION>`;
}

/** A minimal INVOICE with the given items and INVOICE_SUMMARY content. */
export function invoiceXml(items: string, summary: string, info = '<bme:CURRENCY>EUR</bme:CURRENCY>'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<INVOICE xmlns="http://www.opentrans.org/XMLSchema/2.1" xmlns:bme="http://www.bmecat.org/bmecat/2005" version="2.1">
  <INVOICE_HEADER><INVOICE_INFO><INVOICE_ID>I-1</INVOICE_ID><INVOICE_DATE>2024-01-02</INVOICE_DATE>${info}</INVOICE_INFO></INVOICE_HEADER>
  <INVOICE_ITEM_LIST>${items}</INVOICE_ITEM_LIST>
  <INVOICE_SUMMARY>${summary}</INVOICE_SUMMARY>
</INVOICE>`;
}

/** An INVOICE_ITEM with a line amount (and optional extra content inside PRODUCT_PRICE_FIX). */
export function invoiceItem(id: string, lineAmount: string, priceExtra = ''): string {
  return `<INVOICE_ITEM><LINE_ITEM_ID>${id}</LINE_ITEM_ID><PRODUCT_ID><bme:SUPPLIER_PID>P-${id}</bme:SUPPLIER_PID></PRODUCT_ID><QUANTITY>1</QUANTITY><bme:ORDER_UNIT>C62</bme:ORDER_UNIT><PRODUCT_PRICE_FIX><bme:PRICE_AMOUNT>${lineAmount}</bme:PRICE_AMOUNT>${priceExtra}</PRODUCT_PRICE_FIX><PRICE_LINE_AMOUNT>${lineAmount}</PRICE_LINE_AMOUNT></INVOICE_ITEM>`;
}

export type { OpenTransSummary };
