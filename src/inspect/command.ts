/** `itscope-hooks inspect`: its flags and examples; the run is in run.ts. */
import { apiOptions, capturesOption } from '../cli/flags.js';
import type { CommandSpec } from '../cli/spec.js';
import { UI_HOST_OPTION, UI_PORT_OPTION } from '../cli/ui-flags.js';

export const inspectCommand: CommandSpec = {
  name: 'inspect',
  description: 'the web inspector over captured webhooks, in your browser, live while listen runs',
  options: [
    capturesOption('capture folder to show (default: .itscope-hooks/captures, $ITSCOPE_HOOKS_DIR)'),
    // Its only port: -p as on every command that serves (listen's -p is its webhook port).
    { ...UI_PORT_OPTION, flags: `-p, ${UI_PORT_OPTION.flags}` },
    UI_HOST_OPTION,
    { flags: '--open', description: 'open the inspector in your browser (not in CI or without a display)' },
    ...apiOptions('for the document button'),
  ],
  examples: [
    'itscope-hooks inspect --open',
    'itscope-hooks inspect --captures ./ci-captures --ui-port 9000',
    'itscope-hooks listen --ui   # the same inspector, served by the receiver itself',
  ],
  load: async () => (await import('./run.js')).run,
};
