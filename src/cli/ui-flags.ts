/**
 * The inspector's flags, shared by `listen --ui` and `inspect`: where the page is served.
 * Loopback by default; another address only when asked for by name (docs/inspector.md).
 * Kept light: command specs import it at startup (their values are read by ui-address.ts).
 */
import { UserError } from '../core/errors.js';
import type { OptionSpec } from './spec.js';

export const DEFAULT_UI_PORT = 8767;

export const UI_PORT_OPTION: OptionSpec = {
  flags: '--ui-port <port>',
  description: `port of the inspector (default: ${DEFAULT_UI_PORT}; 0 picks a free one; never the webhook port)`,
};

export const UI_HOST_OPTION: OptionSpec = {
  flags: '--ui-host <host>',
  description: 'serve the inspector on this address instead of 127.0.0.1 (then it needs its token; warns)',
};

/**
 * Whether a command with a --ui switch (listen) serves the inspector; --ui-port or
 * --ui-host without it is a usage error rather than silently ignored.
 */
export function uiRequested(options: Record<string, unknown>): boolean {
  if (options.ui === true) return true;
  const given = options.uiPort !== undefined ? '--ui-port' : options.uiHost !== undefined ? '--ui-host' : undefined;
  if (given) throw new UserError(`${given} needs --ui`, `add --ui to serve the inspector, e.g. itscope-hooks listen --ui ${given} …`);
  return false;
}
