import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCaptureReader } from '../../src/store/capture-reader.js';
import { BIN, baseEnv, runCli } from '../support/cli.js';
import { type ListenProcess, post, Recorder, sampleBody, spawnListen } from '../support/listen-harness.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let captures: string;
let cleanup: () => Promise<void>;
const running: ListenProcess[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('listen-cli-'));
  captures = join(dir, 'captures');
});

afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  await cleanup();
});

function listen(args: string[], env: Record<string, string | undefined> = {}): ListenProcess {
  const p = spawnListen(['--captures', captures, ...args], { cwd: dir, env });
  running.push(p);
  return p;
}

describe('itscope-hooks listen (built binary)', () => {
  it('prints the ready line first, one line per webhook, and exits 0 after --max-events', async () => {
    const p = listen(['--max-events', '2', '--user', 'hooks', '--password', 'pw-123456']);
    const { url, port } = await p.ready;
    expect(p.lines.items[0]).toEqual({ type: 'ready', url: `http://127.0.0.1:${port}/`, port });
    const a = sampleBody('ORDER');
    const b = sampleBody('INVOICE');
    expect((await post(url, a.text, { auth: 'hooks:pw-123456' })).status).toBe(200);
    expect((await post(url, a.text, { auth: 'hooks:pw-123456' })).json.duplicate).toBe(true);
    expect((await post(url, b.text, { auth: 'hooks:nope' })).status).toBe(401);
    expect((await post(url, b.text, { auth: 'hooks:pw-123456' })).status).toBe(200);
    expect(await p.exited).toEqual({ code: 0, signal: null });
    const webhooks = p.lines.items.filter((l) => l.type === 'webhook');
    expect(webhooks.map((l) => [l.eventType, l.duplicate, l.status, l.valid])).toEqual([
      ['ORDER', false, 200, true],
      ['ORDER', true, 200, true],
      ['INVOICE', false, 200, true],
    ]);
    expect(Object.keys(webhooks[0]).slice(0, 13)).toEqual([
      'type',
      'receivedAt',
      'eventId',
      'eventType',
      'transactionStatus',
      'orderId',
      'documentId',
      'transactionId',
      'valid',
      'duplicate',
      'errors',
      'warnings',
      'status',
    ]);
    const summary = p.lines.items.at(-1);
    expect(summary).toMatchObject({ type: 'summary', captured: 2, duplicates: 1, rejected: 1, ok: true, byType: { ORDER: 1, INVOICE: 1 } });
    // The banner goes to stderr in --json mode, and never shows the password.
    expect(p.stderr()).toContain(`cloudflared tunnel --url http://localhost:${port}`);
    expect(p.stderr()).toContain(`ngrok http ${port}`);
    expect(p.stderr()).toContain('Basic Auth: on (user "hooks")');
    expect(p.stderr()).not.toContain('pw-123456');
    expect(JSON.stringify(p.lines.items)).not.toContain('pw-123456');
    // The journal is NDJSON of capture records: validate judges the captured payloads.
    const validate = await runCli(['validate', captures, '--json']);
    expect(validate.code).toBe(0);
    expect(JSON.parse(validate.stdout).summary).toMatchObject({ records: 2, valid: 2, invalid: 0 });
  });

  it('prints the banner and plain human lines on stdout without --json', async () => {
    const child = spawn(process.execPath, [BIN, 'listen', '--port', '0', '--captures', captures, '--max-events', '1'], {
      cwd: dir,
      env: baseEnv() as NodeJS.ProcessEnv,
    });
    let stdout = '';
    const lines = new Recorder<string>();
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      lines.push(stdout);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const banner = await lines.waitFor((text) => /Stop with Ctrl-C/.test(text));
    const port = Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(banner)![1]);
    expect(banner).toContain('Basic Auth: off');
    expect(banner).toContain(`cloudflared tunnel --url http://localhost:${port}`);
    const { text } = sampleBody('ORDERRESPONSE');
    expect((await post(`http://127.0.0.1:${port}/`, text)).status).toBe(200);
    expect(await exited).toBe(0);
    const payload = JSON.parse(text);
    expect(stdout).toMatch(
      new RegExp(`\\d\\d:\\d\\d:\\d\\d ✓ ORDERRESPONSE +${payload.transactionStatus} +order ${payload.orderId}  doc ${payload.documentId}  200\n`),
    );
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('exits 1 when an --expect type does not arrive before --timeout', async () => {
    const p = listen(['--expect', 'DELIVERY,INVOICE', '--timeout', '1.5']);
    const { url } = await p.ready;
    expect((await post(url, sampleBody('DELIVERY').text)).status).toBe(200);
    const { code } = await p.exited;
    expect(code).toBe(1);
    expect(p.stderr()).toMatch(/--timeout 1\.5s reached; still waiting for INVOICE/);
  });

  it('exits 0 once every --expect type arrived', async () => {
    const p = listen(['--expect', 'delivery,invoice', '--timeout', '20']);
    const { url } = await p.ready;
    await post(url, sampleBody('DELIVERY').text);
    await post(url, sampleBody('INVOICE').text);
    expect((await p.exited).code).toBe(0);
  });

  it('with --strict in CI mode answers 422 and exits 1 on an invalid payload', async () => {
    const p = listen(['--strict', '--max-events', '3']);
    const { url } = await p.ready;
    const bad = JSON.parse(sampleBody('ORDER').text);
    bad.eventType = 'ORDERS';
    expect((await post(url, JSON.stringify(bad))).status).toBe(422);
    expect((await p.exited).code).toBe(1);
    expect(p.stderr()).toMatch(/invalid payload .*eventType/);
  });

  it('stops on SIGTERM with a summary and exit 0', async () => {
    const p = listen([]);
    const { url } = await p.ready;
    await post(url, 'not json');
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
    expect(p.lines.items.at(-1)).toMatchObject({ type: 'summary', captured: 1, notJson: 1, reason: 'stopped by SIGTERM' });
  });

  it('refuses a busy port (also from $PORT) with exit 2, naming the port and --port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const byFlag = await runCli(['listen', '--port', String(port), '--captures', captures], { cwd: dir });
      expect(byFlag.code).toBe(2);
      expect(byFlag.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(byFlag.stderr).toContain('--port');
      expect(byFlag.stderr).not.toMatch(/at .*\.js:\d+/);
      const byEnv = await runCli(['listen', '--captures', captures], { cwd: dir, env: { PORT: String(port) } });
      expect(byEnv.code).toBe(2);
      expect(byEnv.stderr).toContain(`port ${port}`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each([
    ['192.0.2.1', 'not an address of this machine'],
    ['no-such-host.invalid', 'no such host name'],
  ])('refuses --host %s with exit 2 and the reason', async (host, why) => {
    const r = await runCli(['listen', '--port', '0', '--host', host, '--captures', captures], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot listen on host ${host} (${why})\nfix:   use --host 127.0.0.1`);
  });

  it('exits 2 on bad flag values', async () => {
    for (const [args, message] of [
      [['--max-body', 'lots'], /--max-body "lots" is not a size/],
      [['--user', 'only-user'], /no password/],
      [['--expect', 'ORDER,SHIPMENT'], /"SHIPMENT" is not an event type/],
      [['--forward-to', 'ftp://x'], /not an http\(s\) URL/],
      // Above setTimeout's limit the timer fired at once: exit 0 before anything arrived.
      [['--timeout', '2147484', '--max-events', '1'], /--timeout "2147484" is longer than 2147483s/],
      [
        ['--timeout', 'a minute', '--max-events', '1'],
        /--timeout "a minute" is not a duration\nfix: +e\.g\. --timeout 500ms, --timeout 2s or --timeout 1m \(a bare number is seconds\)/,
      ],
      [['--delay', '2147483648', '--timeout', '1'], /--delay "2147483648" is longer than 10m/],
      [['--forward-status', '--timeout', '1'], /^error: --forward-status needs --forward-to/],
      // node:http cannot answer 1xx as the final status; 304 has no body.
      [
        ['--respond-status', '101', '--timeout', '1'],
        /--respond-status "101" is not a whole number from 200 to 599\nfix: +use a status from 200 to 599 except 304/,
      ],
      [['--respond-status', '304', '--timeout', '1'], /--respond-status 304 cannot be used.*\nfix: +use a status from 200 to 599 except 304/],
      [['--host', '', '--timeout', '1'], /^error: --host is empty\nfix: +use --host 127\.0\.0\.1/],
      [
        ['--forward-to', 'https://localhost:3443/', '--forward-ca', 'no-such-cert.pem', '--timeout', '1'],
        /^error: cannot read --forward-ca no-such-cert\.pem: ENOENT\nfix: +check the path/,
      ],
      [['--forward-ca', 'cert.pem', '--timeout', '1'], /^error: --forward-ca needs --forward-to/],
      [['--tls-cert', 'cert.pem', '--timeout', '1'], /^error: --tls-cert needs --tls-key/],
      [['--tls-cert', 'no-cert.pem', '--tls-key', 'no-key.pem', '--timeout', '1'], /^error: cannot read --tls-cert no-cert\.pem \(no such file\)/],
    ] as const) {
      const result = await runCli(['listen', '--port', '0', '--captures', captures, ...args], { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('warns about a --password or --api-key on the command line, and about any other host than loopback without Basic Auth', async () => {
    const open = listen(['--host', '0.0.0.0', '--timeout', '0.2']);
    await open.ready;
    await open.exited;
    if (!open.child.stderr!.closed) await once(open.child.stderr!, 'close');
    // Warnings are wrapped to the terminal's width: compared as one line each.
    const unwrapped = (text: string) => text.replace(/\n {2}/g, ' ');
    expect(unwrapped(open.stderr())).toContain(
      "warning: listening on 0.0.0.0 without Basic Auth: anyone who can reach this machine can post webhooks into your captures; set --user and --password (ITSCOPE_WEBHOOK_USER, ITSCOPE_WEBHOOK_PASSWORD) as on ITscope's settings page",
    );
    const secrets = listen([
      '--user',
      'hooks',
      '--password',
      'pw-on-cli-1',
      '--fetch-docs',
      '--account-id',
      'a',
      '--api-key',
      'key-on-cli-1',
      '--timeout',
      '0.2',
    ]);
    await secrets.ready;
    await secrets.exited;
    if (!secrets.child.stderr!.closed) await once(secrets.child.stderr!, 'close');
    expect(unwrapped(secrets.stderr())).toContain(
      'warning: a --password on the command line is visible in the process list and shell history; prefer ITSCOPE_WEBHOOK_PASSWORD',
    );
    expect(unwrapped(secrets.stderr())).toContain(
      'warning: a --api-key on the command line is visible in the process list and shell history; prefer ITSCOPE_API_KEY',
    );
    expect(secrets.stderr()).not.toMatch(/pw-on-cli-1|key-on-cli-1|without Basic Auth/);
    // Loopback with the password from the environment: nothing to warn about.
    const quiet = listen(['--user', 'hooks', '--timeout', '0.2'], { ITSCOPE_WEBHOOK_PASSWORD: 'pw-123456' });
    await quiet.ready;
    await quiet.exited;
    if (!quiet.child.stderr!.closed) await once(quiet.child.stderr!, 'close');
    expect(quiet.stderr()).not.toContain('warning:');
  });

  it('refuses a second listen on the same capture folder, naming the first; a killed one does not block', async () => {
    const first = listen([]);
    await first.ready;
    const second = await runCli(['listen', '--port', '0', '--captures', captures, '--timeout', '1'], { cwd: dir });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`error: another itscope-hooks listen (pid ${first.child.pid}) is already writing to ${captures}`);
    expect(second.stderr).toMatch(/fix: +stop it first \(kill \d+\), or give this one its own folder with --captures DIR/);
    first.child.kill('SIGKILL');
    await first.exited;
    // Its lock is left behind, naming a process that no longer runs: taken over.
    const third = listen([]);
    const { url } = await third.ready;
    expect((await post(url, sampleBody().text)).status).toBe(200);
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
  });

  it('loses no acknowledged event when killed with SIGKILL mid-load', async () => {
    const p = listen([]);
    const { url } = await p.ready;
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const acked: string[] = [];
    let killed = false;
    const total = 600;
    let next = 0;
    async function worker(): Promise<void> {
      while (next < total) {
        next++;
        const { text, eventId } = sampleBody('DELIVERY');
        try {
          const reply = await post(url, text, { agent });
          if (reply.status >= 200 && reply.status < 300) acked.push(eventId);
        } catch {
          // Connection reset by the kill: not acknowledged.
        }
        if (!killed && acked.length >= 150) {
          killed = true;
          p.child.kill('SIGKILL');
        }
      }
    }
    await Promise.all(Array.from({ length: 16 }, worker));
    agent.destroy();
    expect((await p.exited).signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(150);
    expect(acked.length).toBeLessThan(total);

    // Restart: the store opens despite a possibly torn tail and remembers every eventId.
    const again = listen([]);
    const restarted = await again.ready;
    const replay = await post(restarted.url, JSON.stringify({ ...JSON.parse(sampleBody('DELIVERY').text), eventId: acked[0] }));
    expect(replay.json.duplicate).toBe(true);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);

    const reader = await openCaptureReader(captures);
    const missing = acked.filter((id) => !reader.byEventId(id));
    expect(missing).toEqual([]);
  });
});
