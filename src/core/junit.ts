/**
 * JUnit XML for CI: `validate --junit FILE` and listen's CI modes. The dialect is the
 * common subset the usual consumers read, checked against their parsers (see
 * docs/lifecycle.md, "JUnit reports"):
 * - dorny/test-reporter (java-junit) needs `name` and `time` on every testsuite and
 *   testcase (it calls `.trim()` and `parseFloat` on them) and reads `failure@message`
 *   plus the failure text;
 * - mikepenz/action-junit-report reads `failure@message` (else the text), and
 *   `testcase@file`/`@line` for annotations;
 * - GitLab shows `testcase@classname` as the suite, `testcase@name`, `time` in seconds,
 *   and only the *content* of `<failure>` and `<skipped>` (not their attributes); it keeps
 *   only the first of several cases with the same classname and name;
 * - Jenkins parses `time` with Float.parseFloat after removing commas, keeps `timestamp`
 *   as text, splits `classname` at its last dot into package and class, and ignores a
 *   testsuite without testcases.
 * Hence: every count and time is written, times are plain decimals in seconds, timestamps
 * are `YYYY-MM-DDTHH:mm:ss` in UTC (the Ant schema's pattern), a failure's text always
 * starts with its message, and repeated case names get a " (2)", " (3)" suffix.
 * Pure: the caller writes the file (atomically: temp file, then rename).
 */
import { escapeXmlAttr, escapeXmlText, xmlChars } from './xml-escape.js';

export interface JUnitFailure {
  /** One line: what failed. */
  message: string;
  /** A short category, e.g. a problem code such as "order-id-changed". Default "failure". */
  type?: string | undefined;
  /** The details: every problem with its fix hint. */
  text: string;
}

export interface JUnitCase {
  name: string;
  classname: string;
  timeSeconds?: number | undefined;
  failure?: JUnitFailure | undefined;
  /** Why the case did not run; ignored when `failure` is set. */
  skipped?: string | undefined;
  systemOut?: string | undefined;
  /** The file the case is about (annotations in GitHub Actions reporters). */
  file?: string | undefined;
  line?: number | undefined;
}

export interface JUnitSuite {
  name: string;
  /** When the suite ran; written in UTC without zone. */
  timestamp?: Date | string | undefined;
  /** Default: the sum of the cases' times. */
  timeSeconds?: number | undefined;
  cases: readonly JUnitCase[];
}

export interface JUnitReport {
  name: string;
  /** Default: the sum of the suites' times. */
  timeSeconds?: number | undefined;
  suites: readonly JUnitSuite[];
}

/** Seconds as a plain decimal with millisecond precision: "0.000", "12.345". */
export function junitSeconds(seconds: number | undefined): string {
  // toFixed switches to exponent notation from 1e21, which is not an xs:decimal; no run lasts 30 years.
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 1e9).toFixed(3) : '0.000';
}

/** `YYYY-MM-DDTHH:mm:ss` in UTC, or undefined for a value that is not a date. */
export function junitTimestamp(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return undefined;
  const iso = date.toISOString();
  return /^\d{4}-/.test(iso) ? iso.slice(0, 19) : undefined;
}

/**
 * A classname from parts, joined with dots. Dots inside a part become "_", so that
 * Jenkins (which splits classname at its last dot into package and class) groups by our
 * parts and not by a file extension: ("validate", "orders.ndjson") → "validate.orders_ndjson".
 */
export function junitClassname(...parts: string[]): string {
  return parts.map((p) => p.replace(/\./g, '_')).join('.');
}

function attr(name: string, value: string | number): string {
  return ` ${name}="${escapeXmlAttr(String(value))}"`;
}

function nonEmpty(text: string, fallback: string): string {
  const clean = xmlChars(text).trim();
  return clean === '' ? fallback : clean;
}

function caseTime(c: JUnitCase): number {
  return c.timeSeconds !== undefined && Number.isFinite(c.timeSeconds) && c.timeSeconds > 0 ? c.timeSeconds : 0;
}

