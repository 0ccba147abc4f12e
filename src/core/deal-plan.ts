/**
 * The schedule for `send --deals N --deliveries K --interval D`: per deal ORDER,
 * ORDERRESPONSE, K × DELIVERY, INVOICE, sharing the deal's ids, with distinct eventIds
 * and documentIds, a plausible transactionStatus per step and non-decreasing timestamps.
 * Deal i starts i·D/N after deal 0 and steps D apart, so several deals interleave
 * round-robin, as real ones do; with D = 0 the order is the same (all ORDERs, then all
 * ORDERRESPONSEs, …). Everything but the transactionId and the eventIds comes from
 * `dealFacts(transactionId)` (docs/lifecycle.md, "send --deals").
 */
import { randomUUID } from 'node:crypto';
import { type DealFacts, dealFacts, MAX_DELIVERIES, newTransactionId } from './deal-facts.js';
import { deliveryDocumentId } from './deal-shipments.js';
import { UserError } from './errors.js';
import { EVENT_TYPES, type EventType, type WebhookPayload } from './payload-rules.js';
import { documentUrlFor, itscopeTimestamp, type Random, SAMPLE_STATUS, type SampleOverrides, uuidFrom } from './samples.js';

/** Upper bound of `--deals`: the plan is built in memory, (3 + K) payloads per deal. */
export const MAX_DEALS = 1000;

export interface DealPlanOptions {
  deals: number;
  /** DELIVERY events per deal (partial shipments), 1…MAX_DELIVERIES. */
  deliveries: number;
  /** Between two steps of one deal; 0 sends everything at once. */
  intervalMs: number;
  /** Only these steps of each deal (`--type`); default all four types. */
  types?: readonly EventType[] | undefined;
  /** orderId, itscopeOrderId, transactionId and documentId name one deal (or one document); transactionStatus applies to every payload. */
  overrides?: SampleOverrides | undefined;
  /** Seeded generator for transactionIds and eventIds (tests); else random UUIDs. */
  random?: Random | undefined;
  now: () => Date;
  apiBase?: string | undefined;
}

export interface DealStep {
  /** Milliseconds after the start of the run at which to send this payload. */
  atMs: number;
  /** 0-based deal index. */
  deal: number;
  /** 0-based index among the deal's planned steps. */
  step: number;
  eventType: EventType;
  /** DELIVERY only: shipment k of K (1-based). */
  shipment?: { index: number; of: number };
  payload: WebhookPayload;
}

export interface PlannedDeal {
  index: number;
  transactionId: string;
  orderId: string;
  itscopeOrderId: string;
  /** Number of payloads planned for this deal. */
  steps: number;
}

export interface DealPlan {
  /** Ordered by send time; ties by step, then by deal (round-robin). */
  steps: DealStep[];
  deals: PlannedDeal[];
  /** When the last payload is due. */
  durationMs: number;
}

const FLAG_BY_OVERRIDE: ReadonlyArray<[keyof SampleOverrides, string]> = [
  ['orderId', '--order-id'],
  ['itscopeOrderId', '--itscope-order-id'],
  ['transactionId', '--transaction-id'],
  ['documentId', '--document-id'],
];

function whole(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserError(`${name} must be a whole number from ${min} to ${max}, got ${value}`, `e.g. ${name} ${min === 0 ? 1 : min + 1}`);
  }
}

/** The lifecycle of one deal with K shipments: ORDER, ORDERRESPONSE, DELIVERY × K, INVOICE. */
export function dealLifecycle(deliveries: number): Array<{ eventType: EventType; shipment?: { index: number; of: number } }> {
  const steps: Array<{ eventType: EventType; shipment?: { index: number; of: number } }> = [{ eventType: 'ORDER' }, { eventType: 'ORDERRESPONSE' }];
  for (let k = 1; k <= deliveries; k++) steps.push({ eventType: 'DELIVERY', shipment: { index: k, of: deliveries } });
  steps.push({ eventType: 'INVOICE' });
  return steps;
}

