/**
 * Load mode's failures, grouped (issue 19): one line per distinct failure with how often it
 * happened, and its fix once, instead of the same line and fix for every request. Bounded:
 * at most MAX_KINDS kinds are told apart, the rest are counted together.
 */
import type { ChalkInstance } from 'chalk';
import { printable as p } from '../core/printable.js';
import { DEFAULT_WIDTH, wrap } from '../ui/fit.js';
import { answerText, fixLines, resultFix } from './render.js';
import type { SendResult } from './sender.js';

/** Kinds of failure told apart; further kinds are only counted. */
export const MAX_KINDS = 20;
/** Kinds listed after the run; the rest are summed up in one line. */
export const LISTED_KINDS = 10;

interface Kind {
  count: number;
  invalid: boolean;
  status: number | undefined;
  text: string;
  fix: string | undefined;
}

/** What makes two results the same failure: status, what went wrong, the fix. */
function kindOf(r: SendResult): Kind {
  const text = r.error
    ? r.error.message
    : !r.ok
      ? r.bodySnippet?.trim()
        ? answerText(r.bodySnippet)
        : '(empty answer)'
      : `accepted, but invalid: ${r.invalid?.problem ?? 'the receiver answered "valid": false'}`;
  return { count: 0, invalid: r.ok, status: r.error ? undefined : r.status, text, fix: resultFix(r) };
}

export class FailureGroups {
  private readonly kinds = new Map<string, Kind>();
  /** Failures of kinds beyond MAX_KINDS. */
  private others = 0;
  total = 0;

  /** A result that failed, or that a 2xx answer called invalid; others are ignored. */
  add(r: SendResult): void {
    if (r.ok && !r.invalid) return;
    this.total++;
    const kind = kindOf(r);
    const key = `${kind.invalid}\u0000${kind.status ?? '-'}\u0000${kind.text}\u0000${kind.fix ?? ''}`;
    const known = this.kinds.get(key);
    if (known) known.count++;
    else if (this.kinds.size < MAX_KINDS) this.kinds.set(key, { ...kind, count: 1 });
    else this.others++;
  }

  /** "✗ 250× 401  Basic Auth credentials required" per kind, most frequent first, each with its fix. */
  lines(c: ChalkInstance, width = DEFAULT_WIDTH): string[] {
    const kinds = [...this.kinds.values()].sort((a, b) => b.count - a.count);
    const lines: string[] = [];
    for (const kind of kinds.slice(0, LISTED_KINDS)) {
      const mark = kind.invalid ? c.yellow('!') : c.red('✗');
      const paint = kind.invalid ? c.yellow : c.red;
      const label = `${`${kind.count}×`.padStart(6)} ${kind.status ?? '---'}  `;
      const first = ' '.repeat(2 + label.length);
      const wrapped = wrap(p(kind.text), width, '      ', { first, maxLines: 3 });
      lines.push(...wrapped.map((line, i) => (i === 0 ? `${mark} ${label}${paint(line.slice(first.length))}` : `      ${paint(line.slice(6))}`)));
      if (kind.fix) lines.push(...fixLines(kind.fix, c, width));
    }
    const unlisted = kinds.slice(LISTED_KINDS).reduce((sum, k) => sum + k.count, 0) + this.others;
    if (unlisted > 0) lines.push(c.dim(`… and ${unlisted} more failure${unlisted === 1 ? '' : 's'} of other kinds (--json lists every request)`));
    return lines;
  }
}
