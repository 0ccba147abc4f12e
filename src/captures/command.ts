/** `itscope-hooks captures list|show|export`: their flags and examples; the runs are in run.ts. */
import { capturesOption } from '../cli/flags.js';
import type { CommandSpec, GroupSpec } from '../cli/spec.js';

export const capturesGroup: GroupSpec = { name: 'captures', description: 'list, show and export captured webhooks' };

export const capturesListCommand: CommandSpec = {
  name: 'captures list',
  description: 'list captured webhooks, newest last',
  options: [
    { flags: '--type <type>', description: 'only this eventType' },
    { flags: '--since <when>', description: 'only newer ones: an ISO date-time or a duration such as 30m, 2h, 1d' },
    capturesOption(),
  ],
  examples: ['itscope-hooks captures list --type DELIVERY --since 1h'],
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
