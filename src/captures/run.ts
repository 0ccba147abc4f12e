/**
 * `itscope-hooks captures list|show|export`. Reads the store with
 * the capture reader, which never blocks or disturbs a running `listen`.
 * Human output passes what a sender chose through printable(); --json stays exact.
 */
import type { CommandContext } from '../cli/context.js';
import { captureBody } from '../core/capture.js';
import { resolveConfig } from '../config/resolve.js';
import { errnoCode, UserError } from '../core/errors.js';
import type { CaptureReader, StoredCapture } from '../store/capture-reader.js';
import { printable as p, printableLines } from '../core/printable.js';

/** Lines `captures list` writes at once. */
const LIST_BATCH = 512;

function storeDir(options: Record<string, unknown>, ctx: CommandContext): string {
  const captures = typeof options.captures === 'string' ? options.captures : undefined;
  return resolveConfig({ cwd: ctx.cwd, env: ctx.env, flags: { captures } }).captures.value;
}

function warnTorn(torn: number, dir: string, ctx: CommandContext): void {
  if (torn > 0) ctx.out.warn(`${torn} damaged record${torn === 1 ? '' : 's'} in ${dir} skipped (torn by a crash or edited)`);
}

async function openStore(options: Record<string, unknown>, ctx: CommandContext, keep?: (capture: StoredCapture) => boolean): Promise<CaptureReader> {
  const dir = storeDir(options, ctx);
  const { openCaptureReader } = await import('../store/capture-reader.js');
  const reader = await openCaptureReader(dir, keep ? { keep } : {});
  warnTorn(reader.torn, dir, ctx);
  return reader;
}

export async function runList(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const [{ captureMatcher, parseSince, parseType }, { streamCaptures }] = await Promise.all([import('../store/query.js'), import('../store/capture-reader.js')]);
  const type = typeof options.type === 'string' ? parseType(options.type) : undefined;
  const since = typeof options.since === 'string' ? parseSince(options.since) : undefined;
  const matches = captureMatcher({ type, since });
  const dir = storeDir(options, ctx);
  const { out } = ctx;
  const k = out.color;
  // Printed as the journals are read, in batches of lines: nothing is kept, so a store of
  // any size lists in flat memory.
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
      lines.push(
        JSON.stringify({
          eventId: c.eventId ?? null,
          eventType: c.eventType ?? null,
          transactionStatus: c.transactionStatus ?? null,
          orderId: c.orderId ?? null,
          documentId: c.documentId ?? null,
          transactionId: c.transactionId ?? null,
          receivedAt: c.receivedAt,
          valid: c.valid,
          path: c.path,
          status: c.status,
          seq: c.seq,
        }),
      );
    } else {
      const mark = c.valid ? k.green('✓') : k.red('✗');
      const when = new Date(c.receivedAt).toLocaleString('sv-SE').slice(0, 19);
      const problem = c.errors[0] ? `  ${k.red(p(c.errors[0].message))}` : '';
      lines.push(`${k.dim(when)} ${mark} ${k.bold(p(c.eventType ?? '?').padEnd(13))} ${p(c.transactionStatus ?? '-').padEnd(10)} order ${p(c.orderId ?? '-')}  doc ${p(c.documentId ?? '-')}  ${k.dim(p(c.eventId ?? `#${c.seq}`))}${problem}`);
    }
    if (lines.length >= LIST_BATCH) flush();
  });
  flush();
  warnTorn(torn, dir, ctx);
  if (!out.json) {
    const filtered = shown !== count ? ` (of ${count})` : '';
    out.info(out.errColor.dim(shown ? `${shown} capture${shown === 1 ? '' : 's'}${filtered} in ${dir}` : `no captures${filtered} in ${dir}`));
  }
}

export async function runShow(options: Record<string, unknown>, args: string[], ctx: CommandContext): Promise<void> {
  const id = args[0] ?? '';
  const { findCaptures, toRecord } = await import('../store/query.js');
  // Only the captures this id can match are kept: memory does not grow with the store.
  const reader = await openStore(options, ctx, (c) => c.eventId === id || c.documentId === id || c.orderId === id);
  const found = findCaptures(reader, id);
  if (found.length === 0) {
    throw new UserError(`no capture with eventId, documentId or orderId "${id}" in ${reader.dir} (${reader.count} searched)`, 'list what is there with `itscope-hooks captures list`');
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
    if (c.valid) out.line(`  payload   ${k.green('✓ valid')}${c.warnings.length ? k.yellow(` (${c.warnings.length} warning${c.warnings.length === 1 ? '' : 's'})`) : ''}`);
    else out.line(`  payload   ${k.red(`✗ ${c.errors.length} problem${c.errors.length === 1 ? '' : 's'}`)}`);
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

export async function runExport(options: Record<string, unknown>, args: string[], ctx: CommandContext): Promise<void> {
  const target = args[0] ?? '';
  const [{ rename, rm, writeFile }, { resolve, join }, { exportName, toRecord }, { makeDirs }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('../store/query.js'),
    import('../files/make-dirs.js'),
  ]);
  const reader = await openStore(options, ctx);
  const dir = resolve(ctx.cwd, target);
  const files: string[] = [];
  try {
    await makeDirs(dir, 0o700);
    for (const c of reader.all()) {
      const file = join(dir, exportName(c));
      // Written next to its name, then renamed: a crash or a full disk never leaves half a file.
      const part = `${file}.${process.pid}.part`;
      try {
        await writeFile(part, `${JSON.stringify(toRecord(c), null, 2)}\n`, { mode: 0o600 });
        await rename(part, file);
      } catch (error) {
        await rm(part, { force: true }).catch(() => undefined);
        throw error;
      }
      files.push(file);
    }
  } catch (error) {
    throw new UserError(`cannot write to ${dir} (${errnoCode(error) ?? String(error)})`, 'pick a folder you can write to');
  }
  if (ctx.out.json) ctx.out.jsonLine({ exported: files.length, dir, files });
  else ctx.out.info(`${files.length} capture${files.length === 1 ? '' : 's'} exported to ${dir}`);
}
