/**
 * `itscope-hooks captures list`: one line per capture, newest last, printed while the
 * journals are read (flat memory for a store of any size). Human output passes what a
 * sender chose through printable(); --json stays exact.
 */
import type { CommandContext } from '../cli/context.js';
import { eventType, parseSince, wholeNumber } from '../cli/values.js';
import { captureFields } from '../core/capture.js';
import { plural } from '../core/format.js';
import { printable as p } from '../core/printable.js';
import { storeDir, warnTorn } from './store.js';

/** Lines written at once. */
const LIST_BATCH = 512;

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * Local date and time as YYYY-MM-DD HH:MM:SS. Not with toLocaleString: the first use of
 * Intl loads ICU's locale data, ~10 ms of every `captures list` (issue 17).
 */
function localDateTime(when: string): string {
  const d = new Date(when);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export async function runList(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const [{ captureMatcher }, { streamCaptures }] = await Promise.all([import('../store/query.js'), import('../store/capture-reader.js')]);
  const type = typeof options.type === 'string' ? eventType(options.type) : undefined;
  const since = typeof options.since === 'string' ? parseSince(options.since) : undefined;
  const matches = captureMatcher({ type, since });
  // --limit N: the newest N matches. The store is still streamed; only N lines are kept.
  const limit = options.limit === undefined ? undefined : wholeNumber(options.limit, '--limit', 1, MAX_LIMIT, 'e.g. --limit 20 (the newest 20)');
  const dir = storeDir(options, ctx);
  const { out } = ctx;
  const k = out.color;
  let lines: string[] = [];
  const flush = (): void => {
    if (lines.length) out.line(lines.join('\n'));
    lines = [];
  };
  const newest = limit === undefined ? undefined : new NewestLines(limit);
  let matched = 0;
  const { torn, count } = await streamCaptures(dir, (c) => {
    if (!matches(c)) return;
    matched++;
    let line: string;
    if (out.json) {
      line = JSON.stringify({ ...captureFields(c), receivedAt: c.receivedAt, valid: c.valid, path: c.path, status: c.status, seq: c.seq });
    } else {
      const mark = c.valid ? k.green('✓') : k.red('✗');
      const when = localDateTime(c.receivedAt);
      const problem = c.errors[0] ? `  ${k.red(p(c.errors[0].message))}` : '';
      line = `${k.dim(when)} ${mark} ${k.bold(p(c.eventType ?? '?').padEnd(13))} ${p(c.transactionStatus ?? '-').padEnd(10)} order ${p(c.orderId ?? '-')}  doc ${p(c.documentId ?? '-')}  ${k.dim(p(c.eventId ?? `#${c.seq}`))}${problem}`;
    }
    if (newest) newest.add(line);
    else {
      lines.push(line);
      if (lines.length >= LIST_BATCH) flush();
    }
  });
  if (newest) lines = newest.lines();
  const shown = newest ? lines.length : matched;
  flush();
  warnTorn(torn, dir, ctx);
  if (!out.json) out.info(out.errColor.dim(listedLine(shown, matched, count, dir)));
}

/** The last line on stderr: how many were listed, of how many matches, of how many in all. */
function listedLine(shown: number, matched: number, count: number, dir: string): string {
  if (shown === 0) return `no captures${matched !== count ? ` (of ${count})` : ''} in ${dir}`;
  if (shown < matched) {
    const of = matched !== count ? `${matched} matching, ${count} in all` : `${count}`;
    return `the newest ${plural(shown, 'capture')} (of ${of}) in ${dir}; drop --limit for all`;
  }
  return `${plural(shown, 'capture')}${shown !== count ? ` (of ${count})` : ''} in ${dir}`;
}

/** Lines listed with --limit: at most this many (they are kept in memory until the end). */
const MAX_LIMIT = 1_000_000;

/** The last `size` lines added, oldest first: a ring, so memory stays at `size` lines. */
class NewestLines {
  private readonly ring: string[] = [];
  private next = 0;
  constructor(private readonly size: number) {}
  add(line: string): void {
    if (this.ring.length < this.size) this.ring.push(line);
    else this.ring[this.next] = line;
    this.next = (this.next + 1) % this.size;
  }
  lines(): string[] {
    return this.ring.length < this.size ? this.ring : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
