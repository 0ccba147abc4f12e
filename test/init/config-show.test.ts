import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('itscope-hooks-config-show-'));
});
afterEach(async () => {
  await cleanup();
});

const projectPath = () => join(dir, '.itscope-hooks', 'config.json');
const userPath = () => join(dir, 'xdg', 'itscope-hooks', 'config.json');

async function writeConfigs(project: unknown, user: unknown): Promise<void> {
  await mkdir(join(dir, '.itscope-hooks'), { recursive: true });
  await mkdir(join(dir, 'xdg', 'itscope-hooks'), { recursive: true });
  await writeFile(projectPath(), typeof project === 'string' ? project : JSON.stringify(project));
  await writeFile(userPath(), typeof user === 'string' ? user : JSON.stringify(user));
}

const env = (extra: Record<string, string> = {}) => ({ XDG_CONFIG_HOME: join(dir, 'xdg'), ...extra });

describe('config show', () => {
  beforeEach(async () => {
    await writeConfigs(
      {
        webhookUser: 'project-user',
        webhookPassword: 'project-Secret-pw',
        port: 9001,
        webhookUrls: { DELIVERY: { enabled: true, url: 'https://d.example.com/hook' } },
      },
      { webhookUser: 'user-user', accountId: 'user-acct', captures: 'user-caps', webhookUrls: { ORDER: { url: 'https://o.example.com/hook' } } },
    );
  });

  it('--json: one object, every setting with value, source and origin, secrets redacted', async () => {
    const r = await runCli(['config', 'show', '--json'], {
      cwd: dir,
      env: env({ ITSCOPE_API_KEY: 'env-Secret-key', ITSCOPE_API_BASE: 'http://127.0.0.1:1/2.1' }),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const data = JSON.parse(r.stdout) as { files: unknown; settings: Record<string, unknown> };
    expect(data.files).toEqual({ project: { path: projectPath(), found: true }, user: { path: userPath(), found: true } });
    expect(data.settings).toEqual({
      webhookUser: { value: 'project-user', source: 'project', origin: projectPath() },
      webhookPassword: { value: '[redacted]', source: 'project', origin: projectPath() },
      webhookUrl: { value: null, source: 'default' },
      accountId: { value: 'user-acct', source: 'user', origin: userPath() },
      apiKey: { value: '[redacted]', source: 'env', origin: 'ITSCOPE_API_KEY' },
      apiBase: { value: 'http://127.0.0.1:1/2.1', source: 'env', origin: 'ITSCOPE_API_BASE' },
      port: { value: 9001, source: 'project', origin: projectPath() },
      captures: { value: join(dir, 'user-caps'), source: 'user', origin: userPath() },
      'webhookUrls.ORDER': { value: { enabled: true, url: 'https://o.example.com/hook' }, source: 'user', origin: userPath() },
      'webhookUrls.ORDERRESPONSE': { value: { enabled: false }, source: 'default' },
      'webhookUrls.DELIVERY': { value: { enabled: true, url: 'https://d.example.com/hook' }, source: 'project', origin: projectPath() },
      'webhookUrls.INVOICE': { value: { enabled: false }, source: 'default' },
    });
    expect(r.stdout).not.toContain('Secret');
  });

  it('human output: a line per setting with its source; env beats the project file', async () => {
    const r = await runCli(['config', 'show'], { cwd: dir, env: env({ ITSCOPE_WEBHOOK_USER: 'env-user', PORT: '7000' }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`project  ${projectPath()}  (found)`);
    expect(r.stdout).toMatch(/^ {2}webhookUser\s+env-user\s+env ITSCOPE_WEBHOOK_USER$/m);
    expect(r.stdout).toMatch(/^ {2}webhookPassword\s+\[redacted\]\s+project$/m);
    expect(r.stdout).toMatch(/^ {2}port\s+7000\s+env PORT$/m);
    expect(r.stdout).toMatch(/^ {2}accountId\s+user-acct\s+user$/m);
    expect(r.stdout).toMatch(/^ {2}apiKey\s+\(not set\)\s+default$/m);
    expect(r.stdout).toMatch(/^ {2}webhookUrls\.DELIVERY\s+on {2}https:\/\/d\.example\.com\/hook\s+project$/m);
    expect(r.stdout).toMatch(/^ {2}webhookUrls\.INVOICE\s+off \(no URL\)\s+default$/m);
    expect(r.stdout).not.toContain('project-Secret-pw');
  });

  it('a bad PORT is exit 2 naming the variable', async () => {
    const r = await runCli(['config', 'show'], { cwd: dir, env: env({ PORT: 'eighty' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT: "eighty" is not a port number');
  });
});

// Every command that reads the configuration refuses a broken file with exit 2, the
// file's path and what is wrong, and no stack trace. (validate and mock-api read none.)
const COMMANDS: string[][] = [
  ['config', 'show'],
  ['doctor', '--offline'],
  ['init', '--yes'],
  ['listen', '--port', '0', '--max-events', '1', '--timeout', '2'],
  ['send', '--dry-run'],
  ['fetch-doc', '123456789'],
  ['captures', 'list'],
  ['captures', 'show', 'x'],
  ['captures', 'export', 'out'],
];
const BROKEN: Array<[string, string, RegExp]> = [
  ['invalid JSON', '{"port": 8765', /is not valid JSON/],
  ['an unknown key', '{"webhookUsr":"x"}', /unknown key "webhookUsr" \(did you mean "webhookUser"\?\)/],
  ['a wrong type', '{"port":"8765"}', /port: must be a whole number from 0 to 65535, got a string \("8765"\)/],
];
// Each command gets one kind of breakage (all kinds are covered per file in test/core/config.test.ts).
const CASES = COMMANDS.map((args, i) => {
  const [what, text, message] = BROKEN[i % BROKEN.length] ?? BROKEN[0]!;
  return [args.join(' '), what, args, text, message] as const;
});

describe('broken config files', () => {
  it.concurrent.each(CASES)('%s with %s in the project config → exit 2 naming the file', async (_name, _what, args, text, message) => {
    const t = await tempDir('itscope-hooks-broken-');
    try {
      await mkdir(join(t.dir, '.itscope-hooks'));
      const path = join(t.dir, '.itscope-hooks', 'config.json');
      await writeFile(path, text);
      const r = await runCli(args, { cwd: t.dir, env: { XDG_CONFIG_HOME: join(t.dir, 'xdg') } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`config file ${path}`);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/\nfix: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await t.cleanup();
    }
  });

  // The user file goes through the same reader; four commands show it is read and checked.
  it.concurrent.each(COMMANDS.slice(0, 4).map((args) => [args.join(' '), args] as const))(
    '%s with a broken user config → exit 2 naming it',
    async (_name, args) => {
      const t = await tempDir('itscope-hooks-broken-user-');
      try {
        const xdg = join(t.dir, 'xdg');
        await mkdir(join(xdg, 'itscope-hooks'), { recursive: true });
        const path = join(xdg, 'itscope-hooks', 'config.json');
        await writeFile(path, '{"captures": 5}');
        // init writes the project file, so it reads the user file only with --global.
        const argv = args[0] === 'init' ? [...args, '--global'] : args;
        const r = await runCli(argv, { cwd: t.dir, env: { XDG_CONFIG_HOME: xdg } });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`config file ${path} has a problem:\n  captures: must be a string, got a number (5)`);
      } finally {
        await t.cleanup();
      }
    },
  );
});
