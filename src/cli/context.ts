/** What every command receives besides its options. */
import type { Output } from '../ui/output.js';

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Read it only when the command reads stdin: the entry point makes it on first access. */
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  out: Output;
  debug: boolean;
  version: string;
}

/** Global flags, present on every command's options. */
export interface GlobalOptions {
  json?: boolean;
  debug?: boolean;
}
