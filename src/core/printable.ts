/**
 * Text from a webhook made safe to print on a terminal. Payload fields, headers and
 * bodies are chosen by whoever posts to the receiver: printed raw, an ESC sequence could
 * recolor or clear the screen, move the cursor or set the window title, \r or \b could
 * overwrite what was printed, and a bidi control (U+202E) could reorder what the reader
 * sees. Human output shows them as visible escapes (`\x1b`, `\r`, `\u202e`); --json
 * output is left exact.
 */

/** C0 controls, DEL, C1 controls, bidi marks/embeddings/overrides/isolates, line/paragraph separators. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
/** The same without \n and \t, for multi-line text such as a body. */
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const UNSAFE_IN_LINES_ALL = new RegExp(UNSAFE_IN_LINES.source, 'g');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

function escapeChar(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text: every control character shown as an escape. */
export function printable(text: string): string {
  // The test first: the common, clean case allocates nothing (listen prints under load).
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

/** Multi-line text (a body): as printable(), but newlines and tabs are kept. */
export function printableLines(text: string): string {
  return UNSAFE_IN_LINES.test(text) ? text.replace(UNSAFE_IN_LINES_ALL, escapeChar) : text;
}
