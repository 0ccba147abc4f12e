/**
 * `listen --tunnel`, the pure part: which program and arguments, and what one line of
 * the program's output means (its public URL, a connection, an error). No I/O: the
 * process is run by tunnel-process.ts.
 *
 * The formats read here are the programs' own, as documented in docs/listen.md
 * ("What listen reads from the tunnel program"):
 * - cloudflared (quick tunnel, 2021.x to 2026.x) logs to stderr in zerolog's console
 *   format, `2026-08-20T10:00:01Z INF <message> key=value…`, and prints the URL inside an
 *   ASCII box: `INF |  https://<words>.trycloudflare.com   |`. The tunnel answers once
 *   `INF Registered tunnel connection connIndex=0 …` follows. A fatal error ends with a
 *   plain line (`failed to request quick Tunnel: …`) and exit status 1.
 * - ngrok (v3; v2 alike) with `--log stdout --log-format json` writes one JSON object per
 *   line: `{"lvl":"info","msg":"started tunnel","url":"https://….ngrok-free.app",…}`;
 *   errors have `"lvl":"eror"` or `"crit"` and the reason in `"err"`. Some errors are also
 *   printed as plain `ERROR:  …` lines.
 */
import { duration } from '../cli/values.js';
import { UserError } from '../core/errors.js';

/** The tunnel programs listen can start, in the order `--tunnel` without a name tries them. */
export const TUNNEL_PROGRAMS = ['cloudflared', 'ngrok'] as const;
export type TunnelProgram = (typeof TUNNEL_PROGRAMS)[number];
/** A program by name, or 'auto': whichever is installed, cloudflared first. */
export type TunnelChoice = TunnelProgram | 'auto';

export interface TunnelSettings {
  /** `--tunnel [program]`; undefined without the flag. */
  tunnel: TunnelChoice | undefined;
  /** How long the ready line waits for the public URL (`--tunnel-timeout`; a bare number is seconds). */
  tunnelTimeoutMs: number;
}

export const DEFAULT_TUNNEL_TIMEOUT_MS = 30_000;
/** The longest --tunnel-timeout: 10 minutes. */
export const MAX_TUNNEL_TIMEOUT_MS = 600_000;

/** `--tunnel` and `--tunnel-timeout` → settings, or a UserError that says what to write. */
export function tunnelSettings(options: Record<string, unknown>, tlsCert: string | undefined): TunnelSettings {
  const tunnelTimeoutMs =
    options.tunnelTimeout === undefined
      ? DEFAULT_TUNNEL_TIMEOUT_MS
      : duration(options.tunnelTimeout, '--tunnel-timeout', { bareUnit: 's', min: 1, max: MAX_TUNNEL_TIMEOUT_MS });
  const raw = options.tunnel;
  if (raw === undefined || raw === false) {
    if (options.tunnelTimeout !== undefined) throw new UserError('--tunnel-timeout needs --tunnel', 'add --tunnel, or leave --tunnel-timeout out');
    return { tunnel: undefined, tunnelTimeoutMs };
  }
  const name = raw === true ? 'auto' : String(raw).trim().toLowerCase();
  if (name !== 'auto' && !(TUNNEL_PROGRAMS as readonly string[]).includes(name)) {
    throw new UserError(
      `--tunnel "${String(raw)}" is not a tunnel program listen can start`,
      'use --tunnel cloudflared or --tunnel ngrok, or --tunnel alone for whichever is installed',
    );
  }
  if (tlsCert !== undefined) {
    throw new UserError(
      '--tunnel and --tls-cert cannot be used together',
      'a tunnel gives ITscope an https URL for a plain-http listen on this machine; --tls-cert is for a machine ITscope reaches directly. Leave one out',
    );
  }
  return { tunnel: name as TunnelChoice, tunnelTimeoutMs };
}

/** Where the tunnel sends requests: the receiver's own address (loopback for a wildcard bind). */
export function tunnelTarget(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
  const address = wildcard ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** The program's arguments for a tunnel to `target` (http://host:port). */
export function tunnelArgs(program: TunnelProgram, target: string): string[] {
  if (program === 'cloudflared') {
    // --no-autoupdate: with its stdout not a terminal, cloudflared would otherwise update
    // itself and restart, and a quick tunnel comes back with another URL.
    return ['tunnel', '--no-autoupdate', '--url', target];
  }
  // A full URL (not just the port): ngrok's "localhost" may resolve to ::1, where listen is not.
  return ['http', target, '--log', 'stdout', '--log-format', 'json'];
}

/** What one line of the program's output says. */
export type TunnelLine =
  | { kind: 'url'; url: string }
  | { kind: 'connected' }
  /** final: the program's own summary of why it stops; it outranks the error lines around it. */
  | { kind: 'error'; message: string; final: boolean }
  | { kind: 'other' };

const OTHER: TunnelLine = { kind: 'other' };
// Colors, in case a program colors a pipe anyway.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const ZEROLOG = /^\S+\s+(TRC|DBG|INF|WRN|ERR|FTL|PNC)\s+(.*)$/;
const BOX_URL = /^\|\s+(https:\/\/[^\s|]+)\s*\|$/;
const PLAIN_ERROR = /\b(fail(ed|ure)?|error|invalid|cannot|unable|not found|denied|refused)\b/i;

/** The https origin of a URL the program printed, or undefined if it is not one. */
function httpsOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** One message on one line: ngrok's errors carry \r\n and blank lines. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cloudflaredLine(line: string): TunnelLine {
  const log = ZEROLOG.exec(line);
  // A line outside the log format: the error cloudflared exits with.
  if (!log) return line !== '' && PLAIN_ERROR.test(line) ? { kind: 'error', message: line, final: true } : OTHER;
  const [, level = '', message = ''] = log;
  const boxed = BOX_URL.exec(message);
  const url = boxed?.[1] !== undefined ? httpsOrigin(boxed[1]) : undefined;
  if (url) return { kind: 'url', url };
  if (message.startsWith('Registered tunnel connection')) return { kind: 'connected' };
  if (level === 'ERR' || level === 'FTL' || level === 'PNC') return { kind: 'error', message: oneLine(message), final: level !== 'ERR' };
  return OTHER;
}

