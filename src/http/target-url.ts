/**
 * Where webhooks may be sent: the URL rule of ITscope's settings page, shared by `send`
 * and the inspector's replay. https only; plain http only for this machine.
 */
import { UserError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';
import { completeUrl } from '../core/schemeless-url.js';
import { isLoopbackHost } from './loopback.js';

/** The scheme a URL typed without one most likely meant: http for this machine, https elsewhere. */
export function likelyScheme(hostname: string): 'http' | 'https' {
  return isLoopbackHost(hostname) ? 'http' : 'https';
}

/**
 * A target URL as ITscope's settings page accepts it: https only. Plain http is allowed
 * for loopback hosts so that `send` can target `listen` directly.
 */
export function checkTargetUrl(raw: string, origin = '--url'): URL {
  // "localhost:8765" parses as a URL of the scheme "localhost:": say what was meant instead.
  const meant = completeUrl(raw, likelyScheme);
  if (meant !== undefined) {
    throw new UserError(
      `${origin}: "${raw.trim()}" has no scheme`,
      `use ${meant}${meant.startsWith('http:') ? ' (plain http is for this machine only)' : ' (ITscope only calls https)'}`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`${origin}: "${redactUrl(raw)}" is not a URL`, 'give a full URL such as https://hooks.example.com/itscope or http://127.0.0.1:8765/');
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return url;
    throw new UserError(
      `${origin}: ${url.protocol}//${url.host} is plain http; ITscope only sends webhooks to https URLs`,
      'use the https URL of your endpoint (e.g. the tunnel URL that `itscope-hooks listen` suggests); plain http is allowed only for localhost, 127.0.0.1 and ::1',
    );
  }
  throw new UserError(`${origin}: "${url.protocol}" URLs are not supported`, 'use an https:// URL (or http:// for localhost)');
}
