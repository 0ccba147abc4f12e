import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/context.js';
import { runInit } from '../../src/init/run.js';
import { createOutput } from '../../src/ui/output.js';
import { runCli } from '../support/cli.js';
import { startRecordingServer } from '../support/https-server.js';
import { post, sampleBody, spawnListen } from '../support/listen-harness.js';
import { KEY, PromptDriver } from '../support/prompt-driver.js';
import { tempDir } from '../support/temp-dir.js';
import { makeSelfSignedCert } from '../support/tls.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('itscope-hooks-init-'));
});
afterEach(async () => {
  await cleanup();
});

interface Run {
  driver: PromptDriver;
  stdout: () => string;
  stderr: () => string;
  done: Promise<void>;
}

/** Runs the real `init` command in-process with its prompts on the driver's streams. */
function startInit(options: Record<string, unknown> = {}, cwd = dir): Run {
  const driver = new PromptDriver();
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const env = { XDG_CONFIG_HOME: join(dir, 'xdg'), NO_COLOR: '1' };
  const ctx: CommandContext = {
    cwd,
    env,
    stdin: driver.input,
    out: createOutput({ env, stdout: out, stderr: err }),
    debug: false,
    version: 'test',
  };
  const done = runInit(options, ctx, { input: driver.input, output: driver.output });
  return { driver, stdout: () => stdout, stderr: () => stderr, done };
}

const configPath = () => join(dir, '.itscope-hooks', 'config.json');
const readConfig = async (path = configPath()) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

/** Answers a full wizard run; `urls` maps a type to its URL (enabled) or null (disabled). */
async function answerAll(
  d: PromptDriver,
  a: { user: string; password: string; urls: Record<string, string | null>; accountId: string; apiKey: string; port: string; captures: string },
) {
  await d.answer('Basic Auth user', `${a.user}${KEY.enter}`);
  await d.answer('Basic Auth password', `${a.password}${KEY.enter}`);
  for (const type of ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE']) {
    const url = a.urls[type];
    await d.answer(`[${type}] send ${type} webhooks?`, `${url ? 'y' : 'n'}${KEY.enter}`);
    if (url) await d.answer(`[${type}] https URL`, `${url}${KEY.enter}`);
  }
  await d.answer('API Account ID', `${a.accountId}${KEY.enter}`);
  await d.answer('API key', `${a.apiKey}${KEY.enter}`);
  await d.answer('Listen port', `${a.port}${KEY.enter}`);
  await d.answer('Capture folder', `${a.captures}${KEY.enter}`);
}

