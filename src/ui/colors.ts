/**
 * When to color. Colors only on a TTY, never for NO_COLOR or TERM=dumb, and FORCE_COLOR
 * wins over both (FORCE_COLOR=0 forces them off), as Node itself decides.
 */
export type ColorLevel = 0 | 1 | 2 | 3;

export interface ColorStream {
  isTTY?: boolean;
  getColorDepth?: () => number;
}

export function colorLevel(stream: ColorStream, env: NodeJS.ProcessEnv): ColorLevel {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.TERM === 'dumb') return 0;
  if (!stream.isTTY) return 0;
  const depth = stream.getColorDepth?.() ?? 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

/** Spinners and prompts only for a person at an interactive terminal, never in CI. */
export function isInteractive(stream: ColorStream, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
}

/** Text in an SGR color on stderr when stderr takes colors (the error reporter; no chalk needed). */
export function paintStderr(code: string, text: string, env: NodeJS.ProcessEnv = process.env): string {
  return colorLevel(process.stderr, env) > 0 ? `\u001b[${code}m${text}\u001b[0m` : text;
}
