import { describe, expect, it } from 'vitest';
import { OpenTransError, summarizeOpenTrans } from '../../../src/documents/opentrans/summarize.js';
import { fixtureBytes, summarizeFixture, supplierFixtures } from './fixtures.js';

describe('DISPATCHNOTIFICATION', () => {
  it('ITscope style: ids, supplier order number, delivery dates, shipment, tracking, carrier, serials', async () => {
    const s = await summarizeFixture('suppliers/itscope-style-dispatchnotification.xml');
    expect(s).toMatchObject({
      docType: 'DISPATCHNOTIFICATION',
      version: '2.1',
      encoding: { declared: 'UTF-8', used: 'UTF-8' },
      documentNumber: 'LS-24-0310447',
      orderId: 'ITS-2024-118822',
      supplierOrderId: 'AU-4471902',
      date: '2024-03-12T14:18:00',
      deliveryStart: '2024-03-13',
      deliveryEnd: '2024-03-14',
      shipmentId: 'SHP-7716002',
      trackingUrl: 'https://tracking.example.com/dhl?piececode=00340434292117654321',
      carrier: 'DHL',
      carrierSource: 'delivererCode',
      trackingNumbers: ['00340434292117654321', '00340434292117654338'],
      creditMemo: false,
      warnings: [],
    });
    expect(s.items[0]).toEqual({
      position: 1,
      lineItemId: '1',
      supplierPid: 'TP-X1C-G11-16',
      internationalPid: '4062391234567',
      description: 'Notebook 14" X1 Carbon Gen 11, i7, 16 GB',
      quantity: '2',
      unit: 'C62',
      serialNumbers: ['PF4KX2A1', 'PF4KX2A9'],
      orderId: 'ITS-2024-118822',
      orderLineItemId: '1',
      supplierOrderId: 'AU-4471902',
      supplierOrderItemId: '10',
    });
    expect(s.remarks).toEqual([
      { type: 'delivererCode', text: 'DHL' },
      { type: 'dispatchnotification', text: 'Teillieferung 1 von 1' },
    ]);
  });

  it('TOTAL_ITEM_NUM that differs from the items listed is a warning', async () => {
    const s = await summarizeFixture('suppliers/total-item-num-mismatch-dispatchnotification.xml');
    expect(s.totals).toMatchObject({ itemCount: 3, itemsCounted: 2 });
    expect(s.items.map((i) => i.lineItemId)).toEqual(['1', '3']);
    expect(s.warnings).toEqual(['TOTAL_ITEM_NUM says 3 lines, but the document lists 2']);
  });

  it('openTRANS 2.0: version, bmecat: prefix, an item without LINE_ITEM_ID', async () => {
    const s = await summarizeFixture('suppliers/opentrans-2.0-dispatchnotification.xml');
    expect(s).toMatchObject({
      version: '2.0',
      documentNumber: '0080017722',
      supplierOrderId: '0010448172',
      carrier: 'DPD',
      trackingNumbers: ['01375012345681'],
    });
    expect(s.items.map((i) => [i.position, i.lineItemId, i.supplierPid])).toEqual([
      [1, '000010', 'PRJ-LASER-4K'],
      [2, undefined, 'ACC-BAG-S'],
    ]);
    expect(s.warnings).toEqual(['1 item has no LINE_ITEM_ID (#2): numbered by position']);
  });

  it('UTF-8 bytes under an ISO-8859-1 declaration: umlauts right, and a warning', async () => {
    const s = await summarizeFixture('suppliers/utf8-declared-latin1-dispatchnotification.xml');
    expect(s.encoding).toEqual({ declared: 'ISO-8859-1', used: 'UTF-8' });
    expect(s.items[0]?.description).toBe('Kühlbox 24 l, 12 V, für Fahrzeuge');
    expect(s.parties[0]).toMatchObject({ names: ['Gästehaus Lüneburger Heide'], street: 'Königstraße 12' });
    expect(s.warnings).toEqual(['the XML declaration names ISO-8859-1, but the bytes are UTF-8 (11 multi-byte characters): read as UTF-8']);
  });
});

