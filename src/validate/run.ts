/** `itscope-hooks validate [PATH…|-]`: judge payload files against ITscope's schema. */
import type { CommandContext } from '../cli/context.js';
import { CheckFailed, UserError } from '../core/errors.js';
import { plural } from '../core/format.js';
import type { Problem } from '../core/payload-rules.js';
import { printable as p } from '../core/printable.js';
import type { Output } from '../ui/output.js';
import { collectInputs, type FileResult, isAllValid, type RecordResult, STDIN, summarize, validateInput } from './inputs.js';
import { createLifecycleCheck, dealFails, dealSectionLines, dealsJson } from './lifecycle.js';

/** Problems shown per file in human output; the rest are counted. */
const SHOWN_PER_FILE = 20;

export async function run(options: Record<string, unknown>, args: string[], ctx: CommandContext): Promise<void> {
  const strict = Boolean(options.strict);
  const junit = typeof options.junit === 'string' ? options.junit : undefined;
  const started = new Date();
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

  const lifecycle = options.lifecycle ? createLifecycleCheck() : undefined;
  // The JUnit report has a testcase per payload: it keeps every record (memory grows with
  // the input). --json alone keeps none: each record goes into the report as it is judged
  // (json-report.ts), so memory stays flat.
  const keepAll = junit !== undefined;
  const report = out.json ? await (await import('./json-report.js')).openJsonReport() : undefined;
  const files: FileResult[] = [];
  let summary: ReturnType<typeof summarize>;
  let deals: ReturnType<typeof dealsOf>;
  let failedDeals: NonNullable<typeof deals>;
  let valid: boolean;
  try {
    for (const input of inputs) {
      const result = await validateInput(input, () => ctx.stdin, ctx.cwd, {
        strict,
        keepValid: out.json || keepAll,
        ...(out.json || keepAll ? {} : { limit: SHOWN_PER_FILE }),
        ...(report && !keepAll ? { onRecords: report.add } : {}),
        ...(lifecycle ? { onRecord: lifecycle.recordsOf(input) } : {}),
      });
      if (report) {
        await report.add(keepAll ? result.records : result.records.splice(0));
        report.endFile(result);
      }
      files.push(result);
      if (!out.json) renderFile(out, result);
      else if (result.torn) out.warn(`${p(result.path)}: ${tornText(result.torn)}`);
    }
    summary = summarize(files);
    deals = dealsOf(lifecycle);
    failedDeals = deals ? deals.filter((d) => dealFails(d, strict)) : [];
    valid = isAllValid(files) && failedDeals.length === 0;
    if (report) await report.finish(out.write, valid, summary, deals ? { deals: dealsJson(deals) } : {});
    else {
      if (lifecycle && deals) for (const line of dealSectionLines(lifecycle, deals, out.color)) out.line(line);
      renderSummary(out, summary, files.length);
    }
  } finally {
    await report?.dispose();
  }
  if (junit !== undefined) {
    const [{ validateJunit }, { writeJunitFile }] = await Promise.all([import('./junit-report.js'), import('../files/junit-file.js')]);
    await writeJunitFile(junit, ctx.cwd, validateJunit(files, deals, strict, started));
  }
  if (summary.records === 0 && files.every((f) => !f.error)) {
    throw new CheckFailed(`nothing to validate: ${paths.join(', ')} ${paths.length > 1 ? 'hold' : 'holds'} no payloads`);
  }
  if (failedDeals.length > 0) {
    const names = failedDeals.slice(0, 3).map((d) => d.transactionId);
    const more = failedDeals.length > 3 ? ` and ${failedDeals.length - 3} more` : '';
    const what = failedDeals.some((d) => d.errors.length > 0) ? 'lifecycle errors' : 'lifecycle warnings (--strict)';
    throw new CheckFailed(`${plural(failedDeals.length, 'deal')} with ${what}: ${names.join(', ')}${more}`);
  }
  if (!valid) throw new CheckFailed();
}

/** The deals validate --lifecycle grouped the payloads into, in the order first seen. */
function dealsOf(lifecycle: ReturnType<typeof createLifecycleCheck> | undefined) {
  return lifecycle ? [...lifecycle.tracker.deals()] : undefined;
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
