// The pieces the inspector runs with, started for real on 127.0.0.1:0: a capture store, the
// receiver (with Basic Auth and a --forward-to app), the mock ITscope API, and the inspector
// engine fed by the receiver's events, as `listen --ui` wires them.
import { join } from 'node:path';
import { resolveApiSettings } from '../../src/documents/settings.js';
import { type Inspector, startInspector } from '../../src/inspector/server.js';
import { type MockApi, startMockApi } from '../../src/mock-api/server.js';
import type { ReceiverEvent } from '../../src/receiver/events.js';
import { createForwarder, type Forwarder } from '../../src/receiver/forwarder.js';
import { type Receiver, startReceiver } from '../../src/receiver/server.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { type Received, recordingServer } from '../support/inspector-harness.js';
import { post, Recorder } from '../support/listen-harness.js';
import { tempDir } from '../support/temp-dir.js';

export const AUTH = { user: 'hooks', password: 'webhook-Pa55-secret' };
export const API_KEY = 'api-Key-very-secret';
export const AUTH_HEADER = `Basic ${Buffer.from(`${AUTH.user}:${AUTH.password}`).toString('base64')}`;

export interface Stack {
  dir: string;
  captures: string;
  receiver: Receiver;
  inspector: Inspector;
  api: MockApi;
  app: { url: string; received: Recorder<Received> };
  events: Recorder<ReceiverEvent>;
  /** POSTs a webhook body to the receiver with the right Basic Auth. */
  send(body: string): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const { dir, cleanup } = await tempDir('inspector-');
  const captures = join(dir, 'captures');
  const api = await startMockApi({ accountId: 'acct', apiKey: API_KEY });
  const app = await recordingServer('{"app":"thanks"}');
  const store = await CaptureStore.open(captures);
  const forwarder: Forwarder = await createForwarder({ url: app.url, timeoutMs: 5000, env: {} });
  const events = new Recorder<ReceiverEvent>();
  let inspector: Inspector | undefined;
  const receiver = await startReceiver({
    store,
    port: 0,
    auth: AUTH,
    forwarder,
    onEvent: (e) => {
      events.push(e);
      inspector?.notify(e);
    },
  });
  const env = { ITSCOPE_API_BASE: api.url, ITSCOPE_ACCOUNT_ID: 'acct', ITSCOPE_API_KEY: API_KEY, HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg') };
  inspector = await startInspector({
    captures,
    port: 0,
    mode: 'listen',
    webhookUrl: receiver.url,
    webhookAuth: AUTH,
    forwarder,
    apiSettings: () => resolveApiSettings({ cwd: dir, env, flags: {} }),
    env,
    pollMs: 200,
  });
  const started = inspector;
  return {
    dir,
    captures,
    receiver,
    inspector: started,
    api,
    app,
    events,
    send: (body) => post(receiver.url, body, { auth: `${AUTH.user}:${AUTH.password}` }),
    async close() {
      await receiver.close({ graceMs: 500 });
      await started.close();
      await forwarder.close();
      await store.close();
      await app.close();
      await api.close();
      await cleanup();
    },
  };
}

/** JSON from the inspector as the page would fetch it (right Host, no Origin). */
export async function getJson(inspector: Inspector, path: string): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(new URL(path, inspector.url));
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

/** A state-changing request as the inspector's own page sends it: token and same Origin. */
export async function postJson(inspector: Inspector, path: string, body: unknown): Promise<{ status: number; json: any; text: string }> {
  const url = new URL(path, inspector.url);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url.origin, 'x-inspector-token': inspector.token },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}
