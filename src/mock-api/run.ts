/**
 * `itscope-hooks mock-api`: runs the local ITscope documents API stand-in until SIGINT or
 * SIGTERM. Prints its base URL and how to point fetch-doc
 * at it; `--json` prints a ready line first, then one line per request.
 */
import type { CommandContext } from '../cli/context.js';
import { errnoCode, UserError } from '../core/errors.js';

function intOption(value: unknown, flag: string, min: number, max: number): number {
  const text = String(value).trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`${flag} "${String(value)}" is not a whole number from ${min} to ${max}`, `e.g. ${flag} ${Math.max(min, 1)}`);
  return n;
}

export async function run(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const { startMockApi, DEFAULT_MOCK_API_KEY } = await import('./server.js');
  const { out } = ctx;
  const port = intOption(options.port ?? 8766, '--port', 0, 65535);
  const rateLimit = intOption(options.rateLimit ?? 600, '--rate-limit', 1, 1_000_000);
  const host = String(options.host ?? '127.0.0.1');
  const accountId = String(options.accountId ?? 'demo');
  const apiKey = String(options.apiKey ?? DEFAULT_MOCK_API_KEY);

  let api;
  try {
    api = await startMockApi({
      port,
      host,
      accountId,
      apiKey,
      rateLimit,
      onRequest: (r) => {
        if (out.json) out.jsonLine({ type: 'request', method: r.method, path: r.path, status: r.status });
        else out.info(`${r.status >= 400 ? out.errColor.red(String(r.status)) : out.errColor.green(String(r.status))} ${r.method} ${r.path}`);
      },
    });
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EADDRINUSE') throw new UserError(`port ${port} on ${host} is already in use`, `pick another port with --port (e.g. --port ${port + 1})`);
    if (code === 'EACCES') throw new UserError(`not allowed to listen on port ${port}`, 'use a port above 1023 with --port');
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`cannot listen on host ${host}`, 'use --host 127.0.0.1');
    throw error;
  }
  // Listen for the signals before announcing readiness: a script may stop us right after the ready line.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const base = api.url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
  if (out.json) {
    out.jsonLine({ type: 'ready', url: base, port: api.port, rateLimit });
  } else {
    // The key is shown only when it is the built-in demo key; a chosen one is a secret.
    const key = apiKey === DEFAULT_MOCK_API_KEY ? apiKey : '<your --api-key>';
    out.line(`ITscope API stand-in on ${out.color.bold(base)}`);
    out.line(`  serves ORDER, ORDERRESPONSE, DISPATCHNOTIFICATION, INVOICE (.xml, INVOICE.pdf) for any UUID transactionId`);
    out.line(`  Basic Auth: Account ID ${accountId}; 503 "Rate Limit Exceeded" past ${rateLimit} requests/minute`);
    out.line('');
    out.line('Point fetch-doc and listen --fetch-docs at it:');
    out.line(`  export ITSCOPE_API_BASE=${base} ITSCOPE_ACCOUNT_ID=${accountId} ITSCOPE_API_KEY=${key}`);
    out.line('  itscope-hooks fetch-doc --transaction-id 123456789-1234-5678-9123-12SAMPLE4567 --type DELIVERY --summary');
    out.line('');
  }
  await stopped;
  await api.close();
  if (!out.json) out.info(`stopped after ${api.requests.length} request${api.requests.length === 1 ? '' : 's'}`);
}
