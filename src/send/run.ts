/**
 * `itscope-hooks send`: sample, replayed or load-test webhooks to a URL, as
 * ITscope's Test button does. Options → plan (core/send-plan) → payloads → engine
 * (api/webhook-sender) → lines (core/send-render).
 */
import type { CommandContext } from '../cli/context.js';
import { formatDuration } from '../cli/values.js';
import { resolveConfig } from '../config/files.js';
import { type DealPlan, planDeals } from '../core/deal-plan.js';
import { CheckFailed, UserError } from '../core/errors.js';
import { EVENT_TYPES } from '../core/payload-rules.js';
import { printable } from '../core/printable.js';
import { redactUrl } from '../core/redact.js';
import { basicAuth } from '../http/basic-auth.js';
import { urlCredentials } from '../http/url-credentials.js';
import { userAgent } from '../http/user-agent.js';
import { truncate, usableWidth } from '../ui/fit.js';
import { dealHeaderLines, dryRunLabel } from './deal-lines.js';
import { FailureGroups } from './failures.js';
import { payloadFromCapture, type RawPayload, readPayloadFile } from './payload-file.js';
import { dealSource, type PayloadSource, rawSource, sampleSource } from './payloads.js';
import { parseSendOptions, planTargets, type SendPlan, type Targets } from './plan.js';
import { dryRunText, fixLines, resultFix, resultJson, resultLines, summaryJson, summaryLines } from './render.js';
import type { SendResult } from './sender.js';

async function recordedPayloads(plan: SendPlan, capturesDir: string): Promise<RawPayload[]> {
  if (plan.source.kind === 'file') return readPayloadFile(plan.source.path);
  if (plan.source.kind !== 'event') return [];
  const { openCaptureReader } = await import('../store/capture-reader.js');
  const eventId = plan.source.eventId;
  const reader = await openCaptureReader(capturesDir, { keep: (c) => c.eventId === eventId });
  const capture = reader.byEventId(plan.source.eventId);
  if (!capture) {
    throw new UserError(
      `no capture with eventId ${plan.source.eventId} in ${capturesDir}`,
      '`itscope-hooks captures list` shows the captured eventIds; pass --captures DIR (or ITSCOPE_HOOKS_DIR) for another capture folder',
    );
  }
  return [payloadFromCapture(capture, `capture #${capture.seq}`)];
}

