/**
 * Configuration resolution: flag > environment > project config
 * (.itscope-hooks/config.json in the working directory) > user config (XDG config dir)
 * > built-in default. Every resolved value knows where it came from.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError, errnoCode } from '../core/errors.js';
import { redactSecret, redactUrl } from '../core/redact.js';
import { DEFAULT_API_BASE, EVENT_TYPES, describe, isPlainObject, type EventType } from '../core/payload-rules.js';

export const PROJECT_DIR = '.itscope-hooks';
export const CONFIG_FILE = 'config.json';
export const DEFAULT_PORT = 8765;
export const DEFAULT_CAPTURES = join(PROJECT_DIR, 'captures');

export type Source = 'flag' | 'env' | 'project' | 'user' | 'default';

export interface Resolved<T> {
  value: T;
  source: Source;
  /** The file or variable it came from, for messages ("check ITSCOPE_API_KEY"). */
  origin?: string;
}

export interface TypeUrlEntry {
  enabled?: boolean | undefined;
  url?: string | undefined;
}

/** The config file. Unknown keys are an error: a typo must not be silently ignored. */
export interface ConfigFile {
  webhookUser?: string | undefined;
  webhookPassword?: string | undefined;
  webhookUrl?: string | undefined;
  webhookUrls?: Partial<Record<EventType, TypeUrlEntry>> | undefined;
  accountId?: string | undefined;
  apiKey?: string | undefined;
  apiBase?: string | undefined;
  port?: number | undefined;
  captures?: string | undefined;
}

const STRING_KEYS = ['webhookUser', 'webhookPassword', 'webhookUrl', 'accountId', 'apiKey', 'apiBase', 'captures'] as const;
export const CONFIG_KEYS = [...STRING_KEYS, 'webhookUrls', 'port'] as const;

/** "a string ("8765")": the kind of a value, with the value itself when it is a scalar. */
function kind(value: unknown): string {
  return value !== null && typeof value !== 'object' ? `${describe(value)} (${JSON.stringify(value)})` : describe(value);
}

function unknownKey(where: string, key: string, allowed: readonly string[]): string {
  const near = allowed.find((k) => k.toLowerCase() === key.toLowerCase() || editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return `${where}unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * Checks a parsed config file and lists every problem ("port: must be …"). A plain check
 * rather than a schema library keeps every command's startup light.
 */
export function configProblems(data: unknown): string[] {
  if (!isPlainObject(data)) return [`(top level): must be a JSON object, got ${kind(data)}`];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    if ((STRING_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'string') problems.push(`${key}: must be a string, got ${kind(value)}`);
    } else if (key === 'port') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
        problems.push(`port: must be a whole number from 0 to 65535, got ${kind(value)}`);
      }
    } else if (key === 'webhookUrls') {
      if (!isPlainObject(value)) {
        problems.push(`webhookUrls: must be an object such as {"DELIVERY":{"enabled":true,"url":"https://…"}}, got ${kind(value)}`);
        continue;
      }
      for (const [type, entry] of Object.entries(value)) {
        if (entry === undefined) continue;
        if (!(EVENT_TYPES as readonly string[]).includes(type)) {
          problems.push(unknownKey('webhookUrls: ', type, EVENT_TYPES));
        } else if (!isPlainObject(entry)) {
          problems.push(`webhookUrls.${type}: must be an object {"enabled":…,"url":…}, got ${kind(entry)}`);
        } else {
          for (const [field, fieldValue] of Object.entries(entry)) {
            if (fieldValue === undefined) continue;
            if (field === 'enabled') {
              if (typeof fieldValue !== 'boolean') problems.push(`webhookUrls.${type}.enabled: must be true or false, got ${kind(fieldValue)}`);
            } else if (field === 'url') {
              if (typeof fieldValue !== 'string') problems.push(`webhookUrls.${type}.url: must be a string, got ${kind(fieldValue)}`);
            } else {
              problems.push(unknownKey(`webhookUrls.${type}: `, field, ['enabled', 'url']));
            }
          }
        }
      }
    } else {
      problems.push(unknownKey('(top level): ', key, CONFIG_KEYS));
    }
  }
  return problems;
}

/** The config as a checked ConfigFile, or a UserError naming the file and every problem. */
export function checkConfig(data: unknown, path: string): ConfigFile {
  const problems = configProblems(data);
  if (problems.length > 0) {
    throw new UserError(
      `config file ${path} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n  ${problems.join('\n  ')}`,
      `allowed keys: ${CONFIG_KEYS.join(', ')}; run \`itscope-hooks init\` to write a correct file`,
    );
  }
  return data as ConfigFile;
}

