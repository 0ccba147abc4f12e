// send and a separately started mock-api agree on a deal without talking to each other:
// the built binaries, real HTTP, the documents parsed with an XML parser.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type MockApiProcess, spawnMockApi } from '../support/mock-api-process.js';

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  htmlEntities: true,
  isArray: (name) => ['ORDER_ITEM', 'ORDERRESPONSE_ITEM', 'DISPATCHNOTIFICATION_ITEM', 'INVOICE_ITEM', 'REMARKS', 'SERIAL_NUMBER'].includes(name),
});
const get = (node: unknown, ...path: string[]): unknown => path.reduce<unknown>((n, key) => (n as Node | undefined)?.[key], node);
const cents = (text: unknown): number => {
  const m = /^(\d+)\.(\d{2})$/.exec(String(text));
  if (!m) throw new Error(`not an amount: ${String(text)}`);
  return Number(m[1]) * 100 + Number(m[2]);
};
const AUTH = { authorization: `Basic ${Buffer.from('demo:demo-key').toString('base64')}` };

let mock: MockApiProcess;
let origin: string;

beforeAll(async () => {
  mock = spawnMockApi(['--port', '0', '--json']);
  const ready = await mock.lines.waitFor((l) => l.type === 'ready');
  origin = String(ready.url).replace(/\/2\.1$/, '');
});

afterAll(async () => {
  mock.child.kill('SIGTERM');
  await mock.exited;
});

/** The document a webhook points to, fetched from mock-api by the path of its documentUrl. */
async function documentOf(documentUrl: string): Promise<Node> {
  const path = new URL(documentUrl).pathname;
  const r = await fetch(`${origin}${path}`, { headers: AUTH });
  expect(r.status, path).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  return parser.parse(await r.text()) as Node;
}

/** (line, product, quantity) of a document's items; DISPATCHNOTIFICATION lines are summed per line. */
function lines(doc: Node, root: string): Array<[string, string, number]> {
  const items = get(doc, root, `${root}_ITEM_LIST`, `${root}_ITEM`) as Node[];
  const byLine = new Map<string, [string, string, number]>();
  for (const item of items) {
    const line = String(item.LINE_ITEM_ID);
    const pid = String(get(item, 'PRODUCT_ID', 'SUPPLIER_PID', '#text'));
    const before = byLine.get(line)?.[2] ?? 0;
    byLine.set(line, [line, pid, before + Number(item.QUANTITY)]);
  }
  return [...byLine.values()];
}

