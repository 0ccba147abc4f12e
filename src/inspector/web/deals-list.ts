/** The deals tab: every transactionId in the store, the four lifecycle steps at a glance. */
import { useEffect, useState } from 'preact/hooks';
import type { DealSummary } from '../wire.js';
import { ApiError, getJson } from './api.js';
import { shortTime, visible } from './format.js';
import { html } from './html.js';
import { EVENT_TYPES } from './state.js';

/** One letter per lifecycle step: Order, Response, Delivery, Invoice. */
const STEP_LETTER: Record<string, string> = { ORDER: 'O', ORDERRESPONSE: 'R', DELIVERY: 'D', INVOICE: 'I' };

interface DealPage {
  items: DealSummary[];
  total: number;
  next: string | null;
}

export interface DealsListProps {
  q: string | undefined;
  incomplete: boolean;
  openDeal: string | undefined;
  version: number;
  setIncomplete(value: boolean): void;
  open(transactionId: string): void;
}

export function DealsList(props: DealsListProps) {
  const [page, setPage] = useState<DealPage | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const p = new URLSearchParams({ limit: '200' });
    if (props.q) p.set('q', props.q);
    if (props.incomplete) p.set('incomplete', 'true');
    getJson<DealPage>(`/api/deals?${p}`)
      .then((d) => {
        if (!live) return;
        setPage(d);
        setError(undefined);
      })
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [props.q, props.incomplete, props.version]);

  return html`<div class="list-wrap">
    <p class="count">
      ${error ? html`<span class="bad">${error}</span>` : page ? `${page.total.toLocaleString()} deal${page.total === 1 ? '' : 's'}${page.next ? ' (the 200 most recent shown)' : ''}` : ''}
      <label class="check"><input type="checkbox" checked=${props.incomplete} onChange=${(e: Event) => props.setIncomplete((e.target as HTMLInputElement).checked)} /> Incomplete only</label>
    </p>
    <table class="events deals" aria-label="Deals, most recently active first">
      <thead><tr><th scope="col">Last</th><th scope="col">transactionId</th><th scope="col">Order</th><th scope="col">Steps</th><th scope="col">Events</th></tr></thead>
      <tbody>
        ${(page?.items ?? []).map(
          (
            d,
          ) => html`<tr key=${d.transactionId} class=${d.transactionId === props.openDeal ? 'open' : ''} aria-selected=${d.transactionId === props.openDeal} onClick=${() => props.open(d.transactionId)}>
            <td class="time" title=${d.lastReceivedAt}>${shortTime(d.lastReceivedAt)}</td>
            <td class="id" title=${d.transactionId}>${visible(d.transactionId)}</td>
            <td class="id">${visible(d.orderId ?? '')}</td>
            <td class="steps" aria-label=${d.complete ? 'complete' : `missing ${d.missing.join(', ')}`}>
              ${EVENT_TYPES.map((t) => html`<span class=${d.typesSeen.includes(t) ? 'step-on' : 'step-off'} title=${t}>${STEP_LETTER[t]}</span>`)}
            </td>
            <td class="num">${d.events}${d.invalid ? html` <span class="bad">(${d.invalid} ✗)</span>` : ''}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${page && page.items.length === 0 ? html`<p class="empty">No deals${props.incomplete ? ' incomplete' : ''}${props.q ? ' match the search' : ''}.</p>` : ''}
  </div>`;
}
