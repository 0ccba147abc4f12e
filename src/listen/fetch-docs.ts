/**
 * The `listen --fetch-docs` wiring: settings, the background fetcher and its renderer,
 * so src/listen/run.ts needs only two lines. Missing credentials are a startup
 * error (exit 2), before the port is bound.
 */
import type { CommandContext } from '../cli/context.js';
import { printable } from '../core/printable.js';
import { createBackgroundFetcher } from '../documents/background-fetcher.js';
import { documentFolders } from '../documents/home.js';
import { processRateLimiter } from '../documents/rate-limiter.js';
import { resolveApiSettings } from '../documents/settings.js';
import { createDispatcher } from '../http/dispatcher.js';
import type { StoredCapture } from '../store/capture-reader.js';
import { jsonOutcome, outcomeLines } from '../ui/document-lines.js';

export interface ListenFetchDocs {
  /** For the banner: where documents go, and the API they come from. */
  readonly banner: { home: string; apiBase: string };
  onStored(capture: StoredCapture): void;
  /** Lets queued downloads finish (bounded), then stops. */
  close(): Promise<void>;
}

export interface FetchDocsView {
  /** The columns document lines must fit (read per line: a terminal may be resized). */
  width: () => number;
  /** --quiet: no line per document (warnings still). */
  quiet: boolean;
  /** Prints a warning on stderr, fitted to its width. */
  warn: (text: string) => void;
}

export function startFetchDocs(options: Record<string, unknown>, captures: string, ctx: CommandContext, view: FetchDocsView): ListenFetchDocs {
  const { out } = ctx;
  const settings = resolveApiSettings({ cwd: ctx.cwd, env: ctx.env, flags: options });
  // listen itself warns about the config files; the API base is this part's to announce.
  if (settings.apiBaseNotice) view.warn(printable(settings.apiBaseNotice));
  const warnedHosts = new Set<string>();
  const dispatcher = createDispatcher({ env: ctx.env, connections: 1 });
  const folders = documentFolders(captures, ctx.cwd);
  const fetcher = createBackgroundFetcher({
    settings,
    folders,
    dispatcher,
    limiter: processRateLimiter(),
    onEvent: (e) => {
      if (e.type === 'document') {
        if (view.quiet) return;
        if (out.json) out.jsonLine({ type: 'document', ...jsonOutcome(e.outcome) });
        else for (const line of outcomeLines(e.outcome, out.color, { prefix: '  ', indent: 4, width: view.width(), cwd: ctx.cwd })) out.line(line);
      } else if (e.type === 'suspicious') {
        if (!warnedHosts.has(e.host)) {
          warnedHosts.add(e.host);
          view.warn(`suspicious documentUrl host ${printable(e.host)}: the document is requested from ${settings.apiBase} instead`);
        }
      } else if (e.type === 'retry') view.warn(printable(`document ${e.target.docType} ${e.target.transactionId}: ${e.error}; retrying`));
      else view.warn(e.reason);
    },
  });
  return {
    banner: { home: folders.home, apiBase: settings.apiBase },
    onStored: (capture) => fetcher.enqueue(capture),
    async close() {
      const left = await fetcher.close();
      await dispatcher.close().catch(() => undefined);
      if (left) view.warn(`${left} document${left === 1 ? '' : 's'} not fetched before exit; run \`itscope-hooks fetch-doc --all --captures ${captures}\``);
    },
  };
}
