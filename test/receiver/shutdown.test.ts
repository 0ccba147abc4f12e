// Stopping the receiver loses no answer: webhooks already read are stored and answered
// (with Connection: close, --delay cut short), idle kept-alive connections close at once,
// and nothing new is read on a connection once its last answer is out.
import { Agent } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceiverEvent } from '../../src/receiver/events.js';
import { type Receiver, type ReceiverOptions, startReceiver } from '../../src/receiver/server.js';
import { openCaptureReader } from '../../src/store/capture-reader.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { post, Recorder, rawSocket, readUntilClosed, sampleBody } from '../support/listen-harness.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
let store: CaptureStore;
let receiver: Receiver | undefined;
let events: Recorder<ReceiverEvent>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('shutdown-'));
  store = await CaptureStore.open(join(dir, 'captures'));
  events = new Recorder<ReceiverEvent>();
});

afterEach(async () => {
  await receiver?.close({ graceMs: 100 });
  receiver = undefined;
  await store.close();
  await cleanup();
});

async function start(options: Partial<ReceiverOptions> = {}): Promise<Receiver> {
  receiver = await startReceiver({ store, port: 0, onEvent: events.push, ...options });
  return receiver;
}

function request(text: string): string {
  return `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

/** A --delay that only ends when the receiver stops (or never, without a signal). */
function heldDelay(entered: Recorder<number>) {
  return (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      entered.push(ms);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
}

describe('closing the receiver', () => {
  it('answers the webhooks it has stored with Connection: close and cuts --delay short', async () => {
    const entered = new Recorder<number>();
    const r = await start({ delayMs: 600_000, sleep: heldDelay(entered) });
    const agent = new Agent({ keepAlive: true, maxSockets: 3 });
    const bodies = [sampleBody('ORDER'), sampleBody('DELIVERY'), sampleBody('INVOICE')];
    const replies = bodies.map((b) => post(r.url, b.text, { agent }));
    // All three are on disk and waiting for their --delay to pass.
    await entered.waitFor(() => entered.items.length === 3);
    const stopped = r.close({ graceMs: 60_000 });
    const answers = await Promise.all(replies);
    expect(answers.map((a) => [a.status, a.json.eventId, a.headers.connection])).toEqual(bodies.map((b) => [200, b.eventId, 'close']));
    await stopped;
    agent.destroy();
    await store.flush();
    expect(
      (await openCaptureReader(store.dir))
        .all()
        .map((c) => c.eventId)
        .sort(),
    ).toEqual(bodies.map((b) => b.eventId).sort());
  });

  it('closes an idle kept-alive connection at once and takes nothing new in on a busy one', async () => {
    const entered = new Recorder<number>();
    const r = await start({ delayMs: 600_000, sleep: heldDelay(entered) });
    // Idle: one answered request, kept alive.
    const idle = await rawSocket(r.port);
    const idleClosed = readUntilClosed(idle);
    idle.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    // Busy: a webhook waiting for its --delay.
    const busy = await rawSocket(r.port);
    const busyText = readUntilClosed(busy);
    const first = sampleBody('ORDER');
    const second = sampleBody('INVOICE');
    busy.write(request(first.text));
    await entered.waitFor(() => true);
    const stopped = r.close({ graceMs: 60_000 });
    // Sent after the stop began, on the same connection: never taken in, so never stored.
    busy.write(request(second.text), () => undefined);
    await stopped;
    expect(await idleClosed).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*"ok":true/);
    const answered = await busyText;
    expect(answered.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(answered).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answered.toLowerCase()).toContain('connection: close');
    expect(answered).toContain(first.eventId);
    await store.flush();
    expect((await openCaptureReader(store.dir)).all().map((c) => c.eventId)).toEqual([first.eventId]);
  });

  it('answers pipelined webhooks it had read, in order, closing the connection after the last', async () => {
    const entered = new Recorder<number>();
    const r = await start({ delayMs: 600_000, sleep: heldDelay(entered) });
    const socket = await rawSocket(r.port);
    const text = readUntilClosed(socket);
    const bodies = [sampleBody('ORDER'), sampleBody('INVOICE')];
    socket.write(bodies.map((b) => request(b.text)).join(''));
    await entered.waitFor(() => entered.items.length === 2);
    await r.close({ graceMs: 60_000 });
    const answers = (await text).split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((a) => [a.slice(0, 15), a.toLowerCase().includes('connection: close')])).toEqual([
      ['HTTP/1.1 200 OK', false],
      ['HTTP/1.1 200 OK', true],
    ]);
    expect(answers.map((a) => bodies.findIndex((b) => a.includes(b.eventId)))).toEqual([0, 1]);
  });
});
