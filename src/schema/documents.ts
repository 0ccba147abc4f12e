/**
 * The texts `itscope-hooks schema` prints, and the copies checked in under docs/schema/
 * (test/schema/docs-fresh.test.ts fails when those are stale). Both come from here, so the
 * CLI's output and the checked-in files are byte for byte the same. No version of
 * itscope-hooks goes into them: a release does not make them stale.
 */
import { payloadJsonSchema } from './json-schema.js';
import { openApiDocument } from './openapi.js';
import { typescriptModule } from './typescript.js';
import { toYaml } from './yaml.js';

export const SCHEMA_FORMATS = ['json-schema', 'openapi', 'typescript'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];

/** Formats that are JSON data, and so can also be written as YAML. */
export const YAML_FORMATS: readonly SchemaFormat[] = ['json-schema', 'openapi'];

export interface RenderOptions {
  yaml?: boolean;
}

/** The text of one format, ending in a newline. */
export function renderSchema(format: SchemaFormat, options: RenderOptions = {}): string {
  if (format === 'typescript') {
    if (options.yaml) throw new Error('the typescript format has no YAML form');
    return typescriptModule();
  }
  const value = format === 'openapi' ? openApiDocument() : payloadJsonSchema();
  return options.yaml ? toYaml(value) : `${JSON.stringify(value, null, 2)}\n`;
}

/** The files under docs/schema/, by name. */
export const GENERATED_FILES: Readonly<Record<string, { format: SchemaFormat; yaml: boolean }>> = {
  'itscope-webhook.schema.json': { format: 'json-schema', yaml: false },
  'itscope-webhook.schema.yaml': { format: 'json-schema', yaml: true },
  'itscope-openapi.json': { format: 'openapi', yaml: false },
  'itscope-openapi.yaml': { format: 'openapi', yaml: true },
  'itscope-webhook.ts': { format: 'typescript', yaml: false },
};

/** File name → text of every file under docs/schema/. */
export function generatedFiles(): Record<string, string> {
  return Object.fromEntries(Object.entries(GENERATED_FILES).map(([name, { format, yaml }]) => [name, renderSchema(format, { yaml })]));
}