describe('init wizard (real prompts, typed keys)', () => {
  it('writes a new project config with mode 0600, secrets never echoed', async () => {
    const run = startInit();
    await answerAll(run.driver, {
      user: 'hooks',
      password: 'pw-Secret-123',
      urls: { ORDER: null, ORDERRESPONSE: null, DELIVERY: 'https://hooks.example.com/delivery', INVOICE: 'https://hooks.example.com/invoice' },
      accountId: 'acct-7',
      apiKey: 'key-Secret-456',
      port: '9100',
      captures: 'caps',
    });
    await run.driver.answer('Write it?', KEY.enter);
    await run.done;

    expect(await readConfig()).toEqual({
      webhookUser: 'hooks',
      webhookPassword: 'pw-Secret-123',
      webhookUrls: {
        ORDER: { enabled: false },
        ORDERRESPONSE: { enabled: false },
        DELIVERY: { enabled: true, url: 'https://hooks.example.com/delivery' },
        INVOICE: { enabled: true, url: 'https://hooks.example.com/invoice' },
      },
      accountId: 'acct-7',
      apiKey: 'key-Secret-456',
      port: 9100,
      captures: 'caps',
    });
    expect((await stat(configPath())).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, '.itscope-hooks'))).mode & 0o777).toBe(0o700);
    // The summary shows the settings, never the secrets; masked input shows asterisks only.
    expect(run.driver.text).toContain('https://hooks.example.com/delivery');
    expect(run.driver.text).toMatch(/API key\s+\[redacted\]/);
    for (const text of [run.driver.text, run.stdout(), run.stderr()]) {
      expect(text).not.toContain('pw-Secret-123');
      expect(text).not.toContain('key-Secret-456');
    }
    expect(run.driver.text).toContain('*'.repeat('pw-Secret-123'.length));
    expect(run.stdout()).toContain(`wrote ${configPath()}`);
    // Not inside a git repository: no .gitignore question, no .gitignore.
    expect(run.driver.text).not.toContain('.gitignore');
    await expect(stat(join(dir, '.gitignore'))).rejects.toThrow(/ENOENT/);
  });

  it('offers the first URL entered (DELIVERY here) as the default for the types asked after it', async () => {
    const run = startInit();
    const d = run.driver;
    await d.answer('Basic Auth user', `hooks${KEY.enter}`);
    await d.answer('Basic Auth password', `pw${KEY.enter}`);
    await d.answer('[ORDER] send ORDER webhooks?', `n${KEY.enter}`);
    await d.answer('[ORDERRESPONSE] send ORDERRESPONSE webhooks?', `n${KEY.enter}`);
    await d.answer('[DELIVERY] send DELIVERY webhooks?', `y${KEY.enter}`);
    // No default before a URL was entered.
    await d.answer(/\[DELIVERY\] https URL\s*$/, `https://shop.example.com/itscope${KEY.enter}`);
    await d.answer('[INVOICE] send INVOICE webhooks?', `y${KEY.enter}`);
    await d.answer('[INVOICE] https URL (https://shop.example.com/itscope)', KEY.enter);
    await d.answer('API Account ID', KEY.enter);
    await d.answer('API key', KEY.enter);
    await d.answer('Listen port', KEY.enter);
    await d.answer('Capture folder', KEY.enter);
    await d.answer('Write it?', KEY.enter);
    await run.done;
    expect((await readConfig()).webhookUrls).toEqual({
      ORDER: { enabled: false },
      ORDERRESPONSE: { enabled: false },
      DELIVERY: { enabled: true, url: 'https://shop.example.com/itscope' },
      INVOICE: { enabled: true, url: 'https://shop.example.com/itscope' },
    });
  });

  it('edits an existing config: Enter keeps the stored password and key (shown as asterisks of their length)', async () => {
    await mkdir(join(dir, '.itscope-hooks'));
    await writeFile(
      configPath(),
      JSON.stringify({
        webhookUser: 'old-user',
        webhookPassword: 'stored-pw',
        webhookUrls: { ORDER: { enabled: true, url: 'https://old.example.com/order' } },
        accountId: 'acct-1',
        apiKey: 'stored-key-123',
        apiBase: 'https://api.example.com/2.1',
        port: 9000,
      }),
      { mode: 0o644 },
    );
    const run = startInit();
    const d = run.driver;
    await d.answer('Basic Auth user (old-user)', KEY.enter);
    await d.answer('Basic Auth password [*********] (Enter keeps it)', KEY.enter);
    await d.answer('[ORDER] send ORDER webhooks? (Y/n)', KEY.enter);
    await d.answer('[ORDER] https URL (https://old.example.com/order)', KEY.enter);
    await d.answer('[ORDERRESPONSE] send ORDERRESPONSE webhooks? (y/N)', KEY.enter);
    await d.answer('[DELIVERY] send DELIVERY webhooks?', `y${KEY.enter}`);
    await d.answer('[DELIVERY] https URL', `https://new.example.com/delivery${KEY.enter}`);
    await d.answer('[INVOICE] send INVOICE webhooks?', KEY.enter);
    await d.answer('API Account ID (acct-1)', `acct-2${KEY.enter}`);
    await d.answer(`API key [${'*'.repeat('stored-key-123'.length)}] (Enter keeps it)`, KEY.enter);
    await d.answer('Listen port (9000)', KEY.enter);
    await d.answer('Capture folder (.itscope-hooks/captures)', KEY.enter);
    await d.answer('Write it?', `y${KEY.enter}`);
    await run.done;

    expect(await readConfig()).toEqual({
      webhookUser: 'old-user',
      webhookPassword: 'stored-pw',
      webhookUrls: {
        ORDER: { enabled: true, url: 'https://old.example.com/order' },
        ORDERRESPONSE: { enabled: false },
        DELIVERY: { enabled: true, url: 'https://new.example.com/delivery' },
        INVOICE: { enabled: false },
      },
      accountId: 'acct-2',
      apiKey: 'stored-key-123',
      // Keys the wizard does not ask about are kept.
      apiBase: 'https://api.example.com/2.1',
      port: 9000,
      captures: '.itscope-hooks/captures',
    });
    // Rewritten with mode 0600 even though the old file was 0644.
    expect((await stat(configPath())).mode & 0o777).toBe(0o600);
    expect(d.text).not.toContain('stored-pw');
    expect(d.text).not.toContain('stored-key-123');
  });

  it('re-asks an http URL with the reason, then takes the fixed one', async () => {
    const run = startInit();
    const d = run.driver;
    await d.answer('Basic Auth user', KEY.enter);
    await d.answer('Basic Auth password', KEY.enter);
    await d.answer('[ORDER] send ORDER webhooks?', `y${KEY.enter}`);
    await d.answer('[ORDER] https URL', `http://hooks.example.com/order${KEY.enter}`);
    await d.waitFor('ITscope only calls https URLs, not http');
    // The typed text stays for editing; clear it and type the fixed URL.
    run.driver.input.write(`${KEY.clearLine}https://hooks.example.com/order${KEY.enter}`);
    await d.answer('[ORDERRESPONSE] send', `n${KEY.enter}`);
    await d.answer('[DELIVERY] send', `n${KEY.enter}`);
    await d.answer('[INVOICE] send', `y${KEY.enter}`);
    await d.answer('[INVOICE] https URL', `not a url${KEY.enter}`);
    await d.waitFor('is not a URL');
    run.driver.input.write(`${KEY.clearLine}https://hooks.example.com/invoice${KEY.enter}`);
    await d.answer('API Account ID', KEY.enter);
    await d.answer('API key', KEY.enter);
    await d.answer('Listen port', `70000${KEY.enter}`);
    await d.waitFor('is not a port');
    run.driver.input.write(`${KEY.clearLine}8080${KEY.enter}`);
    await d.answer('Capture folder', KEY.enter);
    await d.answer('Write it?', KEY.enter);
    await run.done;
    const config = await readConfig();
    expect(config.webhookUrls).toEqual({
      ORDER: { enabled: true, url: 'https://hooks.example.com/order' },
      ORDERRESPONSE: { enabled: false },
      DELIVERY: { enabled: false },
      INVOICE: { enabled: true, url: 'https://hooks.example.com/invoice' },
    });
    expect(config.port).toBe(8080);
    // Nothing typed for user, password or API credentials: nothing stored for them.
    expect(config).not.toHaveProperty('webhookUser');
    expect(config).not.toHaveProperty('webhookPassword');
    expect(config).not.toHaveProperty('apiKey');
  });

  it('Ctrl-C: resolves (exit 0), writes nothing, says so', async () => {
    const run = startInit();
    await run.driver.answer('Basic Auth user', `someone${KEY.enter}`);
    await run.driver.answer('Basic Auth password', `half-typed${KEY.ctrlC}`);
    await run.done;
    expect(run.stderr()).toContain('cancelled, nothing written');
    await expect(stat(join(dir, '.itscope-hooks'))).rejects.toThrow(/ENOENT/);
  });

  it('Ctrl-C at the final question still writes nothing', async () => {
    const run = startInit({ user: 'u', urlOrder: 'https://x.example.com/o' });
    const d = run.driver;
    // Flags given without --yes become the defaults of the questions.
    await d.answer('Basic Auth user (u)', KEY.enter);
    await d.answer('Basic Auth password', KEY.enter);
    await d.answer('[ORDER] send ORDER webhooks? (Y/n)', KEY.enter);
    await d.answer('[ORDER] https URL (https://x.example.com/o)', KEY.enter);
    for (const type of ['ORDERRESPONSE', 'DELIVERY', 'INVOICE']) await d.answer(`[${type}] send`, KEY.enter);
    for (const q of ['API Account ID', 'API key', 'Listen port', 'Capture folder']) await d.answer(q, KEY.enter);
    await d.answer('Write it?', KEY.ctrlC);
    await run.done;
    expect(run.stderr()).toContain('cancelled, nothing written');
    await expect(stat(configPath())).rejects.toThrow(/ENOENT/);
  });

  it('answering no to "Write it?" writes nothing', async () => {
    const run = startInit();
    const d = run.driver;
    for (const q of ['Basic Auth user', 'Basic Auth password']) await d.answer(q, KEY.enter);
    for (const type of ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE']) await d.answer(`[${type}] send`, KEY.enter);
    for (const q of ['API Account ID', 'API key', 'Listen port', 'Capture folder']) await d.answer(q, KEY.enter);
    await d.answer('Write it?', `n${KEY.enter}`);
    await run.done;
    expect(run.stderr()).toContain('nothing written');
    await expect(stat(configPath())).rejects.toThrow(/ENOENT/);
  });

  it('inside a git repository offers the .gitignore entry; yes adds it, no leaves .gitignore alone with a warning', async () => {
    await mkdir(join(dir, '.git'));
    const sub = join(dir, 'app');
    await mkdir(sub);
    for (const answer of ['y', 'n']) {
      const run = startInit({}, sub);
      const d = run.driver;
      for (const q of ['Basic Auth user', 'Basic Auth password']) await d.answer(q, KEY.enter);
      for (const type of ['ORDER', 'ORDERRESPONSE', 'DELIVERY', 'INVOICE']) await d.answer(`[${type}] send`, KEY.enter);
      for (const q of ['API Account ID', 'API key', 'Listen port', 'Capture folder']) await d.answer(q, KEY.enter);
      await d.answer('Write it?', KEY.enter);
      await d.answer('Add .itscope-hooks/ to .gitignore? (keeps your secrets out of git)', `${answer}${KEY.enter}`);
      await run.done;
      if (answer === 'y') {
        expect(await readFile(join(sub, '.gitignore'), 'utf8')).toMatch(/^\.itscope-hooks\/$/m);
        await writeFile(join(sub, '.gitignore'), 'node_modules/\n');
      } else {
        expect(await readFile(join(sub, '.gitignore'), 'utf8')).toBe('node_modules/\n');
        expect(run.stderr()).toContain('holds secrets and is not ignored by git');
      }
      expect((await stat(join(sub, '.itscope-hooks', 'config.json'))).mode & 0o777).toBe(0o600);
    }
  });

  it('does not ask about .gitignore when a parent .gitignore already ignores the folder', async () => {
    await mkdir(join(dir, '.git'));
    await writeFile(join(dir, '.gitignore'), 'dist\n/.itscope-hooks/\n');
    const run = startInit({ yes: true });
    await run.done;
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('dist\n/.itscope-hooks/\n');
    expect(run.stdout()).not.toContain('.gitignore');
    expect(run.stderr()).not.toContain('not ignored');
  });
});

