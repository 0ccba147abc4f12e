// SIGTERM under load: listen stops accepting, answers every request it has read (with
// Connection: close), reads no new ones on kept-alive connections, closes idle ones at
// once and only then exits. Every event stored got its 2xx answer, and every 2xx answer
// is a stored event.
import { join } from 'node:path';
import { Pool } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCaptureReader } from '../../src/store/capture-reader.js';
import { type ListenProcess, sampleBody, spawnListen } from '../support/listen-harness.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
let listen: ListenProcess | undefined;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('sigterm-'));
});

afterEach(async () => {
  if (listen && listen.child.exitCode === null && listen.child.signalCode === null) listen.child.kill('SIGKILL');
  await listen?.exited;
  listen = undefined;
  await cleanup();
});

describe('listen stopped by SIGTERM under load', () => {
  it('answers every event it stored and stores every event it answered 2xx', async () => {
    const captures = join(dir, 'captures');
    // --delay keeps every connection's request in flight for a while: the signal always finds some.
    listen = spawnListen(['--captures', captures, '--user', 'hooks', '--password', 'pw-123456', '--delay', '100']);
    const { url } = await listen.ready;
    const origin = new URL(url).origin;
    const connections = 48;
    const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
    const authorization = `Basic ${Buffer.from('hooks:pw-123456').toString('base64')}`;
    const acked = new Set<string>();
    const unanswered = new Set<string>();
    let closeHeaders = 0;
    let signalled = false;
    let stopped = false;
    const onSignal: Array<() => void> = [];
    const signalledAt = new Promise<void>((resolve) => onSignal.push(resolve));

    async function worker(): Promise<void> {
      // Each connection keeps sending until its own request fails after the signal.
      for (let done = false; !done && !stopped; ) {
        const { text, eventId } = sampleBody('ORDER');
        try {
          const res = await pool.request({ path: '/', method: 'POST', body: text, headers: { 'content-type': 'application/json', authorization } });
          await res.body.dump();
          if (res.statusCode === 200) acked.add(eventId);
          else unanswered.add(eventId);
          if (signalled && res.headers.connection === 'close') closeHeaders++;
        } catch {
          // No answer: refused after the signal, or cut. Such an event must not be stored.
          unanswered.add(eventId);
          done = signalled;
        }
        if (!signalled && acked.size >= 150) {
          signalled = true;
          listen!.child.kill('SIGTERM');
          for (const resolve of onSignal) resolve();
        }
      }
    }
    const workers = Array.from({ length: connections }, worker);
    await signalledAt;
    const exit = await listen.exited;
    stopped = true;
    await Promise.all(workers);
    await pool.destroy();

    expect(exit.code).toBe(0);
    const stored = new Set((await openCaptureReader(captures)).all().map((c) => c.eventId));
    expect(
      [...stored].filter((id) => id !== undefined && !acked.has(id)),
      'stored but never answered 2xx',
    ).toEqual([]);
    expect(
      [...acked].filter((id) => !stored.has(id)),
      'answered 2xx but not stored',
    ).toEqual([]);
    // Requests read after the signal were answered, each telling its client to go away.
    expect(closeHeaders).toBeGreaterThan(0);
  });
});
