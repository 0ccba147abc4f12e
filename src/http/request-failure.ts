/**
 * Why an outgoing request failed, in words a user can act on: one explainer for send,
 * --forward-to, the documents client and doctor. DNS, refused or dropped connections,
 * TLS problems (with the flags that trust a certificate), timeouts, and a proxy that
 * could not be reached or refused the tunnel (then the target was never contacted).
 * `retryable` says whether the same request may succeed a moment later.
 */
import type { Dispatcher } from 'undici';
import { proxyFailure } from './dispatcher.js';

export interface RequestFailure {
  /** The underlying code, e.g. ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, TIMEOUT, PROXY. */
  code: string;
  message: string;
  hint?: string;
  retryable: boolean;
}

export interface ExplainOptions {
  url: URL | string;
  /** The timeout that applied, for the message. */
  timeoutMs?: number | undefined;
  /** The dispatcher the request went through: a proxy failure is named as such. */
  dispatcher?: Dispatcher | undefined;
  /** The flags that trust a certificate for this request (default --ca / --insecure). */
  trust?: { ca: string; insecure: string };
  /** What to do when nothing listens at the target. */
  refusedHint?: string;
  /** What to do when the target answers too slowly. */
  timeoutHint?: string;
  /** What to do for any other network failure. */
  networkHint?: string;
}

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

/** Codes of a request that got no (complete) answer in time, from undici, Node and AbortSignal.timeout. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'TimeoutError']);

/** Connection failures that may pass: the same request a moment later can succeed. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

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

function hostOf(url: URL | string): { host: string; hostname: string } {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return { host: parsed.host, hostname: parsed.hostname };
  } catch {
    return { host: 'the server', hostname: 'the server' };
  }
}

export function explainRequestFailure(error: unknown, options: ExplainOptions): RequestFailure {
  const target = typeof options.url === 'string' ? options.url : options.url.href;
  const proxy = proxyFailure(error, target, options.dispatcher);
  if (proxy) return { code: 'PROXY', message: proxy.message, hint: proxy.hint, retryable: proxy.retryable };
  const code = errorCode(error) ?? 'ERROR';
  const { host, hostname } = hostOf(options.url);
  const trust = options.trust ?? { ca: '--ca', insecure: '--insecure' };
  const tlsFix = `trust the certificate with ${trust.ca} FILE (the server certificate or its CA, PEM), or skip verification with ${trust.insecure} (unsafe)`;
  const tls = TLS_PROBLEMS[code];
  if (tls) return { code, message: `TLS: ${tls} (${code}) at ${host}`, hint: tlsFix, retryable: false };
  if (code.startsWith('ERR_SSL') || code === 'EPROTO' || /certificate|ssl|tls/i.test(code)) {
    const plainHttp = /wrong version number|packet length too long/i.test(messageOf(error));
    return {
      code,
      message: `TLS handshake with ${host} failed (${code})`,
      hint: plainHttp ? 'the server speaks plain http on this port: use http:// for localhost, or point the URL at its https port' : tlsFix,
      retryable: false,
    };
  }
  if (TIMEOUT_CODES.has(code) || (error as ErrorShape | undefined)?.name === 'TimeoutError') {
    const within = options.timeoutMs !== undefined ? ` within ${options.timeoutMs} ms` : ' in time';
    return {
      code: 'TIMEOUT',
      message: `no answer from ${host}${within}`,
      hint: options.timeoutHint ?? 'the server is slow or unreachable; try again, or allow more time with --timeout',
      retryable: true,
    };
  }
  const network = options.networkHint ?? 'check the network, VPN or proxy settings (HTTPS_PROXY, NO_PROXY)';
  switch (code) {
    case 'ENOTFOUND':
      return {
        code,
        message: `DNS: host "${hostname}" not found`,
        hint: 'check the host name in the URL (a tunnel URL changes when the tunnel restarts)',
        retryable: false,
      };
    case 'EAI_AGAIN':
      return { code, message: `DNS: lookup of "${hostname}" failed temporarily`, hint: 'check your network or DNS, then try again', retryable: true };
    case 'ECONNREFUSED':
      return { code, message: `connection refused by ${host}`, hint: options.refusedHint ?? 'nothing listens there: check the host and port', retryable: true };
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'EPIPE':
      return {
        code,
        message: `connection to ${host} closed before an answer (${code})`,
        hint: 'the server dropped the request; check its logs',
        retryable: true,
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { code, message: `${host} is unreachable (${code})`, hint: network, retryable: true };
    default:
      return {
        code,
        message: `request to ${host} failed: ${code === 'ERROR' ? messageOf(error) : code}`,
        hint: network,
        retryable: code === 'ERROR' || RETRYABLE_CODES.has(code),
      };
  }
}
