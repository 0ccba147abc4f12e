/**
 * The `init` questions, in the order of ITscope's webhook settings page: Basic
 * Auth user and password, then per event type a checkbox and an https URL, then the API
 * Account ID and key, listen port and capture folder; a summary and a confirmation.
 * The streams are injectable so tests drive the real prompts with keystrokes.
 * Ctrl-C rejects with @inquirer's ExitPromptError; the caller writes nothing then.
 */
import { Writable } from 'node:stream';
import { type ConfigFile, DEFAULT_CAPTURES, DEFAULT_PORT, webhookUrlProblem } from '../core/config-file.js';
import { EVENT_TYPES, type EventType } from '../core/payload-rules.js';
import { buildConfig, formatSummary, type InitAnswers, portProblem, type TypeAnswer, userProblem } from './answers.js';
import { GITIGNORE_ENTRY } from './gitignore.js';

export interface WizardStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export interface WizardOptions {
  /** What the target file holds now (with any flags laid over it): the defaults. */
  existing: ConfigFile | undefined;
  /** The file that will be written, for the confirmation. */
  target: string;
  /** The .gitignore to offer the entry for (as shown: relative to the current folder), when inside a git repository and it is missing. */
  gitignore?: string | undefined;
  streams: WizardStreams;
}

export interface WizardResult {
  config: ConfigFile;
  write: boolean;
  addGitignore: boolean;
}

/** True for the error a prompt rejects with when the user presses Ctrl-C. */
export function isPromptExit(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError';
}

/**
 * A fresh writable per prompt: each prompt ends its output when done, and that must not
 * end the stream the next prompt writes to.
 */
function promptOutput(target: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      target.write(chunk);
      callback();
    },
  });
}

/** How ITscope shows a stored secret: one asterisk per character. */
function storedHint(secret: string | undefined): string {
  return secret ? ` [${'*'.repeat(secret.length)}] (Enter keeps it)` : '';
}

export async function runInitWizard(options: WizardOptions): Promise<WizardResult> {
  const { input, password, confirm } = await import('@inquirer/prompts');
  const { streams, existing } = options;
  const ctx = () => ({ input: streams.input, output: promptOutput(streams.output) });
  const answers: InitAnswers = {};

  streams.output.write("Webhook settings, as on ITscope's webhook settings page.\n");
  answers.webhookUser = await input({ message: 'Basic Auth user', default: existing?.webhookUser, validate: (v) => userProblem(v) ?? true }, ctx());
  const webhookPassword = await password({ message: `Basic Auth password${storedHint(existing?.webhookPassword)}`, mask: '*' }, ctx());
  // Enter on an empty field keeps the stored password, as ITscope's form does.
  if (webhookPassword !== '') answers.webhookPassword = webhookPassword;

  const urls: Partial<Record<EventType, TypeAnswer>> = {};
  // Most receivers take every type on one URL: the first URL entered is offered for the
  // types asked after it (a stored URL of that type still comes first).
  let firstUrl: string | undefined;
  for (const type of EVENT_TYPES) {
    const stored = existing?.webhookUrls?.[type];
    const enabled = await confirm({ message: `[${type}] send ${type} webhooks?`, default: stored?.enabled ?? Boolean(stored?.url) }, ctx());
    if (!enabled) {
      urls[type] = { enabled: false };
      continue;
    }
    const url = await input({ message: `[${type}] https URL`, default: stored?.url ?? firstUrl, validate: (v) => webhookUrlProblem(v) ?? true }, ctx());
    urls[type] = { enabled: true, url: url.trim() };
    firstUrl ??= url.trim();
  }
  answers.webhookUrls = urls;

  streams.output.write('\nITscope API access (used by fetch-doc and doctor).\n');
  const accountId = await input({ message: 'API Account ID', default: existing?.accountId }, ctx());
  if (accountId.trim() !== '') answers.accountId = accountId.trim();
  const apiKey = await password({ message: `API key${storedHint(existing?.apiKey)}`, mask: '*' }, ctx());
  if (apiKey !== '') answers.apiKey = apiKey;

  streams.output.write('\nLocal receiver (itscope-hooks listen).\n');
  const port = await input({ message: 'Listen port', default: String(existing?.port ?? DEFAULT_PORT), validate: (v) => portProblem(v) ?? true }, ctx());
  answers.port = Number(port.trim());
  const captures = await input({ message: 'Capture folder', default: existing?.captures ?? DEFAULT_CAPTURES }, ctx());
  answers.captures = captures.trim() || DEFAULT_CAPTURES;

  const config = buildConfig(existing, answers);
  streams.output.write(`\nThis goes into ${options.target} (readable only by you):\n${formatSummary(config)}\n\n`);
  const write = await confirm({ message: 'Write it?', default: true }, ctx());
  let addGitignore = false;
  if (write && options.gitignore) {
    addGitignore = await confirm({ message: `Add ${GITIGNORE_ENTRY} to ${options.gitignore}? (keeps your secrets out of git)`, default: true }, ctx());
  }
  return { config, write, addGitignore };
}
