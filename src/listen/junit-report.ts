/**
 * `listen --junit FILE` in CI mode (docs/lifecycle.md, "JUnit reports"): a testcase per
 * expected type (--expect), per deal (--expect-deals) and one for --max-events; a case
 * fails when its goal was still missing at the end (--timeout, a signal) or, with
 * --strict, when an invalid payload or a lifecycle error ended the run. A deal still in
 * progress when the goal was met is skipped, not failed. Each case's time is how long
 * the run waited for it.
 */
import { type JUnitCase, type JUnitReport, junitClassname } from '../core/junit.js';
import type { DealVerdict, LifecycleProblem } from '../core/lifecycle.js';
import type { Problem } from '../core/payload-rules.js';
import type { DealGoal } from './deal-goal.js';
import type { Goal } from './tally.js';

export interface ListenJunitInput {
  started: Date;
  ended: Date;
  /** How the run ended. */
  result: { ok: boolean; reason: string };
  expect: readonly string[] | undefined;
  maxEvents: number | undefined;
  goal: Goal;
  deals: DealGoal | undefined;
}

const seconds = (from: Date, at: number | undefined) => (at === undefined ? undefined : (at - from.getTime()) / 1000);

function payloadText(errors: readonly Problem[]): string {
  return errors.map((e) => `${e.path}: ${e.message}\n  fix: ${e.hint}`).join('\n');
}

function lifecycleText(problems: readonly LifecycleProblem[]): string {
  return problems.map((x) => `${x.code}: ${x.message}\n  fix: ${x.hint}`).join('\n');
}

function typeCases(input: ListenJunitInput): JUnitCase[] {
  const classname = junitClassname('listen', 'expect');
  const invalid = input.goal.invalid();
  const missing = new Set(input.goal.missing());
  const cases: JUnitCase[] = (input.expect ?? []).map((type) => {
    const arrived = input.goal.arrivals().get(type) ?? input.ended.getTime();
    const c: JUnitCase = { name: `${type} arrived`, classname, timeSeconds: seconds(input.started, arrived) };
    if (invalid && invalid.eventType === type) {
      c.failure = { message: `${type}${invalid.eventId ? ` ${invalid.eventId}` : ''} is invalid`, type: 'invalid-payload', text: payloadText(invalid.errors) };
    } else if (missing.has(type)) {
      const text = `no ${type} webhook arrived (${input.result.reason})\n  fix: check that ${type} is enabled with this URL on ITscope's webhook settings page, and that the tunnel is up`;
      c.failure = { message: `${type} did not arrive: ${input.result.reason}`, type: 'missing', text };
    }
    return c;
  });
  if (invalid && !(input.expect ?? []).includes(invalid.eventType ?? '')) {
    cases.push({
      name: `payload ${invalid.eventId ?? '(no eventId)'} valid`,
      classname,
      failure: { message: `invalid ${invalid.eventType ?? 'payload'} (--strict)`, type: 'invalid-payload', text: payloadText(invalid.errors) },
    });
  }
  return cases;
}

function dealCase(deal: DealVerdict, input: ListenJunitInput, goal: DealGoal): JUnitCase {
  const classname = junitClassname('listen', 'deals');
  const order = deal.orderId !== undefined ? ` (order ${deal.orderId})` : '';
  // How long the run waited: until the deal was complete, else until the end.
  const waited = seconds(input.started, goal.completedAt(deal.transactionId) ?? input.ended.getTime());
  const c: JUnitCase = { name: `deal ${deal.transactionId}${order}`, classname, timeSeconds: waited };
  const failedBy = goal.failedBy();
  const lifecycleErrors = deal.errors.filter((e) => e.code !== 'incomplete');
  if (failedBy?.transactionId === deal.transactionId) {
    c.failure = { message: failedBy.problem.message, type: failedBy.problem.code, text: lifecycleText(lifecycleErrors) };
  } else if (!deal.complete && input.result.ok) {
    c.skipped = `still in progress when the goal was met (missing ${deal.missing.join(', ')})`;
  } else if (!deal.complete) {
    c.failure = {
      message: `deal incomplete: missing ${deal.missing.join(', ')} (${input.result.reason})`,
      type: 'incomplete',
      text: lifecycleText(deal.errors),
    };
  }
  const notes = [...(c.failure ? [] : lifecycleErrors), ...deal.warnings];
  if (notes.length > 0) c.systemOut = `lifecycle problems:\n${lifecycleText(notes)}`;
  return c;
}

function dealCases(input: ListenJunitInput, goal: DealGoal): JUnitCase[] {
  const cases = goal.deals().map((d) => dealCase(d, input, goal));
  const classname = junitClassname('listen', 'deals');
  const seen = goal.deals().length;
  for (let k = seen + 1; k <= goal.expected; k++) {
    const text = `no webhook of a further deal arrived (${input.result.reason})\n  fix: place one more test order (or run \`itscope-hooks send --deals ${goal.expected}\`), and check the webhook URLs on ITscope's settings page`;
    cases.push({
      name: `deal ${k} of ${goal.expected}`,
      classname,
      timeSeconds: seconds(input.started, input.ended.getTime()),
      failure: { message: `deal ${k} of ${goal.expected} did not arrive: ${input.result.reason}`, type: 'missing', text },
    });
  }
  return cases;
}

function eventsCase(input: ListenJunitInput, max: number): JUnitCase {
  const accepted = input.goal.accepted();
  const c: JUnitCase = { name: `${max} events received`, classname: junitClassname('listen', 'events') };
  if (accepted < max) {
    c.failure = {
      message: `${accepted} of ${max} events arrived: ${input.result.reason}`,
      type: 'missing',
      text: `${accepted} of ${max} events arrived (${input.result.reason})`,
    };
  }
  return c;
}

export function listenJunit(input: ListenJunitInput): JUnitReport {
  const cases: JUnitCase[] = [];
  if (input.maxEvents !== undefined) cases.push(eventsCase(input, input.maxEvents));
  if (input.expect !== undefined || input.goal.invalid()) cases.push(...typeCases(input));
  if (input.deals) cases.push(...dealCases(input, input.deals));
  const time = (input.ended.getTime() - input.started.getTime()) / 1000;
  return { name: 'itscope-hooks listen', timeSeconds: time, suites: [{ name: 'itscope-hooks listen', timestamp: input.started, timeSeconds: time, cases }] };
}
