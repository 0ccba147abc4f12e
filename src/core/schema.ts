/**
 * The ITscope webhook payload: the single source of truth for its type, validation,
 * samples and docs (DESIGN.md §1, §3). Field rules follow ITscope's guide "Set up
 * webhooks"; the cross-field rules follow the business/documents URL scheme.
 */
import { z } from 'zod';

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
export const KNOWN_TRANSACTION_STATUSES = [
  'ARRIVED',
  'PROCESSING',
  'CONFIRMED',
  'ADVISED',
  'INVOICED',
  'COMPLETED',
  'REJECTED',
  'CANCELLED',
] as const;

export const ITSCOPE_API_HOST = 'api.itscope.com';
export const DEFAULT_API_BASE = `https://${ITSCOPE_API_HOST}/2.1`;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ITscope's timestamp: local date-time without a zone, e.g. 2023-10-17T11:01:36. */
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;
const STATUS_RE = /^[A-Z][A-Z0-9_]*$/;

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
const FIELD_SET: ReadonlySet<string> = new Set(PAYLOAD_FIELDS);
const STATUS_SET: ReadonlySet<string> = new Set(KNOWN_TRANSACTION_STATUSES);

/** Fix hints, one per field, shown under every problem with that field. */
export const FIELD_HINTS: Readonly<Record<PayloadField, string>> = {
  eventId: 'ITscope sends a UUID per webhook, e.g. "e2a6a466-3b62-4bb7-af53-b59aec592b49"',
  timestamp: 'use local time without a zone, e.g. "2023-10-17T11:01:36" (no "Z", no "+01:00")',
  eventType: `use one of ${EVENT_TYPES.join(', ')} (upper case)`,
  transactionStatus: 'use an upper-case status word such as ARRIVED, PROCESSING or ADVISED',
  orderId: 'the id of the order or deal as a non-empty string, e.g. "123-SAMPLE-456"',
  itscopeOrderId: 'the id ITscope assigned to the order as a non-empty string, e.g. "SAMPLE-123456-789"',
  documentId: 'the document id as a non-empty string, e.g. "123456789" (a string, not a number)',
  documentUrl:
    'use https://api.itscope.com/2.1/business/documents/{transactionId}/{DOCTYPE}.xml with the DOCTYPE of the eventType',
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

function isRealDateTime(value: string): boolean {
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

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return typeof input === 'object' ? 'an object' : `a ${typeof input}`;
}

function text(field: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${field} is missing` : `${field} must be a string, got ${describe(issue.input)}`),
    })
    .regex(/\S/, { error: `${field} must not be empty` });
}

const eventTypeSchema = z.enum(EVENT_TYPES, {
  error: (issue) =>
    issue.input === undefined
      ? 'eventType is missing'
      : typeof issue.input === 'string'
        ? `eventType "${issue.input}" is not one of ${EVENT_TYPES.join(', ')}`
        : `eventType must be a string, got ${describe(issue.input)}`,
});

const ZONE_RE = /(Z|[+-]\d{2}:?\d{2})$/i;

const timestampSchema = text('timestamp').check((ctx) => {
  if (ZONE_RE.test(ctx.value)) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'timestamp carries a time zone; ITscope sends local time without one' });
  } else if (!isRealDateTime(ctx.value)) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'timestamp is not an ITscope date-time (YYYY-MM-DDTHH:mm:ss)' });
  }
});

const documentUrlSchema = text('documentUrl').check((ctx) => {
  for (const message of documentUrlProblems(ctx.value)) ctx.issues.push({ code: 'custom', input: ctx.value, message });
});

/** What is wrong with a documentUrl on its own (without looking at the other fields). */
function documentUrlProblems(url: string): string[] {
  const ref = parseDocumentUrl(url);
  if (!ref) {
    if (!URL.canParse(url)) return ['documentUrl is not a URL'];
    const problems = [];
    if (!url.startsWith('https:')) problems.push(`documentUrl must use https, not ${url.slice(0, url.indexOf(':'))}`);
    problems.push('documentUrl is not of the form …/business/documents/{transactionId}/{DOCTYPE}.xml (or .pdf)');
    return problems;
  }
  const problems: string[] = [];
  if (ref.protocol !== 'https:') problems.push(`documentUrl must use https, not ${ref.protocol.slice(0, -1)}`);
  if (!(DOC_TYPES as readonly string[]).includes(ref.docType)) {
    problems.push(`documentUrl names document type "${ref.docType}", which is not one of ${DOC_TYPES.join(', ')}`);
  }
  if (!(DOC_FORMATS as readonly string[]).includes(ref.format)) {
    problems.push(`documentUrl ends in ".${ref.format}"; documents are .xml (or .pdf for INVOICE)`);
  } else if (ref.format === 'pdf' && ref.docType !== 'INVOICE') {
    problems.push(`only INVOICE documents exist as .pdf, not ${ref.docType}`);
  }
  return problems;
}

interface CrossFieldIssue {
  path: PayloadField;
  message: string;
}

/**
 * Rules across fields: the DOCTYPE in documentUrl matches eventType, and transactionId is
 * the one in documentUrl. Each rule runs when the fields it reads are well formed.
 */
function crossFieldIssues(record: Record<string, unknown>): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const { eventType, documentUrl, transactionId } = record;
  if (typeof documentUrl !== 'string') return issues;
  const ref = parseDocumentUrl(documentUrl);
  if (!ref) return issues;
  if (typeof eventType === 'string' && isEventType(eventType) && (DOC_TYPES as readonly string[]).includes(ref.docType)) {
    const expected = DOC_TYPE_BY_EVENT[eventType];
    if (ref.docType !== expected) {
      issues.push({
        path: 'documentUrl',
        message: `documentUrl points to a ${ref.docType} document; eventType ${eventType} needs ${expected}`,
      });
    }
  }
  if (typeof transactionId === 'string' && transactionId.trim() !== '' && ref.transactionId !== transactionId) {
    issues.push({
      path: 'transactionId',
      message: `transactionId "${transactionId}" differs from the one in documentUrl ("${ref.transactionId}")`,
    });
  }
  return issues;
}

const payloadFields = z.looseObject({
  eventId: text('eventId').regex(UUID_RE, { error: 'eventId is not a UUID' }),
  timestamp: timestampSchema,
  eventType: eventTypeSchema,
  transactionStatus: text('transactionStatus').regex(STATUS_RE, {
    error: 'transactionStatus must be an upper-case word (A-Z, 0-9, _)',
  }),
  orderId: text('orderId'),
  itscopeOrderId: text('itscopeOrderId'),
  documentId: text('documentId'),
  documentUrl: documentUrlSchema,
  transactionId: text('transactionId'),
});

/** The payload schema: every field rule, then the cross-field rules. */
export const webhookPayloadSchema = payloadFields.superRefine((payload, ctx) => {
  for (const issue of crossFieldIssues(payload)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
});

export type WebhookPayload = Pick<z.infer<typeof webhookPayloadSchema>, PayloadField> & {
  eventType: EventType;
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

function hintFor(path: ReadonlyArray<PropertyKey>): string {
  const field = path[0];
  return typeof field === 'string' && field in FIELD_HINTS
    ? FIELD_HINTS[field as PayloadField]
    : 'see the payload fields in ITscope\'s guide "Set up webhooks"';
}

function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${acc}.${String(key)}` : `${acc}[${JSON.stringify(String(key))}]`),
    '$',
  );
}

