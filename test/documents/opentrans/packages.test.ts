import { describe, expect, it } from 'vitest';
import { summarizeOpenTrans } from '../../../src/documents/opentrans/summarize.js';
import { dispatchXml, summarizeFixture } from './fixtures.js';

const item = (id: string, logistic = '', extra = '') =>
  `<DISPATCHNOTIFICATION_ITEM><LINE_ITEM_ID>${id}</LINE_ITEM_ID><PRODUCT_ID><bme:SUPPLIER_PID>P${id}</bme:SUPPLIER_PID></PRODUCT_ID><QUANTITY>1</QUANTITY><bme:ORDER_UNIT>C62</bme:ORDER_UNIT><ORDER_REFERENCE><ORDER_ID>O-1</ORDER_ID><LINE_ITEM_ID>${id}</LINE_ITEM_ID></ORDER_REFERENCE>${extra}${logistic}</DISPATCHNOTIFICATION_ITEM>`;
const parcel = (ids: string[], descr?: string) =>
  `<PACKAGE>${ids.map((i) => `<PACKAGE_ID>${i}</PACKAGE_ID>`).join('')}${descr ? `<PACKAGE_DESCR>${descr}</PACKAGE_DESCR>` : ''}</PACKAGE>`;
const itemPackages = (...parcels: string[]) => `<LOGISTIC_DETAILS><PACKAGE_INFO>${parcels.join('')}</PACKAGE_INFO></LOGISTIC_DETAILS>`;
const party = (id: string, role: string, address: string) =>
  `<PARTY><bme:PARTY_ID type="supplier_specific">${id}</bme:PARTY_ID><PARTY_ROLE>${role}</PARTY_ROLE><ADDRESS>${address}</ADDRESS></PARTY>`;

describe('packages', () => {
  it('reads packages on items: three parcels, one of them holding two items', async () => {
    const s = await summarizeFixture('suppliers/item-level-packages-dispatchnotification.xml');
    expect(s.packages).toEqual([
      { level: 'item', trackingNumbers: ['47110815000001'], description: 'Paket 1 von 3', items: ['10'] },
      { level: 'item', trackingNumbers: ['47110815000002'], description: 'Paket 2 von 3', items: ['10', '20'] },
      { level: 'item', trackingNumbers: ['47110815000003'], description: 'Paket 3 von 3', items: ['30'] },
    ]);
    expect(s.trackingNumbers).toEqual(['47110815000001', '47110815000002', '47110815000003']);
  });

  it('reads header packages as ITscope writes them, with description and quantity', async () => {
    const s = await summarizeFixture('suppliers/deliverer-party-contact-dispatchnotification.xml');
    expect(s.packages).toEqual([
      { level: 'header', trackingNumbers: ['340123450000012345'], description: 'Europalette, 186 kg', packageQuantity: '1', items: [] },
    ]);
  });

  it('merges an item package into the header package with the same PACKAGE_ID, and keeps id-less packages apart', async () => {
    const xml = dispatchXml(
      `<LOGISTIC_DETAILS_INFO><PACKAGE_INFO>${parcel(['TRK-1'], 'Karton A')}${parcel(['TRK-2'])}</PACKAGE_INFO></LOGISTIC_DETAILS_INFO>`,
      item('1', itemPackages(parcel(['TRK-2'], 'Karton B'))) +
        item('2', itemPackages(parcel(['TRK-1']), parcel([], 'Beipack'))) +
        item('3', itemPackages(parcel([], 'Beipack'))),
    );
    const s = await summarizeOpenTrans(xml);
    expect(s.packages).toEqual([
      { level: 'header', trackingNumbers: ['TRK-1'], description: 'Karton A', items: ['2'] },
      { level: 'header', trackingNumbers: ['TRK-2'], description: 'Karton B', items: ['1'] },
      { level: 'item', trackingNumbers: [], description: 'Beipack', items: ['2'] },
      { level: 'item', trackingNumbers: [], description: 'Beipack', items: ['3'] },
    ]);
    expect(s.trackingNumbers).toEqual(['TRK-1', 'TRK-2']);
  });

  it('unwraps a PACKAGE_ID written as escaped CDATA markup, with a warning', async () => {
    const s = await summarizeOpenTrans(
      dispatchXml(
        `<LOGISTIC_DETAILS_INFO><PACKAGE_INFO><PACKAGE><PACKAGE_ID>&lt;![CDATA[ TRK-9 ]]&gt;</PACKAGE_ID></PACKAGE></PACKAGE_INFO></LOGISTIC_DETAILS_INFO>`,
      ),
    );
    expect(s.trackingNumbers).toEqual(['TRK-9']);
    expect(s.warnings).toEqual(['<PACKAGE_ID> held escaped CDATA markup (&lt;![CDATA[…]]&gt;): read its content']);
  });

  it('names items without LINE_ITEM_ID by position in the packages they are in', async () => {
    const noId = `<DISPATCHNOTIFICATION_ITEM><PRODUCT_ID><bme:SUPPLIER_PID>X</bme:SUPPLIER_PID></PRODUCT_ID><QUANTITY>1</QUANTITY>${itemPackages(parcel(['P-9']))}</DISPATCHNOTIFICATION_ITEM>`;
    const s = await summarizeOpenTrans(dispatchXml('', item('1') + noId));
    expect(s.packages[0]?.items).toEqual(['#2']);
  });
});

