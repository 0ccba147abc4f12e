import { describe, expect, it } from 'vitest';
import { colorLevel, isInteractive } from '../../src/ui/colors.js';

const tty = { isTTY: true, getColorDepth: () => 8 };
const pipe = { isTTY: false };

describe('colorLevel', () => {
  it.each([
    ['a TTY', tty, {}, 2],
    ['a pipe', pipe, {}, 0],
    ['NO_COLOR on a TTY', tty, { NO_COLOR: '1' }, 0],
    ['empty NO_COLOR is ignored', tty, { NO_COLOR: '' }, 2],
    ['TERM=dumb', tty, { TERM: 'dumb' }, 0],
    ['FORCE_COLOR on a pipe', pipe, { FORCE_COLOR: '1' }, 1],
    ['FORCE_COLOR=3 on a pipe', pipe, { FORCE_COLOR: '3' }, 3],
    ['FORCE_COLOR beats NO_COLOR', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, 1],
    ['FORCE_COLOR=0 on a TTY', tty, { FORCE_COLOR: '0' }, 0],
  ] as const)('%s', (_name, stream, env, level) => {
    expect(colorLevel(stream, env)).toBe(level);
  });
});

describe('isInteractive', () => {
  it.each([
    [tty, {}, true],
    [tty, { CI: 'true' }, false],
    [pipe, {}, false],
    [tty, { TERM: 'dumb' }, false],
  ] as const)('%j %j → %s', (stream, env, expected) => {
    expect(isInteractive(stream, env)).toBe(expected);
  });
});
