/** `itscope-hooks doctor`: its flags and examples; the run is in run.ts. */
import type { CommandSpec } from '../cli/spec.js';

export const doctorCommand: CommandSpec = {
  name: 'doctor',
  description: 'check Node, config, port, captures, URLs, API credentials and proxy settings',
  options: [{ flags: '--offline', description: 'skip the API request' }],
  examples: ['itscope-hooks doctor', 'itscope-hooks doctor --offline --json'],
  load: async () => (await import('./run.js')).run,
};