export async function run(options: Record<string, unknown>, _args: string[], ctx: CommandContext): Promise<void> {
  const plan = parseSendOptions(options);
  const { out } = ctx;
  for (const warning of plan.warnings) out.warn(warning);
  if (typeof options.password === 'string') {
    out.warn('a --password on the command line is visible in the process list and shell history; prefer ITSCOPE_WEBHOOK_PASSWORD');
  }
  const config = resolveConfig({
    cwd: ctx.cwd,
    env: ctx.env,
    flags: {
      webhookUrl: options.url as string | undefined,
      webhookUser: options.user as string | undefined,
      webhookPassword: options.password as string | undefined,
      captures: options.captures as string | undefined,
    },
  });
  for (const warning of config.warnings) out.warn(printable(warning));
  const targetInput = { url: config.webhookUrl, webhookUrls: config.webhookUrls };

  let source: PayloadSource;
  /** Samples are played as a deal plan (plain send is one deal), except in load mode. */
  let deals: DealPlan | undefined;
  let targets: Targets | undefined;
  /** The URLs this run sends to, to know whether credentials in them cover every request. */
  let used: URL[] = [];
  if (plan.source.kind === 'samples') {
    const { types, explicitTypes, overrides, deals: d } = plan.source;
    // A dry run needs no target; a real run fails here before anything is sent.
    targets = plan.dryRun ? undefined : planTargets(targetInput, types, explicitTypes);
    // documentUrl points to api.itscope.com, as in real webhooks, whatever ITSCOPE_API_BASE
    // says: fetch-doc never requests a payload's host, it asks the configured API base.
    const chosen = targets?.types ?? types;
    if (plan.count !== undefined) source = sampleSource({ types: chosen, overrides, count: plan.count });
    else {
      deals = planDeals({ deals: d.deals, deliveries: d.deliveries, intervalMs: d.intervalMs, types: chosen, overrides, now: () => new Date() });
      source = dealSource(deals);
    }
    if (targets) used = targets.types.map((t) => (targets as Targets).urlFor(t));
  } else {
    const payloads = await recordedPayloads(plan, config.captures.value);
    if (!plan.dryRun) {
      targets = planTargets(targetInput, EVENT_TYPES, false);
      used = payloads.map((p) => (targets as Targets).urlFor(p.eventType));
    }
    source = rawSource(payloads);
  }
  const dealMode = plan.source.kind === 'samples' && plan.source.deals.explicit && deals !== undefined;
  if (plan.dryRun || !targets) {
    for (let i = 0; i < source.total; i++) {
      const payload = source.at(i);
      if (dealMode && !out.json) out.line(out.color.dim(dryRunLabel(payload, source.dueMs?.(i), deals?.deals.length ?? 1)));
      out.line(dryRunText(payload.body, out.json));
    }
    return;
  }

  // user:password@ in a URL replaces --user/--password (and env, config) for that URL, as
  // in curl; the sender takes them out of the URL, and nothing prints them.
  if (config.webhookUrl.source === 'flag' && used.some((u) => urlCredentials(u)?.password)) {
    out.warn('a password in --url is visible in the process list and shell history; prefer ITSCOPE_WEBHOOK_URL or ITSCOPE_WEBHOOK_PASSWORD');
  }
  const configAuthUsed = used.some((u) => urlCredentials(u) === undefined);
  const user = configAuthUsed ? config.webhookUser.value : undefined;
  const password = configAuthUsed ? config.webhookPassword.value : undefined;
  if (password !== undefined && user === undefined) {
    throw new UserError('a Basic Auth password is set but no user', 'pass --user NAME or set ITSCOPE_WEBHOOK_USER (ITscope sends both)');
  }
  const headers: Record<string, string> = { 'user-agent': userAgent() };
  if (user !== undefined) headers.authorization = basicAuth(user, password ?? '');
  if (options.insecure) {
    out.warn(out.errColor.bold('--insecure: TLS certificates are NOT verified; anyone in between can read and change these requests'));
  }

  // A --junit path that cannot be written fails before anything is sent.
  if (plan.junit !== undefined) await (await import('../files/junit-file.js')).prepareJunitFile(plan.junit, ctx.cwd);
  const [{ createDispatcher }, { sendWebhooks }] = await Promise.all([import('../http/dispatcher.js'), import('./sender.js')]);
  const dispatcher = createDispatcher({
    caFile: options.ca as string | undefined,
    insecure: Boolean(options.insecure),
    connections: plan.concurrency,
    env: ctx.env,
  });

  const load = plan.count !== undefined;
  // Lines fit the terminal they go to (80 columns without one).
  const width = usableWidth(process.stdout);
  const errWidth = usableWidth(process.stderr);
  if (!out.json) {
    const over = deals && deals.durationMs > 0 ? ` over ${formatDuration(deals.durationMs)}` : '';
    const what =
      dealMode && deals
        ? `${deals.deals.length} deal${deals.deals.length === 1 ? '' : 's'} (${source.total} webhooks)`
        : `${source.total} webhook${source.total === 1 ? '' : 's'}`;
    out.info(out.errColor.dim(truncate(`sending ${what}${over} to ${printable(redactUrl(targets.describe))}`, errWidth)));
    if (dealMode && deals) for (const line of dealHeaderLines(deals, errWidth)) out.info(out.errColor.dim(line));
  }
  const spinner = load ? await out.spinner(`sending 0/${source.total}`) : undefined;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length) out.line(pending.join('\n'));
    pending = [];
  };
  // Load mode groups its failures; otherwise each result prints, each fix only once.
  const failures = new FailureGroups();
  const fixesShown = new Set<string>();
  let lastTick = 0;
  const results: SendResult[] | undefined = plan.junit !== undefined ? [] : undefined;
  const started = new Date();
  try {
    const summary = await sendWebhooks({
      dispatcher,
      source,
      urlFor: targets.urlFor,
      concurrency: plan.concurrency,
      timeoutMs: plan.timeoutMs,
      headers,
      onEvent({ result, done, total }) {
        results?.push(result);
        if (out.json) {
          pending.push(JSON.stringify(resultJson(result)));
          if (!load || pending.length >= 512) flush();
        } else if (!load) {
          for (const line of resultLines(result, out.color, { showDeal: dealMode, width })) out.line(line);
          const fix = resultFix(result);
          if (fix && !fixesShown.has(fix)) {
            fixesShown.add(fix);
            for (const line of fixLines(fix, out.color, width)) out.line(line);
          }
        } else {
          // Shown after the progress line, which owns the terminal until then.
          failures.add(result);
        }
        if (spinner && performance.now() - lastTick > 100) {
          lastTick = performance.now();
          spinner.text(`sending ${done}/${total}`);
        }
      },
    });
    flush();
    spinner?.stop();
    if (out.json) out.jsonLine(summaryJson(summary, deals?.deals.length));
    else {
      for (const line of failures.lines(out.color, width)) out.line(line);
      for (const line of summaryLines(summary, load || dealMode, out.color, dealMode ? deals?.deals.length : undefined, width)) out.line(line);
    }
    if (plan.junit !== undefined && results) {
      const [{ sendJunit }, { writeJunitFile }] = await Promise.all([import('./junit-report.js'), import('../files/junit-file.js')]);
      const label =
        plan.source.kind === 'file' ? `send --file ${plan.source.path}` : plan.source.kind === 'event' ? `send --event-id ${plan.source.eventId}` : 'send';
      await writeJunitFile(plan.junit, ctx.cwd, sendJunit(results, deals, label, started, new Date()));
      if (!out.json) out.info(out.errColor.dim(`JUnit report written to ${plan.junit}`));
    }
    const failed = summary.non2xx + summary.errors;
    if (failed > 0) throw new CheckFailed(out.json ? `${failed} of ${summary.sent} webhooks failed` : '');
  } finally {
    spinner?.stop();
    // Every request has finished or was given up on a deadline: nothing left to wait for.
    await dispatcher.destroy();
  }
}
