import type { CommandContext } from '../context.js';
import { UserError } from '../core/errors.js';

export async function run(_options: Record<string, unknown>, _args: string[], _ctx: CommandContext): Promise<void> {
  throw new UserError('`itscope-hooks captures` is not built yet in this version', 'see README.md for the commands that work today');
}
