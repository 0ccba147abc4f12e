// The shell examples of a Markdown page, as commands: pure (no I/O), so the rules that turn
// a README into commands are tested on their own (test/support/doc-examples.test.ts) and
// test/docs/examples.test.ts only runs what comes out.
//
// A runnable block is a fenced block marked `sh`, `bash`, `shell` or `console`:
// - sh/bash/shell: every line is shell; a line ending in `\` goes on on the next one;
//   blank lines and lines that are only a comment are skipped.
// - console: a line starting with `$ ` is a command (its continuation lines may start with
//   `> `); every other line is the output it shows, not run.
// A block may be indented (inside a list item): its fence's indentation is removed.
//
// What a person reads as a note is a machine-readable marker too: a trailing comment
// `# exits N: why` says the command is meant to end with exit code N (default 0).

export type ShellLanguage = 'sh' | 'bash' | 'shell' | 'console';

export interface CodeBlock {
  lang: ShellLanguage;
  /** 1-based line of the first line inside the fence. */
  line: number;
  /** The block's lines, without the fence's indentation. */
  lines: string[];
  /** The fence's `title="…"`, if any. */
  title: string | undefined;
}

export interface ShellCommand {
  /** 1-based line in the Markdown file where the command starts. */
  line: number;
  /** The command as written, without prompt, trailing comment and trailing `&`; continuation lines joined by one space. */
  text: string;
  /** The trailing comment, without `#`. */
  comment: string | undefined;
  /** Ends with `&`: runs in the background of the reader's shell. */
  background: boolean;
  /** From a `# exits N: …` comment; 0 when the example does not say. */
  expectedExit: number;
}

const SHELL_LANGS = new Set<string>(['sh', 'bash', 'shell', 'console']);

/** The fenced blocks of a page whose language is a shell (or a console transcript). */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([\w-]*)(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '```', lang = '', rest = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? '';
      if (line.trim().startsWith(fence[0]!.repeat(fence.length)) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    if (SHELL_LANGS.has(lang)) {
      const title = /title="([^"]*)"/.exec(rest)?.[1];
      blocks.push({ lang: lang as ShellLanguage, line: i + 2, lines: body, title });
    }
    i = j;
  }
  return blocks;
}

/** Where a shell comment starts in a line (a `#` that begins a word, outside quotes), or -1. */
export function commentStart(line: string): number {
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') {
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /[\s;&|(]/.test(line[i - 1] ?? ''))) {
      return i;
    }
  }
  return -1;
}

/** `# exits N: …` (or `# exits N`) in a comment: the exit code the example means. */
export function expectedExitOf(comment: string | undefined): number {
  const m = /(?:^|\s)exits (\d+)\b/.exec(comment ?? '');
  return m ? Number(m[1]) : 0;
}

function toCommand(line: number, parts: string[]): ShellCommand | undefined {
  // Each part's comment ends that part (a continuation line may carry one of its own).
  let comment: string | undefined;
  const code: string[] = [];
  for (const part of parts) {
    const at = commentStart(part);
    if (at >= 0) {
      comment = [comment, part.slice(at + 1).trim()].filter(Boolean).join(' ');
      code.push(part.slice(0, at));
    } else code.push(part);
  }
  let text = code
    .map((p) => p.trim())
    .filter(Boolean)
    .join(' ');
  if (text === '') return undefined;
  let background = false;
  // A single trailing `&` (not `&&`) sends the command to the background.
  if (/(^|[^&])&$/.test(text)) {
    background = true;
    text = text.slice(0, -1).trimEnd();
  }
  return { line, text, comment, background, expectedExit: expectedExitOf(comment) };
}

/** The commands of one block, in order. */
export function blockCommands(block: CodeBlock): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const { lines } = block;
  for (let i = 0; i < lines.length; i++) {
    let first = lines[i] ?? '';
    if (block.lang === 'console') {
      if (!first.startsWith('$ ')) continue;
      first = first.slice(2);
    }
    const start = i;
    const parts = [first];
    // A line continues on the next when it ends in a backslash (before any comment).
    while (/\\\s*$/.test(parts[parts.length - 1] ?? '') && i + 1 < lines.length) {
      const last = parts.length - 1;
      parts[last] = (parts[last] ?? '').replace(/\\\s*$/, '');
      i++;
      const next = lines[i] ?? '';
      parts.push(block.lang === 'console' ? next.replace(/^> /, '') : next);
    }
    const command = toCommand(block.line + start, parts);
    if (command) commands.push(command);
  }
  return commands;
}

