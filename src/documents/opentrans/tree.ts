/**
 * XML text → a plain tree, and small readers over it. Parsed with fast-xml-parser (never
 * regular expressions on XML), loaded on first use so commands that never summarize do
 * not pay for it. Namespace prefixes are dropped, so `bme:NAME`, `bmecat:NAME`, `NAME` and
 * `<NAME xmlns="http://www.bmecat.org/bmecat/2005">` all read as NAME. Every element is an
 * array (one and many read the same); CDATA is merged into the text; the five XML entities,
 * numeric character references and internal DOCTYPE entities are decoded.
 */
import type { XMLParser } from 'fast-xml-parser';
import { OpenTransError } from './model.js';

/** An element: `'@_name'` attributes, `'#text'`, and one array per child element name. */
export type XmlNode = Readonly<Record<string, unknown>>;

/** An element whose whole text was an escaped CDATA section (`&lt;![CDATA[…]]&gt;`). */
export interface UnwrappedCdata {
  element: string;
  empty: boolean;
}

export interface ParsedXml {
  rootName: string;
  root: XmlNode;
  unwrapped: UnwrappedCdata[];
}

type Validate = (xml: string) => true | { err: { msg: string; line: number; col: number } };
let loaded: { parser: XMLParser; validate: Validate } | undefined;

async function load(): Promise<{ parser: XMLParser; validate: Validate }> {
  if (!loaded) {
    const fxp = await import('fast-xml-parser');
    const parser = new fxp.XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      textNodeName: '#text',
      processEntities: true,
      // Numeric character references (&#228; &#x20AC;) are XML; fast-xml-parser decodes them with this flag.
      htmlEntities: true,
      isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
    });
    loaded = { parser, validate: (xml) => fxp.XMLValidator.validate(xml) as ReturnType<Validate> };
  }
  return loaded;
}

const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

/** A text that is literally `<![CDATA[…]]>` (the sender escaped the markup): its content. */
function escapedCdata(value: string): string | undefined {
  const v = value.trim();
  if (!v.startsWith(CDATA_OPEN) || !v.endsWith(CDATA_CLOSE) || v.length < CDATA_OPEN.length + CDATA_CLOSE.length) return undefined;
  return v.slice(CDATA_OPEN.length, v.length - CDATA_CLOSE.length).trim();
}

/** Replaces escaped-CDATA texts by their content, in place, and lists where it did. */
function unwrapEscapedCdata(node: Record<string, unknown>, found: UnwrappedCdata[]): void {
  for (const [name, value] of Object.entries(node)) {
    if (name.startsWith('@_') || name === '#text' || !Array.isArray(value)) continue;
    value.forEach((entry: unknown, i: number) => {
      if (typeof entry === 'string') {
        const inner = escapedCdata(entry);
        if (inner !== undefined) {
          value[i] = inner;
          found.push({ element: name, empty: inner === '' });
        }
      } else if (entry !== null && typeof entry === 'object') {
        const obj = entry as Record<string, unknown>;
        const inner = typeof obj['#text'] === 'string' ? escapedCdata(obj['#text']) : undefined;
        if (inner !== undefined) {
          obj['#text'] = inner;
          found.push({ element: name, empty: inner === '' });
        }
        unwrapEscapedCdata(obj, found);
      }
    });
  }
}

/** Parses a whole document; not well-formed XML is an OpenTransError with line and column. */
export async function parseXml(xml: string): Promise<ParsedXml> {
  const { parser, validate } = await load();
  if (xml.trim() === '') throw new OpenTransError('the document is empty');
  const verdict = validate(xml);
  if (verdict !== true) {
    throw new OpenTransError(`not well-formed XML: ${verdict.err.msg} (line ${verdict.err.line}, column ${verdict.err.col})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new OpenTransError(`not readable XML: ${(error as Error).message}`);
  }
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('!') && !k.startsWith('#'));
  if (!rootName) throw new OpenTransError('the document has no root element');
  const unwrapped: UnwrappedCdata[] = [];
  unwrapEscapedCdata(doc, unwrapped);
  return { rootName, root: asNode(first(doc[rootName])) ?? {}, unwrapped };
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function asNode(value: unknown): XmlNode | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return value as XmlNode;
  return { '#text': String(value) };
}

/** Every child element called `name`, leaf texts wrapped as `{ '#text': … }`. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map(asNode).filter((n): n is XmlNode => n !== undefined);
}

/** The first element along a path of child names. */
export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) {
    current = children(current, name)[0];
    if (!current) return undefined;
  }
  return current;
}

/** The first child among alternative names (openTRANS 2.x name first, then 1.0's). */
export function childOf(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  for (const name of names) {
    const found = child(node, name);
    if (found) return found;
  }
  return undefined;
}

/** An element's own text, trimmed by the parser; empty is undefined. */
export function ownText(node: XmlNode | undefined): string | undefined {
  const value = node?.['#text'];
  if (value === undefined || value === null) return undefined;
  const s = String(value);
  return s === '' ? undefined : s;
}

/** The text of the first element along a path (the node's own text for an empty path). */
export function text(node: XmlNode | undefined, ...path: string[]): string | undefined {
  return ownText(path.length ? child(node, ...path) : node);
}

/** The text at the first of several paths that has one (each path a `/`-separated string). */
export function textOf(node: XmlNode | undefined, ...paths: string[]): string | undefined {
  for (const path of paths) {
    const found = text(node, ...path.split('/'));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The texts of every last-step element below the first element of the earlier steps. */
export function texts(node: XmlNode | undefined, ...path: string[]): string[] {
  const last = path[path.length - 1];
  if (last === undefined) return [];
  const parent = path.length > 1 ? child(node, ...path.slice(0, -1)) : node;
  return children(parent, last)
    .map(ownText)
    .filter((t): t is string => t !== undefined);
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

/** Child element names, attributes and text left out. */
export function childNames(node: XmlNode | undefined): string[] {
  return Object.keys(node ?? {}).filter((k) => !k.startsWith('@_') && k !== '#text');
}
