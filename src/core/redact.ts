/**
 * Secrets never leak: every place that shows a password, API key or an
 * Authorization header goes through these helpers.
 */

export const REDACTED = '[redacted]';

/** A secret value as shown in output: never the value, only whether it is set. */
export function redactSecret(value: string | undefined): string {
  return value === undefined || value === '' ? '(not set)' : REDACTED;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'api-key', 'x-api-key', 'apikey']);
/** Header names that carry a credential by their name: tokens, secrets, keys, signatures (X-Hub-Signature-256, X-Auth-Token…). */
const SECRET_HEADER_WORDS = /token|secret|signature|api[-_]?key|password/;

/**
 * Headers that carry credentials (Authorization, cookies, API keys, tokens, signatures):
 * redacted wherever they are stored or shown, and never forwarded off this machine.
 */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || SECRET_HEADER_WORDS.test(lower);
}

/** Query parameter names whose values are credentials (token=, api_key=, secret=…). */
const SECRET_PARAM = /token|key|secret|password|signature/i;

/**
 * A query string with the values of credential parameters replaced; every other byte
 * stays as it arrived (no re-encoding), so a capture still shows what was sent.
 */
export function redactQuery(query: string): string {
  if (query === '' || (!query.includes('%') && !SECRET_PARAM.test(query))) return query;
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // keep the name as it was written
      }
      return SECRET_PARAM.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/** A copy of the headers with credentials replaced; the auth scheme of Authorization stays visible. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (isSecretHeader(name)) {
      const first = Array.isArray(value) ? (value[0] ?? '') : value;
      const scheme = /^(\w+)\s/.exec(first)?.[1];
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else {
      out[name] = value;
    }
  }
  return out;
}

/**
 * A URL with any user:password@ part replaced, for messages. A user name alone is
 * replaced too: `https://TOKEN@host/` is how many services take a token.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
      return parsed.toString().replace('//', `//${REDACTED}@`);
    }
    return url;
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, `//${REDACTED}@`);
  }
}

/** Removes every occurrence of the given secrets from a text (error messages of libraries). */
export function scrub(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 3) result = result.split(secret).join(REDACTED);
  }
  return result;
}
