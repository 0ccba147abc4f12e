// Reads a JUnit report back with a real XML parser, as CI report consumers do.
import { readFile } from 'node:fs/promises';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface JUnitCaseRead {
  name: string;
  classname: string;
  time: string;
  file?: string;
  line?: string;
  failure?: { message: string; type: string; text: string };
  skipped?: { message: string; text: string };
  systemOut?: string;
}

export interface JUnitSuiteRead {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: string;
  timestamp?: string;
  cases: JUnitCaseRead[];
}

export interface JUnitRead {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: string;
  suites: JUnitSuiteRead[];
}

type Node = Record<string, any>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  alwaysCreateTextNode: true,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

function text(node: Node | undefined): string {
  return node === undefined ? '' : String(node['#text'] ?? '');
}

export function parseJunit(xml: string): JUnitRead {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid)}`);
  const root = (parser.parse(xml) as Node).testsuites as Node;
  const count = (n: Node, key: string) => Number(n[key]);
  return {
    name: root.name,
    tests: count(root, 'tests'),
    failures: count(root, 'failures'),
    errors: count(root, 'errors'),
    skipped: count(root, 'skipped'),
    time: root.time,
    suites: ((root.testsuite ?? []) as Node[]).map((s) => ({
      name: s.name,
      tests: count(s, 'tests'),
      failures: count(s, 'failures'),
      errors: count(s, 'errors'),
      skipped: count(s, 'skipped'),
      time: s.time,
      timestamp: s.timestamp,
      cases: ((s.testcase ?? []) as Node[]).map((c) => {
        const out: JUnitCaseRead = { name: c.name, classname: c.classname, time: c.time };
        if (c.file !== undefined) out.file = c.file;
        if (c.line !== undefined) out.line = c.line;
        if (c.failure) out.failure = { message: c.failure.message, type: c.failure.type, text: text(c.failure) };
        if (c.skipped) out.skipped = { message: c.skipped.message, text: text(c.skipped) };
        if (c['system-out']) out.systemOut = text(c['system-out']);
        return out;
      }),
    })),
  };
}

export async function readJunit(path: string): Promise<JUnitRead> {
  return parseJunit(await readFile(path, 'utf8'));
}
