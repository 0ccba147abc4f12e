/**
 * The checks `itscope-hooks doctor` runs. Each returns a
 * Check with what it found and, when it failed, what to do. No printing here: the
 * command renders them. Everything a check needs comes in as an argument.
 */
import { constants, type Stats } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { readConfigFile } from '../config/files.js';
import type { ResolvedConfig } from '../core/config.js';
import { webhookUrlProblem } from '../core/config-file.js';
import { errnoCode } from '../core/errors.js';
import { EVENT_TYPES } from '../core/payload-rules.js';
import { redactUrl } from '../core/redact.js';
import { completeUrl } from '../core/schemeless-url.js';
import type { probeListen } from '../http/local-probe.js';
import { isLoopbackHost } from '../http/loopback.js';
import { likelyScheme } from '../http/target-url.js';

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
  const parts = version
    .replace(/^v/, '')
    .split('.')
    .map((p) => Number.parseInt(p, 10) || 0);
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

/**
 * Whether `listen` could bind the port: bind it on the host, then release it. A port held
 * by a running `itscope-hooks listen` (it answers GET /health) is fine: doctor was run
 * beside it (issue 19).
 */
export async function portCheck(port: number, host = '127.0.0.1', probe?: typeof probeListen): Promise<Check> {
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
    // Loaded only for a busy port: doctor --offline stays light otherwise.
    const running = await (probe ?? (await import('../http/local-probe.js')).probeListen)(host, port);
    if (running.listen) {
      const url = `${running.scheme ?? 'http'}://${host}:${port}/`;
      return {
        name: 'port',
        ok: true,
        detail: `${host}:${port} is taken by a running \`itscope-hooks listen\` (${url}health answered)`,
      };
    }
    return {
      name: 'port',
      ok: false,
      detail: `${host}:${port} is in use by another program (not \`itscope-hooks listen\`: no answer to GET /health)`,
      fix: `stop that program, ${other}`,
    };
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
  let info: Stats;
  try {
    info = await stat(dir);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT')
      return fail(`cannot look at ${dir} (${errnoCode(error) ?? String(error)})`, 'check the permissions of its parent folders');
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
      return fail(
        `${dir} does not exist and ${parent} is not writable`,
        'choose a capture folder you can write: --captures, ITSCOPE_HOOKS_DIR or `itscope-hooks init`',
      );
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
    store.torn === 0 ? '' : `; ${store.torn} torn line${store.torn === 1 ? '' : 's'} skipped (left by a crash or a hand edit; the other captures are intact)`;
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
  const meant = single.value === undefined ? undefined : completeUrl(single.value, likelyScheme);
  if (single.value !== undefined && meant !== undefined) problems.push(`webhookUrl "${single.value.trim()}" has no scheme: use ${meant}`);
  else if (single.value !== undefined) {
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
    return {
      name: 'webhook-urls',
      ok: false,
      detail: problems.join('; '),
      fix: 'enter https URLs with `itscope-hooks init` (ITscope only calls https; use a tunnel for a local receiver)',
    };
  }
  return { name: 'webhook-urls', ok: true, detail: shown.length ? shown.join(', ') : 'none configured (optional; `itscope-hooks init` sets them)' };
}
