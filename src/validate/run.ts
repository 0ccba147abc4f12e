/** `itscope-hooks validate [PATH…|-]`: judge payload files against ITscope's schema. */
import type { CommandContext } from '../cli/context.js';
import { CheckFailed, UserError } from '../core/errors.js';
import type { Problem } from '../core/payload-rules.js';
import { printable as p } from '../core/printable.js';
import type { Output } from '../ui/output.js';
import { collectInputs, type FileResult, isAllValid, type RecordResult, STDIN, summarize, validateInput } from './inputs.js';

/** Problems shown per file in human output; the rest are counted. */
const SHOWN_PER_FILE = 20;

export async function run(options: Record<string, unknown>, args: string[], ctx: CommandContext): Promise<void> {
  const strict = Boolean(options.strict);
  const { out } = ctx;
  let paths = args;
  if (paths.length === 0) {
    if (ctx.stdin.isTTY) {
      throw new UserError(
        'nothing to validate',
        'pass files or folders (e.g. `itscope-hooks validate .itscope-hooks/captures`), or pipe JSON into `itscope-hooks validate -`',
      );
    }
    paths = [STDIN];
  }
  const inputs = await collectInputs(paths, ctx.cwd);
  if (inputs.length === 0) {
    throw new CheckFailed(`no payload files (*.json, *.ndjson, *.jsonl) in ${paths.join(', ')}`);
  }

  // --json: every record goes into the report as it is judged, none is kept (json-report.ts).
  const report = out.json ? await (await import('./json-report.js')).openJsonReport() : undefined;
  const files: FileResult[] = [];
  let summary: ReturnType<typeof summarize>;
  let valid: boolean;
  try {
    for (const input of inputs) {
      const result = await validateInput(input, ctx.stdin, ctx.cwd, {
        strict,
        keepValid: out.json,
        ...(report ? { onRecords: report.add } : { limit: SHOWN_PER_FILE }),
      });
      if (report) {
        await report.add(result.records.splice(0));
        report.endFile(result);
      }
      files.push(result);
      if (!out.json) renderFile(out, result);
      else if (result.torn) out.warn(`${p(result.path)}: ${tornText(result.torn)}`);
    }
    summary = summarize(files);
    valid = isAllValid(files);
    if (report) await report.finish(out.write, valid, summary);
    else renderSummary(out, summary, files.length);
  } finally {
    await report?.dispose();
  }
  if (summary.records === 0 && files.every((f) => !f.error)) {
    throw new CheckFailed(`nothing to validate: ${paths.join(', ')} ${paths.length > 1 ? 'hold' : 'holds'} no payloads`);
  }
  if (!valid) throw new CheckFailed();
}

/** Torn journal lines are skipped with a warning, as `captures` does; they never fail validate. */
function tornText(torn: number): string {
  return `${torn} torn record${torn === 1 ? '' : 's'} skipped (a capture journal line cut short by a crash or edited)`;
}

function where(record: RecordResult): string {
  if (record.line !== undefined) return `line ${record.line}`;
  if (record.index !== undefined) return `[${record.index}]`;
  return '';
}

function renderProblems(out: Output, label: string, problems: Problem[], mark: string): void {
  const c = out.color;
  for (const problem of problems) {
    out.line(`    ${mark} ${c.dim(label)} ${c.cyan(p(problem.path))} ${p(problem.message)}`);
    out.line(`      ${c.dim(`fix: ${p(problem.hint)}`)}`);
  }
}

function renderFile(out: Output, file: FileResult): void {
  const c = out.color;
  const { counts } = file;
  const path = p(file.path);
  if (file.error) {
    out.line(`${c.red('✗')} ${path}  ${c.red(file.error)}`);
    return;
  }
  const plural = counts.records === 1 ? 'payload' : 'payloads';
  if (counts.records === 0) {
    out.line(`${c.yellow('–')} ${path}  ${c.dim('no payloads')}`);
  } else if (counts.invalid === 0) {
    const warn = counts.warnings > 0 ? c.yellow(`, ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}`) : '';
    out.line(`${c.green('✓')} ${path}  ${c.dim(`${counts.records} ${plural}`)}${warn}`);
  } else {
    out.line(`${c.red('✗')} ${path}  ${c.red(`${counts.invalid} of ${counts.records} ${plural} invalid`)}`);
  }
  if (file.torn) out.line(`    ${c.yellow('⚠')} ${c.yellow(tornText(file.torn))}`);
  for (const record of file.records) {
    const single = counts.records === 1 && record.index === 0;
    const label = [single ? '' : where(record), record.eventId ? `(${p(record.eventId)})` : ''].filter(Boolean).join(' ');
    renderProblems(out, label, record.errors, c.red('✗'));
    renderProblems(out, label, record.warnings, c.yellow('⚠'));
  }
  const hidden = counts.invalid - file.records.filter((r) => !r.valid).length;
  if (hidden > 0) out.line(`    ${c.dim(`… and ${hidden} more invalid payloads (use --json for all)`)}`);
}

function renderSummary(out: Output, summary: ReturnType<typeof summarize>, fileCount: number): void {
  const c = out.color;
  const parts = [
    `${summary.records} payload${summary.records === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}`,
    c.green(`${summary.valid} valid`),
    summary.invalid > 0 ? c.red(`${summary.invalid} invalid`) : `${summary.invalid} invalid`,
  ];
  if (summary.warnings > 0) parts.push(c.yellow(`${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`));
  out.line('');
  out.line(`${parts[0]}: ${parts.slice(1).join(', ')}`);
}
