import { describe, expect, it } from 'vitest';
import { summarizeOpenTrans } from '../../../src/documents/opentrans/summarize.js';
import { invoiceItem, invoiceXml, summarizeFixture } from './fixtures.js';

const tax = (amount: string, rate = '0.19') =>
  `<TOTAL_TAX><TAX_DETAILS_FIX><bme:TAX>${rate}</bme:TAX><TAX_AMOUNT>${amount}</TAX_AMOUNT></TAX_DETAILS_FIX></TOTAL_TAX>`;
const charge = (type: string, amount: string, name = 'X', value = `<AOC_MONETARY_AMOUNT>${amount}</AOC_MONETARY_AMOUNT>`) =>
  `<ALLOW_OR_CHARGE type="${type}"><ALLOW_OR_CHARGE_NAME>${name}</ALLOW_OR_CHARGE_NAME><ALLOW_OR_CHARGE_VALUE>${value}</ALLOW_OR_CHARGE_VALUE></ALLOW_OR_CHARGE>`;
const fix = (...charges: string[]) => `<ALLOW_OR_CHARGES_FIX>${charges.join('')}</ALLOW_OR_CHARGES_FIX>`;

describe('surcharges and allowances', () => {
  it('reads header and item level charges exactly as stated', async () => {
    const s = await summarizeFixture('suppliers/surcharges-invoice.xml');
    expect(s.charges).toEqual([
      { type: 'surcharge', chargeType: 'freight', name: 'Versandkostenpauschale', amount: '12.90', sequence: '1' },
      {
        type: 'allowance',
        chargeType: 'project_bonus',
        name: 'Projektrabatt',
        description: 'Rahmenvertrag 2024, Projekt "Schulen NRW"',
        amount: '25.00',
        sequence: '2',
      },
    ]);
    expect(s.items[0]?.charges).toEqual([{ type: 'surcharge', chargeType: 'recycling', name: 'WEEE-Gebühr', amount: '0.35' }]);
    expect(s.items[1]?.charges).toEqual([{ type: 'allowance', chargeType: 'rebate', name: 'Aktionsrabatt', percentage: '0.05' }]);
    expect(s.items[2]?.charges).toBeUndefined();
    expect(s.items[0]).toMatchObject({ unitPrice: '91.8992', lineAmount: '461.25', taxRate: '0.19' });
  });

  it('reconciles net + surcharges - allowances + tax = total', async () => {
    const s = await summarizeFixture('suppliers/surcharges-invoice.xml');
    expect(s.reconciliation).toEqual({
      net: '1124.25',
      netSource: 'NET_VALUE_GOODS',
      charges: '12.90',
      allowances: '25.00',
      tax: '211.31',
      computedTotal: '1323.46',
      statedTotal: '1323.46',
      difference: '0.00',
      ok: true,
    });
    expect(s.totals).toEqual({
      itemCount: 3,
      itemsCounted: 3,
      netValueGoods: '1124.25',
      totalAmount: '1323.46',
      totalTax: '211.31',
      taxes: [{ rate: '0.19', category: 'standard_rate', type: 'vat', amount: '211.31', base: '1112.15' }],
    });
    expect(s.warnings).toEqual([]);
  });

  it('warns when the total does not add up, and names item-level charges that explain the difference', async () => {
    const s = await summarizeFixture('suppliers/not-reconciling-invoice.xml');
    expect(s.reconciliation).toMatchObject({ net: '302.50', tax: '57.93', computedTotal: '360.43', statedTotal: '362.83', difference: '2.40', ok: false });
    expect(s.warnings).toEqual([
      'TOTAL_AMOUNT 362.83 EUR does not add up: net + surcharges - allowances + tax = 360.43 EUR (difference 2.40); the difference equals the item-level surcharges - allowances, which the line amounts seem to leave out',
    ]);
  });

  it('warns without a hint when nothing explains the difference', async () => {
    const s = await summarizeOpenTrans(
      invoiceXml(
        invoiceItem('1', '100.00'),
        `<TOTAL_ITEM_NUM>1</TOTAL_ITEM_NUM><NET_VALUE_GOODS>100.00</NET_VALUE_GOODS><TOTAL_AMOUNT>124.90</TOTAL_AMOUNT>${tax('19.00')}`,
      ),
    );
    expect(s.reconciliation).toMatchObject({ computedTotal: '119.00', difference: '5.90', ok: false });
    expect(s.warnings).toEqual(['TOTAL_AMOUNT 124.90 EUR does not add up: net + surcharges - allowances + tax = 119.00 EUR (difference 5.90)']);
  });

  it('sums the line amounts when NET_VALUE_GOODS is missing, and checks it when present', async () => {
    const items = invoiceItem('1', '10.10') + invoiceItem('2', '0.20');
    const noNet = await summarizeOpenTrans(invoiceXml(items, `<TOTAL_ITEM_NUM>2</TOTAL_ITEM_NUM><TOTAL_AMOUNT>10.30</TOTAL_AMOUNT>`));
    expect(noNet.reconciliation).toMatchObject({ net: '10.30', netSource: 'items', tax: '0', ok: true });
    const wrongNet = await summarizeOpenTrans(
      invoiceXml(items, `<TOTAL_ITEM_NUM>2</TOTAL_ITEM_NUM><NET_VALUE_GOODS>10.40</NET_VALUE_GOODS><TOTAL_AMOUNT>10.40</TOTAL_AMOUNT>`),
    );
    expect(wrongNet.reconciliation?.ok).toBe(true);
    expect(wrongNet.warnings).toEqual(['NET_VALUE_GOODS 10.40 EUR differs from the sum of the line amounts 10.30 EUR']);
  });

  it('counts NET_VALUE_EXTRA when no header charge accounts for it, once when one does', async () => {
    const alone = await summarizeOpenTrans(
      invoiceXml(
        invoiceItem('1', '100.00'),
        `<TOTAL_ITEM_NUM>1</TOTAL_ITEM_NUM><NET_VALUE_GOODS>100.00</NET_VALUE_GOODS><NET_VALUE_EXTRA>5.95</NET_VALUE_EXTRA><TOTAL_AMOUNT>125.13</TOTAL_AMOUNT>${tax('19.18')}`,
      ),
    );
    expect(alone.reconciliation).toMatchObject({ extra: '5.95', computedTotal: '125.13', ok: true });
    const explained = await summarizeOpenTrans(
      invoiceXml(
        invoiceItem('1', '100.00'),
        `<TOTAL_ITEM_NUM>1</TOTAL_ITEM_NUM><NET_VALUE_GOODS>100.00</NET_VALUE_GOODS><NET_VALUE_EXTRA>5.95</NET_VALUE_EXTRA><TOTAL_AMOUNT>125.13</TOTAL_AMOUNT>${fix(charge('surcharge', '5.95', 'Fracht'))}${tax('19.18')}`,
      ),
    );
    expect(explained.reconciliation).toMatchObject({ charges: '5.95', computedTotal: '125.13', ok: true });
    expect(explained.reconciliation?.extra).toBeUndefined();
    expect(explained.warnings).toEqual([]);
  });

  it('cannot count a percentage-only header charge and says so when the total does not add up', async () => {
    const pct = charge('allowance', '', 'Skonto', '<AOC_PERCENTAGE_FACTOR>0.02</AOC_PERCENTAGE_FACTOR>');
    const s = await summarizeOpenTrans(
      invoiceXml(
        invoiceItem('1', '100.00'),
        `<TOTAL_ITEM_NUM>1</TOTAL_ITEM_NUM><NET_VALUE_GOODS>100.00</NET_VALUE_GOODS><TOTAL_AMOUNT>116.62</TOTAL_AMOUNT>${fix(pct)}${tax('18.62')}`,
      ),
    );
    expect(s.charges).toEqual([{ type: 'allowance', name: 'Skonto', percentage: '0.02' }]);
    expect(s.reconciliation).toMatchObject({ allowances: '0', uncounted: 1, difference: '-2.00', ok: false });
    expect(s.warnings[0]).toMatch(/; 1 header charge has no amount \(percentage only\) and could not be counted$/);
  });

  it('never counts a charge whose type is neither allowance nor surcharge', async () => {
    const s = await summarizeOpenTrans(
      invoiceXml(invoiceItem('1', '100.00'), `<TOTAL_ITEM_NUM>1</TOTAL_ITEM_NUM><TOTAL_AMOUNT>100.00</TOTAL_AMOUNT>${fix(charge('bonus', '3.00'))}`),
    );
    expect(s.charges[0]?.type).toBe('unknown');
    expect(s.reconciliation).toMatchObject({ charges: '0', allowances: '0', uncounted: 1, ok: true });
  });

  it('sums several tax rates exactly', async () => {
    const taxes = `<TOTAL_TAX><TAX_DETAILS_FIX><bme:TAX>0.19</bme:TAX><TAX_AMOUNT>19.01</TAX_AMOUNT></TAX_DETAILS_FIX><TAX_DETAILS_FIX><bme:TAX>0.07</bme:TAX><TAX_AMOUNT>0.7</TAX_AMOUNT></TAX_DETAILS_FIX></TOTAL_TAX>`;
    const s = await summarizeOpenTrans(
      invoiceXml(
        invoiceItem('1', '100.05') + invoiceItem('2', '10.00'),
        `<TOTAL_ITEM_NUM>2</TOTAL_ITEM_NUM><NET_VALUE_GOODS>110.05</NET_VALUE_GOODS><TOTAL_AMOUNT>129.76</TOTAL_AMOUNT>${taxes}`,
      ),
    );
    expect(s.totals.totalTax).toBe('19.71');
    expect(s.totals.taxes.map((t) => t.rate)).toEqual(['0.19', '0.07']);
    expect(s.reconciliation).toMatchObject({ computedTotal: '129.76', ok: true });
  });

  it('says an ORDER total may include tax when it does not match the lines', async () => {
    const order = `<ORDER version="2.1"><ORDER_HEADER><ORDER_INFO><ORDER_ID>O</ORDER_ID></ORDER_INFO></ORDER_HEADER><ORDER_ITEM_LIST><ORDER_ITEM><LINE_ITEM_ID>1</LINE_ITEM_ID><QUANTITY>1</QUANTITY><PRICE_LINE_AMOUNT>100.00</PRICE_LINE_AMOUNT></ORDER_ITEM></ORDER_ITEM_LIST><ORDER_SUMMARY><TOTAL_ITEM_NUM>1</TOTAL_ITEM_NUM><TOTAL_AMOUNT>119.00</TOTAL_AMOUNT></ORDER_SUMMARY></ORDER>`;
    const s = await summarizeOpenTrans(order);
    expect(s.reconciliation).toMatchObject({ net: '100.00', tax: '0', ok: false, difference: '19.00' });
    expect(s.warnings[0]).toMatch(/the document states no tax; its TOTAL_AMOUNT may include tax$/);
  });

  it('leaves cancelled ORDERRESPONSE lines out of the sum', async () => {
    const s = await summarizeFixture('suppliers/no-namespace-orderresponse.xml');
    expect(s.reconciliation).toMatchObject({ net: '2092.35', netSource: 'items', ok: true });
  });
});