function suiteTime(s: JUnitSuite): number {
  if (s.timeSeconds !== undefined && Number.isFinite(s.timeSeconds) && s.timeSeconds > 0) return s.timeSeconds;
  return s.cases.reduce((sum, c) => sum + caseTime(c), 0);
}

interface Counts {
  tests: number;
  failures: number;
  skipped: number;
}

function countsOf(cases: readonly JUnitCase[]): Counts {
  let failures = 0;
  let skipped = 0;
  for (const c of cases) {
    if (c.failure) failures++;
    else if (c.skipped !== undefined) skipped++;
  }
  return { tests: cases.length, failures, skipped };
}

function countAttrs(counts: Counts): string {
  return `${attr('tests', counts.tests)}${attr('failures', counts.failures)}${attr('errors', 0)}${attr('skipped', counts.skipped)}`;
}

function failureXml(failure: JUnitFailure, indent: string): string {
  const message = nonEmpty(failure.message, 'failed');
  // GitLab shows only the element's text: make sure the message is part of it.
  const text = failure.text.includes(failure.message) ? failure.text : `${failure.message}\n${failure.text}`;
  return `${indent}<failure${attr('message', message)}${attr('type', nonEmpty(failure.type ?? '', 'failure'))}>${escapeXmlText(text)}</failure>`;
}

function caseXml(c: JUnitCase, name: string, indent: string): string {
  let attrs = `${attr('name', name)}${attr('classname', nonEmpty(c.classname, 'itscope-hooks'))}${attr('time', junitSeconds(c.timeSeconds))}`;
  if (c.file !== undefined && c.file !== '') attrs += attr('file', c.file);
  if (c.line !== undefined && Number.isInteger(c.line) && c.line > 0) attrs += attr('line', c.line);
  const children: string[] = [];
  const inner = `${indent}  `;
  if (c.failure) children.push(failureXml(c.failure, inner));
  else if (c.skipped !== undefined) children.push(`${inner}<skipped${attr('message', c.skipped)}>${escapeXmlText(c.skipped)}</skipped>`);
  if (c.systemOut !== undefined && c.systemOut !== '') children.push(`${inner}<system-out>${escapeXmlText(c.systemOut)}</system-out>`);
  if (children.length === 0) return `${indent}<testcase${attrs}/>`;
  return `${indent}<testcase${attrs}>\n${children.join('\n')}\n${indent}</testcase>`;
}

/** The report as a JUnit XML document (UTF-8, ending in a newline). */
export function junitXml(report: JUnitReport): string {
  const seen = new Map<string, number>();
  const uniqueName = (c: JUnitCase): string => {
    const name = nonEmpty(c.name, '(unnamed)');
    const key = `${nonEmpty(c.classname, 'itscope-hooks')}\u0000${name}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? name : `${name} (${n})`;
  };
  const suites: string[] = [];
  const total: Counts = { tests: 0, failures: 0, skipped: 0 };
  let totalTime = 0;
  report.suites.forEach((suite, index) => {
    const counts = countsOf(suite.cases);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.skipped += counts.skipped;
    const time = suiteTime(suite);
    totalTime += time;
    const stamp = junitTimestamp(suite.timestamp);
    const head = `  <testsuite${attr('name', nonEmpty(suite.name, '(unnamed)'))}${countAttrs(counts)}${attr('time', junitSeconds(time))}${stamp ? attr('timestamp', stamp) : ''}${attr('id', index)}`;
    if (suite.cases.length === 0) {
      suites.push(`${head}/>`);
      return;
    }
    const cases = suite.cases.map((c) => caseXml(c, uniqueName(c), '    '));
    suites.push(`${head}>\n${cases.join('\n')}\n  </testsuite>`);
  });
  const time = report.timeSeconds !== undefined && Number.isFinite(report.timeSeconds) && report.timeSeconds > 0 ? report.timeSeconds : totalTime;
  const root = `<testsuites${attr('name', nonEmpty(report.name, 'itscope-hooks'))}${countAttrs(total)}${attr('time', junitSeconds(time))}`;
  const body = suites.length === 0 ? `${root}/>` : `${root}>\n${suites.join('\n')}\n</testsuites>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}
