import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureBody } from '../../src/core/capture.js';
import { EVENT_TYPES } from '../../src/core/payload-schema.js';
import type { ReceiverEvent } from '../../src/receiver/events.js';
import { createForwarder } from '../../src/receiver/forwarder.js';
import { type Receiver, type ReceiverOptions, startReceiver } from '../../src/receiver/server.js';
import { openCaptureReader, type StoredCapture } from '../../src/store/capture-reader.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { type RecordingServer, startRecordingServer } from '../support/https-server.js';
import { post, Recorder, rawSocket, readUntilClosed, sampleBody } from '../support/listen-harness.js';
import { closedPort } from '../support/ports.js';
import { endless, trickle } from '../support/slow-answers.js';
import { tempDir } from '../support/temp-dir.js';
import { makeSelfSignedCert } from '../support/tls.js';

let dir: string;
let cleanup: () => Promise<void>;
let store: CaptureStore;
let receiver: Receiver | undefined;
let events: Recorder<ReceiverEvent>;
const extraServers: Server[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('listen-'));
  store = await CaptureStore.open(join(dir, 'captures'));
  events = new Recorder<ReceiverEvent>();
});

afterEach(async () => {
  await receiver?.close({ graceMs: 100 });
  receiver = undefined;
  await store.close();
  for (const s of extraServers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await cleanup();
});

async function start(options: Partial<ReceiverOptions> = {}): Promise<Receiver> {
  receiver = await startReceiver({ store, port: 0, onEvent: events.push, ...options });
  return receiver;
}

/** Waits until the server holds exactly `count` connections. */
function connections(r: Receiver, count: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = () => r.server.getConnections((_e, n) => (n === count ? resolve() : setImmediate(check)));
    check();
  });
}

async function stored(): Promise<StoredCapture[]> {
  await store.flush();
  return (await openCaptureReader(store.dir)).all();
}

const AUTH = { user: 'hooks', password: 's3cret-pass' };

