/** `itscope-hooks validate [PATH…|-]`: judge payload files against ITscope's schema. */
import type { CommandContext } from '../cli/context.js';
import { parseSince } from '../cli/values.js';
import { CheckFailed, UserError } from '../core/errors.js';
import { plural } from '../core/format.js';
import { printable as p } from '../core/printable.js';
import { usableWidth } from '../ui/fit.js';
import { collectInputs, type FileResult, isAllValid, STDIN, summarize, validateInput } from './inputs.js';
import type { LifecycleCheck } from './lifecycle.js';
import { renderFile, renderSummary, tornText } from './render.js';

/** Problems shown per file in human output; the rest are counted. */
const SHOWN_PER_FILE = 20;

export async function run(options: Record<string, unknown>, args: string[], ctx: CommandContext): Promise<void> {
  const strict = Boolean(options.strict);
  const junit = typeof options.junit === 'string' ? options.junit : undefined;
  // --since: captures received earlier are left out (an old bad capture must not fail CI forever).
  const since = typeof options.since === 'string' ? parseSince(options.since).getTime() : undefined;
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

  // Loaded only for --lifecycle: validating a file alone starts faster without it.
  const deal = options.lifecycle ? await import('./lifecycle.js') : undefined;
  const lifecycle = deal?.createLifecycleCheck();
  // The JUnit report has a testcase per payload: it keeps every record (memory grows with
  // the input). --json alone keeps none: each record goes into the report as it is judged
  // (json-report.ts), so memory stays flat.
  const keepAll = junit !== undefined;
  const report = out.json ? await (await import('./json-report.js')).openJsonReport() : undefined;
  const files: FileResult[] = [];
  let summary: ReturnType<typeof summarize> & { skipped?: number };
  let deals: ReturnType<typeof dealsOf>;
  let failedDeals: NonNullable<typeof deals>;
  let valid: boolean;
  try {
    for (const input of inputs) {
      const result = await validateInput(input, () => ctx.stdin, ctx.cwd, {
        strict,
        since,
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
      if (!out.json) renderFile(out, result, usableWidth(process.stdout, ctx.env));
      else if (result.torn) out.warn(`${p(result.path)}: ${tornText(result.torn)}`);
    }
    summary = since === undefined ? summarize(files) : { ...summarize(files), skipped: files.reduce((n, f) => n + (f.skipped ?? 0), 0) };
    deals = dealsOf(lifecycle);
    failedDeals = deals && deal ? deals.filter((d) => deal.dealFails(d, strict)) : [];
    valid = isAllValid(files) && failedDeals.length === 0;
    if (report) await report.finish(out.write, valid, summary, deals && deal ? { deals: deal.dealsJson(deals) } : {});
    else {
      if (lifecycle && deals && deal) for (const line of deal.dealSectionLines(lifecycle, deals, out.color)) out.line(line);
      renderSummary(out, summary, files.length);
      // An old bad capture fails every run: say once how to leave it out.
      if (since === undefined && files.some((f) => f.records.some((r) => r.receivedAt !== undefined && !r.valid))) {
        out.line(out.color.dim('tip: check only captures received since a fix with --since, e.g. --since 1h'));
      }
    }
  } finally {
    await report?.dispose();
  }
  if (junit !== undefined) {
    const [{ validateJunit }, { writeJunitFile }] = await Promise.all([import('./junit-report.js'), import('../files/junit-file.js')]);
    await writeJunitFile(junit, ctx.cwd, validateJunit(files, deals, strict, started));
  }
  if (summary.records === 0 && files.every((f) => !f.error)) {
    if (summary.skipped) {
      throw new CheckFailed(
        `nothing to validate: no capture in ${paths.join(', ')} was received since ${new Date(since ?? 0).toISOString()} (${plural(summary.skipped, 'older capture')} left out)`,
      );
    }
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
function dealsOf(lifecycle: LifecycleCheck | undefined) {
  return lifecycle ? [...lifecycle.tracker.deals()] : undefined;
}
