/**
 * `itscope-hooks mock-api`: runs the local ITscope documents API stand-in until SIGINT or
 * SIGTERM. Prints its base URL and how to point fetch-doc at it; `--json` prints a ready
 * line first, then one line per request.
 */
import { bindError } from '../cli/bind-error.js';
import type { CommandContext } from '../cli/context.js';
import { wholeNumber } from '../cli/values.js';
import { MOCK_API_DEFAULTS } from './defaults.js';

export async function run(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const { startMockApi } = await import('./server.js');
  const { out } = ctx;
  const port = wholeNumber(options.port ?? MOCK_API_DEFAULTS.port, '--port', 0, 65535, `e.g. --port ${MOCK_API_DEFAULTS.port}`);
  const rateLimit = wholeNumber(
    options.rateLimit ?? MOCK_API_DEFAULTS.rateLimit,
    '--rate-limit',
    1,
    1_000_000,
    `e.g. --rate-limit ${MOCK_API_DEFAULTS.rateLimit}`,
  );
  const host = String(options.host ?? '127.0.0.1');
  const accountId = String(options.accountId ?? MOCK_API_DEFAULTS.accountId);
  const apiKey = String(options.apiKey ?? MOCK_API_DEFAULTS.apiKey);
  // The built-in demo key is no secret; a chosen one is (it may be a real key reused).
  if (apiKey !== MOCK_API_DEFAULTS.apiKey) {
    out.warn('a --api-key on the command line is visible in the process list and shell history; never use a real ITscope API key for the stand-in');
  }

  let api: Awaited<ReturnType<typeof startMockApi>>;
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
    throw bindError(error, { host, port, flag: '--port' }) ?? error;
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
    const key = apiKey === MOCK_API_DEFAULTS.apiKey ? apiKey : '<your --api-key>';
    out.line(`ITscope API stand-in on ${out.color.bold(base)}`);
    out.line('  serves ORDER, ORDERRESPONSE, DISPATCHNOTIFICATION, INVOICE (.xml) and INVOICE.pdf');
    out.line('  for any transactionId');
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
