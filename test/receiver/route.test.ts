import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/receiver/route.js';

function req(method: string, url: string, headers: Record<string, string> = {}, socket = {}): IncomingMessage {
  return { method, url, headers, socket } as unknown as IncomingMessage;
}
const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

describe('route', () => {
  const route = createRouter({ prefix: '/hooks', auth: { user: 'hooks', password: 'pw' } });

  it.each([
    ['GET', '/health', {}, { kind: 'health' }],
    ['HEAD', '/health', {}, { kind: 'health' }],
    ['PUT', '/health', {}, { kind: 'reject', status: 405, reason: 'method' }],
    ['POST', '/other', {}, { kind: 'reject', status: 404, reason: 'path' }],
    ['POST', '/hookshot', {}, { kind: 'reject', status: 404, reason: 'path' }],
    ['GET', '/hooks', {}, { kind: 'reject', status: 405, reason: 'method' }],
    ['POST', '/hooks/x?y=1', {}, { kind: 'reject', status: 401, reason: 'auth', message: 'Basic Auth credentials required' }],
    ['POST', '/hooks/x?y=1', { authorization: basic('hooks:no') }, { kind: 'reject', status: 401, user: 'hooks', message: 'wrong Basic Auth credentials' }],
    ['POST', '/hooks/x?y=1', { authorization: basic('hooks:pw') }, { kind: 'webhook', pathname: '/hooks/x', query: 'y=1' }],
    ['POST', '/hooks', { authorization: basic('hooks:pw') }, { kind: 'webhook', pathname: '/hooks', query: '' }],
  ])('%s %s', (method, url, headers, expected) => {
    expect(route(req(method, url, headers))).toMatchObject(expected);
  });

  it('asks for Basic Auth with a realm', () => {
    const decision = route(req('POST', '/hooks'));
    expect(decision.kind === 'reject' && decision.headers).toEqual({ 'www-authenticate': 'Basic realm="itscope-hooks", charset="UTF-8"' });
  });

  it('a connection that authenticated is not asked again; another header on it is checked again', () => {
    const socket = {};
    expect(route(req('POST', '/hooks', { authorization: basic('hooks:pw') }, socket)).kind).toBe('webhook');
    expect(route(req('POST', '/hooks', { authorization: basic('hooks:pw') }, socket)).kind).toBe('webhook');
    expect(route(req('POST', '/hooks', { authorization: basic('hooks:bad') }, socket)).kind).toBe('reject');
  });

  it('without Basic Auth every POST under the prefix is a webhook', () => {
    expect(createRouter({ prefix: '/' })(req('POST', '/anything'))).toMatchObject({ kind: 'webhook', pathname: '/anything' });
  });
});
