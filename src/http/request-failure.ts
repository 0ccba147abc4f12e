/**
 * A failed request in words a user can act on: DNS failure, refused connection,
 * TLS problems (named, with --ca / --insecure suggested), timeouts.
 */

export interface SendFailure {
  /** The underlying code, e.g. ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, TIMEOUT. */
  code: string;
  message: string;
  hint?: string;
}

const TLS_FIX = 'trust the certificate with --ca FILE (the server certificate or its CA, PEM), or skip verification with --insecure (unsafe)';

const TLS_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate cannot be verified (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the server certificate is not trusted (unknown CA)',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of the server certificate is not trusted (unknown CA)',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
  CERT_SIGNATURE_FAILURE: 'the server certificate signature is invalid',
  CERT_REVOKED: 'the server certificate has been revoked',
};

/** The certificate problem a TLS error code names, in words; undefined for other codes. */
export function certificateProblem(code: string | undefined): string | undefined {
  return code === undefined ? undefined : TLS_PROBLEMS[code];
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'TimeoutError']);

interface ErrorShape {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The most telling code in an error, its cause chain, or an AggregateError's errors. */
export function errorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const e = error as ErrorShape;
  const inner = errorCode(e.cause, depth + 1) ?? (Array.isArray(e.errors) ? errorCode(e.errors[0], depth + 1) : undefined);
  const own = typeof e.code === 'string' ? e.code : e.name === 'TimeoutError' ? 'TimeoutError' : undefined;
  // undici wraps socket errors; the cause usually names the real problem.
  if (own === undefined || own === 'UND_ERR_SOCKET' || own === 'UND_ERR_CONNECT') return inner ?? own;
  return own;
}

function messageOf(error: unknown): string {
  return error && typeof error === 'object' && typeof (error as ErrorShape).message === 'string' ? ((error as ErrorShape).message as string) : String(error);
}

/** Describes why a request to `url` failed. `timeoutMs` is the timeout that applied. */
export function describeSendError(error: unknown, url: URL, timeoutMs: number): SendFailure {
  const code = errorCode(error) ?? 'ERROR';
  const where = url.host;
  const tls = TLS_PROBLEMS[code];
  if (tls) return { code, message: `TLS: ${tls} (${code}) at ${where}`, hint: TLS_FIX };
  if (code.startsWith('ERR_SSL') || code === 'EPROTO' || /certificate|ssl|tls/i.test(code)) {
    const plainHttp = /wrong version number|packet length too long/i.test(messageOf(error));
    return {
      code,
      message: `TLS handshake with ${where} failed (${code})`,
      hint: plainHttp ? 'the server speaks plain http on this port: use http:// for localhost, or point --url at its https port' : TLS_FIX,
    };
  }
  if (TIMEOUT_CODES.has(code)) {
    return {
      code: 'TIMEOUT',
      message: `no answer from ${where} within ${timeoutMs} ms`,
      hint: 'the receiver is slow or unreachable; raise --timeout MS, and answer webhooks quickly (queue the work)',
    };
  }
  switch (code) {
    case 'ENOTFOUND':
      return { code, message: `DNS: host "${url.hostname}" not found`, hint: 'check the host name in the URL (a tunnel URL changes when the tunnel restarts)' };
    case 'EAI_AGAIN':
      return { code, message: `DNS: lookup of "${url.hostname}" failed temporarily`, hint: 'check your network or DNS, then try again' };
    case 'ECONNREFUSED':
      return { code, message: `connection refused by ${where}`, hint: 'nothing listens there: start the receiver (e.g. `itscope-hooks listen`) or fix the port' };
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return { code, message: `connection to ${where} closed before an answer (${code})`, hint: 'the server dropped the request; check its logs' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { code, message: `${where} is unreachable (${code})`, hint: 'check the network, VPN or proxy settings (HTTPS_PROXY, NO_PROXY)' };
    default:
      return { code, message: `request to ${where} failed: ${messageOf(error)}` };
  }
}
