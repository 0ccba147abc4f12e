/**
 * What `fetch-doc REF` means, decided without I/O: a
 * documentUrl, a documentId or eventId from the capture store, or a
 * transactionId with a type. The request always goes to api-base: only transactionId,
 * DOCTYPE and format are taken from a documentUrl, never its host.
 */
import { UserError } from './errors.js';
import { DOC_FORMATS, DOC_TYPE_BY_EVENT, DOC_TYPES, type DocFormat, type DocType, ITSCOPE_API_HOST, isEventType, parseDocumentUrl } from './payload-rules.js';

export interface DocumentTarget {
  /** What the user typed (or the capture it came from), for messages and --json. */
  ref: string;
  transactionId: string;
  docType: DocType;
  format: DocFormat;
  /** The documentUrl's host, when it was not ITscope's API host (reported as suspicious). */
  suspiciousHost?: string;
  /** The eventId of the capture it came from. */
  eventId?: string;
}

/** The fields of a capture record that point to a document. */
export interface CapturedPointer {
  eventId?: string | undefined;
  eventType?: string | undefined;
  documentId?: string | undefined;
  documentUrl?: string | undefined;
  transactionId?: string | undefined;
  receivedAt?: string | undefined;
}

/** The document type a name means, in any case (DELIVERY, the event type, is a DISPATCHNOTIFICATION); undefined for no type. */
export function docTypeOf(value: string): DocType | undefined {
  const upper = value.trim().toUpperCase();
  if (isEventType(upper)) return DOC_TYPE_BY_EVENT[upper];
  return (DOC_TYPES as readonly string[]).includes(upper) ? (upper as DocType) : undefined;
}

/** The format a name means, in any case; undefined for no format. */
export function docFormatOf(value: string): DocFormat | undefined {
  const lower = value.trim().toLowerCase();
  return (DOC_FORMATS as readonly string[]).includes(lower) ? (lower as DocFormat) : undefined;
}

/** docTypeOf, or a UserError naming the types there are. */
export function normalizeDocType(value: string): DocType {
  const docType = docTypeOf(value);
  if (docType) return docType;
  throw new UserError(`unknown document type "${value}"`, `use one of ${DOC_TYPES.join(', ')} (or DELIVERY for DISPATCHNOTIFICATION)`);
}

export function checkFormat(docType: DocType, format: string): DocFormat {
  const f = docFormatOf(format);
  if (f === undefined) throw new UserError(`unknown format "${format}"`, 'use xml, or pdf for an INVOICE');
  if (f === 'pdf' && docType !== 'INVOICE') {
    throw new UserError(`--format pdf exists only for INVOICE, not ${docType}`, 'drop --format pdf, or fetch the INVOICE');
  }
  return f;
}

export function looksLikeUrl(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref.trim());
}

/**
 * A documentUrl turned into a target. `format` overrides the URL's extension only when
 * the user asked for it explicitly (INVOICE.xml → INVOICE.pdf).
 */
export function targetFromUrl(url: string, options: { ref?: string; format?: DocFormat | undefined; eventId?: string | undefined } = {}): DocumentTarget {
  const parsed = parseDocumentUrl(url.trim());
  if (!parsed) {
    throw new UserError(`"${url}" is not an ITscope document URL`, 'expected https://api.itscope.com/2.1/business/documents/{transactionId}/{DOCTYPE}.xml');
  }
  const docType = normalizeDocType(parsed.docType);
  const format = checkFormat(docType, options.format ?? parsed.format);
  return {
    ref: options.ref ?? url,
    transactionId: parsed.transactionId,
    docType,
    format,
    ...(parsed.host !== ITSCOPE_API_HOST ? { suspiciousHost: parsed.host } : {}),
    ...(options.eventId ? { eventId: options.eventId } : {}),
  };
}

/** A capture's document: from its documentUrl, else from transactionId and eventType. */
export function targetFromCapture(capture: CapturedPointer, ref: string, format?: DocFormat): DocumentTarget | undefined {
  if (capture.documentUrl && parseDocumentUrl(capture.documentUrl)) {
    return targetFromUrl(capture.documentUrl, { ref, format, eventId: capture.eventId });
  }
  if (capture.transactionId && capture.eventType && isEventType(capture.eventType)) {
    const docType = DOC_TYPE_BY_EVENT[capture.eventType];
    return {
      ref,
      transactionId: capture.transactionId,
      docType,
      format: checkFormat(docType, format ?? 'xml'),
      ...(capture.eventId ? { eventId: capture.eventId } : {}),
    };
  }
  return undefined;
}

/** A stable key: one download per transactionId, DOCTYPE and format. */
export function targetKey(t: Pick<DocumentTarget, 'transactionId' | 'docType' | 'format'>): string {
  return `${t.transactionId}/${t.docType}.${t.format}`;
}

/**
 * A transactionId goes into the request path: refuse one that is empty, "." or "..", which
 * the URL would resolve away ("%2e%2e" in a documentUrl decodes to ".." and would have
 * requested /2.1/business/ORDER.xml; issue 18). Anything else is percent-encoded in the
 * request. This holds for every output mode, --stdout and --out included.
 */
export function checkTransactionId(value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new UserError(
      `transactionId "${value}" is not a transactionId ITscope uses`,
      'ITscope transactionIds look like 123456789-1234-5678-9123-12SAMPLE4567; check the documentUrl or --transaction-id',
    );
  }
  return value;
}

/**
 * A transactionId ends up in a file path: refuse anything that could leave the folder
 * (a payload is untrusted input).
 */
export function safePathSegment(value: string): string {
  if (value === '' || value === '.' || value === '..' || /[/\\\0]/.test(value) || value.length > 200) {
    throw new UserError(`transactionId "${value}" cannot be used as a folder name`, 'pass --out FILE to choose the file name');
  }
  return value;
}
