/** The event list: filters and search (kept in the address bar), and the rows, newest first. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Row } from './api.js';
import { shortTime } from './format.js';
import { html } from './html.js';
import { EVENT_TYPES, type ViewState } from './state.js';

export interface FiltersProps {
  state: ViewState;
  /** Applies a change; `typing` replaces the history entry instead of adding one. */
  change(patch: Partial<ViewState>, typing?: boolean): void;
  searchRef: { current: HTMLInputElement | null };
}

export function Filters({ state, change, searchRef }: FiltersProps) {
  const events = state.tab === 'events';
  const [text, setText] = useState(state.q ?? '');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => setText(state.q ?? ''), [state.q]);
  const onInput = (e: Event) => {
    const value = (e.target as HTMLInputElement).value;
    setText(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => change({ q: value.trim() || undefined, id: undefined }, true), 250);
  };
  return html`<form class="filters" role="search" onSubmit=${(e: Event) => e.preventDefault()}>
    <label class="search">
      <span class="sr-only">Search eventId, orderId, documentId or transactionId</span>
      <input
        ref=${searchRef}
        type="search"
        placeholder=${events ? 'Search eventId, orderId, documentId, transactionId  ( / )' : 'Search transactionId or orderId  ( / )'}
        value=${text}
        onInput=${onInput}
        aria-keyshortcuts="/"
      />
    </label>
    ${
      events
        ? html`<label>
      <span class="sr-only">Event type</span>
      <select aria-label="Event type" value=${state.type ?? ''} onChange=${(e: Event) => change({ type: (e.target as HTMLSelectElement).value || undefined, id: undefined })}>
        <option value="">All types</option>
        ${EVENT_TYPES.map((t) => html`<option value=${t}>${t}</option>`)}
        <option value="OTHER">Other</option>
      </select>
    </label>
    <label>
      <span class="sr-only">Validity</span>
      <select aria-label="Validity" value=${state.valid ?? ''} onChange=${(e: Event) => change({ valid: ((e.target as HTMLSelectElement).value || undefined) as ViewState['valid'], id: undefined })}>
        <option value="">Valid and invalid</option>
        <option value="valid">Valid only</option>
        <option value="invalid">Invalid only</option>
      </select>
    </label>
    <label class="check">
      <input type="checkbox" checked=${state.duplicate ?? false} onChange=${(e: Event) => change({ duplicate: (e.target as HTMLInputElement).checked || undefined, id: undefined })} />
      Duplicates only
    </label>`
        : ''
    }
  </form>`;
}

export interface ListProps {
  rows: Row[];
  total: number | undefined;
  hasMore: boolean;
  loading: boolean;
  error: string | undefined;
  cursor: number;
  openId: number | undefined;
  open(row: Row): void;
  loadMore(): void;
  filtered: boolean;
}

function StatusCell({ row }: { row: Row }) {
  const cls = row.status >= 200 && row.status < 300 ? 'ok' : 'bad';
  return html`<td class=${`num ${cls}`}>${row.status}${row.forward ? html`<span class=${`fwd ${row.forward.ok ? 'ok' : 'bad'}`} title="answer of the --forward-to app">→${row.forward.status ?? '✗'}</span>` : ''}</td>`;
}

export function CaptureList(props: ListProps) {
  const { rows, cursor } = props;
  const sentinel = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  // Older pages load as the end of the list scrolls into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !props.hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) props.loadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [props.hasMore, props.loadMore]);
  useEffect(() => {
    body.current?.children[cursor]?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const count =
    props.total === undefined
      ? ''
      : props.filtered
        ? `${props.total.toLocaleString()} matching`
        : `${props.total.toLocaleString()} event${props.total === 1 ? '' : 's'}`;
  return html`<div class="list-wrap">
    <p class="count" aria-live="polite">${props.error ? html`<span class="bad">${props.error}</span>` : count}</p>
    <table class="events captures" aria-label="Webhooks, newest first">
      <thead>
        <tr>
          <th scope="col">Time</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Order</th>
          <th scope="col">Document</th><th scope="col" title="valid against ITscope's schema">Valid</th>
          <th scope="col" title="the eventId arrived before">Dup</th><th scope="col" title="the HTTP status we answered">Answer</th>
        </tr>
      </thead>
      <tbody ref=${body}>
        ${rows.map(
          (row, i) => html`<tr
            key=${row.id}
            data-id=${row.id}
            class=${[i === cursor ? 'cursor' : '', row.id === props.openId ? 'open' : '', row.valid ? '' : 'invalid'].join(' ')}
            aria-selected=${row.id === props.openId}
            onClick=${() => props.open(row)}
          >
            <td class="time" title=${row.receivedAt}>${shortTime(row.receivedAt)}</td>
            <td class="type">${row.eventType ?? '—'}</td>
            <td>${row.transactionStatus ?? ''}</td>
            <td class="id">${row.orderId ?? ''}</td>
            <td class="id">${row.documentId ?? ''}</td>
            <td class=${row.valid ? 'ok' : 'bad'} title=${row.valid ? (row.warnings ? `${row.warnings} warning(s)` : 'valid') : (row.firstError ?? 'invalid')}>
              ${row.valid ? '✓' : '✗'}<span class="sr-only">${row.valid ? ' valid' : ' invalid'}</span>
            </td>
            <td>${row.duplicate ? html`<span class="dup" title="this eventId arrived before">dup</span>` : ''}</td>
            <${StatusCell} row=${row} />
          </tr>`,
        )}
      </tbody>
    </table>
    ${
      rows.length === 0 && !props.loading && !props.error
        ? html`<p class="empty">${props.filtered ? 'No webhook matches these filters.' : 'No webhooks yet. Send one: itscope-hooks send --url <the listen URL>'}</p>`
        : ''
    }
    ${props.hasMore ? html`<div ref=${sentinel} class="more"><button type="button" onClick=${props.loadMore}>Load older webhooks</button></div>` : ''}
  </div>`;
}
