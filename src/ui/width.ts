/**
 * Human lines that fit the terminal (issue 19: at 80 columns nothing wraps): the width to
 * fit, ids shortened, text cut or wrapped at word boundaries, paths shown relative to the
 * working directory. Renderers take the width as an argument; a command reads it from its
 * stream with terminalWidth(). Pure: no I/O.
 */
import { isAbsolute, relative, sep } from 'node:path';

/** The width when the output is no terminal (a pipe, a file, CI) and COLUMNS is not set. */
export const DEFAULT_WIDTH = 80;
/** Narrower than this, lines are laid out as for this width. */
export const MIN_WIDTH = 40;

const ANSI = /\u001b\[[0-9;]*m/g;

/** Columns a text takes on the terminal: color codes take none, each character one. */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of text.replace(ANSI, '')) n++;
  return n;
}

/**
 * The width to lay lines out for: the terminal's columns when the stream is one, else
 * `COLUMNS` when set (so a pipe into `less` or a test can ask for a width), else 80.
 */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = {}): number {
  const columns = stream.isTTY && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? Math.max(MIN_WIDTH, columns) : DEFAULT_WIDTH;
}

/** The first `keep` characters of an id and "…"; an id at most 4 characters longer stays whole (cutting it would save little). */
export function shortId(id: string, keep = 8): string {
  const chars = [...id];
  return chars.length <= keep + 4 ? id : `${chars.slice(0, keep).join('')}…`;
}

/** Plain text cut to `width` columns, ending in "…" when cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * Text as lines of at most `width` columns, broken between words (color codes take no
 * room); a longer word is cut into pieces.
 */
export function wrapWords(text: string, width: number): string[] {
  const size = Math.max(1, width);
  // A text that fits stays as it is (spaces included).
  if (visibleLength(text) <= size) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/).filter((w) => w !== '')) {
    const length = visibleLength(word);
    if (line !== '' && visibleLength(line) + 1 + length <= size) {
      line += ` ${word}`;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    if (length <= size) continue;
    const chars = [...word];
    for (let i = 0; i < chars.length; i += size) {
      const piece = chars.slice(i, i + size).join('');
      if (i + size < chars.length) lines.push(piece);
      else line = piece;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * `text` wrapped to `width`, every line after the first indented by `indent` spaces (and
 * made to fit with it); `first` is the width the first line may take.
 */
export function wrapIndented(text: string, width: number, indent: number, first = width): string[] {
  const [head = '', ...rest] = wrapWords(text, first);
  const restText = rest.join(' ');
  const more = restText === '' ? [] : wrapWords(restText, Math.max(1, width - indent)).map((l) => `${' '.repeat(indent)}${l}`);
  return [head, ...more];
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
    short = parts.map((part, i) => (i < parts.length - 1 && [...part].length > 16 ? shortId(part, keep) : part));
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
