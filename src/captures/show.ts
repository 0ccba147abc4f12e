/** `itscope-hooks captures show ID`: one capture by eventId, documentId or orderId: request, headers, problems and the pretty-printed body. */
import type { CommandContext } from '../cli/context.js';
import { captureBody } from '../core/capture.js';
import { UserError } from '../core/errors.js';
import { plural } from '../core/format.js';
import { printable as p, printableLines } from '../core/printable.js';
import { openStore } from './store.js';

export async function runShow(options: Record<string, unknown>, args: string[], ctx: CommandContext): Promise<void> {
  const id = args[0] ?? '';
  const { findCaptures, toRecord } = await import('../store/query.js');
  // Only the captures this id can match are kept: memory does not grow with the store.
  const reader = await openStore(options, ctx, (c) => c.eventId === id || c.documentId === id || c.orderId === id);
  const found = findCaptures(reader, id);
  if (found.length === 0) {
    throw new UserError(
      `no capture with eventId, documentId or orderId "${id}" in ${reader.dir} (${reader.count} searched)`,
      'list what is there with `itscope-hooks captures list`',
    );
  }
  const { out } = ctx;
  for (const c of found) {
    if (out.json) {
      out.jsonLine({ seq: c.seq, ...toRecord(c) });
      continue;
    }
    const k = out.color;
    out.line(k.bold(`${p(c.eventType ?? 'capture')} ${p(c.eventId ?? `#${c.seq}`)}`));
    out.line(`  received  ${p(c.receivedAt)} from ${p(c.remoteAddress)}`);
    out.line(`  request   ${p(c.method)} ${p(c.path)}${c.query ? `?${p(c.query)}` : ''} → answered ${c.status}`);
    if (c.valid) out.line(`  payload   ${k.green('✓ valid')}${c.warnings.length ? k.yellow(` (${plural(c.warnings.length, 'warning')})`) : ''}`);
    else out.line(`  payload   ${k.red(`✗ ${plural(c.errors.length, 'problem')}`)}`);
    for (const problem of [...c.errors, ...c.warnings]) out.line(`    ${p(problem.path)}: ${p(problem.message)}\n      ${k.dim(p(problem.hint))}`);
    out.line(k.dim('  headers'));
    for (const [name, value] of Object.entries(c.headers)) out.line(`    ${p(name)}: ${p(Array.isArray(value) ? value.join(', ') : value)}`);
    out.line(k.dim(`  body${c.bodyEncoding === 'base64' ? ' (not UTF-8; shown as base64)' : ''}`));
    let body = c.body;
    if (c.bodyEncoding === 'utf8') {
      try {
        body = JSON.stringify(JSON.parse(captureBody(c).toString('utf8')), null, 2);
      } catch {
        // Not JSON: show it as received.
      }
    }
    // Newlines and tabs stay; other control characters show as escapes. --json has the exact body.
    out.line(printableLines(body));
    out.line();
  }
}
