/** `itscope-hooks schema`: its flags and examples; the run is in run.ts. */
import type { CommandSpec } from '../cli/spec.js';

export const schemaCommand: CommandSpec = {
  name: 'schema',
  description: 'export the webhook payload as JSON Schema, OpenAPI 3.1 or TypeScript types',
  options: [
    {
      flags: '--format <format>',
      description: 'json-schema (JSON Schema 2020-12), openapi (OpenAPI 3.1 with the webhooks and the documents API) or typescript',
      default: 'json-schema',
    },
    { flags: '--out <file>', description: 'write to this file (atomically) instead of stdout' },
    { flags: '--yaml', description: 'YAML instead of JSON (json-schema and openapi)' },
  ],
  examples: [
    'itscope-hooks schema > itscope-webhook.schema.json',
    'itscope-hooks schema --format openapi --yaml --out itscope-openapi.yaml',
    'itscope-hooks schema --format typescript --out src/itscope-webhook.ts',
  ],
  load: async () => (await import('./run.js')).run,
};
