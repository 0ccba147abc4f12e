/**
 * One capture: what arrived (request line, headers with credentials redacted, body with
 * its problems and fix hints), what we answered, what the --forward-to app answered, the
 * deal it belongs to, replay, and its openTRANS document.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Detail, getJson, type Info } from './api.js';
import { BodyView } from './body-view.js';
import { DocumentPanel } from './document-panel.js';
import { plural, visible } from './format.js';
import { html } from './html.js';
import { ReplayPanel } from './replay-panel.js';

export interface DetailProps {
  id: number;
  info: Info | undefined;
  /** Changes when the stream says something about a capture changed (a forward, a document). */
  versionOf(key: string): number;
  openDeal(transactionId: string): void;
  openCapture(id: number): void;
  close(): void;
}

function Headers({ headers }: { headers: Detail['request']['headers'] }) {
  return html`<table class="kv headers" aria-label="Request headers">
    <tbody>
      ${Object.entries(headers).map(
        ([name, value]) => html`<tr><th scope="row">${visible(name)}</th><td>${visible(Array.isArray(value) ? value.join(', ') : value)}</td></tr>`,
      )}
    </tbody>
  </table>`;
}

function Forward({ detail }: { detail: Detail }) {
  const f = detail.forward;
  if (!f) return '';
  const short = f.snippet !== undefined && f.snippet.length <= 80 && !f.snippet.includes('\n');
  return html`<section class="forward" aria-label="Forward to your app">
    <p>
      <span class="muted">Your app${' '}</span>
      <span class=${f.ok ? 'ok' : 'bad'}>${f.status !== undefined ? `answered ${f.status}` : 'did not answer'}</span>
      ${' '}in ${f.ms} ms${short ? html`: <code>${visible(f.snippet ?? '')}</code>` : ''}
      <span class="muted"> · ${visible(f.url)}</span>
    </p>
    ${f.error ? html`<p class="bad">${visible(f.error)}</p>` : ''} ${f.hint ? html`<p class="hint">fix: ${visible(f.hint)}</p>` : ''}
    ${f.snippet && !short ? html`<pre class="code snippet" aria-label="Start of your app's answer">${visible(f.snippet)}</pre>` : ''}
  </section>`;
}

function Facts({ detail, openDeal, openCapture }: { detail: Detail; openDeal(tid: string): void; openCapture(id: number): void }) {
  const r = detail.request;
  const fact = (name: string, value: unknown) => html`<div><dt>${name}</dt><dd>${value}</dd></div>`;
  return html`<dl class="facts">
    ${fact('eventId', detail.eventId ? visible(detail.eventId) : '—')}
    ${fact('orderId', detail.orderId ? visible(detail.orderId) : '—')}
    ${fact('documentId', detail.documentId ? visible(detail.documentId) : '—')}
    ${fact(
      'transactionId',
      detail.transactionId
        ? html`<a href=${`?deal=${encodeURIComponent(detail.transactionId)}`} onClick=${(e: Event) => {
            e.preventDefault();
            openDeal(detail.transactionId!);
          }}>${visible(detail.transactionId)}</a> <span class="hint">(deal timeline)</span>`
        : '—',
    )}
    ${fact('received', `${new Date(detail.receivedAt).toLocaleString()} from ${visible(r.remoteAddress)}`)}
    ${fact('request', html`<code>${visible(`${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`)}</code>`)}
    ${fact('we answered', html`<span class=${detail.status < 300 ? 'ok' : 'bad'}>${detail.status}</span>`)}
    ${
      detail.duplicate
        ? fact(
            'duplicate',
            detail.original
              ? html`this eventId arrived before as <a href=${`?id=${detail.original}`} onClick=${(e: Event) => {
                  e.preventDefault();
                  openCapture(detail.original!);
                }}>#${detail.original}</a>${detail.storedAs ? '; the store keeps the first body only, shown here' : ''}`
              : 'this eventId arrived before',
          )
        : ''
    }
  </dl>`;
}

export function CaptureDetail(props: DetailProps) {
  const [detail, setDetail] = useState<Detail | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [headersOpen, setHeadersOpen] = useState(true);
  const version = props.versionOf(`id:${props.id}`) + (detail?.eventId ? props.versionOf(`event:${detail.eventId}`) : 0);
  useEffect(() => {
    let live = true;
    getJson<Detail>(`/api/captures/${props.id}`)
      .then((d) => {
        if (!live) return;
        setDetail(d);
        setError(undefined);
      })
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [props.id, version]);

  if (error) return html`<section class="detail"><p class="bad">${error}</p></section>`;
  if (!detail || detail.id !== props.id) return html`<section class="detail" aria-busy="true"><p class="muted">Loading…</p></section>`;
  const { errors, warnings } = detail.problems;
  return html`<article class="detail" aria-label=${`Webhook ${detail.eventId ?? detail.id}`}>
    <header class="detail-head">
      <button type="button" class="back" onClick=${props.close} aria-label="Close the webhook (Escape)">←</button>
      <h2>
        <span class="type">${detail.eventType ? visible(detail.eventType) : 'not an ITscope webhook'}</span>
        ${detail.transactionStatus ? html` <span class="status">${visible(detail.transactionStatus)}</span>` : ''}
      </h2>
      <span class=${`verdict ${detail.valid ? 'ok' : 'bad'}`}>
        ${detail.valid ? '✓ valid' : `✗ ${plural(errors.length, 'problem')}`}${warnings.length ? `, ${plural(warnings.length, 'warning')}` : ''}
      </span>
    </header>
    <${Facts} detail=${detail} openDeal=${props.openDeal} openCapture=${props.openCapture} />
    <${Forward} detail=${detail} />
    <${BodyView} detail=${detail} />
    <section class="headers-section">
      <button type="button" class="link" aria-expanded=${headersOpen} onClick=${() => setHeadersOpen(!headersOpen)}>
        ${headersOpen ? '▾' : '▸'} Headers (${Object.keys(detail.request.headers).length}, credentials redacted)
      </button>
      ${headersOpen ? html`<${Headers} headers=${detail.request.headers} />` : ''}
    </section>
    <${ReplayPanel} detail=${detail} info=${props.info} />
    <${DocumentPanel} id=${detail.id} version=${props.versionOf(`id:${detail.id}`)} />
  </article>`;
}
