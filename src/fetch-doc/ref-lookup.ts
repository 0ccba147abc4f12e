/**
 * Turns `fetch-doc` arguments into documents to fetch: a
 * documentUrl, a documentId or eventId from the capture store (newest wins; ambiguity is
 * reported), `--transaction-id` with `--type`, or `--all` captured documents.
 *
 * Credentials in a documentUrl (`user:pw@`) never reach a ref, a message or the output.
 * With `--all`, a capture that points to a document nobody can fetch (unknown DOCTYPE, a
 * transactionId that is no folder name…) becomes a failed entry, never the end of the batch.
 */

import {
  checkFormat,
  checkTransactionId,
  type DocumentTarget,
  docFormatOf,
  docTypeOf,
  looksLikeUrl,
  normalizeDocType,
  safePathSegment,
  targetFromCapture,
  targetFromUrl,
  targetKey,
} from '../core/document-ref.js';
import { UserError } from '../core/errors.js';
import { DOC_TYPE_BY_EVENT, DOC_TYPES, type DocFormat, isEventType, parseDocumentUrl } from '../core/payload-rules.js';
import { printable } from '../core/printable.js';
import { redactUrl } from '../core/redact.js';
import type { BatchTarget, UnusableTarget } from '../documents/batch.js';
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
  /** Documents to fetch; with --all also captures that cannot be fetched (failed entries). */
  targets: BatchTarget[];
  /** Things the user should know (ambiguous REF, captures without a document). */
  notes: string[];
}

/**
 * --type in any case: a document type, or DELIVERY for its DISPATCHNOTIFICATION; anything
 * else is a usage error naming the flag, as every flag's bad value is.
 */
export function typeFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (docTypeOf(value)) return value.trim().toUpperCase();
  throw new UserError(`--type "${value}" is not a document type`, `use one of ${DOC_TYPES.join(', ')} (or DELIVERY for DISPATCHNOTIFICATION), in any case`);
}

/** --format in any case: xml, or pdf (a ZUGFeRD INVOICE). */
export function formatFlag(value: string | undefined): DocFormat | undefined {
  if (value === undefined) return undefined;
  const format = docFormatOf(value);
  if (format) return format;
  throw new UserError(`--format "${value}" is not a format`, 'use xml, or pdf for an INVOICE (in any case)');
}

/** Whether the request needs the capture store at all. */
export function needsCaptures(req: RefRequest): boolean {
  return req.all || (req.ref !== undefined && !looksLikeUrl(req.ref));
}

/** A capture with any credentials removed from its documentUrl, for every message built from it. */
function redactedCapture(capture: StoredCapture): StoredCapture {
  return capture.documentUrl ? { ...capture, documentUrl: redactUrl(capture.documentUrl) } : capture;
}

function captureHint(capture: StoredCapture): string {
  const look = capture.eventId ? `\`itscope-hooks captures show ${capture.eventId}\`` : '`itscope-hooks captures list`';
  return `see what the webhook said with ${look}; if you know the document, fetch it with --transaction-id ID --type DOCTYPE`;
}

/**
 * The document a capture points to for --all: a target, a failed entry when it points to
 * one that cannot be fetched, or undefined when it points to none (no documentUrl, no
 * transactionId: nothing to fetch).
 */
function captureEntry(capture: StoredCapture, ref: string, format: DocFormat | undefined): BatchTarget | undefined {
  const clean = redactedCapture(capture);
  const parsed = clean.documentUrl ? parseDocumentUrl(clean.documentUrl) : undefined;
  const unusable = (reason: string, hint = captureHint(capture)): UnusableTarget => ({
    ref,
    transactionId: parsed?.transactionId ?? clean.transactionId,
    docType: parsed?.docType ?? (clean.eventType && isEventType(clean.eventType) ? DOC_TYPE_BY_EVENT[clean.eventType] : clean.eventType),
    format: parsed?.format,
    unusable: { reason, hint },
  });
  let target: DocumentTarget | undefined;
  try {
    target = targetFromCapture(clean, ref, format);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return unusable(`capture ${ref}: ${error.message}`);
  }
  if (!target) {
    if (clean.documentUrl) return unusable(`capture ${ref}: the documentUrl "${clean.documentUrl}" is not an ITscope document URL`);
    if (clean.transactionId) return unusable(`capture ${ref}: eventType "${clean.eventType ?? ''}" names no document type`);
    return undefined;
  }
  try {
    checkTransactionId(safePathSegment(target.transactionId));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return unusable(`capture ${ref}: ${error.message}`);
  }
  return target;
}

/**
 * The captures a request needs from the store: all of them for --all, else only those a
 * REF can name (its eventId or documentId), so a lookup's memory does not grow with the store.
 */
export function capturesFor(req: RefRequest): ((capture: StoredCapture) => boolean) | undefined {
  if (req.all) return undefined;
  const ref = (req.ref ?? '').trim();
  return (c) => c.eventId === ref || c.documentId === ref;
}