/** Splits shell text into words, as sh would before expansions (quotes removed, `$VAR` kept as written). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word = (word ?? '') + c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) word = (word ?? '') + (text[++i] ?? '');
      else word = (word ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      word = (word ?? '') + (text[++i] ?? '');
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in: ${text}`);
  if (word !== undefined) words.push(word);
  return words;
}

export interface Invocation {
  /** `NAME=value` words before the program (as written, quotes removed). */
  assignments: string[];
  program: string;
  args: string[];
  /** The command has more than one stage (`|`), a list (`&&`, `||`, `;`) or a redirection. */
  compound: boolean;
}

/** The first simple command of a line: its variable assignments, its program and arguments. */
export function invocation(text: string): Invocation {
  const words = shellWords(text);
  const assignments: string[] = [];
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) assignments.push(words.shift()!);
  const stageEnd = words.findIndex((w) => /^(\||\|\||&&|;|>|>>|<|2>|2>&1)$/.test(w) || /^[<>]/.test(w));
  const stage = stageEnd < 0 ? words : words.slice(0, stageEnd);
  return { assignments, program: stage[0] ?? '', args: stage.slice(1), compound: stageEnd >= 0 };
}

/** The stages of a command line: split at `|`, `||`, `&&` and `;` outside quotes. */
export function stagesOf(text: string): string[] {
  const stages: string[] = [];
  let quote: '"' | "'" | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\\') i++;
    else if (c === '|' || c === ';' || (c === '&' && text[i + 1] === '&')) {
      stages.push(text.slice(start, i).trim());
      if (text[i + 1] === c) i++;
      start = i + 1;
    }
  }
  stages.push(text.slice(start).trim());
  return stages.filter(Boolean);
}

/** The program of each stage (`a | itscope-hooks validate -` → a, itscope-hooks). */
export function programsOf(text: string): string[] {
  return stagesOf(text)
    .map((stage) => invocation(stage).program)
    .filter(Boolean);
}

// ---- How the examples test adapts a command to its sandbox (each rewrite named, nothing else changes) ----

/** Commands a reader types that start a server and run until stopped (unless a CI goal ends them). */
export type CommandKind =
  /** `export A=1 B=2`: changes the environment of the commands after it. */
  | 'export'
  /** `wait` or `wait $!`: waits for the last command sent to the background. */
  | 'wait'
  /** listen (without a CI goal), mock-api, inspect: run until stopped. */
  | 'server'
  /** listen with --expect, --expect-deals, --max-events or --timeout: ends by itself. */
  | 'ci-listen'
  /** Any other command with an `itscope-hooks` stage. */
  | 'one-shot'
  /** No `itscope-hooks` in it (npm, node, ls, …). */
  | 'other';

const CI_GOALS = ['--expect', '--expect-deals', '--max-events', '--timeout'];

/** The `itscope-hooks` arguments of a command's first itscope-hooks stage, or undefined. */
export function cliArgs(text: string): string[] | undefined {
  for (const stage of stagesOf(text)) {
    const inv = invocation(stage);
    if (inv.program === 'itscope-hooks') return inv.args;
  }
  return undefined;
}

/** Whether a flag (or its `--flag=value` form) is among the arguments. */
export function hasFlag(args: readonly string[], ...flags: string[]): boolean {
  return args.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));
}

/** The value of a flag (`--flag v` or `--flag=v`), or undefined. */
export function flagValue(args: readonly string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const f of flags) {
      if (a === f) return args[i + 1];
      if (a.startsWith(`${f}=`)) return a.slice(f.length + 1);
    }
  }
  return undefined;
}

export function kindOf(text: string): CommandKind {
  const first = invocation(text);
  if (first.program === 'export' && !first.compound) return 'export';
  if (first.program === 'wait' && !first.compound) return 'wait';
  const args = cliArgs(text);
  if (args === undefined) return 'other';
  const [command] = args;
  if (command === 'listen') return hasFlag(args, ...CI_GOALS) ? 'ci-listen' : 'server';
  if (command === 'mock-api' || command === 'inspect') return 'server';
  return 'one-shot';
}

/** A port number on this machine in a command: in a loopback URL, after a port flag, in PORT=. */
const PORT_PATTERNS = [
  /(?<=\/\/(?:[^/\s@]+@)?(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0):)(\d{1,5})(?!\d)/g,
  /(?<=(?:^|\s)(?:--port|-p|--ui-port)[ =])(\d{1,5})(?!\d)/g,
  /(?<=(?:^|\s)PORT=)(\d{1,5})(?!\d)/g,
];

