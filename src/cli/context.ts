/** What every command receives besides its options. */
import type { Output } from '../ui/output.js';

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  out: Output;
  debug: boolean;
  version: string;
}

/** Global flags, present on every command's options. */
export interface GlobalOptions {
  json?: boolean;
  debug?: boolean;
}
