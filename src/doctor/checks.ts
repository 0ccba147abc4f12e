/**
 * The checks `itscope-hooks doctor` runs. Each returns a
 * Check with what it found and, when it failed, what to do. No printing here: the
 * command renders them. Everything a check needs comes in as an argument.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import type { Dispatcher } from 'undici';
import { basicAuth } from '../http/basic-auth.js';
import { explainRequestFailure } from '../http/request-failure.js';
import { readConfigFile } from '../config/files.js';
import { type ResolvedConfig } from '../core/config.js';
import { isLoopbackHost } from '../http/loopback.js';
import { webhookUrlProblem } from '../core/config-file.js';
import { errnoCode } from '../core/errors.js';
import { redactUrl, scrub } from '../core/redact.js';
import { EVENT_TYPES } from '../core/payload-rules.js';

export interface Check {
  /** Stable id: node, config, port, captures, webhook-urls, api, proxy. */
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export const CHECK_LABELS: Record<string, string> = {
  node: 'Node.js',
  config: 'Config files',
  port: 'Listen port',
  captures: 'Capture store',
  'webhook-urls': 'Webhook URLs',
  api: 'API credentials',
  proxy: 'Proxy',
};

export const MIN_NODE = [20, 19, 0] as const;

export function nodeCheck(version: string): Check {
  const parts = version.replace(/^v/, '').split('.').map((p) => Number.parseInt(p, 10) || 0);
  let ok = true;
  for (let i = 0; i < MIN_NODE.length; i++) {
    const have = parts[i] ?? 0;
    const need = MIN_NODE[i] ?? 0;
    if (have !== need) {
      ok = have > need;
      break;
    }
  }
  const needed = MIN_NODE.slice(0, 2).join('.');
  return ok
    ? { name: 'node', ok, detail: `v${version.replace(/^v/, '')} (needs >= ${needed})` }
    : { name: 'node', ok, detail: `v${version.replace(/^v/, '')} is too old (needs >= ${needed})`, fix: `install Node.js ${needed} or newer (an LTS release)` };
}

/** Both config files: each absent (fine) or readable and valid. */
export function configFilesCheck(files: { project: string; user: string }): Check {
  const found: string[] = [];
  for (const [scope, path] of Object.entries(files)) {
    try {
      const config = readConfigFile(path);
      found.push(`${scope} ${path} ${config ? '(valid)' : '(not found)'}`);
    } catch (error) {
      const e = error as Error & { hint?: string };
      return { name: 'config', ok: false, detail: e.message, fix: e.hint ?? `fix or delete ${path}` };
    }
  }
  return { name: 'config', ok: true, detail: found.join('; ') };
}

