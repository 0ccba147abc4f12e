/**
 * The rules of an ITscope webhook payload that need no schema library: the constants,
 * the documentUrl scheme, the warnings, and the fast check for a clean payload.
 * src/core/payload-schema.ts builds the zod schema (the single source of truth) on these; this
 * module stays light so that commands which only need the constants, and `validate` on
 * clean input, start without loading zod.
 */

export const EVENT_TYPES = ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const DOC_TYPES = ['ORDER', 'ORDERRESPONSE', 'DISPATCHNOTIFICATION', 'INVOICE', 'QUOTATION'] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** Which document a webhook of each event type points to. */
export const DOC_TYPE_BY_EVENT: Readonly<Record<EventType, DocType>> = {
  ORDER: 'ORDER',
  ORDERRESPONSE: 'ORDERRESPONSE',
  DELIVERY: 'DISPATCHNOTIFICATION',
  INVOICE: 'INVOICE',
};

export const DOC_FORMATS = ['xml', 'pdf'] as const;
export type DocFormat = (typeof DOC_FORMATS)[number];

/**
 * transactionStatus values we know. ITscope's guide names ARRIVED and PROCESSING, its
 * example ADVISED; the deals API describes the states "order confirmed", "in shipment",
 * invoiced, rejected and cancelled. Anything else is a warning, not an error: ITscope
 * may add states.
 */
export const KNOWN_TRANSACTION_STATUSES = ['ARRIVED', 'PROCESSING', 'CONFIRMED', 'ADVISED', 'INVOICED', 'COMPLETED', 'REJECTED', 'CANCELLED'] as const;

export const ITSCOPE_API_HOST = 'api.itscope.com';
export const DEFAULT_API_BASE = `https://${ITSCOPE_API_HOST}/2.1`;

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ITscope's timestamp: local date-time without a zone, e.g. 2023-10-17T11:01:36. */
export const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;
export const STATUS_RE = /^[A-Z][A-Z0-9_]*$/;

export const PAYLOAD_FIELDS = [
  'eventId',
  'timestamp',
  'eventType',
  'transactionStatus',
  'orderId',
  'itscopeOrderId',
  'documentId',
  'documentUrl',
  'transactionId',
] as const;
export type PayloadField = (typeof PAYLOAD_FIELDS)[number];
export const FIELD_SET: ReadonlySet<string> = new Set(PAYLOAD_FIELDS);
export const STATUS_SET: ReadonlySet<string> = new Set(KNOWN_TRANSACTION_STATUSES);

/** Fix hints, one per field, shown under every problem with that field. */
export const FIELD_HINTS: Readonly<Record<PayloadField, string>> = {
  eventId: 'ITscope sends a UUID per webhook, e.g. "e2a6a466-3b62-4bb7-af53-b59aec592b49"',
  timestamp: 'use local time without a zone, e.g. "2023-10-17T11:01:36" (no "Z", no "+01:00")',
  eventType: `use one of ${EVENT_TYPES.join(', ')} (upper case)`,
  transactionStatus: 'use an upper-case status word such as ARRIVED, PROCESSING or ADVISED',
  orderId: 'the id of the order or deal as a non-empty string, e.g. "123-SAMPLE-456"',
  itscopeOrderId: 'the id ITscope assigned to the order as a non-empty string, e.g. "SAMPLE-123456-789"',
  documentId: 'the document id as a non-empty string, e.g. "123456789" (a string, not a number)',
  documentUrl: 'use https://api.itscope.com/2.1/business/documents/{transactionId}/{DOCTYPE}.xml with the DOCTYPE of the eventType',
  transactionId: 'the transaction id as a non-empty string; it must equal the id in documentUrl',
};

export interface DocumentRef {
  /** Origin of the URL, e.g. https://api.itscope.com */
  origin: string;
  host: string;
  protocol: string;
  /** Path before /business/documents, e.g. "/2.1". */
  prefix: string;
  transactionId: string;
  docType: string;
  format: string;
}

/** scheme://host[:port]/prefix/business/documents/{transactionId}/{DOCTYPE}.{format} */
const DOCUMENT_URL_RE =
  /^([A-Za-z][A-Za-z0-9+.-]*:)\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(:\d+)?(\/[^?#]*)?\/business\/documents\/([^/?#]+)\/([A-Za-z]+)\.([A-Za-z]+)$/;

/**
 * Splits a documentUrl into its parts, or undefined when it is not of the documented
 * form. A regex rather than `new URL` keeps validation of large batches fast.
 */
export function parseDocumentUrl(url: string): DocumentRef | undefined {
  // One payload asks up to three times for the same URL; remember the last answer.
  if (url === lastParsed.url) return lastParsed.ref;
  const ref = splitDocumentUrl(url);
  lastParsed = { url, ref };
  return ref;
}

let lastParsed: { url: string | undefined; ref: DocumentRef | undefined } = { url: undefined, ref: undefined };

function splitDocumentUrl(url: string): DocumentRef | undefined {
  const m = DOCUMENT_URL_RE.exec(url);
  if (!m) return undefined;
  const protocol = (m[1] ?? '').toLowerCase();
  const host = (m[2] ?? '').toLowerCase();
  let transactionId = m[5] ?? '';
  if (transactionId.includes('%')) {
    try {
      transactionId = decodeURIComponent(transactionId);
    } catch {
      return undefined;
    }
  }
  return {
    origin: `${protocol}//${host}${m[3] ?? ''}`,
    host,
    protocol,
    prefix: m[4] ?? '',
    transactionId,
    docType: m[6] ?? '',
    format: (m[7] ?? '').toLowerCase(),
  };
}

export function isRealDateTime(value: string): boolean {
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day >= 1 && day <= daysInMonth;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return typeof input === 'object' ? 'an object' : `a ${typeof input}`;
}

/** The payload's type; schema.ts checks at compile time that its zod schema infers the same. */
export type WebhookPayload = {
  eventId: string;
  timestamp: string;
  eventType: EventType;
  transactionStatus: string;
  orderId: string;
  itscopeOrderId: string;
  documentId: string;
  documentUrl: string;
  transactionId: string;
};

export interface Problem {
  /** JSON path inside the payload, e.g. "$.documentUrl". */
  path: string;
  message: string;
  hint: string;
}

export interface Verdict {
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
  /** The payload, when it is an object with a string eventId (also when invalid). */
  eventId?: string;
}

export function hintFor(path: ReadonlyArray<PropertyKey>): string {
  const field = path[0];
  return typeof field === 'string' && field in FIELD_HINTS
    ? FIELD_HINTS[field as PayloadField]
    : 'see the payload fields in ITscope\'s guide "Set up webhooks"';
}

export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, key) =>
      typeof key === 'number' ? `${acc}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${acc}.${String(key)}` : `${acc}[${JSON.stringify(String(key))}]`,
    '$',
  );
}

