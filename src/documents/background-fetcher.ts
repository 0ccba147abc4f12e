/**
 * `listen --fetch-docs`: after a webhook is stored and
 * answered, its document is fetched in the background, one at a time through the
 * process-wide rate limiter, into the documents home (home.ts), e.g.
 * `.itscope-hooks/documents/{transactionId}/{DOCTYPE}.xml`; one already saved there or in an
 * earlier version's place is not fetched again.
 * The answer to the sender never waits for it; a failing download never stops the receiver,
 * and a document that trickles in is cut after DOCUMENT_DEADLINE_MS so the queue moves on.
 */
import type { Dispatcher } from 'undici';
import type { CapturedPointer } from '../core/document-ref.js';
import { type DocumentTarget, targetFromCapture, targetKey } from '../core/document-ref.js';
import { type FetchOutcome, fetchBatch } from './batch.js';
import { createDocumentClient, type DocumentClient } from './client.js';
import { type DocumentFolders, documentFiles } from './home.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ApiSettings } from './settings.js';

export type BackgroundEvent =
  | { type: 'document'; outcome: FetchOutcome }
  | { type: 'suspicious'; host: string; target: DocumentTarget }
  | { type: 'retry'; target: DocumentTarget; error: string }
  | { type: 'paused'; reason: string };

export interface BackgroundFetcherOptions {
  settings: ApiSettings;
  /** Where documents go (home.ts), and where earlier versions put them. */
  folders: DocumentFolders;
  dispatcher: Dispatcher;
  limiter: RateLimiter;
  onEvent: (event: BackgroundEvent) => void;
  backoffMs?: number;
  /** Time allowed for each document (default DOCUMENT_DEADLINE_MS): a trickling API never stalls the queue. */
  maxTimeMs?: number;
}

/** Webhook documents are small: one that takes longer than this is cut, and the queue moves on. */
export const DOCUMENT_DEADLINE_MS = 120_000;

export interface BackgroundFetcher {
  /** Queues the capture's document; returns at once. */
  enqueue(capture: CapturedPointer): void;
  /** Documents queued or in flight. */
  readonly pending: number;
  /** Waits up to `graceMs` for the queue to drain, then abandons the rest; returns how many were left. */
  close(graceMs?: number): Promise<number>;
}

export function createBackgroundFetcher(options: BackgroundFetcherOptions): BackgroundFetcher {
  const { settings } = options;
  const client: DocumentClient = createDocumentClient({
    apiBase: settings.apiBase,
    accountId: settings.accountId,
    apiKey: settings.apiKey,
    dispatcher: options.dispatcher,
    limiter: options.limiter,
    credentialSources: settings.sources,
  });
  const apiHost = new URL(settings.apiBase).hostname;
  const queue: DocumentTarget[] = [];
  const known = new Set<string>();
  const abort = new AbortController();
  let running: Promise<void> | undefined;
  /** Set after a fatal failure (bad credentials, rate limit): no more requests this session. */
  let paused: string | undefined;

  async function drain(): Promise<void> {
    while (queue.length && !abort.signal.aborted && !paused) {
      const target = queue.shift() as DocumentTarget;
      let files: { path: string; earlier: string[] };
      try {
        files = documentFiles(options.folders, target);
      } catch (error) {
        const hint = (error as { hint?: unknown }).hint;
        options.onEvent({
          type: 'document',
          outcome: {
            target,
            status: 'failed',
            path: undefined,
            bytes: 0,
            contentType: undefined,
            error: (error as Error).message,
            ...(typeof hint === 'string' ? { hint } : {}),
          },
        });
        continue;
      }
      const { outcomes, stopped } = await fetchBatch({
        client,
        targets: [target],
        destinationFor: () => ({ kind: 'file', path: files.path, earlier: files.earlier }),
        // The same openTRANS summary fetch-doc --summary prints (issue: one summary everywhere).
        summary: true,
        signal: abort.signal,
        maxTimeMs: options.maxTimeMs ?? DOCUMENT_DEADLINE_MS,
        ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
        onEvent: (e) => {
          if (e.type === 'retry') options.onEvent({ type: 'retry', target, error: e.error });
        },
      });
      const outcome = outcomes[0];
      if (outcome) {
        options.onEvent({ type: 'document', outcome });
        // Fetched or not, a later webhook for the same document may try again.
        if (outcome.status === 'failed') known.delete(targetKey(target));
        if (outcome.kind === 'auth' || outcome.kind === 'rate-limit') paused = outcome.kind === 'auth' ? 'credentials refused' : 'ITscope rate limit';
      }
      if (stopped) paused = stopped;
      if (paused) {
        options.onEvent({
          type: 'paused',
          reason: `document fetching paused for this session (${paused}); ${queue.length} queued document${queue.length === 1 ? '' : 's'} dropped; run \`itscope-hooks fetch-doc --all\` later`,
        });
        queue.length = 0;
      }
    }
  }

  function kick(): void {
    if (running) return;
    running = drain()
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        if (queue.length && !abort.signal.aborted && !paused) kick();
      });
  }

  return {
    enqueue(capture) {
      if (paused || abort.signal.aborted) return;
      const ref = capture.eventId ?? capture.documentId ?? 'capture';
      let target: DocumentTarget | undefined;
      try {
        target = targetFromCapture(capture, ref);
      } catch {
        target = undefined;
      }
      if (!target) return;
      const key = targetKey(target);
      if (known.has(key)) return;
      known.add(key);
      if (target.suspiciousHost && target.suspiciousHost !== apiHost) options.onEvent({ type: 'suspicious', host: target.suspiciousHost, target });
      queue.push(target);
      kick();
    },
    get pending() {
      return queue.length + (running ? 1 : 0);
    },
    async close(graceMs = 30_000) {
      if (running) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          (async () => {
            while (running) await running;
          })(),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
        ]);
        if (timer) clearTimeout(timer);
      }
      const left = queue.length + (running ? 1 : 0);
      abort.abort(new Error('listen is stopping'));
      queue.length = 0;
      await running?.catch(() => undefined);
      return left;
    },
  };
}
