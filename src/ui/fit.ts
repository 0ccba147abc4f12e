import { isAbsolute, relative, sep } from 'node:path';

/**
 * Lines that fit a terminal (issue 19): at 80 columns nothing a command prints should wrap.
 * The width is the terminal's when the stream is one, else 80 (a pipe, a file, CI). Helpers
 * to shorten an id (`e2a6a466…592b49`), cut a line with `…` (colors kept intact) and wrap a
 * sentence under an indent. Pure: the caller passes the stream or the width. Widths are
 * counted in terminal columns: color escapes take none, East Asian wide characters and
 * emoji two, combining marks none.
 */

/** Where there is no terminal to ask. */
export const DEFAULT_WIDTH = 80;
/** Narrower terminals still get lines of this width: cutting to less helps nobody. */
export const MIN_WIDTH = 40;

/**
 * The columns to fit lines into for this stream: its terminal's width, else `COLUMNS` when
 * set (so a pipe into `less` or a test can ask for a width), else DEFAULT_WIDTH.
 */
export function usableWidth(stream?: { isTTY?: boolean; columns?: number } | undefined, env: NodeJS.ProcessEnv = {}): number {
  const columns = stream?.isTTY && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : Number(env.COLUMNS);
  if (!Number.isFinite(columns) || columns <= 0) return DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, Math.floor(columns));
}

/**
 * A long id as its head and tail, for human output (`e2a6a466…592b49`; with `tail` 0 just
 * `e2a6a466…`, where a line has little room); short ids stay whole.
 */
export function shortId(id: string, head = 8, tail = 6): string {
  const chars = Array.from(id);
  if (chars.length <= head + tail + 1) return id;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** SGR color sequences as chalk writes them. */
const SGR = /\u001b\[[0-9;]*m/y;
const RESET = '\u001b[0m';

/** Columns one code point takes. */
function columnsOf(code: number): number {
  if (code < 0x300) return 1;
  // Combining marks, zero-width space/joiners, variation selectors.
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** The columns a text takes on a terminal (color escapes take none). */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; ) {
    if (text.charCodeAt(i) === 0x1b) {
      SGR.lastIndex = i;
      const m = SGR.exec(text);
      if (m) {
        i += m[0].length;
        continue;
      }
    }
    const code = text.codePointAt(i) ?? 0;
    width += columnsOf(code);
    i += code > 0xffff ? 2 : 1;
  }
  return width;
}

/** The longest start of a plain text that takes at most `columns` columns. */
function head(text: string, columns: number): string {
  let used = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i) ?? 0;
    const w = columnsOf(code);
    if (used + w > columns) break;
    used += w;
    i += code > 0xffff ? 2 : 1;
  }
  return text.slice(0, i);
}

/**
 * The text cut to at most `width` columns, ending in `…` when something was cut. Color
 * escapes are kept and never split; a cut inside a colored part ends with a reset.
 */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let room = width - 1;
  let colored = false;
  for (let i = 0; i < text.length; ) {
    if (text.charCodeAt(i) === 0x1b) {
      SGR.lastIndex = i;
      const m = SGR.exec(text);
      if (m) {
        out += m[0];
        colored = true;
        i += m[0].length;
        continue;
      }
    }
    const code = text.codePointAt(i) ?? 0;
    const w = columnsOf(code);
    if (w > room) break;
    out += String.fromCodePoint(code);
    room -= w;
    i += code > 0xffff ? 2 : 1;
  }
  return `${out}…${colored ? RESET : ''}`;
}

/**
 * Text as lines of at most `width` columns, broken between words (color escapes take no
 * room); a word longer than a line is cut into pieces. A text that fits stays as it is.
 */
export function wrapWords(text: string, width: number): string[] {
  const size = Math.max(1, width);
  if (displayWidth(text) <= size) return [text];
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/ +/).filter((w) => w !== '')) {
    if (line !== '' && displayWidth(line) + 1 + displayWidth(word) <= size) {
      line += ` ${word}`;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    while (displayWidth(word) > size) {
      const piece = head(word, size) || Array.from(word)[0] || '';
      lines.push(piece);
      word = word.slice(piece.length);
    }
    line = word;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * `text` wrapped to `width`, every line after the first indented by `indent` spaces (and
 * made to fit with it); `first` is the width the first line may take.
 */
export function wrapIndented(text: string, width: number, indent: number, first = width): string[] {
  const [firstLine = '', ...rest] = wrapWords(text, first);
  const restText = rest.join(' ');
  const more = restText === '' ? [] : wrapWords(restText, Math.max(1, width - indent)).map((l) => `${' '.repeat(indent)}${l}`);
  return [firstLine, ...more];
}

/**
 * Text word-wrapped into lines of at most `width` columns, each starting with `indent` (the
 * first with `first` when given); whitespace runs count as one space. At most `maxLines`
 * lines; the last one then ends in `…`.
 */
export function wrap(text: string, width: number, indent = '', options: { first?: string; maxLines?: number } = {}): string[] {
  const first = options.first ?? indent;
  const words = text
    .split(/\s+/)
    .filter((w) => w !== '')
    .join(' ');
  const body = wrapIndented(words, width - displayWidth(indent), 0, width - displayWidth(first));
  const lines = body.map((line, i) => `${i === 0 ? first : indent}${line}`);
  const max = options.maxLines;
  if (max === undefined || lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const last = kept[max - 1] ?? '';
  kept[max - 1] = displayWidth(last) + 1 <= width ? `${last}…` : truncate(`${last}…`, width);
  return kept;
}

/** A path as the user reaches it from `cwd`: relative when inside it, else as given. */
export function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel) ? path : rel;
}

/**
 * A document path made to fit `width`: whole when it fits, else with the long ids among its
 * folder names (a transactionId) shortened to 8 characters, then to 4, else cut at the
 * front ("…/x/y.xml").
 */
export function fitPath(path: string, width: number): string {
  if ([...path].length <= width) return path;
  const parts = path.split(sep);
  let short = parts;
  for (const keep of [8, 4]) {
    short = parts.map((part, i) => (i < parts.length - 1 && [...part].length > 16 ? shortId(part, keep, 0) : part));
    if ([...short.join(sep)].length <= width) return short.join(sep);
  }
  // The front folders go first: "…/<transactionId>/ORDER.xml" still says which document it is.
  for (let from = 1; from < short.length; from++) {
    const tail = `…${sep}${short.slice(from).join(sep)}`;
    if ([...tail].length <= width || from === short.length - 1) return tail;
  }
  return short.join(sep);
}

/** A warning as lines within `width`: the first follows "warning: " (9 columns), the rest are indented by 2. */
export function warningLines(text: string, width: number): string[] {
  return wrapIndented(text, width, 2, width - 9);
}
