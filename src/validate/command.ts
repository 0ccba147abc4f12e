/** `itscope-hooks validate`: its flags and examples; the run is in run.ts. */
import type { CommandSpec } from '../cli/spec.js';

export const validateCommand: CommandSpec = {
  name: 'validate',
  description: 'check ITscope webhook payloads: JSON, JSON arrays, NDJSON, captures, folders or stdin (-)',
  arguments: [{ name: '[paths...]', description: 'files or folders; - or nothing for stdin' }],
  options: [
    { flags: '--strict', description: 'treat warnings (unknown status, extra fields, foreign host; with --lifecycle incomplete deals, order) as errors' },
    {
      flags: '--lifecycle',
      description: 'also group the payloads into deals (transactionId) and check them: ids that change, bodies that change, order, completeness',
    },
    { flags: '--junit <file>', description: 'also write a JUnit XML report (a testsuite per file, with --lifecycle one per deal)' },
    {
      flags: '--since <when>',
      description: 'only captures received since: an ISO date-time or a duration such as 30m, 2h, 1d (other payloads are all checked)',
    },
  ],
  examples: [
    'itscope-hooks validate payload.json',
    'itscope-hooks validate captures/ --strict --json',
    'cat events.ndjson | itscope-hooks validate -',
    'itscope-hooks validate .itscope-hooks/captures --lifecycle --junit reports/webhooks.xml',
    'itscope-hooks validate .itscope-hooks/captures --since 1h   # only what arrived in the last hour',
  ],
  load: async () => (await import('./run.js')).run,
};
