/**
 * The openTRANS document of a webhook: its summary when it is saved (by listen
 * --fetch-docs or the button here), a button that fetches it through the rate-limited
 * documents client, and a link to the XML. The summary is rendered from whatever fields it
 * has: plain values as a list, lists of records (items, packages) as tables, nested
 * records as their own lists, so a richer summary shows without a change here.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DocumentInfo, FetchResult } from '../wire.js';
import { ApiError, getJson, postJson } from './api.js';
import { bytes, label, visible } from './format.js';
import { html } from './html.js';

/** What the document endpoints answer: the document, or the fetch button's result. */
type DocumentAnswer = DocumentInfo & Partial<Pick<FetchResult, 'status' | 'error' | 'hint'>>;

type Value = unknown;

function isRecord(v: Value): v is Record<string, Value> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A plain value; a web address as a link (it comes from the supplier's document: no referrer). */
function shown(v: Value) {
  if (typeof v === 'string' && /^https?:\/\/\S+$/.test(v)) return html`<a href=${v} target="_blank" rel="noopener noreferrer">${visible(v)}</a>`;
  return scalar(v);
}

function scalar(v: Value): string {
  if (Array.isArray(v)) return v.map(scalar).join(', ');
  if (typeof v === 'number') return v.toLocaleString(undefined, { maximumFractionDigits: 6 });
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return visible(String(v ?? ''));
}

const isScalarish = (v: Value) => !isRecord(v) && !(Array.isArray(v) && v.some((x) => isRecord(x) || Array.isArray(x)));

function Table({ rows, caption }: { rows: Array<Record<string, Value>>; caption: string }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return html`<table class="grid">
    <caption>${caption}</caption>
    <thead><tr>${columns.map((c) => html`<th scope="col">${label(c)}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${columns.map((c) => html`<td>${isScalarish(r[c]) ? scalar(r[c]) : html`<${Fields} value=${r[c]} />`}</td>`)}</tr>`)}</tbody>
  </table>`;
}

/** Any summary value: plain fields first, then nested records, then tables. */
export function Fields({ value, title }: { value: Value; title?: string }) {
  if (!isRecord(value)) {
    if (Array.isArray(value) && value.every(isRecord)) return html`<${Table} rows=${value} caption=${title ?? ''} />`;
    return scalar(value);
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0));
  const plain = entries.filter(([, v]) => isScalarish(v));
  const nested = entries.filter(([, v]) => isRecord(v));
  const lists = entries.filter(([, v]) => Array.isArray(v) && !isScalarish(v));
  return html`<div class="fields">
    ${title ? html`<h4>${title}</h4>` : ''}
    ${plain.length ? html`<dl class="facts">${plain.map(([k, v]) => html`<div><dt>${label(k)}</dt><dd>${shown(v)}</dd></div>`)}</dl>` : ''}
    ${nested.map(([k, v]) => html`<${Fields} value=${v} title=${label(k)} />`)}
    ${lists.map(([k, v]) =>
      (v as Value[]).every(isRecord)
        ? html`<${Table} rows=${v} caption=${label(k)} />`
        : html`<${Fields} value=${Object.fromEntries((v as Value[]).entries())} title=${label(k)} />`,
    )}
  </div>`;
}

export function DocumentPanel({ id, version }: { id: number; version: number }) {
  const [doc, setDoc] = useState<DocumentAnswer | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  useEffect(() => {
    let live = true;
    setError(undefined);
    getJson<DocumentAnswer>(`/api/captures/${id}/document`)
      .then((d) => live && setDoc(d))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, String(e))));
    return () => {
      live = false;
    };
  }, [id, version]);

  const fetchNow = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setDoc(await postJson<DocumentAnswer>(`/api/captures/${id}/document`, {}));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
    } finally {
      setBusy(false);
    }
  };

  const name = doc?.docType ? `${doc.docType}.${doc.format ?? 'xml'}` : 'Document';
  return html`<section class="document" aria-label="openTRANS document" aria-busy=${busy}>
    <h3>Document ${doc?.docType ? html`<span class="muted">${name}</span>` : ''}</h3>
    ${error ? html`<p class="bad">${visible(error.message)}</p>${error.hint ? html`<p class="hint">fix: ${visible(error.hint)}</p>` : ''}` : ''}
    ${!doc ? '' : !doc.available ? html`<p class="muted">${visible(doc.reason ?? 'no document')}</p>` : ''}
    ${doc?.status === 'failed' ? html`<p class="bad">${visible(doc.error ?? 'the download failed')}</p>${doc.hint ? html`<p class="hint">fix: ${visible(doc.hint)}</p>` : ''}` : ''}
    ${
      doc?.available && !doc.saved
        ? doc.canFetch
          ? html`<p><button type="button" class="primary" disabled=${busy} onClick=${fetchNow}>${busy ? 'Fetching…' : `Fetch ${name}`}</button>
              <span class="muted"> from ${doc.apiBase ?? 'the ITscope API'}, rate-limited</span></p>`
          : html`<p class="muted">Not downloaded. ${visible(doc.fetchHint ?? '')}</p>`
        : ''
    }
    ${
      doc?.saved
        ? html`<p><a href=${`/api/captures/${id}/document.${doc.format ?? 'xml'}`} target="_blank" rel="noopener">Open ${name}</a>
            <span class="muted"> (${bytes(doc.bytes ?? 0)})</span></p>
            ${doc.summaryError ? html`<p class="bad">${visible(doc.summaryError)}</p>` : ''}
            ${doc.summary !== undefined ? html`<div class="summary"><${Fields} value=${doc.summary} /></div>` : ''}`
        : ''
    }
  </section>`;
}
