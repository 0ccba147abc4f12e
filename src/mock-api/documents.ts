/**
 * The synthetic openTRANS documents the ITscope API stand-in serves (fixtures/opentrans).
 * Known: the transactionId of ITscope's guide example, and any UUID, which
 * is what `send` puts into its sample payloads, so send → listen --fetch-docs works offline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The transactionId in ITscope's own webhook example. */
export const FIXTURE_TRANSACTION_ID = '123456789-1234-5678-9123-12SAMPLE4567';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILES: Record<string, string> = {
  'ORDER.xml': 'ORDER.xml',
  'ORDERRESPONSE.xml': 'ORDERRESPONSE.xml',
  'DISPATCHNOTIFICATION.xml': 'DISPATCHNOTIFICATION.xml',
  'INVOICE.xml': 'INVOICE.xml',
  'INVOICE.pdf': 'INVOICE.pdf',
};

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

export function isKnownTransaction(transactionId: string): boolean {
  return transactionId === FIXTURE_TRANSACTION_ID || UUID_RE.test(transactionId);
}

export interface DocumentStore {
  /** The bytes for `{DOCTYPE}.{format}`, or undefined when there is none. */
  get(transactionId: string, file: string): { body: Buffer; contentType: string } | undefined;
}

export function loadDocuments(dir = fixturesDir()): DocumentStore {
  const cache = new Map<string, Buffer>();
  for (const [name, file] of Object.entries(FILES)) cache.set(name, readFileSync(join(dir, file)));
  return {
    get(transactionId, file) {
      if (!isKnownTransaction(transactionId)) return undefined;
      const body = cache.get(file);
      if (!body) return undefined;
      return { body, contentType: file.endsWith('.pdf') ? 'application/pdf' : 'application/xml; charset=utf-8' };
    },
  };
}
