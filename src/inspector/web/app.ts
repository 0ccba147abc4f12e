/**
 * The inspector page: header, tabs (events, deals), the list on the left and the open
 * webhook or deal on the right (over the list in a narrow window). The view lives in the
 * address bar; the event stream keeps the list live; the keyboard moves through it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getJson, type Info, type Row } from './api.js';
import { DealView } from './deal-view.js';
import { DealsList } from './deals-list.js';
import { CaptureDetail } from './detail.js';
import { visible } from './format.js';
import { html } from './html.js';
import { CaptureList, Filters } from './list.js';
import { filterParams, readState, type ViewState, writeState } from './state.js';
import { useCaptures } from './use-captures.js';
import { useKeyboard } from './use-keyboard.js';
import { useLive, useThrottled } from './use-live.js';

export function App() {
  const [state, setState] = useState<ViewState>(() => readState(location.search));
  const [info, setInfo] = useState<Info | undefined>(undefined);
  // The highlighted row, by capture id: rows that arrive above it do not move it.
  const [cursorId, setCursorId] = useState<number | undefined>(undefined);
  const searchRef = useRef<HTMLInputElement>(null);
  const live = useLive();
  // Deal views read captures from disk: refreshed at most every 2 s during a load test.
  const slowNewest = useThrottled(live.newest, 2000);

  useEffect(() => {
    getJson<Info>('/api/info')
      .then(setInfo)
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    const onPop = () => setState(readState(location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  /** Applies a change to the view; `replace` for typing, so Back skips keystrokes. */
  const change = useCallback((patch: Partial<ViewState>, replace = false) => {
    setState((old) => {
      const next = { ...old, ...patch };
      const search = writeState(next);
      if (search !== location.search) history[replace ? 'replaceState' : 'pushState'](null, '', `/${search}`);
      return next;
    });
  }, []);

  const filter = useMemo(() => filterParams(state).toString(), [state.type, state.valid, state.duplicate, state.q]);
  const captures = useCaptures(filter, live.newest);
  const cursor = Math.max(
    0,
    captures.rows.findIndex((r) => r.id === cursorId),
  );

  const openRow = (row: Row) => {
    setCursorId(row.id);
    change({ id: row.id, deal: undefined });
  };
  useKeyboard({
    searchRef,
    move(step) {
      const rows = captures.rows;
      if (state.tab !== 'events' || rows.length === 0) return;
      const next = Math.max(0, Math.min(rows.length - 1, cursor + step));
      setCursorId(rows[next]?.id);
      if (next >= rows.length - 5 && captures.hasMore) captures.loadMore();
    },
    open() {
      const row = captures.rows[cursor];
      if (state.tab === 'events' && row) openRow(row);
    },
    close() {
      if (state.deal) change({ deal: undefined });
      else if (state.id !== undefined) change({ id: undefined });
    },
  });

  const filtered = Boolean(state.type || state.valid || state.duplicate || state.q);
  const panelOpen = state.id !== undefined || state.deal !== undefined;
  const tab = (name: ViewState['tab'], text: string) =>
    html`<button type="button" role="tab" aria-selected=${state.tab === name} class=${state.tab === name ? 'on' : ''} onClick=${() => change({ tab: name })}>${text}</button>`;

  return html`<div class=${`app${panelOpen ? ' panel-open' : ''}`}>
    <header class="top">
      <h1>itscope-hooks <span class="muted">inspector</span></h1>
      <p class="where">
        ${info ? (info.mode === 'listen' ? html`listening on <code>${visible(info.webhookUrl ?? '')}</code>` : html`store <code>${visible(info.captures)}</code>`) : ''}
        ${info?.forwardTo ? html` → <code>${visible(info.forwardTo)}</code>` : ''}
      </p>
      <p class=${`live ${live.connected ? 'on' : 'off'}`} role="status" title=${live.connected ? 'new webhooks appear as they arrive' : 'reconnecting to itscope-hooks…'}>
        <span class="dot" aria-hidden="true"></span>${live.connected ? 'live' : 'offline'}
      </p>
    </header>
    <nav class="tabs main-tabs" role="tablist" aria-label="View">${tab('events', 'Events')} ${tab('deals', 'Deals')}</nav>
    <${Filters} state=${state} change=${change} searchRef=${searchRef} />
    <main class="split">
      <section class="list" aria-label=${state.tab === 'events' ? 'Events' : 'Deals'}>
        ${
          state.tab === 'events'
            ? html`<${CaptureList}
                ...${captures}
                cursor=${cursor}
                openId=${state.id}
                open=${openRow}
                filtered=${filtered}
              />`
            : html`<${DealsList}
                q=${state.q}
                incomplete=${state.incomplete ?? false}
                openDeal=${state.deal}
                version=${slowNewest}
                setIncomplete=${(v: boolean) => change({ incomplete: v || undefined })}
                open=${(tid: string) => change({ deal: tid, id: undefined })}
              />`
        }
      </section>
      <section class="panel" aria-label="Details">
        ${
          state.deal
            ? html`<${DealView}
                transactionId=${state.deal}
                version=${slowNewest}
                open=${(id: number) => change({ id, deal: undefined, tab: 'events' })}
                close=${() => change({ deal: undefined })}
              />`
            : state.id !== undefined
              ? html`<${CaptureDetail}
                  id=${state.id}
                  info=${info}
                  versionOf=${live.versionOf}
                  openDeal=${(tid: string) => change({ deal: tid, id: undefined })}
                  openCapture=${(id: number) => change({ id })}
                  close=${() => change({ id: undefined })}
                />`
              : html`<div class="placeholder">
                  <p>Select a webhook to see its headers, body, problems and document.</p>
                  <p class="keys"><kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> move · <kbd>Enter</kbd> opens · <kbd>/</kbd> searches · <kbd>Esc</kbd> closes</p>
                </div>`
        }
      </section>
    </main>
  </div>`;
}
