/**
 * The config file's shape and its checks (pure): which keys exist, what each must be,
 * and every problem in words with a "did you mean". A plain check rather than a schema
 * library keeps every command's startup light. Reading and writing the file is
 * src/config/files.ts.
 */
import { join } from 'node:path';
import { UserError } from './errors.js';
import { describe, EVENT_TYPES, type EventType, isPlainObject } from './payload-rules.js';
import { completeUrl } from './schemeless-url.js';

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

/** Keys whose values are secrets: never shown, not even in an error about their type. */
export const SECRET_KEYS = ['webhookPassword', 'apiKey'] as const;

/** "a string ("8765")": the kind of a value, with the value itself when it is a scalar (never for a secret). */
function kind(value: unknown, secret = false): string {
  return value !== null && typeof value !== 'object' && !secret ? `${describe(value)} (${JSON.stringify(value)})` : describe(value);
}

/**
 * What to say about a config file other users may change (mode bits `mode`): they could
 * point its apiBase or webhook URLs elsewhere. Refused when the file holds secrets, a
 * warning otherwise; undefined when only its owner may write it.
 */
export function modeProblem(path: string, mode: number, config: ConfigFile): { refuse: boolean; message: string; hint: string } | undefined {
  if ((mode & 0o022) === 0) return undefined;
  const octal = (mode & 0o777).toString(8);
  const secrets = SECRET_KEYS.filter((key) => config[key] !== undefined);
  if (secrets.length > 0) {
    return {
      refuse: true,
      message: `config file ${path} holds secrets (${secrets.join(', ')}) and can be changed by other users (mode ${octal})`,
      hint: `run chmod 600 ${path}; whoever can change it can send your credentials elsewhere`,
    };
  }
  return {
    refuse: false,
    message: `config file ${path} can be changed by other users (mode ${octal}): they could send your requests elsewhere; run chmod 600 ${path}`,
    hint: '',
  };
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
      if (typeof value !== 'string') problems.push(`${key}: must be a string, got ${kind(value, (SECRET_KEYS as readonly string[]).includes(key))}`);
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

/**
 * Why a webhook URL is not acceptable on ITscope's settings page, or undefined when it
 * is. ITscope only calls https URLs it can reach, and takes the Basic Auth credentials in
 * their own fields.
 */
export function webhookUrlProblem(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return 'enter a URL, e.g. https://hooks.example.com/itscope';
  // ITscope calls only https, so a URL typed without its scheme meant https://.
  const meant = completeUrl(text, () => 'https');
  if (meant !== undefined) return `"${text}" has no scheme; enter ${meant}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL; enter one such as https://hooks.example.com/itscope`;
  }
  if (url.protocol !== 'https:') {
    return `ITscope only calls https URLs, not ${url.protocol.replace(':', '')}; for a local receiver use a tunnel (cloudflared, ngrok) and enter its https URL`;
  }
  if (!url.hostname) return 'the URL has no host name';
  if (url.username || url.password) return 'leave the credentials out of the URL; enter them as Basic Auth user and password';
  return undefined;
}
