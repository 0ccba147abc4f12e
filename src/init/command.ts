/** `itscope-hooks init` and `config show`: their flags and examples; the runs are in run.ts and config-show.ts. */
import { basicAuthOptions, capturesOption } from '../cli/flags.js';
import type { CommandSpec, GroupSpec } from '../cli/spec.js';

export const initCommand: CommandSpec = {
  name: 'init',
  description: "set up webhook and API settings, mirroring ITscope's webhook settings page",
  options: [
    { flags: '-y, --yes', description: 'no questions: take the values from the flags' },
    { flags: '--global', description: 'write the user config instead of the project config' },
    ...basicAuthOptions('Basic Auth user ITscope sends', 'Basic Auth password ITscope sends'),
    { flags: '--url-order <url>', description: 'https URL for ORDER webhooks (enables the type)' },
    { flags: '--url-orderresponse <url>', description: 'https URL for ORDERRESPONSE webhooks' },
    { flags: '--url-delivery <url>', description: 'https URL for DELIVERY webhooks' },
    { flags: '--url-invoice <url>', description: 'https URL for INVOICE webhooks' },
    { flags: '--account-id <id>', description: 'ITscope API Account ID' },
    { flags: '--api-key <key>', description: 'ITscope API key' },
    { flags: '-p, --port <port>', description: 'listen port' },
    capturesOption(),
  ],
  examples: ['itscope-hooks init', 'itscope-hooks init --yes --user hooks --password "$PW" --url-delivery https://hooks.example.com/itscope'],
  load: async () => (await import('./run.js')).run,
};

export const configGroup: GroupSpec = { name: 'config', description: 'inspect the configuration' };

export const configShowCommand: CommandSpec = {
  name: 'config show',
  description: 'print every resolved setting with its source, secrets redacted',
  options: [],
  examples: ['itscope-hooks config show', 'itscope-hooks config show --json'],
  load: async () => (await import('./config-show.js')).run,
};
