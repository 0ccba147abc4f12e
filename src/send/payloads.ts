/**
 * What `send` puts on the wire for generated samples. One order, the selected
 * types in ITscope's order. Load mode must never wait for payloads: each type's JSON is
 * built once as a template, and a request only splices in a fresh eventId and the
 * current timestamp (same field order and bytes as JSON.stringify of the sample).
 */
import { randomUUID } from 'node:crypto';
import type { EventType } from '../core/payload-rules.js';
import { buildSample, itscopeTimestamp, type SampleOverrides, sampleOrder } from '../core/samples.js';
import { JSON_CONTENT_TYPE, type RawPayload } from './payload-file.js';

export interface OutgoingPayload {
  eventType: string | undefined;
  eventId: string | undefined;
  body: string | Buffer;
  contentType: string;
}

/** A finite list of payloads; `at(i)` may build the i-th on demand. */
export interface PayloadSource {
  total: number;
  at(index: number): OutgoingPayload;
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

export function sampleSource(options: SampleSourceOptions): PayloadSource {
  const now = options.now ?? (() => new Date());
  const order = sampleOrder(undefined, now());
  const templates: Template[] = options.types.map((eventType) => {
    const { eventId: _id, timestamp: _ts, ...rest } = buildSample(eventType, order, { apiBase: options.apiBase, overrides: options.overrides });
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