/** Replaces each port on this machine by portFor(port) (port 0, "any free port", and a number that is no port stay). */
export function mapPorts(text: string, portFor: (port: number) => number): string {
  let out = text;
  for (const pattern of PORT_PATTERNS) out = out.replace(pattern, (p) => (Number(p) === 0 || Number(p) > 65535 ? p : String(portFor(Number(p)))));
  return out;
}

/** The ports a command names on this machine. */
export function portsIn(text: string): number[] {
  const ports = new Set<number>();
  mapPorts(text, (p) => {
    ports.add(p);
    return p;
  });
  return [...ports];
}

/**
 * `NAME=…` stands for "your own value" (an API key, a password): the assignment is dropped,
 * so the value the sandbox already has stays (an `export` left with nothing to set is empty).
 */
export function dropPlaceholders(text: string): string {
  return text
    .replace(/(^|\s)[A-Za-z_][A-Za-z0-9_]*=…(?=\s|$)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The leading `NAME=value` words of a command, as written (quotes included), and the rest. */
export function splitAssignments(text: string): { assignments: string; rest: string } {
  const m = /^((?:[A-Za-z_][A-Za-z0-9_]*=(?:"[^"]*"|'[^']*'|[^\s"']+)*\s+)*)([\s\S]*)$/.exec(text);
  return { assignments: m?.[1] ?? '', rest: m?.[2] ?? text };
}

/** `A="$x" itscope-hooks listen` → `A="$x" exec itscope-hooks listen`: the shell becomes the command, so a signal reaches it alone. */
export function execForm(text: string): string {
  const { assignments, rest } = splitAssignments(text);
  return `${assignments}exec ${rest}`;
}

/** The 1-based lines [first, last] of the section under a heading (`## Title`), up to the next heading of its level or above. */
export function sectionLines(markdown: string, heading: string): [number, number] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = /^#+/.exec(heading)?.[0].length ?? 0;
  let inFence = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = /^(#+) /.exec(line);
    if (!inFence && m && (m[1]?.length ?? 0) <= level) return [start + 1, i];
  }
  return [start + 1, lines.length];
}

/**
 * The output a console block shows under each of its commands, by the command's line (as
 * in ShellCommand.line). A sample may leave lines out (`…`): it is read as an excerpt.
 */
export function shownOutputs(block: CodeBlock): Map<number, string[]> {
  const shown = new Map<number, string[]>();
  if (block.lang !== 'console') return shown;
  let current: string[] | undefined;
  for (let i = 0; i < block.lines.length; i++) {
    if ((block.lines[i] ?? '').startsWith('$ ')) {
      current = [];
      shown.set(block.line + i, current);
      while (/\\\s*$/.test(block.lines[i] ?? '') && i + 1 < block.lines.length) i++;
    } else current?.push(block.lines[i] ?? '');
  }
  return shown;
}

const EVENT_LINE = /^\s*(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d /;

/** The marks a line of output starts with: a sample that shows ✓ where the command prints ✗ has drifted. */
const MARKS = new Set(['✓', '✗', '○', '→', 'warning:', 'fix:']);

/**
 * The words of output text that every run prints the same: marks and plain words. Ids,
 * numbers, times, paths and URLs differ from run to run and are left out, and so is a word
 * a sample cut short with `…`.
 */
export function stableWords(text: string): string[] {
  return text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split(/\s+/)
    .flatMap((token) => {
      if (MARKS.has(token)) return [token];
      if (token.includes('…')) return [];
      const word = token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      return /^\p{L}+(?:['’-]\p{L}+)*$/u.test(word) ? [word] : [];
    });
}

/**
 * The first word of a sample that the command's real output does not have in that order,
 * with the sample's line: undefined when the sample still reads as what the command prints.
 */
export function driftFrom(shown: readonly string[], output: string): { line: string; word: string } | undefined {
  const actual = stableWords(output);
  let at = 0;
  let inEvent = false;
  for (const line of shown) {
    // A line that starts with a time shows one webhook or capture, with its problems
    // indented under it: what the reader's store and traffic hold, not what the command
    // prints for everyone.
    if (EVENT_LINE.test(line) || (inEvent && /^\s/.test(line))) {
      inEvent = true;
      continue;
    }
    inEvent = false;
    for (const word of stableWords(line)) {
      const found = actual.indexOf(word, at);
      if (found < 0) return { line, word };
      at = found + 1;
    }
  }
  return undefined;
}
