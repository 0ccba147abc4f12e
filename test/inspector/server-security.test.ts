// The inspector's security model against the real server: Host check (DNS rebinding),
// token and same Origin for actions, strict CSP, assets from the package, secrets never
// in an answer; and replay, which is the action that matters most.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSample } from '../../src/core/samples.js';
import { eventStream, rawRequest } from '../support/inspector-harness.js';
import { API_KEY, AUTH, AUTH_HEADER, getJson, postJson, type Stack, startStack } from './stack.js';

let stack: Stack;
let base: string;
let port: number;
beforeAll(async () => {
  stack = await startStack();
  base = stack.inspector.url;
  port = stack.inspector.port;
});
afterAll(() => stack.close());

async function captureOf(body: string, eventId: string): Promise<number> {
  await stack.send(body);
  const stream = eventStream(base);
  try {
    for (;;) {
      const page = await getJson(stack.inspector, `/api/captures?q=${eventId}`);
      const row = page.json.items.find((r: any) => !r.duplicate);
      if (row) return row.id;
      await stream.events.waitFor((e) => (e.event === 'captures' || e.event === 'hello') && e.data.newest > page.json.newest);
    }
  } finally {
    stream.close();
  }
}

describe('who may talk to the inspector', () => {
  it.each([
    ['evil.example', 403],
    ['evil.example:PORT', 403],
    ['127.0.0.1:1', 403],
    ['localhost:PORT', 200],
    ['127.0.0.1:PORT', 200],
    ['[::1]:PORT', 200],
  ])('Host %s → %i (DNS rebinding protection)', async (host, status) => {
    for (const path of ['/', '/api/info', '/api/captures', '/assets/app.js']) {
      const r = await rawRequest(base, path, { headers: { host: host.replace('PORT', String(port)) } });
      expect(r.status).toBe(status);
      if (status === 403) expect(r.text).toContain('does not answer to the Host');
    }
  });

  it('refuses actions without the per-run token or from another origin, and nothing is sent', async () => {
    const payload = createSample('ORDER');
    const id = await captureOf(JSON.stringify(payload), payload.eventId);
    const before = stack.app.received.items.length;
    const apiBefore = stack.api.requests.length;
    const body = JSON.stringify({ target: 'url', url: stack.app.url });
    const origin = `http://127.0.0.1:${port}`;
    const attempts: Array<Record<string, string>> = [
      { 'content-type': 'application/json', origin },
      { 'content-type': 'application/json', origin, 'x-inspector-token': 'guessed' },
      { 'content-type': 'application/json', origin: 'http://evil.example', 'x-inspector-token': stack.inspector.token },
      { 'content-type': 'application/json', 'x-inspector-token': stack.inspector.token },
      { 'content-type': 'application/json', origin, 'x-inspector-token': stack.inspector.token, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attempts) {
      for (const path of [`/api/captures/${id}/replay`, `/api/captures/${id}/document`]) {
        const r = await rawRequest(base, path, { method: 'POST', headers, body });
        expect(r.status, JSON.stringify(headers)).toBe(403);
      }
    }
    expect(stack.app.received.items.length).toBe(before);
    expect(stack.api.requests.length).toBe(apiBefore);
    const ok = await rawRequest(base, `/api/captures/${id}/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'x-inspector-token': stack.inspector.token, 'sec-fetch-site': 'same-origin' },
      body,
    });
    expect(ok.status).toBe(200);
    expect(stack.app.received.items.length).toBe(before + 1);
  });

  it('serves a strict Content-Security-Policy and only its own assets', async () => {
    const page = await rawRequest(base, '/');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.text).toContain(`<meta name="inspector-token" content="${stack.inspector.token}"`);
    // Every src/href on the page is one of ours: nothing from a CDN, so it works offline.
    const refs = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/^\/assets\//);
    for (const ref of refs) expect((await rawRequest(base, ref!)).status).toBe(200);
    const api = await rawRequest(base, '/api/info');
    expect(api.headers['content-security-policy']).toBe(csp);
    expect(api.headers['cache-control']).toBe('no-store');
  });

  it('never lets the Basic Auth password or the API key reach the browser', async () => {
    // A sender that puts the password into the payload itself: it is redacted there too.
    const leaky = { ...createSample('DELIVERY'), orderId: `PO-${AUTH.password}` };
    const id = await captureOf(JSON.stringify(leaky), leaky.eventId);
    const stream = eventStream(base);
    const texts: string[] = [];
    const fetchText = async (path: string) => texts.push((await rawRequest(base, path)).text);
    for (const path of ['/', '/assets/app.js', '/api/info', '/api/captures?limit=500', '/api/deals', `/api/deals/${leaky.transactionId}`])
      await fetchText(path);
    const list = JSON.parse(texts[4]!);
    for (const row of list.items) {
      await fetchText(`/api/captures/${row.id}`);
      await fetchText(`/api/captures/${row.id}/document`);
    }
    texts.push((await postJson(stack.inspector, `/api/captures/${id}/document`, {})).text);
    texts.push((await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'url', url: stack.receiver.url })).text);
    texts.push((await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'forward' })).text);
    texts.push((await postJson(stack.inspector, '/api/validate', { body: JSON.stringify(leaky) })).text);
    texts.push((await rawRequest(base, '/api/nothing')).text);
    await stack.send(JSON.stringify(createSample('ORDER')));
    await stream.events.waitFor((e) => e.event === 'captures');
    stream.close();
    texts.push(stream.raw());
    const all = texts.join('\n');
    expect(all).toContain(`PO-[redacted]`);
    for (const secret of [AUTH.password, AUTH_HEADER.slice('Basic '.length), API_KEY, Buffer.from(`acct:${API_KEY}`).toString('base64')]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('replay', () => {
  it('sends the exact captured bytes and Content-Type to a URL and shows the answer', async () => {
    const payload = createSample('ORDERRESPONSE');
    // Odd spacing, key order and a non-ASCII character: a re-serialized body would differ.
    const body = `{"orderId":"${payload.orderId}" ,\n\t"eventId": "${payload.eventId}", "note":"Größe ✓", ${JSON.stringify(payload)
      .slice(1)
      .replace(/"orderId":"[^"]*",/, '')}`;
    const id = await captureOf(body, payload.eventId);
    const result = await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'url', url: stack.app.url });
    expect(result.json).toMatchObject({ ok: true, status: 202, edited: false, bytes: Buffer.byteLength(body), snippet: '{"app":"thanks"}' });
    const got = await stack.app.received.waitFor(
      (r) => r.body.toString('utf8').includes(payload.eventId) && r.url === '/hooks' && !('x-forwarded-for' in r.headers),
    );
    expect(got.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
    expect(got.headers['content-type']).toBe('application/json');
  });

  it('replays to the --forward-to app as a forward, with the webhook credentials for an app on this machine', async () => {
    const payload = createSample('INVOICE');
    const id = await captureOf(JSON.stringify(payload), payload.eventId);
    const count = stack.app.received.items.filter((r) => r.body.toString().includes(payload.eventId)).length;
    const result = await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'forward' });
    expect(result.json).toMatchObject({ ok: true, status: 202, url: stack.app.url });
    await stack.app.received.waitFor(() => stack.app.received.items.filter((r) => r.body.toString().includes(payload.eventId)).length > count);
    const got = stack.app.received.items.filter((r) => r.body.toString().includes(payload.eventId)).at(-1)!;
    expect(got.body.toString()).toBe(JSON.stringify(payload));
    expect(got.headers.authorization).toBe(AUTH_HEADER);
  });

  it('replays to listen itself with its Basic Auth (a duplicate), and refuses plain http to another host', async () => {
    const payload = createSample('ORDER');
    const id = await captureOf(JSON.stringify(payload), payload.eventId);
    const self = await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'url', url: stack.receiver.url });
    expect(self.json).toMatchObject({ ok: true, status: 200 });
    expect(JSON.parse(self.json.snippet)).toMatchObject({ ok: true, duplicate: true });
    const http = await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'url', url: 'http://hooks.example.com/x' });
    expect(http.status).toBe(400);
    expect(http.json.error).toContain('plain http');
    expect(http.json.hint).toContain('https');
    const creds = await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'url', url: stack.app.url.replace('//', '//app:app-Secret-pw@') });
    expect(creds.json.url).toContain('[redacted]');
    expect(creds.text).not.toContain('app-Secret-pw');
  });

  it('validates an edited body first: not JSON never goes, schema errors go only when asked', async () => {
    const payload = createSample('DELIVERY');
    const id = await captureOf(JSON.stringify(payload), payload.eventId);
    const sent = () => stack.app.received.items.length;
    const before = sent();
    const notJson = await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'url', url: stack.app.url, body: '{"eventId": ' });
    expect(notJson.status).toBe(422);
    expect(notJson.json).toMatchObject({ json: false, valid: false });
    const invalid = JSON.stringify({ ...payload, eventType: 'SHIPPED' });
    const refused = await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'url', url: stack.app.url, body: invalid });
    expect(refused.status).toBe(422);
    expect(refused.json.errors[0].path).toBe('$.eventType');
    expect(sent()).toBe(before);
    const forced = await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'url', url: stack.app.url, body: invalid, allowInvalid: true });
    expect(forced.json).toMatchObject({ ok: true, edited: true });
    const edited = JSON.stringify({ ...payload, transactionStatus: 'PROCESSING' }, null, 1);
    const ok = await postJson(stack.inspector, `/api/captures/${id}/replay`, { target: 'url', url: stack.app.url, body: edited });
    expect(ok.json).toMatchObject({ ok: true, edited: true, bytes: Buffer.byteLength(edited) });
    expect(stack.app.received.items.at(-1)!.body.toString()).toBe(edited);
    expect(stack.app.received.items.at(-2)!.body.toString()).toBe(invalid);
  });
});
