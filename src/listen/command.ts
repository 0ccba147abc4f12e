/** `itscope-hooks listen`: its flags and examples; the run is in run.ts. */
import { apiOptions, basicAuthOptions, capturesOption, HOST_OPTION } from '../cli/flags.js';
import type { CommandSpec } from '../cli/spec.js';
import { DEFAULT_UI_PORT, UI_HOST_OPTION, UI_PORT_OPTION } from '../cli/ui-flags.js';

export const listenCommand: CommandSpec = {
  name: 'listen',
  description: 'run the local receiver for ITscope webhooks (default http://127.0.0.1:8765/)',
  options: [
    { flags: '-p, --port <port>', description: 'port to listen on (default: $PORT, else 8765)' },
    HOST_OPTION,
    { flags: '--path <prefix>', description: 'accept webhooks on this path and below', default: '/' },
    { flags: '--tls-cert <file>', description: 'serve https with this PEM certificate (with --tls-key), instead of http behind a tunnel' },
    { flags: '--tls-key <file>', description: 'the PEM private key of --tls-cert' },
    capturesOption('capture folder (default: .itscope-hooks/captures, $ITSCOPE_HOOKS_DIR)'),
    ...basicAuthOptions('require this Basic Auth user ($ITSCOPE_WEBHOOK_USER)', 'require this Basic Auth password ($ITSCOPE_WEBHOOK_PASSWORD)'),
    { flags: '--max-body <size>', description: 'largest accepted body, e.g. 1mb, 512kb', default: '1mb' },
    { flags: '--strict', description: 'answer 422 to payloads that fail the schema; exit 1 on one in CI mode' },
    { flags: '--respond-status <code>', description: 'answer every webhook with this HTTP status, 200-599 except 304 (after capturing it)' },
    { flags: '--delay <duration>', description: 'wait this long before answering, e.g. 500ms, 5s (a bare number is milliseconds; at most 10m)' },
    { flags: '--forward-to <url>', description: "relay each accepted webhook to your own app's URL" },
    { flags: '--forward-status', description: "answer the sender with your app's status and body (502/504 when the forward fails)" },
    { flags: '--forward-timeout <duration>', description: 'timeout for --forward-to (a bare number is milliseconds; at most 10m)', default: '10s' },
    { flags: '--forward-ca <file>', description: 'trust this PEM certificate for an https --forward-to (a self-signed development certificate)' },
    { flags: '--forward-insecure', description: 'do not verify the certificate of an https --forward-to (unsafe)' },
    {
      flags: '--tunnel [program]',
      description: 'start a tunnel (cloudflared or ngrok; alone: whichever is installed) and print its https URL to paste into ITscope',
    },
    { flags: '--tunnel-timeout <duration>', description: 'how long --tunnel waits for its public URL (default: 30s; a bare number is seconds; at most 10m)' },
    { flags: '--fetch-docs', description: "download each event's document (into .itscope-hooks/documents, as fetch-doc)" },
    ...apiOptions('for --fetch-docs'),
    { flags: '--max-events <n>', description: 'exit 0 after this many accepted events' },
    { flags: '--expect <types>', description: 'exit 0 once each listed type has arrived (comma list)' },
    { flags: '--expect-deals <n>', description: 'exit 0 once N deals are complete (ORDER, ORDERRESPONSE, DELIVERY, INVOICE of one transactionId)' },
    {
      flags: '--timeout <duration>',
      description: 'with --max-events/--expect/--expect-deals: exit 1 if not satisfied in time, e.g. 60s, 10m (a bare number is seconds)',
    },
    { flags: '--junit <file>', description: 'in CI mode: write a JUnit XML report when the run ends (also on --timeout and SIGTERM)' },
    { flags: '--quiet', description: 'no line per webhook, only the summary at exit (for load tests; warnings and errors still shown)' },
    { flags: '--ui', description: `serve the web inspector (http://127.0.0.1:${DEFAULT_UI_PORT}/): live list, details, deals, replay` },
    UI_PORT_OPTION,
    UI_HOST_OPTION,
  ],
  examples: [
    'itscope-hooks listen',
    'itscope-hooks listen --tunnel --user hooks --password "$PW"   # a public https URL for ITscope',
    'itscope-hooks listen --port 9000 --user hooks --password "$PW"',
    `itscope-hooks listen --ui --forward-to http://localhost:3000/webhooks   # inspector on http://127.0.0.1:${DEFAULT_UI_PORT}/`,
    "itscope-hooks listen --forward-to http://localhost:3000/hooks --forward-status   # the sender gets your app's status",
    'itscope-hooks listen --json --expect DELIVERY,INVOICE --timeout 60s   # in CI',
    'itscope-hooks listen --expect-deals 1 --timeout 600 --junit reports/webhooks.xml',
  ],
  load: async () => (await import('./run.js')).run,
};
