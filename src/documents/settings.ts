/**
 * ITscope API settings for fetch-doc and listen --fetch-docs: credentials and api-base
 * from flag > environment > config, checked before any request.
 */

import { resolveConfig } from '../config/files.js';
import { apiBaseNotice, describeSource } from '../core/config.js';
import { UserError } from '../core/errors.js';
import { completeUrl } from '../core/schemeless-url.js';
import { isLoopbackHost } from '../http/loopback.js';
import { likelyScheme } from '../http/target-url.js';

export interface ApiSettings {
  apiBase: string;
  accountId: string;
  apiKey: string;
  /** Where each credential came from, for the 401/403 message. */
  sources: { accountId: string; apiKey: string };
  captures: string;
  /** Said by every command that sends the credentials: a project config points the API elsewhere. */
  apiBaseNotice?: string | undefined;
  /** Config files other users may change. */
  fileWarnings: string[];
}

export interface ApiFlags {
  accountId?: unknown;
  apiKey?: unknown;
  apiBase?: unknown;
  captures?: unknown;
}

function flag(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The API base meant by a path without the API version: up to its /2.1 or /2.0, else with /2.1 added. */
function withVersion(url: URL): string {
  const path = url.pathname.replace(/\/+$/, '');
  const m = /^(.*?\/2\.[01])(?:\/|$)/.exec(path);
  return `${url.origin}${m ? m[1] : `${path}/2.1`}`;
}

/**
 * api-base must be https (plain http only for this machine: the mock API) and end in the
 * API version, /2.1 or /2.0, as ITscope's paths do (`{base}/business/documents/…`).
 */
export function checkApiBase(value: string, origin: string): string {
  // "127.0.0.1:8766/2.1" parses as a URL of the scheme "127.0.0.1:"… or not at all: say what was meant.
  const meant = completeUrl(value, likelyScheme);
  if (meant !== undefined) throw new UserError(`${origin}: "${value.trim()}" has no scheme`, `use ${withVersion(new URL(meant))}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`${origin}: "${value}" is not a URL`, 'use e.g. https://api.itscope.com/2.1');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new UserError(
      `${origin}: ${url.protocol}//${url.host} would send the API key unencrypted`,
      'use an https URL (plain http only for localhost, e.g. the mock-api)',
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UserError(
      `${origin}: the API base must not contain credentials, a query or a fragment`,
      'use e.g. https://api.itscope.com/2.1 and pass credentials with --account-id/--api-key',
    );
  }
  const base = url.href.replace(/\/+$/, '');
  if (!/\/2\.[01]$/.test(url.pathname.replace(/\/+$/, ''))) {
    const local = isLoopbackHost(url.hostname) ? ' (`itscope-hooks mock-api` serves both, like ITscope)' : '';
    throw new UserError(
      `${origin}: ${base} does not end in /2.1 or /2.0, the version of the ITscope API, so every document request would miss`,
      `use ${withVersion(url)}${local}`,
    );
  }
  return base;
}

export function resolveApiSettings(options: { cwd: string; env: NodeJS.ProcessEnv; flags: ApiFlags }): ApiSettings {
  const config = resolveConfig({
    cwd: options.cwd,
    env: options.env,
    flags: {
      accountId: flag(options.flags.accountId),
      apiKey: flag(options.flags.apiKey),
      apiBase: flag(options.flags.apiBase),
      captures: flag(options.flags.captures),
    },
  });
  const accountId = config.accountId.value;
  const apiKey = config.apiKey.value;
  if (!accountId || !apiKey) {
    const missing = [!accountId ? 'Account ID' : undefined, !apiKey ? 'API key' : undefined].filter(Boolean).join(' and ');
    throw new UserError(
      `no ITscope ${missing} given`,
      'pass --account-id and --api-key, or set ITSCOPE_ACCOUNT_ID and ITSCOPE_API_KEY, or put accountId and apiKey into .itscope-hooks/config.json (`itscope-hooks init`); for offline work start `itscope-hooks mock-api`',
    );
  }
  const baseOrigin = config.apiBase.source === 'flag' ? '--api-base' : config.apiBase.source === 'default' ? 'api base' : describeSource(config.apiBase);
  return {
    apiBase: checkApiBase(config.apiBase.value, baseOrigin),
    accountId,
    apiKey,
    sources: { accountId: describeSource(config.accountId), apiKey: describeSource(config.apiKey) },
    captures: config.captures.value,
    apiBaseNotice: apiBaseNotice(config.apiBase),
    fileWarnings: config.warnings,
  };
}
