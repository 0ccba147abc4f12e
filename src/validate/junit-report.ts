/**
 * `validate --junit FILE`: the results as JUnit XML (docs/lifecycle.md, "JUnit reports"):
 * a testsuite per input file with a testcase per payload, its failure carrying every
 * problem with its JSON path and fix hint (warnings in system-out); with --lifecycle also
 * a testsuite per deal with a testcase per payload of the deal and one `lifecycle`
 * testcase carrying the deal's errors (and its warnings with --strict).
 */

import { type JUnitCase, type JUnitReport, type JUnitSuite, junitClassname } from '../core/junit.js';
import type { DealVerdict, LifecycleProblem } from '../core/lifecycle.js';
import type { Problem } from '../core/payload-rules.js';
import type { FileResult, RecordResult } from './inputs.js';
import { dealFails, recordWhere } from './lifecycle.js';

function problemText(problems: readonly Problem[]): string {
  return problems.map((x) => `${x.path}: ${x.message}\n  fix: ${x.hint}`).join('\n');
}

function lifecycleText(problems: readonly LifecycleProblem[]): string {
  return problems.map((x) => `${x.code}: ${x.message}\n  fix: ${x.hint}`).join('\n');
}

function caseName(record: RecordResult): string {
  // A capture by its eventId and received time, the handles `captures show` and --since take.
  if (record.receivedAt !== undefined) return `${record.eventId ?? 'capture without eventId'} received ${record.receivedAt}`;
  const at = record.line !== undefined ? `line ${record.line}` : `[${record.index ?? 0}]`;
  return record.eventId !== undefined ? `${at} ${record.eventId}` : at;
}

/** A payload as a testcase; `classname` groups it under its file or its deal. */
function payloadCase(record: RecordResult, classname: string, file: string, name = caseName(record)): JUnitCase {
  const c: JUnitCase = { name, classname, file };
  if (record.line !== undefined) c.line = record.line;
  if (!record.valid) {
    const first = record.errors[0];
    const more = record.errors.length > 1 ? ` (+${record.errors.length - 1} more)` : '';
    c.failure = {
      message: first ? `${first.path}: ${first.message}${more}` : 'invalid payload',
      type: 'invalid-payload',
      text: problemText(record.errors),
    };
  }
  if (record.warnings.length > 0) c.systemOut = `warnings:\n${problemText(record.warnings)}`;
  return c;
}

function fileSuite(file: FileResult, started: Date): JUnitSuite {
  const classname = junitClassname('validate', file.path);
  if (file.error) {
    return {
      name: file.path,
      timestamp: started,
      cases: [{ name: file.path, classname, file: file.path, failure: { message: file.error, text: file.error } }],
    };
  }
  return { name: file.path, timestamp: started, cases: file.records.map((r) => payloadCase(r, classname, file.path)) };
}

function dealSuite(deal: DealVerdict, records: Map<string, { file: string; record: RecordResult }>, strict: boolean, started: Date): JUnitSuite {
  const classname = junitClassname('deal', deal.transactionId);
  const cases: JUnitCase[] = [];
  for (const event of deal.events) {
    const found = event.where === undefined ? undefined : records.get(event.where);
    // Named by step and eventId; file and line point to where the payload is.
    if (found) cases.push(payloadCase(found.record, classname, found.file, `${event.eventType ?? '(no eventType)'} ${event.eventId ?? event.where}`));
  }
  const failing = strict ? [...deal.errors, ...deal.warnings] : deal.errors;
  const lifecycle: JUnitCase = { name: 'lifecycle', classname };
  if (dealFails(deal, strict)) {
    const first = failing[0] as LifecycleProblem;
    lifecycle.failure = {
      message: `${first.message}${failing.length > 1 ? ` (+${failing.length - 1} more)` : ''}`,
      type: first.code,
      text: lifecycleText(failing),
    };
  }
  const quiet = strict ? [] : deal.warnings;
  if (quiet.length > 0) lifecycle.systemOut = `warnings:\n${lifecycleText(quiet)}`;
  cases.push(lifecycle);
  const order = deal.orderId !== undefined ? ` (order ${deal.orderId})` : '';
  return { name: `deal ${deal.transactionId}${order}`, timestamp: started, cases };
}

export function validateJunit(files: readonly FileResult[], deals: readonly DealVerdict[] | undefined, strict: boolean, started: Date): JUnitReport {
  const suites = files.map((f) => fileSuite(f, started));
  if (deals) {
    const records = new Map<string, { file: string; record: RecordResult }>();
    for (const file of files) for (const record of file.records) records.set(recordWhere(file.path, record), { file: file.path, record });
    for (const deal of deals) suites.push(dealSuite(deal, records, strict, started));
  }
  return { name: 'itscope-hooks validate', timeSeconds: (Date.now() - started.getTime()) / 1000, suites };
}
