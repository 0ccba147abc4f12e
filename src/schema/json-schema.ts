/**
 * JSON Schema 2020-12 of one ITscope webhook payload, for `itscope-hooks schema`.
 *
 * It starts from zod's own conversion of `webhookPayloadSchema` (the schema `validate`
 * uses), which gives the fields, their types, the eventType enum and the required list,
 * and adds what zod cannot emit: the rules zod keeps in custom checks (timestamp,
 * documentUrl, the eventType → DOCTYPE rule), the UUID pattern's `i` flag (JSON Schema
 * patterns have none), titles, descriptions and examples. Extra fields stay allowed, as
 * `validate` only warns about them.
 */
import { z } from 'zod';
import { DOC_TYPE_BY_EVENT, EVENT_TYPES, KNOWN_TRANSACTION_STATUSES, PAYLOAD_FIELDS, type PayloadField, UUID_RE } from '../core/payload-rules.js';
import { webhookPayloadSchema } from '../core/payload-schema.js';
import {
  docTypeSuffixPattern,
  documentUrlPattern,
  NOT_BLANK_PATTERN,
  PDF_DOC_TYPES,
  PDF_DOCUMENT_PATTERN,
  PDF_SUFFIX_PATTERN,
  STATUS_PATTERN,
  TIMESTAMP_PATTERN,
  UUID_PATTERN,
} from './patterns.js';
import { FIELD_DOCS, ITSCOPE_GUIDE_EXAMPLE, PAYLOAD_DESCRIPTION, PAYLOAD_TITLE } from './payload-docs.js';

export type JsonSchema = { [keyword: string]: unknown };

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** The pattern (and format) that carries each field's own rule; blank strings fail all of them. */
const FIELD_RULES: Readonly<Record<PayloadField, JsonSchema>> = {
  eventId: { format: 'uuid', pattern: UUID_PATTERN },
  timestamp: { pattern: TIMESTAMP_PATTERN },
  eventType: {},
  transactionStatus: { pattern: STATUS_PATTERN },
  orderId: { minLength: 1, pattern: NOT_BLANK_PATTERN },
  itscopeOrderId: { minLength: 1, pattern: NOT_BLANK_PATTERN },
  documentId: { minLength: 1, pattern: NOT_BLANK_PATTERN },
  documentUrl: {
    pattern: documentUrlPattern(),
    if: { pattern: PDF_SUFFIX_PATTERN },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited
    then: { pattern: PDF_DOCUMENT_PATTERN, description: `Only ${PDF_DOC_TYPES.join(', ')} documents exist as .pdf.` },
  },
  transactionId: { minLength: 1, pattern: NOT_BLANK_PATTERN },
};

/** zod patterns that a rule above already implies (zod's UUID pattern lost its `i` flag). */
const SUPERSEDED_ZOD_PATTERNS = new Set([NOT_BLANK_PATTERN, UUID_RE.source, STATUS_PATTERN]);

/** zod's conversion of the schema `validate` uses. */
export function zodJsonSchema(): JsonSchema {
  return z.toJSONSchema(webhookPayloadSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }) as JsonSchema;
}

function patternsOf(schema: JsonSchema): string[] {
  const patterns = typeof schema.pattern === 'string' ? [schema.pattern] : [];
  for (const part of Array.isArray(schema.allOf) ? (schema.allOf as JsonSchema[]) : []) {
    if (typeof part.pattern === 'string') patterns.push(part.pattern);
  }
  return patterns;
}

/** One field: zod's keywords (type, enum, any length limit) with the rule, words and example added. */
function fieldSchema(field: PayloadField, fromZod: JsonSchema): JsonSchema {
  const { pattern: _pattern, allOf: _allOf, ...keywords } = fromZod;
  // A regex added to the zod schema later, and not mirrored here, still reaches the output.
  const others = patternsOf(fromZod).filter((p) => !SUPERSEDED_ZOD_PATTERNS.has(p));
  const examples = field === 'transactionStatus' ? [...KNOWN_TRANSACTION_STATUSES] : [ITSCOPE_GUIDE_EXAMPLE[field]];
  return {
    ...FIELD_DOCS[field],
    ...keywords,
    ...FIELD_RULES[field],
    ...(others.length > 0 ? { allOf: others.map((pattern) => ({ pattern })) } : {}),
    examples,
  };
}

/** The eventType → DOCTYPE rule: one if/then per event type. */
function docTypeRules(): JsonSchema[] {
  return EVENT_TYPES.map((eventType) => ({
    if: { properties: { eventType: { const: eventType } }, required: ['eventType'] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited
    then: {
      properties: {
        documentUrl: {
          type: 'string',
          pattern: docTypeSuffixPattern(DOC_TYPE_BY_EVENT[eventType]),
          description: `eventType ${eventType}: documentUrl names the ${DOC_TYPE_BY_EVENT[eventType]} document.`,
        },
      },
    },
  }));
}

/** The payload's properties, in the order ITscope sends them. */
export function payloadProperties(base: JsonSchema = zodJsonSchema()): Record<PayloadField, JsonSchema> {
  const fromZod = (base.properties ?? {}) as Record<string, JsonSchema>;
  const names = Object.keys(fromZod);
  if (names.join() !== PAYLOAD_FIELDS.join() || (base.required as string[] | undefined)?.join() !== PAYLOAD_FIELDS.join()) {
    throw new Error(`the zod schema's fields (${names.join(', ')}) are not PAYLOAD_FIELDS; update src/schema/ with them`);
  }
  const properties = {} as Record<PayloadField, JsonSchema>;
  for (const field of PAYLOAD_FIELDS) properties[field] = fieldSchema(field, fromZod[field] ?? {});
  return properties;
}

/** JSON Schema 2020-12 of one webhook payload (a fresh object each call). */
export function payloadJsonSchema(): JsonSchema {
  const base = zodJsonSchema();
  return structuredClone({
    $schema: JSON_SCHEMA_DIALECT,
    title: PAYLOAD_TITLE,
    description: PAYLOAD_DESCRIPTION,
    type: base.type,
    required: base.required,
    properties: payloadProperties(base),
    // zod writes {} for a loose object; true says the same more plainly.
    additionalProperties: true,
    allOf: docTypeRules(),
    examples: [ITSCOPE_GUIDE_EXAMPLE],
  });
}
