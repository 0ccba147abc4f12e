/**
 * Parties: buyer, supplier, delivery address, invoice recipient, carrier. openTRANS 2.x
 * lists them in `PARTIES/PARTY` with `PARTY_ROLE`; openTRANS 1.0 wraps each in a role
 * element (`ORDER_PARTIES/BUYER_PARTY/PARTY`, `SHIPMENT_PARTIES/DELIVERY_PARTY/PARTY`,
 * `TRANSPORT_PARTY`). Without a PARTY_ROLE the role comes from the IDREF that points at the
 * party (`BUYER_IDREF`, `SHIPMENT_PARTIES_REFERENCE/DELIVERER_IDREF`, …).
 */
import type { SummaryParty } from './model.js';
import { attr, child, childNames, childOf, children, ownText, text, texts, type XmlNode } from './tree.js';

/** An `*_IDREF` of the header: which party plays which role. */
export interface PartyReference {
  /** BUYER_IDREF → buyer, DELIVERER_IDREF → deliverer, INVOICE_RECIPIENT_IDREF → invoice_recipient … */
  role: string;
  id: string;
  type?: string;
}

/** Where 2.x keeps its `*_IDREF` elements (ORDER_PARTIES_REFERENCE, SHIPMENT_PARTIES_REFERENCE, or the INFO itself). */
const REFERENCE_CONTAINERS = [[], ['ORDER_PARTIES_REFERENCE'], ['SHIPMENT_PARTIES_REFERENCE'], ['ORDER_PARTIES_REFERENCE', 'SHIPMENT_PARTIES_REFERENCE']];

export function readReferences(info: XmlNode | undefined): PartyReference[] {
  const refs: PartyReference[] = [];
  for (const path of REFERENCE_CONTAINERS) {
    const container = path.length ? child(info, ...path) : info;
    for (const name of childNames(container)) {
      if (!name.endsWith('_IDREF')) continue;
      for (const el of children(container, name)) {
        const id = ownText(el);
        const type = attr(el, 'type');
        if (id !== undefined) refs.push({ role: name.slice(0, -'_IDREF'.length).toLowerCase(), id, ...(type ? { type } : {}) });
      }
    }
  }
  return refs;
}

/** A reference names a party when the ids are equal and, where both give one, the id types too. */
export function partyMatches(party: SummaryParty, ref: { id: string; type?: string }): boolean {
  return party.ids.some((p) => p.id === ref.id && (p.type === undefined || ref.type === undefined || p.type === ref.type));
}

/** openTRANS 1.0 role wrappers; others become their name without `_PARTY`, lower-cased. */
const WRAPPER_ROLES: Record<string, string> = {
  INVOICE_PARTY: 'invoice_recipient',
  TRANSPORT_PARTY: 'deliverer',
};

function wrapperRole(name: string): string {
  return WRAPPER_ROLES[name] ?? name.slice(0, -'_PARTY'.length).toLowerCase();
}

/** `ORDER_PARTIES`, `SHIPMENT_PARTIES` (nested or not): each `*_PARTY/PARTY` with its role. */
function wrappedParties(container: XmlNode | undefined, out: Array<{ node: XmlNode; role: string }>): void {
  for (const name of childNames(container)) {
    if (name.endsWith('_PARTIES') && name !== 'PARTIES') {
      for (const inner of children(container, name)) wrappedParties(inner, out);
    } else if (name.endsWith('_PARTY')) {
      for (const wrapper of children(container, name)) {
        for (const party of children(wrapper, 'PARTY')) out.push({ node: party, role: wrapperRole(name) });
      }
    }
  }
}

function joined(parts: Array<string | undefined>, separator = ' '): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined && p !== '');
  return present.length ? present.join(separator) : undefined;
}

function contactOf(address: XmlNode | undefined): Pick<SummaryParty, 'contact' | 'email' | 'phone'> {
  const details = childOf(address, 'CONTACT_DETAILS', 'CONTACT');
  const contact = details ? (joined([text(details, 'TITLE'), text(details, 'FIRST_NAME'), text(details, 'CONTACT_NAME')]) ?? ownText(details)) : undefined;
  const email = text(address, 'EMAIL') ?? text(details, 'EMAILS', 'EMAIL') ?? text(details, 'EMAIL');
  const phone = text(address, 'PHONE') ?? text(details, 'PHONE');
  return { ...(contact ? { contact } : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function readParty(node: XmlNode, roles: string[]): SummaryParty {
  const ids = children(node, 'PARTY_ID').flatMap((el) => {
    const id = ownText(el);
    const type = attr(el, 'type');
    return id === undefined ? [] : [{ id, ...(type ? { type } : {}) }];
  });
  const address = child(node, 'ADDRESS');
  const names = [texts(address, 'NAME')[0], texts(address, 'NAME2')[0], texts(address, 'NAME3')[0]].filter((n): n is string => n !== undefined);
  return compact({
    roles,
    ids,
    names,
    department: text(address, 'DEPARTMENT'),
    street: text(address, 'STREET'),
    zip: text(address, 'ZIP'),
    city: text(address, 'CITY'),
    state: text(address, 'STATE'),
    country: text(address, 'COUNTRY'),
    countryCode: text(address, 'COUNTRY_CODED'),
    ...contactOf(address),
    vatId: text(address, 'VAT_ID'),
  });
}

/** The parties of a header INFO element, 2.x and 1.0 alike, each with its roles. */
export function readParties(info: XmlNode | undefined, references: PartyReference[]): SummaryParty[] {
  const parties: SummaryParty[] = [];
  for (const node of children(child(info, 'PARTIES'), 'PARTY')) {
    const declared = [...new Set(texts(node, 'PARTY_ROLE'))];
    const party = readParty(node, declared);
    if (!declared.length) {
      const derived = [...new Set(references.filter((r) => partyMatches(party, r)).map((r) => r.role))];
      party.roles = derived.length ? derived : ['unknown'];
    }
    parties.push(party);
  }
  const wrapped: Array<{ node: XmlNode; role: string }> = [];
  wrappedParties(info, wrapped);
  for (const { node, role } of wrapped) parties.push(readParty(node, [role]));
  return parties;
}

/** What to call a party in one line: its names, else its contact, else its first id. */
export function partyLabel(party: SummaryParty): string | undefined {
  return joined(party.names, ', ') ?? party.contact ?? party.ids[0]?.id;
}
