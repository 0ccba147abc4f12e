import { describe, expect, it } from 'vitest';
import { summarizeOpenTrans } from '../../../src/documents/opentrans/summarize.js';
import { dispatchXml, summarizeFixture } from './fixtures.js';

describe('parties', () => {
  it('reads openTRANS 2.1 parties with role, names, address and contact (bme: prefix)', async () => {
    const s = await summarizeFixture('suppliers/itscope-style-dispatchnotification.xml');
    expect(s.parties).toEqual([
      {
        roles: ['supplier'],
        ids: [{ id: 'LIEF-2207', type: 'buyer_specific' }],
        names: ['Nordlicht IT-Distribution GmbH'],
        street: 'Speicherallee 14',
        zip: '28217',
        city: 'Bremen',
        countryCode: 'DE',
        email: 'versand@nordlicht-it.example',
      },
      {
        roles: ['delivery'],
        ids: [{ id: 'KD-558120-02', type: 'supplier_specific' }],
        names: ['Kessler Systemhaus KG', 'Wareneingang Tor 3'],
        street: 'Am Gleisdreieck 9',
        zip: '34123',
        city: 'Kassel',
        countryCode: 'DE',
        contact: 'Jana Petersen',
        email: 'wareneingang@kessler-systemhaus.example',
      },
    ]);
  });

  it('reads BMEcat elements with a default namespace repeated per element', async () => {
    const s = await summarizeFixture('suppliers/shipment-carrier-default-ns-dispatchnotification.xml');
    expect(s.parties[0]).toMatchObject({
      roles: ['supplier'],
      ids: [{ id: 'V-30017' }],
      names: ['Alpenrand Computer AG'],
      country: 'Schweiz',
      countryCode: 'CH',
      zip: '8802',
    });
    expect(s.parties[1]).toMatchObject({ roles: ['delivery'], ids: [], names: ['Brunner Praxissysteme GmbH'], contact: 'Lukas Brunner', city: 'Zug' });
  });

  it('keeps every PARTY_ROLE of a party', async () => {
    const s = await summarizeFixture('suppliers/deliverer-party-contact-dispatchnotification.xml');
    expect(s.parties.map((p) => p.roles)).toEqual([['buyer', 'delivery'], ['deliverer']]);
    expect(s.parties[1]).toMatchObject({ names: [], contact: 'Spedition Rheinland Logistik', phone: '+49 2131 555 0170' });
  });

  it('reads parties without any namespace', async () => {
    const s = await summarizeFixture('suppliers/no-namespace-orderresponse.xml');
    expect(s.parties.map((p) => [p.roles[0], p.names[0], p.city])).toEqual([
      ['buyer', 'Brunner Praxissysteme GmbH', 'Zug'],
      ['supplier', 'Alpenrand Computer AG', 'Kilchberg'],
    ]);
  });

  it('reads openTRANS 1.0 role wrappers: buyer, supplier, invoice recipient, delivery', async () => {
    const s = await summarizeFixture('suppliers/opentrans-1.0-order.xml');
    expect(s.parties.map((p) => [p.roles.join('+'), p.names.join(' / ')])).toEqual([
      ['buyer', 'Kreisverwaltung Musterkreis / Amt 10 - Zentrale Dienste'],
      ['supplier', 'Heidemark Bürotechnik GmbH'],
      ['invoice_recipient', 'Kreisverwaltung Musterkreis / Kasse'],
      ['delivery', 'Kreisverwaltung Musterkreis / Poststelle, Raum 0.14'],
    ]);
    expect(s.parties[0]).toMatchObject({
      contact: 'Herr Albers',
      street: 'Rathausplatz 1',
      zip: '29221',
      country: 'DE',
      email: 'beschaffung@musterkreis.example',
    });
  });

  it('derives a missing PARTY_ROLE from the IDREF that points at the party (id and type must match)', async () => {
    const parties = `<PARTIES>
      <PARTY><bme:PARTY_ID type="supplier_specific">K-1</bme:PARTY_ID><ADDRESS><bme:NAME>Kunde</bme:NAME></ADDRESS></PARTY>
      <PARTY><bme:PARTY_ID type="buyer_specific">L-1</bme:PARTY_ID><ADDRESS><bme:NAME>Lieferant</bme:NAME></ADDRESS></PARTY>
      <PARTY><bme:PARTY_ID type="gln">4000001000005</bme:PARTY_ID></PARTY>
    </PARTIES>
    <bme:SUPPLIER_IDREF type="buyer_specific">L-1</bme:SUPPLIER_IDREF>
    <bme:BUYER_IDREF type="supplier_specific">K-1</bme:BUYER_IDREF>
    <SHIPMENT_PARTIES_REFERENCE><DELIVERY_IDREF type="supplier_specific">K-1</DELIVERY_IDREF><DELIVERER_IDREF type="buyer_specific">4000001000005</DELIVERER_IDREF></SHIPMENT_PARTIES_REFERENCE>`;
    const s = await summarizeOpenTrans(dispatchXml(parties));
    expect(s.parties.map((p) => p.roles)).toEqual([['buyer', 'delivery'], ['supplier'], ['unknown']]);
  });

  it('reads umlauts from real ISO-8859-1 bytes', async () => {
    const s = await summarizeFixture('suppliers/latin1-order.xml');
    expect(s.parties[0]).toMatchObject({ names: ['Müller & Söhne Bürobedarf OHG'], street: 'Hauptstraße 7', city: 'München', contact: 'Jürgen Weiß' });
  });
});
