/**
 * Who may talk to the inspector. It serves on loopback by default, and there the threats
 * are other web pages in the user's browser: a page on another site may send requests to
 * 127.0.0.1 (refused: it cannot know the per-run token, and its Origin is not ours) or
 * rebind its own host name to 127.0.0.1 to read our answers (refused: its Host header is
 * not one of ours). With `--ui-host` elsewhere, every request must also carry the token
 * (a cookie after the first visit with `?token=`), since anyone on the network can connect.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { isLoopbackHost } from '../http/loopback.js';

export const TOKEN_HEADER = 'x-inspector-token';

/** No script, style, image or connection from anywhere but the inspector itself. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every answer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0']);

/** The Host header values the inspector answers to (lower case, with the port). */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  const bind = bindHost.toLowerCase();
  if (!isLoopbackHost(bind)) {
    if (WILDCARDS.has(bind)) {
      // Every interface: this machine's own names and addresses, never any name at all.
      names.add(hostname().toLowerCase());
      for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(bracketed(a.address.toLowerCase()));
    } else {
      names.add(bracketed(bind));
    }
  }
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name);
  }
  return hosts;
}

export interface Guard {
  readonly token: string;
  /** Bound beyond loopback (--ui-host): every request needs the token. */
  readonly exposed: boolean;
  /** The cookie that carries the token after the first visit (exposed only). */
  readonly cookieName: string;
  hostAllowed(req: IncomingMessage): boolean;
  /** The token came with the request: header, cookie or `?token=`. */
  hasToken(req: IncomingMessage, url: URL): boolean;
  /** A state-changing request from our own page: same Origin and the token header. */
  mayChange(req: IncomingMessage): boolean;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function createGuard(options: { bindHost: string; port: number; token?: string }): Guard {
  const token = options.token ?? newToken();
  const exposed = !isLoopbackHost(options.bindHost);
  const hosts = allowedHosts(options.bindHost, options.port);
  const cookieName = `itscope_inspector_${options.port}`;
  const header = (req: IncomingMessage): string | undefined => {
    const value = req.headers[TOKEN_HEADER];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    token,
    exposed,
    cookieName,
    hostAllowed: (req) => {
      const host = req.headers.host?.toLowerCase();
      return host !== undefined && hosts.has(host);
    },
    hasToken: (req, url) =>
      sameSecret(header(req), token) || sameSecret(cookie(req, cookieName), token) || sameSecret(url.searchParams.get('token') ?? undefined, token),
    mayChange: (req) => {
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') return false;
      return req.headers.origin === `http://${req.headers.host}` && sameSecret(header(req), token);
    },
  };
}
