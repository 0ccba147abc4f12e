/**
 * `send --junit FILE`: what was sent as JUnit XML, so a CI job that plays deals against
 * its own endpoint (docs/ci.md) shows each webhook as a test: a testsuite per deal (or
 * one for a replay), a testcase per webhook, failed by a non-2xx answer or a request
 * without one, with the status, the first bytes of the answer and what to do.
 */

import type { DealPlan } from '../core/deal-plan.js';
import { type JUnitCase, type JUnitReport, type JUnitSuite, junitClassname } from '../core/junit.js';
import { redactUrl } from '../core/redact.js';
import { resultFix } from './render.js';
import type { SendResult } from './sender.js';

const NON_2XX_HINT =
  'ITscope expects a 2xx answer once the webhook is stored; answer quickly and do the work afterwards (a queue), and check the logs of the endpoint';

function resultCase(r: SendResult, classname: string): JUnitCase {
  const c: JUnitCase = {
    name: `${r.step ?? r.eventType ?? '(no eventType)'} ${r.eventId ?? `#${r.index + 1}`}`,
    classname,
    timeSeconds: r.ms / 1000,
    systemOut: `POST ${redactUrl(r.url.href)} → ${r.status ?? 'no answer'}`,
  };
  if (r.error) {
    c.failure = { message: r.error.message, type: 'request-failed', text: `${r.error.message}${r.error.hint ? `\n  fix: ${r.error.hint}` : ''}` };
  } else if (!r.ok) {
    const body = r.bodySnippet ? `: ${r.bodySnippet}` : ' (empty body)';
    c.failure = {
      message: `HTTP ${r.status}${body}`,
      type: 'non-2xx',
      text: `the endpoint answered HTTP ${r.status}${body}\n  fix: ${resultFix(r) ?? NON_2XX_HINT}`,
    };
  }
  return c;
}

/** `label` names the suite of payloads that are not a deal plan (a replay). */
export function sendJunit(results: readonly SendResult[], plan: DealPlan | undefined, label: string, started: Date, ended: Date): JUnitReport {
  const suites: JUnitSuite[] = [];
  if (plan) {
    for (const deal of plan.deals) {
      const classname = junitClassname('send', deal.transactionId);
      const cases = results.filter((r) => r.deal === deal.index + 1).map((r) => resultCase(r, classname));
      suites.push({ name: `deal ${deal.transactionId} (order ${deal.orderId})`, timestamp: started, cases });
    }
  } else {
    suites.push({ name: label, timestamp: started, cases: results.map((r) => resultCase(r, junitClassname('send', 'replay'))) });
  }
  return { name: 'itscope-hooks send', timeSeconds: (ended.getTime() - started.getTime()) / 1000, suites };
}
