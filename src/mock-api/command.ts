/** `itscope-hooks mock-api`: its flags and examples; the run is in run.ts. */
import { HOST_OPTION } from '../cli/flags.js';
import type { CommandSpec } from '../cli/spec.js';
import { MOCK_API_DEFAULTS } from './defaults.js';

export const mockApiCommand: CommandSpec = {
  name: 'mock-api',
  description: 'run a local stand-in for the ITscope documents API',
  options: [
    { flags: '-p, --port <port>', description: 'port to listen on', default: String(MOCK_API_DEFAULTS.port) },
    HOST_OPTION,
    { flags: '--account-id <id>', description: 'accepted Account ID', default: MOCK_API_DEFAULTS.accountId },
    { flags: '--api-key <key>', description: 'accepted API key', default: MOCK_API_DEFAULTS.apiKey },
    { flags: '--rate-limit <n>', description: 'answer 503 past this many requests per minute', default: String(MOCK_API_DEFAULTS.rateLimit) },
  ],
  examples: ['itscope-hooks mock-api --port 8766 --account-id demo --api-key secret'],
  load: async () => (await import('./run.js')).run,
};
