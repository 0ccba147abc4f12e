/**
 * `itscope-hooks inspect`: serves the web inspector over an existing capture folder
 * without receiving anything, following its journals live (a `listen` may be writing
 * them), until Ctrl-C or SIGTERM. `--json` prints a ready line with the inspector's URL.
 */
import { existsSync } from 'node:fs';
import { bindError } from '../cli/bind-error.js';
import type { CommandContext } from '../cli/context.js';
import { uiAddress } from '../cli/ui-address.js';
import { text } from '../cli/values.js';
import { plural } from '../core/format.js';

export async function run(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const [{ startInspector }, { resolveConfig }, { resolveApiSettings }, lines] = await Promise.all([
    import('../inspector/server.js'),
    import('../config/files.js'),
    import('../documents/settings.js'),
    import('../ui/inspector-lines.js'),
  ]);
  const { out } = ctx;
  const { host, port } = uiAddress(options);
  const captures = resolveConfig({ cwd: ctx.cwd, env: ctx.env, flags: { captures: text(options.captures) } }).captures.value;

  let inspector: Awaited<ReturnType<typeof startInspector>>;
  try {
    inspector = await startInspector({
      captures,
      host,
      port,
      mode: 'inspect',
      apiSettings: () => resolveApiSettings({ cwd: ctx.cwd, env: ctx.env, flags: options }),
      env: ctx.env,
      onActivity: (a) => out.info(lines.activityLine(a, out.errColor)),
    });
  } catch (error) {
    throw bindError(error, { host, port, flag: '--ui-port', hostFlag: '--ui-host' }) ?? error;
  }
  // Listen for the signals before announcing readiness: a script may stop us right after the ready line.
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

  if (inspector.exposed) out.warn(out.errColor.bold(lines.exposedWarning(host)));
  if (out.json) {
    out.jsonLine({ type: 'ready', ui: inspector.url, port: inspector.port, captures, count: inspector.count });
  } else {
    out.line(`Inspector on ${out.color.bold(inspector.url)}`);
    const what = existsSync(captures)
      ? `${plural(inspector.count, 'capture')}${inspector.torn ? `, ${inspector.torn} damaged skipped` : ''}`
      : 'does not exist yet; `itscope-hooks listen` creates it';
    out.line(`  Captures: ${captures} (${what}), followed live`);
    out.line('  New webhooks appear as a running `itscope-hooks listen` stores them into this folder.');
    out.line('');
    out.line('  Stop with Ctrl-C.');
  }
  if (options.open === true) {
    const why = await (await import('./open-browser.js')).openBrowser(inspector.url, ctx.env);
    if (why) out.info(`not opening a browser: ${why}; open ${inspector.url} yourself`);
  }
  const signal = await stopped;
  await inspector.close();
  if (!out.json) out.info(`inspector stopped (${signal})`);
}