/** Scalar settings, with their environment variable and whether they are secret. */
export const SETTINGS = {
  webhookUser: { env: 'ITSCOPE_WEBHOOK_USER', secret: false },
  webhookPassword: { env: 'ITSCOPE_WEBHOOK_PASSWORD', secret: true },
  webhookUrl: { env: 'ITSCOPE_WEBHOOK_URL', secret: false },
  accountId: { env: 'ITSCOPE_ACCOUNT_ID', secret: false },
  apiKey: { env: 'ITSCOPE_API_KEY', secret: true },
  apiBase: { env: 'ITSCOPE_API_BASE', secret: false },
  port: { env: 'PORT', secret: false },
  captures: { env: 'ITSCOPE_HOOKS_DIR', secret: false },
} as const;
export type SettingKey = keyof typeof SETTINGS;

export interface TypeUrl {
  enabled: boolean;
  url: string | undefined;
}

export interface ResolvedConfig {
  webhookUser: Resolved<string | undefined>;
  webhookPassword: Resolved<string | undefined>;
  webhookUrl: Resolved<string | undefined>;
  accountId: Resolved<string | undefined>;
  apiKey: Resolved<string | undefined>;
  apiBase: Resolved<string>;
  port: Resolved<number>;
  /** Absolute path of the capture folder. */
  captures: Resolved<string>;
  /** Per-type URLs as on ITscope's settings page (project config wins over user config). */
  webhookUrls: Record<EventType, Resolved<TypeUrl>>;
  files: { project: string; user: string; projectFound: boolean; userFound: boolean };
}

export type ConfigFlags = Partial<Record<SettingKey, string | number | undefined>>;

export interface ResolveOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags?: ConfigFlags;
  /** Home directory, for the XDG default; os.homedir() by default. */
  home?: string;
}

export function userConfigPath(env: NodeJS.ProcessEnv, home = homedir()): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'itscope-hooks', CONFIG_FILE);
}

export function projectConfigPath(cwd: string): string {
  return join(cwd, PROJECT_DIR, CONFIG_FILE);
}

/** Reads and checks one config file; undefined when it does not exist. */
export function readConfigFile(path: string): ConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new UserError(`cannot read config file ${path} (${code ?? String(error)})`, 'check its permissions, or delete it and run `itscope-hooks init` again');
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserError(
      `config file ${path} is not valid JSON: ${(error as Error).message}`,
      'fix the JSON, or delete the file and run `itscope-hooks init` again',
    );
  }
  return checkConfig(data, path);
}

function parsePort(value: string | number, origin: string): number {
  const port = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(`${origin}: "${String(value)}" is not a port number`, 'use a whole number from 1 to 65535 (0 picks a free port)');
  }
  return port;
}

