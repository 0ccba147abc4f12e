// `listen --tunnel` end to end: the built binary with stand-ins for cloudflared and ngrok
// on PATH that print the real programs' output formats.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type ListenProcess, post, rawSocket, readUntilClosed, sampleBody, spawnListen } from '../support/listen-harness.js';
import { closedPort } from '../support/ports.js';
import { tempDir } from '../support/temp-dir.js';
import { type Beacon, installStandIns, isRunning, type StandIn, startBeacon } from '../support/tunnel-stand-ins.js';

let dir: string;
let bin: string;
let captures: string;
let cleanup: () => Promise<void>;
let beacon: Beacon;
const running: ListenProcess[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('listen-tunnel-'));
  bin = join(dir, 'bin');
  captures = join(dir, 'captures');
  await mkdir(bin);
  beacon = await startBeacon();
});

afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  // Nothing may outlive a test: every stand-in has ended.
  await Promise.all(beacon.standIns.items.map((s) => s.ended));
  await beacon.close();
  await cleanup();
});

/** listen --json with only the stand-ins on PATH (so a real cloudflared or ngrok is never used). */
function listen(args: string[], env: Record<string, string> = {}): ListenProcess {
  const p = spawnListen(['--captures', captures, ...args], { cwd: dir, env: { PATH: bin, STAND_IN_BEACON: String(beacon.port), ...env } });
  running.push(p);
  return p;
}

const standIn = (): Promise<StandIn> => beacon.standIns.waitFor(() => true);

async function stop(p: ListenProcess, signal: NodeJS.Signals = 'SIGTERM') {
  p.child.kill(signal);
  return p.exited;
}