function newest(captures: StoredCapture[]): StoredCapture | undefined {
  return captures.reduce<StoredCapture | undefined>((best, c) => (!best || c.seq > best.seq ? c : best), undefined);
}

export function lookupTargets(req: RefRequest, reader: CaptureReader | undefined): LookupResult {
  const result = findTargets(req, reader);
  // One document asked for by name: a transactionId that cannot be requested is a usage error, whatever the output.
  if (!req.all) for (const target of result.targets) if (!('unusable' in target)) checkTransactionId(target.transactionId);
  return result;
}

function findTargets(req: RefRequest, reader: CaptureReader | undefined): LookupResult {
  const notes: string[] = [];
  const given = [req.ref !== undefined, req.transactionId !== undefined, req.all].filter(Boolean).length;
  if (req.type !== undefined && req.transactionId === undefined) {
    throw new UserError('--type goes with --transaction-id', 'e.g. --transaction-id 1234-ABCD --type INVOICE (a REF already names its document type)');
  }
  if (given === 0) throw new UserError('nothing to fetch', 'pass a documentId, eventId or documentUrl, or --transaction-id ID --type DOCTYPE, or --all');
  if (given > 1)
    throw new UserError('pass only one of: REF, --transaction-id, --all', 'e.g. `itscope-hooks fetch-doc 123456789` or `itscope-hooks fetch-doc --all`');

  if (req.transactionId !== undefined) {
    if (req.type === undefined) throw new UserError('--transaction-id needs --type', `e.g. --transaction-id ${req.transactionId} --type DELIVERY`);
    const docType = normalizeDocType(req.type);
    const transactionId = req.transactionId.trim();
    if (!transactionId) throw new UserError('--transaction-id is empty', 'pass the transactionId of the webhook');
    return { targets: [{ ref: transactionId, transactionId, docType, format: checkFormat(docType, req.format ?? 'xml') }], notes };
  }

  if (req.ref !== undefined && looksLikeUrl(req.ref)) {
    // Only transactionId, DOCTYPE and format matter; user:pw@ is dropped before anything is shown.
    return { targets: [targetFromUrl(redactUrl(req.ref.trim()), { format: req.format })], notes };
  }

  if (!reader) throw new Error('capture reader required');
  if (req.all) {
    const all = reader.all();
    const seen = new Map<string, BatchTarget>();
    let without = 0;
    // Newest first, so the eventId we report is the newest capture of each document.
    for (const capture of [...all].sort((a, b) => b.seq - a.seq)) {
      const ref = capture.eventId ?? capture.documentId ?? `capture #${capture.seq}`;
      const entry = captureEntry(capture, ref, req.format === 'pdf' && capture.eventType === 'INVOICE' ? 'pdf' : undefined);
      if (!entry) {
        without++;
        continue;
      }
      const key = 'unusable' in entry ? `unusable:${capture.documentUrl ?? ''}|${capture.transactionId ?? ''}|${capture.eventType ?? ''}` : targetKey(entry);
      if (!seen.has(key)) seen.set(key, entry);
    }
    if (without) notes.push(`${without} capture${without === 1 ? '' : 's'} without a documentUrl or transactionId skipped (nothing to fetch)`);
    return { targets: [...seen.values()].reverse(), notes };
  }

  const ref = (req.ref ?? '').trim();
  const byEvent = reader.byEventId(ref);
  const byDocument = reader.byDocumentId(ref);
  const chosen = byEvent ?? newest(byDocument);
  if (!chosen) {
    throw new UserError(
      `"${ref}" is neither an eventId nor a documentId in the capture store ${reader.dir} (${reader.count} capture${reader.count === 1 ? '' : 's'} searched)`,
      'pass a documentUrl, or --transaction-id ID --type DOCTYPE, or point --captures (ITSCOPE_HOOKS_DIR) at the folder listen wrote',
    );
  }
  if (!byEvent && byDocument.length > 1) {
    const distinct = new Set(byDocument.map((c) => c.documentUrl ?? `${c.transactionId}/${c.eventType}`));
    notes.push(
      `documentId ${ref} matches ${byDocument.length} captures${distinct.size > 1 ? ` pointing to ${distinct.size} different documents` : ''}; using the newest (eventId ${chosen.eventId ?? '?'}, received ${chosen.receivedAt})`,
    );
  }
  let target: DocumentTarget | undefined;
  try {
    target = targetFromCapture(redactedCapture(chosen), ref, req.format);
  } catch (error) {
    // The documentUrl in the message was chosen by the sender: shown escaped.
    if (error instanceof UserError) throw new UserError(`the capture for "${ref}": ${printable(error.message)}`, error.hint);
    throw error;
  }
  if (!target) {
    throw new UserError(
      `the capture for "${ref}" has no usable documentUrl or transactionId`,
      `run \`itscope-hooks captures show ${ref}\` to see what ITscope sent`,
    );
  }
  return { targets: [target], notes };
}