describe('carrier', () => {
  it('prefers REMARKS delivererCode (ITscope)', async () => {
    const s = await summarizeFixture('suppliers/itscope-style-dispatchnotification.xml');
    expect([s.carrier, s.carrierSource]).toEqual(['DHL', 'delivererCode']);
  });

  it('reads SHIPMENT_CARRIER', async () => {
    const s = await summarizeFixture('suppliers/shipment-carrier-default-ns-dispatchnotification.xml');
    expect([s.carrier, s.carrierSource]).toEqual(['UPS', 'shipmentCarrier']);
  });

  it('reads the deliverer party named by DELIVERER_IDREF, by its NAME', async () => {
    const s = await summarizeFixture('suppliers/item-level-packages-dispatchnotification.xml');
    expect([s.carrier, s.carrierSource]).toEqual(['GLS Germany', 'delivererParty']);
  });

  it('reads the deliverer party whose name is only its CONTACT_NAME', async () => {
    const s = await summarizeFixture('suppliers/deliverer-party-contact-dispatchnotification.xml');
    expect([s.carrier, s.carrierSource]).toEqual(['Spedition Rheinland Logistik', 'delivererParty']);
    expect(s.warnings).toEqual([]);
  });

  it('falls back to a party with role deliverer without DELIVERER_IDREF, and to its id without a name', async () => {
    const named = await summarizeOpenTrans(dispatchXml(`<PARTIES>${party('C-1', 'deliverer', '<bme:NAME>Kurier Nord</bme:NAME>')}</PARTIES>`));
    expect([named.carrier, named.carrierSource]).toEqual(['Kurier Nord', 'delivererParty']);
    const idOnly = await summarizeOpenTrans(
      dispatchXml(`<PARTIES><PARTY><bme:PARTY_ID>CARRIER-77</bme:PARTY_ID><PARTY_ROLE>deliverer</PARTY_ROLE></PARTY></PARTIES>`),
    );
    expect(idOnly.carrier).toBe('CARRIER-77');
  });

  it('follows an item-level DELIVERER_IDREF and warns about one that names no party', async () => {
    const parties = `<PARTIES>${party('SP-1', 'other', '<bme:NAME>Spedition Süd</bme:NAME>')}</PARTIES>`;
    const ref = (id: string) =>
      `<SHIPMENT_PARTIES_REFERENCE><DELIVERY_IDREF>K</DELIVERY_IDREF><DELIVERER_IDREF>${id}</DELIVERER_IDREF></SHIPMENT_PARTIES_REFERENCE>`;
    const s = await summarizeOpenTrans(dispatchXml(parties, item('1', '', ref('SP-1'))));
    expect([s.carrier, s.carrierSource]).toEqual(['Spedition Süd', 'delivererParty']);
    const missing = await summarizeOpenTrans(dispatchXml(`${parties}${ref('NOPE')}`));
    expect(missing.carrier).toBeUndefined();
    expect(missing.warnings).toEqual(['DELIVERER_IDREF "NOPE" names no party in PARTIES']);
  });

  it('reads an openTRANS 1.0 TRANSPORT_PARTY as the deliverer', async () => {
    const info = `<ORDER_PARTIES><SHIPMENT_PARTIES><DELIVERY_PARTY><PARTY><ADDRESS><NAME>Kunde</NAME></ADDRESS></PARTY></DELIVERY_PARTY><TRANSPORT_PARTY><PARTY><ADDRESS><NAME>Spedition Alt</NAME></ADDRESS></PARTY></TRANSPORT_PARTY></SHIPMENT_PARTIES></ORDER_PARTIES>`;
    const s = await summarizeOpenTrans(dispatchXml(info));
    expect([s.carrier, s.carrierSource]).toEqual(['Spedition Alt', 'delivererParty']);
  });

  it('warns when the sources disagree, and stays quiet when one contains the other', async () => {
    const parties = `<PARTIES>${party('D', 'deliverer', '<bme:NAME>DHL Paket GmbH</bme:NAME>')}</PARTIES>`;
    const agree = await summarizeOpenTrans(dispatchXml(`${parties}<SHIPMENT_CARRIER>dhl</SHIPMENT_CARRIER><REMARKS type="delivererCode">DHL</REMARKS>`));
    expect([agree.carrier, agree.warnings]).toEqual(['DHL', []]);
    const disagree = await summarizeOpenTrans(dispatchXml(`<SHIPMENT_CARRIER>UPS</SHIPMENT_CARRIER><REMARKS type="delivererCode">DHL</REMARKS>`));
    expect(disagree.carrier).toBe('DHL');
    expect(disagree.warnings).toEqual(['carrier sources disagree: REMARKS type="delivererCode" says "DHL", SHIPMENT_CARRIER says "UPS"; showing the first']);
  });

  it('trusts REMARKS delivererCode over SHIPMENT_CARRIER over the deliverer party', async () => {
    const parties = `<PARTIES>${party('D', 'deliverer', '<bme:NAME>GLS Germany</bme:NAME>')}</PARTIES>`;
    const all = await summarizeOpenTrans(dispatchXml(`${parties}<SHIPMENT_CARRIER>GLS</SHIPMENT_CARRIER><REMARKS type="delivererCode">gls</REMARKS>`));
    expect([all.carrier, all.carrierSource]).toEqual(['gls', 'delivererCode']);
    const two = await summarizeOpenTrans(dispatchXml(`${parties}<SHIPMENT_CARRIER>GLS</SHIPMENT_CARRIER>`));
    expect([two.carrier, two.carrierSource]).toEqual(['GLS', 'shipmentCarrier']);
  });

  it('has no carrier when no source names one', async () => {
    const s = await summarizeOpenTrans(dispatchXml('<REMARKS type="general">bitte klingeln</REMARKS>'));
    expect(s.carrier).toBeUndefined();
    expect(s.carrierSource).toBeUndefined();
  });
});