/** "DELIVERY 2/3" for a partial shipment, else the event type. */
export function stepLabel(step: Pick<DealStep, 'eventType' | 'shipment'>): string {
  return step.shipment && step.shipment.of > 1 ? `${step.eventType} ${step.shipment.index}/${step.shipment.of}` : step.eventType;
}

function checkOptions(options: DealPlanOptions, types: readonly EventType[]): void {
  whole(options.deals, '--deals', 1, MAX_DEALS);
  whole(options.deliveries, '--deliveries', 1, MAX_DELIVERIES);
  if (!Number.isFinite(options.intervalMs) || options.intervalMs < 0) {
    throw new UserError(`--interval must be a duration of 0 or more, got ${options.intervalMs} ms`, 'e.g. --interval 500ms or --interval 2s');
  }
  if (types.length === 0) throw new UserError('--type selects no event type', `use one or more of ${EVENT_TYPES.join(', ')}, or all`);
  const overrides = options.overrides ?? {};
  for (const [key, flag] of FLAG_BY_OVERRIDE) {
    if (overrides[key] === undefined) continue;
    if (options.deals > 1) {
      throw new UserError(
        `${flag} names one deal; with --deals ${options.deals} every deal gets its own`,
        `drop ${flag}, or send one deal (--deals 1) with it`,
      );
    }
  }
  if (overrides.documentId !== undefined) {
    const payloads = dealLifecycle(options.deliveries).filter((s) => types.includes(s.eventType)).length;
    if (payloads > 1) {
      throw new UserError(
        `--document-id names one document; this deal has ${payloads} webhooks, each with its own document`,
        'select one type with --type (and --deliveries 1), or drop --document-id',
      );
    }
  }
}

function documentIdFor(facts: DealFacts, eventType: EventType, shipment: { index: number; of: number } | undefined): string {
  if (eventType === 'DELIVERY') return deliveryDocumentId(facts, shipment?.index ?? 1, shipment?.of ?? 1);
  return facts.documentIds[eventType];
}

/** The whole schedule. Throws a UserError for values a user gave wrong. */
export function planDeals(options: DealPlanOptions): DealPlan {
  const types = [...new Set(options.types ?? EVENT_TYPES)];
  checkOptions(options, types);
  const overrides = options.overrides ?? {};
  const { random, intervalMs } = options;
  const startMs = options.now().getTime();
  const lifecycle = dealLifecycle(options.deliveries).filter((s) => types.includes(s.eventType));
  const steps: DealStep[] = [];
  const deals: PlannedDeal[] = [];
  for (let deal = 0; deal < options.deals; deal++) {
    const offset = Math.floor((deal * intervalMs) / options.deals);
    const transactionId = overrides.transactionId ?? newTransactionId(new Date(startMs + offset), random);
    const facts = dealFacts(transactionId);
    const orderId = overrides.orderId ?? facts.orderId;
    const itscopeOrderId = overrides.itscopeOrderId ?? facts.itscopeOrderId;
    deals.push({ index: deal, transactionId, orderId, itscopeOrderId, steps: lifecycle.length });
    lifecycle.forEach(({ eventType, shipment }, step) => {
      const atMs = offset + step * intervalMs;
      const payload: WebhookPayload = {
        eventId: random ? uuidFrom(random) : randomUUID(),
        timestamp: itscopeTimestamp(new Date(startMs + atMs)),
        eventType,
        transactionStatus: overrides.transactionStatus ?? SAMPLE_STATUS[eventType],
        orderId,
        itscopeOrderId,
        documentId: overrides.documentId ?? documentIdFor(facts, eventType, shipment),
        documentUrl: documentUrlFor(transactionId, eventType, options.apiBase),
        transactionId,
      };
      steps.push(shipment ? { atMs, deal, step, eventType, shipment, payload } : { atMs, deal, step, eventType, payload });
    });
  }
  steps.sort((a, b) => a.atMs - b.atMs || a.step - b.step || a.deal - b.deal);
  return { steps, deals, durationMs: steps.length === 0 ? 0 : (steps[steps.length - 1] as DealStep).atMs };
}