describe('ORDERRESPONSE', () => {
  it('no namespace at all: supplier order id, dates, a cancelled line, item remarks', async () => {
    const s = await summarizeFixture('suppliers/no-namespace-orderresponse.xml');
    expect(s).toMatchObject({
      docType: 'ORDERRESPONSE',
      orderId: 'ITS-2024-330051',
      supplierOrderId: 'AB-118830',
      date: '2024-06-18T09:31:12',
      orderDate: '2024-06-18T08:02:40',
      deliveryStart: '2024-06-19',
      deliveryEnd: '2024-06-21',
      currency: 'CHF',
      totals: { itemCount: 3, totalAmount: '2092.35' },
    });
    expect(s.documentNumber).toBeUndefined();
    expect(s.items.map((i) => i.cancelled ?? false)).toEqual([false, false, true]);
    expect(s.items[2]).toMatchObject({ quantity: '0', remarks: [{ type: 'orderresponse', text: 'nicht mehr lieferbar' }] });
    expect(s.items[1]).toMatchObject({ deliveryStart: '2024-06-21', deliveryEnd: '2024-06-21', unitPrice: '612.35' });
  });
});

describe('ORDER', () => {
  it('openTRANS 1.0: ARTICLE_ID/SUPPLIER_AID, ARTICLE_PRICE with line amount and tax, PRICE_CURRENCY, REMARK', async () => {
    const s = await summarizeFixture('suppliers/opentrans-1.0-order.xml');
    expect(s).toMatchObject({
      docType: 'ORDER',
      version: '1.0',
      documentNumber: 'B-24-000117',
      currency: 'EUR',
      deliveryStart: '2024-01-15',
      deliveryEnd: '2024-01-19',
    });
    expect(s.items[0]).toEqual({
      position: 1,
      lineItemId: '1',
      supplierPid: 'MFP-A3-C300',
      buyerPid: 'INV-8841',
      description: 'Multifunktionsgerät A3 Farbe, 30 Seiten/min',
      quantity: '2',
      unit: 'C62',
      unitPrice: '1890.00',
      lineAmount: '3780.00',
      taxRate: '0.19',
    });
    expect(s.remarks).toEqual([{ type: 'order', text: 'Bitte Bestellnummer auf dem Lieferschein angeben.' }]);
    expect(s.reconciliation).toMatchObject({ net: '4071.00', ok: true });
  });

  it('real ISO-8859-1 bytes, read as declared', async () => {
    const s = await summarizeFixture('suppliers/latin1-order.xml');
    expect(s.encoding).toEqual({ declared: 'ISO-8859-1', used: 'ISO-8859-1' });
    expect(s.customerOrderId).toBe('BE-4471');
    expect(s.items.map((i) => i.description)).toEqual(['Bürodrehstuhl, Größe XL, Rückenlehne höhenverstellbar', 'Fußstütze, höhenverstellbar']);
    expect(s.remarks[0]?.text).toBe('Anlieferung über Hofeinfahrt, Tür mit grünem Schild.');
    expect(s.warnings).toEqual([]);
  });
});

describe('INVOICE', () => {
  it('ids, order history, delivery dates on header and items, delivery note', async () => {
    const s = await summarizeFixture('suppliers/surcharges-invoice.xml');
    expect(s).toMatchObject({
      documentNumber: 'RE-2024-118430',
      orderId: 'ITS-2024-204417',
      supplierOrderId: 'VA-90071234',
      orderDate: '2024-05-03',
      invoiceType: 'invoice',
      creditMemo: false,
      deliveryNoteId: '80044917',
      deliveryStart: '2024-05-07',
      deliveryEnd: '2024-05-07',
      currency: 'EUR',
    });
    expect(s.items[0]).toMatchObject({ deliveryNoteId: '80044917', deliveryStart: '2024-05-07', orderLineItemId: '4' });
    expect(s.parties.map((p) => p.roles[0])).toEqual(['invoice_issuer', 'invoice_recipient']);
    expect(s.parties[0]).toMatchObject({ vatId: 'DE812345678' });
  });

  it('windows-1252 bytes: euro sign, German quotes and dashes come out right', async () => {
    const s = await summarizeFixture('suppliers/windows-1252-invoice.xml');
    expect(s.encoding).toEqual({ declared: 'windows-1252', used: 'windows-1252' });
    expect(s.items[0]?.description).toBe('Patchkabel „Premium“ Cat.6A – 2 m, grau');
    expect(s.remarks[0]?.text).toBe('Pfand je Trommel 0,50 € – wird bei Rückgabe erstattet.');
    expect(s.reconciliation).toMatchObject({ net: '74.90', tax: '14.23', computedTotal: '89.13', ok: true });
  });
});

