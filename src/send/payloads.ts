/**
 * What `send` puts on the wire for generated samples: a deal plan (plain `send`, `--type`,
 * `--deals`), each payload due at its time; or load mode (`--count`), one deal's ids for
 * every webhook. Load mode must never wait for payloads: each type's JSON is built once as
 * a template, and a request only splices in a fresh eventId and the current timestamp
 * (same field order and bytes as JSON.stringify of the sample). Every id comes from
 * `dealFacts(transactionId)`, so `mock-api` serves documents that agree with the webhooks.
 */
import { randomUUID } from 'node:crypto';
import { type DealFacts, dealFacts, newTransactionId } from '../core/deal-facts.js';
import { type DealPlan, type DealStep, stepLabel } from '../core/deal-plan.js';
import type { EventType } from '../core/payload-rules.js';
import { buildSample, itscopeTimestamp, type SampleOverrides } from '../core/samples.js';
import { JSON_CONTENT_TYPE, type RawPayload } from './payload-file.js';

export interface OutgoingPayload {
  eventType: string | undefined;
  eventId: string | undefined;
  body: string | Buffer;
  contentType: string;
  /** From a deal plan: the deal (1-based) and its step ("DELIVERY 2/3"). */
  deal?: number;
  step?: string;
}

/** A finite list of payloads; `at(i)` may build the i-th on demand. */
export interface PayloadSource {
  total: number;
  at(index: number): OutgoingPayload;
  /** When payload i is due, in ms after sending starts (a deal plan with --interval); absent: at once. */
  dueMs?(index: number): number;
}

export interface SampleSourceOptions {
  types: readonly EventType[];
  overrides?: SampleOverrides | undefined;
  apiBase?: string | undefined;
  /** Load mode: this many payloads, cycling through the types. Default: one per type. */
  count?: number | undefined;
  /** The clock for timestamps (tests). */
  now?: () => Date;
}

interface Template {
  eventType: EventType;
  /** Everything after `"timestamp":"…",`, i.e. `"eventType":…}`. */
  tail: string;
}

/** The documentId of a deal's webhook of this type (a single DELIVERY carries the final dispatch id). */
function documentIdOf(facts: DealFacts, eventType: EventType): string {
  return eventType === 'DELIVERY' ? facts.documentIds.finalDispatch : facts.documentIds[eventType];
}

/** Load mode: `count` payloads of one deal (from `dealFacts`), cycling through the types. */
export function sampleSource(options: SampleSourceOptions): PayloadSource {
  const now = options.now ?? (() => new Date());
  const overrides = options.overrides ?? {};
  const facts = dealFacts(overrides.transactionId ?? newTransactionId(now()));
  const order = { orderId: facts.orderId, itscopeOrderId: facts.itscopeOrderId, transactionId: facts.transactionId };
  const templates: Template[] = options.types.map((eventType) => {
    const {
      eventId: _id,
      timestamp: _ts,
      ...rest
    } = buildSample(eventType, order, {
      apiBase: options.apiBase,
      overrides: { ...overrides, documentId: overrides.documentId ?? documentIdOf(facts, eventType) },
    });
    return { eventType, tail: JSON.stringify(rest).slice(1) };
  });
  if (templates.length === 0) throw new Error('sampleSource needs at least one type');
  return {
    total: options.count ?? templates.length,
    at(index) {
      const template = templates[index % templates.length] as Template;
      const eventId = randomUUID();
      const body = `{"eventId":"${eventId}","timestamp":"${itscopeTimestamp(now())}",${template.tail}`;
      return { eventType: template.eventType, eventId, body, contentType: JSON_CONTENT_TYPE };
    },
  };
}

/** A deal plan's payloads, each due at its `atMs`, tagged with its deal and step. */
export function dealSource(plan: DealPlan): PayloadSource {
  const steps = plan.steps;
  return {
    total: steps.length,
    at(index) {
      const step = steps[index] as DealStep;
      return {
        eventType: step.eventType,
        eventId: step.payload.eventId,
        body: JSON.stringify(step.payload),
        contentType: JSON_CONTENT_TYPE,
        deal: step.deal + 1,
        step: stepLabel(step),
      };
    },
    dueMs: (index) => (steps[index] as DealStep).atMs,
  };
}

/** Recorded payloads (a file or a capture), sent once each, byte for byte. */
export function rawSource(payloads: readonly RawPayload[]): PayloadSource {
  return {
    total: payloads.length,
    at(index) {
      const p = payloads[index] as RawPayload;
      return { eventType: p.eventType, eventId: p.eventId, body: p.body, contentType: p.contentType };
    },
  };
}
