/** Basic Auth credentials written into a URL (`https://user:pw@host/`), as curl takes them. */

export interface UrlCredentials {
  user: string;
  password: string;
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * The user:password@ of a target URL: they replace --user/--password and their
 * environment and config counterparts for requests to that URL.
 */
export function urlCredentials(url: URL): UrlCredentials | undefined {
  if (url.username === '' && url.password === '') return undefined;
  return { user: decoded(url.username), password: decoded(url.password) };
}

/** A copy of the URL without user:password@, for requests and anything shown. */
export function withoutCredentials(url: URL): URL {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy;
}
