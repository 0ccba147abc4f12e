/**
 * Why and where JSON text fails to parse, in words that never quote the text: a config
 * file or a payload file may hold a secret, and V8's messages quote the text around the
 * error ("Unexpected token 's', "{"apiKey": sk-…" is not valid JSON"; issue 18). The
 * parser's reason is kept when it names only grammar; the place is a line and column.
 */

const WHITESPACE = ' \t\n\r';
const ESCAPES = '"\\/bfnrt';
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** The offset of the first syntax error in `text` (its length when the text ends too early). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  /** Thrown with the offset where the text stops being JSON. */
  class Stop {}
  const fail = (): never => {
    throw new Stop();
  };
  const skipWhitespace = (): void => {
    while (i < text.length && WHITESPACE.includes(text[i] as string)) i++;
  };
  const expect = (char: string): void => {
    if (text[i] !== char) fail();
    i++;
  };
  const readString = (): void => {
    expect('"');
    while (text[i] !== '"') {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail();
      if (text[i] !== '\\') i++;
      else if (text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else if (ESCAPES.includes(text[i + 1] ?? '\\u')) i += 2;
      else fail();
    }
    i++;
  };
  const readContainer = (close: '}' | ']'): void => {
    i++;
    skipWhitespace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      if (close === '}') {
        skipWhitespace();
        readString();
        skipWhitespace();
        expect(':');
      }
      readValue();
      skipWhitespace();
      if (text[i] === close) {
        i++;
        return;
      }
      expect(',');
    }
  };
  const readValue = (): void => {
    skipWhitespace();
    const c = text[i];
    if (c === '{') readContainer('}');
    else if (c === '[') readContainer(']');
    else if (c === '"') readString();
    else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (word) {
        i += word.length;
        return;
      }
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) fail();
      i = NUMBER.lastIndex;
    }
  };
  try {
    readValue();
    skipWhitespace();
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  return Math.min(i, text.length);
}

/** "line 3, column 5" of an offset. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
}

/** The parser's reason without any of the text: "expected ',' or '}' after property value". */
export function jsonErrorReason(error: unknown): string {
  const message = String((error as { message?: unknown })?.message ?? error).split('\n')[0] ?? '';
  if (/^Unexpected end of JSON/i.test(message)) return 'the text ends too early';
  if (/^Unexpected token/i.test(message) || /is not valid JSON$/.test(message)) return 'unexpected character';
  const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, '');
  return /["']/.test(reason.replace(/'[,:}\]{[]'/g, '')) ? 'unexpected character' : reason.charAt(0).toLowerCase() + reason.slice(1);
}

/** Where the parse failed: "line 2, column 29", never what is there. */
export function jsonErrorPlace(error: unknown, text: string): string {
  const given = /at position (\d+)/.exec(String((error as { message?: unknown })?.message ?? ''))?.[1];
  return lineAndColumn(text, given !== undefined ? Number(given) : jsonErrorOffset(text));
}
