/** mock-api's defaults, written once: the flags, the server and the banner read them here. */
import { DEFAULT_MOCK_API_PORT } from '../cli/ports.js';

export const MOCK_API_DEFAULTS = {
  port: DEFAULT_MOCK_API_PORT,
  accountId: 'demo',
  apiKey: 'demo-key',
  /** Requests per minute per client address before 503, as ITscope's API. */
  rateLimit: 600,
} as const;
