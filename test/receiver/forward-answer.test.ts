// --forward-status in the receiver engine: the app's answer passed on, cut at ANSWER_BYTES;
// each failure of the forward as its own status. Real servers and requests throughout.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { relayAnswer } from '../../src/receiver/forward-answer.js';
import { ANSWER_BYTES, createForwarder, type ForwardResult } from '../../src/receiver/forwarder.js';
import { type Receiver, startReceiver } from '../../src/receiver/server.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { post, sampleBody } from '../support/listen-harness.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
let store: CaptureStore;
let receiver: Receiver | undefined;
const servers: Server[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('forward-answer-'));
  store = await CaptureStore.open(join(dir, 'captures'));
});

afterEach(async () => {
  await receiver?.close({ graceMs: 100 });
  receiver = undefined;
  await store.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await cleanup();
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler!);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('relayAnswer', () => {
  it.each([
    [
      { ok: false, ms: 0, dropped: true, error: '16 forwards are waiting' },
      503,
      /^too many webhooks are waiting for your app \(16 forwards are waiting\); the webhook is stored/,
    ],
    [
      { ok: false, ms: 9, timedOut: true, error: 'no answer within 500 ms' },
      504,
      /^your app did not answer in time \(--forward-timeout\): no answer within 500 ms/,
    ],
    [{ ok: false, ms: 1, error: 'connection refused' }, 502, /^listen could not forward the webhook to your app: connection refused/],
  ] as Array<[ForwardResult, number, RegExp]>)('answers a forward that did not get through with a JSON error', async (relay, status, message) => {
    const url = await serve((_req, res) => relayAnswer(res, relay, 'e-1'));
    const reply = await post(url, '{}');
    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.json).toEqual({ error: expect.stringMatching(message), eventId: 'e-1' });
  });

  it('passes a 204 on without a body or Content-Type', async () => {
    const url = await serve((_req, res) =>
      relayAnswer(res, { ok: true, ms: 1, status: 204, answer: { body: Buffer.from('x'), contentType: 'text/plain' } }, 'e-1'),
    );
    const reply = await post(url, '{}');
    expect([reply.status, reply.text, reply.headers['content-type']]).toEqual([204, '', undefined]);
  });
});

describe('receiver with --forward-status', () => {
  it(`passes on the first ${ANSWER_BYTES / 1024} KiB of a longer answer, with the app's status`, async () => {
    const long = Buffer.alloc(ANSWER_BYTES + 5000, 'a');
    const app = await serve((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(422, { 'content-type': 'text/plain' }).end(long));
    });
    const forwarder = await createForwarder({ url: app, timeoutMs: 5000, env: {} });
    receiver = await startReceiver({ store, port: 0, forwarder, forwardStatus: true });
    const reply = await post(receiver.url, sampleBody().text);
    expect(reply.status).toBe(422);
    expect(reply.text).toBe(long.subarray(0, ANSWER_BYTES).toString());
    await receiver.close({ graceMs: 100 });
    receiver = undefined;
    await forwarder.close();
  });

  it('without --forward-status answers at once with its own 200, whatever the app says', async () => {
    const app = await serve((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(500).end('down'));
    });
    const forwarder = await createForwarder({ url: app, timeoutMs: 5000, env: {} });
    receiver = await startReceiver({ store, port: 0, forwarder });
    expect((await post(receiver.url, sampleBody().text)).status).toBe(200);
    await receiver.close({ graceMs: 100 });
    receiver = undefined;
    await forwarder.close();
  });
});
