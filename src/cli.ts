/**
 * The command-line wiring: the only place that knows commander and the only place that
 * sets the exit code. Each command is imported lazily inside its
 * action, so `--help` and `--version` load nothing heavy.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CommandContext } from './cli/context.js';
import { UserError } from './core/errors.js';
import { HOST_HINT } from './cli/values.js';
import { colorLevel } from './ui/colors.js';
import { printableLines } from './core/printable.js';
import { VERSION } from './core/version.js';

/** Receives a parsed command: its name ("captures list"), options and positional arguments. */
export type Dispatch = (name: string, options: Record<string, unknown>, args: string[]) => Promise<void>;

const EXAMPLES: Record<string, string[]> = {
  listen: [
    'itscope-hooks listen',
    'itscope-hooks listen --port 9000 --user hooks --password "$PW"',
    'itscope-hooks listen --json --expect DELIVERY,INVOICE --timeout 60   # in CI',
  ],
  send: [
    'itscope-hooks send --type DELIVERY --url http://127.0.0.1:8765/',
    'itscope-hooks send --url https://hooks.example.com/itscope --user hooks   # password from $ITSCOPE_WEBHOOK_PASSWORD',
    'itscope-hooks send --count 1000 --concurrency 20 --url http://127.0.0.1:8765/',
  ],
  validate: ['itscope-hooks validate payload.json', 'itscope-hooks validate captures/ --strict --json', 'cat events.ndjson | itscope-hooks validate -'],
  'fetch-doc': [
    'itscope-hooks fetch-doc 123456789            # a documentId or eventId from the captures',
    'itscope-hooks fetch-doc --transaction-id 1234-ABCD --type INVOICE --format pdf',
    'itscope-hooks fetch-doc --all --summary',
  ],
  'captures list': ['itscope-hooks captures list --type DELIVERY --since 1h'],
  'captures show': ['itscope-hooks captures show e2a6a466-3b62-4bb7-af53-b59aec592b49'],
  'captures export': ['itscope-hooks captures export ./exported'],
  init: ['itscope-hooks init', 'itscope-hooks init --yes --user hooks --password "$PW" --url-delivery https://hooks.example.com/itscope'],
  'config show': ['itscope-hooks config show', 'itscope-hooks config show --json'],
  'mock-api': ['itscope-hooks mock-api --port 8766 --account-id demo --api-key secret'],
  doctor: ['itscope-hooks doctor', 'itscope-hooks doctor --offline --json'],
};

