/**
 * Pretty-prints JSON text for the body view, token by token from the original text (a
 * number or string escape reads exactly as the sender wrote it), one line per member or
 * element, each line tagged with its JSON path in the notation of the validation problems
 * (`$.timestamp`, `$.items[0]`, `$["odd key"]`), so each problem is shown at its field.
 * Pure: no DOM, unit-tested in Node.
 */

export type TokenKind = 'key' | 'string' | 'number' | 'literal' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
}

export interface PrettyLine {
  depth: number;
  tokens: Token[];
  /** The path of the member or element this line starts (or closes). */
  path: string;
}

const LEXER = /\s*(?:("(?:[^"\\\u0000-\u001f]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\]:,]))/y;

function lex(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  LEXER.lastIndex = 0;
  let end = 0;
  for (;;) {
    const m = LEXER.exec(text);
    if (!m) break;
    end = LEXER.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'string', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'literal', text: m[3] });
    else tokens.push({ kind: 'punct', text: m[4] ?? '' });
  }
  return text.slice(end).trim() === '' ? tokens : undefined;
}

/** A member's path, as core/payload-rules' jsonPath writes it. */
export function memberPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** The lines of `text`, or undefined when it is not JSON (or nests too deeply to show). */
export function prettyJson(text: string): PrettyLine[] | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  const tokens = lex(text);
  if (!tokens) return undefined;
  const lines: PrettyLine[] = [];
  let pos = 0;
  const punct = (text: string): Token => ({ kind: 'punct', text });

  function value(path: string, lead: Token[], depth: number): void {
    const tok = tokens![pos++];
    if (!tok) return;
    const close = tok.text === '{' ? '}' : tok.text === '[' ? ']' : undefined;
    if (tok.kind !== 'punct' || close === undefined) {
      lines.push({ depth, tokens: [...lead, tok], path });
      return;
    }
    if (tokens![pos]?.text === close) {
      pos++;
      lines.push({ depth, tokens: [...lead, punct(tok.text + close)], path });
      return;
    }
    lines.push({ depth, tokens: [...lead, tok], path });
    for (let index = 0; pos < tokens!.length; index++) {
      if (close === '}') {
        const key = tokens![pos++]!;
        pos++; // the colon
        value(memberPath(path, JSON.parse(key.text) as string), [{ kind: 'key', text: key.text }, punct(': ')], depth + 1);
      } else {
        value(`${path}[${index}]`, [], depth + 1);
      }
      const next = tokens![pos++];
      if (next?.text === ',') lines.at(-1)!.tokens.push(punct(','));
      else break;
    }
    lines.push({ depth, tokens: [punct(close)], path });
  }

  try {
    value('$', [], 0);
  } catch {
    return undefined; // nested too deeply for the stack: the raw view still shows it
  }
  return lines;
}

/**
 * Where each problem goes: on the first line of its path, or `unplaced` when no line has
 * it (a missing field, or `$` for the payload as a whole).
 */
export function placeProblems<P extends { path: string }>(lines: readonly PrettyLine[], problems: readonly P[]): { at: Map<number, P[]>; unplaced: P[] } {
  const first = new Map<string, number>();
  lines.forEach((line, i) => {
    if (!first.has(line.path)) first.set(line.path, i);
  });
  const at = new Map<number, P[]>();
  const unplaced: P[] = [];
  for (const problem of problems) {
    const line = problem.path === '$' ? undefined : first.get(problem.path);
    if (line === undefined) unplaced.push(problem);
    else at.set(line, [...(at.get(line) ?? []), problem]);
  }
  return { at, unplaced };
}
