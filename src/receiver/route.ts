/**
 * Route: what a request is before its body is read — the health check, a path outside
 * --path, a method other than POST, missing or wrong Basic Auth, or a webhook to take in.
 * A connection that authenticated keeps its header: later requests on it skip the hash.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { type AuthCheck, type Credentials, createAuthChecker } from './auth.js';
import type { RejectReason } from './events.js';

export type Route =
  | { kind: 'health' }
  | { kind: 'reject'; reason: RejectReason; status: number; message: string; headers?: Record<string, string>; user?: string }
  | { kind: 'webhook'; pathname: string; query: string };

export function normalizePrefix(path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function underPrefix(pathname: string, prefix: string): boolean {
  return prefix === '/' || pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export type Router = (req: IncomingMessage) => Route;

export function createRouter(options: { prefix: string; auth?: Credentials | undefined }): Router {
  const { prefix } = options;
  const checkAuth = options.auth ? createAuthChecker(options.auth) : undefined;
  const authorized = new WeakMap<Socket, string>();

  function authFailure(auth: AuthCheck): Route {
    return {
      kind: 'reject',
      reason: 'auth',
      status: 401,
      message: auth.reason === 'missing' ? 'Basic Auth credentials required' : 'wrong Basic Auth credentials',
      headers: { 'www-authenticate': 'Basic realm="itscope-hooks", charset="UTF-8"' },
      ...(auth.user !== undefined ? { user: auth.user } : {}),
    };
  }

  return (req) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    const method = req.method ?? '';
    if (pathname === '/health') {
      if (method === 'GET' || method === 'HEAD') return { kind: 'health' };
      if (method !== 'POST')
        return { kind: 'reject', reason: 'method', status: 405, message: `${method} is not allowed here; use GET`, headers: { allow: 'GET, HEAD' } };
    }
    if (!underPrefix(pathname, prefix)) return { kind: 'reject', reason: 'path', status: 404, message: `nothing here; webhooks go to ${prefix} and below` };
    if (method !== 'POST')
      return {
        kind: 'reject',
        reason: 'method',
        status: 405,
        message: `${method} is not allowed; ITscope sends webhooks with POST`,
        headers: { allow: 'POST' },
      };
    const given = header(req, 'authorization');
    if (checkAuth && (given === undefined || authorized.get(req.socket) !== given)) {
      const auth = checkAuth(given);
      if (!auth.ok) return authFailure(auth);
      if (given !== undefined) authorized.set(req.socket, given);
    }
    return { kind: 'webhook', pathname, query };
  };
}
