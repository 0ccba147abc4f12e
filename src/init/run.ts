/**
 * `itscope-hooks init`: the settings wizard, or `init --yes` with flags.
 * Writes the project config, or the user config with --global.
 */
import { relative } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { configPaths, readConfigFile, writeConfigFile } from '../config/files.js';
import { UserError } from '../core/errors.js';
import { answersFromFlags, buildConfig, INIT_FLAGS } from './answers.js';
import { addGitignoreEntry, GITIGNORE_ENTRY, planGitignore } from './gitignore.js';
import type { WizardStreams } from './wizard.js';

export async function run(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  // Questions go to stdout, unless stdout is data (--json) or not the terminal (`init > log`).
  const output = process.stdout.isTTY && !options.json ? process.stdout : process.stderr;
  await runInit(options, ctx, { input: ctx.stdin, output });
}

function usageWithoutTerminal(): string {
  const flags = Object.values(INIT_FLAGS).map((flag) => `${flag} …`);
  return `itscope-hooks init --yes ${flags.join(' ')} [--global]`;
}

/** `init` with the prompt streams given (the terminal, or a test's streams). */
export async function runInit(options: Record<string, unknown>, ctx: CommandContext, streams: WizardStreams): Promise<void> {
  const global = Boolean(options.global);
  const paths = configPaths(ctx.cwd, ctx.env);
  const target = global ? paths.user : paths.project;
  // A broken file is a UserError naming it: better than overwriting what the user wrote.
  // init rewrites the file 0600: one others may change is no reason to refuse here.
  const existing = readConfigFile(target, { trustMode: true });
  // Flags are checked first, so a typo fails before any question is asked.
  const fromFlags = buildConfig(existing, answersFromFlags(options));
  const gitignore = global ? undefined : planGitignore(ctx.cwd);
  const wantsGitignore = gitignore?.needed ? gitignore.path : undefined;
  // The .gitignore as shown: relative to the current folder, so the lines fit 80 columns.
  const shownGitignore = wantsGitignore === undefined ? undefined : relative(ctx.cwd, wantsGitignore) || wantsGitignore;

  let config = fromFlags;
  let addGitignore = wantsGitignore !== undefined;
  if (!options.yes) {
    if (!ctx.stdin.isTTY || ctx.env.CI) {
      throw new UserError(
        '`itscope-hooks init` asks questions, but there is no terminal here (stdin is not a TTY, or CI is set)',
        `pass the settings as flags instead: ${usageWithoutTerminal()}`,
      );
    }
    const { runInitWizard, isPromptExit } = await import('./wizard.js');
    try {
      const result = await runInitWizard({
        existing: fromFlags,
        target,
        gitignore: shownGitignore,
        streams,
      });
      if (!result.write) {
        ctx.out.info('nothing written');
        return;
      }
      config = result.config;
      addGitignore = result.addGitignore;
    } catch (error) {
      if (isPromptExit(error)) {
        ctx.out.info('cancelled, nothing written');
        return;
      }
      throw error;
    }
  }

  writeConfigFile(target, config);
  if (addGitignore && wantsGitignore) addGitignoreEntry(wantsGitignore);
  if (ctx.out.json) {
    ctx.out.jsonLine({ written: true, path: target, scope: global ? 'user' : 'project', gitignore: addGitignore ? wantsGitignore : null });
    return;
  }
  ctx.out.line(`${ctx.out.color.green('✓')} wrote ${target} (readable only by you)`);
  if (addGitignore && shownGitignore) ctx.out.line(`${ctx.out.color.green('✓')} added ${GITIGNORE_ENTRY} to ${shownGitignore} (keeps your secrets out of git)`);
  else if (wantsGitignore) ctx.out.warn(`${target} holds secrets and is not ignored by git; add ${GITIGNORE_ENTRY} to ${wantsGitignore}`);
  ctx.out.info('next: `itscope-hooks doctor` checks them, `itscope-hooks listen` receives');
}
