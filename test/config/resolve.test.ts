import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfigFile, resolveConfig } from '../../src/config/files.js';
import { type ConfigFlags, configReport, describeSource, SETTINGS, type SettingKey, userConfigPath } from '../../src/core/config.js';
import { DEFAULT_CAPTURES, DEFAULT_PORT } from '../../src/core/config-file.js';
import { UserError } from '../../src/core/errors.js';
import { DEFAULT_API_BASE } from '../../src/core/payload-schema.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
let cwd: string;
let projectPath: string;
let userPath: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('itscope-hooks-config-'));
  cwd = join(dir, 'project');
  projectPath = join(cwd, '.itscope-hooks', 'config.json');
  userPath = join(dir, 'xdg', 'itscope-hooks', 'config.json');
  await mkdir(join(cwd, '.itscope-hooks'), { recursive: true });
  await mkdir(join(dir, 'xdg', 'itscope-hooks'), { recursive: true });
});
afterEach(async () => {
  await cleanup();
});

type Level = 'flag' | 'env' | 'project' | 'user';
const LEVELS: Level[] = ['flag', 'env', 'project', 'user'];

/** A distinct value per key and level, in the form that level carries it. */
function valueAt(key: SettingKey, level: Level): string | number {
  const n = LEVELS.indexOf(level) + 1;
  switch (key) {
    case 'port':
      return level === 'flag' || level === 'env' ? String(9000 + n) : 9000 + n;
    case 'apiBase':
    case 'webhookUrl':
      return `https://${level}.example.com/${key}`;
    default:
      return `${key}-${level}`;
  }
}

/** What resolveConfig reports for a key set at a level. */
function expected(key: SettingKey, level: Level | 'default'): unknown {
  if (level === 'default') {
    if (key === 'port') return DEFAULT_PORT;
    if (key === 'captures') return resolve(cwd, DEFAULT_CAPTURES);
    if (key === 'apiBase') return DEFAULT_API_BASE;
    return undefined;
  }
  const raw = valueAt(key, level);
  if (key === 'port') return Number(raw);
  if (key === 'captures') return resolve(cwd, String(raw));
  return raw;
}

// flag > env > project > user > default, for every key: each row sets the key at the
// given level and at every level below it, and expects the given level to win.
const table = (Object.keys(SETTINGS) as SettingKey[]).flatMap((key) =>
  (['flag', 'env', 'project', 'user', 'default'] as const).map((winner) => [key, winner] as const),
);

describe('resolveConfig precedence', () => {
  it.each(table)('%s set at %s and below → %s wins', async (key, winner) => {
    const from = winner === 'default' ? LEVELS.length : LEVELS.indexOf(winner);
    const active = new Set(LEVELS.slice(from));
    const flags: ConfigFlags = {};
    const env: NodeJS.ProcessEnv = { XDG_CONFIG_HOME: join(dir, 'xdg') };
    if (active.has('flag')) flags[key] = valueAt(key, 'flag');
    if (active.has('env')) env[SETTINGS[key].env] = String(valueAt(key, 'env'));
    await writeFile(projectPath, JSON.stringify(active.has('project') ? { [key]: valueAt(key, 'project') } : {}));
    await writeFile(userPath, JSON.stringify(active.has('user') ? { [key]: valueAt(key, 'user') } : {}));

    const config = resolveConfig({ cwd, env, flags, home: join(dir, 'home') });
    const r = config[key];
    expect(r.value).toEqual(expected(key, winner));
    expect(r.source).toBe(winner);
    const origin = { flag: undefined, env: SETTINGS[key].env, project: projectPath, user: userPath, default: undefined }[winner];
    expect(r.origin).toBe(origin);
  });

  it('webhookUrls: project entry > user entry > default, per type', async () => {
    await writeFile(
      projectPath,
      JSON.stringify({ webhookUrls: { ORDER: { enabled: false, url: 'https://p.example.com/o' }, DELIVERY: { url: 'https://p.example.com/d' } } }),
    );
    await writeFile(
      userPath,
      JSON.stringify({ webhookUrls: { ORDER: { enabled: true, url: 'https://u.example.com/o' }, INVOICE: { enabled: true, url: 'https://u.example.com/i' } } }),
    );
    const config = resolveConfig({ cwd, env: { XDG_CONFIG_HOME: join(dir, 'xdg') } });
    expect(config.webhookUrls.ORDER).toEqual({ value: { enabled: false, url: 'https://p.example.com/o' }, source: 'project', origin: projectPath });
    // A URL without "enabled" counts as enabled.
    expect(config.webhookUrls.DELIVERY).toEqual({ value: { enabled: true, url: 'https://p.example.com/d' }, source: 'project', origin: projectPath });
    expect(config.webhookUrls.INVOICE).toEqual({ value: { enabled: true, url: 'https://u.example.com/i' }, source: 'user', origin: userPath });
    expect(config.webhookUrls.ORDERRESPONSE).toEqual({ value: { enabled: false, url: undefined }, source: 'default' });
    expect(config.files).toEqual({ project: projectPath, user: userPath, projectFound: true, userFound: true });
  });

  it('an empty environment variable does not count; a flag does even when empty', () => {
    const config = resolveConfig({ cwd, env: { XDG_CONFIG_HOME: join(dir, 'xdg'), ITSCOPE_WEBHOOK_USER: '' }, flags: { accountId: '' } });
    expect(config.webhookUser.source).toBe('default');
    expect(config.accountId).toEqual({ value: '', source: 'flag' });
  });

  it('a bad PORT names the variable', () => {
    expect(() => resolveConfig({ cwd, env: { XDG_CONFIG_HOME: join(dir, 'xdg'), PORT: 'eighty' } })).toThrow(/PORT: "eighty" is not a port number/);
    expect(() => resolveConfig({ cwd, env: { XDG_CONFIG_HOME: join(dir, 'xdg') }, flags: { port: '70000' } })).toThrow(/--port: "70000"/);
  });

  it('missing config files are fine', () => {
    const empty = join(dir, 'empty');
    const config = resolveConfig({ cwd: empty, env: {}, home: join(dir, 'nohome') });
    expect(config.files).toEqual({
      project: join(empty, '.itscope-hooks', 'config.json'),
      user: join(dir, 'nohome', '.config', 'itscope-hooks', 'config.json'),
      projectFound: false,
      userFound: false,
    });
  });
});

