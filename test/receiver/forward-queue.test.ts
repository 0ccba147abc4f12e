// --forward-to to an app that never answers: forwards in flight and waiting stay bounded,
// the rest are dropped with a line that says how to replay them, and every webhook is
// still stored and answered at once.
import { readFileSync } from 'node:fs';
import { Agent, createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createForwardQueue, MAX_IN_FLIGHT } from '../../src/receiver/forward-queue.js';
import { openCaptureReader } from '../../src/store/capture-reader.js';
import { type ListenProcess, post, Recorder, sampleBody, spawnListen } from '../support/listen-harness.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
let listen: ListenProcess | undefined;
let app: Server | undefined;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('forward-cap-'));
});

afterEach(async () => {
  if (listen && listen.child.exitCode === null && listen.child.signalCode === null) listen.child.kill('SIGKILL');
  await listen?.exited;
  listen = undefined;
  app?.closeAllConnections();
  await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
  app = undefined;
  await cleanup();
});

/** Peak resident memory of a process in MiB, where /proc tells it. */
function peakRssMiB(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

describe('the forward queue', () => {
  it('runs a bounded number at once, keeps order, and drops beyond the bytes it may hold', async () => {
    const queue = createForwardQueue(2, 10);
    const started: number[] = [];
    const release: Array<() => void> = [];
    const work = (n: number) => () =>
      new Promise<string>((resolve) => {
        started.push(n);
        release.push(() => resolve(`done ${n}`));
      });
    const results = [1, 2, 3, 4, 5].map((n) => queue.run(4, work(n), (reason) => `dropped ${n}: ${reason}`));
    expect(started).toEqual([1, 2]);
    // 3 and 4 wait (8 of 10 bytes); 5 would be 12: dropped at once.
    expect(await results[4]).toBe('dropped 5: 2 forwards are waiting for the app to answer and 2 more (8 bytes) are queued');
    release.shift()?.();
    expect(await results[0]).toBe('done 1');
    expect(started).toEqual([1, 2, 3]);
    while (release.length) release.shift()?.();
    await results[2];
    release.shift()?.();
    expect(await Promise.all(results.slice(0, 4))).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
  });
});

describe('listen --forward-to an app that never answers', () => {
  it('stores and answers 400 webhooks of 1 MB at once; forwards stay bounded, the rest are dropped with a replay hint', async () => {
    const arrived = new Recorder<IncomingMessage>();
    app = createServer((req) => {
      req.resume();
      arrived.push(req);
    });
    await new Promise<void>((resolve) => app!.listen(0, '127.0.0.1', resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/hooks`;
    const captures = join(dir, 'captures');
    listen = spawnListen(['--captures', captures, '--max-body', '2mb', '--forward-to', appUrl, '--forward-timeout', '600000']);
    const { url } = await listen.ready;
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const ids: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 400) {
        next++;
        const { text, eventId } = sampleBody('DELIVERY');
        const big = JSON.stringify({ ...JSON.parse(text), note: 'x'.repeat(1024 * 1024 - 600) });
        const reply = await post(url, big, { agent });
        expect(reply.status).toBe(200);
        ids.push(eventId);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    agent.destroy();
    // Each webhook's line comes first; a forward dropped at once is reported right behind it.
    const isDropped = (l: { type: string; dropped?: boolean }) => l.type === 'forwarded' && l.dropped === true;
    await listen.lines.waitFor(() => listen!.lines.items.filter(isDropped).length >= 300);
    const dropped = listen.lines.items.find(isDropped);
    expect(dropped).toMatchObject({ type: 'forwarded', ok: false, dropped: true });
    expect(dropped.error).toMatch(/^16 forwards are waiting for the app to answer and \d+ more \(\d+(\.\d+)? MiB\) are queued$/);
    expect(dropped.hint).toContain(`\`itscope-hooks send --event-id ${dropped.eventId} --url ${appUrl}\``);
    await arrived.waitFor(() => arrived.items.length === MAX_IN_FLIGHT);
    expect(arrived.items).toHaveLength(MAX_IN_FLIGHT);
    const peak = peakRssMiB(listen.child.pid!);
    // Without the cap this grew past 950 MiB; with it, about 360 MiB (plain listen under this load: about 210).
    if (peak !== undefined) expect(peak).toBeLessThan(600);
    listen.child.kill('SIGKILL');
    await listen.exited;
    expect((await openCaptureReader(captures)).count).toBe(400);
  });
});
