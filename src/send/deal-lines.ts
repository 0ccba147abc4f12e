/**
 * The lines `send --deals` adds for a person: which deals it plays (so they can be found
 * again with `captures deals` or `fetch-doc --transaction-id`) and, in a dry run, which
 * deal and step each payload is and when it would be sent. Pure: returns strings.
 */
import { formatDuration } from '../cli/values.js';
import type { DealPlan } from '../core/deal-plan.js';
import { printable as p } from '../core/printable.js';
import { DEFAULT_WIDTH, displayWidth, truncate } from '../ui/fit.js';
import type { OutgoingPayload } from './payloads.js';

/** Deals listed before sending; the rest are counted (--json or --dry-run --json has them all). */
const LISTED_DEALS = 10;

/**
 * One line per deal, at most `width` columns: its number, orderId and the whole
 * transactionId (to find it again), then the ITscope order id when it fits.
 */
export function dealHeaderLines(plan: DealPlan, width = DEFAULT_WIDTH): string[] {
  const lines = plan.deals.slice(0, LISTED_DEALS).map((d) => {
    const line = `  deal ${d.index + 1}  order ${p(d.orderId)}  transaction ${p(d.transactionId)}`;
    const more = `  ITscope order ${p(d.itscopeOrderId)}`;
    return displayWidth(line + more) <= width ? line + more : truncate(line, width);
  });
  if (plan.deals.length > LISTED_DEALS) lines.push(`  … and ${plan.deals.length - LISTED_DEALS} more deals (send --dry-run --json lists every payload)`);
  return lines;
}

/** "# deal 1 of 2 · DELIVERY 2/3 · +1.5s" above a payload of a dry run. */
export function dryRunLabel(payload: OutgoingPayload, dueMs: number | undefined, deals: number): string {
  const parts = [`# deal ${payload.deal ?? 1} of ${deals}`, payload.step ?? payload.eventType ?? '?', `+${formatDuration(dueMs ?? 0)}`];
  return parts.join(' · ');
}