function examples(name: string): string {
  const lines = EXAMPLES[name] ?? [];
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const EMPTY_HINTS: Record<string, string> = {
  '--host': HOST_HINT,
};

/**
 * A flag given an empty (or blank) value on the command line, as a UserError. No flag
 * takes "" to mean anything, and an empty value is usually an unset variable in
 * `--password "$PW"`; silently treating it as "not set" would fall back to another
 * source or a default (`--host ''` even bound every interface). Empty environment
 * variables still mean "not set", as is common.
 */
export function emptyFlagError(command: Command): UserError | undefined {
  for (const option of command.options) {
    const key = option.attributeName();
    if (command.getOptionValueSource(key) !== 'cli') continue;
    const value: unknown = command.getOptionValue(key);
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (!values.some((v) => typeof v === 'string' && v.trim() === '')) continue;
    const flag = option.long ?? option.short ?? key;
    const fallback = option.defaultValue !== undefined ? ` (default ${String(option.defaultValue)})` : '';
    const hint = EMPTY_HINTS[flag] ?? `give ${flag} a value, or leave the flag out${fallback}; an empty value is often an unset variable, as in "$VAR"`;
    return new UserError(`${flag} is empty`, hint);
  }
  return undefined;
}

/** Builds the program. `dispatch` runs a command; tests pass one that records the call. */
export async function buildProgram(dispatch: Dispatch): Promise<Command> {
  const { Command, Option } = await import('commander');
  const program = new Command('itscope-hooks');

  program
    .description('Receive, send, validate and inspect ITscope webhooks, and download the documents they point to.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--json', 'machine output on stdout (one JSON object per line for streams)')
    .option('--debug', 'show stack traces and internal details')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .addHelpText(
      'after',
      `\nExamples:\n  $ itscope-hooks listen\n  $ itscope-hooks send --type DELIVERY --url http://127.0.0.1:8765/\n  $ itscope-hooks validate .itscope-hooks/captures\n\nExit codes: 0 success, 1 the check failed, 2 usage or configuration error.\n`,
    );

  const run = (name: string) =>
    async function (this: Command, ...actionArgs: unknown[]) {
      const command = actionArgs[actionArgs.length - 1] as Command;
      const empty = emptyFlagError(command);
      if (empty) throw empty;
      const positional = command.args;
      await dispatch(name, command.optsWithGlobals(), positional);
    };

  // listen
  program
    .command('listen')
    .description('run the local receiver for ITscope webhooks (default http://127.0.0.1:8765/)')
    .option('-p, --port <port>', 'port to listen on (default: $PORT, else 8765)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--path <prefix>', 'accept webhooks on this path and below', '/')
    .option('--tls-cert <file>', 'serve https with this PEM certificate (with --tls-key), instead of http behind a tunnel')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option('--captures <dir>', 'capture folder (default: .itscope-hooks/captures, $ITSCOPE_HOOKS_DIR)')
    .option('--user <name>', 'require this Basic Auth user ($ITSCOPE_WEBHOOK_USER)')
    .option('--password <password>', 'require this Basic Auth password ($ITSCOPE_WEBHOOK_PASSWORD)')
    .option('--max-body <size>', 'largest accepted body, e.g. 1mb, 512kb', '1mb')
    .option('--strict', 'answer 422 to payloads that fail the schema; exit 1 on one in CI mode')
    .option('--respond-status <code>', 'answer every webhook with this HTTP status, 200-599 except 304 (after capturing it)')
    .option('--delay <ms>', 'wait this long before answering (at most 600000)')
    .option('--forward-to <url>', "relay each accepted webhook to your own app's URL")
    .option('--forward-timeout <ms>', 'timeout for --forward-to', '10000')
    .option('--forward-ca <file>', 'trust this PEM certificate for an https --forward-to (a self-signed development certificate)')
    .option('--forward-insecure', 'do not verify the certificate of an https --forward-to (unsafe)')
    .option('--fetch-docs', "download each event's document next to its capture")
    .option('--account-id <id>', 'ITscope API Account ID for --fetch-docs ($ITSCOPE_ACCOUNT_ID)')
    .option('--api-key <key>', 'ITscope API key for --fetch-docs ($ITSCOPE_API_KEY)')
    .option('--api-base <url>', 'ITscope API base URL ($ITSCOPE_API_BASE)')
    .option('--max-events <n>', 'exit 0 after this many accepted events')
    .option('--expect <types>', 'exit 0 once each listed type has arrived (comma list)')
    .option('--timeout <seconds>', 'with --max-events/--expect: exit 1 if not satisfied in time (at most 2147483)')
    .addHelpText('after', examples('listen'))
    .action(run('listen'));

  // send
  program
    .command('send')
    .description("send sample ITscope webhooks to a URL, as ITscope's Test button does")
    .option('--url <url>', 'target URL (https; http only for localhost); user:pw@ in it is the Basic Auth ($ITSCOPE_WEBHOOK_URL)')
    .option('-t, --type <type>', 'ORDER, ORDERRESPONSE, DELIVERY, INVOICE or all (repeatable, comma list)', collect)
    .option('--status <status>', 'override transactionStatus')
    .option('--order-id <id>', 'override orderId')
    .option('--itscope-order-id <id>', 'override itscopeOrderId')
    .option('--transaction-id <id>', 'override transactionId (documentUrl follows)')
    .option('--document-id <id>', 'override documentId')
    .option('--file <path>', 'send the payloads of a file (JSON, JSON array, NDJSON or capture, at most 64 MiB) unchanged')
    .option('--event-id <id>', 'replay a captured event by its eventId')
    .option('--captures <dir>', 'capture folder for --event-id')
    .option('--user <name>', 'Basic Auth user ($ITSCOPE_WEBHOOK_USER)')
    .option('--password <password>', 'Basic Auth password ($ITSCOPE_WEBHOOK_PASSWORD)')
    .option('--ca <file>', 'trust this CA certificate (PEM), e.g. for a self-signed local server')
    .option('--insecure', 'skip TLS certificate verification (unsafe)')
    .option('--timeout <ms>', 'per-request timeout', '10000')
    .option('--count <n>', 'send this many webhooks (fresh eventIds)')
    .option('--concurrency <n>', 'requests in flight with --count', '1')
    .option('--dry-run', 'print the payloads, send nothing')
    .addHelpText('after', examples('send'))
    .action(run('send'));

  // validate
  program
    .command('validate')
    .description('check ITscope webhook payloads: JSON, JSON arrays, NDJSON, captures, folders or stdin (-)')
    .argument('[paths...]', 'files or folders; - or nothing for stdin')
    .option('--strict', 'treat warnings (unknown status, extra fields, foreign host) as errors')
    .addHelpText('after', examples('validate'))
    .action(run('validate'));

  // fetch-doc
  program
    .command('fetch-doc')
    .description('download the openTRANS document a webhook points to from the ITscope API')
    .argument('[ref]', 'a documentId or eventId from the captures, or a documentUrl')
    .option('--transaction-id <id>', 'fetch by transactionId (with --type)')
    .addOption(new Option('--type <doctype>', 'document type').choices(['ORDER', 'ORDERRESPONSE', 'DISPATCHNOTIFICATION', 'DELIVERY', 'INVOICE', 'QUOTATION']))
    .option('--all', 'fetch every captured document not downloaded yet')
    .option('--account-id <id>', 'ITscope API Account ID ($ITSCOPE_ACCOUNT_ID)')
    .option('--api-key <key>', 'ITscope API key ($ITSCOPE_API_KEY)')
    .option('--api-base <url>', 'API base URL ($ITSCOPE_API_BASE)', undefined)
    .option('--out <path>', 'file or folder to write to (default: itscope-documents/{transactionId}/{DOCTYPE}.xml)')
    .option('--stdout', 'write the document to stdout')
    .addOption(new Option('--format <format>', 'xml, or pdf for a ZUGFeRD INVOICE').choices(['xml', 'pdf']).default('xml'))
    .option('--force', 'replace a regular file that exists (never a folder or link)')
    .option('--summary', 'print the key fields of the document')
    .option('--captures <dir>', 'capture folder to look REF up in')
    .option('--rate <n>', 'API requests per second (default 2, at most 5)')
    .option('--timeout <seconds>', 'give up on a request after this long without data (at most 2147483)', '30')
    .addHelpText('after', examples('fetch-doc'))
    .action(run('fetch-doc'));

  // captures
  const captures = program.command('captures').description('list, show and export captured webhooks');
  captures
    .command('list')
    .description('list captured webhooks, newest last')
    .option('--type <type>', 'only this eventType')
    .option('--since <when>', 'only newer ones: an ISO date-time or a duration such as 30m, 2h, 1d')
    .option('--captures <dir>', 'capture folder')
    .addHelpText('after', examples('captures list'))
    .action(run('captures list'));
  captures
    .command('show')
    .description('show one capture: headers and the pretty-printed body')
    .argument('<id>', 'eventId, documentId or orderId')
    .option('--captures <dir>', 'capture folder')
    .addHelpText('after', examples('captures show'))
    .action(run('captures show'));
  captures
    .command('export')
    .description('write one JSON file per capture into a folder')
    .argument('<dir>', 'target folder')
    .option('--captures <dir>', 'capture folder')
    .addHelpText('after', examples('captures export'))
    .action(run('captures export'));

  // init
  program
    .command('init')
    .description("set up webhook and API settings, mirroring ITscope's webhook settings page")
    .option('-y, --yes', 'no questions: take the values from the flags')
    .option('--global', 'write the user config instead of the project config')
    .option('--user <name>', 'Basic Auth user ITscope sends')
    .option('--password <password>', 'Basic Auth password ITscope sends')
    .option('--url-order <url>', 'https URL for ORDER webhooks (enables the type)')
    .option('--url-orderresponse <url>', 'https URL for ORDERRESPONSE webhooks')
    .option('--url-delivery <url>', 'https URL for DELIVERY webhooks')
    .option('--url-invoice <url>', 'https URL for INVOICE webhooks')
    .option('--account-id <id>', 'ITscope API Account ID')
    .option('--api-key <key>', 'ITscope API key')
    .option('--port <port>', 'listen port')
    .option('--captures <dir>', 'capture folder')
    .addHelpText('after', examples('init'))
    .action(run('init'));

  // config
  const config = program.command('config').description('inspect the configuration');
  config
    .command('show')
    .description('print every resolved setting with its source, secrets redacted')
    .addHelpText('after', examples('config show'))
    .action(run('config show'));

  // mock-api
  program
    .command('mock-api')
    .description('run a local stand-in for the ITscope documents API')
    .option('--port <port>', 'port to listen on', '8766')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--account-id <id>', 'accepted Account ID', 'demo')
    .option('--api-key <key>', 'accepted API key', 'demo-key')
    .option('--rate-limit <n>', 'answer 503 past this many requests per minute', '600')
    .addHelpText('after', examples('mock-api'))
    .action(run('mock-api'));

  // doctor
  program
    .command('doctor')
    .description('check Node, config, port, captures, URLs, API credentials and proxy settings')
    .option('--offline', 'skip the API request')
    .addHelpText('after', examples('doctor'))
    .action(run('doctor'));

  return program;
}

/** Maps a command name to its module; each is a separate chunk, loaded only when run. */
async function loadCommand(name: string): Promise<CommandModule> {
  switch (name) {
    case 'listen':
      return import('./listen/run.js');
    case 'send':
      return import('./send/run.js');
    case 'validate':
      return import('./validate/run.js');
    case 'fetch-doc':
      return import('./fetch-doc/run.js');
    case 'captures list':
      return import('./captures/run.js').then((m) => ({ run: m.runList }));
    case 'captures show':
      return import('./captures/run.js').then((m) => ({ run: m.runShow }));
    case 'captures export':
      return import('./captures/run.js').then((m) => ({ run: m.runExport }));
    case 'init':
      return import('./init/run.js');
    case 'config show':
      return import('./init/config-show.js');
    case 'mock-api':
      return import('./mock-api/run.js');
    case 'doctor':
      return import('./doctor/run.js');
    default:
      throw new Error(`no module for command ${name}`);
  }
}

interface CommandModule {
  /** `options` includes the global flags; `args` are the positional arguments. */
  run(options: Record<string, unknown>, args: string[], ctx: CommandContext): Promise<void>;
}

interface ErrorLike {
  exitCode?: unknown;
  code?: unknown;
  hint?: unknown;
  message?: unknown;
  stack?: unknown;
  name?: unknown;
}

function paint(code: string, text: string): string {
  return colorLevel(process.stderr, process.env) > 0 ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** Prints an error the way a user should see it and returns the exit code. */
export function reportError(error: unknown, debug: boolean, write: (text: string) => void): number {
  const e = (error ?? {}) as ErrorLike;
  const exitCode = typeof e.exitCode === 'number' ? e.exitCode : 1;
  // A message may quote a file, an id or a server's answer: control and bidi characters
  // show as escapes (line breaks stay: a config problem can list one problem per line).
  const message = printableLines(typeof e.message === 'string' ? e.message : String(error));
  if (e.name === 'UserError') {
    write(`${paint('31', 'error:')} ${message}\n`);
    if (typeof e.hint === 'string' && e.hint) write(`${paint('2', 'fix:')}   ${printableLines(e.hint)}\n`);
  } else if (e.name === 'CheckFailed') {
    if (message) write(`${paint('31', '✗')} ${message}\n`);
  } else if (e.name === 'Interrupted') {
    write(`${paint('33', 'interrupted:')} ${message}\n`);
  } else {
    write(`${paint('31', 'error:')} ${message}\n`);
    if (!debug) write(`${paint('2', '(an unexpected error; run again with --debug to see where it happened)')}\n`);
  }
  if (debug && typeof e.stack === 'string') write(`${e.stack}\n`);
  return exitCode;
}

/** The top-level help rendered at build time (scripts/build.js), if this is a build. */
function prebuiltHelp(): string | undefined {
  try {
    return readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}

export async function main(argv: string[]): Promise<void> {
  const args = argv.slice(2);
  // `itscope-hooks … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  // Fast paths: nothing else to load for the version and the top-level help.
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    const help = prebuiltHelp();
    if (help) {
      process.stdout.write(help);
      return;
    }
  }
  const debug = args.includes('--debug');
  try {
    const program = await buildProgram(async (name, options, positional) => {
      const [{ createOutput }, command] = await Promise.all([import('./ui/output.js'), loadCommand(name)]);
      const out = createOutput({ json: Boolean(options.json) });
      await command.run(options, positional, {
        cwd: process.cwd(),
        env: process.env,
        stdin: process.stdin,
        out,
        debug: Boolean(options.debug),
        version: VERSION,
      });
    });
    if (args.length === 0) {
      program.outputHelp();
      return;
    }
    await program.parseAsync(argv);
  } catch (error) {
    const e = error as ErrorLike;
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      // commander printed its message already; help and version are successes.
      process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
      return;
    }
    process.exitCode = reportError(error, debug, (text) => process.stderr.write(text));
  }
}