describe('listen --tunnel', () => {
  it('starts cloudflared for the bound port and puts the URL to paste, with --path, on the ready line and in the banner', async () => {
    await installStandIns(bin, ['cloudflared', 'ngrok']);
    const p = listen(['--tunnel', '--path', '/webhooks/itscope'], { ITSCOPE_API_KEY: 'api-key-secret' });
    const ready = await p.ready;
    const s = await standIn();
    expect(s.program).toBe('cloudflared');
    expect(s.args).toEqual(['tunnel', '--no-autoupdate', '--url', `http://127.0.0.1:${ready.port}`]);
    // listen's own secrets are not passed on to the tunnel program.
    expect(s.env).toEqual([]);
    expect(p.lines.items[0]).toEqual({
      type: 'ready',
      url: `http://127.0.0.1:${ready.port}/webhooks/itscope/`,
      port: ready.port,
      tunnel: 'cloudflared',
      publicUrl: 'https://stand-in-words-here.trycloudflare.com/webhooks/itscope',
    });
    expect(await stop(p)).toEqual({ code: 0, signal: null });
    await s.ended;
    expect(await isRunning(s.pid)).toBe(false);
    const stderr = p.stderr();
    expect(stderr).toContain(`Starting: cloudflared tunnel --no-autoupdate --url http://127.0.0.1:${ready.port}`);
    expect(stderr).toContain('https://stand-in-words-here.trycloudflare.com/webhooks/itscope');
    expect(stderr).toContain(`Tunnel:     cloudflared → http://127.0.0.1:${ready.port} (stops with listen)`);
    expect(stderr).not.toContain('ngrok http');
    expect(stderr).toContain('warning: Basic Auth is off behind a public URL');
    expect(stderr).toContain('warning: quick-tunnel URLs change on every start');
  });

  it('uses ngrok when it is the one installed, reading its JSON log; no Basic Auth warning with --user/--password', async () => {
    await installStandIns(bin, ['ngrok']);
    const p = listen(['--tunnel', '--user', 'hooks', '--password', 'pw-123456']);
    const ready = await p.ready;
    const s = await standIn();
    expect(s.args).toEqual(['http', `http://127.0.0.1:${ready.port}`, '--log', 'stdout', '--log-format', 'json']);
    expect(p.lines.items[0]).toMatchObject({ tunnel: 'ngrok', publicUrl: 'https://1a2b-203-0-113-7.ngrok-free.app/' });
    // Receiving still works locally, and webhooks are printed as usual.
    expect((await post(ready.url, sampleBody('ORDER').text, { auth: 'hooks:pw-123456' })).status).toBe(200);
    await p.lines.waitFor((l) => l.type === 'webhook');
    expect(await stop(p, 'SIGINT')).toEqual({ code: 0, signal: null });
    await s.ended;
    expect(await isRunning(s.pid)).toBe(false);
    expect(p.stderr()).not.toContain('Basic Auth is off');
    expect(p.stderr()).toContain('warning: ngrok may give another URL on the next start');
  });

  it('takes the program by name, in any case', async () => {
    await installStandIns(bin, ['cloudflared', 'ngrok']);
    const p = listen(['--tunnel', 'NGrok']);
    expect((await p.ready) as unknown).toMatchObject({ tunnel: 'ngrok' });
    expect((await standIn()).program).toBe('ngrok');
    await stop(p);
  });

  it('exits 2 with how to install either program when none is on PATH, before opening anything', async () => {
    const result = await runCli(['listen', '--tunnel', '--captures', captures], { cwd: dir, env: { PATH: bin } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--tunnel: neither cloudflared nor ngrok is on PATH');
    expect(result.stderr).toContain('brew install cloudflared');
    expect(result.stderr).toContain('https://ngrok.com/download');
    const named = await runCli(['listen', '--tunnel', 'ngrok', '--captures', captures], { cwd: dir, env: { PATH: bin } });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('--tunnel ngrok: ngrok is not on PATH');
    await expect(import('node:fs/promises').then((fs) => fs.stat(captures))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    [['--tunnel', 'localtunnel'], '--tunnel "localtunnel" is not a tunnel program'],
    [['--tunnel', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'], '--tunnel and --tls-cert cannot be used together'],
    [['--tunnel-timeout', '5'], '--tunnel-timeout needs --tunnel'],
  ])('exits 2 for %j', async (args, message) => {
    const result = await runCli(['listen', ...args], { cwd: dir, env: { PATH: bin } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('reports a tunnel that fails to start, with its last lines, and keeps receiving locally', async () => {
    await installStandIns(bin, ['ngrok']);
    const p = listen(['--tunnel'], { STAND_IN_MODE: 'crash' });
    const ready = await p.ready;
    expect(p.lines.items[0]).toMatchObject({ type: 'ready', tunnel: 'ngrok', publicUrl: null });
    const failed = await p.lines.waitFor((l) => l.type === 'tunnel');
    expect(failed).toMatchObject({
      state: 'failed',
      program: 'ngrok',
      reason: 'ngrok exited with status 1 before it printed its public URL',
      error: expect.stringContaining('ERR_NGROK_4018'),
      hint: expect.stringContaining('ngrok config add-authtoken'),
    });
    expect(failed.lastLines.at(-1)).toBe('ERROR:  ERR_NGROK_4018');
    expect((await post(ready.url, sampleBody().text)).status).toBe(200);
    await p.lines.waitFor((l) => l.type === 'webhook');
    expect(await stop(p)).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toContain('error: the ngrok tunnel did not start');
    expect(p.stderr()).toContain('ngrok did not start (see above)');
    expect(p.stderr()).not.toContain('warning: Basic Auth is off');
  });

  it('bounds the wait for a URL (--tunnel-timeout), stops the silent tunnel, and goes on locally', async () => {
    await installStandIns(bin, ['cloudflared']);
    const p = listen(['--tunnel', '--tunnel-timeout', '0.5'], { STAND_IN_MODE: 'silent' });
    const ready = await p.ready;
    expect(ready).toMatchObject({ publicUrl: null });
    const s = await standIn();
    expect(await p.lines.waitFor((l) => l.type === 'tunnel')).toMatchObject({
      state: 'failed',
      reason: 'cloudflared printed no public URL within 0.5 s',
      lastLines: expect.any(Array),
    });
    await s.ended;
    expect((await post(ready.url, sampleBody().text)).status).toBe(200);
    expect(await stop(p)).toEqual({ code: 0, signal: null });
  });

  it('waits for a slow tunnel before the ready line; webhooks received meanwhile are printed after it', async () => {
    await installStandIns(bin, ['cloudflared']);
    const port = await closedPort();
    const p = listen(['--tunnel', '--port', String(port)], { STAND_IN_MODE: 'slow' });
    const s = await standIn();
    const early = sampleBody('INVOICE');
    expect((await post(`http://127.0.0.1:${port}/`, early.text)).status).toBe(200);
    expect(p.lines.items).toEqual([]);
    s.send('go');
    expect(await p.ready).toMatchObject({ publicUrl: 'https://stand-in-words-here.trycloudflare.com/' });
    const webhook = await p.lines.waitFor((l) => l.type === 'webhook');
    expect(webhook.eventId).toBe(early.eventId);
    expect(p.lines.items.map((l) => l.type)).toEqual(['ready', 'webhook']);
    await stop(p);
  });

  it.each([['SIGTERM'], ['SIGKILL']] as const)('reports a tunnel that ends after the URL (%s) and keeps receiving locally', async (signal) => {
    await installStandIns(bin, ['cloudflared']);
    const p = listen(['--tunnel']);
    const ready = await p.ready;
    const s = await standIn();
    process.kill(s.pid, signal);
    const lost = await p.lines.waitFor((l) => l.type === 'tunnel');
    expect(lost).toMatchObject({ state: 'lost', program: 'cloudflared' });
    expect(lost.reason).toBe(signal === 'SIGKILL' ? 'cloudflared was stopped by SIGKILL' : 'cloudflared exited with status 0');
    expect(lost.lastLines.some((l: string) => l.includes('INF Registered tunnel connection'))).toBe(true);
    expect((await post(ready.url, sampleBody().text)).status).toBe(200);
    await p.lines.waitFor((l) => l.type === 'webhook');
    expect(await stop(p)).toEqual({ code: 0, signal: null });
    expect(await isRunning(s.pid)).toBe(false);
    expect(p.stderr()).toContain('error: the cloudflared tunnel stopped\n');
    expect(p.stderr()).toContain('https://stand-in-words-here.trycloudflare.com/ no longer reaches listen');
  });

  it('reports the error a tunnel prints when it fails after the URL', async () => {
    await installStandIns(bin, ['cloudflared']);
    const p = listen(['--tunnel']);
    await p.ready;
    (await standIn()).send('fail');
    expect(await p.lines.waitFor((l) => l.type === 'tunnel')).toMatchObject({
      state: 'lost',
      reason: 'cloudflared exited with status 1',
      error: "failed to unmarshal quick Tunnel: invalid character 'e' looking for beginning of value",
    });
    await stop(p);
  });

  it('reports no loss when Ctrl-C reaches the tunnel and listen at once (one process group in a terminal)', async () => {
    await installStandIns(bin, ['cloudflared']);
    const p = listen(['--tunnel']);
    const { port } = await p.ready;
    const s = await standIn();
    // A request in flight (its headers read: the server said 100 Continue) keeps listen
    // draining while the tunnel, hit by the same Ctrl-C, is already gone.
    const body = sampleBody().text;
    const socket = await rawSocket(port);
    const answer = readUntilClosed(socket);
    const continued = new Promise((resolve) => socket.once('data', resolve));
    socket.write(
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
    );
    expect(String(await continued)).toContain('100 Continue');
    p.child.kill('SIGINT');
    process.kill(s.pid, 'SIGINT');
    await s.ended;
    socket.write(body);
    expect(await answer).toContain('HTTP/1.1 200');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.lines.items.filter((l) => l.type === 'tunnel')).toEqual([]);
    expect(p.stderr()).not.toContain('tunnel stopped');
  });

  it('stops a tunnel that ignores SIGTERM when listen stops', async () => {
    await installStandIns(bin, ['cloudflared']);
    const p = listen(['--tunnel'], { STAND_IN_MODE: 'stubborn' });
    await p.ready;
    const s = await standIn();
    expect(await stop(p)).toEqual({ code: 0, signal: null });
    await s.ended;
    expect(await isRunning(s.pid)).toBe(false);
  });

  it('leaves no tunnel behind when listen itself is killed with SIGKILL', async () => {
    await installStandIns(bin, ['cloudflared']);
    const p = listen(['--tunnel']);
    await p.ready;
    const s = await standIn();
    expect(await stop(p, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await s.ended;
    expect(await isRunning(s.pid)).toBe(false);
  });

  it('stops a tunnel still starting when listen is stopped, and ends the CI goal as usual', async () => {
    await installStandIns(bin, ['cloudflared']);
    const p = listen(['--tunnel', '--max-events', '1'], { STAND_IN_MODE: 'slow' });
    const s = await standIn();
    expect(await stop(p, 'SIGINT')).toEqual({ code: 1, signal: null });
    expect(p.lines.items[0]).toMatchObject({ type: 'ready', publicUrl: null });
    expect(p.lines.items.at(-1)).toMatchObject({ type: 'summary', ok: false, reason: 'stopped by SIGINT' });
    expect(p.stderr()).toContain('cloudflared stopped before it gave a URL');
    await s.ended;
  });
});
