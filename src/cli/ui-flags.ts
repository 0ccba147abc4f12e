/**
 * The inspector's flags, shared by `listen --ui` and `inspect`: where the page is served.
 * Loopback by default; another address only when asked for by name (docs/inspector.md).
 */
import { UserError } from '../core/errors.js';
import type { OptionSpec } from './spec.js';
import { optionalWholeNumber, text } from './values.js';

export const DEFAULT_UI_PORT = 8767;

export const UI_PORT_OPTION: OptionSpec = {
  flags: '--ui-port <port>',
  description: `port of the inspector (default: ${DEFAULT_UI_PORT}; 0 picks a free one; never the webhook port)`,
};

export const UI_HOST_OPTION: OptionSpec = {
  flags: '--ui-host <host>',
  description: 'serve the inspector on this address instead of 127.0.0.1 (then it needs its token; warns)',
};

export interface UiAddress {
  host: string;
  port: number;
}

export function uiAddress(options: Record<string, unknown>): UiAddress {
  const port = optionalWholeNumber(options.uiPort, '--ui-port', 0, 65535, `e.g. --ui-port ${DEFAULT_UI_PORT} (0 picks a free port)`) ?? DEFAULT_UI_PORT;
  const host = text(options.uiHost);
  if (host !== undefined && host.trim() === '') {
    throw new UserError(
      '--ui-host is empty',
      'leave it out to serve the inspector on 127.0.0.1 (this machine only), or name an address, e.g. --ui-host 0.0.0.0',
    );
  }
  return { host: host ?? '127.0.0.1', port };
}

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
