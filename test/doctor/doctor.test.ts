import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAPTURE_KIND, type CaptureRecord } from '../../src/core/capture.js';
import { run as runDoctor } from '../../src/doctor/run.js';
import { type MockApi, startMockApi } from '../../src/mock-api/server.js';
import { encodeLine } from '../../src/store/journal-line.js';
import { createOutput } from '../../src/ui/output.js';
import { runCli } from '../support/cli.js';
import { spawnListen } from '../support/listen-harness.js';
import { closedPort } from '../support/ports.js';
import { tempDir } from '../support/temp-dir.js';
import { makeSelfSignedCert } from '../support/tls.js';

let dir: string;
let cleanup: () => Promise<void>;
let api: MockApi | undefined;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('itscope-hooks-doctor-'));
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  await cleanup();
});

interface DoctorReport {
  ok: boolean;
  checks: Array<{ name: string; ok: boolean; detail: string; fix?: string }>;
}

/** The environment of a clean machine: no config, no proxy, port 0 so the port check is deterministic. */
function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    XDG_CONFIG_HOME: join(dir, 'xdg'),
    PORT: '0',
    CI: undefined,
    HTTPS_PROXY: undefined,
    https_proxy: undefined,
    HTTP_PROXY: undefined,
    http_proxy: undefined,
    NO_PROXY: undefined,
    no_proxy: undefined,
    ...extra,
  };
}

async function doctor(args: string[], extra: Record<string, string | undefined> = {}) {
  const r = await runCli(['doctor', ...args], { cwd: dir, env: env(extra) });
  return r;
}

/**
 * `doctor --json`, in-process (the real command with its real checks, faster than a
 * spawn) or spawned; `code` is the exit code the CLI would set.
 */