describe('tracking URL', () => {
  it('drops an escaped empty CDATA section with one warning', async () => {
    const s = await summarizeFixture('suppliers/empty-cdata-tracking-url-dispatchnotification.xml');
    expect(s.trackingUrl).toBeUndefined();
    expect(s.warnings).toEqual(['TRACKING_TRACING_URL is empty (an escaped empty CDATA section, &lt;![CDATA[]]&gt;): no tracking link']);
    expect(s.trackingNumbers).toEqual(['1Z4R52Y86841209931']);
    expect(s.packages[0]?.description).toBe('Karton "Toner & Trommel"');
  });

  it.each([
    ['<TRACKING_TRACING_URL>   </TRACKING_TRACING_URL>', 'TRACKING_TRACING_URL is empty: no tracking link'],
    ['<TRACKING_TRACING_URL><![CDATA[]]></TRACKING_TRACING_URL>', 'TRACKING_TRACING_URL is empty: no tracking link'],
    ['<TRACKING_TRACING_URL>n/a</TRACKING_TRACING_URL>', 'TRACKING_TRACING_URL "n/a" is not an http(s) URL: dropped'],
    ['<TRACKING_TRACING_URL>javascript:alert(1)</TRACKING_TRACING_URL>', 'TRACKING_TRACING_URL "javascript:alert(1)" is not an http(s) URL: dropped'],
  ])('drops %s', async (element, warning) => {
    const s = await summarizeOpenTrans(dispatchXml(element));
    expect(s.trackingUrl).toBeUndefined();
    expect(s.warnings).toEqual([warning]);
  });

  it('unwraps a URL inside escaped CDATA markup and says so', async () => {
    const s = await summarizeOpenTrans(dispatchXml('<TRACKING_TRACING_URL>&lt;![CDATA[https://t.example.com/?id=1&amp;x=2]]&gt;</TRACKING_TRACING_URL>'));
    expect(s.trackingUrl).toBe('https://t.example.com/?id=1&x=2');
    expect(s.warnings).toEqual(['TRACKING_TRACING_URL was wrapped in escaped CDATA markup (&lt;![CDATA[…]]&gt;): read its content']);
  });
});