describe('receiver', () => {
  it('captures a valid webhook of each type, raw bytes exactly, and answers 200 with its eventId', async () => {
    const r = await start();
    for (const type of EVENT_TYPES) {
      const { text, eventId } = sampleBody(type);
      // Pretty-printed with CRLF: must be stored as sent, not re-serialized.
      const body = JSON.stringify(JSON.parse(text), null, 2).replace(/\n/g, '\r\n');
      const reply = await post(`${r.url}itscope/${type.toLowerCase()}?x=1`, body);
      expect(reply.status, type).toBe(200);
      expect(reply.json).toEqual({ ok: true, eventId });
      const capture = (await stored()).find((c) => c.eventId === eventId);
      expect(capture).toMatchObject({ eventType: type, valid: true, status: 200, path: `/itscope/${type.toLowerCase()}`, query: 'x=1', method: 'POST' });
      expect(captureBody(capture!).toString('utf8')).toBe(body);
    }
    const lines = events.items.filter((e) => e.type === 'webhook');
    expect(lines.map((e) => e.type === 'webhook' && e.capture.eventType)).toEqual([...EVENT_TYPES]);
  });

  it('answers GET /health, 405 with Allow for other methods and 404 outside --path', async () => {
    const r = await start({ path: '/hooks' });
    const health = await post(`http://127.0.0.1:${r.port}/health`, undefined, { method: 'GET' });
    expect(health).toMatchObject({ status: 200, json: { ok: true } });
    const put = await post(`http://127.0.0.1:${r.port}/hooks/x`, '{}', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('POST');
    expect(put.json.error).toMatch(/PUT is not allowed/);
    const outside = await post(`http://127.0.0.1:${r.port}/elsewhere`, sampleBody().text);
    expect(outside.status).toBe(404);
    expect(outside.json.error).toMatch(/\/hooks/);
    const inside = await post(`http://127.0.0.1:${r.port}/hooks/a/b`, sampleBody().text);
    expect(inside.status).toBe(200);
    expect(await stored()).toHaveLength(1);
  });

  it('requires Basic Auth when set: 401 with WWW-Authenticate, attempt shown without the password, nothing stored', async () => {
    const r = await start({ auth: AUTH });
    const missing = await post(r.url, sampleBody().text);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Basic realm="itscope-hooks"/);
    expect(missing.json.error).toMatch(/required/);
    const wrong = await post(r.url, sampleBody().text, { auth: 'hooks:guess-pass' });
    expect(wrong.status).toBe(401);
    const wrongUser = await post(r.url, sampleBody().text, { auth: 'intruder:s3cret-pass' });
    expect(wrongUser.status).toBe(401);
    expect(await stored()).toHaveLength(0);
    const rejected = events.items.filter((e) => e.type === 'rejected');
    expect(rejected.map((e) => e.type === 'rejected' && [e.reason, e.user])).toEqual([
      ['auth', undefined],
      ['auth', 'hooks'],
      ['auth', 'intruder'],
    ]);
    expect(JSON.stringify(events.items)).not.toContain('guess-pass');
    expect(JSON.stringify(events.items)).not.toContain('s3cret-pass');

    const ok = await post(r.url, sampleBody().text, { auth: 'hooks:s3cret-pass' });
    expect(ok.status).toBe(200);
    const [capture] = await stored();
    expect(capture!.headers.authorization).toBe('Basic [redacted]');
    expect(JSON.stringify(capture)).not.toContain(Buffer.from('hooks:s3cret-pass').toString('base64'));
  });

  it('answers 400 to a body that is not JSON, and stores it', async () => {
    const r = await start();
    const reply = await post(r.url, '{"eventId": ');
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(/not JSON/);
    const [capture] = await stored();
    expect(capture).toMatchObject({ valid: false, status: 400, body: '{"eventId": ' });
    const empty = await post(r.url, '');
    expect(empty.status).toBe(400);
    expect(empty.json.error).toBe('the body is empty, not JSON');
  });

  it('accepts a body that starts with a UTF-8 byte order mark, as validate does, and keeps the mark', async () => {
    const r = await start();
    const { text, eventId } = sampleBody('ORDER');
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const reply = await post(r.url, body);
    expect(reply).toMatchObject({ status: 200, json: { ok: true, eventId } });
    expect(captureBody((await stored())[0]!).equals(body)).toBe(true);
  });

  it('stores two eventIds that differ only in bytes that are not UTF-8 as two events', async () => {
    const r = await start();
    const body = (bad: number) => Buffer.concat([Buffer.from('{"eventId":"e2a6a466-'), Buffer.from([bad]), Buffer.from('","eventType":"ORDER"}')]);
    const first = await post(r.url, body(0xff));
    const second = await post(r.url, body(0xfe));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.json.duplicate).toBeUndefined();
    expect((await stored()).map((c) => c.eventId)).toEqual(['e2a6a466-\\xff', 'e2a6a466-\\xfe']);
    expect((await post(r.url, body(0xff))).json.duplicate).toBe(true);
  });

  it('keeps a body that is not UTF-8 byte for byte', async () => {
    const r = await start();
    const bytes = Buffer.concat([Buffer.from('{"eventId":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    expect((await post(r.url, bytes)).status).toBe(200);
    const [capture] = await stored();
    expect(capture!.bodyEncoding).toBe('base64');
    expect(captureBody(capture!).equals(bytes)).toBe(true);
  });

  it('answers 200 to a schema-invalid payload but flags it; --strict answers 422', async () => {
    const bad = JSON.parse(sampleBody('INVOICE').text);
    bad.documentUrl = bad.documentUrl.replace('INVOICE.xml', 'ORDER.xml');
    const r = await start();
    const reply = await post(r.url, JSON.stringify(bad));
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ ok: true, eventId: bad.eventId, valid: false });
    const event = await events.waitFor((e) => e.type === 'webhook');
    expect(event).toMatchObject({ valid: false, status: 200 });
    expect(event.type === 'webhook' && event.errors[0]?.path).toBe('$.documentUrl');
    await r.close();

    receiver = await startReceiver({ store, port: 0, strict: true, onEvent: events.push });
    bad.eventId = sampleBody().eventId;
    const strict = await post(receiver.url, JSON.stringify(bad));
    expect(strict.status).toBe(422);
    expect(strict.json.error).toMatch(/schema/);
    expect(strict.json.errors[0]).toMatch(/documentUrl/);
    expect((await stored()).map((c) => c.status)).toEqual([200, 422]);
  });

  it('refuses an oversize body with 413 before reading it, also when chunked', async () => {
    const r = await start({ maxBody: 1024 });
    // Declared too large: answered at once, although the body never comes.
    const socket = await rawSocket(r.port);
    const answer = readUntilClosed(socket);
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n{"a":`);
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 413/);
    expect(text).toMatch(/larger than the limit of 1 KiB/);

    const chunked = await rawSocket(r.port);
    const chunkedAnswer = readUntilClosed(chunked);
    chunked.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    chunked.write(`800\r\n${'x'.repeat(0x800)}\r\n`);
    expect(await chunkedAnswer).toMatch(/^HTTP\/1\.1 413/);
    expect(await stored()).toHaveLength(0);
    expect(events.items.filter((e) => e.type === 'rejected' && e.reason === 'too-large')).toHaveLength(2);
  });

  it('stores a duplicate eventId once and reports it, also when sent concurrently', async () => {
    const r = await start();
    const { text, eventId } = sampleBody('ORDER');
    const first = await post(r.url, text);
    const again = await post(r.url, text);
    expect(first.json).toEqual({ ok: true, eventId });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ ok: true, eventId, duplicate: true });

    const other = sampleBody('INVOICE');
    const replies = await Promise.all(Array.from({ length: 12 }, () => post(r.url, other.text)));
    expect(replies.every((x) => x.status === 200)).toBe(true);
    expect(replies.filter((x) => !x.json.duplicate)).toHaveLength(1);
    const all = await stored();
    expect(all.map((c) => c.eventId)).toEqual([eventId, other.eventId]);
    const webhookEvents = events.items.filter((e) => e.type === 'webhook');
    expect(webhookEvents.filter((e) => e.type === 'webhook' && e.duplicate)).toHaveLength(12);
  });

  it('times out a slow client while other clients are served', async () => {
    const r = await start({ headersTimeoutMs: 1000, requestTimeoutMs: 1500 });
    const slow = await rawSocket(r.port);
    let slowClosed = false;
    const slowAnswer = readUntilClosed(slow).then((text) => {
      slowClosed = true;
      return text;
    });
    slow.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: appl'); // and then nothing
    const replies = await Promise.all(Array.from({ length: 5 }, () => post(r.url, sampleBody().text)));
    expect(replies.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    // The others were served while the slow client still held its connection.
    expect(slowClosed).toBe(false);
    const text = await slowAnswer;
    expect(text).toMatch(/^HTTP\/1\.1 408/);

    // A client that sends headers but dribbles its body is cut off by the request timeout.
    const dribble = await rawSocket(r.port);
    const dribbleAnswer = readUntilClosed(dribble);
    dribble.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{');
    expect(await dribbleAnswer).toMatch(/^HTTP\/1\.1 408/);
    expect(await stored()).toHaveLength(5);
  });

  it('answers 431 to oversized headers and caps concurrent connections', async () => {
    const r = await start({ maxHeaderSize: 2048, maxConnections: 2 });
    const big = await rawSocket(r.port);
    const bigAnswer = readUntilClosed(big);
    big.write(`POST / HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(4096)}\r\n\r\n`);
    expect(await bigAnswer).toMatch(/^HTTP\/1\.1 431/);

    // Two connections that never send anything: a newcomer takes the place of the oldest.
    const silent = [await rawSocket(r.port), await rawSocket(r.port)];
    await connections(r, 2);
    const evicted = readUntilClosed(silent[0]!);
    expect((await post(`http://127.0.0.1:${r.port}/health`, undefined, { method: 'GET' })).status).toBe(200);
    expect(await evicted).toBe('');
    for (const socket of silent) socket.destroy();
    await connections(r, 0);

    // Two connections in the middle of a request: those are never pushed out; a third is refused.
    const seen = new Recorder<string>();
    r.server.on('request', (req) => seen.push(req.url ?? ''));
    const busy = [await rawSocket(r.port), await rawSocket(r.port)];
    for (const socket of busy) socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{');
    await seen.waitFor(() => seen.items.length === 2);
    const third = await rawSocket(r.port);
    const thirdAnswer = readUntilClosed(third);
    third.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await thirdAnswer).toBe('');
    for (const socket of busy) socket.destroy();
    await connections(r, 0);
    expect((await post(`http://127.0.0.1:${r.port}/health`, undefined, { method: 'GET' })).status).toBe(200);
  });

  it('decodes gzip bodies (limit on the decoded size) and refuses other encodings with 415', async () => {
    const r = await start({ maxBody: 4096 });
    const { text, eventId } = sampleBody('DELIVERY');
    const reply = await post(r.url, gzipSync(text), { headers: { 'content-encoding': 'gzip' } });
    expect(reply).toMatchObject({ status: 200, json: { eventId } });
    expect(captureBody((await stored())[0]!).toString('utf8')).toBe(text);

    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(4096);
    const big = await post(r.url, bomb, { headers: { 'content-encoding': 'gzip' } });
    expect(big.status).toBe(413);
    expect(big.json.error).toMatch(/decoded body is larger/);

    const corrupt = await post(r.url, Buffer.from('not gzip at all'), { headers: { 'content-encoding': 'gzip' } });
    expect(corrupt.status).toBe(400);
    expect(corrupt.json.error).toMatch(/gzip/);

    const br = await post(r.url, text, { headers: { 'content-encoding': 'br' } });
    expect(br.status).toBe(415);
    expect(br.json.error).toMatch(/"br" is not supported/);
    expect(await stored()).toHaveLength(1);
  });

  it('answers with --respond-status after capturing, after --delay', async () => {
    // --delay waits after the capture is on disk and before the answer: the test holds the wait open.
    const waits: Array<{ ms: number; release: () => void }> = [];
    const waiting = new Recorder<number>();
    const sleep = (ms: number) =>
      new Promise<void>((release) => {
        waits.push({ ms, release });
        waiting.push(ms);
      });
    const r = await start({ respondStatus: 503, delayMs: 150, sleep });
    const { text, eventId } = sampleBody();
    let answered = false;
    const replied = post(r.url, text).then((reply) => {
      answered = true;
      return reply;
    });
    expect(await waiting.waitFor(() => true)).toBe(150);
    expect((await stored())[0]).toMatchObject({ eventId });
    expect(answered).toBe(false);
    waits[0]?.release();
    const reply = await replied;
    expect(reply.status).toBe(503);
    expect(reply.json.error).toMatch(/--respond-status 503/);
    expect((await stored())[0]).toMatchObject({ eventId, status: 503 });
  });

  it('answers 500 and keeps running when the store cannot take a capture', async () => {
    const r = await start();
    await store.close();
    const reply = await post(r.url, sampleBody().text);
    expect(reply.status).toBe(500);
    expect(reply.json.error).toMatch(/could not store this webhook/);
    const error = await events.waitFor((e) => e.type === 'error');
    expect(error).toMatchObject({ stage: 'store' });
    expect((await post(`http://127.0.0.1:${r.port}/health`, undefined, { method: 'GET' })).status).toBe(200);
  });

  it('shows X-Forwarded-* headers without trusting them', async () => {
    const r = await start();
    await post(r.url, sampleBody().text, {
      headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'abc.trycloudflare.com' },
    });
    const event = await events.waitFor((e) => e.type === 'webhook');
    expect(event.type === 'webhook' && event.forwarded).toEqual({ for: '203.0.113.7', proto: 'https', host: 'abc.trycloudflare.com' });
    expect((await stored())[0]!.remoteAddress).toMatch(/127\.0\.0\.1/);
  });

  it('calls onStored with each new capture, not for duplicates', async () => {
    const seen = new Recorder<StoredCapture>();
    const r = await start({ onStored: seen.push });
    const { text, eventId } = sampleBody();
    await post(r.url, text);
    await post(r.url, text);
    await seen.waitFor((c) => c.eventId === eventId);
    await r.close();
    expect(seen.items).toHaveLength(1);
  });
});

