/**
 * Short probes of a port on this machine, to explain a failure in words a user can act on
 * (issue 19): whether it speaks TLS (plain http sent to an https `listen` only sees the
 * connection closed), and whether a running `itscope-hooks listen` holds it (doctor's
 * port check). Loopback only, nothing sent but a TLS hello or one GET /health, each bounded
 * by a short timeout; node's own modules, no proxy (loopback is never proxied).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:tls';
import { isLoopbackHost } from './loopback.js';

export const PROBE_TIMEOUT_MS = 1500;

/** True when a TLS handshake with host:port completes (any certificate); false otherwise or for a host not on this machine. */
export function speaksTls(hostname: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  if (!isLoopbackHost(hostname)) return Promise.resolve(false);
  const host = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    // Only the handshake: the certificate does not matter here, and nothing is sent after it.
    const socket = connect({ host, port, rejectUnauthorized: false, ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }) });
    const done = (result: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

export interface HealthProbe {
  /** The port answered GET /health as `itscope-hooks listen` does: 200 {"ok":true}. */
  listen: boolean;
  /** The scheme that answered. */
  scheme?: 'http' | 'https';
}

function getHealth(scheme: 'http' | 'https', host: string, port: number, timeoutMs: number): Promise<boolean> {
  const request = scheme === 'https' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = request(
      { host, port, path: '/health', method: 'GET', agent: false, rejectUnauthorized: false, headers: { accept: 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length > 256) done(false);
        });
        res.on('end', () => {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          done(res.statusCode === 200 && typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === true);
        });
        res.on('error', () => done(false));
      },
    );
    const timer = setTimeout(() => done(false), timeoutMs);
    req.on('error', () => done(false));
    req.end();
  });
}

/** Whether a running `itscope-hooks listen` (http or https) holds host:port, by its /health answer. */
export async function probeListen(hostname: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<HealthProbe> {
  if (!isLoopbackHost(hostname)) return { listen: false };
  const host = hostname.replace(/^\[|\]$/g, '');
  if (await getHealth('http', host, port, timeoutMs)) return { listen: true, scheme: 'http' };
  if ((await speaksTls(host, port, timeoutMs)) && (await getHealth('https', host, port, timeoutMs))) return { listen: true, scheme: 'https' };
  return { listen: false };
}
