/**
 * A URL typed without its scheme — `localhost:8765`, `127.0.0.1:8765/hooks`,
 * `hooks.example.com/itscope` — completed, so a message can suggest the URL that was meant
 * (issue 19). `new URL('localhost:8765')` even parses, as the scheme "localhost:".
 */

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** host (name, IPv4 or [IPv6]), optional :port, optional path/query. No credentials: those are never echoed. */
const SCHEMELESS = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?([/?][^\s]*)?$/i;

/**
 * The URL meant by `raw` when it lacks a scheme, with the scheme `schemeFor` picks for its
 * host (e.g. http for this machine, https elsewhere); undefined when `raw` has a scheme or
 * is not a host with a port, a dot or the name localhost.
 */
export function completeUrl(raw: string, schemeFor: (hostname: string) => 'http' | 'https'): string | undefined {
  const text = raw.trim();
  if (SCHEME.test(text)) return undefined;
  const m = SCHEMELESS.exec(text);
  if (!m) return undefined;
  const host = m[1] ?? '';
  const port = m[2] ?? '';
  const rest = m[3] ?? '';
  // A bare word ("foo") is more likely a mistake of another kind than a host name.
  if (port === '' && !host.includes('.') && !host.startsWith('[') && host.toLowerCase() !== 'localhost') return undefined;
  const path = rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;
  try {
    return new URL(`${schemeFor(host)}://${host}${port}${path}`).href;
  } catch {
    return undefined;
  }
}
