// A config file is input from whoever wrote it (a cloned repository, another user): an API
// base it points elsewhere is announced by every command that sends API credentials,
// a file others may change is warned about (refused when it holds secrets), and nothing
// from it — a secret of the wrong type, the bytes of broken JSON, escape sequences — is
// ever printed as it is.
import { once } from 'node:events';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../src/mock-api/server.js';
import { runCli } from '../support/cli.js';
import { spawnListen } from '../support/listen-harness.js';
import { tempDir } from '../support/temp-dir.js';

let api: MockApi;
let dir: string;
let cleanup: () => Promise<void>;
let project: string;

beforeAll(async () => {
  api = await startMockApi({ accountId: 'acct', apiKey: 'env-Secret-key' });
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('config-trust-'));
  await mkdir(join(dir, '.itscope-hooks'));
  project = join(dir, '.itscope-hooks', 'config.json');
});
afterEach(async () => {
  await cleanup();
});

const env = (extra: Record<string, string | undefined> = {}) => ({
  XDG_CONFIG_HOME: join(dir, 'xdg'),
  ITSCOPE_ACCOUNT_ID: 'acct',
  ITSCOPE_API_KEY: 'env-Secret-key',
  HTTP_PROXY: undefined,
  HTTPS_PROXY: undefined,
  ...extra,
});

async function writeProject(config: Record<string, unknown>, mode = 0o600): Promise<void> {
  await writeFile(project, JSON.stringify(config));
  await chmod(project, mode);
}

describe('an apiBase from the project config that is not api.itscope.com', () => {
  it('is announced by fetch-doc, listen --fetch-docs and doctor, which send the credentials there', async () => {
    await writeProject({ apiBase: api.url });
    const announcement = `the API base ${api.url} comes from the project config ${project}, not api.itscope.com: your Account ID and API key are sent there`;
    const fetched = await runCli(['fetch-doc', '--transaction-id', '0b7d3f7e-1111-4222-8333-444455556666', '--type', 'ORDER', '--stdout'], {
      cwd: dir,
      env: env(),
    });
    expect(fetched.code).toBe(0);
    expect(fetched.stderr).toContain(`warning: ${announcement}`);
    const doctor = await runCli(['doctor', '--json'], { cwd: dir, env: env({ PORT: '0' }) });
    expect(doctor.stderr).toContain(`warning: ${announcement}`);
    const listen = spawnListen(['--fetch-docs', '--captures', join(dir, 'captures')], { cwd: dir, env: env() });
    await listen.ready;
    listen.child.kill('SIGTERM');
    await listen.exited;
    if (!listen.child.stderr!.closed) await once(listen.child.stderr!, 'close');
    // listen wraps its warnings to the terminal's width (80 columns here).
    expect(listen.stderr().replace(/\n {2}/g, ' ')).toContain(`warning: ${announcement}`);
    // From the environment (how the mock API is meant to be used) it is the user's own choice: no announcement.
    await writeProject({});
    const own = await runCli(['fetch-doc', '--transaction-id', '0b7d3f7e-1111-4222-8333-444455556666', '--type', 'ORDER', '--stdout'], {
      cwd: dir,
      env: env({ ITSCOPE_API_BASE: api.url }),
    });
    expect(own.code).toBe(0);
    expect(own.stderr).toBe('');
  });
});

describe('a config file others may change', () => {
  it('is warned about when it holds no secrets', async () => {
    await writeProject({ webhookUrl: 'https://hooks.example.com/itscope' }, 0o666);
    const r = await runCli(['config', 'show'], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `warning: config file ${project} can be changed by other users (mode 666): they could send your requests elsewhere; run chmod 600 ${project}`,
    );
  });

  it('is refused when it holds secrets', async () => {
    await writeProject({ apiKey: 'file-Secret-key' }, 0o664);
    for (const args of [
      ['config', 'show'],
      ['fetch-doc', '--all'],
      ['send', '--dry-run'],
    ]) {
      const r = await runCli(args, { cwd: dir, env: env() });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`error: config file ${project} holds secrets (apiKey) and can be changed by other users (mode 664)`);
      expect(r.stderr).toMatch(new RegExp(`fix: +run chmod 600 ${project}`));
      expect(r.stderr).not.toContain('file-Secret-key');
    }
  });
});

describe('nothing from a config file is printed as it is', () => {
  it('a secret of the wrong type is named, never shown', async () => {
    await writeProject({ apiKey: 987654321, webhookPassword: ['pw-Secret-1'] });
    const r = await runCli(['config', 'show'], { cwd: dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('apiKey: must be a string, got a number');
    expect(r.stderr).toContain('webhookPassword: must be a string, got an array');
    expect(r.stderr).not.toContain('987654321');
    expect(r.stderr).not.toContain('pw-Secret-1');
  });

  it('broken JSON is located by line and column, its bytes never quoted', async () => {
    await writeFile(project, '{\n  "apiKey": "sk-Secret-abc" "oops"\n}');
    await chmod(project, 0o600);
    const r = await runCli(['config', 'show'], { cwd: dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config file .* is not valid JSON at line 2, column \d+/);
    expect(r.stderr).not.toContain('sk-Secret');
  });

  it('escape sequences in values are shown escaped by config show and listen', async () => {
    const title = '\u001b]0;pwned\u0007';
    await writeProject({ webhookUser: `evil${title}`, webhookPassword: 'pw-123456', webhookUrl: `https://hooks.example.com/${title}` });
    const shown = await runCli(['config', 'show'], { cwd: dir, env: env() });
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain('\u001b');
    expect(shown.stdout).toContain('evil\\x1b]0;pwned\\x07');
    const listen = spawnListen(['--captures', join(dir, 'captures')], { cwd: dir, env: env() });
    await listen.ready;
    listen.child.kill('SIGTERM');
    await listen.exited;
    if (!listen.child.stderr!.closed) await once(listen.child.stderr!, 'close');
    expect(listen.stderr()).not.toContain('\u001b');
    expect(listen.stderr()).toContain('Basic Auth: on (user "evil\\x1b]0;pwned\\x07")');
  });
});
