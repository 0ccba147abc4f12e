/**
 * listen's flags and configuration (flag > environment > config files) → checked
 * settings, or a UserError naming the flag and the fix; and the banner lines.
 */

import { HOST_HINT, optionalWholeNumber as int, MAX_TIMEOUT_S, parseSize, text as str } from '../cli/values.js';
import { resolveConfig } from '../config/files.js';
import { UserError } from '../core/errors.js';
import { EVENT_TYPES, type EventType } from '../core/payload-rules.js';
import { redactUrl } from '../core/redact.js';
import { isLoopbackHost } from '../http/loopback.js';
import { type TunnelSettings, tunnelSettings } from './tunnel-output.js';
import { pasteLines, type TunnelBanner, tunnelHeadLine } from './tunnel-report.js';

export interface ListenSettings extends TunnelSettings {
  host: string;
  port: number;
  path: string;
  captures: string;
  auth: { user: string; password: string } | undefined;
  maxBody: number;
  strict: boolean;
  respondStatus: number | undefined;
  delayMs: number;
  forwardTo: string | undefined;
  forwardTimeoutMs: number;
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
  timeoutS: number | undefined;
  /** What to tell the user before starting: a secret on the command line, an open receiver, config files others may change. */
  warnings: string[];
}

/** A secret typed on the command line is visible to every user of the machine (ps) and kept in the shell history. */
export function commandLineSecret(flag: string, variable: string): string {
  return `a ${flag} on the command line is visible in the process list and shell history; prefer ${variable}`;
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
  const timeoutText = str(options.timeout);
  let timeoutS: number | undefined;
  if (timeoutText !== undefined) {
    timeoutS = Number(timeoutText);
    if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > MAX_TIMEOUT_S) {
      throw new UserError(
        `--timeout "${timeoutText}" must be a number of seconds above 0 and at most ${MAX_TIMEOUT_S}`,
        `e.g. --timeout 60 (${MAX_TIMEOUT_S} s, about 24 days, is the longest a timer can wait)`,
      );
    }
  }
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
    path,
    captures: config.captures.value,
    auth: user !== undefined && password !== undefined ? { user, password } : undefined,
    maxBody,
    strict: options.strict === true,
    respondStatus: respondStatus(options.respondStatus),
    delayMs: int(options.delay, '--delay', 0, 600_000, 'use milliseconds, e.g. --delay 5000') ?? 0,
    forwardTo,
    forwardTimeoutMs: int(options.forwardTimeout, '--forward-timeout', 1, 600_000, 'use milliseconds, e.g. --forward-timeout 5000') ?? 10_000,
    forwardCa,
    forwardInsecure,
    tlsCert,
    tlsKey,
    maxEvents,
    expect,
    expectDeals,
    junit,
    timeoutS,
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

function forwardLine(forwardTo: string): string {
  const url = new URL(forwardTo);
  const credentials =
    url.username !== '' || url.password !== ''
      ? 'with Basic Auth from the URL'
      : isLoopbackHost(url.hostname)
        ? 'Authorization included'
        : 'but not Authorization or cookies: the app is on another machine';
  return `  Forwarding: ${redactUrl(forwardTo)} (the sender's headers, ${credentials})`;
}

function forwardTlsLine(s: ListenSettings): string[] {
  if (s.forwardInsecure) return ['              its TLS certificate is NOT verified (--forward-insecure)'];
  if (s.forwardCa !== undefined) return [`              trusting the certificate in ${s.forwardCa}`];
  return [];
}

/** Lines shown when the receiver is up: where to send webhooks and how to expose it (or the --tunnel's URL), and the inspector's address. */
export function bannerLines(s: ListenSettings, url: string, port: number, tunnel?: TunnelBanner, ui?: string): string[] {
  const path = s.path === '/' ? '/' : s.path;
  return [
    `Listening for ITscope webhooks on ${url}`,
    `  Basic Auth: ${s.auth ? `on (user "${s.auth.user}")` : "off (set --user and --password to require it, as in ITscope's settings)"}`,
    `  Captures:   ${s.captures}`,
    ...(ui ? [`  Inspector:  ${ui}`] : []),
    ...(s.tlsCert ? [`  TLS:        ${s.tlsCert}`] : []),
    ...(s.forwardTo ? [forwardLine(s.forwardTo), ...forwardTlsLine(s)] : []),
    ...(tunnel ? [tunnelHeadLine(tunnel)] : []),
    '',
    ...(s.tlsCert
      ? [
          `  Paste https://<a host name this certificate is valid for>:${port}${path} into ITscope's`,
          '  webhook settings page and press Test. ITscope must be able to reach this port, and the',
          "  certificate should come from a public CA (e.g. Let's Encrypt): a sender that checks certificates refuses a self-signed one.",
        ]
      : tunnel?.publicUrl
        ? pasteLines(tunnel, tunnel.publicUrl)
        : [
            '  ITscope only calls https URLs. Expose this port with a tunnel, e.g.',
            `    cloudflared tunnel --url http://localhost:${port}`,
            `    ngrok http ${port}`,
            `  then paste the tunnel's https URL plus "${path}" into ITscope's webhook settings page`,
            `  (e.g. https://<your-tunnel-host>${path}) and press Test.`,
            ...(tunnel ? [] : ['  Or let listen start one and print the URL to paste: add --tunnel.']),
          ]),
    '',
    '  Stop with Ctrl-C.',
  ];
}
