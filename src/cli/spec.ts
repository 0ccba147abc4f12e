/**
 * A command as data: its name, flags, arguments and examples, and how to load its run.
 * Each feature declares its command in its own `command.ts`; src/cli.ts turns the specs
 * into commander and imports a command's run only when that command runs, so `--help`
 * and `--version` load nothing heavy.
 */
import type { CommandContext } from './context.js';

export interface OptionSpec {
  /** As commander takes them: '-p, --port <port>', '--strict'. */
  flags: string;
  description: string;
  /** Shown in --help as (default: "…") and set when the flag is absent. */
  default?: string;
  /** The only values accepted, in any case (the value becomes the choice as written here); anything else is a usage error. */
  choices?: readonly string[];
  /** The flag may be given several times; the values are collected into an array. */
  repeatable?: boolean;
}

export interface ArgumentSpec {
  /** As commander takes it: '[paths...]', '<id>'. */
  name: string;
  description: string;
}

/** What a command does when it runs: options include the global flags. */
export type CommandRun = (options: Record<string, unknown>, args: string[], ctx: CommandContext) => Promise<void>;

export interface CommandSpec {
  /** 'listen', or 'captures list' for a subcommand of a group. */
  name: string;
  description: string;
  arguments?: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  /** Shown under "Examples:" in --help, without the leading `$ `. */
  examples: readonly string[];
  /** Imports the module that runs the command (a separate chunk in the build). */
  load(): Promise<CommandRun>;
}

/** A group of subcommands ('captures', 'config'), listed with its description. */
export interface GroupSpec {
  name: string;
  description: string;
}
