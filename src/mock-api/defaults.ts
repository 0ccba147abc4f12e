/** mock-api's defaults, written once: the flags, the server and the banner read them here. */
export const MOCK_API_DEFAULTS = {
  port: 8766,
  accountId: 'demo',
  apiKey: 'demo-key',
  /** Requests per minute per client address before 503, as ITscope's API. */
  rateLimit: 600,
} as const;
