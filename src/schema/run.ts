/**
 * `itscope-hooks schema [--format json-schema|openapi|typescript] [--out FILE] [--yaml]`:
 * exports the webhook payload, as `validate` judges it, for other languages and tools.
 * The texts come from documents.ts; this file only reads the flags and writes the result.
 */
import { resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { UserError } from '../core/errors.js';
import { printable } from '../core/printable.js';
import { renderSchema, SCHEMA_FORMATS, type SchemaFormat, YAML_FORMATS } from './documents.js';
import { writeFileAtomically } from './write-file.js';

/** The command's flags as data, for the CLI's command registry. */

function parseFormat(value: unknown): SchemaFormat {
  if (value === undefined) return 'json-schema';
  const text = String(value).trim().toLowerCase();
  const format = SCHEMA_FORMATS.find((f) => f === text);
  if (format) return format;
  const hint = `use one of ${SCHEMA_FORMATS.join(', ')} (default json-schema)`;
  if (text === '') throw new UserError('--format is empty', hint);
  throw new UserError(`--format ${String(value)} is not a format of schema`, hint);
}

function parseOut(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UserError('--out is empty', 'give a file name, e.g. --out itscope-webhook.schema.json, or leave --out out to print to stdout');
  }
  return value;
}

export async function run(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const format = parseFormat(options.format);
  const yaml = Boolean(options.yaml);
  if (yaml && !YAML_FORMATS.includes(format)) {
    throw new UserError(`--yaml does not apply to --format ${format}`, `leave out --yaml; YAML is for ${YAML_FORMATS.join(' and ')}`);
  }
  const out = parseOut(options.out);
  const text = renderSchema(format, { yaml });
  if (out === undefined) {
    // out.line adds the newline the text ends in.
    ctx.out.line(text.slice(0, -1));
    return;
  }
  await writeFileAtomically(resolve(ctx.cwd, out), text, out);
  ctx.out.info(`wrote ${printable(out)} (${format}${yaml ? ', YAML' : ''})`);
}
