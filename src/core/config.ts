/**
 * Configuration resolution (DESIGN.md §2): flag > environment > project config
 * (.itscope-hooks/config.json in the working directory) > user config (XDG config dir)
 * > built-in default. Every resolved value knows where it came from.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { UserError, errnoCode } from './errors.js';
import { redactSecret, redactUrl } from './redact.js';
import { DEFAULT_API_BASE, EVENT_TYPES, type EventType } from './schema.js';

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

const typeUrlSchema = z.strictObject({
  enabled: z.boolean().optional(),
  url: z.string().optional(),
});

/** The config file. Unknown keys are an error: a typo must not be silently ignored. */
export const configFileSchema = z.strictObject({
  webhookUser: z.string().optional(),
  webhookPassword: z.string().optional(),
  webhookUrl: z.string().optional(),
  webhookUrls: z
    .strictObject({
      ORDER: typeUrlSchema.optional(),
      ORDERRESPONSE: typeUrlSchema.optional(),
      DELIVERY: typeUrlSchema.optional(),
      INVOICE: typeUrlSchema.optional(),
    })
    .optional(),
  accountId: z.string().optional(),
  apiKey: z.string().optional(),
  apiBase: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  captures: z.string().optional(),
});
export type ConfigFile = z.infer<typeof configFileSchema>;

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
  const result = configFileSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(top level)';
      return `${where}: ${issue.message}`;
    });
    throw new UserError(
      `config file ${path} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n  ${problems.join('\n  ')}`,
      `allowed keys: ${Object.keys(configFileSchema.shape).join(', ')}; run \`itscope-hooks init\` to write a correct file`,
    );
  }
  return result.data;
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
