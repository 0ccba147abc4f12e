/**
 * `itscope-hooks listen`: runs the local receiver: flags → settings, store + receiver,
 * receiver events → renderer, then wait for a signal or the CI-mode goal, drain, flush
 * and print the summary.
 */

import { bindError } from '../cli/bind-error.js';
import type { CommandContext } from '../cli/context.js';
import { CheckFailed } from '../core/errors.js';
import { printable } from '../core/printable.js';
import type { ReceiverEvent } from '../receiver/events.js';
import type { StoredCapture } from '../store/capture-reader.js';

/**
 * Called with each newly stored capture once it was answered. `--fetch-docs` plugs in
 * here (it receives the settings' options and returns the hook).
 */
export type StoredHook = (capture: StoredCapture) => void | Promise<void>;

export async function run(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const [{ listenSettings, bannerLines }, { CaptureStore }, { startReceiver }, render, { createTally, count, createGoal }] = await Promise.all([
    import('./options.js'),
    import('../store/capture-store.js'),
    import('../receiver/server.js'),
    import('./render.js'),
    import('./tally.js'),
  ]);
  const { out } = ctx;
  const s = listenSettings(options, ctx.cwd, ctx.env);
  for (const warning of s.warnings) out.warn(printable(warning));
  // First, so that an unreadable --tls-cert/--tls-key or --forward-ca is reported before anything is opened.
  const tls = s.tlsCert !== undefined && s.tlsKey !== undefined ? (await import('../receiver/tls-files.js')).loadTlsFiles(s.tlsCert, s.tlsKey) : undefined;
  if (s.forwardInsecure)
    out.warn(
      out.errColor.bold(
        '--forward-insecure: the TLS certificate of --forward-to is NOT verified; anyone in between can read and change the forwarded webhooks',
      ),
    );
  const forwarder = s.forwardTo
    ? await (await import('../receiver/forwarder.js')).createForwarder({
        url: s.forwardTo,
        timeoutMs: s.forwardTimeoutMs,
        env: ctx.env,
        caFile: s.forwardCa,
        insecure: s.forwardInsecure,
      })
    : undefined;
  let onStored: StoredHook | undefined;
  const fetchDocs = options.fetchDocs ? (await import('./fetch-docs.js')).startFetchDocs(options, s.captures, ctx) : undefined;
  if (fetchDocs) onStored = fetchDocs.onStored;

  const store = await CaptureStore.open(s.captures).catch(async (error: unknown) => {
    await fetchDocs?.close();
    await forwarder?.close();
    throw error;
  });
  if (store.torn > 0) out.warn(`${store.torn} damaged record${store.torn === 1 ? '' : 's'} in ${s.captures} skipped (torn by a crash or edited)`);

  const tally = createTally();
  const ciMode = s.maxEvents !== undefined || s.expect !== undefined || s.timeoutS !== undefined;
  const goal = createGoal({ maxEvents: s.maxEvents, expect: s.expect, strict: s.strict });
  let finish: (result: { ok: boolean; reason: string }) => void = () => undefined;
  const finished = new Promise<{ ok: boolean; reason: string }>((resolve) => (finish = resolve));

  // The lines of one group-committed batch arrive in the same turn: one write for all.
  let pending: string[] = [];
  const flushLines = () => {
    if (pending.length > 0) out.line(pending.join('\n'));
    pending = [];
  };
  const onEvent = (event: ReceiverEvent) => {
    count(tally, event);
    const line = out.json ? JSON.stringify(render.jsonEvent(event)) : render.renderLine(event, out.color);
    if (pending.push(line) === 1) setImmediate(flushLines);
    if (ciMode) {
      const state = goal.observe(event);
      if (state.done) finish(state);
    }
  };

  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  try {
    receiver = await startReceiver({
      store,
      host: s.host,
      port: s.port,
      path: s.path,
      auth: s.auth,
      maxBody: s.maxBody,
      strict: s.strict,
      respondStatus: s.respondStatus,
      delayMs: s.delayMs,
      forwarder,
      tls,
      onEvent,
      onStored: (capture) => onStored?.(capture),
    });
  } catch (error) {
    await store.close();
    await forwarder?.close();
    await fetchDocs?.close();
    throw bindError(error, { host: s.host, port: s.port, flag: '--port', alsoSay: '; then point your tunnel at that port' }) ?? error;
  }

  // Listen for the signals before announcing readiness: a script may stop us right after the ready line.
  const hasGoal = s.maxEvents !== undefined || s.expect !== undefined;
  const onSignal = (signal: NodeJS.Signals) => finish({ ok: !hasGoal, reason: `stopped by ${signal}` });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // The banner shows values from flags and config files (a user name, paths): escaped.
  const banner = bannerLines(s, receiver.url, receiver.port).map((line) => printable(line));
  if (out.json) {
    out.jsonLine({ type: 'ready', url: receiver.url, port: receiver.port });
    for (const line of banner) out.info(line);
  } else {
    for (const line of banner) out.line(line);
    out.line();
  }

  const timer =
    s.timeoutS !== undefined ? setTimeout(() => finish({ ok: !hasGoal, reason: `--timeout ${s.timeoutS}s reached` }), s.timeoutS * 1000) : undefined;

  const result = await finished;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (timer) clearTimeout(timer);
  await receiver.close({ graceMs: 5_000 });
  await fetchDocs?.close();
  await forwarder?.close();
  await store.close();
  flushLines();

  if (out.json) out.jsonLine({ ...render.jsonSummary(tally, s.captures), ok: result.ok, reason: result.reason });
  else for (const line of render.renderSummary(tally, out.color, s.captures)) out.info(line);
  if (!result.ok) {
    const missing = goal.missing();
    const detail = missing.length
      ? `; still waiting for ${missing.join(', ')}`
      : s.maxEvents !== undefined
        ? `; ${goal.accepted()} of ${s.maxEvents} events arrived`
        : '';
    throw new CheckFailed(`${result.reason}${detail}`);
  }
  if (ciMode) out.info(out.errColor.green(`✓ ${result.reason}`));
}
