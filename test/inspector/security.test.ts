// The guard's rules on requests as node:http hands them over (headers only), including an
// inspector bound beyond loopback (--ui-host), which tests do not bind for real.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createScrubber } from '../../src/inspector/http-util.js';
import { allowedHosts, createGuard } from '../../src/inspector/security.js';

const req = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;
const url = (path: string) => new URL(path, 'http://inspector.invalid');

describe('the inspector guard', () => {
  it('answers only to its own Host names with its port', () => {
    expect([...allowedHosts('127.0.0.1', 8767)].sort()).toEqual(['127.0.0.1:8767', '[::1]:8767', 'localhost:8767']);
    expect(allowedHosts('192.0.2.10', 9000).has('192.0.2.10:9000')).toBe(true);
    expect(allowedHosts('::', 9000).has('localhost:9000')).toBe(true);
    const guard = createGuard({ bindHost: '127.0.0.1', port: 8767, token: 't' });
    expect(guard.hostAllowed(req({ host: 'LOCALHOST:8767' }))).toBe(true);
    expect(guard.hostAllowed(req({ host: 'attacker.example:8767' }))).toBe(false);
    expect(guard.hostAllowed(req({}))).toBe(false);
  });

  it('on loopback, lets anyone read but only its own page change things', () => {
    const guard = createGuard({ bindHost: '127.0.0.1', port: 8767, token: 'tok-123' });
    expect(guard.exposed).toBe(false);
    const own = { host: '127.0.0.1:8767', origin: 'http://127.0.0.1:8767', 'x-inspector-token': 'tok-123' };
    expect(guard.mayChange(req(own))).toBe(true);
    expect(guard.mayChange(req({ ...own, 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(guard.mayChange(req({ ...own, 'sec-fetch-site': 'same-site' }))).toBe(false);
    expect(guard.mayChange(req({ ...own, origin: 'http://localhost:8767' }))).toBe(false);
    expect(guard.mayChange(req({ ...own, 'x-inspector-token': 'tok-124' }))).toBe(false);
    expect(guard.mayChange(req({ host: own.host, origin: own.origin }))).toBe(false);
  });

  it('bound beyond loopback (--ui-host), it needs the token on every request: header, cookie or ?token=', () => {
    const guard = createGuard({ bindHost: '192.0.2.10', port: 9000, token: 'tok-abc' });
    expect(guard.exposed).toBe(true);
    expect(guard.hasToken(req({}), url('/api/captures'))).toBe(false);
    expect(guard.hasToken(req({}), url('/?token=tok-abc'))).toBe(true);
    expect(guard.hasToken(req({ cookie: `a=b; ${guard.cookieName}=tok-abc` }), url('/api/captures'))).toBe(true);
    expect(guard.hasToken(req({ cookie: `${guard.cookieName}=tok-abd` }), url('/'))).toBe(false);
    expect(guard.hasToken(req({ 'x-inspector-token': 'tok-abc' }), url('/api/info'))).toBe(true);
  });
});

describe('the scrubber', () => {
  it('removes each secret, also JSON-escaped, and leaves short values alone', () => {
    const scrub = createScrubber(['pa"ss\\word', 'k3y-Secret', 'ab', undefined]);
    expect(scrub(JSON.stringify({ a: 'pa"ss\\word', b: 'x k3y-Secret y', c: 'ab' }))).toBe('{"a":"[redacted]","b":"x [redacted] y","c":"ab"}');
  });
});