async function doctorJson(args: string[], extra: Record<string, string | undefined> = {}, how: 'in-process' | 'spawn' = 'in-process') {
  let r: { code: number | null; stdout: string; stderr: string };
  if (how === 'spawn') {
    r = await doctor(['--json', ...args], extra);
  } else {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const ctxEnv = Object.fromEntries(Object.entries(env(extra)).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
    let code = 0;
    try {
      await runDoctor({ json: true, offline: args.includes('--offline') }, [], {
        cwd: dir,
        env: ctxEnv,
        stdin: new PassThrough(),
        out: createOutput({ json: true, env: ctxEnv, stdout, stderr }),
        debug: false,
        version: 'test',
      });
    } catch (error) {
      code = (error as { exitCode?: number }).exitCode ?? 99;
      err += (error as Error).message;
    }
    r = { code, stdout: out, stderr: err };
  }
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const report = JSON.parse(lines[0] ?? '') as DoctorReport;
  const check = (name: string) => {
    const found = report.checks.find((c) => c.name === name);
    if (!found) throw new Error(`no check ${name} in ${r.stdout}`);
    return found;
  };
  return { ...r, report, check };
}

const creds = (a: MockApi, accountId = 'acct', apiKey = 'api-Secret-key') => ({
  ITSCOPE_API_BASE: a.url,
  ITSCOPE_ACCOUNT_ID: accountId,
  ITSCOPE_API_KEY: apiKey,
});

describe('doctor against mock-api', () => {
  it('good credentials: every check passes, exit 0, one authenticated request with our User-Agent', async () => {
    api = await startMockApi({ accountId: 'acct', apiKey: 'api-Secret-key' });
    const r = await doctorJson([], creds(api), 'spawn');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.report.ok).toBe(true);
    expect(r.report.checks.map((c) => c.name)).toEqual(['node', 'config', 'port', 'captures', 'webhook-urls', 'api', 'proxy']);
    expect(r.report.checks.every((c) => c.ok && c.fix === undefined)).toBe(true);
    expect(r.check('api').detail).toBe(`${api.origin} accepted Account ID acct and the API key`);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({
      method: 'GET',
      path: '/2.1/business/documents/00000000-0000-0000-0000-000000000000/ORDER.xml',
      withAuthorization: true,
    });
    // 404 (no such document) or a synthetic document: either way past authentication.
    expect([200, 404]).toContain(api.requests[0]?.status);
    expect(api.requests[0]?.userAgent).toMatch(/^itscope-hooks\/\S+ \(\+Node \d/);
    expect(r.stdout).not.toContain('api-Secret-key');
  });

  it('a proxy is never used for an API base on this machine (the mock API)', async () => {
    api = await startMockApi({ accountId: 'acct', apiKey: 'api-Secret-key' });
    const nobody = await closedPort();
    const r = await doctorJson([], { ...creds(api), HTTP_PROXY: `http://127.0.0.1:${nobody}`, HTTPS_PROXY: `http://127.0.0.1:${nobody}` });
    expect(r.check('api')).toMatchObject({ ok: true, detail: `${api.origin} accepted Account ID acct and the API key` });
    expect(r.check('proxy').detail).toContain('never for localhost, 127.0.0.0/8 or ::1');
    expect(api.requests).toHaveLength(1);
  });

  it('bad credentials: the API check fails with a fix, exit 1, the key never shown', async () => {
    api = await startMockApi({ accountId: 'acct', apiKey: 'the-right-key' });
    const r = await doctorJson([], creds(api, 'acct', 'wrong-Secret-key'), 'spawn');
    expect(r.code).toBe(1);
    expect(r.report.ok).toBe(false);
    const check = r.check('api');
    expect(check.ok).toBe(false);
    expect(check.detail).toBe(`${api.origin} rejected Account ID acct and the API key (HTTP 401)`);
    expect(check.fix).toMatch(/ITSCOPE_ACCOUNT_ID and ITSCOPE_API_KEY/);
    expect(r.report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['api']);
    expect(r.stdout + r.stderr).not.toContain('wrong-Secret-key');
    expect(api.requests.map((q) => q.status)).toEqual([401]);
  });

  it('human output: ✓ and ✗ per check, the fix under the failure, a summary on stderr', async () => {
    api = await startMockApi({ accountId: 'acct', apiKey: 'the-right-key' });
    const r = await doctor([], creds(api, 'acct', 'wrong'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✓ Node\.js\s+v\d+\.\d+\.\d+ \(needs >= 20\.19\)$/m);
    expect(r.stdout).toMatch(/^✗ API credentials\s+.*rejected.*\(HTTP 401\)\n\s+fix: check both in your ITscope account/m);
    expect(r.stdout).toMatch(/^✓ Proxy\s+none set \(direct connections\)$/m);
    expect(r.stderr).toBe('✗ 1 of 7 checks failed\n');
  });

  it('--offline sends nothing and passes with credentials present', async () => {
    api = await startMockApi();
    const r = await doctorJson(['--offline'], creds(api));
    expect(r.code).toBe(0);
    expect(r.check('api')).toEqual({ name: 'api', ok: true, detail: 'Account ID acct and an API key are set (not sent: --offline)' });
    expect(api.requests).toHaveLength(0);
  });

  it('a value with control and bidi characters is shown with escapes, and exact in --json', async () => {
    const account = 'acct\u001b[2J\rY\u202eX';
    const extra = { ITSCOPE_ACCOUNT_ID: account, ITSCOPE_API_KEY: 'k-123', ITSCOPE_API_BASE: 'https://api.itscope.com/2.1' };
    const human = await doctor(['--offline'], extra);
    expect(human.stdout).toContain('Account ID acct\\x1b[2J\\rY\\u202eX and an API key are set');
    expect(human.stdout).not.toMatch(/[\u001b\r\u202e]/);
    const json = await doctorJson(['--offline'], extra);
    expect(json.check('api')?.detail).toBe(`Account ID ${account} and an API key are set (not sent: --offline)`);
  });

  it('rate limited: explains the 30-minute block and does not retry', async () => {
    api = await startMockApi({ accountId: 'acct', apiKey: 'api-Secret-key', rateLimit: 0 });
    const r = await doctorJson([], creds(api));
    expect(r.code).toBe(1);
    expect(r.check('api').detail).toContain('HTTP 503 Rate Limit Exceeded');
    expect(r.check('api').fix).toMatch(/blocked for 30 minutes; wait, do not retry/);
    expect(api.requests).toHaveLength(1);
  });

  it('missing credentials and an unreachable API base fail with what to do', async () => {
    const missing = await doctorJson([], { ITSCOPE_ACCOUNT_ID: 'acct' });
    expect(missing.code).toBe(1);
    expect(missing.check('api').detail).toBe('missing API key (ITSCOPE_API_KEY)');
    expect(missing.check('api').fix).toMatch(/itscope-hooks init/);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await doctorJson([], { ITSCOPE_API_BASE: `http://127.0.0.1:${port}/2.1`, ITSCOPE_ACCOUNT_ID: 'a', ITSCOPE_API_KEY: 'k-Secret' });
    expect(down.code).toBe(1);
    expect(down.check('api').detail).toMatch(new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port}: `));
    expect(down.check('api').fix).toMatch(/HTTPS_PROXY/);

    const plain = await doctorJson([], { ITSCOPE_API_BASE: 'http://api.example.com/2.1', ITSCOPE_ACCOUNT_ID: 'a', ITSCOPE_API_KEY: 'k' });
    expect(plain.check('api').detail).toBe('API base: http://api.example.com would send the API key unencrypted');

    // The rule fetch-doc applies: an API base must end in the API version, and have a scheme.
    const versionless = await doctorJson([], { ITSCOPE_API_BASE: 'https://api.itscope.com', ITSCOPE_ACCOUNT_ID: 'a', ITSCOPE_API_KEY: 'k' });
    expect(versionless.check('api')).toMatchObject({
      ok: false,
      detail: 'API base: https://api.itscope.com does not end in /2.1 or /2.0, the version of the ITscope API, so every document request would miss',
      fix: 'use https://api.itscope.com/2.1 (ITSCOPE_API_BASE, --api-base or apiBase in the config)',
    });
    const schemeless = await doctorJson([], { ITSCOPE_API_BASE: '127.0.0.1:8766/2.1', ITSCOPE_ACCOUNT_ID: 'a', ITSCOPE_API_KEY: 'k' });
    expect(schemeless.check('api')).toMatchObject({
      ok: false,
      detail: 'API base: "127.0.0.1:8766/2.1" has no scheme',
      fix: expect.stringMatching(/^use http:\/\/127\.0\.0\.1:8766\/2\.1 /),
    });
  });
});

describe('doctor: local checks', () => {
  let busy: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (busy ? busy.close(() => resolve()) : resolve()));
    busy = undefined;
  });

  it('a listen port busy with another program fails with a fix', async () => {
    // Another program (here one that greets like an SSH server): not listen, whatever it answers.
    busy = createServer((socket) => socket.resume().end('SSH-2.0-OpenSSH_9.2\r\n'));
    await new Promise<void>((resolve) => busy?.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const r = await doctorJson(['--offline'], { PORT: String(port) });
    expect(r.code).toBe(1);
    expect(r.check('port')).toMatchObject({
      ok: false,
      detail: `127.0.0.1:${port} is in use by another program (not \`itscope-hooks listen\`: no answer to GET /health)`,
    });
    expect(r.check('port').fix).toMatch(/--port, PORT/);
  });

  it.each(['http', 'https'] as const)('the port held by a running %s listen passes, and says so', async (scheme) => {
    const tls: string[] = [];
    if (scheme === 'https') {
      const pair = await makeSelfSignedCert();
      await writeFile(join(dir, 'cert.pem'), pair.cert);
      await writeFile(join(dir, 'key.pem'), pair.key);
      tls.push('--tls-cert', 'cert.pem', '--tls-key', 'key.pem');
    }
    const listen = spawnListen(['--captures', join(dir, 'listen-captures'), '--user', 'u', '--password', 'p', ...tls], { cwd: dir });
    try {
      const { port } = await listen.ready;
      const r = await doctorJson(['--offline'], { PORT: String(port) });
      expect(r.check('port')).toEqual({
        name: 'port',
        ok: true,
        detail: `127.0.0.1:${port} is taken by a running \`itscope-hooks listen\` (${scheme}://127.0.0.1:${port}/health answered)`,
      });
    } finally {
      listen.child.kill('SIGTERM');
      await listen.exited;
    }
  });

  it('a free port passes, and is released again', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const r = await doctorJson(['--offline'], { PORT: String(port) });
    expect(r.check('port')).toEqual({ name: 'port', ok: true, detail: `127.0.0.1:${port} is free` });
    busy = createServer();
    await new Promise<void>((resolve, reject) => {
      busy?.once('error', reject);
      busy?.listen(port, '127.0.0.1', resolve);
    });
  });

  it('capture store: counts captures and torn lines; a file instead of a folder fails', async () => {
    const captures = join(dir, 'caps');
    await mkdir(captures);
    const record: CaptureRecord = {
      kind: CAPTURE_KIND,
      v: 1,
      receivedAt: '2026-01-01T00:00:00.000Z',
      method: 'POST',
      path: '/',
      query: '',
      remoteAddress: '127.0.0.1',
      headers: {},
      body: '{}',
      bodyEncoding: 'utf8',
      valid: false,
      errors: [],
      warnings: [],
      status: 200,
    };
    const good = encodeLine(record);
    await writeFile(join(captures, 'journal-0001.ndjson'), `${good}${good}${good.slice(0, 40)}\n`);
    const r = await doctorJson(['--offline'], { ITSCOPE_HOOKS_DIR: captures });
    expect(r.check('captures')).toEqual({
      name: 'captures',
      ok: true,
      detail: `${captures}: 2 captures; 1 torn line skipped (left by a crash or a hand edit; the other captures are intact)`,
    });

    await writeFile(join(dir, 'afile'), 'x');
    const file = await doctorJson(['--offline'], { ITSCOPE_HOOKS_DIR: join(dir, 'afile') });
    expect(file.code).toBe(1);
    expect(file.check('captures')).toMatchObject({ ok: false, detail: `${join(dir, 'afile')} is a file, not a folder` });

    const fresh = await doctorJson(['--offline']);
    expect(fresh.check('captures').detail).toBe(`${join(dir, '.itscope-hooks', 'captures')} does not exist yet; \`itscope-hooks listen\` creates it`);
  });

  it('webhook URLs: enabled types need https URLs; ITSCOPE_WEBHOOK_URL may be loopback http', async () => {
    await mkdir(join(dir, '.itscope-hooks'));
    await writeFile(
      join(dir, '.itscope-hooks', 'config.json'),
      JSON.stringify({
        webhookUrls: {
          ORDER: { enabled: true, url: 'http://hooks.example.com/o' },
          DELIVERY: { enabled: true },
          INVOICE: { enabled: false, url: 'http://ignored' },
        },
      }),
    );
    const r = await doctorJson(['--offline'], { ITSCOPE_WEBHOOK_URL: 'http://127.0.0.1:8765/' });
    expect(r.code).toBe(1);
    const check = r.check('webhook-urls');
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/^ORDER http:\/\/hooks\.example\.com\/o: ITscope only calls https URLs/);
    expect(check.detail).toContain('DELIVERY is enabled without a URL');
    expect(check.detail).not.toContain('INVOICE');
    expect(check.detail).not.toContain('127.0.0.1');

    await writeFile(join(dir, '.itscope-hooks', 'config.json'), JSON.stringify({ webhookUrls: { ORDER: { url: 'https://hooks.example.com/o' } } }));
    const fixed = await doctorJson(['--offline'], { ITSCOPE_WEBHOOK_URL: 'http://example.com/' });
    expect(fixed.check('webhook-urls').detail).toBe('webhookUrl http://example.com/ is not https (plain http only for localhost)');
    const good = await doctorJson(['--offline'], { ITSCOPE_WEBHOOK_URL: 'http://localhost:8765/' });
    expect(good.check('webhook-urls')).toEqual({
      name: 'webhook-urls',
      ok: true,
      detail: 'ORDER https://hooks.example.com/o, send target http://localhost:8765/',
    });
  });

  it('proxy settings are shown with credentials redacted; a malformed one fails without showing it', async () => {
    const r = await doctorJson(['--offline'], { HTTPS_PROXY: 'http://me:proxy-Secret@proxy.example.com:3128', NO_PROXY: 'localhost,127.0.0.1' }, 'spawn');
    expect(r.check('proxy').ok).toBe(true);
    expect(r.check('proxy').detail).toMatch(
      /^HTTPS_PROXY=http:\/\/\S*redacted\S*@proxy\.example\.com:3128\/?, NO_PROXY=localhost,127\.0\.0\.1 \(used for outgoing requests; never for localhost, 127\.0\.0\.0\/8 or ::1\)$/,
    );
    expect(r.stdout).not.toContain('proxy-Secret');

    const bad = await doctorJson(['--offline'], { HTTP_PROXY: 'me:bad-Secret@proxy:3128' }, 'spawn');
    expect(bad.code).toBe(1);
    expect(bad.check('proxy')).toMatchObject({ ok: false, detail: 'HTTP_PROXY is not an http:// or https:// URL' });
    expect(bad.stdout).not.toContain('bad-Secret');
    // Online, the API check cannot even start; it says so instead of crashing.
    const online = await doctorJson([], { HTTP_PROXY: 'me:bad-Secret@proxy:3128', ITSCOPE_ACCOUNT_ID: 'a', ITSCOPE_API_KEY: 'k' }, 'spawn');
    expect(online.code).toBe(1);
    expect(online.check('api')).toMatchObject({ ok: false, fix: 'fix the proxy variables (see the Proxy check)' });
    expect(online.check('api').detail).toMatch(/^cannot set up outgoing connections: /);
    expect(online.stdout + online.stderr).not.toContain('bad-Secret');
  });

  it('a broken config file: the config check names it, exit 2 with the path on stderr', async () => {
    await mkdir(join(dir, '.itscope-hooks'));
    const path = join(dir, '.itscope-hooks', 'config.json');
    await writeFile(path, '{"port": 80,');
    const r = await doctorJson(['--offline'], {}, 'spawn');
    expect(r.code).toBe(2);
    expect(r.report.ok).toBe(false);
    expect(r.check('config')).toMatchObject({ ok: false });
    expect(r.check('config').detail).toContain(path);
    expect(r.report.checks.map((c) => c.name)).toEqual(['node', 'config', 'proxy']);
    expect(r.stderr).toContain(`config file ${path} is not valid JSON`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a config file whose broken JSON holds control and bidi characters: the error says where, and quotes none of the file', async () => {
    await mkdir(join(dir, '.itscope-hooks'));
    // The JSON parser would quote the text around the error (which may be a secret): it is never shown.
    await writeFile(join(dir, '.itscope-hooks', 'config.json'), '{"port": x\u001b[2J\rfile-text-after-the-error\u202eZ}');
    const human = await doctor(['--offline']);
    expect(human.code).toBe(2);
    expect(human.stdout).toMatch(/✗ Config files +config file .* is not valid JSON at line 1, column 10: unexpected character/);
    expect(human.stderr).toMatch(/^error: config file .* is not valid JSON at line 1, column 10/);
    // Words of the file, not single letters: a temporary folder's random name may hold any letter.
    expect(human.stdout + human.stderr).not.toMatch(/[\u001b\r\u202e]|\[2J|file-text-after-the-error/);
    const json = await doctorJson(['--offline'], {}, 'spawn');
    expect(json.code).toBe(2);
    expect(json.check('config').detail).toMatch(/is not valid JSON at line 1, column 10: unexpected character$/);
  });

  it('a bad PORT in the environment is a configuration error too', async () => {
    const r = await doctorJson(['--offline'], { PORT: 'http' });
    expect(r.code).toBe(2);
    expect(r.check('config')).toMatchObject({ ok: false, detail: 'PORT: "http" is not a port number' });
  });
});