const XDG = () => ({ XDG_CONFIG_HOME: join(dir, 'xdg'), CI: undefined });

describe('init through the built binary, without a terminal', () => {
  it('init without --yes and without a TTY: exit 2 listing the flags, nothing written', async () => {
    const r = await runCli(['init'], { cwd: dir, env: XDG() });
    expect(r.code).toBe(2);
    for (const flag of [
      '--yes',
      '--user',
      '--password',
      '--url-order',
      '--url-orderresponse',
      '--url-delivery',
      '--url-invoice',
      '--account-id',
      '--api-key',
      '--port',
      '--captures',
      '--global',
    ]) {
      expect(r.stderr).toContain(flag);
    }
    expect(r.stderr).not.toMatch(/\n\s+at /);
    await expect(stat(join(dir, '.itscope-hooks'))).rejects.toThrow(/ENOENT/);
  });

  it('init --yes with every flag writes the project config 0600 and adds the .gitignore entry in a git repository', async () => {
    await mkdir(join(dir, '.git'));
    await writeFile(join(dir, '.gitignore'), 'node_modules');
    const r = await runCli(
      [
        'init',
        '--yes',
        '--user',
        'hooks',
        '--password',
        'flag-Secret-1',
        '--url-order',
        'https://h.example.com/o',
        '--url-orderresponse',
        'https://h.example.com/r',
        '--url-delivery',
        'https://h.example.com/d',
        '--url-invoice',
        'https://h.example.com/i',
        '--account-id',
        'a1',
        '--api-key',
        'flag-Secret-2',
        '--port',
        '9200',
        '--captures',
        'cap',
      ],
      { cwd: dir, env: XDG() },
    );
    expect(r.stderr).toBe('next: `itscope-hooks doctor` checks them, `itscope-hooks listen` receives\n');
    expect(r.code).toBe(0);
    expect(await readConfig()).toEqual({
      webhookUser: 'hooks',
      webhookPassword: 'flag-Secret-1',
      webhookUrls: {
        ORDER: { enabled: true, url: 'https://h.example.com/o' },
        ORDERRESPONSE: { enabled: true, url: 'https://h.example.com/r' },
        DELIVERY: { enabled: true, url: 'https://h.example.com/d' },
        INVOICE: { enabled: true, url: 'https://h.example.com/i' },
      },
      accountId: 'a1',
      apiKey: 'flag-Secret-2',
      port: 9200,
      captures: 'cap',
    });
    expect((await stat(configPath())).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toMatch(/^node_modules\n#.*\n\.itscope-hooks\/\n$/);
    expect(r.stdout).toContain('✓ added .itscope-hooks/ to .gitignore (keeps your secrets out of git)\n');
    expect(r.stdout + r.stderr).not.toContain('flag-Secret');
  });

  it('init --yes merges flags over the existing file; --global writes the user config; --json reports the path', async () => {
    const first = await runCli(['init', '--yes', '--global', '--user', 'a', '--api-key', 'k1'], { cwd: dir, env: XDG() });
    expect(first.code).toBe(0);
    const second = await runCli(['init', '--yes', '--global', '--url-delivery', 'https://d.example.com/', '--json'], { cwd: dir, env: XDG() });
    expect(second.code).toBe(0);
    const userPath = join(dir, 'xdg', 'itscope-hooks', 'config.json');
    expect(JSON.parse(second.stdout)).toEqual({ written: true, path: userPath, scope: 'user', gitignore: null });
    expect(await readConfig(userPath)).toEqual({ webhookUser: 'a', apiKey: 'k1', webhookUrls: { DELIVERY: { enabled: true, url: 'https://d.example.com/' } } });
    expect((await stat(userPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'xdg', 'itscope-hooks'))).mode & 0o777).toBe(0o700);
    await expect(stat(configPath())).rejects.toThrow(/ENOENT/);
  });

  it.each([
    [['--url-delivery', 'http://h.example.com/d'], /--url-delivery: ITscope only calls https URLs/],
    [['--url-order', 'nonsense'], /--url-order: "nonsense" is not a URL/],
    [['--url-invoice', 'https://u:p@h.example.com/'], /--url-invoice: leave the credentials out of the URL/],
    [['--port', '70000'], /--port: "70000" is not a port/],
    [['--port', 'abc'], /--port: "abc" is not a port/],
    [['--user', 'a:b'], /--user: a Basic Auth user name cannot contain ":"/],
  ])('init --yes %j → exit 2 naming the flag and the fix', async (flags, message) => {
    const r = await runCli(['init', '--yes', ...flags], { cwd: dir, env: XDG() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/\nfix: /);
    await expect(stat(join(dir, '.itscope-hooks'))).rejects.toThrow(/ENOENT/);
  });

  it('a file where the config folder belongs: exit 2 naming it, no stack trace, nothing written', async () => {
    // The cleanup of the temp file threw ENOTDIR and hid this as an unexpected error.
    await writeFile(join(dir, '.itscope-hooks'), 'not a folder');
    const r = await runCli(['init', '--yes', '--user', 'hooks', '--password', 'pw-1'], { cwd: dir, env: XDG() });
    expect(r.code).toBe(2);
    const blocker = join(dir, '.itscope-hooks');
    expect(r.stderr).toBe(
      `error: cannot write config file ${join(blocker, 'config.json')}: ${blocker} is a file, not a folder\nfix:   move or rename ${blocker}, then run init again\n`,
    );
    expect(await readFile(blocker, 'utf8')).toBe('not a folder');
    expect(await readdir(dir)).toEqual(['.itscope-hooks']);

    // The same for --global when XDG_CONFIG_HOME is a file.
    await writeFile(join(dir, 'xdg'), '');
    const global = await runCli(['init', '--yes', '--global', '--user', 'hooks'], { cwd: dir, env: XDG() });
    expect(global.code).toBe(2);
    expect(global.stderr).toContain(`${join(dir, 'xdg')} is a file, not a folder\nfix: `);
    expect(global.stderr).not.toMatch(/unexpected|\n\s+at /);
  });

  it('CI set: init refuses to prompt even with a TTY-less stdin and says which flags to use', async () => {
    const r = await runCli(['init', '--user', 'x'], { cwd: dir, env: { ...XDG(), CI: 'true' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('init --yes');
  });
});

describe('what init writes is what send and listen use', () => {
  it('send without --url posts each enabled type to its URL with the Basic Auth; listen requires that Basic Auth', async () => {
    const tls = await makeSelfSignedCert();
    const server = await startRecordingServer({ tls });
    try {
      await writeFile(join(dir, 'ca.pem'), tls.cert);
      const init = await runCli(
        ['init', '--yes', '--user', 'hooks', '--password', 'pw-E2E', '--url-delivery', `${server.url}delivery`, '--url-invoice', `${server.url}invoice`],
        { cwd: dir, env: XDG() },
      );
      expect(init.code).toBe(0);
      const send = await runCli(['send', '--ca', 'ca.pem', '--json'], { cwd: dir, env: XDG() });
      expect(send.stderr).not.toContain('pw-E2E');
      expect(send.code).toBe(0);
      const requests = (await server.waitFor(2)).sort((a, b) => a.url.localeCompare(b.url));
      expect(requests.map((q) => [q.url, (JSON.parse(q.body.toString()) as { eventType: string }).eventType])).toEqual([
        ['/delivery', 'DELIVERY'],
        ['/invoice', 'INVOICE'],
      ]);
      for (const q of requests) expect(q.headers.authorization).toBe(`Basic ${Buffer.from('hooks:pw-E2E').toString('base64')}`);
    } finally {
      await server.close();
    }

    const listen = spawnListen(['--max-events', '1', '--timeout', '20'], { cwd: dir, env: XDG() });
    try {
      const { url } = await listen.ready;
      const { text } = sampleBody('ORDER');
      expect((await post(url, text)).status).toBe(401);
      expect((await post(url, text, { auth: 'hooks:wrong' })).status).toBe(401);
      expect((await post(url, text, { auth: 'hooks:pw-E2E' })).status).toBe(200);
      expect((await listen.exited).code).toBe(0);
    } finally {
      listen.child.kill();
    }
  });
});
