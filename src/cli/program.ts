/**
 * Turns the commands' specs into a commander program. The only module that knows
 * commander; it is loaded for every command except `--version` and the top-level `--help`.
 */
import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import type { CommandSpec, GroupSpec, OptionSpec } from './spec.js';
import { HOST_HINT } from './values.js';

/** Receives a parsed command: its name ("captures list"), options and positional arguments. */
export type Dispatch = (name: string, options: Record<string, unknown>, args: string[]) => Promise<void>;

export interface ProgramSpec {
  description: string;
  version: string;
  /** Text after the top-level help. */
  epilog: string;
  groups: readonly GroupSpec[];
  /** In the order --help lists them; a group is listed where its first subcommand is. */
  commands: readonly CommandSpec[];
}

function examples(lines: readonly string[]): string {
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The choice a value names, in any case (`delivery` is DELIVERY); undefined for none. */
export function choiceOf(value: string, choices: readonly string[]): string | undefined {
  const wanted = value.trim().toLowerCase();
  return choices.find((c) => c.toLowerCase() === wanted);
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

export async function createProgram(spec: ProgramSpec, dispatch: Dispatch): Promise<Command> {
  const { Command, InvalidArgumentError, Option } = await import('commander');
  const program = new Command('itscope-hooks');
  program
    .description(spec.description)
    .version(spec.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--json', 'machine output on stdout (one JSON object per line for streams)')
    .option('--debug', 'show stack traces and internal details')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .addHelpText('after', spec.epilog);

  const toOption = (o: OptionSpec) => {
    const option = new Option(o.flags, o.description);
    const choices = o.choices;
    if (choices) {
      // Listed in --help by commander; matched here in any case (`--type delivery`).
      option.choices(choices);
      option.argParser<unknown>((value: string, previous: unknown) => {
        const choice = choiceOf(value, choices);
        if (choice === undefined) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
        return o.repeatable ? collect(choice, previous as string[] | undefined) : choice;
      });
    } else if (o.repeatable) option.argParser(collect);
    if (o.default !== undefined) option.default(o.default);
    return option;
  };

  const groups = new Map<string, Command>();
  for (const command of spec.commands) {
    const [head = '', sub] = command.name.split(' ');
    let parent = program;
    if (sub !== undefined) {
      let group = groups.get(head);
      if (!group) {
        group = program.command(head).description(spec.groups.find((g) => g.name === head)?.description ?? '');
        groups.set(head, group);
      }
      parent = group;
    }
    const cmd = parent.command(sub ?? head).description(command.description);
    for (const argument of command.arguments ?? []) cmd.argument(argument.name, argument.description);
    for (const option of command.options) cmd.addOption(toOption(option));
    cmd.addHelpText('after', examples(command.examples));
    cmd.action(async (...actionArgs: unknown[]) => {
      const self = actionArgs[actionArgs.length - 1] as Command;
      const empty = emptyFlagError(self);
      if (empty) throw empty;
      await dispatch(command.name, self.optsWithGlobals(), self.args);
    });
  }
  return program;
}
