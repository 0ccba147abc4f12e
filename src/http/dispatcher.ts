/**
 * The undici dispatcher for every outgoing request (send, forward, fetch-doc, doctor):
 * proxies from HTTPS_PROXY/HTTP_PROXY/NO_PROXY, an optional extra CA, keep-alive pooling.
 *
 * A loopback target (localhost, 127.0.0.0/8, ::1) never goes through a proxy, whatever
 * NO_PROXY says, as Go's standard library does: through a proxy "localhost" would be the
 * proxy's, and the Basic Auth meant for this machine would cross it (issue 18).
 *
 * With a proxy, a failure to reach it must not be blamed on the target host: every
 * connection to a proxy goes through a wrapped connector that remembers which proxy a
 * failed connection was for, and `proxyFailure` turns such an error (or a proxy's refusal
 * of the CONNECT tunnel) into words about the proxy.
 */
import { readFileSync } from 'node:fs';
import { Agent, Dispatcher, EnvHttpProxyAgent, Pool } from 'undici';
import { UserError } from '../core/errors.js';
import { scrub } from '../core/redact.js';
import { isLoopbackHost } from './loopback.js';
import { useBaselineParser } from './parser-tier.js';

export interface DispatcherOptions {
  /** PEM file with a CA certificate to trust (e.g. a self-signed local server). */
  caFile?: string | undefined;
  /** The flag that named caFile, for messages (default --ca). */
  caFlag?: string | undefined;
  /** Skip TLS certificate verification. */
  insecure?: boolean | undefined;
  /** Connections per origin (concurrency). */
  connections?: number | undefined;
  env?: NodeJS.ProcessEnv;
}

/** A proxy as it may be shown: host:port only, never its credentials. */
interface ProxyInfo {
  /** host:port */
  address: string;
  /** The variable(s) it came from, e.g. "HTTPS_PROXY". */
  variable: string;
}

/** What went wrong with a proxy, in words for the user. */
export interface ProxyFailure {
  message: string;
  hint: string;
  /** True when it may pass (the proxy did not answer); false when it refused us. */
  retryable: boolean;
}

/** Connection errors to a proxy, and the proxy they were for. */
const proxyErrors = new WeakMap<object, ProxyInfo>();
/** The proxies each dispatcher uses per protocol of the target. */
const dispatcherProxies = new WeakMap<Dispatcher, { http?: ProxyInfo; https?: ProxyInfo }>();