function ngrokLine(line: string): TunnelLine {
  if (line.startsWith('{')) {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return OTHER;
    }
    if (record === null || typeof record !== 'object') return OTHER;
    const { msg, url, lvl, err } = record;
    // ngrok v2 also started an http:// tunnel beside the https one: only https counts.
    const origin = msg === 'started tunnel' && typeof url === 'string' ? httpsOrigin(url) : undefined;
    if (origin) return { kind: 'url', url: origin };
    if (lvl === 'eror' || lvl === 'error' || lvl === 'crit') {
      const reason = typeof err === 'string' && err !== '' && err !== '<nil>' ? err : typeof msg === 'string' ? msg : 'error';
      return { kind: 'error', message: oneLine(reason), final: lvl === 'crit' };
    }
    return OTHER;
  }
  const plain = /^(?:ERROR|CRIT|ERR):?\s+(.*)$/.exec(line);
  return plain?.[1] ? { kind: 'error', message: oneLine(plain[1]), final: false } : OTHER;
}

/** What a line the tunnel program printed (stdout or stderr) says. */
export function parseTunnelLine(program: TunnelProgram, raw: string): TunnelLine {
  const line = raw.replace(ANSI, '').trim();
  return program === 'cloudflared' ? cloudflaredLine(line) : ngrokLine(line);
}

/** The URL to paste into ITscope: the tunnel's origin and listen's `--path` (`https://…/` at the root). */
export function publicWebhookUrl(origin: string, localUrl: string): string {
  const path = new URL(localUrl).pathname;
  return `${origin.replace(/\/+$/, '')}${path === '/' ? '/' : path.replace(/\/+$/, '')}`;
}

/**
 * Whether the URL survives a restart: a cloudflared quick tunnel's never does; an ngrok
 * account's dev domain (*.ngrok-free.dev) does; other ngrok URLs may not.
 */
export function urlLifetime(program: TunnelProgram, url: string): 'changes' | 'may-change' | 'stable' {
  const host = new URL(url).hostname;
  if (program === 'cloudflared') return host.endsWith('.trycloudflare.com') ? 'changes' : 'may-change';
  return host.endsWith('.ngrok-free.dev') ? 'stable' : 'may-change';
}

const INSTALL: Record<TunnelProgram, string> = {
  cloudflared:
    'cloudflared (no account needed): brew install cloudflared, winget install Cloudflare.cloudflared, or https://github.com/cloudflare/cloudflared/releases',
  ngrok: 'ngrok (needs a free account, then `ngrok config add-authtoken TOKEN`): https://ngrok.com/download',
};

/** The program is not on PATH: exit 2 with how to install it (or either). */
export function missingProgramError(choice: TunnelChoice): UserError {
  if (choice === 'auto') {
    return new UserError(
      '--tunnel: neither cloudflared nor ngrok is on PATH',
      `install one, then run listen --tunnel again:\n  ${INSTALL.cloudflared}\n  ${INSTALL.ngrok}\nor start a tunnel yourself and leave --tunnel out`,
    );
  }
  const other = choice === 'cloudflared' ? 'ngrok' : 'cloudflared';
  return new UserError(`--tunnel ${choice}: ${choice} is not on PATH`, `install ${INSTALL[choice]}\nor use --tunnel ${other}`);
}

/** A fix for a failed tunnel, from what it printed; undefined when nothing specific applies. */
export function failureHint(program: TunnelProgram, lines: readonly string[]): string | undefined {
  const text = lines.join('\n');
  if (program === 'ngrok') {
    if (/ERR_NGROK_4018|ERR_NGROK_105|authtoken/i.test(text))
      return 'ngrok needs an account: sign up, then run `ngrok config add-authtoken TOKEN` (or set NGROK_AUTHTOKEN)';
    if (/ERR_NGROK_108|ERR_NGROK_334|simultaneous|already online/i.test(text))
      return 'another ngrok agent is already running for this account: stop it, or use --tunnel cloudflared';
    return undefined;
  }
  if (/\b(1015|429)\b|Too Many Requests/i.test(text))
    return 'trycloudflare.com limits how often quick tunnels are created: wait a minute and start listen again';
  if (/no such host|dial tcp|i\/o timeout|context deadline exceeded|network is unreachable/i.test(text))
    return 'cloudflared could not reach Cloudflare: check the network (quick tunnels need outbound https and QUIC or http2)';
  return undefined;
}
