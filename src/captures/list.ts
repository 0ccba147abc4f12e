/**
 * `itscope-hooks captures list`: one line per capture, newest last, printed while the
 * journals are read (flat memory for a store of any size). Human output passes what a
 * sender chose through printable(); --json stays exact.
 */
import type { CommandContext } from '../cli/context.js';
import { eventType, parseSince } from '../cli/values.js';
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
  const dir = storeDir(options, ctx);
  const { out } = ctx;
  const k = out.color;
  let lines: string[] = [];
  const flush = (): void => {
    if (lines.length) out.line(lines.join('\n'));
    lines = [];
  };
  let shown = 0;
  const { torn, count } = await streamCaptures(dir, (c) => {
    if (!matches(c)) return;
    shown++;
    if (out.json) {
      lines.push(JSON.stringify({ ...captureFields(c), receivedAt: c.receivedAt, valid: c.valid, path: c.path, status: c.status, seq: c.seq }));
    } else {
      const mark = c.valid ? k.green('✓') : k.red('✗');
      const when = localDateTime(c.receivedAt);
      const problem = c.errors[0] ? `  ${k.red(p(c.errors[0].message))}` : '';
      lines.push(
        `${k.dim(when)} ${mark} ${k.bold(p(c.eventType ?? '?').padEnd(13))} ${p(c.transactionStatus ?? '-').padEnd(10)} order ${p(c.orderId ?? '-')}  doc ${p(c.documentId ?? '-')}  ${k.dim(p(c.eventId ?? `#${c.seq}`))}${problem}`,
      );
    }
    if (lines.length >= LIST_BATCH) flush();
  });
  flush();
  warnTorn(torn, dir, ctx);
  if (!out.json) {
    const filtered = shown !== count ? ` (of ${count})` : '';
    out.info(out.errColor.dim(shown ? `${plural(shown, 'capture')}${filtered} in ${dir}` : `no captures${filtered} in ${dir}`));
  }
}