function warningsFor(payload: Record<string, unknown>): Problem[] {
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

const BLANK_RE = /\S/;
const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

function isText(value: unknown): value is string {
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
  if (typeof eventId !== 'string' || !UUID_RE.test(eventId)) return false;
  if (typeof timestamp !== 'string' || !isRealDateTime(timestamp)) return false;
  if (typeof eventType !== 'string' || !EVENT_TYPE_SET.has(eventType)) return false;
  if (typeof transactionStatus !== 'string' || !STATUS_SET.has(transactionStatus)) return false;
  if (!isText(record.orderId) || !isText(record.itscopeOrderId) || !isText(record.documentId)) return false;
  if (!isText(transactionId) || typeof documentUrl !== 'string') return false;
  const ref = parseDocumentUrl(documentUrl);
  if (!ref || ref.protocol !== 'https:' || ref.host !== ITSCOPE_API_HOST) return false;
  if (ref.docType !== DOC_TYPE_BY_EVENT[eventType as EventType]) return false;
  if (ref.format !== 'xml' && !(ref.format === 'pdf' && ref.docType === 'INVOICE')) return false;
  return ref.transactionId === transactionId;
}

/** Judges one parsed JSON value as an ITscope webhook payload. */
export function checkPayload(value: unknown, options: { strict?: boolean } = {}): Verdict {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      valid: false,
      errors: [{ path: '$', message: `the payload is ${describe(value)}, not a JSON object`, hint: 'a webhook body is one JSON object with the fields eventId, eventType, …' }],
      warnings: [],
    };
  }
  const record = value as Record<string, unknown>;
  if (isCleanPayload(record)) return { valid: true, errors: [], warnings: [], eventId: record.eventId as string };
  const eventId = typeof record.eventId === 'string' ? record.eventId : undefined;
  const result = webhookPayloadSchema.safeParse(value);
  const errors: Problem[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) errors.push({ path: jsonPath(issue.path), message: issue.message, hint: hintFor(issue.path) });
    // zod skips the cross-field rules once any field fails; report them anyway, so that
    // one run shows every problem.
    for (const issue of crossFieldIssues(record)) {
      if (!errors.some((e) => e.path === `$.${issue.path}`)) {
        errors.push({ path: `$.${issue.path}`, message: issue.message, hint: FIELD_HINTS[issue.path] });
      }
    }
  }
  let warnings = warningsFor(record);
  if (options.strict && warnings.length > 0) {
    errors.push(...warnings);
    warnings = [];
  }
  const verdict: Verdict = { valid: errors.length === 0, errors, warnings };
  if (eventId !== undefined) verdict.eventId = eventId;
  return verdict;
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
