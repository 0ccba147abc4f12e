/**
 * Deals for the inspector: the list of deals (grouped from the index, no body read) and
 * one deal's timeline with the lifecycle verdict of core/lifecycle.ts, built from its
 * captures' bodies (the tracker needs each payload's timestamp and itscopeOrderId, which
 * a capture record does not keep). Rules and messages: docs/lifecycle.md.
 */
import { captureBody } from '../core/capture.js';
import { createDealTracker, type DealVerdict } from '../core/lifecycle.js';
import { digestBytes, digestPayload, lifecycleEventFrom } from '../core/lifecycle-input.js';
import { EVENT_TYPES, isEventType } from '../core/payload-rules.js';
import type { CaptureIndex, IndexEntry } from './capture-index.js';
import { readCapture } from './read-capture.js';
import type { DealSummary, TimelineEvent } from './wire.js';

/** Events of one deal read for its timeline; a load test's giant deal shows its first ones. */
export const MAX_DEAL_EVENTS = 1000;

/** Every deal in the store, most recently active first. */
export function listDeals(index: CaptureIndex, filter: { incomplete?: boolean; q?: string }): DealSummary[] {
  const deals = new Map<string, { orderId: string | undefined; events: number; valid: Set<string>; invalid: number; last: IndexEntry }>();
  for (let id = 1; id <= index.size; id++) {
    const e = index.get(id)!;
    if (e.transactionId === undefined || e.file < 0) continue;
    let deal = deals.get(e.transactionId);
    if (!deal) {
      deal = { orderId: e.orderId, events: 0, valid: new Set(), invalid: 0, last: e };
      deals.set(e.transactionId, deal);
    }
    deal.events++;
    deal.last = e;
    if (e.valid && e.eventType !== undefined) deal.valid.add(e.eventType);
    if (!e.valid) deal.invalid++;
  }
  const q = filter.q?.toLowerCase();
  const out: DealSummary[] = [];
  for (const [transactionId, d] of deals) {
    const typesSeen = EVENT_TYPES.filter((t) => d.valid.has(t));
    const missing = EVENT_TYPES.filter((t) => !d.valid.has(t));
    if (filter.incomplete && missing.length === 0) continue;
    if (q && !transactionId.toLowerCase().includes(q) && !(d.orderId ?? '').toLowerCase().includes(q)) continue;
    out.push({
      transactionId,
      orderId: d.orderId ?? null,
      events: d.events,
      typesSeen,
      missing,
      complete: missing.length === 0,
      invalid: d.invalid,
      lastId: d.last.id,
      lastReceivedAt: d.last.receivedAt,
    });
  }
  return out.sort((a, b) => b.lastId - a.lastId);
}

export interface DealView extends DealVerdict {
  /** One step per event type in lifecycle order; an empty step is a missing one. */
  steps: Array<{ eventType: string; events: TimelineEvent[] }>;
  /** Events of the deal whose eventType is not one of the four. */
  other: TimelineEvent[];
  /** Events not read because the deal is larger than MAX_DEAL_EVENTS. */
  notShown: number;
}

function parsed(bytes: Buffer): { payload: unknown; digest: string } {
  try {
    const payload: unknown = JSON.parse(bytes.toString('utf8'));
    return { payload, digest: digestPayload(payload) };
  } catch {
    return { payload: undefined, digest: digestBytes(bytes) };
  }
}

export async function dealView(index: CaptureIndex, transactionId: string): Promise<DealView | undefined> {
  const all = index.byTransaction(transactionId).filter((e) => e.file >= 0);
  if (all.length === 0) return undefined;
  const entries = all.slice(0, MAX_DEAL_EVENTS);
  const tracker = createDealTracker();
  const timeline: TimelineEvent[] = [];
  for (const entry of entries) {
    const record = await readCapture(index, entry);
    if (!record) continue;
    const { payload, digest } = parsed(captureBody(record));
    const event = lifecycleEventFrom(payload, { valid: entry.valid, bodyDigest: digest, where: `capture ${entry.id}`, receivedAt: entry.receivedAt });
    tracker.add(event);
    timeline.push({
      id: entry.id,
      eventId: entry.eventId ?? null,
      eventType: entry.eventType ?? null,
      transactionStatus: entry.transactionStatus ?? null,
      documentId: entry.documentId ?? null,
      timestamp: event.timestamp ?? null,
      receivedAt: entry.receivedAt,
      valid: entry.valid,
      duplicate: entry.duplicate,
    });
  }
  const verdict = tracker.deal(transactionId);
  if (!verdict) return undefined;
  return {
    ...verdict,
    steps: EVENT_TYPES.map((eventType) => ({ eventType, events: timeline.filter((e) => e.eventType === eventType) })),
    other: timeline.filter((e) => e.eventType === null || !isEventType(e.eventType)),
    notShown: all.length - entries.length,
  };
}
