/** `itscope-hooks captures export DIR`: one JSON file per capture, each written atomically. */
import { join, resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { errnoCode, UserError } from '../core/errors.js';
import { plural } from '../core/format.js';
import { openStore } from './store.js';

export async function runExport(options: Record<string, unknown>, args: string[], ctx: CommandContext): Promise<void> {
  const target = args[0] ?? '';
  const [{ toRecord }, { exportName }, { makeDirs }, { writeFileAtomic }] = await Promise.all([
    import('../store/query.js'),
    import('./export-name.js'),
    import('../files/make-dirs.js'),
    import('../files/atomic-write.js'),
  ]);
  const reader = await openStore(options, ctx);
  const dir = resolve(ctx.cwd, target);
  const files: string[] = [];
  try {
    await makeDirs(dir, 0o700);
    for (const c of reader.all()) {
      const file = join(dir, exportName(c));
      // A crash or a full disk never leaves half a file; a planted link is never written through.
      await writeFileAtomic(file, `${JSON.stringify(toRecord(c), null, 2)}\n`, { mode: 0o600 });
      files.push(file);
    }
  } catch (error) {
    throw new UserError(`cannot write to ${dir} (${errnoCode(error) ?? String(error)})`, 'pick a folder you can write to');
  }
  if (ctx.out.json) ctx.out.jsonLine({ exported: files.length, dir, files });
  else ctx.out.info(`${plural(files.length, 'capture')} exported to ${dir}`);
}
