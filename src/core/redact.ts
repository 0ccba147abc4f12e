/**
 * Secrets never leak: every place that shows a password, API key or an
 * Authorization header goes through these helpers.
 */

export const REDACTED = '[redacted]';

/** A secret value as shown in output: never the value, only whether it is set. */
export function redactSecret(value: string | undefined): string {
  return value === undefined || value === '' ? '(not set)' : REDACTED;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** Headers that carry credentials (Authorization, cookies, API keys). */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** A copy of the headers with credentials replaced; the auth scheme stays visible. */
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
