/**
 * How commands write to the terminal: stdout carries data (human lines or JSON lines),
 * stderr carries diagnostics, so `--json | jq` always works. Colors follow the stream
 * (ui/colors.ts); spinners appear only for a person at an interactive terminal. (The
 * entry point's error reporter writes its two lines itself, with ui/colors.ts' painter,
 * so that an error never has to load chalk.) chalk is loaded only when a stream takes
 * colors (`openOutput`): output for a pipe, a file or CI is plain text without it.
 */
import type { Chalk, ChalkInstance } from 'chalk';
import { type ColorLevel, colorLevel, isInteractive } from './colors.js';

export interface Spinner {
  text(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

export interface Output {
  readonly json: boolean;
  /** Colors for stdout lines. */
  readonly color: ChalkInstance;
  /** Colors for stderr lines (stderr may be a TTY when stdout is piped, or not). */
  readonly errColor: ChalkInstance;
  /** True when a person is at the terminal: spinners and prompts allowed. */
  readonly interactive: boolean;
  /** A data line on stdout. */
  line(text?: string): void;
  /** A JSON value as one line on stdout. */
  jsonLine(value: unknown): void;
  /**
   * Text on stdout as it is (no newline added); resolves once stdout can take more, so
   * output too large to build in memory can be written piece by piece.
   */
  write(text: string | Buffer): Promise<void>;
  /** A diagnostic line on stderr. */
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  /** A progress spinner on stderr; does nothing unless interactive and not --json. */
  spinner(text: string): Promise<Spinner>;
}

export interface OutputOptions {
  json?: boolean;
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean; getColorDepth?: () => number };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean; getColorDepth?: () => number };
  /** chalk's Chalk class, needed only when a stream takes colors (openOutput loads it then). */
  chalk?: typeof Chalk;
}

const noSpinner: Spinner = { text() {}, succeed() {}, fail() {}, stop() {} };

/** What chalk does at level 0, without chalk: every style, chained or not, returns the text. */
const PLAIN = ((): ChalkInstance => {
  const paint = (...texts: unknown[]): string => (texts.length === 1 ? String(texts[0]) : texts.join(' '));
  const plain: ChalkInstance = new Proxy(paint, { get: (_, key) => (key === 'level' ? 0 : plain) }) as unknown as ChalkInstance;
  return plain;
})();

function painter(level: ColorLevel, chalk: typeof Chalk | undefined): ChalkInstance {
  if (level === 0) return PLAIN;
  if (!chalk) throw new Error('createOutput: this stream takes colors, so pass `chalk` (openOutput loads it)');
  return new chalk({ level });
}

/** createOutput, with chalk loaded only when stdout or stderr takes colors. */
export async function openOutput(options: OutputOptions = {}): Promise<Output> {
  const env = options.env ?? process.env;
  const colors = colorLevel(options.stdout ?? process.stdout, env) > 0 || colorLevel(options.stderr ?? process.stderr, env) > 0;
  return createOutput(colors && !options.chalk ? { ...options, chalk: (await import('chalk')).Chalk } : options);
}

export function createOutput(options: OutputOptions = {}): Output {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const json = options.json ?? false;
  const color = painter(colorLevel(stdout, env), options.chalk);
  const errColor = painter(colorLevel(stderr, env), options.chalk);
  const interactive = isInteractive(stderr, env);
  return {
    json,
    color,
    errColor,
    interactive,
    line(text = '') {
      stdout.write(`${text}\n`);
    },
    jsonLine(value) {
      stdout.write(`${JSON.stringify(value)}\n`);
    },
    write(text) {
      if (stdout.write(text)) return Promise.resolve();
      // Once stdout takes more, or is gone (a closed pipe): never wait for good.
      return new Promise<void>((resolve) => {
        const done = (): void => {
          stdout.off('drain', done);
          stdout.off('close', done);
          stdout.off('error', done);
          resolve();
        };
        stdout.once('drain', done);
        stdout.once('close', done);
        stdout.once('error', done);
      });
    },
    info(text) {
      stderr.write(`${text}\n`);
    },
    warn(text) {
      stderr.write(`${errColor.yellow('warning:')} ${text}\n`);
    },
    error(text) {
      stderr.write(`${errColor.red('error:')} ${text}\n`);
    },
    async spinner(text) {
      // A terminal that reports no width (some `script` or CI pseudo-terminals) would make
      // ora redraw forever.
      const columns = (stderr as { columns?: number }).columns ?? 0;
      if (json || !interactive || columns <= 0) return noSpinner;
      const { default: ora } = await import('ora');
      const spin = ora({ text, stream: stderr, color: 'cyan' }).start();
      return {
        text(next) {
          spin.text = next;
        },
        succeed(final) {
          spin.succeed(final);
        },
        fail(final) {
          spin.fail(final);
        },
        stop() {
          spin.stop();
        },
      };
    },
  };
}
