/** The inspector's address from --ui-port and --ui-host (listen --ui, inspect). */
import { UserError } from '../core/errors.js';
import { DEFAULT_UI_PORT } from './ui-flags.js';
import { optionalWholeNumber, text } from './values.js';

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
