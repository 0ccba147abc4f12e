/**
 * HTTP Basic Auth as ITscope sends it (its webhook settings page has an optional user and
 * password). Credentials are compared in constant time: both sides are hashed first, so
 * neither the content nor the length of the password leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  user: string;
  password: string;
}

export interface AuthCheck {
  ok: boolean;
  /** The user name the client sent, for the log line (never the password). */
  user?: string;
  /** Why it failed, in words. */
  reason?: 'missing' | 'malformed' | 'wrong';
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function createAuthChecker(expected: Credentials): (header: string | undefined) => AuthCheck {
  const want = digest(`${expected.user}:${expected.password}`);
  return (header) => {
    if (!header) return { ok: false, reason: 'missing' };
    const m = /^Basic[ \t]+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
    if (!m) return { ok: false, reason: 'malformed' };
    const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return { ok: false, reason: 'malformed' };
    const user = decoded.slice(0, colon);
    const ok = timingSafeEqual(digest(decoded), want);
    return ok ? { ok, user } : { ok, user, reason: 'wrong' };
  };
}
