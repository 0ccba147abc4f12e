// `itscope-hooks inspect` and `listen --ui` from the built binary: ready lines, following
// a store another listen writes (new journal files too), and the usage errors.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSample } from '../../src/core/samples.js';
import { runCli } from '../support/cli.js';
import { eventStream } from '../support/inspector-harness.js';
import { type ListenProcess, post, spawnListen } from '../support/listen-harness.js';
import { type SpawnedCli, spawnCli } from '../support/spawned.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let captures: string;
let cleanup: () => Promise<void>;
const running: SpawnedCli[] = [];
const servers: Server[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('inspect-cli-'));
  captures = join(dir, 'captures');
});
afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
  await cleanup();
});

function listen(args: string[] = []): ListenProcess {
  const p = spawnListen(['--captures', captures, ...args], { cwd: dir });
  running.push(p);
  return p;
}

async function stop(p: SpawnedCli): Promise<number | null> {
  p.child.kill('SIGTERM');
  return (await p.exited).code;
}

/** A port something already listens on. */
async function busyPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('itscope-hooks inspect', () => {
  it('serves a store and follows it live while listen sessions write it, new journal files included', async () => {
    const first = listen();
    const { url } = await first.ready;
    await post(url, JSON.stringify(createSample('ORDER')));
    await post(url, JSON.stringify(createSample('DELIVERY')));
    expect(await stop(first)).toBe(0);

    const inspect = spawnCli(['inspect', '--json', '--captures', captures, '--ui-port', '0'], { cwd: dir });
    running.push(inspect);
    const ready = await inspect.lines.waitFor((l) => l.type === 'ready');
    expect(ready).toEqual({ type: 'ready', ui: `http://127.0.0.1:${ready.port}/`, port: ready.port, captures, count: 2 });
    const stream = eventStream(ready.ui);
    await stream.events.waitFor((e) => e.event === 'hello');

    // A second listen session writes a new journal file into the same folder.
    const second = listen();
    const payload = createSample('INVOICE');
    await post((await second.ready).url, JSON.stringify(payload));
    await stream.events.waitFor((e) => e.event === 'captures' && e.data.newest === 3);
    const list = (await (await fetch(new URL('/api/captures', ready.ui))).json()) as { items: Array<{ eventId: string }>; total: number };
    expect(list.total).toBe(3);
    expect(list.items[0]?.eventId).toBe(payload.eventId);
    stream.close();
    expect(await stop(second)).toBe(0);
    expect(await stop(inspect)).toBe(0);
  });

  it('exits 2 naming --ui-port when the port is busy', async () => {
    const port = await busyPort();
    const r = await runCli(['inspect', '--captures', captures, '--ui-port', String(port)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(r.stderr).toContain(`--ui-port ${port + 1}`);
  });

  it('does not open a browser in CI, and says so', async () => {
    const inspect = spawnCli(['inspect', '--open', '--captures', captures, '--ui-port', '0'], { cwd: dir, env: { CI: '1' } });
    running.push(inspect);
    await inspect.lines.waitFor((l) => l.type === 'text' && l.line.startsWith('Inspector on'));
    await new Promise<void>((resolve) => {
      const check = () => (inspect.stderr().includes('not opening a browser') ? resolve() : setImmediate(check));
      inspect.child.stderr!.on('data', check);
      check();
    });
    expect(inspect.stderr()).toContain('not opening a browser: CI is set');
    expect(await stop(inspect)).toBe(0);
  });
});

describe('itscope-hooks listen --ui', () => {
  it('adds "ui" to the ready line and the inspector to the banner', async () => {
    const p = listen(['--ui', '--ui-port', '0']);
    const ready = (await p.ready) as unknown as Record<string, unknown>;
    expect(Object.keys(ready)).toEqual(['type', 'url', 'port', 'ui']);
    expect(ready.ui).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(ready.ui).not.toBe(ready.url);
    expect((await fetch(String(ready.ui))).status).toBe(200);
    expect(await stop(p)).toBe(0);
    expect(p.stderr()).toContain(`  Inspector:  ${ready.ui}`);
  });

  it('--ui-host beyond loopback: a warning, and every request needs the per-run token the printed URL carries', async () => {
    const p = listen(['--ui', '--ui-port', '0', '--ui-host', '0.0.0.0']);
    const ready = (await p.ready) as unknown as Record<string, unknown>;
    const ui = new URL(String(ready.ui));
    const token = ui.searchParams.get('token');
    expect(token).toMatch(/\S{16,}/);
    expect(p.stderr()).toMatch(/warning:.*--ui-host/);
    const api = `http://127.0.0.1:${ui.port}/api/captures`;
    expect((await fetch(api)).status).toBe(401);
    expect((await fetch(`${api}?token=wrong`)).status).toBe(401);
    expect((await fetch(`${api}?token=${token}`)).status).toBe(200);
    expect(await stop(p)).toBe(0);
  });

  it('refuses --ui-port without --ui, and the webhook port as the UI port', async () => {
    const lone = await runCli(['listen', '--captures', captures, '--ui-port', '9999'], { cwd: dir });
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain('--ui-port needs --ui');
    const port = await busyPort();
    const same = await runCli(['listen', '--captures', captures, '--ui', '--port', String(port), '--ui-port', String(port)], { cwd: dir });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain(`--ui-port ${port} is the webhook port`);
  });

  it('exits 2 naming --ui-port when the UI port is busy, and lets the webhook port go', async () => {
    const port = await busyPort();
    const r = await runCli(['listen', '--captures', captures, '--port', '0', '--ui', '--ui-port', String(port)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(r.stderr).toContain('--ui-port');
    expect(r.stdout).toBe('');
  });
});
