/**
 * The ITscope webhook payload schema (zod): the single source of truth for validation,
 * with the type, samples and docs built on the same rules. Field rules
 * follow ITscope's guide "Set up webhooks"; the cross-field rules follow the
 * business/documents URL scheme. Constants and zod-free helpers live in payload-rules.ts.
 */
import { z } from 'zod';
import {
  DOC_FORMATS,
  DOC_TYPE_BY_EVENT,
  DOC_TYPES,
  describe,
  EVENT_TYPES,
  type EventType,
  FIELD_HINTS,
  hintFor,
  isCleanPayload,
  isEventType,
  isPlainObject,
  isRealDateTime,
  jsonPath,
  type PayloadField,
  type Problem,
  parseDocumentUrl,
  STATUS_RE,
  UUID_RE,
  type Verdict,
  type WebhookPayload,
  warningsFor,
} from './payload-rules.js';

export * from './payload-rules.js';

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

// The zod schema and the WebhookPayload interface must describe the same object.
type Inferred = Pick<z.infer<typeof webhookPayloadSchema>, PayloadField> & { eventType: EventType };
const sameShape: [Inferred, WebhookPayload] extends [WebhookPayload, Inferred] ? true : false = true;
void sameShape;

/** Judges one parsed JSON value as an ITscope webhook payload. */
export function checkPayload(value: unknown, options: { strict?: boolean } = {}): Verdict {
  if (!isPlainObject(value)) {
    return {
      valid: false,
      errors: [
        {
          path: '$',
          message: `the payload is ${describe(value)}, not a JSON object`,
          hint: 'a webhook body is one JSON object with the fields eventId, eventType, …',
        },
      ],
      warnings: [],
    };
  }
  const record = value;
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
