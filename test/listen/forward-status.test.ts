// listen --forward-to … --forward-status, end to end: the built binary between a real
// sender (HTTP requests, `send`) and a real app (node:http) that answers 500, 201, hangs
// or is down. The sender gets the app's answer; every webhook is stored first.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCaptureReader } from '../../src/store/capture-reader.js';
import { runCli } from '../support/cli.js';
import { type ListenProcess, post, Recorder, sampleBody, spawnListen } from '../support/listen-harness.js';
import { closedPort } from '../support/ports.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let captures: string;
let cleanup: () => Promise<void>;
const running: ListenProcess[] = [];
const servers: Server[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('forward-status-'));
  captures = join(dir, 'captures');
});

afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await cleanup();
});

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  body: string;
}

/** A real app on port 0; each request is recorded and answered by `answer` (which may hold it). */
async function startApp(answer: (call: Call) => void): Promise<{ url: string; calls: Recorder<Call> }> {
  const calls = new Recorder<Call>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const call = { req, res, body };
      calls.push(call);
      answer(call);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, calls };
}

function listen(forwardTo: string, extra: string[] = []): ListenProcess {
  const p = spawnListen(['--captures', captures, '--forward-to', forwardTo, '--forward-status', ...extra], { cwd: dir });
  running.push(p);
  return p;
}

/** Resolves once nothing accepts connections at `url` any more (each try is a real request). */
async function refusingConnections(url: string): Promise<void> {
  for (;;) {
    const refused = await post(`${url}health`, undefined, { method: 'GET' }).then(
      () => false,
      () => true,
    );
    if (refused) return;
  }
}

async function storedIds(): Promise<string[]> {
  return (await openCaptureReader(captures)).all().map((c) => c.eventId ?? '');
}