describe('invoice type', () => {
  it('marks INVOICE_TYPE credit_memo as a credit memo', async () => {
    const s = await summarizeFixture('suppliers/credit-memo-invoice.xml');
    expect(s).toMatchObject({ invoiceType: 'credit_memo', creditMemo: true, documentNumber: 'GS-2024-000318', reconciliation: { ok: true } });
  });

  it.each([
    ['credit_note', true],
    ['CREDIT_MEMO', true],
    ['381', true],
    ['invoice', false],
    ['invoice_copy', false],
  ])('INVOICE_TYPE %s → creditMemo %s', async (type, credit) => {
    const s = await summarizeOpenTrans(
      invoiceXml(invoiceItem('1', '1.00'), '<TOTAL_ITEM_NUM>1</TOTAL_ITEM_NUM>', `<INVOICE_TYPE>${type}</INVOICE_TYPE><bme:CURRENCY>EUR</bme:CURRENCY>`),
    );
    expect([s.invoiceType, s.creditMemo]).toEqual([type, credit]);
  });

  it('warns about a negative total on a document that is not typed as a credit memo, and about a missing currency', async () => {
    const s = await summarizeOpenTrans(invoiceXml(invoiceItem('1', '-50.00'), '<TOTAL_ITEM_NUM>1</TOTAL_ITEM_NUM><TOTAL_AMOUNT>-50.00</TOTAL_AMOUNT>', ''));
    expect(s.creditMemo).toBe(false);
    expect(s.warnings).toEqual([
      'the invoice states no CURRENCY: amounts are shown without one',
      'TOTAL_AMOUNT is negative but INVOICE_TYPE is not stated (so "invoice"): this may be a credit note',
    ]);
  });
});