/** Whether `listen` could bind the port: bind it on the host, then release it. */
export async function portCheck(port: number, host = '127.0.0.1'): Promise<Check> {
  if (port === 0) return { name: 'port', ok: true, detail: '0: listen picks a free port when it starts' };
  const error = await new Promise<unknown>((resolve) => {
    const server = createServer();
    server.once('error', resolve);
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
  if (error === undefined) return { name: 'port', ok: true, detail: `${host}:${port} is free` };
  const code = errnoCode(error);
  const other = 'or choose another port: --port, PORT or `itscope-hooks init`';
  if (code === 'EADDRINUSE') {
    return { name: 'port', ok: false, detail: `${host}:${port} is in use by another program (maybe a running \`itscope-hooks listen\`)`, fix: `stop that program, ${other}` };
  }
  if (code === 'EACCES') {
    return { name: 'port', ok: false, detail: `no permission to listen on ${host}:${port}`, fix: `ports below 1024 need privileges; ${other}` };
  }
  return { name: 'port', ok: false, detail: `cannot listen on ${host}:${port} (${code ?? String(error)})`, fix: other };
}

export interface StoreSummary {
  torn: number;
  /** Captures in the store. */
  count: number;
}

/** The capture folder: writable (or creatable) and readable, torn journal lines counted. */
export async function captureStoreCheck(dir: string, open: (dir: string) => Promise<StoreSummary>): Promise<Check> {
  const fail = (detail: string, fix: string): Check => ({ name: 'captures', ok: false, detail, fix });
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') return fail(`cannot look at ${dir} (${errnoCode(error) ?? String(error)})`, 'check the permissions of its parent folders');
    // Not there yet: `listen` creates it, if the nearest existing parent lets it.
    let parent = dirname(dir);
    for (;;) {
      try {
        await stat(parent);
        break;
      } catch {
        if (dirname(parent) === parent) break;
        parent = dirname(parent);
      }
    }
    try {
      await access(parent, constants.W_OK);
    } catch {
      return fail(`${dir} does not exist and ${parent} is not writable`, 'choose a capture folder you can write: --captures, ITSCOPE_HOOKS_DIR or `itscope-hooks init`');
    }
    return { name: 'captures', ok: true, detail: `${dir} does not exist yet; \`itscope-hooks listen\` creates it` };
  }
  if (!info.isDirectory()) return fail(`${dir} is a file, not a folder`, 'move the file away, or choose another folder with --captures or ITSCOPE_HOOKS_DIR');
  try {
    await access(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch {
    return fail(`${dir} is not readable and writable by you`, `fix its permissions (chmod u+rwx ${dir}) or choose another folder`);
  }
  let store: StoreSummary;
  try {
    store = await open(dir);
  } catch (error) {
    const e = error as Error & { hint?: string };
    return fail(e.message, e.hint ?? 'check the permissions of the files in it');
  }
  const { count } = store;
  const torn =
    store.torn === 0
      ? ''
      : `; ${store.torn} torn line${store.torn === 1 ? '' : 's'} skipped (left by a crash or a hand edit; the other captures are intact)`;
  return { name: 'captures', ok: true, detail: `${dir}: ${count} capture${count === 1 ? '' : 's'}${torn}` };
}

/** The per-type URLs for ITscope's settings page must be https; the send URL may be loopback http. */
export function webhookUrlsCheck(config: ResolvedConfig): Check {
  const problems: string[] = [];
  const shown: string[] = [];
  for (const type of EVENT_TYPES) {
    const { value, origin } = config.webhookUrls[type];
    if (!value.enabled) continue;
    if (value.url === undefined) {
      problems.push(`${type} is enabled without a URL (${origin ?? 'config'})`);
      continue;
    }
    const problem = webhookUrlProblem(value.url);
    if (problem) problems.push(`${type} ${redactUrl(value.url)}: ${problem}`);
    else shown.push(`${type} ${redactUrl(value.url)}`);
  }
  const single = config.webhookUrl;
  if (single.value !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(single.value);
    } catch {
      problems.push(`webhookUrl "${redactUrl(single.value)}" is not a URL`);
    }
    if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      problems.push(`webhookUrl ${redactUrl(single.value)} is not https (plain http only for localhost)`);
    } else if (url) shown.push(`send target ${redactUrl(single.value)}`);
  }
  if (problems.length > 0) {
    return { name: 'webhook-urls', ok: false, detail: problems.join('; '), fix: 'enter https URLs with `itscope-hooks init` (ITscope only calls https; use a tunnel for a local receiver)' };
  }
  return { name: 'webhook-urls', ok: true, detail: shown.length ? shown.join(', ') : 'none configured (optional; `itscope-hooks init` sets them)' };
}

export interface ApiCheckOptions {
  apiBase: string;
  accountId: string | undefined;
  apiKey: string | undefined;
  offline: boolean;
  /** Needed unless offline. */
  dispatcher: Dispatcher | undefined;
  userAgent: string;
  timeoutMs?: number;
}

/** A document id that never exists: 404 means the credentials got past authentication. */
export const PROBE_TRANSACTION_ID = '00000000-0000-0000-0000-000000000000';

/** Credentials present, and accepted by one authenticated GET to the API base. */
export async function apiCheck(options: ApiCheckOptions): Promise<Check> {
  const { accountId, apiKey } = options;
  const fail = (detail: string, fix: string): Check => ({ name: 'api', ok: false, detail, fix });
  if (!accountId || !apiKey) {
    const missing = [accountId ? undefined : 'Account ID (ITSCOPE_ACCOUNT_ID)', apiKey ? undefined : 'API key (ITSCOPE_API_KEY)'].filter(Boolean);
    return fail(`missing ${missing.join(' and ')}`, 'run `itscope-hooks init`, or set ITSCOPE_ACCOUNT_ID and ITSCOPE_API_KEY (only needed for fetch-doc and --fetch-docs)');
  }
  let base: URL;
  try {
    base = new URL(options.apiBase);
  } catch {
    return fail(`API base "${redactUrl(options.apiBase)}" is not a URL`, 'set ITSCOPE_API_BASE to e.g. https://api.itscope.com/2.1, or unset it');
  }
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && isLoopbackHost(base.hostname))) {
    return fail(`API base ${redactUrl(options.apiBase)} is not https: the API key would travel unencrypted`, 'use an https API base (plain http only for a local mock-api)');
  }
  if (options.offline || !options.dispatcher) return { name: 'api', ok: true, detail: `Account ID ${accountId} and an API key are set (not sent: --offline)` };

  const url = `${options.apiBase.replace(/\/+$/, '')}/business/documents/${PROBE_TRANSACTION_ID}/ORDER.xml`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const { request } = await import('undici');
  let status: number;
  let body = '';
  try {
    const response = await request(url, {
      method: 'GET',
      dispatcher: options.dispatcher,
      headers: {
        authorization: basicAuth(accountId, apiKey),
        'user-agent': options.userAgent,
        accept: 'application/xml',
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.statusCode;
    if (status === 503) body = (await response.body.text()).slice(0, 200);
    else await response.body.dump();
  } catch (error) {
    const failure = explainRequestFailure(error, { url, timeoutMs, dispatcher: options.dispatcher });
    const fix = failure.code === 'PROXY' && failure.hint ? failure.hint : 'check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) and ITSCOPE_API_BASE';
    return fail(`cannot reach ${redactUrl(base.origin)}: ${scrub(failure.message, [apiKey])}`, fix);
  }
  const where = redactUrl(base.origin);
  if (status === 401 || status === 403) {
    return fail(`${where} rejected Account ID ${accountId} and the API key (HTTP ${status})`, 'check both in your ITscope account, then run `itscope-hooks init` or set ITSCOPE_ACCOUNT_ID and ITSCOPE_API_KEY');
  }
  if (status === 503) {
    const limited = /rate limit/i.test(body);
    return fail(
      `${where} answered HTTP 503${limited ? ' Rate Limit Exceeded' : ''}`,
      limited ? 'this IP made more than 600 requests in a minute and is blocked for 30 minutes; wait, do not retry' : 'the API is unavailable; try again later',
    );
  }
  if (status === 404 || (status >= 200 && status < 300)) {
    return { name: 'api', ok: true, detail: `${where} accepted Account ID ${accountId} and the API key` };
  }
  return fail(`${where} answered HTTP ${status} to an authenticated request`, 'check ITSCOPE_API_BASE (default https://api.itscope.com/2.1)');
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const;

/** The proxy variables outgoing requests honor, credentials redacted; a malformed one fails. */
export function proxyCheck(env: NodeJS.ProcessEnv): Check {
  const set: string[] = [];
  const problems: string[] = [];
  for (const name of PROXY_VARS) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (name.toLowerCase() === 'no_proxy') {
      set.push(`${name}=${value}`);
      continue;
    }
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
      set.push(`${name}=${redactUrl(value)}`);
    } else {
      // Not shown: a malformed value may still hold a password.
      problems.push(`${name} is not an http:// or https:// URL`);
    }
  }
  if (problems.length > 0) {
    return { name: 'proxy', ok: false, detail: problems.join('; '), fix: 'set it to a URL such as http://proxy.example.com:3128, or unset it' };
  }
  return { name: 'proxy', ok: true, detail: set.length ? `${set.join(', ')} (used for outgoing requests)` : 'none set (direct connections)' };
}
