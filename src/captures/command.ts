/** `itscope-hooks captures list|show|export|deals`: their flags and examples; the runs load lazily. */
import { capturesOption } from '../cli/flags.js';
import type { CommandSpec, GroupSpec } from '../cli/spec.js';

export const capturesGroup: GroupSpec = { name: 'captures', description: 'list, show, export captured webhooks; group them into deals' };

export const capturesListCommand: CommandSpec = {
  name: 'captures list',
  description: 'list captured webhooks, newest last',
  options: [
    { flags: '--type <type>', description: 'only this eventType' },
    { flags: '--since <when>', description: 'only newer ones: an ISO date-time or a duration such as 30m, 2h, 1d' },
    { flags: '-n, --limit <n>', description: 'only the newest N (of those that match)' },
    capturesOption(),
  ],
  examples: ['itscope-hooks captures list --type DELIVERY --since 1h', 'itscope-hooks captures list --limit 20'],
  load: async () => (await import('./list.js')).runList,
};

export const capturesShowCommand: CommandSpec = {
  name: 'captures show',
  description: 'show one capture: headers and the pretty-printed body',
  arguments: [{ name: '<id>', description: 'eventId, documentId or orderId' }],
  options: [capturesOption()],
  examples: ['itscope-hooks captures show e2a6a466-3b62-4bb7-af53-b59aec592b49'],
  load: async () => (await import('./show.js')).runShow,
};

export const capturesExportCommand: CommandSpec = {
  name: 'captures export',
  description: 'write one JSON file per capture into a folder',
  arguments: [{ name: '<dir>', description: 'target folder' }],
  options: [capturesOption()],
  examples: ['itscope-hooks captures export ./exported'],
  load: async () => (await import('./export.js')).runExport,
};

export const capturesDealsCommand: CommandSpec = {
  name: 'captures deals',
  description: 'group captured webhooks into deals (one transactionId each): types seen, complete or missing, lifecycle problems',
  options: [
    { flags: '--since <when>', description: 'only deals with an event received since: an ISO date-time or a duration such as 30m, 2h, 1d' },
    { flags: '--incomplete', description: 'only deals still missing an event type' },
    capturesOption(),
  ],
  examples: ['itscope-hooks captures deals --since 1d', 'itscope-hooks captures deals --incomplete --json'],
  load: async () => (await import('./deals.js')).runDeals,
};
