import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type JUnitReport, junitClassname, junitSeconds, junitTimestamp, junitXml } from '../../src/core/junit.js';
import { escapeXmlAttr, escapeXmlText, xmlChars } from '../../src/core/xml-escape.js';

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});
const parse = (xml: string) => (parser.parse(xml) as Node).testsuites as Node & { testsuite?: Array<Node & { testcase?: Node[] }> };

const report: JUnitReport = {
  name: 'itscope-hooks validate',
  suites: [
    {
      name: 'payloads/orders.ndjson',
      timestamp: new Date('2025-03-14T09:30:00.123Z'),
      cases: [
        { name: 'line 1 (ORDER e1)', classname: 'validate.orders_ndjson', timeSeconds: 0.0014 },
        {
          name: 'line 2 (DELIVERY e2)',
          classname: 'validate.orders_ndjson',
          timeSeconds: 0.25,
          failure: {
            message: 'eventId is not a UUID',
            type: 'invalid-payload',
            text: '$.eventId: eventId is not a UUID\n  fix: ITscope sends a UUID per webhook',
          },
          file: 'payloads/orders.ndjson',
          line: 2,
        },
        { name: 'line 3', classname: 'validate.orders_ndjson', skipped: 'not JSON' },
      ],
    },
    { name: 'deal TX-1', cases: [{ name: 'lifecycle', classname: 'validate.deal', systemOut: 'ORDER e1\nINVOICE e4' }] },
    { name: 'empty', cases: [] },
  ],
};

