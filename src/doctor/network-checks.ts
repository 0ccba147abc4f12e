/**
 * The doctor checks that look beyond this machine: API credentials (one authenticated
 * request to the API base, through the dispatcher every request uses) and the proxy
 * variables outgoing requests honor.
 */
import type { Dispatcher } from 'undici';
import { UserError } from '../core/errors.js';
import { redactUrl, scrub } from '../core/redact.js';
import { checkApiBase } from '../documents/settings.js';
import { basicAuth } from '../http/basic-auth.js';
import { readSnippet } from '../http/read-snippet.js';
import type { Check } from './checks.js';

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
    return fail(
      `missing ${missing.join(' and ')}`,
      'run `itscope-hooks init`, or set ITSCOPE_ACCOUNT_ID and ITSCOPE_API_KEY (only needed for fetch-doc and --fetch-docs)',
    );
  }
  // The rule fetch-doc applies (https, no credentials, ends in /2.1 or /2.0), with its message.
  let base: URL;
  try {
    base = new URL(checkApiBase(options.apiBase, 'API base'));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return fail(
      scrub(error.message, [apiKey]),
      `${error.hint ?? 'use e.g. https://api.itscope.com/2.1'} (ITSCOPE_API_BASE, --api-base or apiBase in the config)`,
    );
  }
  if (options.offline || !options.dispatcher) return { name: 'api', ok: true, detail: `Account ID ${accountId} and an API key are set (not sent: --offline)` };

  const url = `${options.apiBase.replace(/\/+$/, '')}/business/documents/${PROBE_TRANSACTION_ID}/ORDER.xml`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  // Loaded only for the request: `doctor --offline` needs neither undici nor the explainer (which knows the dispatcher).
  const [{ request }, { explainRequestFailure }] = await Promise.all([import('undici'), import('../http/request-failure.js')]);
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
    // Only what the message needs is read: an answer of any size or speed cannot hold doctor.
    if (status === 503) body = await readSnippet(response.body, 200);
    else await response.body.dump();
  } catch (error) {
    const failure = explainRequestFailure(error, { url, timeoutMs, dispatcher: options.dispatcher });
    const fix = failure.code === 'PROXY' && failure.hint ? failure.hint : 'check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) and ITSCOPE_API_BASE';
    return fail(`cannot reach ${redactUrl(base.origin)}: ${scrub(failure.message, [apiKey])}`, fix);
  }
  const where = redactUrl(base.origin);
  if (status === 401 || status === 403) {
    return fail(
      `${where} rejected Account ID ${accountId} and the API key (HTTP ${status})`,
      'check both in your ITscope account, then run `itscope-hooks init` or set ITSCOPE_ACCOUNT_ID and ITSCOPE_API_KEY',
    );
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
  return {
    name: 'proxy',
    ok: true,
    detail: set.length ? `${set.join(', ')} (used for outgoing requests; never for localhost, 127.0.0.0/8 or ::1)` : 'none set (direct connections)',
  };
}
