/**
 * The command-line entry: the program (from the commands' specs), the command registry
 * and the one error reporter. The only place that sets the exit code. Every command's run
 * is imported lazily, so `--help` and `--version` load nothing heavy; flags live with
 * each command (src/<feature>/command.ts).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { capturesDealsCommand, capturesExportCommand, capturesGroup, capturesListCommand, capturesShowCommand } from './captures/command.js';
import { createProgram, type Dispatch } from './cli/program.js';
import type { CommandSpec } from './cli/spec.js';
import { printableLines } from './core/printable.js';
import { VERSION } from './core/version.js';
import { doctorCommand } from './doctor/command.js';
import { fetchDocCommand } from './fetch-doc/command.js';
import { configGroup, configShowCommand, initCommand } from './init/command.js';
import { inspectCommand } from './inspect/command.js';
import { listenCommand } from './listen/command.js';
import { mockApiCommand } from './mock-api/command.js';
import { schemaCommand } from './schema/command.js';
import { sendCommand } from './send/command.js';
import { paintStderr } from './ui/colors.js';
import { openOutput } from './ui/output.js';
import { validateCommand } from './validate/command.js';

export type { Dispatch } from './cli/program.js';

/** Every command, in the order the top-level help lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  listenCommand,
  sendCommand,
  validateCommand,
  fetchDocCommand,
  capturesListCommand,
  capturesShowCommand,
  capturesExportCommand,
  capturesDealsCommand,
  inspectCommand,
  initCommand,
  configShowCommand,
  schemaCommand,
  mockApiCommand,
  doctorCommand,
];

const EPILOG = `
Examples:
  $ itscope-hooks listen
  $ itscope-hooks send --type DELIVERY --url http://127.0.0.1:8765/
  $ itscope-hooks validate .itscope-hooks/captures

Exit codes: 0 success, 1 the check failed, 2 usage or configuration error.
`;

/** Builds the program. `dispatch` runs a command; tests pass one that records the call. */
export async function buildProgram(dispatch: Dispatch): Promise<Command> {
  return createProgram(
    {
      description: 'Receive, send, validate and inspect ITscope webhooks, and download the documents they point to.',
      version: VERSION,
      epilog: EPILOG,
      groups: [capturesGroup, configGroup],
      commands: COMMANDS,
    },
    dispatch,
  );
}

interface ErrorLike {
  exitCode?: unknown;
  code?: unknown;
  hint?: unknown;
  message?: unknown;
  stack?: unknown;
  name?: unknown;
}

const paint = (code: string, text: string): string => paintStderr(code, text);

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
      const spec = COMMANDS.find((c) => c.name === name);
      if (!spec) throw new Error(`no command ${name}`);
      const run = await spec.load();
      const out = await openOutput({ json: Boolean(options.json) });
      await run(options, positional, {
        cwd: process.cwd(),
        env: process.env,
        // process.stdin is made on first access (a stream, a TTY or pipe handle): only for a command that reads it.
        get stdin() {
          return process.stdin;
        },
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