describe('--forward-to', () => {
  async function app(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler!);
    extraServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/app`;
  }

  type Received = { body: Buffer; headers: Record<string, string | string[] | undefined>; path: string | undefined };
  function recordingApp(received: Recorder<Received>): Promise<string> {
    return app((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks), headers: req.headers, path: req.url });
        res.writeHead(202).end('{"queued":true}');
      });
    });
  }

  it("relays the same bytes and the sender's headers to an app that answers", async () => {
    const received = new Recorder<Received>();
    const url = await recordingApp(received);
    const forwarder = await createForwarder({ url, timeoutMs: 2000, env: {} });
    const r = await start({ forwarder, auth: AUTH });
    const body = `  ${sampleBody('ORDER').text}\n`;
    const reply = await post(r.url, body, {
      auth: `${AUTH.user}:${AUTH.password}`,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'ITscope-Webhook/1.0',
        'x-request-id': 'req-7',
        connection: 'keep-alive, x-hop',
        'x-hop': 'only-for-this-hop',
      },
    });
    expect(reply.status).toBe(200);
    const got = await received.waitFor(() => true);
    expect(got.body.toString('utf8')).toBe(body);
    expect(got.path).toBe('/app');
    const appHost = new URL(url).host;
    expect(got.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'ITscope-Webhook/1.0',
      'x-request-id': 'req-7',
      // The app is on this machine: the Basic Auth it may check comes along.
      authorization: `Basic ${Buffer.from(`${AUTH.user}:${AUTH.password}`).toString('base64')}`,
      host: appHost,
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': new URL(r.url).host,
      'content-length': String(Buffer.byteLength(body)),
    });
    expect(got.headers['x-hop']).toBeUndefined();
    const forwarded = await events.waitFor((e) => e.type === 'forwarded');
    // The start of the app's answer comes with the result (the inspector shows it).
    expect(forwarded).toMatchObject({ ok: true, status: 202, snippet: '{"queued":true}' });
    await forwarder.close();
  });

  it("sends the app the credentials of the --forward-to URL instead of the sender's", async () => {
    const received = new Recorder<Received>();
    const url = new URL(await recordingApp(received));
    url.username = 'app';
    url.password = 'p@ss:word';
    const forwarder = await createForwarder({ url: url.href, timeoutMs: 2000, env: {} });
    expect(forwarder.url).not.toContain('word');
    const r = await start({ forwarder, auth: AUTH });
    expect((await post(r.url, sampleBody().text, { auth: `${AUTH.user}:${AUTH.password}` })).status).toBe(200);
    const got = await received.waitFor(() => true);
    expect(got.headers.authorization).toBe(`Basic ${Buffer.from('app:p@ss:word').toString('base64')}`);
    await forwarder.close();
  });

  it('relays a gzip webhook decoded, without its Content-Encoding', async () => {
    const received = new Recorder<Received>();
    const forwarder = await createForwarder({ url: await recordingApp(received), timeoutMs: 2000, env: {} });
    const r = await start({ forwarder });
    const { text } = sampleBody('INVOICE');
    expect((await post(r.url, gzipSync(text), { headers: { 'content-encoding': 'gzip' } })).status).toBe(200);
    const got = await received.waitFor(() => true);
    expect(got.body.toString('utf8')).toBe(text);
    expect(got.headers['content-encoding']).toBeUndefined();
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(text)));
    await forwarder.close();
  });

  it('reports an app that hangs after the timeout and keeps answering webhooks at once', async () => {
    const url = await app(() => undefined);
    const forwarder = await createForwarder({ url, timeoutMs: 1000, env: {} });
    const r = await start({ forwarder });
    const reply = await post(r.url, sampleBody().text);
    expect(reply.status).toBe(200);
    // Answered without waiting for the app: its forward has not given up yet.
    expect(events.items.some((e) => e.type === 'forwarded')).toBe(false);
    const forwarded = await events.waitFor((e) => e.type === 'forwarded');
    expect(forwarded).toMatchObject({ ok: false });
    expect(forwarded.type === 'forwarded' && forwarded.error).toMatch(/no answer from .* within 1000 ms/);
    expect(forwarded.type === 'forwarded' && forwarded.hint).toMatch(/allow more time, e\.g\. --forward-timeout 30s$/);
    expect((await post(r.url, sampleBody().text)).status).toBe(200);
    await r.close();
    await forwarder.close();
  });

  it('reports an app whose answer trickles in past the timeout as failed, and reads only the start of a long answer', async () => {
    let endlessWritten: Promise<number> | undefined;
    const url = await app((req, res) => {
      req.resume();
      if (req.url === '/app?trickle') trickle(res, { status: 200, bytes: 40, everyMs: 100 });
      else endlessWritten = endless(res, 200);
    });
    const slow = await createForwarder({ url: `${url}?trickle`, timeoutMs: 1000, env: {} });
    const long = await createForwarder({ url: `${url}?endless`, timeoutMs: 5000, env: {} });
    const r = await start({ forwarder: slow });
    expect((await post(r.url, sampleBody().text)).status).toBe(200);
    const forwarded = await events.waitFor((e) => e.type === 'forwarded');
    expect(forwarded).toMatchObject({ ok: false, status: 200, error: 'the app answered 200, but the rest of its answer did not arrive within 1000 ms' });
    expect(forwarded.type === 'forwarded' && forwarded.hint).toMatch(/allow more time, e\.g\. --forward-timeout 30s$/);
    const result = await long.forward(Buffer.from(sampleBody().text), { headers: {}, remoteAddress: '127.0.0.1' });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(await endlessWritten).toBeLessThan(64 * 1024 ** 2);
    await slow.close();
    await long.close();
  });

  describe('to an https app with a self-signed certificate', () => {
    let httpsApp: RecordingServer;
    beforeEach(async () => {
      httpsApp = await startRecordingServer({ tls: await makeSelfSignedCert(), status: 202 });
    });
    afterEach(async () => {
      await httpsApp.close();
    });

    async function forwardOnce(options: { caFile?: string; insecure?: boolean }): Promise<ReceiverEvent> {
      const forwarder = await createForwarder({ url: `${httpsApp.url}hooks`, timeoutMs: 5000, env: {}, ...options });
      const r = await start({ forwarder });
      expect((await post(r.url, sampleBody('INVOICE').text)).status).toBe(200);
      const forwarded = await events.waitFor((e) => e.type === 'forwarded');
      await r.close();
      await forwarder.close();
      return forwarded;
    }

    it('reports the untrusted certificate and names --forward-ca and --forward-insecure', async () => {
      const forwarded = await forwardOnce({});
      expect(forwarded).toMatchObject({ ok: false });
      expect(forwarded.type === 'forwarded' && forwarded.error).toMatch(/TLS: the server certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
      expect(forwarded.type === 'forwarded' && forwarded.hint).toMatch(/--forward-ca FILE .*--forward-insecure/);
      expect(httpsApp.requests).toHaveLength(0);
    });

    it('delivers the same bytes once the certificate is trusted with a CA file', async () => {
      const caFile = join(dir, 'app-cert.pem');
      await writeFile(caFile, (await makeSelfSignedCert()).cert);
      const forwarded = await forwardOnce({ caFile });
      expect(forwarded).toMatchObject({ ok: true, status: 202 });
      const [got] = await httpsApp.waitFor(1);
      expect(got!.url).toBe('/hooks');
      expect(JSON.parse(got!.body.toString('utf8')).eventType).toBe('INVOICE');
    });

    it('delivers with --forward-insecure, without a CA', async () => {
      const forwarded = await forwardOnce({ insecure: true });
      expect(forwarded).toMatchObject({ ok: true, status: 202 });
      expect(await httpsApp.waitFor(1)).toHaveLength(1);
    });
  });

  it('served over https (--tls-cert): the app is told X-Forwarded-Proto https', async () => {
    const received = new Recorder<Received>();
    const forwarder = await createForwarder({ url: await recordingApp(received), timeoutMs: 2000, env: {} });
    const pair = await makeSelfSignedCert();
    const r = await start({ forwarder, tls: pair });
    expect(r.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(r.url, { method: 'POST', ca: pair.cert, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(sampleBody().text);
    });
    expect(status).toBe(200);
    const got = await received.waitFor(() => true);
    expect(got.headers['x-forwarded-proto']).toBe('https');
    await forwarder.close();
  });

  it('names a proxy that cannot be reached instead of blaming the app, without its credentials', async () => {
    const port = await closedPort();
    // An app on another machine goes through the proxy (a loopback app never does).
    const forwarder = await createForwarder({
      url: 'http://app.example.test:3000/hooks',
      timeoutMs: 2000,
      env: { HTTP_PROXY: `http://px:px-s3cret@127.0.0.1:${port}`, NO_PROXY: '' },
    });
    const r = await start({ forwarder });
    expect((await post(r.url, sampleBody().text)).status).toBe(200);
    const forwarded = await events.waitFor((e) => e.type === 'forwarded');
    const error = forwarded.type === 'forwarded' ? forwarded.error : undefined;
    const hint = forwarded.type === 'forwarded' ? forwarded.hint : undefined;
    expect(error).toContain(`could not reach the proxy 127.0.0.1:${port} (from HTTP_PROXY): ECONNREFUSED; app.example.test was not contacted`);
    expect(hint).toContain('NO_PROXY');
    expect(`${error} ${hint}`).not.toContain('px-s3cret');
    await forwarder.close();
  });

  it('relays to an app on this machine directly, never through a proxy, with the Basic Auth meant for it', async () => {
    const received = new Recorder<Received>();
    const port = await closedPort();
    const proxied = { HTTP_PROXY: `http://127.0.0.1:${port}`, HTTPS_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '' };
    const appUrl = new URL(await recordingApp(received));
    for (const host of ['127.0.0.1', 'localhost']) {
      appUrl.hostname = host;
      const forwarder = await createForwarder({ url: appUrl.href, timeoutMs: 2000, env: proxied });
      const r = await start({ forwarder, auth: AUTH });
      expect((await post(r.url, sampleBody().text, { auth: `${AUTH.user}:${AUTH.password}` })).status).toBe(200);
      const forwarded = await events.waitFor((e) => e.type === 'forwarded' && e.url === forwarder.url);
      expect(forwarded).toMatchObject({ ok: true, status: 202 });
      await r.close();
      receiver = undefined;
      await forwarder.close();
    }
    expect(received.items).toHaveLength(2);
    expect(received.items[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`${AUTH.user}:${AUTH.password}`).toString('base64')}`);
  });

  it('reports an app that is down', async () => {
    const url = await app(() => undefined);
    const server = extraServers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const forwarder = await createForwarder({ url, timeoutMs: 2000, env: {} });
    const r = await start({ forwarder });
    expect((await post(r.url, sampleBody().text)).status).toBe(200);
    const forwarded = await events.waitFor((e) => e.type === 'forwarded');
    expect(forwarded).toMatchObject({ ok: false });
    expect(forwarded.type === 'forwarded' && forwarded.error).toMatch(/connection refused/);
    await forwarder.close();
  });
});
