/**
 * The entry point: openTRANS bytes → OpenTransSummary. Pure (no fs, network or console);
 * fast-xml-parser is loaded on the first call only. Pass the raw bytes: the encoding rules
 * (decode.ts) need them; a string is accepted but can only be checked for the marks a
 * wrong decoding leaves.
 */

import { compare, parseDecimal, ZERO } from '../../core/decimal.js';
import { readCharges } from './charges.js';
import { decodeDocument, decodeString } from './decode.js';
import { readHeader } from './header.js';
import { readItems, readRemarks } from './items.js';
import { OpenTransError, type OpenTransSummary, SUMMARY_DOC_TYPES, type SummaryDocType } from './model.js';
import { readCarrier, readPackages, readTrackingUrl } from './packages.js';
import { readParties, readReferences } from './parties.js';
import { readTotals } from './totals.js';
import { attr, child, parseXml, type UnwrappedCdata } from './tree.js';

export type * from './model.js';
export { OpenTransError } from './model.js';

function isDocType(name: string): name is SummaryDocType {
  return (SUMMARY_DOC_TYPES as readonly string[]).includes(name);
}

function cdataWarnings(unwrapped: UnwrappedCdata[]): string[] {
  return unwrapped
    .filter((u) => u.element !== 'TRACKING_TRACING_URL')
    .map((u) => `<${u.element}> held escaped CDATA markup (&lt;![CDATA[…]]&gt;)${u.empty ? ' around nothing: treated as empty' : ': read its content'}`);
}

function itemWarnings(summary: OpenTransSummary): string[] {
  const warnings: string[] = [];
  const missing = summary.items.filter((i) => i.lineItemId === undefined).map((i) => `#${i.position}`);
  if (missing.length)
    warnings.push(`${missing.length} item${missing.length === 1 ? ' has' : 's have'} no LINE_ITEM_ID (${missing.join(', ')}): numbered by position`);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const i of summary.items) {
    if (i.lineItemId === undefined) continue;
    if (seen.has(i.lineItemId)) duplicates.add(i.lineItemId);
    seen.add(i.lineItemId);
  }
  if (duplicates.size) warnings.push(`LINE_ITEM_ID ${[...duplicates].join(', ')} appears more than once`);
  return warnings;
}

function invoiceWarnings(summary: OpenTransSummary): string[] {
  if (summary.docType !== 'INVOICE') return [];
  const warnings: string[] = [];
  if (!summary.currency) warnings.push('the invoice states no CURRENCY: amounts are shown without one');
  const total = parseDecimal(summary.totals.totalAmount);
  if (!summary.creditMemo && total && compare(total, ZERO) < 0) {
    warnings.push(
      `TOTAL_AMOUNT is negative but INVOICE_TYPE is ${summary.invoiceType ? JSON.stringify(summary.invoiceType) : 'not stated (so "invoice")'}: this may be a credit note`,
    );
  }
  return warnings;
}

/** Summarizes an openTRANS ORDER, ORDERRESPONSE, DISPATCHNOTIFICATION or INVOICE (1.0, 2.0, 2.1). */
export async function summarizeOpenTrans(input: Uint8Array | string): Promise<OpenTransSummary> {
  const decoded = typeof input === 'string' ? decodeString(input) : decodeDocument(input);
  const { rootName, root, unwrapped } = await parseXml(decoded.text);
  if (!isDocType(rootName)) {
    throw new OpenTransError(
      `root element <${rootName}> is not an openTRANS ${SUMMARY_DOC_TYPES.slice(0, -1).join(', ')} or ${SUMMARY_DOC_TYPES.at(-1)} document`,
    );
  }
  const docType = rootName;
  const version = attr(root, 'version');
  const warnings = [...decoded.warnings];
  const header = child(root, `${docType}_HEADER`);
  const info = child(header, `${docType}_INFO`);
  if (!info) warnings.push(`the document has no ${docType}_HEADER/${docType}_INFO: its ids, dates and parties are missing`);
  const summaryNode = child(root, `${docType}_SUMMARY`);

  const items = readItems(root, docType);
  const head = readHeader(docType, header, info, items);
  const references = readReferences(info);
  const parties = readParties(info, references);
  const packages = readPackages(info, items);
  const carrier = readCarrier(info, items, parties, references);
  const tracking = readTrackingUrl(
    info,
    unwrapped.some((u) => u.element === 'TRACKING_TRACING_URL'),
  );
  const charges = readCharges(summaryNode);
  const totals = readTotals(docType, summaryNode, items, charges, head.currency);

  const summary: OpenTransSummary = {
    docType,
    ...(version !== undefined ? { version } : {}),
    encoding: decoded.encoding,
    ...head,
    ...(tracking.trackingUrl ? { trackingUrl: tracking.trackingUrl } : {}),
    ...(carrier.carrier ? { carrier: carrier.carrier, carrierSource: carrier.carrierSource } : {}),
    packages,
    trackingNumbers: [...new Set(packages.flatMap((p) => p.trackingNumbers))],
    parties,
    items: items.map(({ item }) => item),
    charges,
    totals: totals.totals,
    ...(totals.reconciliation ? { reconciliation: totals.reconciliation } : {}),
    remarks: readRemarks(info),
    warnings,
  };
  warnings.push(
    ...cdataWarnings(unwrapped),
    ...tracking.warnings,
    ...carrier.warnings,
    ...itemWarnings(summary),
    ...totals.warnings,
    ...invoiceWarnings(summary),
  );
  return summary;
}