describe('a Windows ERP export', () => {
  it('UTF-16LE with a byte-order mark, CRLF and an ot: prefix: ids, parties with umlauts, items, the euro sign, totals', async () => {
    const s = await summarizeFixture('suppliers/utf16-order.xml');
    expect(s).toMatchObject({
      docType: 'ORDER',
      version: '2.1',
      encoding: { declared: 'utf-16', used: 'UTF-16LE', bom: true },
      documentNumber: 'WX-2024-55102',
      date: '2024-06-18T08:05:00',
      currency: 'EUR',
      warnings: [],
    });
    expect(s.parties[0]).toMatchObject({ roles: ['buyer'], names: ['Schäfer IT-Dienstleistungen GmbH'], street: 'Lößnitzstraße 21', city: 'Dresden' });
    expect(s.items.map((i) => [i.supplierPid, i.quantity, i.description])).toEqual([
      ['MON-27-QHD', '3', 'Monitor 27" QHD, höhenverstellbar, USB-C'],
      ['KAB-DP-2M', '3', 'DisplayPort-Kabel 2 m, geschirmt'],
    ]);
    expect(s.remarks[0]?.text).toBe('Rechnung bitte mit Skonto-Hinweis; Mindermengenzuschlag 7,50 € akzeptiert.');
    expect(s.totals).toMatchObject({ itemCount: 2, itemsCounted: 2, totalAmount: '893.70' });
    expect(s.reconciliation).toMatchObject({ net: '893.70', computedTotal: '893.70', ok: true });
  });
});

describe('every supplier fixture', () => {
  it.each(supplierFixtures())('%s summarizes with the root type, a version and no exception', async (name) => {
    const s = await summarizeFixture(name);
    expect(['ORDER', 'ORDERRESPONSE', 'DISPATCHNOTIFICATION', 'INVOICE']).toContain(s.docType);
    expect(s.version).toMatch(/^[12]\.[01]$/);
    expect(s.items.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('a string gives the same summary as its bytes, except for the encoding', async () => {
    const bytes = fixtureBytes('suppliers/surcharges-invoice.xml');
    const fromBytes = await summarizeOpenTrans(bytes);
    const fromString = await summarizeOpenTrans(bytes.toString('utf8'));
    expect({ ...fromString, encoding: fromBytes.encoding }).toEqual(fromBytes);
    expect(fromString.encoding).toEqual({ declared: 'UTF-8', used: 'string' });
  });
});

describe('documents it cannot summarize', () => {
  it.each([
    ['not XML at all', 'Rate Limit Exceeded', /not well-formed XML/],
    ['broken XML', '<ORDER><ORDER_HEADER></ORDER>', /not well-formed XML: .*\(line 1, column \d+\)/],
    ['an empty body', '  \n', /the document is empty/],
    ['another root', '<QUOTE version="2.1"/>', /^root element <QUOTE> is not an openTRANS ORDER, ORDERRESPONSE, DISPATCHNOTIFICATION or INVOICE document$/],
    ['an HTML error page', '<html><body>503</body></html>', /root element <html>/],
  ])('%s is an OpenTransError', async (_what, input, message) => {
    const attempt = summarizeOpenTrans(Buffer.from(input));
    await expect(attempt).rejects.toThrow(OpenTransError);
    await expect(summarizeOpenTrans(Buffer.from(input))).rejects.toThrow(message);
  });

  it('an openTRANS root without header still gives a summary, with a warning', async () => {
    const s = await summarizeOpenTrans('<INVOICE version="2.1"><INVOICE_ITEM_LIST/></INVOICE>');
    expect(s.items).toEqual([]);
    expect(s.warnings).toContain('the document has no INVOICE_HEADER/INVOICE_INFO: its ids, dates and parties are missing');
  });
});
