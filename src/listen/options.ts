/**
 * listen's flags and configuration (flag > environment > config files) → checked
 * settings, or a UserError naming the flag and the fix. The banner is banner.ts.
 */

import { duration, HOST_HINT, optionalWholeNumber as int, MAX_TIMEOUT_S, parseSize, text as str } from '../cli/values.js';
import { resolveConfig } from '../config/files.js';
import { UserError } from '../core/errors.js';
import { EVENT_TYPES, type EventType } from '../core/payload-rules.js';
import { redactUrl } from '../core/redact.js';
import { isLoopbackHost } from '../http/loopback.js';
import { type TunnelSettings, tunnelSettings } from './tunnel-output.js';

export interface ListenSettings extends TunnelSettings {
  host: string;
  port: number;
  /** Where the port came from when neither the flag nor the default: `$PORT` or a config file (shown in the banner). */
  portFrom: string | undefined;
  path: string;
  captures: string;
  auth: { user: string; password: string } | undefined;
  maxBody: number;
  strict: boolean;
  respondStatus: number | undefined;
  delayMs: number;
  forwardTo: string | undefined;
  forwardTimeoutMs: number;
  /** --forward-status: answer the sender with the app's status and body instead of our own. */
  forwardStatus: boolean;
  /** PEM CA file to trust for an https --forward-to (a self-signed development certificate). */
  forwardCa: string | undefined;
  /** Skip certificate checks for an https --forward-to. */
  forwardInsecure: boolean;
  /** Serve https with these PEM files (both or neither). */
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  maxEvents: number | undefined;
  expect: EventType[] | undefined;
  /** --expect-deals: the CI goal is met when this many deals are complete. */
  expectDeals: number | undefined;
  /** --junit: write a JUnit report of the CI goal here when the run ends. */
  junit: string | undefined;
  /** --timeout (a bare number is seconds). */
  timeoutMs: number | undefined;
  /** --quiet: no line per webhook, only the summary at exit (warnings and errors still shown). */
  quiet: boolean;
  /** What to tell the user before starting: a secret on the command line, an open receiver, config files others may change. */
  warnings: string[];
}

/** A secret typed on the command line is visible to every user of the machine (ps) and kept in the shell history. */
export function commandLineSecret(flag: string, variable: string): string {
  return `a ${flag} on the command line is visible in the process list and shell history; prefer ${variable}`;
}

/** The longest --delay and --forward-timeout: 10 minutes. */
export const MAX_DELAY_MS = 600_000;
export const MAX_FORWARD_TIMEOUT_MS = 600_000;
export const DEFAULT_FORWARD_TIMEOUT_MS = 10_000;

/**
 * --forward-status needs --forward-to (whose answer it passes on), and cannot go with
 * --respond-status (which sets the answer itself).
 */
function forwardStatus(options: Record<string, unknown>, forwardTo: string | undefined): boolean {
  if (options.forwardStatus !== true) return false;
  if (forwardTo === undefined) {
    throw new UserError(
      '--forward-status needs --forward-to',
      "it answers the sender with your app's status, e.g. --forward-to http://localhost:3000/hooks --forward-status",
    );
  }
  if (options.respondStatus !== undefined) {
    throw new UserError(
      '--forward-status and --respond-status cannot be used together',
      "--forward-status answers with your app's status, --respond-status with a fixed one: leave one out",
    );
  }
  return true;
}

/** Most deals --expect-deals waits for (each is tracked in memory for the run). */
export const MAX_EXPECT_DEALS = 10_000;

/**
 * A --respond-status the receiver can send: a final status. node:http cannot end a
 * request with 1xx, and 304 carries no body, so neither tests a sender's failure handling.
 */
function respondStatus(value: unknown): number | undefined {
  const hint = 'use a status from 200 to 599 except 304, e.g. --respond-status 500 or 503';
  const status = int(value, '--respond-status', 200, 599, hint);
  if (status === 304) throw new UserError('--respond-status 304 cannot be used: a 304 answer carries no body', hint);
  return status;
}

