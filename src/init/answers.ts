/**
 * What `init` writes: the new config file built from wizard answers or
 * `init --yes` flags, merged over the file that is already there. Pure: no I/O; the
 * writing itself is src/config/files.ts.
 */
import { type ConfigFile, checkConfig, DEFAULT_CAPTURES, DEFAULT_PORT, webhookUrlProblem } from '../core/config-file.js';
import { UserError } from '../core/errors.js';
import { wholeNumberIn } from '../core/format.js';
import { EVENT_TYPES, type EventType } from '../core/payload-rules.js';
import { redactSecret } from '../core/redact.js';

/** One event type as on ITscope's settings page: a checkbox and a URL. */
export interface TypeAnswer {
  enabled: boolean;
  url?: string | undefined;
}

/** Everything `init` may set. Undefined means "keep what the file has". */
export interface InitAnswers {
  webhookUser?: string | undefined;
  webhookPassword?: string | undefined;
  webhookUrls?: Partial<Record<EventType, TypeAnswer>>;
  accountId?: string | undefined;
  apiKey?: string | undefined;
  port?: number | undefined;
  captures?: string | undefined;
}

/** Why a port is not acceptable, or undefined. */
export function portProblem(value: string): string | undefined {
  return wholeNumberIn(value, 1, 65535) === undefined ? `"${value.trim()}" is not a port; enter a whole number from 1 to 65535` : undefined;
}

/** Basic Auth sends "user:password", so a colon cannot be part of the user name. */
export function userProblem(value: string): string | undefined {
  return value.includes(':') ? 'a Basic Auth user name cannot contain ":"' : undefined;
}

/** The init flags that carry values, with the answer each one sets. */
export const INIT_FLAGS = {
  user: '--user',
  password: '--password',
  urlOrder: '--url-order',
  urlOrderresponse: '--url-orderresponse',
  urlDelivery: '--url-delivery',
  urlInvoice: '--url-invoice',
  accountId: '--account-id',
  apiKey: '--api-key',
  port: '--port',
  captures: '--captures',
} as const;

const URL_FLAG_BY_TYPE: Record<EventType, keyof typeof INIT_FLAGS> = {
  ORDER: 'urlOrder',
  ORDERRESPONSE: 'urlOrderresponse',
  DELIVERY: 'urlDelivery',
  INVOICE: 'urlInvoice',
};

function flagText(options: Record<string, unknown>, key: keyof typeof INIT_FLAGS): string | undefined {
  const value = options[key];
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/**
 * The answers `init --yes` takes from its flags; a bad value is a UserError naming the
 * flag and the fix. A URL flag enables its type.
 */
export function answersFromFlags(options: Record<string, unknown>): InitAnswers {
  const answers: InitAnswers = {};
  const user = flagText(options, 'user');
  if (user !== undefined) {
    const problem = userProblem(user);
    if (problem) throw new UserError(`--user: ${problem}`, 'pass the user name ITscope sends, without ":"');
    answers.webhookUser = user;
  }
  const password = flagText(options, 'password');
  if (password !== undefined) {
    if (password === '') throw new UserError('--password is empty', 'pass the password ITscope sends, or leave the flag out to keep the stored one');
    answers.webhookPassword = password;
  }
  for (const type of EVENT_TYPES) {
    const flag = URL_FLAG_BY_TYPE[type];
    const url = flagText(options, flag);
    if (url === undefined) continue;
    const problem = webhookUrlProblem(url);
    if (problem) throw new UserError(`${INIT_FLAGS[flag]}: ${problem}`, `pass an https URL, e.g. ${INIT_FLAGS[flag]} https://hooks.example.com/itscope`);
    answers.webhookUrls = { ...answers.webhookUrls, [type]: { enabled: true, url: url.trim() } };
  }
  const accountId = flagText(options, 'accountId');
  if (accountId !== undefined) answers.accountId = accountId.trim();
  const apiKey = flagText(options, 'apiKey');
  if (apiKey !== undefined) {
    if (apiKey === '') throw new UserError('--api-key is empty', 'pass the API key from your ITscope account, or leave the flag out');
    answers.apiKey = apiKey;
  }
  const port = flagText(options, 'port');
  if (port !== undefined) {
    const problem = portProblem(port);
    if (problem) throw new UserError(`--port: ${problem}`, 'e.g. --port 8765');
    answers.port = Number(port.trim());
  }
  const captures = flagText(options, 'captures');
  if (captures !== undefined) {
    if (captures.trim() === '') throw new UserError('--captures is empty', `pass a folder, e.g. --captures ${DEFAULT_CAPTURES}`);
    answers.captures = captures.trim();
  }
  return answers;
}

/** The file to write: the existing one with the answers laid over it, checked by the schema. */
export function buildConfig(existing: ConfigFile | undefined, answers: InitAnswers): ConfigFile {
  const next: ConfigFile = { ...existing };
  const scalar = ['webhookUser', 'webhookPassword', 'accountId', 'apiKey', 'port', 'captures'] as const;
  for (const key of scalar) {
    const value = answers[key];
    if (value === undefined) continue;
    if (value === '') delete next[key];
    else (next as Record<string, unknown>)[key] = value;
  }
  if (answers.webhookUrls) {
    const urls = { ...existing?.webhookUrls };
    for (const type of EVENT_TYPES) {
      const answer = answers.webhookUrls[type];
      if (!answer) continue;
      const url = answer.url ?? urls[type]?.url;
      urls[type] = { enabled: answer.enabled, ...(url ? { url } : {}) };
    }
    next.webhookUrls = urls;
  }
  // Never write a file that the next command would refuse to read.
  return checkConfig(next, '(new config)');
}

/** The summary shown before writing; secrets show only whether they are set. */
export function summarize(config: ConfigFile): Array<[label: string, value: string]> {
  const rows: Array<[string, string]> = [
    ['Basic Auth user', config.webhookUser ?? '(not set)'],
    ['Basic Auth password', redactSecret(config.webhookPassword)],
  ];
  for (const type of EVENT_TYPES) {
    const entry = config.webhookUrls?.[type];
    const enabled = entry?.enabled ?? Boolean(entry?.url);
    rows.push([`${type} webhook`, enabled ? `on  ${entry?.url ?? '(no URL)'}` : `off${entry?.url ? `  ${entry.url}` : ''}`]);
  }
  rows.push(
    ['API Account ID', config.accountId ?? '(not set)'],
    ['API key', redactSecret(config.apiKey)],
    ['Listen port', String(config.port ?? DEFAULT_PORT)],
    ['Capture folder', config.captures ?? DEFAULT_CAPTURES],
  );
  return rows;
}

export function formatSummary(config: ConfigFile): string {
  const rows = summarize(config);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}