function hasProxy(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

export function readCa(caFile: string, flag = '--ca'): string {
  try {
    const pem = readFileSync(caFile, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new UserError(`${flag} ${caFile} is not a PEM certificate`, 'pass the certificate file (-----BEGIN CERTIFICATE-----), not a key or a DER file');
    }
    return pem;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read ${flag} ${caFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'check the path');
  }
}

/** host:port of a proxy URL (default port by scheme); undefined when it does not parse. */
function proxyAddress(value: string): string | undefined {
  try {
    const url = new URL(value);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `${url.hostname}:${port}`;
  } catch {
    return undefined;
  }
}

type Connector = (options: object, callback: (error: Error | null, socket: unknown) => void) => void;

/** The client to a proxy, whose failed connections are marked as the proxy's. */
function markingClientFactory(infoFor: (address: string) => ProxyInfo) {
  return (origin: URL, options: object): Dispatcher => {
    const { connect } = options as { connect: Connector };
    const info = infoFor(`${origin.hostname}:${origin.port || (origin.protocol === 'https:' ? '443' : '80')}`);
    return new Pool(origin, {
      ...options,
      connect: (opts: object, callback: (error: Error | null, socket: unknown) => void) =>
        connect(opts, (error, socket) => {
          if (error && typeof error === 'object') proxyErrors.set(error, info);
          callback(error, socket);
        }),
    } as never);
  };
}

/** Whether a request's origin is on this machine; the last answer is kept (one origin per run, usually). */
function loopbackOrigin(): (origin: unknown) => boolean {
  let last: string | undefined;
  let answer = false;
  return (origin) => {
    const text = String(origin);
    if (text !== last) {
      last = text;
      try {
        answer = isLoopbackHost(new URL(text).hostname);
      } catch {
        answer = false;
      }
    }
    return answer;
  };
}

/** Sends loopback targets over a direct agent and every other one through the proxy agent. */
class LoopbackBypass extends Dispatcher {
  private readonly isLoopback = loopbackOrigin();
  constructor(
    private readonly direct: Dispatcher,
    private readonly proxied: Dispatcher,
  ) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return (this.isLoopback(options.origin) ? this.direct : this.proxied).dispatch(options, handler);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | undefined {
    const done = Promise.all([this.direct.close(), this.proxied.close()]).then(() => undefined);
    if (!callback) return done;
    void done.then(callback);
    return undefined;
  }

  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(first?: Error | null | (() => void), second?: () => void): Promise<void> | undefined {
    const error = typeof first === 'function' ? null : (first ?? null);
    const callback = typeof first === 'function' ? first : second;
    const done = Promise.all([this.direct.destroy(error), this.proxied.destroy(error)]).then(() => undefined);
    if (!callback) return done;
    void done.then(callback);
    return undefined;
  }
}

export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  useBaselineParser();
  const env = options.env ?? process.env;
  const connect: Record<string, unknown> = {};
  if (options.caFile) connect.ca = readCa(options.caFile, options.caFlag);
  if (options.insecure) connect.rejectUnauthorized = false;
  const common = {
    connect,
    ...(options.connections ? { connections: options.connections } : {}),
    keepAliveTimeout: 10_000,
  };
  // EnvHttpProxyAgent reads HTTP(S)_PROXY and NO_PROXY; without a proxy a plain Agent
  // avoids its per-request checks.
  if (!hasProxy(env)) return new Agent(common);
  const httpName = env.HTTP_PROXY ? 'HTTP_PROXY' : env.http_proxy ? 'http_proxy' : undefined;
  const httpsName = env.HTTPS_PROXY ? 'HTTPS_PROXY' : env.https_proxy ? 'https_proxy' : httpName;
  const httpProxy = httpName ? env[httpName] : undefined;
  const httpsProxy = httpsName ? env[httpsName] : undefined;
  const noProxy = env.NO_PROXY || env.no_proxy;
  const info = (name: string | undefined, value: string | undefined): ProxyInfo | undefined => {
    const address = value ? proxyAddress(value) : undefined;
    return name && address ? { address, variable: name } : undefined;
  };
  const http = info(httpName, httpProxy);
  const https = info(httpsName, httpsProxy);
  try {
    const dispatcher = new EnvHttpProxyAgent({
      ...common,
      ...(httpProxy ? { httpProxy } : {}),
      ...(httpsProxy ? { httpsProxy } : {}),
      ...(noProxy ? { noProxy } : {}),
      requestTls: connect,
      proxyTls: connect,
      clientFactory: markingClientFactory(
        (address) => [https, http].find((p) => p?.address === address) ?? { address, variable: httpsName ?? httpName ?? 'HTTPS_PROXY' },
      ),
    } as never);
    const bypass = new LoopbackBypass(new Agent(common), dispatcher);
    dispatcherProxies.set(bypass, { ...(http ? { http } : {}), ...(https ? { https } : {}) });
    return bypass;
  } catch (error) {
    const names = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].filter((name) => env[name]);
    throw new UserError(
      `the proxy setting ${names.join(' / ')} is not a usable URL (${scrub(
        (error as Error).message,
        names.map((name) => env[name]),
      )})`,
      'set it to a URL such as http://proxy.example:3128, or unset it for direct connections',
    );
  }
}

const PROXY_REFUSED = /^Proxy response \((\d+)\) !== 200 when HTTP Tunneling/;

function fixFor(proxy: ProxyInfo, targetHost: string): string {
  return `check that the proxy in ${proxy.variable} is right and running, unset ${proxy.variable} for a direct connection, or add ${targetHost} to NO_PROXY`;
}

/**
 * The proxy's part in a failed request, if it had one: the proxy could not be reached
 * (connection refused, unknown host, timeout), or it refused to open the tunnel.
 */
export function proxyFailure(error: unknown, targetUrl: string, dispatcher: Dispatcher | undefined): ProxyFailure | undefined {
  if (!error || typeof error !== 'object') return undefined;
  let targetHost = 'the API host';
  let protocol = 'https:';
  try {
    const url = new URL(targetUrl);
    targetHost = url.hostname;
    protocol = url.protocol;
  } catch {
    // keep the defaults
  }
  const unreachable = proxyErrors.get(error);
  if (unreachable) {
    const code = (error as { code?: unknown }).code;
    const why = typeof code === 'string' ? code : 'no connection';
    return {
      message: `could not reach the proxy ${unreachable.address} (from ${unreachable.variable}): ${why}; ${targetHost} was not contacted`,
      hint: fixFor(unreachable, targetHost),
      retryable: true,
    };
  }
  const refused = PROXY_REFUSED.exec(String((error as { message?: unknown }).message ?? ''));
  const proxies = dispatcher ? dispatcherProxies.get(dispatcher) : undefined;
  const proxy = protocol === 'https:' ? proxies?.https : proxies?.http;
  if (refused && proxy) {
    const status = Number(refused[1]);
    if (status === 407) {
      return {
        message: `the proxy ${proxy.address} (from ${proxy.variable}) wants credentials (407 Proxy Authentication Required)`,
        hint: `put the proxy's user and password into ${proxy.variable} (http://user:password@${proxy.address}), or add ${targetHost} to NO_PROXY`,
        retryable: false,
      };
    }
    return {
      message: `the proxy ${proxy.address} (from ${proxy.variable}) refused the connection to ${targetHost} (${status})`,
      hint: `ask whoever runs the proxy to allow ${targetHost}, or add ${targetHost} to NO_PROXY to connect directly`,
      retryable: status === 502 || status === 503 || status === 504,
    };
  }
  return undefined;
}
