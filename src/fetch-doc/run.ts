/**
 * `itscope-hooks fetch-doc`: downloads the openTRANS document a webhook points to.
 * Flags → targets (ref-lookup.ts) → the documents engine's batch → lines or JSON.
 *
 * Exit codes: 1 when a download failed (HTTP error, bad body, network, proxy); 2 for
 * usage errors and for problems on this machine (a folder that cannot be created, a full
 * disk, something other than a regular file under the target name), which no retry of
 * the download would fix. Text from captures and servers is shown through printable().
 */

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { duration, MAX_TIMEOUT_S, parseSize, positiveNumber } from '../cli/values.js';
import type { DocumentTarget } from '../core/document-ref.js';
import { CheckFailed, Interrupted, UserError } from '../core/errors.js';
import { formatBytes } from '../core/format.js';
import type { DocFormat } from '../core/payload-rules.js';
import { printable } from '../core/printable.js';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

export async function run(options: Record<string, unknown>, args: string[], ctx: CommandContext): Promise<void> {
  const [
    { resolveApiSettings },
    { capturesFor, lookupTargets, needsCaptures, formatFlag, typeFlag },
    { createDocumentClient },
    { fetchBatch, isUnusable, INTERRUPTED },
    render,
    { processRateLimiter, MAX_REQUESTS_PER_SECOND },
    { createDispatcher },
    { documentFiles, documentFile, documentFolders },
    { usableWidth },
  ] = await Promise.all([
    import('../documents/settings.js'),
    import('./ref-lookup.js'),
    import('../documents/client.js'),
    import('../documents/batch.js'),
    import('../ui/document-lines.js'),
    import('../documents/rate-limiter.js'),
    import('../http/dispatcher.js'),
    import('../documents/home.js'),
    import('../ui/fit.js'),
  ]);
  // Lines fit the terminal (at most 80 columns without one, or $COLUMNS).
  const width = () => usableWidth(process.stdout, ctx.env);
  const { out } = ctx;
  const all = Boolean(options.all);
  const toStdout = Boolean(options.stdout);
  const summary = Boolean(options.summary);
  // --type and --format in any case (delivery, Invoice, PDF), checked before the credentials.
  const type = typeFlag(str(options.type));
  const explicitFormat = formatFlag(str(options.format)) === 'pdf' ? 'pdf' : undefined;
  const rate = positiveNumber(options.rate, '--rate');
  // Durations (10s, 2m); a bare number is seconds, as these flags always took.
  const seconds = { bareUnit: 's', min: 1, max: MAX_TIMEOUT_S * 1000 } as const;
  const timeoutMs = options.timeout === undefined ? undefined : duration(options.timeout, '--timeout', seconds);
  const maxTimeMs = options.maxTime === undefined ? undefined : duration(options.maxTime, '--max-time', seconds);
  const maxSizeText = str(options.maxSize);
  const maxBytes = maxSizeText === undefined ? undefined : parseSize(maxSizeText);
  if (maxSizeText !== undefined && maxBytes === undefined) throw new UserError(`--max-size "${maxSizeText}" is not a size`, 'use e.g. 100mb, 512mb or 2gb');
  if (rate !== undefined && rate > MAX_REQUESTS_PER_SECOND)
    out.warn(`--rate ${rate} is above the cap of ${MAX_REQUESTS_PER_SECOND} requests/s; using ${MAX_REQUESTS_PER_SECOND}`);
  if (toStdout && (all || summary || options.out !== undefined))
    throw new UserError('--stdout cannot be combined with --all, --summary or --out', 'fetch one document to stdout, or write files');

  if (typeof options.apiKey === 'string') out.warn('a --api-key on the command line is visible in the process list and shell history; prefer ITSCOPE_API_KEY');
  const settings = resolveApiSettings({ cwd: ctx.cwd, env: ctx.env, flags: options });
  for (const warning of [...settings.fileWarnings, settings.apiBaseNotice]) if (warning) out.warn(printable(warning));
  const request = { ref: args[0], transactionId: str(options.transactionId), type, all, format: explicitFormat as DocFormat | undefined };
  const reader = needsCaptures(request)
    ? await (await import('../store/capture-reader.js')).openCaptureReader(settings.captures, { keep: capturesFor(request) })
    : undefined;
  if (reader && reader.torn > 0) out.warn(`${reader.torn} damaged capture record${reader.torn === 1 ? '' : 's'} in ${reader.dir} skipped`);
  const { targets, notes } = lookupTargets(request, reader);
  for (const note of notes) out.warn(printable(note));
  // A documentUrl on the configured API host itself (e.g. samples sent against the mock API) is expected.
  const apiHost = new URL(settings.apiBase).hostname;
  for (const host of new Set(targets.map((t) => (isUnusable(t) ? undefined : t.suspiciousHost)).filter((h) => h && h !== apiHost))) {
    const shown = printable(host ?? '');
    out.warn(
      `suspicious documentUrl host ${shown}: ITscope documents live on api.itscope.com. Only transactionId and DOCTYPE are taken from it; the request goes to ${settings.apiBase}, never to ${shown}`,
    );
  }
  if (targets.length === 0) {
    if (out.json) return;
    out.info(`no captured documents in ${settings.captures}`);
    return;
  }

  const outOption = str(options.out);
  const outDir = outOption && (all || outOption.endsWith('/') || (await isDirectory(resolve(ctx.cwd, outOption)))) ? resolve(ctx.cwd, outOption) : undefined;
  if (all && outOption && !outDir) throw new UserError('--all needs --out to be a folder', 'e.g. --out ./documents/');
  // Without --out: the documents home, skipping a document saved there or where earlier versions saved it.
  const folders = documentFolders(settings.captures, ctx.cwd);
  const force = Boolean(options.force);
  const destinationFor = (t: DocumentTarget) => {
    if (toStdout) return { kind: 'stream' as const, stream: process.stdout };
    if (outOption && !outDir) return { kind: 'file' as const, path: resolve(ctx.cwd, outOption), force };
    if (outDir) return { kind: 'file' as const, path: documentFile(outDir, t), force };
    return { kind: 'file' as const, ...documentFiles(folders, t), force };
  };
  // One document asked for by name: a transactionId that cannot be a file name is a usage error.
  if (!all) for (const t of targets) if (!isUnusable(t)) destinationFor(t);

  const client = createDocumentClient({
    apiBase: settings.apiBase,
    accountId: settings.accountId,
    apiKey: settings.apiKey,
    dispatcher: createDispatcher({ env: ctx.env, connections: 1 }),
    limiter: processRateLimiter(rate),
    timeoutMs,
    credentialSources: settings.sources,
    onEvent: (e) => {
      if (!e.withCredentials)
        out.warn(
          `redirected to ${new URL(e.to).origin}: followed without the Authorization header (credentials go only to ${new URL(settings.apiBase).origin})`,
        );
    },
  });

  // One spinner per document (a stopped ora spinner does not restart); only on a TTY.
  let spinner: Awaited<ReturnType<typeof out.spinner>> | undefined;
  let starting: Promise<void> = Promise.resolve();
  let finished = 0;
  // Ctrl-C or SIGTERM stops at once: the document in progress is dropped together with its
  // temporary file, finished ones stay. A second Ctrl-C ends the process the usual way.
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const stopListening = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const batch = await fetchBatch({
    client,
    targets,
    destinationFor,
    signal: interrupt.signal,
    summary,
    maxBytes,
    maxTimeMs,
    onEvent: (e) => {
      if (e.type === 'start') {
        const text = `${all ? `[${e.index}/${e.total}] ` : ''}fetching ${render.documentLabel(e.target)}`;
        const index = e.index;
        starting = out.spinner(text).then((s) => {
          // The document may have finished before the spinner module loaded.
          if (finished >= index) s.stop();
          else spinner = s;
        });
      } else if (e.type === 'progress')
        spinner?.text(`fetching ${e.target.docType}.${e.target.format} ${formatBytes(e.bytes)}${e.total ? ` of ${formatBytes(e.total)}` : ''}`);
      else if (e.type === 'retry') out.warn(`${printable(e.error)}; retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s`);
      else if (e.type === 'result') {
        finished = e.index;
        spinner?.stop();
        spinner = undefined;
        const o = e.outcome;
        if (out.json) out.jsonLine(render.jsonOutcome(o));
        // One document that cannot be saved here is a usage-style error: error and fix on stderr, below.
        else if (!all && o.status === 'failed' && o.kind === 'file') return;
        else if (!toStdout) {
          const prefix = all ? `[${e.index}/${e.total}] ` : '';
          // With --all the totals line says once what --force does.
          const skippedNote = all ? undefined : '--force fetches it again';
          for (const line of render.outcomeLines(o, out.color, { prefix, width: width(), cwd: ctx.cwd, skippedNote })) out.line(line);
        } else if (o.status !== 'downloaded') {
          out.error(printable(o.error ?? 'failed'));
          const hint = render.hintOf(o);
          if (hint) out.info(`${out.errColor.dim('fix:')}   ${printable(hint)}`);
        }
      }
    },
  });
  stopListening();
  await starting;
  spinner?.stop();
  if (batch.stopped === INTERRUPTED) {
    const done = batch.outcomes.filter((o) => o.status !== 'failed').length;
    throw new Interrupted(
      `${done} of ${targets.length} document${targets.length === 1 ? '' : 's'} done; the one in progress was not kept and left no partial file. Run the same command again: documents already saved are skipped.`,
    );
  }

  const failed = batch.outcomes.filter((o) => o.status === 'failed');
  const local = failed.filter((o) => o.kind === 'file');
  const notAttempted = targets.length - batch.outcomes.length;
  if (all && !out.json) out.info(render.totalsLine(batch.outcomes, batch.stopped, notAttempted, '--force fetches them again'));
  const first = failed[0];
  if (!all && first?.kind === 'file') throw new UserError(printable(first.error ?? 'cannot save the document'), printable(render.hintOf(first) ?? ''));
  if (failed.length === 1 && targets.length === 1) throw new CheckFailed(out.json ? printable(first?.error ?? '') : '');
  if (failed.length || notAttempted) {
    const text = `${failed.length} of ${targets.length} document${targets.length === 1 ? '' : 's'} failed${notAttempted ? `, ${notAttempted} not attempted` : ''}`;
    if (local.length) {
      throw new UserError(
        `${text}; ${local.length} of them could not be saved on this machine`,
        out.json ? 'each failed line says what to do in its "hint"' : 'see the fix: line under each failed document',
      );
    }
    throw new CheckFailed(text);
  }
}
