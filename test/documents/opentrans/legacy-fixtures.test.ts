// The ITscope test-distributor fixtures the first summary implementation was
// tested on: the values its test asserted still come out (amounts now exact strings).
import { describe, expect, it } from 'vitest';
import { summarizeOpenTrans } from '../../../src/documents/opentrans/summarize.js';
import { summarizeFixture } from './fixtures.js';

describe('old fixtures in fixtures/opentrans/*.xml', () => {
  it('ORDER', async () => {
    const s = await summarizeFixture('ORDER.xml');
    expect(s).toMatchObject({
      docType: 'ORDER',
      version: '2.1',
      orderId: 'SAMPLE-123456-789',
      customerOrderId: '123-SAMPLE-456',
      date: '2023-10-16T09:12:00',
      currency: 'EUR',
      totals: { itemCount: 3, totalAmount: '2088.60' },
      warnings: [],
    });
    expect(s.items).toHaveLength(3);
    expect(s.items[0]).toEqual({
      position: 1,
      lineItemId: '1',
      supplierPid: 'NB-14-G5-512',
      description: 'Notebook 14" Gen 5, 16 GB, 512 GB SSD',
      quantity: '2',
      unit: 'C62',
      unitPrice: '899.00',
      lineAmount: '1798.00',
    });
    expect(s.items[2]?.description).toBe('HDMI cable 2 m & adapter');
    expect(s.parties.map((p) => [p.roles[0], p.names[0]])).toEqual([
      ['buyer', 'Beispiel Systemhaus GmbH'],
      ['supplier', 'Muster Distribution AG'],
      ['delivery', 'Beispiel Systemhaus GmbH, Lager'],
    ]);
  });

  it('ORDERRESPONSE', async () => {
    const s = await summarizeFixture('ORDERRESPONSE.xml');
    expect(s).toMatchObject({
      docType: 'ORDERRESPONSE',
      orderId: 'SAMPLE-123456-789',
      supplierOrderId: 'AB-2023-558812',
      date: '2023-10-16T10:05:00',
      orderDate: '2023-10-16T09:12:00',
      deliveryStart: '2023-10-17',
      deliveryEnd: '2023-10-18',
      totals: { itemCount: 3, totalAmount: '2057.00' },
      reconciliation: { ok: true },
    });
    expect(s.items.map((i) => i.cancelled ?? false)).toEqual([false, false, true]);
    expect(s.items[1]).toMatchObject({ deliveryStart: '2023-10-19', deliveryEnd: '2023-10-20' });
  });

  it('DISPATCHNOTIFICATION', async () => {
    const s = await summarizeFixture('DISPATCHNOTIFICATION.xml');
    expect(s).toMatchObject({
      docType: 'DISPATCHNOTIFICATION',
      documentNumber: 'LS-2023-104233',
      orderId: 'SAMPLE-123456-789',
      shipmentId: 'SHP-88120031',
      carrier: 'DHL',
      carrierSource: 'delivererCode',
      trackingUrl: 'https://tracking.example.com/track?id=00340434161094042557',
      trackingNumbers: ['00340434161094042557', '00340434161094042564'],
      packages: [
        { level: 'header', trackingNumbers: ['00340434161094042557'], description: 'Karton 1 von 2', items: [] },
        { level: 'header', trackingNumbers: ['00340434161094042564'], description: 'Karton 2 von 2', items: [] },
      ],
      totals: { itemCount: 2 },
      warnings: [],
    });
    expect(s.items.map((i) => i.serialNumbers)).toEqual([['SN5CG3421XYZ', 'SN5CG3421XZA'], ['DK90-000417']]);
    expect(s.items[1]).toMatchObject({ orderId: 'SAMPLE-123456-789', orderLineItemId: '2' });
  });

  it('INVOICE', async () => {
    const s = await summarizeFixture('INVOICE.xml');
    expect(s).toMatchObject({
      docType: 'INVOICE',
      documentNumber: 'RE-2023-300417',
      orderId: 'SAMPLE-123456-789',
      date: '2023-10-18',
      deliveryNoteId: 'LS-2023-104233',
      currency: 'EUR',
      creditMemo: false,
      totals: { itemCount: 2, netValueGoods: '1927.50', totalAmount: '2293.73', totalTax: '366.23' },
      reconciliation: { net: '1927.50', tax: '366.23', computedTotal: '2293.73', ok: true },
      warnings: [],
    });
    expect(s.items.map((i) => i.taxRate)).toEqual(['0.19', '0.19']);
  });

  it('any namespace prefix, and a single item the same as many (the old inline case)', async () => {
    const xml = `<?xml version="1.0"?>
<DISPATCHNOTIFICATION xmlns="http://www.opentrans.org/XMLSchema/2.1" xmlns:b="http://www.bmecat.org/bmecat/2005" version="2.1">
  <DISPATCHNOTIFICATION_HEADER><DISPATCHNOTIFICATION_INFO>
    <DISPATCHNOTIFICATION_ID>0042</DISPATCHNOTIFICATION_ID>
    <LOGISTIC_DETAILS_INFO><PACKAGE_INFO><PACKAGE><PACKAGE_ID>TRK1</PACKAGE_ID><PACKAGE_ID>TRK2</PACKAGE_ID></PACKAGE></PACKAGE_INFO></LOGISTIC_DETAILS_INFO>
    <REMARKS type="other">not the carrier</REMARKS><REMARKS type="delivererCode">UPS</REMARKS>
  </DISPATCHNOTIFICATION_INFO></DISPATCHNOTIFICATION_HEADER>
  <DISPATCHNOTIFICATION_ITEM_LIST><DISPATCHNOTIFICATION_ITEM>
    <LINE_ITEM_ID>7</LINE_ITEM_ID><PRODUCT_ID><b:SUPPLIER_PID>X-1</b:SUPPLIER_PID><SERIAL_NUMBER>S1</SERIAL_NUMBER></PRODUCT_ID>
    <QUANTITY>1</QUANTITY><b:ORDER_UNIT>C62</b:ORDER_UNIT>
    <ORDER_REFERENCE><ORDER_ID>PO-1</ORDER_ID><LINE_ITEM_ID>7</LINE_ITEM_ID></ORDER_REFERENCE>
  </DISPATCHNOTIFICATION_ITEM></DISPATCHNOTIFICATION_ITEM_LIST>
</DISPATCHNOTIFICATION>`;
    const s = await summarizeOpenTrans(xml);
    expect(s.documentNumber).toBe('0042');
    expect(s.carrier).toBe('UPS');
    expect(s.trackingNumbers).toEqual(['TRK1', 'TRK2']);
    expect(s.items).toEqual([
      { position: 1, lineItemId: '7', supplierPid: 'X-1', quantity: '1', unit: 'C62', serialNumbers: ['S1'], orderId: 'PO-1', orderLineItemId: '7' },
    ]);
  });
});