describe('userConfigPath', () => {
  it('uses an absolute XDG_CONFIG_HOME, else ~/.config', () => {
    expect(userConfigPath({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/me')).toBe('/x/cfg/itscope-hooks/config.json');
    expect(userConfigPath({ XDG_CONFIG_HOME: 'relative' }, '/home/me')).toBe('/home/me/.config/itscope-hooks/config.json');
    expect(userConfigPath({}, '/home/me')).toBe('/home/me/.config/itscope-hooks/config.json');
  });
});

describe('readConfigFile: broken files are UserErrors naming the file and the problem', () => {
  it.each([
    ['invalid JSON', '{"port": 8765,', /is not valid JSON/],
    ['an unknown key', '{"webhookUser":"a","prot":8765}', /\(top level\): unknown key "prot" \(did you mean "port"\?\)/],
    ['a wrong type', '{"port":"8765"}', /port: must be a whole number from 0 to 65535, got a string \("8765"\)/],
    ['a nested unknown type', '{"webhookUrls":{"SHIPMENT":{"url":"https://x"}}}', /webhookUrls: unknown key "SHIPMENT"/],
    ['not an object', '[1,2]', /\(top level\): must be a JSON object, got an array/],
  ])('%s', async (_name, text, problem) => {
    await writeFile(projectPath, text);
    let error: unknown;
    try {
      readConfigFile(projectPath);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(projectPath);
    expect((error as UserError).message).toMatch(problem);
    expect((error as UserError).hint).toMatch(/itscope-hooks init/);
  });

  it('a folder where the file should be', async () => {
    await mkdir(projectPath);
    expect(() => readConfigFile(projectPath)).toThrow(/cannot read config file .*config\.json \(EISDIR\)/);
  });

  it('accepts a byte order mark; a missing file is undefined', async () => {
    await writeFile(projectPath, '\uFEFF{"port":1234}');
    expect(readConfigFile(projectPath)).toEqual({ port: 1234 });
    expect(readConfigFile(join(dir, 'nope.json'))).toBeUndefined();
  });
});

describe('configReport and describeSource', () => {
  it('redacts secrets and credentials inside URLs, keeps unset secrets null', async () => {
    await writeFile(
      projectPath,
      JSON.stringify({
        webhookPassword: 'pw-secret',
        webhookUrl: 'https://u:url-secret@h.example.com/x',
        webhookUrls: { ORDER: { url: 'https://v:type-secret@h.example.com/o' } },
      }),
    );
    const config = resolveConfig({ cwd, env: { XDG_CONFIG_HOME: join(dir, 'xdg'), ITSCOPE_API_BASE: 'https://w:base-secret@api.example.com/2.1' } });
    const rows = configReport(config);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/secret/);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.webhookPassword).toEqual({ key: 'webhookPassword', value: '[redacted]', source: 'project', origin: projectPath });
    expect(byKey.apiKey).toEqual({ key: 'apiKey', value: null, source: 'default' });
    // (redactUrl percent-encodes the brackets today; either spelling hides the secret.)
    expect(byKey.apiBase?.value).toBe('https://[redacted]@api.example.com/2.1');
    expect(rows.map((r) => r.key)).toEqual([
      ...Object.keys(SETTINGS),
      'webhookUrls.ORDER',
      'webhookUrls.ORDERRESPONSE',
      'webhookUrls.DELIVERY',
      'webhookUrls.INVOICE',
    ]);
  });

  it('describes each source in words', () => {
    expect(describeSource({ value: 1, source: 'flag' })).toBe('command-line flag');
    expect(describeSource({ value: 1, source: 'env', origin: 'PORT' })).toBe('environment variable PORT');
    expect(describeSource({ value: 1, source: 'user', origin: '/c.json' })).toBe('user config /c.json');
    expect(describeSource({ value: 1, source: 'default' })).toBe('built-in default');
  });
});
