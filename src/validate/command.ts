/** `itscope-hooks validate`: its flags and examples; the run is in run.ts. */
import type { CommandSpec } from '../cli/spec.js';

export const validateCommand: CommandSpec = {
  name: 'validate',
  description: 'check ITscope webhook payloads: JSON, JSON arrays, NDJSON, captures, folders or stdin (-)',
  arguments: [{ name: '[paths...]', description: 'files or folders; - or nothing for stdin' }],
  options: [{ flags: '--strict', description: 'treat warnings (unknown status, extra fields, foreign host) as errors' }],
  examples: ['itscope-hooks validate payload.json', 'itscope-hooks validate captures/ --strict --json', 'cat events.ndjson | itscope-hooks validate -'],
  load: async () => (await import('./run.js')).run,
};