export function warningsFor(payload: Record<string, unknown>): Problem[] {
  const warnings: Problem[] = [];
  const status = payload.transactionStatus;
  if (typeof status === 'string' && !STATUS_SET.has(status) && STATUS_RE.test(status)) {
    warnings.push({
      path: '$.transactionStatus',
      message: `transactionStatus "${status}" is not one we know`,
      hint: `known: ${KNOWN_TRANSACTION_STATUSES.join(', ')}; a new ITscope status is fine, a typo is not`,
    });
  }
  for (const key in payload) {
    if (!FIELD_SET.has(key)) {
      warnings.push({
        path: jsonPath([key]),
        message: `unknown field "${key}"`,
        hint: `ITscope sends only ${PAYLOAD_FIELDS.join(', ')}; check the spelling`,
      });
    }
  }
  if (typeof payload.documentUrl === 'string') {
    const ref = parseDocumentUrl(payload.documentUrl);
    if (ref && ref.host !== ITSCOPE_API_HOST) {
      warnings.push({
        path: '$.documentUrl',
        message: `documentUrl points to host "${ref.host}", not ${ITSCOPE_API_HOST}`,
        hint: 'real ITscope webhooks point to api.itscope.com; fetch-doc never sends credentials to another host',
      });
    }
  }
  return warnings;
}

export const BLANK_RE = /\S/;
export const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

export function isText(value: unknown): value is string {
  return typeof value === 'string' && BLANK_RE.test(value);
}

/**
 * True only for a payload that passes every rule above with no warning: the common case,
 * answered without building zod issues, so that `validate` keeps up with JSON.parse on
 * large NDJSON files. Anything else goes through the schema for precise messages; a test
 * checks that this never accepts what the schema rejects.
 */
export function isCleanPayload(record: Record<string, unknown>): boolean {
  let keys = 0;
  for (const key in record) {
    if (!FIELD_SET.has(key)) return false;
    keys++;
  }
  if (keys !== PAYLOAD_FIELDS.length) return false;
  const { eventId, timestamp, eventType, transactionStatus, documentUrl, transactionId } = record;
  if (typeof eventId !== 'string' || !isUuid(eventId)) return false;
  if (typeof timestamp !== 'string' || !isRealDateTime(timestamp)) return false;
  if (typeof eventType !== 'string' || !EVENT_TYPE_SET.has(eventType)) return false;
  if (typeof transactionStatus !== 'string' || !STATUS_SET.has(transactionStatus)) return false;
  if (!isText(record.orderId) || !isText(record.itscopeOrderId) || !isText(record.documentId)) return false;
  if (!isText(transactionId) || typeof documentUrl !== 'string') return false;
  if (isCanonicalDocumentUrl(documentUrl, eventType as EventType, transactionId)) return true;
  const ref = parseDocumentUrl(documentUrl);
  if (ref?.protocol !== 'https:' || ref.host !== ITSCOPE_API_HOST) return false;
  if (ref.docType !== DOC_TYPE_BY_EVENT[eventType as EventType]) return false;
  if (ref.format !== 'xml' && !(ref.format === 'pdf' && ref.docType === 'INVOICE')) return false;
  return ref.transactionId === transactionId;
}

/** UUID_RE's test without a regular expression: the fast path asks it of every payload. */
function isUuid(value: string): boolean {
  if (value.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = value.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66))) return false;
  }
  return true;
}

const CANONICAL_DOCUMENTS = `${DEFAULT_API_BASE}/business/documents/`;
const XML_SUFFIX_BY_EVENT = Object.fromEntries(Object.entries(DOC_TYPE_BY_EVENT).map(([event, doc]) => [event, `/${doc}.xml`])) as Record<EventType, string>;
/** Characters that would make a transactionId more or other than one path segment as written. */
const NOT_ONE_SEGMENT = /[/?#%]/;

/**
 * Whether documentUrl is exactly what ITscope sends for this event (api base, transactionId,
 * DOCTYPE.xml): what parseDocumentUrl would accept, decided by comparing strings.
 */
function isCanonicalDocumentUrl(url: string, eventType: EventType, transactionId: string): boolean {
  const suffix = XML_SUFFIX_BY_EVENT[eventType];
  return (
    url.length === CANONICAL_DOCUMENTS.length + transactionId.length + suffix.length &&
    url.startsWith(CANONICAL_DOCUMENTS) &&
    url.startsWith(transactionId, CANONICAL_DOCUMENTS.length) &&
    url.endsWith(suffix) &&
    !NOT_ONE_SEGMENT.test(transactionId)
  );
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
