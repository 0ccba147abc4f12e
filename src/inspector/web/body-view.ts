/**
 * A capture's body: pretty-printed JSON with syntax colors and each validation problem
 * under its field (with the fix hint), the raw text exactly as received, or a hex dump.
 */
import { useState } from 'preact/hooks';
import { bodyBytes, bodyText, type Detail, type Problem } from './api.js';
import { hexDump, visible } from './format.js';
import { html } from './html.js';
import { placeProblems, prettyJson } from './json-pretty.js';

/** Larger bodies are shown raw: colouring megabytes of JSON would freeze the page. */
const PRETTY_LIMIT = 512 * 1024;

type Kind = 'error' | 'warning';

function Note({ problem, kind }: { problem: Problem; kind: Kind }) {
  return html`<div class=${`note ${kind}`} role="note">
    <span class="mark" aria-hidden="true">${kind === 'error' ? '✗' : '!'}</span>
    <span class="msg"><span class="path">${problem.path}</span> ${visible(problem.message)}</span>
    <span class="hint">fix: ${visible(problem.hint)}</span>
  </div>`;
}

function Pretty({ text, problems }: { text: string; problems: Array<Problem & { kind: Kind }> }) {
  const lines = text.length <= PRETTY_LIMIT ? prettyJson(text) : undefined;
  if (!lines) {
    return html`${problems.map((p) => html`<${Note} problem=${p} kind=${p.kind} />`)}
      <pre class="code raw">${visible(text)}</pre>`;
  }
  const { at, unplaced } = placeProblems(lines, problems);
  return html`${unplaced.map((p) => html`<${Note} problem=${p} kind=${p.kind} />`)}
    <div class="code json" role="region" aria-label="Body, pretty-printed">${lines.map(
      (line, i) =>
        html`<div class=${`ln${at.has(i) ? ' flagged' : ''}`} data-path=${line.path}>${'  '.repeat(line.depth)}${line.tokens.map((t) =>
          t.kind === 'punct' ? t.text : html`<span class=${`t-${t.kind}`}>${visible(t.text)}</span>`,
        )}</div>${(at.get(i) ?? []).map((p) => html`<${Note} problem=${p} kind=${p.kind} />`)}`,
    )}</div>`;
}

export function BodyView({ detail }: { detail: Detail }) {
  const [view, setView] = useState<'pretty' | 'raw' | 'hex'>(detail.bodyEncoding === 'utf8' ? 'pretty' : 'hex');
  const problems = [
    ...detail.problems.errors.map((p) => ({ ...p, kind: 'error' as const })),
    ...detail.problems.warnings.map((p) => ({ ...p, kind: 'warning' as const })),
  ];
  const tab = (name: typeof view, text: string) =>
    html`<button type="button" role="tab" aria-selected=${view === name} class=${view === name ? 'on' : ''} onClick=${() => setView(name)}>${text}</button>`;
  return html`<section class="body" aria-label="Body">
    <div class="tabs" role="tablist" aria-label="Body view">
      ${tab('pretty', 'Pretty')} ${tab('raw', 'Raw')} ${tab('hex', 'Hex')}
      <span class="meta">${detail.bytes.toLocaleString()} bytes${detail.bodyEncoding === 'base64' ? ', not UTF-8' : ''}${detail.truncated ? ' (first 8 MiB shown)' : ''}</span>
    </div>
    ${view === 'pretty' ? html`<${Pretty} text=${bodyText(detail)} problems=${problems} />` : ''}
    ${view === 'raw' ? html`<pre class="code raw" aria-label="Body, exactly as received">${visible(bodyText(detail))}</pre>` : ''}
    ${view === 'hex' ? html`<pre class="code hex" aria-label="Body bytes in hex">${hexDump(bodyBytes(detail))}</pre>` : ''}
  </section>`;
}
