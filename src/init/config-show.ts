/**
 * `itscope-hooks config show`: every resolved setting with where it came from (flag,
 * env, project, user, default), secrets redacted.
 */
import type { CommandContext } from '../cli/context.js';
import { resolveConfig } from '../config/files.js';
import { configReport, type Source } from '../core/config.js';
import { printable } from '../core/printable.js';

interface Row {
  key: string;
  value: unknown;
  source: Source;
  origin?: string;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '(not set)';
  if (typeof value === 'object' && 'enabled' in value) {
    const { enabled, url } = value as { enabled: boolean; url?: string };
    return `${enabled ? 'on ' : 'off'} ${url ?? '(no URL)'}`;
  }
  return String(value);
}

function where(row: Row): string {
  if (row.source === 'env') return `env ${row.origin ?? ''}`.trim();
  return row.source;
}

export async function run(_options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  // A broken config file throws a UserError naming the file and the problem (exit 2).
  const config = resolveConfig({ cwd: ctx.cwd, env: ctx.env });
  const rows = configReport(config) as Row[];
  for (const warning of config.warnings) ctx.out.warn(printable(warning));
  const files = {
    project: { path: config.files.project, found: config.files.projectFound },
    user: { path: config.files.user, found: config.files.userFound },
  };
  const { out } = ctx;
  if (out.json) {
    const settings: Record<string, Omit<Row, 'key'>> = {};
    for (const { key, ...rest } of rows) settings[key] = rest;
    out.jsonLine({ files, settings });
    return;
  }
  out.line(out.color.bold('Config files'));
  for (const [scope, file] of Object.entries(files)) {
    out.line(`  ${scope.padEnd(8)} ${printable(file.path)}  ${file.found ? out.color.green('(found)') : out.color.dim('(not found)')}`);
  }
  out.line();
  out.line(out.color.bold('Settings'));
  const keyWidth = Math.max(...rows.map((r) => r.key.length));
  // Values come from config files and the environment: a user name could set the terminal title.
  const valueWidth = Math.min(60, Math.max(...rows.map((r) => printable(show(r.value)).length)));
  for (const row of rows) {
    const value = printable(show(row.value));
    const painted = row.value === null ? out.color.dim(value.padEnd(valueWidth)) : value.padEnd(valueWidth);
    out.line(`  ${row.key.padEnd(keyWidth)}  ${painted}  ${out.color.dim(printable(where(row)))}`);
  }
  out.line();
  out.line(out.color.dim('precedence: flag > env > project > user > default; `itscope-hooks init` changes the settings'));
}
