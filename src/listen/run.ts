/**
 * `itscope-hooks listen`: runs the local receiver: flags → settings, store + receiver,
 * receiver events → renderer, then wait for a signal or the CI-mode goal, drain, flush
 * and print the summary.
 */

import { bindError } from '../cli/bind-error.js';
import type { CommandContext } from '../cli/context.js';
import { uiRequested } from '../cli/ui-flags.js';
import { CheckFailed } from '../core/errors.js';
import { printable } from '../core/printable.js';
import type { ReceiverEvent } from '../receiver/events.js';
import type { StoredCapture } from '../store/capture-reader.js';
import { displayPath, usableWidth, warningLines } from '../ui/fit.js';

/**
 * Called with each newly stored capture once it was answered. `--fetch-docs` plugs in
 * here (it receives the settings' options and returns the hook).
 */
export type StoredHook = (capture: StoredCapture) => void | Promise<void>;

/** The --timeout in seconds, as it always read ("60s", "0.5s"); below a second in milliseconds. */
function timeoutText(ms: number): string {
  return ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

export async function run(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const [{ listenSettings }, { bannerLines }, { CaptureStore }, { startReceiver }, render, { createTally, count, createGoal }] = await Promise.all([
    import('./options.js'),
    import('./banner.js'),
    import('../store/capture-store.js'),
    import('../receiver/server.js'),
    import('./render.js'),
    import('./tally.js'),
  ]);
  const { out } = ctx;
  const s = listenSettings(options, ctx.cwd, ctx.env);
  // Human lines fit the terminal (80 columns without one, or $COLUMNS); read per line, as a terminal may be resized.
  const width = () => usableWidth(process.stdout, ctx.env);
  // Warnings go to stderr, wrapped to its width too.
  const warn = (text: string) => {
    const [first = '', ...rest] = warningLines(text, usableWidth(process.stderr, ctx.env));
    out.warn(first);
    for (const line of rest) out.info(line);
  };
  for (const warning of s.warnings) warn(printable(warning));
  const started = new Date();
  // A --junit path that cannot be written fails now, not after a 10-minute wait.
  if (s.junit !== undefined) await (await import('../files/junit-file.js')).prepareJunitFile(s.junit, ctx.cwd);
  // --ui: the inspector's code loads only when asked for.
  const uiPart = uiRequested(options) ? await import('./ui.js') : undefined;
  const uiAddress = uiPart?.planUi(options, s.port);
  // First, so that an unreadable --tls-cert/--tls-key or --forward-ca is reported before anything is opened.
  const tls = s.tlsCert !== undefined && s.tlsKey !== undefined ? (await import('../receiver/tls-files.js')).loadTlsFiles(s.tlsCert, s.tlsKey) : undefined;
  // --tunnel: a missing program is exit 2 before anything is opened, too.
  const tunnelFound = s.tunnel ? (await import('./tunnel-process.js')).findTunnelProgram(s.tunnel, ctx.env) : undefined;
  if (s.forwardInsecure)
    warn('--forward-insecure: the TLS certificate of --forward-to is NOT verified; anyone in between can read and change the forwarded webhooks');
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
  const fetchDocs = options.fetchDocs ? (await import('./fetch-docs.js')).startFetchDocs(options, s.captures, ctx, { width, quiet: s.quiet, warn }) : undefined;
  if (fetchDocs) onStored = fetchDocs.onStored;

  const store = await CaptureStore.open(s.captures).catch(async (error: unknown) => {
    await fetchDocs?.close();
    await forwarder?.close();
    throw error;
  });
  if (store.torn > 0) warn(`${store.torn} damaged record${store.torn === 1 ? '' : 's'} in ${s.captures} skipped (torn by a crash or edited)`);

  const tally = createTally();
  const ciMode = s.maxEvents !== undefined || s.expect !== undefined || s.expectDeals !== undefined || s.timeoutMs !== undefined;
  const dealRender = s.expectDeals !== undefined ? await import('./deal-render.js') : undefined;
  const deals = s.expectDeals !== undefined ? (await import('./deal-goal.js')).createDealGoal(s.expectDeals, s.strict) : undefined;
  const goal = createGoal({ maxEvents: s.maxEvents, expect: s.expect, deals, strict: s.strict });
  let finish: (result: { ok: boolean; reason: string }) => void = () => undefined;
  const finished = new Promise<{ ok: boolean; reason: string }>((resolve) => (finish = resolve));

  // The lines of one group-committed batch arrive in the same turn: one write for all.
  let pending: string[] = [];
  // Held until the ready line is out (with --tunnel, webhooks may arrive while it starts).
  let holdLines = true;
  const flushLines = () => {
    if (holdLines) return;
    if (pending.length > 0) out.line(pending.join('\n'));
    pending = [];
  };
  let ui: import('./ui.js').ListenUi | undefined;
  const onEvent = (event: ReceiverEvent) => {
    count(tally, event);
    ui?.notify(event);
    // --quiet: only the receiver's own errors, no line per request (load tests).
    if (!s.quiet || event.type === 'error') {
      const line = out.json ? JSON.stringify(render.jsonEvent(event)) : render.renderLine(event, out.color, undefined, width());
      if (pending.push(line) === 1) setImmediate(flushLines);
    }
    const change = deals && event.type === 'webhook' ? deals.observe(event) : undefined;
    if (change && dealRender && deals && !s.quiet) {
      const lines = out.json ? dealRender.dealChangeJson(change, deals).map((l) => JSON.stringify(l)) : dealRender.dealChangeLines(change, deals, out.color);
      pending.push(...lines);
    }
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
      forwardStatus: s.forwardStatus,
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
  if (uiPart && uiAddress) {
    ui = await uiPart.startListenUi(uiAddress, options, s, ctx, { webhookUrl: receiver.url, forwarder }).catch(async (error: unknown) => {
      await receiver.close({ graceMs: 1_000 });
      await fetchDocs?.close();
      await forwarder?.close();
      await store.close();
      throw error;
    });
  }

  // Listen for the signals before announcing readiness: a script may stop us right after the ready line.
  const hasGoal = s.maxEvents !== undefined || s.expect !== undefined || s.expectDeals !== undefined;
  const onSignal = (signal: NodeJS.Signals) => finish({ ok: !hasGoal, reason: `stopped by ${signal}` });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const tunnel = tunnelFound
    ? await (await import('./tunnel.js')).openTunnel({ found: tunnelFound, receiver, timeoutMs: s.tunnelTimeoutMs, basicAuth: s.auth, stopped: finished }, ctx)
    : undefined;
  // The banner shows values from flags and config files (a user name, paths): escaped.
  const banner = bannerLines(s, receiver.url, receiver.port, {
    tunnel: tunnel?.banner,
    ui: ui?.url,
    documents: fetchDocs?.banner,
    cwd: ctx.cwd,
    width: width(),
  }).map((line) => printable(line));
  if (out.json) {
    out.jsonLine({ type: 'ready', url: receiver.url, port: receiver.port, ...(ui ? { ui: ui.url } : {}), ...tunnel?.readyFields });
    for (const line of banner) out.info(line);
  } else {
    for (const line of banner) out.line(line);
    out.line();
  }
  tunnel?.afterBanner();
  holdLines = false;
  flushLines();
  const timer =
    s.timeoutMs !== undefined
      ? setTimeout(() => finish({ ok: !hasGoal, reason: `--timeout ${timeoutText(s.timeoutMs ?? 0)} reached` }), s.timeoutMs)
      : undefined;

  const result = await finished;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (timer) clearTimeout(timer);
  await receiver.close({ graceMs: 5_000 });
  await tunnel?.stop();
  await ui?.close();
  await fetchDocs?.close();
  await forwarder?.close();
  await store.close();
  flushLines();

  if (out.json) {
    const dealSummary = deals && dealRender ? { deals: dealRender.dealSummaryJson(deals) } : {};
    out.jsonLine({ ...render.jsonSummary(tally, s.captures), ...dealSummary, ok: result.ok, reason: result.reason });
  } else {
    for (const line of render.renderSummary(tally, out.color, displayPath(s.captures, ctx.cwd))) out.info(line);
    if (deals && dealRender) out.info(dealRender.dealSummaryLine(deals));
  }
  if (s.junit !== undefined) {
    const [{ listenJunit }, { writeJunitFile }] = await Promise.all([import('./junit-report.js'), import('../files/junit-file.js')]);
    const report = listenJunit({ started, ended: new Date(), result, expect: s.expect, maxEvents: s.maxEvents, goal, deals });
    await writeJunitFile(s.junit, ctx.cwd, report);
    out.info(out.errColor.dim(`JUnit report written to ${s.junit}`));
  }
  if (!result.ok) {
    const missing = goal.missing();
    const parts: string[] = [];
    if (missing.length) parts.push(`still waiting for ${missing.join(', ')}`);
    else if (s.maxEvents !== undefined && goal.accepted() < s.maxEvents) parts.push(`${goal.accepted()} of ${s.maxEvents} events arrived`);
    const lines = deals && dealRender && !deals.satisfied() ? dealRender.missingDealLines(deals) : [];
    if (deals && !deals.satisfied()) parts.push(`${deals.complete()} of ${deals.expected} deals complete`);
    throw new CheckFailed([`${result.reason}${parts.length ? `; ${parts.join('; ')}` : ''}`, ...lines].join('\n'));
  }
  if (ciMode) out.info(out.errColor.green(`✓ ${result.reason}`));
}
