/**
 * Turns `fetch-doc` arguments into documents to fetch: a
 * documentUrl, a documentId or eventId from the capture store (newest wins; ambiguity is
 * reported), `--transaction-id` with `--type`, or `--all` captured documents.
 */
import { UserError } from '../core/errors.js';
import { checkFormat, looksLikeUrl, normalizeDocType, targetFromCapture, targetFromUrl, targetKey, type DocumentTarget } from '../core/document-ref.js';
import type { DocFormat } from '../core/payload-rules.js';
import type { CaptureReader, StoredCapture } from '../store/capture-reader.js';

export interface RefRequest {
  ref: string | undefined;
  transactionId: string | undefined;
  type: string | undefined;
  all: boolean;
  /** Set only when the user passed --format. */
  format: DocFormat | undefined;
}

export interface LookupResult {
  targets: DocumentTarget[];
  /** Things the user should know (ambiguous REF, captures without a document). */
  notes: string[];
}

/** Whether the request needs the capture store at all. */
export function needsCaptures(req: RefRequest): boolean {
  return req.all || (req.ref !== undefined && !looksLikeUrl(req.ref));
}

function newest(captures: StoredCapture[]): StoredCapture | undefined {
  return captures.reduce<StoredCapture | undefined>((best, c) => (!best || c.seq > best.seq ? c : best), undefined);
}

export function lookupTargets(req: RefRequest, reader: CaptureReader | undefined): LookupResult {
  const notes: string[] = [];
  const given = [req.ref !== undefined, req.transactionId !== undefined, req.all].filter(Boolean).length;
  if (req.type !== undefined && req.transactionId === undefined) {
    throw new UserError('--type goes with --transaction-id', 'e.g. --transaction-id 1234-ABCD --type INVOICE (a REF already names its document type)');
  }
  if (given === 0) throw new UserError('nothing to fetch', 'pass a documentId, eventId or documentUrl, or --transaction-id ID --type DOCTYPE, or --all');
  if (given > 1) throw new UserError('pass only one of: REF, --transaction-id, --all', 'e.g. `itscope-hooks fetch-doc 123456789` or `itscope-hooks fetch-doc --all`');

  if (req.transactionId !== undefined) {
    if (req.type === undefined) throw new UserError('--transaction-id needs --type', `e.g. --transaction-id ${req.transactionId} --type DELIVERY`);
    const docType = normalizeDocType(req.type);
    const transactionId = req.transactionId.trim();
    if (!transactionId) throw new UserError('--transaction-id is empty', 'pass the transactionId of the webhook');
    return { targets: [{ ref: transactionId, transactionId, docType, format: checkFormat(docType, req.format ?? 'xml') }], notes };
  }

  if (req.ref !== undefined && looksLikeUrl(req.ref)) {
    return { targets: [targetFromUrl(req.ref, { format: req.format })], notes };
  }

  if (!reader) throw new Error('capture reader required');
  const all = reader.all();
  if (req.all) {
    const seen = new Map<string, DocumentTarget>();
    let without = 0;
    // Newest first, so the eventId we report is the newest capture of each document.
    for (const capture of [...all].sort((a, b) => b.seq - a.seq)) {
      const target = targetFromCapture(capture, capture.eventId ?? capture.documentId ?? `capture #${capture.seq}`, req.format === 'pdf' && capture.eventType === 'INVOICE' ? 'pdf' : undefined);
      if (!target) {
        without++;
        continue;
      }
      if (!seen.has(targetKey(target))) seen.set(targetKey(target), target);
    }
    if (without) notes.push(`${without} capture${without === 1 ? '' : 's'} without a usable documentUrl or transactionId skipped`);
    return { targets: [...seen.values()].reverse(), notes };
  }

  const ref = (req.ref ?? '').trim();
  const byEvent = reader.byEventId(ref);
  const byDocument = reader.byDocumentId(ref);
  const chosen = byEvent ?? newest(byDocument);
  if (!chosen) {
    throw new UserError(
      `"${ref}" is neither an eventId nor a documentId in the capture store ${reader.dir} (${all.length} capture${all.length === 1 ? '' : 's'} searched)`,
      'pass a documentUrl, or --transaction-id ID --type DOCTYPE, or point --captures (ITSCOPE_HOOKS_DIR) at the folder listen wrote',
    );
  }
  if (!byEvent && byDocument.length > 1) {
    const distinct = new Set(byDocument.map((c) => c.documentUrl ?? `${c.transactionId}/${c.eventType}`));
    notes.push(
      `documentId ${ref} matches ${byDocument.length} captures${distinct.size > 1 ? ` pointing to ${distinct.size} different documents` : ''}; using the newest (eventId ${chosen.eventId ?? '?'}, received ${chosen.receivedAt})`,
    );
  }
  const target = targetFromCapture(chosen, ref, req.format);
  if (!target) {
    throw new UserError(`the capture for "${ref}" has no usable documentUrl or transactionId`, 'run `itscope-hooks captures show ' + ref + '` to see what ITscope sent');
  }
  return { targets: [target], notes };
}
