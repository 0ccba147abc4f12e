// `send` into a real `listen` process: what one command sends, the other accepts.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { BIN, baseEnv, ROOT, runCli } from '../support/cli.js';
import { startRecordingServer } from '../support/https-server.js';
import { readJunit } from '../support/junit.js';
import { tempDir } from '../support/temp-dir.js';
import { makeSelfSignedCert } from '../support/tls.js';

let work: { dir: string; cleanup: () => Promise<void> };
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  work = await tempDir('itscope-hooks-send-listen-');
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await work.cleanup();
});

interface Listener {
  port: number;
  /** The URL of the ready line. */
  url: string;
  /** Every JSON line after the ready line. */
  lines: Array<Record<string, unknown>>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `listen --port 0 --json …` and waits for its ready line. */
async function listen(args: string[], env: Record<string, string> = {}): Promise<Listener> {
  const child = spawn(process.execPath, [BIN, 'listen', '--port', '0', '--json', ...args], {
    cwd: work.dir,
    env: baseEnv({ XDG_CONFIG_HOME: join(work.dir, 'xdg'), CI: '1', ...env }) as NodeJS.ProcessEnv,
  });
  children.push(child);
  const exited = once(child, 'close').then(([code]) => code as number | null);
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const rl = createInterface({ input: child.stdout });
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    rl.on('line', (line) => {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (value.type === 'ready') resolve(value);
      else lines.push(value);
    });
    void exited.then((code) => reject(new Error(`listen exited (${code}) before it was ready: ${stderr}`)));
  });
  const { port, url } = await ready;
  return { port: port as number, url: url as string, lines, exited };
}

