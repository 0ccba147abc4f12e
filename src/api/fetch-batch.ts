/**
 * Fetches a list of documents one after another through the shared limiter and reports
 * each step as an event (engines emit, a renderer prints). A failure
 * that would hit every next request too (bad credentials, rate limit, unwritable folder)
 * stops the batch at once.
 */
import { readFile } from 'node:fs/promises';
import type { DocumentTarget } from '../core/document-ref.js';
import type { OpenTransSummary } from '../core/opentrans-summary.js';
import { DocumentFetchError, type DocumentClient } from './document-client.js';
import { downloadDocument, type Destination } from './download.js';

/** Largest document `--summary` reads into memory. */
export const SUMMARY_MAX_BYTES = 32 * 1024 * 1024;

export interface FetchOutcome {
  target: DocumentTarget;
  status: 'downloaded' | 'skipped' | 'failed';
  path: string | undefined;
  bytes: number;
  contentType: string | undefined;
  error?: string;
  kind?: DocumentFetchError['kind'];
  /** False when the XML was too large for the full well-formedness check. */
  fullyChecked?: boolean;
  summary?: OpenTransSummary;
  summaryError?: string;
}

export type FetchEvent =
  | { type: 'start'; index: number; total: number; target: DocumentTarget }
  | { type: 'progress'; target: DocumentTarget; bytes: number; total: number | undefined }
  | { type: 'retry'; target: DocumentTarget; attempt: number; delayMs: number; error: string }
  | { type: 'result'; index: number; total: number; outcome: FetchOutcome }
  | { type: 'stopped'; reason: string; remaining: number };

export interface BatchOptions {
  client: DocumentClient;
  targets: DocumentTarget[];
  destinationFor: (target: DocumentTarget) => Destination;
  summary?: boolean;
  attempts?: number;
  backoffMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: FetchEvent) => void;
}

export interface BatchResult {
  outcomes: FetchOutcome[];
  /** Why the batch stopped early, if it did. */
  stopped: string | undefined;
}

async function summarize(path: string, bytes: number): Promise<Pick<FetchOutcome, 'summary' | 'summaryError'>> {
  if (bytes > SUMMARY_MAX_BYTES) return { summaryError: `too large for --summary (over ${SUMMARY_MAX_BYTES / 1024 / 1024} MiB)` };
  const { summarizeOpenTrans } = await import('../core/opentrans-summary.js');
  try {
    return { summary: await summarizeOpenTrans(await readFile(path, 'utf8')) };
  } catch (error) {
    return { summaryError: (error as Error).message };
  }
}

export async function fetchBatch(options: BatchOptions): Promise<BatchResult> {
  const { client, targets, onEvent } = options;
  const outcomes: FetchOutcome[] = [];
  const total = targets.length;
  for (const [i, target] of targets.entries()) {
    const index = i + 1;
    onEvent?.({ type: 'start', index, total, target });
    const destination = options.destinationFor(target);
    let outcome: FetchOutcome;
    try {
      const result = await downloadDocument(client, target, destination, {
        ...(options.attempts !== undefined ? { attempts: options.attempts } : {}),
        ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
        signal: options.signal,
        onRetry: (r) => onEvent?.({ type: 'retry', target, attempt: r.attempt, delayMs: r.delayMs, error: r.error.message }),
        onProgress: (bytes, size) => onEvent?.({ type: 'progress', target, bytes, total: size }),
      });
      outcome = { target, status: result.status, path: result.path, bytes: result.bytes, contentType: result.contentType, fullyChecked: result.fullyChecked };
      if (options.summary && result.path && target.format === 'xml') Object.assign(outcome, await summarize(result.path, result.bytes));
    } catch (error) {
      const failure = error instanceof DocumentFetchError ? error : new DocumentFetchError('network', (error as Error).message ?? String(error));
      outcome = { target, status: 'failed', path: failure.errorPath, bytes: 0, contentType: undefined, error: failure.message, kind: failure.kind };
      outcomes.push(outcome);
      onEvent?.({ type: 'result', index, total, outcome });
      if (failure.fatal && index < total) {
        const reason = failure.kind === 'rate-limit' ? 'ITscope rate limit' : failure.kind === 'auth' ? 'credentials refused' : failure.message;
        onEvent?.({ type: 'stopped', reason, remaining: total - index });
        return { outcomes, stopped: reason };
      }
      continue;
    }
    outcomes.push(outcome);
    onEvent?.({ type: 'result', index, total, outcome });
  }
  return { outcomes, stopped: undefined };
}
