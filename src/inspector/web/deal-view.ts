/**
 * One deal (transactionId) as a timeline ORDER → ORDERRESPONSE → DELIVERY → INVOICE: the
 * events of each step, a missing step drawn empty, and the lifecycle problems with their
 * fix hints (rules: docs/lifecycle.md).
 */
import { useEffect, useState } from 'preact/hooks';
import type { TimelineEvent } from '../wire.js';
import { ApiError, getJson } from './api.js';
import { shortTime, visible } from './format.js';
import { html } from './html.js';

interface LifecycleProblem {
  code: string;
  message: string;
  hint: string;
}

interface Deal {
  transactionId: string;
  orderId?: string;
  itscopeOrderId?: string;
  complete: boolean;
  missing: string[];
  errors: LifecycleProblem[];
  warnings: LifecycleProblem[];
  retries: number;
  steps: Array<{ eventType: string; events: TimelineEvent[] }>;
  other: TimelineEvent[];
  notShown: number;
}

function Event({ event, open }: { event: TimelineEvent; open(id: number): void }) {
  return html`<li class=${`ev ${event.valid ? '' : 'invalid'}`}>
    <a href=${`?id=${event.id}`} onClick=${(e: MouseEvent) => {
      e.preventDefault();
      open(event.id);
    }}>
      <span class=${event.valid ? 'ok' : 'bad'}>${event.valid ? '✓' : '✗'}</span>
      ${' '}${visible(event.transactionStatus ?? '—')}
    </a>
    <span class="muted">${event.timestamp ? `timestamp ${visible(event.timestamp)} · ` : ''}received ${shortTime(event.receivedAt)}</span>
    ${event.documentId ? html`<span class="muted">doc ${visible(event.documentId)}</span>` : ''}
    ${event.duplicate ? html`<span class="dup">dup</span>` : ''}
  </li>`;
}

export function DealView({ transactionId, version, open, close }: { transactionId: string; version: number; open(id: number): void; close(): void }) {
  const [deal, setDeal] = useState<Deal | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    getJson<Deal>(`/api/deals/${encodeURIComponent(transactionId)}`)
      .then((d) => {
        if (!live) return;
        setDeal(d);
        setError(undefined);
      })
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [transactionId, version]);

  if (error)
    return html`<section class="detail"><button type="button" class="back" onClick=${close} aria-label="Close the deal">←</button><p class="bad">${error}</p></section>`;
  if (!deal || deal.transactionId !== transactionId) return html`<section class="detail" aria-busy="true"><p class="muted">Loading…</p></section>`;
  const problems = [...deal.errors.map((p) => ({ ...p, kind: 'error' })), ...deal.warnings.map((p) => ({ ...p, kind: 'warning' }))];
  return html`<article class="detail deal" aria-label=${`Deal ${transactionId}`}>
    <header class="detail-head">
      <button type="button" class="back" onClick=${close} aria-label="Close the deal (Escape)">←</button>
      <h2>Deal <span class="id">${visible(transactionId)}</span></h2>
      <span class=${`verdict ${deal.complete ? 'ok' : 'warn'}`}>${deal.complete ? '✓ complete' : `incomplete: no valid ${deal.missing.join(', ')} yet`}</span>
    </header>
    <dl class="facts">
      <div><dt>orderId</dt><dd>${visible(deal.orderId ?? '—')}</dd></div>
      <div><dt>itscopeOrderId</dt><dd>${visible(deal.itscopeOrderId ?? '—')}</dd></div>
      ${deal.retries ? html`<div><dt>retries</dt><dd>${deal.retries} (same eventId, same body)</dd></div>` : ''}
    </dl>
    <ol class="timeline" aria-label="Lifecycle">
      ${deal.steps.map(
        (step) => html`<li class=${`step ${step.events.length ? (step.events.some((e) => e.valid) ? 'done' : 'invalid') : 'missing'}`}>
          <h3>${step.eventType}</h3>
          ${
            step.events.length
              ? html`<ul>${step.events.map((e) => html`<${Event} event=${e} open=${open} />`)}</ul>`
              : html`<p class="muted">missing: no ${step.eventType} webhook yet</p>`
          }
        </li>`,
      )}
    </ol>
    ${deal.other.length ? html`<h3>Other events</h3><ul class="other">${deal.other.map((e) => html`<${Event} event=${e} open=${open} />`)}</ul>` : ''}
    ${deal.notShown ? html`<p class="muted">${deal.notShown.toLocaleString()} more events of this deal are not shown.</p>` : ''}
    ${
      problems.length
        ? html`<h3>Lifecycle problems</h3>
          <ul class="problems">${problems.map(
            (p) =>
              html`<li class=${p.kind === 'error' ? 'bad' : 'warn'}><span class="path">${p.code}</span> ${visible(p.message)} <span class="hint">fix: ${visible(p.hint)}</span></li>`,
          )}</ul>`
        : ''
    }
  </article>`;
}
