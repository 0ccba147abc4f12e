/**
 * Shipping facts of a DISPATCHNOTIFICATION (and of any document that carries them):
 * packages with their tracking numbers, the carrier, the tracking URL.
 *
 * - Packages are read in the header (`LOGISTIC_DETAILS_INFO/PACKAGE_INFO/PACKAGE`, as ITscope
 *   writes them) and on every item (`…_ITEM/LOGISTIC_DETAILS/PACKAGE_INFO/PACKAGE`, as many
 *   suppliers do); a bare `PACKAGE_INFO` in either place is read too. Packages with the same
 *   PACKAGE_IDs are one package: it lists every item that names it.
 * - The carrier comes from, in this order of trust: ITscope's `REMARKS type="delivererCode"`
 *   (a code ITscope sets), `SHIPMENT_CARRIER` (an explicit element, outside the 2.1 XSD but
 *   common), the deliverer party (`SHIPMENT_PARTIES_REFERENCE/DELIVERER_IDREF`, else a party
 *   with role deliverer; its name, else its contact name, else its id). Disagreeing sources
 *   are a warning.
 */

import { type ReadItem, readRemarks } from './items.js';
import type { CarrierSource, SummaryPackage, SummaryParty } from './model.js';
import { type PartyReference, partyLabel, partyMatches } from './parties.js';
import { child, children, ownText, text, texts, type XmlNode } from './tree.js';

function packagesIn(node: XmlNode | undefined, ...containers: string[][]): XmlNode[] {
  return containers.flatMap((path) => children(child(node, ...path), 'PACKAGE'));
}

function readPackage(node: XmlNode, level: SummaryPackage['level']): SummaryPackage {
  const descriptions = [...texts(node, 'PACKAGE_DESCR'), ...texts(node, 'PACKAGE_DESCRIPTION')];
  const quantity = text(node, 'PACKAGE_QUANTITY');
  return {
    level,
    trackingNumbers: [...new Set(texts(node, 'PACKAGE_ID'))],
    ...(descriptions.length ? { description: descriptions.join('; ') } : {}),
    ...(quantity !== undefined ? { packageQuantity: quantity } : {}),
    items: [],
  };
}

/** Packages in the header and on items; one entry per distinct set of PACKAGE_IDs. */
export function readPackages(info: XmlNode | undefined, items: ReadItem[]): SummaryPackage[] {
  const packages: SummaryPackage[] = [];
  const byIds = new Map<string, SummaryPackage>();
  const keyOf = (p: SummaryPackage) => (p.trackingNumbers.length ? [...p.trackingNumbers].sort().join('\u0000') : undefined);
  const addPackage = (p: SummaryPackage, itemRef?: string) => {
    const key = keyOf(p);
    const known = key === undefined ? undefined : byIds.get(key);
    const target = known ?? p;
    if (!known) {
      packages.push(p);
      if (key !== undefined) byIds.set(key, p);
    } else if (!known.description && p.description) {
      known.description = p.description;
    }
    if (itemRef !== undefined && !target.items.includes(itemRef)) target.items.push(itemRef);
  };
  for (const node of packagesIn(info, ['LOGISTIC_DETAILS_INFO', 'PACKAGE_INFO'], ['PACKAGE_INFO'])) addPackage(readPackage(node, 'header'));
  for (const { ref, node } of items) {
    for (const p of packagesIn(node, ['LOGISTIC_DETAILS', 'PACKAGE_INFO'], ['PACKAGE_INFO'])) addPackage(readPackage(p, 'item'), ref);
  }
  return packages;
}

export interface CarrierResult {
  carrier?: string;
  carrierSource?: CarrierSource;
  warnings: string[];
}

const SOURCE_NAMES: Record<CarrierSource, string> = {
  delivererCode: 'REMARKS type="delivererCode"',
  shipmentCarrier: 'SHIPMENT_CARRIER',
  delivererParty: 'the deliverer party',
};

function sameCarrier(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.includes(y) || y.includes(x);
}

function delivererParty(items: ReadItem[], parties: SummaryParty[], references: PartyReference[], warnings: string[]) {
  const itemRefs = items.flatMap(({ node }) => children(child(node, 'SHIPMENT_PARTIES_REFERENCE'), 'DELIVERER_IDREF'));
  const ids = [...references.filter((r) => r.role === 'deliverer').map((r) => r.id), ...itemRefs.map(ownText).filter((t): t is string => t !== undefined)];
  for (const id of [...new Set(ids)]) {
    const party = parties.find((p) => partyMatches(p, { id }));
    if (party) return party;
    warnings.push(`DELIVERER_IDREF ${JSON.stringify(id)} names no party in PARTIES`);
  }
  return parties.find((p) => p.roles.includes('deliverer'));
}

/** The carrier and where it was read (see the trust order above). */
export function readCarrier(info: XmlNode | undefined, items: ReadItem[], parties: SummaryParty[], references: PartyReference[]): CarrierResult {
  const warnings: string[] = [];
  const found: Array<{ source: CarrierSource; value: string }> = [];
  const code = readRemarks(info).find((r) => r.type?.toLowerCase() === 'deliverercode');
  if (code) found.push({ source: 'delivererCode', value: code.text });
  const shipmentCarrier = text(info, 'SHIPMENT_CARRIER') ?? items.map(({ node }) => text(node, 'SHIPMENT_CARRIER')).find((t) => t !== undefined);
  if (shipmentCarrier) found.push({ source: 'shipmentCarrier', value: shipmentCarrier });
  const party = delivererParty(items, parties, references, warnings);
  const label = party ? partyLabel(party) : undefined;
  if (label) found.push({ source: 'delivererParty', value: label });
  const chosen = found[0];
  if (!chosen) return { warnings };
  for (const other of found.slice(1)) {
    if (!sameCarrier(chosen.value, other.value)) {
      warnings.push(
        `carrier sources disagree: ${SOURCE_NAMES[chosen.source]} says ${JSON.stringify(chosen.value)}, ${SOURCE_NAMES[other.source]} says ${JSON.stringify(other.value)}; showing the first`,
      );
    }
  }
  return { carrier: chosen.value, carrierSource: chosen.source, warnings };
}

export interface TrackingUrlResult {
  trackingUrl?: string;
  warnings: string[];
}

/**
 * TRACKING_TRACING_URL, only when it is an http(s) URL. Empty or whitespace (also an escaped
 * empty CDATA section, `&lt;![CDATA[]]&gt;`, which the parse step already unwrapped) or
 * anything else is dropped with a warning: a summary never prints junk as a link.
 */
export function readTrackingUrl(info: XmlNode | undefined, wasEscapedCdata: boolean): TrackingUrlResult {
  const present = children(info, 'TRACKING_TRACING_URL').length > 0;
  if (!present) return { warnings: [] };
  const value = text(info, 'TRACKING_TRACING_URL');
  const how = wasEscapedCdata ? ' (an escaped empty CDATA section, &lt;![CDATA[]]&gt;)' : '';
  if (value === undefined) return { warnings: [`TRACKING_TRACING_URL is empty${how}: no tracking link`] };
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return { warnings: [`TRACKING_TRACING_URL ${JSON.stringify(shown)} is not an http(s) URL: dropped`] };
  }
  return {
    trackingUrl: value,
    warnings: wasEscapedCdata ? ['TRACKING_TRACING_URL was wrapped in escaped CDATA markup (&lt;![CDATA[…]]&gt;): read its content'] : [],
  };
}
