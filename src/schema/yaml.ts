/**
 * JSON data as YAML text, for `itscope-hooks schema --yaml`.
 *
 * A small emitter of our own rather than a YAML library: the input is only JSON data
 * (objects, arrays, strings, finite numbers, booleans, null), so block style plus JSON's
 * double-quoted strings cover it in ~80 lines, and the CLI gains no runtime dependency.
 * The output reads the same under YAML 1.2 and YAML 1.1 parsers (PyYAML, SnakeYAML): a
 * string is written plain only when no parser could take it for anything else (a number,
 * a boolean such as `no` or `on`, null, a date, an indicator); every other string is
 * double-quoted. test/schema/yaml.test.ts parses the output back under both versions.
 */

const PLAIN = /^[A-Za-z_$/][A-Za-z0-9_$/.()+ -]*$/;
/** Words that YAML 1.1 or 1.2 resolves to a boolean or null when plain. */
const RESERVED = /^(?:y|n|yes|no|true|false|on|off|null)$/i;
/** Characters YAML does not allow raw (not c-printable) or reads as line breaks in 1.1. */
const NOT_PRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

function isPlain(text: string): boolean {
  return PLAIN.test(text) && !text.endsWith(' ') && !text.includes('  ') && !RESERVED.test(text);
}

/** A double-quoted YAML scalar: JSON's escapes are all YAML escapes too. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(NOT_PRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function stringScalar(text: string): string {
  return isPlain(text) ? text : quoted(text);
}

/** A number as YAML 1.1 and 1.2 both read it: YAML 1.1 needs a dot and a signed exponent in floats. */
function numberScalar(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`YAML output takes JSON data only, not ${value}`);
  const text = JSON.stringify(value);
  const m = /^(-?\d+)(\.\d+)?(?:e([+-]?)(\d+))?$/.exec(text);
  if (!m || m[4] === undefined) return text;
  return `${m[1]}${m[2] ?? '.0'}e${m[3] || '+'}${m[4]}`;
}

function scalar(value: unknown): string | undefined {
  // undefined in an array is null in JSON too.
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return stringScalar(value);
  if (typeof value === 'number') return numberScalar(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  if (typeof value === 'object') return entries(value).length === 0 ? '{}' : undefined;
  throw new TypeError(`YAML output takes JSON data only, not ${typeof value}`);
}

/** An object's entries, without undefined values (as JSON.stringify leaves them out). */
function entries(value: object): Array<[string, unknown]> {
  return Object.entries(value).filter(([, item]) => item !== undefined);
}

/** The lines of a non-empty collection, each prefixed with `indent`. */
function block(value: object, indent: string): string[] {
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const plain = scalar(item);
      if (plain !== undefined) {
        lines.push(`${indent}- ${plain}`);
      } else {
        // The first line of a nested collection goes after the dash ("- key: value").
        const [first = '', ...rest] = block(item as object, `${indent}  `);
        lines.push(`${indent}- ${first.slice(indent.length + 2)}`, ...rest);
      }
    }
    return lines;
  }
  for (const [key, item] of entries(value)) {
    const plain = scalar(item);
    if (plain !== undefined) lines.push(`${indent}${stringScalar(key)}: ${plain}`);
    else lines.push(`${indent}${stringScalar(key)}:`, ...block(item as object, `${indent}  `));
  }
  return lines;
}

/** `value` (JSON data) as a YAML document, ending in a newline. */
export function toYaml(value: unknown): string {
  const plain = scalar(value);
  return `${plain ?? block(value as object, '').join('\n')}\n`;
}
