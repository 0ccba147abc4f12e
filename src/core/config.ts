/**
 * Configuration resolution (pure): flag > environment > project config
 * (.itscope-hooks/config.json in the working directory) > user config (XDG config dir)
 * > built-in default. Every resolved value knows where it came from. The files are read
 * by src/config/files.ts and passed in.
 */
import { join, resolve } from 'node:path';
import { CONFIG_FILE, type ConfigFile, DEFAULT_CAPTURES, DEFAULT_PORT, PROJECT_DIR } from './config-file.js';
import { UserError } from './errors.js';
import { wholeNumberIn } from './format.js';
import { DEFAULT_API_BASE, EVENT_TYPES, type EventType, ITSCOPE_API_HOST } from './payload-rules.js';
import { redactSecret, redactUrl } from './redact.js';

export type Source = 'flag' | 'env' | 'project' | 'user' | 'default';

export interface Resolved<T> {
  value: T;
  source: Source;
  /** The file or variable it came from, for messages ("check ITSCOPE_API_KEY"). */
  origin?: string;
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
  /** What to tell the user about the files (one that other users may change). */
  warnings: string[];
}

export type ConfigFlags = Partial<Record<SettingKey, string | number | undefined>>;

/** What resolution starts from: flags, environment and the two files as read. */
export interface SettingsInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags?: ConfigFlags;
  project: { path: string; data: ConfigFile | undefined };
  user: { path: string; data: ConfigFile | undefined };
  warnings?: string[];
}

/** The user config: $XDG_CONFIG_HOME/itscope-hooks/config.json, else ~/.config/…. */
export function userConfigPath(env: NodeJS.ProcessEnv, home: string): string {
  const base = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'itscope-hooks', CONFIG_FILE);
}

export function projectConfigPath(cwd: string): string {
  return join(cwd, PROJECT_DIR, CONFIG_FILE);
}

function parsePort(value: string | number, origin: string): number {
  const port = typeof value === 'number' ? (Number.isInteger(value) && value >= 0 && value <= 65535 ? value : undefined) : wholeNumberIn(value, 0, 65535);
  if (port === undefined) {
    throw new UserError(`${origin}: "${String(value)}" is not a port number`, 'use a whole number from 1 to 65535 (0 picks a free port)');
  }
  return port;
}

export function resolveSettings(options: SettingsInput): ResolvedConfig {
  const { cwd, env, flags = {} } = options;
  const { path: projectPath, data: project } = options.project;
  const { path: userPath, data: user } = options.user;

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
    warnings: options.warnings ?? [],
  };
}

/**
 * The announcement due when a project config points the API elsewhere (issue 18): a
 * cloned repository's `.itscope-hooks/config.json` could otherwise receive the Account
 * ID and API key from the environment without a word. Undefined for any other source.
 */
export function apiBaseNotice(apiBase: Resolved<string>): string | undefined {
  if (apiBase.source !== 'project') return undefined;
  let host: string;
  try {
    host = new URL(apiBase.value).hostname;
  } catch {
    return undefined;
  }
  if (host === ITSCOPE_API_HOST) return undefined;
  return `the API base ${redactUrl(apiBase.value)} comes from the project config ${apiBase.origin ?? ''}, not ${ITSCOPE_API_HOST}: your Account ID and API key are sent there`;
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