describe('listen --forward-status', () => {
  it("answers the sender with the app's 500, its Content-Type and body; the webhook is stored", async () => {
    const app = await startApp(({ res }) => res.writeHead(500, { 'content-type': 'application/problem+json' }).end('{"title":"database down"}'));
    const p = listen(app.url);
    const { url } = await p.ready;
    const { text, eventId } = sampleBody('DELIVERY');
    const reply = await post(url, text);
    expect(reply.status).toBe(500);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.text).toBe('{"title":"database down"}');
    expect((await app.calls.waitFor(() => true)).body).toBe(text);
    const line = await p.lines.waitFor((l) => l.type === 'webhook');
    expect(line).toMatchObject({ eventId, status: 500, duplicate: false });
    expect(await p.lines.waitFor((l) => l.type === 'forwarded')).toMatchObject({ eventId, ok: false, status: 500, snippet: '{"title":"database down"}' });
    expect(await storedIds()).toEqual([eventId]);
  });

  it("passes a 201 on, and `send` sees the app's answer (exit 1 for the 500 of another app)", async () => {
    const created = await startApp(({ res }) => res.writeHead(201, { 'content-type': 'text/plain; charset=utf-8' }).end('made'));
    const p = listen(created.url);
    const { url } = await p.ready;
    const reply = await post(url, sampleBody('ORDER').text);
    expect([reply.status, reply.headers['content-type'], reply.text]).toEqual([201, 'text/plain; charset=utf-8', 'made']);
    const sent = await runCli(['send', '--type', 'INVOICE', '--url', url, '--json'], { cwd: dir });
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout.split('\n')[0] ?? '{}')).toMatchObject({ status: 201, ok: true });

    const failing = await startApp(({ res }) => res.writeHead(500).end('no'));
    const q = spawnListen(['--captures', join(dir, 'other'), '--forward-to', failing.url, '--forward-status'], { cwd: dir });
    running.push(q);
    const other = await q.ready;
    const refused = await runCli(['send', '--type', 'INVOICE', '--url', other.url, '--json'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout.split('\n')[0] ?? '{}')).toMatchObject({ status: 500, ok: false });
  });

  it('a retry of a webhook the app refused is forwarded again, stored once, and gets the new answer', async () => {
    let first = true;
    const app = await startApp(({ res }) => {
      res.writeHead(first ? 503 : 200, { 'content-type': 'application/json' }).end(first ? '{"retry":true}' : '{"ok":true}');
      first = false;
    });
    const p = listen(app.url);
    const { url } = await p.ready;
    const { text, eventId } = sampleBody('INVOICE');
    expect((await post(url, text)).status).toBe(503);
    const retry = await post(url, text);
    expect([retry.status, retry.text]).toEqual([200, '{"ok":true}']);
    expect(app.calls.items.map((c) => c.body)).toEqual([text, text]);
    const lines = await p.lines.waitFor(() => p.lines.items.filter((l) => l.type === 'webhook').length === 2);
    expect(lines).toBeDefined();
    expect(p.lines.items.filter((l) => l.type === 'webhook').map((l) => [l.status, l.duplicate])).toEqual([
      [503, false],
      [200, true],
    ]);
    expect(await storedIds()).toEqual([eventId]);
  });

  it('an app that hangs: 504 with a JSON error after --forward-timeout; an app that is down: 502; both stored', async () => {
    const hanging = await startApp(() => undefined);
    const p = listen(hanging.url, ['--forward-timeout', '500ms']);
    const { url } = await p.ready;
    const slow = sampleBody('ORDER');
    const reply = await post(url, slow.text);
    expect(reply.status).toBe(504);
    expect(reply.json).toEqual({
      eventId: slow.eventId,
      error: expect.stringMatching(/^your app did not answer in time \(--forward-timeout\): .*500 ms.*; the webhook is stored$/),
    });
    expect(await storedIds()).toEqual([slow.eventId]);

    const port = await closedPort();
    const downCaptures = join(dir, 'down');
    const q = spawnListen(['--captures', downCaptures, '--forward-to', `http://127.0.0.1:${port}/hooks`, '--forward-status'], { cwd: dir });
    running.push(q);
    const down = await q.ready;
    const gone = sampleBody('ORDER');
    const answer = await post(down.url, gone.text);
    expect(answer.status).toBe(502);
    expect(answer.json).toEqual({
      eventId: gone.eventId,
      error: expect.stringMatching(/^listen could not forward the webhook to your app: .*refused.*; the webhook is stored$/),
    });
    expect((await openCaptureReader(downCaptures)).all().map((c) => c.eventId)).toEqual([gone.eventId]);
  });

  it('what listen refuses itself (not JSON: 400) is answered by listen, not forwarded', async () => {
    const app = await startApp(({ res }) => res.writeHead(200).end());
    const p = listen(app.url);
    const { url } = await p.ready;
    const reply = await post(url, 'not json');
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(/not JSON/);
    // A valid one afterwards reaches the app: nothing was forwarded for the first.
    expect((await post(url, sampleBody().text)).status).toBe(200);
    expect(app.calls.items).toHaveLength(1);
  });

  it("SIGTERM while the app is still answering: the sender still gets the app's answer, then listen exits 0", async () => {
    const app = await startApp(() => undefined);
    const p = listen(app.url, ['--forward-timeout', '30s']);
    const { url } = await p.ready;
    const { text, eventId } = sampleBody('DELIVERY');
    const reply = post(url, text);
    const call = await app.calls.waitFor(() => true);
    p.child.kill('SIGTERM');
    // listen is stopping once it refuses new connections; it still waits for the answer of the webhook it stored.
    await refusingConnections(url);
    call.res.writeHead(202, { 'content-type': 'application/json' }).end('{"queued":true}');
    const answer = await reply;
    expect([answer.status, answer.text]).toEqual([202, '{"queued":true}']);
    expect((await p.exited).code).toBe(0);
    expect(p.lines.items.at(-1)).toMatchObject({ type: 'summary', reason: 'stopped by SIGTERM', forwarded: 1 });
    expect(await storedIds()).toEqual([eventId]);
  });
});