describe.concurrent('send → listen', () => {
  test('all four types arrive valid, with Basic Auth, and listen meets its --expect goal', async ({ expect }) => {
    const captures = join(work.dir, 'captures-all');
    const auth = { ITSCOPE_WEBHOOK_USER: 'hooks', ITSCOPE_WEBHOOK_PASSWORD: 'e2e-secret' };
    const l = await listen(['--captures', captures, '--expect', 'ORDER,ORDERRESPONSE,DELIVERY,INVOICE', '--timeout', '20'], auth);
    const r = await runCli(['send', '--url', `http://127.0.0.1:${l.port}/`, '--json'], { cwd: work.dir, env: auth });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sent = r.stdout
      .trim()
      .split('\n')
      .map((x) => JSON.parse(x) as Record<string, unknown>);
    expect(await l.exited).toBe(0);
    const webhooks = l.lines.filter((x) => x.type === 'webhook');
    expect(webhooks.map((w) => [w.eventType, w.eventId, w.valid, w.duplicate, w.status])).toEqual(
      sent.slice(0, 4).map((s) => [s.eventType, s.eventId, true, false, 200]),
    );

    // The captured bytes replay unchanged to another receiver.
    const target = await startRecordingServer();
    try {
      const eventId = String(sent[2]?.eventId);
      const replay = await runCli(['send', '--url', target.url, '--event-id', eventId, '--captures', captures], { cwd: work.dir });
      expect(replay.code).toBe(0);
      const body = target.requests[0]?.body.toString('utf8') ?? '';
      expect(JSON.parse(body)).toMatchObject({ eventId, eventType: 'DELIVERY' });
    } finally {
      await target.close();
    }
  });

  test('wrong credentials get 401 and send exits 1; nothing is captured', async ({ expect }) => {
    const l = await listen(['--captures', join(work.dir, 'captures-401'), '--max-events', '1', '--timeout', '20'], {
      ITSCOPE_WEBHOOK_USER: 'a',
      ITSCOPE_WEBHOOK_PASSWORD: 'right',
    });
    const r = await runCli(['send', '--url', `http://127.0.0.1:${l.port}/`, '--type', 'ORDER'], {
      cwd: work.dir,
      env: { ITSCOPE_WEBHOOK_USER: 'a', ITSCOPE_WEBHOOK_PASSWORD: 'wrong' },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ 401 ORDER/);
    const ok = await runCli(['send', '--url', `http://127.0.0.1:${l.port}/`, '--type', 'INVOICE'], {
      cwd: work.dir,
      env: { ITSCOPE_WEBHOOK_USER: 'a', ITSCOPE_WEBHOOK_PASSWORD: 'right' },
    });
    expect(ok.code).toBe(0);
    expect(await l.exited).toBe(0);
    expect(l.lines.filter((x) => x.type === 'webhook').map((w) => w.eventType)).toEqual(['INVOICE']);
  });

  test('listen --tls-cert/--tls-key serves https: send with --ca delivers, plain http is refused, the ready line says https', async ({ expect }) => {
    const { cert, key } = await makeSelfSignedCert();
    const certFile = join(work.dir, 'listen-cert.pem');
    const keyFile = join(work.dir, 'listen-key.pem');
    await writeFile(certFile, cert);
    await writeFile(keyFile, key);
    const captures = join(work.dir, 'captures-tls');
    const l = await listen(['--captures', captures, '--tls-cert', certFile, '--tls-key', keyFile, '--max-events', '1', '--timeout', '20']);
    expect(l.url).toBe(`https://127.0.0.1:${l.port}/`);
    // Plain http to the https port: the connection only closes; send finds out why and says what to use.
    const plain = await runCli(['send', '--url', `http://127.0.0.1:${l.port}/`, '--type', 'ORDER'], { cwd: work.dir });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain(`127.0.0.1:${l.port} speaks https, but this request was plain http`);
    expect(plain.stdout).toMatch(new RegExp(`fix: use https://127\\.0\\.0\\.1:${l.port}/ \\(for a self-signed certificate`));
    expect(
      JSON.parse((await runCli(['send', '--url', `http://127.0.0.1:${l.port}/`, '--type', 'ORDER', '--json'], { cwd: work.dir })).stdout.split('\n')[0] ?? ''),
    ).toMatchObject({
      ok: false,
      error: `127.0.0.1:${l.port} speaks https, but this request was plain http`,
      hint: expect.stringContaining(`use https://127.0.0.1:${l.port}/`),
    });
    // Without trusting the certificate: refused by send, nothing arrives.
    const untrusted = await runCli(['send', '--url', `https://127.0.0.1:${l.port}/`, '--type', 'ORDER'], { cwd: work.dir });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toMatch(/TLS: the server certificate is self-signed/);
    const r = await runCli(['send', '--url', `https://127.0.0.1:${l.port}/`, '--type', 'INVOICE', '--ca', certFile, '--json'], { cwd: work.dir });
    expect(r.code).toBe(0);
    expect(await l.exited).toBe(0);
    expect(l.lines.filter((x) => x.type === 'webhook').map((w) => [w.eventType, w.valid])).toEqual([['INVOICE', true]]);
  });

  test("a 401 says what to send: --user and ITSCOPE_WEBHOOK_PASSWORD, with listen's realm; once, also in load mode", async ({ expect }) => {
    const l = await listen(['--captures', join(work.dir, 'captures-401-fix'), '--timeout', '30'], {
      ITSCOPE_WEBHOOK_USER: 'hooks',
      ITSCOPE_WEBHOOK_PASSWORD: 'right',
    });
    const url = `http://127.0.0.1:${l.port}/`;
    const none = await runCli(['send', '--url', url], { cwd: work.dir });
    expect(none.code).toBe(1);
    const lines = none.stdout.split('\n');
    expect(lines[0]).toMatch(/^✗ 401 ORDER {9}[0-9a-f]{8}…[0-9a-f]{6} +[\d.]+ ms {2}Basic Auth credentials required$/);
    expect(lines[1]).toBe('  fix: the receiver wants Basic Auth (realm "itscope-hooks"): pass --user NAME');
    expect(lines[2]).toBe('       and set ITSCOPE_WEBHOOK_PASSWORD (or `itscope-hooks init` stores both)');
    // The same fix is not repeated under the other three types.
    expect(none.stdout.match(/fix:/g)).toHaveLength(1);
    for (const line of `${none.stdout}${none.stderr}`.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    const wrong = await runCli(['send', '--url', url, '--type', 'ORDER', '--json'], {
      cwd: work.dir,
      env: { ITSCOPE_WEBHOOK_USER: 'hooks', ITSCOPE_WEBHOOK_PASSWORD: 'wrong' },
    });
    expect(JSON.parse(wrong.stdout.split('\n')[0] ?? '')).toMatchObject({
      status: 401,
      error: 'HTTP 401: {"error":"wrong Basic Auth credentials"}',
      hint: expect.stringMatching(/refused the user and password sent: check --user and ITSCOPE_WEBHOOK_PASSWORD/),
    });

    const load = await runCli(['send', '--url', url, '--type', 'DELIVERY', '--count', '20', '--concurrency', '4'], { cwd: work.dir });
    expect(load.code).toBe(1);
    expect(load.stdout).toMatch(/^✗ {4}20× 401 {2}Basic Auth credentials required\n {2}fix: the receiver wants Basic Auth/);
    expect(load.stdout.match(/fix:/g)).toHaveLength(1);
    expect(load.stdout).toContain('20 of 20 webhooks failed (0 × 2xx, 20 non-2xx, 0 errors;');
  });

  test('a payload listen stores but calls invalid is shown as accepted but invalid, not ✓; --json says accepted, valid false', async ({ expect }) => {
    const l = await listen(['--captures', join(work.dir, 'captures-invalid'), '--timeout', '30']);
    const url = `http://127.0.0.1:${l.port}/`;
    const file = join(ROOT, 'fixtures', 'payloads', 'invalid', 'timestamp-with-zone.json');
    const human = await runCli(['send', '--url', url, '--file', file], { cwd: work.dir });
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n').slice(0, 5)).toEqual([
      expect.stringMatching(/^! 200 DELIVERY {6}[0-9a-f]{8}…[0-9a-f]{6} +[\d.]+ ms$/),
      '    accepted, but invalid: $.timestamp: timestamp carries a time zone; ITscope',
      '    sends local time without one',
      '1 of 1 webhook answered 2xx, 1 of them invalid',
      expect.stringMatching(/^ {2}1 × 2xx, 0 non-2xx, 0 errors; \d+ ms$/),
    ]);
    const json = await runCli(['send', '--url', url, '--file', file, '--json'], { cwd: work.dir });
    const [line, summary] = json.stdout
      .trim()
      .split('\n')
      .map((x) => JSON.parse(x) as Record<string, unknown>);
    expect(line).toMatchObject({
      status: 200,
      ok: true,
      accepted: true,
      valid: false,
      problem: '$.timestamp: timestamp carries a time zone; ITscope sends local time without one',
    });
    expect(summary).toMatchObject({ type: 'summary', ok: 1, invalid: 1 });
    // A valid one stays a plain ✓.
    const valid = await runCli(['send', '--url', url, '--type', 'ORDER', '--json'], { cwd: work.dir });
    expect(Object.keys(JSON.parse(valid.stdout.split('\n')[0] ?? ''))).not.toContain('valid');
  });

  test('--respond-status 503 makes send exit 1 with the status shown', async ({ expect }) => {
    const l = await listen(['--captures', join(work.dir, 'captures-503'), '--respond-status', '503', '--max-events', '1', '--timeout', '20']);
    const r = await runCli(['send', '--url', `http://127.0.0.1:${l.port}/`, '--type', 'DELIVERY', '--json'], { cwd: work.dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout.split('\n')[0] ?? '')).toMatchObject({ eventType: 'DELIVERY', status: 503, ok: false });
    await l.exited;
  });

  test('deals end to end: send --deals 2 into listen --expect-deals 2 --junit exits 0 with a clean report; an orderId changed midway makes validate --lifecycle exit 1 naming the deal', async ({
    expect,
  }) => {
    const report = join(work.dir, 'deals-report.xml');
    const l = await listen(['--captures', join(work.dir, 'captures-deals'), '--expect-deals', '2', '--timeout', '30', '--junit', report]);
    const sent = await runCli(['send', '--url', `http://127.0.0.1:${l.port}/`, '--deals', '2', '--deliveries', '2', '--interval', '50ms'], { cwd: work.dir });
    expect(sent.code).toBe(0);
    expect(await l.exited).toBe(0);
    const junit = await readJunit(report);
    expect(junit).toMatchObject({ tests: 2, failures: 0, errors: 0, skipped: 0 });
    const clean = await runCli(['validate', join(work.dir, 'captures-deals'), '--lifecycle'], { cwd: work.dir });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('2 deals: 2 complete, 0 incomplete, 0 with lifecycle errors');

    const captures = join(work.dir, 'captures-mixed');
    const m = await listen(['--captures', captures, '--max-events', '4', '--timeout', '30']);
    const url = `http://127.0.0.1:${m.port}/`;
    const first = await runCli(['send', '--url', url, '--type', 'ORDER,ORDERRESPONSE', '--transaction-id', 'TX-MIDWAY', '--order-id', 'PO-1'], {
      cwd: work.dir,
    });
    const then = await runCli(['send', '--url', url, '--type', 'DELIVERY,INVOICE', '--transaction-id', 'TX-MIDWAY', '--order-id', 'PO-2'], { cwd: work.dir });
    expect([first.code, then.code, await m.exited]).toEqual([0, 0, 0]);
    const mixed = await runCli(['validate', captures, '--lifecycle'], { cwd: work.dir });
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toBe('✗ 1 deal with lifecycle errors: TX-MIDWAY\n');
    expect(mixed.stdout).toMatch(
      /✗ TX-MIDWAY {2}order PO-1 .*complete {2}1 problem\n {4}✗ order-id-changed orderId changed within the deal: "PO-1" .*then "PO-2"/,
    );
  });
});
