/**
 * `itscope-hooks captures deals`: the captures grouped into deals (one transactionId
 * each) and judged by the lifecycle rules (core/lifecycle.ts, docs/lifecycle.md). The
 * store is streamed; only the tracker's small per-deal state is kept (no bodies), and the
 * deals are printed once the whole store is read, since a deal's events may be anywhere
 * in it. --since keeps the deals with an event received since then, judged on all their
 * events; --incomplete keeps those still missing a type.
 */
import type { CommandContext } from '../cli/context.js';
import { parseSince } from '../cli/values.js';
import { captureLifecycleEvent } from '../core/capture-lifecycle.js';
import { plural } from '../core/format.js';
import { createDealTracker, type DealVerdict, type LifecycleProblem } from '../core/lifecycle.js';
import { dealLine, problemLines } from '../ui/deal-lines.js';
import { storeDir, warnTorn } from './store.js';

/** Lines written at once. */
const BATCH = 256;

function problemJson(x: LifecycleProblem): Record<string, unknown> {
  return { code: x.code, message: x.message, hint: x.hint, eventIds: x.eventIds };
}

/** One --json line: {"transactionId","orderId","itscopeOrderId","events":[…],"complete","errors","warnings"}. */
export function dealJson(deal: DealVerdict): Record<string, unknown> {
  return {
    transactionId: deal.transactionId,
    orderId: deal.orderId ?? null,
    itscopeOrderId: deal.itscopeOrderId ?? null,
    events: deal.events.map((e) => ({
      eventType: e.eventType ?? null,
      transactionStatus: e.transactionStatus ?? null,
      eventId: e.eventId ?? null,
      documentId: e.documentId ?? null,
      receivedAt: e.receivedAt ?? null,
      valid: e.valid,
    })),
    complete: deal.complete,
    errors: deal.errors.map(problemJson),
    warnings: deal.warnings.map(problemJson),
  };
}

/** The newest receivedAt of a deal, in ms (-Infinity when none parses). */
function lastReceived(deal: DealVerdict): number {
  let last = Number.NEGATIVE_INFINITY;
  for (const e of deal.events) {
    const t = Date.parse(e.receivedAt ?? '');
    if (t > last) last = t;
  }
  return last;
}

export async function runDeals(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const { streamCaptures } = await import('../store/capture-reader.js');
  const since = typeof options.since === 'string' ? parseSince(options.since).getTime() : undefined;
  const incompleteOnly = options.incomplete === true;
  const dir = storeDir(options, ctx);
  const { out } = ctx;
  const tracker = createDealTracker();
  const shared = new Map<string, string>();
  const { torn, count } = await streamCaptures(dir, (c) => {
    tracker.add(captureLifecycleEvent(c, `capture #${c.seq}`, { shared }));
  });
  warnTorn(torn, dir, ctx);

  let lines: string[] = [];
  const flush = (): void => {
    if (lines.length) out.line(lines.join('\n'));
    lines = [];
  };
  let shown = 0;
  for (const deal of tracker.deals()) {
    if (incompleteOnly && deal.complete) continue;
    if (since !== undefined && lastReceived(deal) < since) continue;
    shown++;
    if (out.json) lines.push(JSON.stringify(dealJson(deal)));
    else lines.push(dealLine(deal, out.color), ...problemLines(deal, out.color));
    if (lines.length >= BATCH) flush();
  }
  flush();
  if (!out.json) {
    const stats = tracker.stats();
    const k = out.errColor;
    const filtered = shown !== stats.deals ? `${shown} of ` : '';
    const parts = [`${stats.complete} complete`, `${stats.deals - stats.complete} incomplete`, `${stats.withErrors} with errors`];
    const ungrouped = stats.ungrouped > 0 ? `; ${plural(stats.ungrouped, 'capture')} without transactionId` : '';
    out.info(k.dim(`${filtered}${plural(stats.deals, 'deal')} (${parts.join(', ')}) from ${plural(count, 'capture')} in ${dir}${ungrouped}`));
  }
}
