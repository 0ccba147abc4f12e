/**
 * `itscope-hooks doctor [--offline]`: Node, config files, listen port, capture store,
 * webhook URLs, API credentials and proxy settings, each ✓/✗ with a fix.
 * Exit 1 when a check fails; exit 2 when the configuration itself cannot be read.
 */

import type { Dispatcher } from 'undici';
import type { CommandContext } from '../cli/context.js';
import { configPaths, resolveConfig } from '../config/files.js';
import { apiBaseNotice, type ResolvedConfig } from '../core/config.js';
import { CheckFailed, UserError } from '../core/errors.js';
import { printable } from '../core/printable.js';
import { userAgent } from '../http/user-agent.js';
import { CHECK_LABELS, type Check, captureStoreCheck, configFilesCheck, nodeCheck, portCheck, webhookUrlsCheck } from './checks.js';
import { apiCheck, proxyCheck } from './network-checks.js';

/** The API request, through the dispatcher every outgoing request uses (proxy settings honored). */
async function runApiCheck(config: ResolvedConfig, offline: boolean, ctx: CommandContext): Promise<Check> {
  let dispatcher: Dispatcher | undefined;
  try {
    // undici loads only when a request is made.
    if (!offline) dispatcher = (await import('../http/dispatcher.js')).createDispatcher({ env: ctx.env });
  } catch (error) {
    return {
      name: 'api',
      ok: false,
      detail: `cannot set up outgoing connections: ${(error as Error).message}`,
      fix: 'fix the proxy variables (see the Proxy check)',
    };
  }
  const spinner = offline ? undefined : await ctx.out.spinner('asking the ITscope API whether it accepts the credentials');
  try {
    return await apiCheck({
      apiBase: config.apiBase.value,
      accountId: config.accountId.value,
      apiKey: config.apiKey.value,
      offline,
      dispatcher,
      userAgent: userAgent(),
    });
  } finally {
    spinner?.stop();
    await dispatcher?.close();
  }
}

export async function run(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const checks: Check[] = [nodeCheck(process.versions.node)];
  const files = configPaths(ctx.cwd, ctx.env);
  checks.push(configFilesCheck(files));

  let config: ResolvedConfig | undefined;
  let configError: UserError | undefined;
  try {
    config = resolveConfig({ cwd: ctx.cwd, env: ctx.env });
    // doctor sends the API credentials too: where they go is announced as fetch-doc does.
    for (const warning of [...config.warnings, apiBaseNotice(config.apiBase)]) if (warning) ctx.out.warn(printable(warning));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    configError = error;
    // A bad value in the environment (e.g. PORT) is not a file problem: report it too.
    const at = checks.findIndex((c) => c.name === 'config' && c.ok);
    if (at !== -1) checks[at] = { name: 'config', ok: false, detail: error.message, ...(error.hint ? { fix: error.hint } : {}) };
  }

  if (config) {
    const { openCaptureReader } = await import('../store/capture-reader.js');
    checks.push(await portCheck(config.port.value));
    // Counted, not kept: the check's memory does not grow with the store.
    checks.push(await captureStoreCheck(config.captures.value, (dir) => openCaptureReader(dir, { keep: () => false })));
    checks.push(webhookUrlsCheck(config));
    checks.push(await runApiCheck(config, Boolean(options.offline), ctx));
  }
  checks.push(proxyCheck(ctx.env));

  const failed = checks.filter((c) => !c.ok);
  const { out } = ctx;
  if (out.json) {
    out.jsonLine({ ok: failed.length === 0 && !configError, checks });
  } else {
    const width = Math.max(...checks.map((c) => (CHECK_LABELS[c.name] ?? c.name).length));
    for (const check of checks) {
      const mark = check.ok ? out.color.green('✓') : out.color.red('✗');
      // A detail may quote a server's answer or a config value: printable() keeps the terminal intact.
      out.line(`${mark} ${(CHECK_LABELS[check.name] ?? check.name).padEnd(width)}  ${printable(check.detail)}`);
      if (check.fix) out.line(`  ${' '.repeat(width)}  ${out.color.dim(`fix: ${printable(check.fix)}`)}`);
    }
    if (configError) out.line(out.color.dim('  (port, capture store, webhook URLs and API checks need a readable configuration)'));
  }
  if (configError) throw configError;
  if (failed.length > 0) throw new CheckFailed(`${failed.length} of ${checks.length} checks failed`);
  if (!out.json) out.line(out.color.green(`all ${checks.length} checks passed`));
}
