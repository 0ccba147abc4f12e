import { describe, expect, it } from 'vitest';
import { summaryLines, wrap } from '../../../src/ui/opentrans-lines.js';
import { type OpenTransSummary, summarizeFixture, supplierFixtures } from './fixtures.js';

const columns = (line: string) => Array.from(line).length;
const ALL = [...supplierFixtures(), 'ORDER.xml', 'ORDERRESPONSE.xml', 'DISPATCHNOTIFICATION.xml', 'INVOICE.xml'];

describe('summaryLines', () => {
  it.each(ALL)('%s fits in 80, 60 and 40 columns', async (name) => {
    const s = await summarizeFixture(name);
    for (const width of [80, 60, 40]) {
      const lines = summaryLines(s, width);
      expect(lines.filter((l) => columns(l) > width)).toEqual([]);
      expect(lines.filter((l) => l !== l.trimEnd())).toEqual([]);
    }
  });

  it('ITscope-style dispatch notification: heading, shipment, carrier with its source, tracking, parties, packages, items', async () => {
    const lines = summaryLines(await summarizeFixture('suppliers/itscope-style-dispatchnotification.xml'));
    expect(lines[0]).toBe('DISPATCHNOTIFICATION LS-24-0310447 (openTRANS 2.1)');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  supplier order   AU-4471902',
        '  delivery         2024-03-13 – 2024-03-14',
        '  carrier          DHL (from REMARKS delivererCode)',
        '  tracking         00340434292117654321, 00340434292117654338',
        '  parties',
        '    delivery       Kessler Systemhaus KG, Wareneingang Tor 3 (KD-558120-02)',
        '                   Am Gleisdreieck 9, 34123 Kassel, DE',
        '  packages (2)',
        '    1. 00340434292117654321 "Karton 1/2, 9,4 kg"',
        '    1. 2 C62 × TP-X1C-G11-16',
        '       Notebook 14" X1 Carbon Gen 11, i7, 16 GB',
        '       serials PF4KX2A1, PF4KX2A9',
        '       order ITS-2024-118822 line 1; supplier order AU-4471902 line 10',
        '    dispatchnotification: Teillieferung 1 von 1',
      ]),
    );
    expect(lines.some((l) => l.includes('delivererCode: DHL'))).toBe(false);
  });

  it('item-level packages list the items they hold; the carrier says it came from the deliverer party', async () => {
    const lines = summaryLines(await summarizeFixture('suppliers/item-level-packages-dispatchnotification.xml'));
    expect(lines).toEqual(
      expect.arrayContaining([
        '  carrier          GLS Germany (from deliverer party)',
        '  packages (3)',
        '    1. 47110815000001 "Paket 1 von 3" items 10',
        '    2. 47110815000002 "Paket 2 von 3" items 10, 20',
        '    3. 47110815000003 "Paket 3 von 3" items 30',
      ]),
    );
  });

  it('says so when a dispatch notification names no tracking number or carrier', async () => {
    const s = await summarizeFixture('suppliers/shipment-carrier-default-ns-dispatchnotification.xml');
    expect(summaryLines(s)).toEqual(
      expect.arrayContaining([
        '  carrier          UPS (from SHIPMENT_CARRIER)',
        '  tracking         no tracking numbers',
        '  shipment         1Z9X81W20463318825',
      ]),
    );
    expect(summaryLines({ ...s, carrier: undefined, carrierSource: undefined } as OpenTransSummary)).toContain('  carrier          not stated');
  });

  it('prints money exactly as stated, with the currency; charges and the reconciliation line', async () => {
    const lines = summaryLines(await summarizeFixture('suppliers/surcharges-invoice.xml'));
    expect(lines).toEqual(
      expect.arrayContaining([
        '    1. 5 C62 × PSU-USBC-65W @ 91.8992 EUR = 461.25 EUR',
        '       USB-C Netzteil 65 W, "GaN" kompakt',
        '       tax 19 %',
        '       surcharge recycling: WEEE-Gebühr +0.35 EUR',
        '       allowance rebate: Aktionsrabatt (percentage factor 0.05)',
        '  net goods        1124.25 EUR',
        '  surcharge        freight: Versandkostenpauschale +12.90 EUR',
        '  tax              211.31 EUR (19 % on 1112.15 EUR)',
        '  total            1323.46 EUR',
        '  check            1124.25 + 12.90 - 25.00 + 211.31 = 1323.46 EUR ✓ matches',
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/91\.90\b/);
  });

  it('shows a total that does not add up, and its warning last', async () => {
    const lines = summaryLines(await summarizeFixture('suppliers/not-reconciling-invoice.xml'));
    expect(lines).toContain('  check            302.50 + 57.93 = 360.43 EUR ✗ TOTAL_AMOUNT is 362.83 EUR');
    const first = lines.findIndex((l) => l.startsWith('  warning: '));
    expect(lines[first]).toBe('  warning: TOTAL_AMOUNT 362.83 EUR does not add up: net + surcharges -');
    expect(lines.slice(first).every((l) => l.startsWith('  warning: ') || l.startsWith(' '.repeat(11)))).toBe(true);
  });

  it('makes a credit memo stand out in the heading', async () => {
    const lines = summaryLines(await summarizeFixture('suppliers/credit-memo-invoice.xml'));
    expect(lines[0]).toBe('CREDIT MEMO GS-2024-000318 (INVOICE credit_memo, openTRANS 2.1)');
    const invoice = summaryLines(await summarizeFixture('suppliers/surcharges-invoice.xml'));
    expect(invoice[0]).toBe('INVOICE RE-2024-118430 (openTRANS 2.1)');
    expect(invoice).toContain('  type             invoice');
  });

  it('numbers an item without LINE_ITEM_ID by its position, marks a cancelled line', async () => {
    expect(summaryLines(await summarizeFixture('suppliers/opentrans-2.0-dispatchnotification.xml'))).toContain('    #2. 1 C62 × ACC-BAG-S');
    expect(summaryLines(await summarizeFixture('suppliers/no-namespace-orderresponse.xml'))).toContain(
      '    3. 0 C62 × RACK-1U-KIT @ 39.90 CHF = 0.00 CHF CANCELLED',
    );
  });

  it('quotes package descriptions with inner quotes escaped, and drops the junk tracking URL', async () => {
    const lines = summaryLines(await summarizeFixture('suppliers/empty-cdata-tracking-url-dispatchnotification.xml'));
    expect(lines).toContain('    1. 1Z4R52Y86841209931 "Karton \\"Toner & Trommel\\""');
    expect(lines.some((l) => l.startsWith('  tracking url'))).toBe(false);
    expect(lines.join('\n')).not.toContain('<![CDATA[');
  });

  it('names the encoding when the bytes contradicted the declaration', async () => {
    expect(summaryLines(await summarizeFixture('suppliers/utf8-declared-latin1-dispatchnotification.xml'))).toContain(
      '  encoding         read as UTF-8 (declared ISO-8859-1)',
    );
    expect(summaryLines(await summarizeFixture('suppliers/latin1-order.xml'))).toContain('  encoding         ISO-8859-1');
    const plain = await summarizeFixture('suppliers/surcharges-invoice.xml');
    for (const encoding of [plain.encoding, { declared: 'utf8', used: 'UTF-8' }, { declared: 'UTF-8', used: 'string' }]) {
      expect(summaryLines({ ...plain, encoding }).some((l) => l.startsWith('  encoding'))).toBe(false);
    }
    expect(summaryLines({ ...plain, encoding: { declared: 'latin1', used: 'windows-1252' } })).toContain(
      '  encoding         read as windows-1252 (declared latin1)',
    );
  });

  it('shows control and bidi characters from the document as escapes', async () => {
    const s = await summarizeFixture('suppliers/itscope-style-dispatchnotification.xml');
    const evil: OpenTransSummary = { ...s, items: [{ position: 1, lineItemId: '1', quantity: '1', description: 'Dock \u001b[31mred\u001b[0m \u202eevil' }] };
    const text = summaryLines(evil).join('\n');
    expect(text).not.toMatch(/[\u001b\u202e]/);
    expect(text).toContain('Dock \\x1b[31mred\\x1b[0m \\u202eevil');
  });

  it('cuts a value longer than a line within the width, keeping every character', async () => {
    const s = await summarizeFixture('suppliers/itscope-style-dispatchnotification.xml');
    const url = `https://tracking.example.com/${'x'.repeat(150)}`;
    const lines = summaryLines({ ...s, trackingUrl: url });
    const start = lines.findIndex((l) => l.startsWith('  tracking url'));
    const part = lines.slice(start, start + 3);
    expect(part.every((l) => columns(l) <= 80)).toBe(true);
    expect(part.map((l) => l.slice(19)).join('')).toBe(url);
  });

  it('gives a role label longer than its column a line of its own, so values stay aligned', async () => {
    const lines = summaryLines(await summarizeFixture('suppliers/deliverer-party-contact-dispatchnotification.xml'));
    const at = lines.indexOf('    buyer, delivery');
    expect(at).toBeGreaterThan(-1);
    expect(lines[at + 1]).toBe(`${' '.repeat(19)}Lindner Schulmedien e.K. (K-77001)`);
    expect(lines).toContain('    deliverer      Spedition Rheinland Logistik (SPED-07)');
  });
});

describe('wrap', () => {
  it('wraps at word boundaries with the given indents', () => {
    expect(wrap('one two three four five', 2, 4, 16)).toEqual(['  one two three', '    four five']);
  });

  it('cuts a word longer than the line and collapses whitespace', () => {
    expect(wrap('ab   c\nabcdefghijklmnopqrstuvwxyz', 0, 2, 12)).toEqual(['ab c', '  abcdefghij', '  klmnopqrst', '  uvwxyz']);
  });

  it('keeps at least 10 columns for the text, whatever the indent', () => {
    expect(wrap('abcdefghijkl', 0, 8, 12)).toEqual(['abcdefghijkl']);
    expect(wrap('x abcdefghijkl', 0, 8, 12)).toEqual(['x', '  abcdefghij', '  kl']);
  });
});
