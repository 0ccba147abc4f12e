/** The capture folder the captures commands read, and the warning for damaged records. */
import type { CommandContext } from '../cli/context.js';
import { resolveConfig } from '../config/files.js';
import { plural } from '../core/format.js';
import type { CaptureReader, StoredCapture } from '../store/capture-reader.js';

export function storeDir(options: Record<string, unknown>, ctx: CommandContext): string {
  const captures = typeof options.captures === 'string' ? options.captures : undefined;
  return resolveConfig({ cwd: ctx.cwd, env: ctx.env, flags: { captures } }).captures.value;
}

export function warnTorn(torn: number, dir: string, ctx: CommandContext): void {
  if (torn > 0) ctx.out.warn(`${plural(torn, 'damaged record')} in ${dir} skipped (torn by a crash or edited)`);
}

/** The store opened for lookups; `keep` chooses the captures held in memory (default all). */
export async function openStore(options: Record<string, unknown>, ctx: CommandContext, keep?: (capture: StoredCapture) => boolean): Promise<CaptureReader> {
  const dir = storeDir(options, ctx);
  const { openCaptureReader } = await import('../store/capture-reader.js');
  const reader = await openCaptureReader(dir, keep ? { keep } : {});
  warnTorn(reader.torn, dir, ctx);
  return reader;
}
