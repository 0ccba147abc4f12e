/**
 * The undici dispatcher for every outgoing request (send, forward, fetch-doc): proxies
 * from HTTPS_PROXY/HTTP_PROXY/NO_PROXY, an optional extra CA, keep-alive pooling.
 */
import { readFileSync } from 'node:fs';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { UserError } from '../core/errors.js';
import { scrub } from '../core/redact.js';

export interface DispatcherOptions {
  /** PEM file with a CA certificate to trust (e.g. a self-signed local server). */
  caFile?: string | undefined;
  /** Skip TLS certificate verification. */
  insecure?: boolean | undefined;
  /** Connections per origin (concurrency). */
  connections?: number | undefined;
  env?: NodeJS.ProcessEnv;
}

function hasProxy(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

export function readCa(caFile: string): string {
  try {
    const pem = readFileSync(caFile, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new UserError(`--ca ${caFile} is not a PEM certificate`, 'pass the certificate file (-----BEGIN CERTIFICATE-----), not a key or a DER file');
    }
    return pem;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read --ca ${caFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'check the path');
  }
}

export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const env = options.env ?? process.env;
  const connect: Record<string, unknown> = {};
  if (options.caFile) connect.ca = readCa(options.caFile);
  if (options.insecure) connect.rejectUnauthorized = false;
  const common = {
    connect,
    ...(options.connections ? { connections: options.connections } : {}),
    keepAliveTimeout: 10_000,
  };
  // EnvHttpProxyAgent reads HTTP(S)_PROXY and NO_PROXY; without a proxy a plain Agent
  // avoids its per-request checks.
  if (!hasProxy(env)) return new Agent(common);
  try {
    const httpProxy = env.HTTP_PROXY || env.http_proxy;
    const httpsProxy = env.HTTPS_PROXY || env.https_proxy || httpProxy;
    const noProxy = env.NO_PROXY || env.no_proxy;
    return new EnvHttpProxyAgent({
      ...common,
      ...(httpProxy ? { httpProxy } : {}),
      ...(httpsProxy ? { httpsProxy } : {}),
      ...(noProxy ? { noProxy } : {}),
      requestTls: connect,
      proxyTls: connect,
    } as never);
  } catch (error) {
    const names = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].filter((name) => env[name]);
    throw new UserError(
      `the proxy setting ${names.join(' / ')} is not a usable URL (${scrub((error as Error).message, names.map((name) => env[name]))})`,
      'set it to a URL such as http://proxy.example:3128, or unset it for direct connections',
    );
  }
}
