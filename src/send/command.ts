/** `itscope-hooks send`: its flags and examples; the run is in run.ts. */
import { basicAuthOptions, capturesOption, WEBHOOK_AUTH_FROM_ENV } from '../cli/flags.js';
import type { CommandSpec } from '../cli/spec.js';

export const sendCommand: CommandSpec = {
  name: 'send',
  description: "send sample ITscope webhooks to a URL, as ITscope's Test button does",
  options: [
    { flags: '--url <url>', description: 'target URL (https; http only for localhost); user:pw@ in it is the Basic Auth ($ITSCOPE_WEBHOOK_URL)' },
    { flags: '-t, --type <type>', description: 'ORDER, ORDERRESPONSE, DELIVERY, INVOICE or all (repeatable, comma list)', repeatable: true },
    { flags: '--status <status>', description: 'override transactionStatus' },
    { flags: '--order-id <id>', description: 'override orderId' },
    { flags: '--itscope-order-id <id>', description: 'override itscopeOrderId' },
    { flags: '--transaction-id <id>', description: 'override transactionId (documentUrl follows)' },
    { flags: '--document-id <id>', description: 'override documentId' },
    { flags: '--deals <n>', description: 'play N complete deals (ORDER, ORDERRESPONSE, DELIVERY, INVOICE each), interleaved; 1-1000' },
    { flags: '--deliveries <k>', description: 'DELIVERY webhooks per deal (partial shipments), 1-20' },
    { flags: '--interval <duration>', description: 'time between the steps of a deal, e.g. 500ms, 2s (bare number: ms; default 0)' },
    { flags: '--file <path>', description: 'send the payloads of a file (JSON, JSON array, NDJSON or capture, at most 64 MiB) unchanged' },
    { flags: '--event-id <id>', description: 'replay a captured event by its eventId' },
    capturesOption('capture folder for --event-id'),
    ...basicAuthOptions(WEBHOOK_AUTH_FROM_ENV.user, WEBHOOK_AUTH_FROM_ENV.password),
    { flags: '--ca <file>', description: 'trust this CA certificate (PEM), e.g. for a self-signed local server' },
    { flags: '--insecure', description: 'skip TLS certificate verification (unsafe)' },
    { flags: '--timeout <duration>', description: 'per-request timeout, e.g. 10s, 500ms, 1m (bare number: ms)', default: '10s' },
    { flags: '--count <n>', description: 'send this many webhooks (fresh eventIds)' },
    { flags: '--concurrency <n>', description: 'requests in flight (--count, --deals)', default: '1' },
    { flags: '--dry-run', description: 'print the payloads, send nothing' },
    { flags: '--junit <file>', description: 'also write a JUnit XML report: a testsuite per deal, a testcase per webhook (not with --count)' },
  ],
  examples: [
    'itscope-hooks send --type DELIVERY --url http://127.0.0.1:8765/',
    'itscope-hooks send --url https://hooks.example.com/itscope --user hooks   # password from $ITSCOPE_WEBHOOK_PASSWORD',
    'itscope-hooks send --deals 3 --deliveries 2 --interval 500ms --url http://127.0.0.1:8765/',
    'itscope-hooks send --count 1000 --concurrency 20 --url http://127.0.0.1:8765/',
  ],
  load: async () => (await import('./run.js')).run,
};
