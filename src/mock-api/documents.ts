/**
 * The openTRANS documents the ITscope API stand-in serves. For any transactionId, the
 * documents of the synthetic deal `dealDocument(transactionId, DOCTYPE)` builds from the
 * transactionId alone, so they agree with the webhooks `send` made for it (orderId,
 * itscopeOrderId, documentIds, items) without the two talking to each other
 * (docs/lifecycle.md, "Coherent documents"). The transactionId of ITscope's guide example
 * keeps the static files of fixtures/opentrans, and `INVOICE.pdf` is the static ZUGFeRD
 * sample for every transactionId. The suppliers' styles in fixtures/opentrans/suppliers
 * are served under `supplier-<name>` (SUPPLIER_PREFIX), as their bytes are (a Latin-1 file
 * stays Latin-1): `supplier-latin1/ORDER.xml` is `suppliers/latin1-order.xml`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dealDocument, isDealDocType } from '../core/deal-documents.js';

/** The transactionId in ITscope's own webhook example. */
export const FIXTURE_TRANSACTION_ID = '123456789-1234-5678-9123-12SAMPLE4567';

const FILES: Record<string, string> = {
  'ORDER.xml': 'ORDER.xml',
  'ORDERRESPONSE.xml': 'ORDERRESPONSE.xml',
  'DISPATCHNOTIFICATION.xml': 'DISPATCHNOTIFICATION.xml',
  'INVOICE.xml': 'INVOICE.xml',
  'INVOICE.pdf': 'INVOICE.pdf',
};
const XML = 'application/xml; charset=utf-8';
/** Without a charset: the XML declaration inside says how the bytes are encoded. */
const XML_AS_DECLARED = 'application/xml';
/** transactionIds that name a supplier-style fixture. */
export const SUPPLIER_PREFIX = 'supplier-';

/** `supplier-<name>` + `DOCTYPE.xml` → the bytes of suppliers/<name>-<doctype>.xml. */
export function supplierDocuments(dir: string): Map<string, Buffer> {
  const documents = new Map<string, Buffer>();
  const folder = join(dir, 'suppliers');
  const names = existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.xml')) : [];
  for (const name of names) {
    const m = /^(.+)-(order|orderresponse|dispatchnotification|invoice)\.xml$/.exec(name);
    if (m) documents.set(`${SUPPLIER_PREFIX}${m[1]}/${(m[2] ?? '').toUpperCase()}.xml`, readFileSync(join(folder, name)));
  }
  return documents;
}
const PDF = 'application/pdf';

/**
 * fixtures/opentrans, found by walking up from this module: it runs from src/mock-api
 * (tests) and from a bundled chunk under dist/ (the CLI).
 */
export function fixturesDir(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'fixtures', 'opentrans');
    if (existsSync(join(candidate, 'ORDER.xml'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('fixtures/opentrans not found next to the installed itscope-hooks');
}

export interface DocumentStore {
  /** The bytes for `{DOCTYPE}.{format}`, or undefined when there is none. */
  get(transactionId: string, file: string): { body: Buffer; contentType: string } | undefined;
}

export function loadDocuments(dir = fixturesDir()): DocumentStore {
  const cache = new Map<string, Buffer>();
  for (const [name, file] of Object.entries(FILES)) cache.set(name, readFileSync(join(dir, file)));
  const suppliers = supplierDocuments(dir);
  return {
    get(transactionId, file) {
      if (transactionId.startsWith(SUPPLIER_PREFIX)) {
        const body = suppliers.get(`${transactionId}/${file}`);
        return body ? { body, contentType: XML_AS_DECLARED } : undefined;
      }
      const contentType = file.endsWith('.pdf') ? PDF : XML;
      if (transactionId === FIXTURE_TRANSACTION_ID || file === 'INVOICE.pdf') {
        const body = cache.get(file);
        return body ? { body, contentType } : undefined;
      }
      const docType = file.endsWith('.xml') ? file.slice(0, -'.xml'.length) : '';
      if (!isDealDocType(docType)) return undefined;
      return { body: Buffer.from(dealDocument(transactionId, docType), 'utf8'), contentType: XML };
    },
  };
}