export function resolveConfig(options: ResolveOptions): ResolvedConfig {
  const { cwd, env, flags = {} } = options;
  const projectPath = projectConfigPath(cwd);
  const userPath = userConfigPath(env, options.home);
  const project = readConfigFile(projectPath);
  const user = readConfigFile(userPath);

  function pick<K extends SettingKey>(key: K): Resolved<string | number | undefined> {
    const flag = flags[key];
    if (flag !== undefined) return { value: flag, source: 'flag' };
    const envName = SETTINGS[key].env;
    const envValue = env[envName];
    if (envValue !== undefined && envValue !== '') return { value: envValue, source: 'env', origin: envName };
    const fromProject = project?.[key];
    if (fromProject !== undefined) return { value: fromProject, source: 'project', origin: projectPath };
    const fromUser = user?.[key];
    if (fromUser !== undefined) return { value: fromUser, source: 'user', origin: userPath };
    return { value: undefined, source: 'default' };
  }

  function text(key: SettingKey): Resolved<string | undefined> {
    const r = pick(key);
    return { ...r, value: r.value === undefined ? undefined : String(r.value) };
  }

  const portPick = pick('port');
  const port: Resolved<number> =
    portPick.value === undefined
      ? { value: DEFAULT_PORT, source: 'default' }
      : { ...portPick, value: parsePort(portPick.value, portPick.source === 'flag' ? '--port' : (portPick.origin ?? 'port')) };

  const capturesPick = text('captures');
  const captures: Resolved<string> = {
    ...capturesPick,
    value: resolve(cwd, capturesPick.value ?? DEFAULT_CAPTURES),
  };

  const apiBasePick = text('apiBase');
  const apiBase: Resolved<string> = { ...apiBasePick, value: apiBasePick.value ?? DEFAULT_API_BASE };

  const webhookUrls = {} as Record<EventType, Resolved<TypeUrl>>;
  for (const type of EVENT_TYPES) {
    const fromProject = project?.webhookUrls?.[type];
    const fromUser = user?.webhookUrls?.[type];
    const entry = fromProject ?? fromUser;
    webhookUrls[type] = entry
      ? {
          value: { enabled: entry.enabled ?? Boolean(entry.url), url: entry.url },
          source: fromProject ? 'project' : 'user',
          origin: fromProject ? projectPath : userPath,
        }
      : { value: { enabled: false, url: undefined }, source: 'default' };
  }

  return {
    webhookUser: text('webhookUser'),
    webhookPassword: text('webhookPassword'),
    webhookUrl: text('webhookUrl'),
    accountId: text('accountId'),
    apiKey: text('apiKey'),
    apiBase,
    port,
    captures,
    webhookUrls,
    files: { project: projectPath, user: userPath, projectFound: project !== undefined, userFound: user !== undefined },
  };
}

/** Where a value came from, in words a user can act on. */
export function describeSource(resolved: Resolved<unknown>): string {
  switch (resolved.source) {
    case 'flag':
      return 'command-line flag';
    case 'env':
      return `environment variable ${resolved.origin ?? ''}`.trim();
    case 'project':
    case 'user':
      return `${resolved.source} config ${resolved.origin ?? ''}`.trim();
    default:
      return 'built-in default';
  }
}

/** Every resolved value as plain data, secrets redacted (for `config show`). */
export function configReport(config: ResolvedConfig): Array<{ key: string; value: unknown; source: Source; origin?: string }> {
  const rows: Array<{ key: string; value: unknown; source: Source; origin?: string }> = [];
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const r = config[key] as Resolved<unknown>;
    // URLs may carry user:password@ (a proxy habit); those are secrets too.
    const value = SETTINGS[key].secret
      ? r.value === undefined || r.value === ''
        ? null
        : redactSecret(r.value as string)
      : typeof r.value === 'string' && (key === 'webhookUrl' || key === 'apiBase')
        ? redactUrl(r.value)
        : r.value;
    rows.push({ key, value: value ?? null, source: r.source, ...(r.origin ? { origin: r.origin } : {}) });
  }
  for (const type of EVENT_TYPES) {
    const r = config.webhookUrls[type];
    const value = r.value.url === undefined ? r.value : { ...r.value, url: redactUrl(r.value.url) };
    rows.push({ key: `webhookUrls.${type}`, value, source: r.source, ...(r.origin ? { origin: r.origin } : {}) });
  }
  return rows;
}