describe('junitXml', () => {
  it('writes the counts and times every consumer needs', () => {
    const xml = junitXml(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const root = parse(xml);
    expect(root).toMatchObject({ name: 'itscope-hooks validate', tests: '4', failures: '1', errors: '0', skipped: '1', time: '0.251' });
    const [files, deal, empty] = root.testsuite ?? [];
    expect(files).toMatchObject({
      name: 'payloads/orders.ndjson',
      tests: '3',
      failures: '1',
      errors: '0',
      skipped: '1',
      time: '0.251',
      timestamp: '2025-03-14T09:30:00',
      id: '0',
    });
    expect(deal).toMatchObject({ name: 'deal TX-1', tests: '1', failures: '0', skipped: '0', time: '0.000', id: '1' });
    expect(deal).not.toHaveProperty('timestamp');
    expect(empty).toMatchObject({ name: 'empty', tests: '0', time: '0.000' });
    expect(files?.testcase?.map((c) => [c.name, c.classname, c.time])).toEqual([
      ['line 1 (ORDER e1)', 'validate.orders_ndjson', '0.001'],
      ['line 2 (DELIVERY e2)', 'validate.orders_ndjson', '0.250'],
      ['line 3', 'validate.orders_ndjson', '0.000'],
    ]);
  });

  it('puts the message into the failure text too (GitLab shows only the text)', () => {
    const failed = parse(junitXml(report)).testsuite?.[0]?.testcase?.[1];
    expect(failed).toMatchObject({ file: 'payloads/orders.ndjson', line: '2' });
    expect(failed?.failure).toEqual({
      message: 'eventId is not a UUID',
      type: 'invalid-payload',
      '#text': '$.eventId: eventId is not a UUID\n  fix: ITscope sends a UUID per webhook',
    });
    const other = junitXml({
      name: 'r',
      suites: [{ name: 's', cases: [{ name: 'c', classname: 'k', failure: { message: 'missing INVOICE', text: 'wait for it' } }] }],
    });
    expect(parse(other).testsuite?.[0]?.testcase?.[0]?.failure).toEqual({
      message: 'missing INVOICE',
      type: 'failure',
      '#text': 'missing INVOICE\nwait for it',
    });
  });

  it('writes skipped with reason as attribute and text, and system-out', () => {
    const root = parse(junitXml(report));
    expect(root.testsuite?.[0]?.testcase?.[2]?.skipped).toEqual({ message: 'not JSON', '#text': 'not JSON' });
    expect(root.testsuite?.[1]?.testcase?.[0]?.['system-out']).toBe('ORDER e1\nINVOICE e4');
  });

  it('escapes hostile names and texts so they read back unchanged', () => {
    const hostile = 'a]]>b <c> & "d" \'e\' \t tab\nnew line\r\nCRLF 😀 ünï';
    const xml = junitXml({
      name: hostile,
      suites: [
        { name: hostile, cases: [{ name: hostile, classname: hostile, failure: { message: hostile, type: hostile, text: hostile }, systemOut: hostile }] },
      ],
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain(']]>b');
    const root = parse(xml);
    const c = root.testsuite?.[0]?.testcase?.[0] as Node;
    // Names are trimmed (dorny/test-reporter trims them anyway); nothing else changes.
    expect(root.name).toBe(hostile);
    expect(c.name).toBe(hostile);
    expect(c.classname).toBe(hostile);
    expect(c.failure).toEqual({ message: hostile, type: hostile, '#text': hostile });
    expect(c['system-out']).toBe(hostile);
  });

  it('drops characters XML 1.0 cannot carry (control characters, lone surrogates)', () => {
    const dirty = 'x\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF\uD800y\uDC00z😀';
    const xml = junitXml({ name: dirty, suites: [{ name: dirty, cases: [{ name: dirty, classname: 'k', failure: { message: dirty, text: dirty } }] }] });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    const c = parse(xml).testsuite?.[0]?.testcase?.[0] as Node;
    expect(c.name).toBe('xyz😀');
    expect((c.failure as Node)['#text']).toBe('xyz😀');
  });

  it('keeps case names unique per classname (GitLab keeps only the first of equal ones)', () => {
    const xml = junitXml({
      name: 'r',
      suites: [
        {
          name: 'a',
          cases: [
            { name: 'ORDER', classname: 'listen' },
            { name: 'ORDER', classname: 'listen' },
            { name: 'ORDER', classname: 'other' },
          ],
        },
        { name: 'b', cases: [{ name: 'ORDER', classname: 'listen' }] },
      ],
    });
    const names = parse(xml).testsuite?.flatMap((s) => s.testcase?.map((c) => `${String(c.classname)}/${String(c.name)}`) ?? []);
    expect(names).toEqual(['listen/ORDER', 'listen/ORDER (2)', 'other/ORDER', 'listen/ORDER (3)']);
  });

  it('fills in names that are empty', () => {
    const root = parse(junitXml({ name: ' ', suites: [{ name: '', cases: [{ name: '\u0000', classname: '' }] }] }));
    expect(root.name).toBe('itscope-hooks');
    expect(root.testsuite?.[0]).toMatchObject({ name: '(unnamed)', testcase: [{ name: '(unnamed)', classname: 'itscope-hooks' }] });
  });

  it('an empty report is still a valid testsuites document', () => {
    const xml = junitXml({ name: 'listen', suites: [] });
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="listen" tests="0" failures="0" errors="0" skipped="0" time="0.000"/>\n');
  });

  it('formats times as plain seconds and timestamps in UTC without zone', () => {
    expect([junitSeconds(undefined), junitSeconds(-1), junitSeconds(Number.NaN), junitSeconds(1234.5678), junitSeconds(1e-7)]).toEqual([
      '0.000',
      '0.000',
      '0.000',
      '1234.568',
      '0.000',
    ]);
    expect(junitTimestamp('2025-03-14T10:30:00+01:00')).toBe('2025-03-14T09:30:00');
    expect(junitTimestamp('not a date')).toBeUndefined();
    expect(junitTimestamp(new Date(Date.UTC(-1, 0, 1)))).toBeUndefined();
  });

  it('builds classnames whose dots are ours (Jenkins splits at the last dot)', () => {
    expect(junitClassname('validate', 'payloads/orders.ndjson')).toBe('validate.payloads/orders_ndjson');
    expect(junitClassname('listen', 'deal', 'T.1')).toBe('listen.deal.T_1');
  });
});

describe('xml-escape', () => {
  it('escapes text and attributes', () => {
    expect(escapeXmlText('a & b < c > d ]]> "q" \'s\' \r\n\t')).toBe('a &amp; b &lt; c &gt; d ]]&gt; "q" \'s\' &#13;\n\t');
    expect(escapeXmlAttr('a & b < c > d "q" \'s\' \r\n\t')).toBe('a &amp; b &lt; c &gt; d &quot;q&quot; &apos;s&apos; &#13;&#10;&#9;');
    expect(xmlChars('ok\u0000\uDFFF😀')).toBe('ok😀');
  });
});
