/**
 * Flags that several commands share, declared once so that they read the same
 * everywhere. A command picks the description that fits it; the flag itself, its value
 * name and its environment variable stay the same.
 */
import type { OptionSpec } from './spec.js';

/** --captures: the capture folder (ITSCOPE_HOOKS_DIR; default .itscope-hooks/captures). */
export function capturesOption(description = 'capture folder'): OptionSpec {
  return { flags: '--captures <dir>', description };
}

/** --user/--password: the Basic Auth ITscope sends with every webhook. */
export function basicAuthOptions(user: string, password: string): OptionSpec[] {
  return [
    { flags: '--user <name>', description: user },
    { flags: '--password <password>', description: password },
  ];
}

/** The Basic Auth of webhooks as `listen` and `send` read it: flag, then environment, then config. */
export const WEBHOOK_AUTH_FROM_ENV = {
  user: 'Basic Auth user ($ITSCOPE_WEBHOOK_USER)',
  password: 'Basic Auth password ($ITSCOPE_WEBHOOK_PASSWORD)',
};

/** --account-id/--api-key/--api-base: access to the ITscope documents API. */
export function apiOptions(purpose = ''): OptionSpec[] {
  const suffix = purpose ? ` ${purpose}` : '';
  return [
    { flags: '--account-id <id>', description: `ITscope API Account ID${suffix} ($ITSCOPE_ACCOUNT_ID)` },
    { flags: '--api-key <key>', description: `ITscope API key${suffix} ($ITSCOPE_API_KEY)` },
    { flags: '--api-base <url>', description: purpose ? 'ITscope API base URL ($ITSCOPE_API_BASE)' : 'API base URL ($ITSCOPE_API_BASE)' },
  ];
}

/** --host for a command that serves: loopback unless asked otherwise. */
export const HOST_OPTION: OptionSpec = { flags: '--host <host>', description: 'address to bind', default: '127.0.0.1' };