export function listenSettings(options: Record<string, unknown>, cwd: string, env: NodeJS.ProcessEnv): ListenSettings {
  // An empty --host makes node:http listen on every interface: never what "" meant.
  const host = str(options.host) ?? '127.0.0.1';
  if (host.trim() === '') throw new UserError('--host is empty', HOST_HINT);
  const config = resolveConfig({
    cwd,
    env,
    flags: { port: str(options.port), captures: str(options.captures), webhookUser: str(options.user), webhookPassword: str(options.password) },
  });
  const user = config.webhookUser.value;
  const password = config.webhookPassword.value;
  if ((user === undefined) !== (password === undefined)) {
    throw new UserError(
      user === undefined ? 'a Basic Auth password is set but no user' : 'a Basic Auth user is set but no password',
      'set both --user and --password (or ITSCOPE_WEBHOOK_USER and ITSCOPE_WEBHOOK_PASSWORD), or neither',
    );
  }
  const maxBodyText = str(options.maxBody) ?? '1mb';
  const maxBody = parseSize(maxBodyText);
  if (maxBody === undefined) throw new UserError(`--max-body "${maxBodyText}" is not a size`, 'use e.g. 512kb, 1mb or 2mb');
  const path = str(options.path) ?? '/';
  if (!path.startsWith('/')) throw new UserError(`--path "${path}" must start with /`, 'e.g. --path /webhooks/itscope');
  const forwardTo = str(options.forwardTo);
  if (forwardTo !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(forwardTo);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new UserError(`--forward-to "${redactUrl(forwardTo)}" is not an http(s) URL`, 'e.g. --forward-to http://localhost:3000/webhooks/itscope');
    }
  }
  const forwardCa = str(options.forwardCa);
  const forwardInsecure = options.forwardInsecure === true;
  checkForwardTls(forwardTo, forwardCa, forwardInsecure);
  const tlsCert = str(options.tlsCert);
  const tlsKey = str(options.tlsKey);
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    throw new UserError(
      tlsCert === undefined ? '--tls-key needs --tls-cert' : '--tls-cert needs --tls-key',
      'to serve https give both, e.g. --tls-cert fullchain.pem --tls-key privkey.pem; leave both out for plain http (and a tunnel)',
    );
  }
  let expect: EventType[] | undefined;
  const expectText = str(options.expect);
  if (expectText !== undefined) {
    expect = [];
    for (const part of expectText
      .split(',')
      .map((p) => p.trim().toUpperCase())
      .filter(Boolean)) {
      if (!(EVENT_TYPES as readonly string[]).includes(part))
        throw new UserError(`--expect: "${part}" is not an event type`, `use a comma list of ${EVENT_TYPES.join(', ')}`);
      expect.push(part as EventType);
    }
    if (expect.length === 0) throw new UserError('--expect needs at least one event type', `use a comma list of ${EVENT_TYPES.join(', ')}`);
  }
  const timeoutMs = options.timeout === undefined ? undefined : duration(options.timeout, '--timeout', { bareUnit: 's', min: 1, max: MAX_TIMEOUT_S * 1000 });
  const maxEvents = int(options.maxEvents, '--max-events', 1, Number.MAX_SAFE_INTEGER, 'use a whole number of events, e.g. --max-events 4');
  const expectDeals = int(options.expectDeals, '--expect-deals', 1, MAX_EXPECT_DEALS, 'use a whole number of deals, e.g. --expect-deals 2');
  const junit = str(options.junit);
  if (junit !== undefined && maxEvents === undefined && expect === undefined && expectDeals === undefined) {
    throw new UserError(
      '--junit needs a CI goal to report on',
      'add --expect TYPES, --max-events N or --expect-deals N (and --timeout SECONDS), e.g. --expect-deals 1 --timeout 600 --junit report.xml',
    );
  }
  return {
    host,
    port: config.port.value,
    portFrom: config.port.source === 'env' ? '$PORT' : config.port.source === 'project' || config.port.source === 'user' ? config.port.origin : undefined,
    path,
    captures: config.captures.value,
    auth: user !== undefined && password !== undefined ? { user, password } : undefined,
    maxBody,
    strict: options.strict === true,
    respondStatus: respondStatus(options.respondStatus),
    delayMs: options.delay === undefined ? 0 : duration(options.delay, '--delay', { bareUnit: 'ms', max: MAX_DELAY_MS }),
    forwardTo,
    forwardTimeoutMs:
      options.forwardTimeout === undefined
        ? DEFAULT_FORWARD_TIMEOUT_MS
        : duration(options.forwardTimeout, '--forward-timeout', { bareUnit: 'ms', min: 1, max: MAX_FORWARD_TIMEOUT_MS }),
    forwardStatus: forwardStatus(options, forwardTo),
    forwardCa,
    forwardInsecure,
    tlsCert,
    tlsKey,
    maxEvents,
    expect,
    expectDeals,
    junit,
    timeoutMs,
    quiet: options.quiet === true,
    ...tunnelSettings(options, tlsCert),
    warnings: [
      ...config.warnings,
      ...(typeof options.password === 'string' ? [commandLineSecret('--password', 'ITSCOPE_WEBHOOK_PASSWORD')] : []),
      ...(typeof options.apiKey === 'string' ? [commandLineSecret('--api-key', 'ITSCOPE_API_KEY')] : []),
      ...(!isLoopbackHost(host) && !(user !== undefined && password !== undefined)
        ? [
            `listening on ${host} without Basic Auth: anyone who can reach this machine can post webhooks into your captures; set --user and --password (ITSCOPE_WEBHOOK_USER, ITSCOPE_WEBHOOK_PASSWORD) as on ITscope's settings page`,
          ]
        : []),
    ],
  };
}

/** --forward-ca and --forward-insecure only mean something for an https --forward-to, and not together. */
function checkForwardTls(forwardTo: string | undefined, ca: string | undefined, insecure: boolean): void {
  const flag = ca !== undefined ? '--forward-ca' : '--forward-insecure';
  if (ca === undefined && !insecure) return;
  if (forwardTo === undefined)
    throw new UserError(
      `${flag} needs --forward-to`,
      `it sets how the https app of --forward-to is trusted, e.g. --forward-to https://localhost:3000/hooks ${flag}${ca !== undefined ? ` ${ca}` : ''}`,
    );
  if (new URL(forwardTo).protocol !== 'https:') {
    throw new UserError(
      `${flag} only applies to an https --forward-to`,
      `--forward-to ${redactUrl(forwardTo)} is plain http: leave ${flag} out, or forward to https://`,
    );
  }
  if (ca !== undefined && insecure) {
    throw new UserError(
      '--forward-ca and --forward-insecure cannot be used together',
      'trust the certificate with --forward-ca FILE (safe), or skip the check with --forward-insecure (unsafe)',
    );
  }
}
