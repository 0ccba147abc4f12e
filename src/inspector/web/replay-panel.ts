/**
 * Replay: the exact bytes again to the --forward-to app or a URL (the server applies
 * `send`'s URL rule), or an edited body, validated as it is typed and refused while it is
 * not JSON; the answer is shown. Copy as curl and as `itscope-hooks send --event-id`.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, bodyText, type Detail, type Info, postJson, type ReplayResult, type Verdict } from './api.js';
import { curlCommand, sendCommand } from './commands.js';
import { plural, visible } from './format.js';
import { html } from './html.js';

const DEFAULT_URL = 'http://127.0.0.1:8765/';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // not a secure context, or no permission: the text is shown to copy by hand
  }
}

function contentType(detail: Detail): string {
  const value = detail.request.headers['content-type'];
  return (Array.isArray(value) ? value[0] : value) ?? 'application/json';
}

function Result({ result, error }: { result: ReplayResult | undefined; error: ApiError | undefined }) {
  if (error) {
    return html`<div class="result bad" role="status">
      <p>${visible(error.message)}</p>
      ${error.hint ? html`<p class="hint">fix: ${visible(error.hint)}</p>` : ''}
    </div>`;
  }
  if (!result) return '';
  return html`<div class=${`result ${result.ok ? 'ok' : 'bad'}`} role="status">
    <p>
      ${result.edited ? 'Edited body' : 'Exact bytes'} (${result.bytes.toLocaleString()} bytes) to ${visible(result.url)}:
      <strong>${result.status !== undefined ? ` ${result.status}` : ' failed'}</strong> in ${result.ms} ms
    </p>
    ${result.error ? html`<p>${visible(result.error)}</p>` : ''} ${result.hint ? html`<p class="hint">fix: ${visible(result.hint)}</p>` : ''}
    ${result.snippet ? html`<pre class="code snippet" aria-label="Start of the answer">${visible(result.snippet)}</pre>` : ''}
  </div>`;
}

export function ReplayPanel({ detail, info }: { detail: Detail; info: Info | undefined }) {
  const canForward = Boolean(info?.forwardTo);
  const [target, setTarget] = useState<'forward' | 'url'>(canForward ? 'forward' : 'url');
  const [url, setUrl] = useState(() => sessionStorage.getItem('replay-url') ?? info?.webhookUrl ?? DEFAULT_URL);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [verdict, setVerdict] = useState<Verdict | undefined>(undefined);
  const [result, setResult] = useState<ReplayResult | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<{ label: string; text: string; copied: boolean } | undefined>(undefined);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    setResult(undefined);
    setError(undefined);
    setEditing(false);
    setShown(undefined);
  }, [detail.id]);
  useEffect(() => setTarget(canForward ? 'forward' : 'url'), [canForward]);

  const validate = (value: string) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      postJson<Verdict>('/api/validate', { body: value })
        .then(setVerdict)
        .catch(() => undefined);
    }, 200);
  };
  const startEdit = () => {
    const body = bodyText(detail);
    setText(body);
    setEditing(true);
    validate(body);
  };
  const send = async (edited: boolean, allowInvalid = false) => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    if (target === 'url') sessionStorage.setItem('replay-url', url);
    try {
      const request = { target, ...(target === 'url' ? { url } : {}), ...(edited ? { body: text, allowInvalid } : {}) };
      setResult(await postJson<ReplayResult>(`/api/captures/${detail.id}/replay`, request));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
    } finally {
      setBusy(false);
    }
  };
  const copy = async (label: string, command: string) => setShown({ label, text: command, copied: await copyText(command) });
  const targetUrl = target === 'forward' && info?.forwardTo ? info.forwardTo : url;
  const problems = verdict ? [...verdict.errors, ...verdict.warnings] : [];

  return html`<section class="replay" aria-label="Replay">
    <h3>Replay</h3>
    <div class="replay-target" role="radiogroup" aria-label="Replay to">
      ${
        canForward
          ? html`<label><input type="radio" name="target" checked=${target === 'forward'} onChange=${() => setTarget('forward')} /> your app (--forward-to ${visible(info?.forwardTo ?? '')})</label>`
          : ''
      }
      <label class="url">
        <input type="radio" name="target" checked=${target === 'url'} onChange=${() => setTarget('url')} aria-label="a URL" />
        <input type="url" aria-label="Replay URL" value=${url} onInput=${(e: Event) => {
          setUrl((e.target as HTMLInputElement).value);
          setTarget('url');
        }} placeholder="https://… (plain http only for localhost)" />
      </label>
    </div>
    <div class="buttons">
      <button type="button" class="primary" disabled=${busy} onClick=${() => send(false)}>Replay exact bytes</button>
      <button type="button" disabled=${busy} onClick=${editing ? () => setEditing(false) : startEdit} aria-expanded=${editing}>${editing ? 'Cancel editing' : 'Edit and replay…'}</button>
      <button type="button" onClick=${() => copy('curl', curlCommand(targetUrl, bodyText(detail), contentType(detail)))}>Copy as curl</button>
      <button type="button" disabled=${!detail.eventId || !info} title=${detail.eventId ? '' : 'this capture has no eventId'}
        onClick=${() => copy('itscope-hooks send', sendCommand(detail.eventId ?? '', targetUrl, info?.captures ?? '.itscope-hooks/captures'))}>Copy as send command</button>
    </div>
    ${editing ? '' : html`<${Result} result=${result} error=${error} />`}
    ${
      shown
        ? html`<div class="copied" role="status">
            <p>${shown.copied ? `Copied as ${shown.label}:` : `Copy this ${shown.label} command:`}</p>
            <textarea readonly rows="3" aria-label=${`${shown.label} command`} value=${shown.text} onFocus=${(e: Event) => (e.target as HTMLTextAreaElement).select()}></textarea>
          </div>`
        : ''
    }
    ${
      editing
        ? html`<div class="editor">
            <label for="edit-body">Edited body (sent as typed)</label>
            <textarea id="edit-body" spellcheck="false" rows="10" value=${text} onInput=${(e: Event) => {
              const value = (e.target as HTMLTextAreaElement).value;
              setText(value);
              validate(value);
            }}></textarea>
            ${
              verdict && !verdict.json
                ? html`<button type="button" disabled>Not JSON: fix it to send</button>`
                : verdict && !verdict.valid
                  ? html`<button type="button" class="warn" disabled=${busy} onClick=${() => send(true, true)}>Send anyway (${plural(verdict.errors.length, 'schema error')})</button>`
                  : html`<button type="button" class="primary" disabled=${busy || !verdict} onClick=${() => send(true)}>Send edited body</button>`
            }
            <${Result} result=${result} error=${error} />
            <ul class="problems" aria-live="polite">
              ${verdict?.valid && !verdict.warnings.length ? html`<li class="ok">✓ valid ITscope webhook payload</li>` : ''}
              ${problems.map((p) => html`<li class=${verdict?.errors.includes(p) ? 'bad' : 'warn'}><span class="path">${p.path}</span> ${visible(p.message)} <span class="hint">fix: ${visible(p.hint)}</span></li>`)}
            </ul>
          </div>`
        : ''
    }
  </section>`;
}