describe('mock-api serves the documents of the deals send generates', () => {
  it.each([
    ['a fresh deal of three shipments', ['--deliveries', '3']],
    ['any transactionId, not only UUIDs', ['--transaction-id', 'T&<1>"/x ÄÖ 42']],
  ])('%s: ids, documentIds and items agree across webhooks and documents', async (_name, args) => {
    const sent = await runCli(['send', '--dry-run', '--json', '--deals', '1', ...args]);
    expect(sent.code).toBe(0);
    const hooks = sent.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    const [order, response] = hooks as [Record<string, string>, Record<string, string>];
    const invoice = hooks.at(-1) as Record<string, string>;
    const lastDelivery = hooks.filter((h) => h.eventType === 'DELIVERY').at(-1) as Record<string, string>;
    const { orderId, itscopeOrderId, transactionId } = order;

    const orderDoc = await documentOf(order.documentUrl as string);
    const responseDoc = await documentOf(response.documentUrl as string);
    const dispatchDoc = await documentOf(lastDelivery.documentUrl as string);
    const invoiceDoc = await documentOf(invoice.documentUrl as string);

    // ITscope's order number in ORDER_ID, the buyer's own number beside it.
    const orderInfo = get(orderDoc, 'ORDER', 'ORDER_HEADER', 'ORDER_INFO');
    expect(get(orderInfo, 'ORDER_ID')).toBe(itscopeOrderId);
    expect(get(orderInfo, 'CUSTOMER_ORDER_REFERENCE', 'ORDER_ID')).toBe(orderId);
    expect((get(orderInfo, 'REMARKS') as Node[]).find((r) => r['@_type'] === 'transactionId')?.['#text']).toBe(transactionId);
    const responseInfo = get(responseDoc, 'ORDERRESPONSE', 'ORDERRESPONSE_HEADER', 'ORDERRESPONSE_INFO');
    expect(get(responseInfo, 'ORDER_ID')).toBe(itscopeOrderId);
    expect(get(responseInfo, 'ALT_CUSTOMER_ORDER_ID')).toBe(orderId);
    expect(get(responseInfo, 'SUPPLIER_ORDER_ID')).toBe(response.documentId);
    // The served DISPATCHNOTIFICATION is the final one: the last DELIVERY webhook's documentId.
    expect(get(dispatchDoc, 'DISPATCHNOTIFICATION', 'DISPATCHNOTIFICATION_HEADER', 'DISPATCHNOTIFICATION_INFO', 'DISPATCHNOTIFICATION_ID')).toBe(
      lastDelivery.documentId,
    );
    for (const item of get(dispatchDoc, 'DISPATCHNOTIFICATION', 'DISPATCHNOTIFICATION_ITEM_LIST', 'DISPATCHNOTIFICATION_ITEM') as Node[]) {
      expect(get(item, 'ORDER_REFERENCE', 'ORDER_ID')).toBe(itscopeOrderId);
      expect(get(item, 'CUSTOMER_ORDER_REFERENCE', 'ORDER_ID')).toBe(orderId);
    }
    const invoiceHeader = get(invoiceDoc, 'INVOICE', 'INVOICE_HEADER');
    expect(get(invoiceHeader, 'INVOICE_INFO', 'INVOICE_ID')).toBe(invoice.documentId);
    expect(get(invoiceHeader, 'INVOICE_INFO', 'DELIVERYNOTE_ID')).toBe(lastDelivery.documentId);
    expect(get(invoiceHeader, 'ORDER_HISTORY', 'ORDER_ID')).toBe(itscopeOrderId);
    expect(get(invoiceHeader, 'ORDER_HISTORY', 'ALT_CUSTOMER_ORDER_ID')).toBe(orderId);
    expect(get(invoiceHeader, 'ORDER_HISTORY', 'SUPPLIER_ORDER_ID')).toBe(response.documentId);

    // The same items flow from ORDER through the confirmation and the shipments to the invoice.
    const ordered = lines(orderDoc, 'ORDER');
    expect(ordered.length).toBeGreaterThanOrEqual(2);
    expect(lines(responseDoc, 'ORDERRESPONSE')).toEqual(ordered);
    expect(lines(dispatchDoc, 'DISPATCHNOTIFICATION')).toEqual(ordered);
    expect(lines(invoiceDoc, 'INVOICE')).toEqual(ordered);
    // The invoice adds up.
    const invoiceItems = get(invoiceDoc, 'INVOICE', 'INVOICE_ITEM_LIST', 'INVOICE_ITEM') as Node[];
    let net = 0;
    for (const item of invoiceItems) {
      const line = cents(item.PRICE_LINE_AMOUNT);
      expect(line).toBe(Number(item.QUANTITY) * cents(get(item, 'PRODUCT_PRICE_FIX', 'PRICE_AMOUNT')));
      net += line;
    }
    const summary = get(invoiceDoc, 'INVOICE', 'INVOICE_SUMMARY');
    expect(cents(get(summary, 'NET_VALUE_GOODS'))).toBe(net);
    const tax = cents(get(summary, 'TOTAL_TAX', 'TAX_DETAILS_FIX', 'TAX_AMOUNT'));
    expect(tax).toBe(Math.round(net * 0.19));
    expect(cents(get(summary, 'TOTAL_AMOUNT'))).toBe(net + tax);
    expect(cents(get(orderDoc, 'ORDER', 'ORDER_SUMMARY', 'TOTAL_AMOUNT'))).toBe(net);
  });

  it('a second send of the same transactionId and a restarted mock-api give the same documents', async () => {
    const url = `${origin}/2.1/business/documents/${encodeURIComponent('T-stable')}/INVOICE.xml`;
    const first = await (await fetch(url, { headers: AUTH })).text();
    const other = spawnMockApi(['--port', '0', '--json']);
    try {
      const ready = await other.lines.waitFor((l) => l.type === 'ready');
      const second = await (await fetch(`${ready.url}/business/documents/T-stable/INVOICE.xml`, { headers: AUTH })).text();
      expect(second).toBe(first);
    } finally {
      other.child.kill('SIGTERM');
      await other.exited;
    }
  });
});
