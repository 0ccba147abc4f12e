/**
 * Fetches a list of documents one after another through the shared limiter and reports
 * each step as an event (engines emit, a renderer prints). A failure
 * that would hit every next request too (bad credentials, rate limit, a full or read-only
 * disk, an unreachable proxy) stops the batch at once; any other failure (a document
 * that is missing, a capture that points nowhere usable, a file in the way) fails that
 * one document and the batch goes on.
 */
import { readFile } from 'node:fs/promises';
import type { DocumentTarget } from '../core/document-ref.js';
import { UserError } from '../core/errors.js';
import { type DocumentClient, DocumentFetchError } from './client.js';
import { type Destination, downloadDocument } from './download.js';
import type { OpenTransSummary } from './opentrans/model.js';

/** Largest document `--summary` reads into memory. */
export const SUMMARY_MAX_BYTES = 32 * 1024 * 1024;

/**
 * A reference that cannot be fetched (a capture whose documentUrl names no known
 * document type, a transactionId that cannot be a folder name…): reported as failed with
 * its reason, never requested. Its fields are what could be read, for the report.
 */
export interface UnusableTarget {
  ref: string;
  transactionId: string | undefined;
  docType: string | undefined;
  format: string | undefined;
  unusable: { reason: string; hint: string };
}

export type BatchTarget = DocumentTarget | UnusableTarget;

export function isUnusable(target: BatchTarget): target is UnusableTarget {
  return 'unusable' in target;
}

export interface FetchOutcome {
  target: BatchTarget;
  status: 'downloaded' | 'skipped' | 'failed';
  path: string | undefined;
  bytes: number;
  contentType: string | undefined;
  error?: string;
  /** With a failure: the concrete next step (`fix:` for people, `hint` in --json). */
  hint?: string;
  kind?: DocumentFetchError['kind'];
  /** False when the XML was too large for the full well-formedness check. */
  fullyChecked?: boolean;
  summary?: OpenTransSummary;
  summaryError?: string;
}

export type FetchEvent =
  | { type: 'start'; index: number; total: number; target: BatchTarget }
  | { type: 'progress'; target: DocumentTarget; bytes: number; total: number | undefined }
  | { type: 'retry'; target: DocumentTarget; attempt: number; delayMs: number; error: string }
  | { type: 'result'; index: number; total: number; outcome: FetchOutcome }
  | { type: 'stopped'; reason: string; remaining: number };

export interface BatchOptions {
  client: DocumentClient;
  targets: BatchTarget[];
  destinationFor: (target: DocumentTarget) => Destination;
  summary?: boolean;
  attempts?: number;
  backoffMs?: number;
  /** --max-size and --max-time of each document (download.ts). */
  maxBytes?: number | undefined;
  maxTimeMs?: number | undefined;
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
  const { summarizeOpenTrans } = await import('./opentrans/summarize.js');
  try {
    // The bytes as saved: the summary honours the XML declaration's encoding.
    return { summary: await summarizeOpenTrans(await readFile(path)) };
  } catch (error) {
    return { summaryError: (error as Error).message };
  }
}

/** Where a target goes; a target that cannot be a file name is that target's failure. */
function destinationOf(options: BatchOptions, target: DocumentTarget): Destination {
  try {
    return options.destinationFor(target);
  } catch (error) {
    if (error instanceof UserError) throw new DocumentFetchError('unusable', error.message, error.hint ? { hint: error.hint } : {});
    throw error;
  }
}

/** BatchResult.stopped when the signal ended the batch (Ctrl-C). */
export const INTERRUPTED = 'interrupted';

export async function fetchBatch(options: BatchOptions): Promise<BatchResult> {
  const { client, targets, onEvent } = options;
  const outcomes: FetchOutcome[] = [];
  const total = targets.length;
  for (const [i, target] of targets.entries()) {
    const index = i + 1;
    if (options.signal?.aborted) return { outcomes, stopped: INTERRUPTED };
    onEvent?.({ type: 'start', index, total, target });
    let outcome: FetchOutcome;
    try {
      if (isUnusable(target)) throw new DocumentFetchError('unusable', target.unusable.reason, { hint: target.unusable.hint });
      const destination = destinationOf(options, target);
      const result = await downloadDocument(client, target, destination, {
        ...(options.attempts !== undefined ? { attempts: options.attempts } : {}),
        ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
        maxBytes: options.maxBytes,
        maxTimeMs: options.maxTimeMs,
        signal: options.signal,
        onRetry: (r) => onEvent?.({ type: 'retry', target, attempt: r.attempt, delayMs: r.delayMs, error: r.error.message }),
        onProgress: (bytes, size) => onEvent?.({ type: 'progress', target, bytes, total: size }),
      });
      outcome = { target, status: result.status, path: result.path, bytes: result.bytes, contentType: result.contentType, fullyChecked: result.fullyChecked };
      if (options.summary && result.path && target.format === 'xml') Object.assign(outcome, await summarize(result.path, result.bytes));
    } catch (error) {
      // Interrupted mid-download: the temporary file is gone and nothing was kept; no result line.
      if (options.signal?.aborted) return { outcomes, stopped: INTERRUPTED };
      const failure = error instanceof DocumentFetchError ? error : new DocumentFetchError('network', (error as Error).message ?? String(error));
      outcome = {
        target,
        status: 'failed',
        path: failure.errorPath,
        bytes: 0,
        contentType: undefined,
        error: failure.message,
        hint: failure.hint,
        kind: failure.kind,
      };
      outcomes.push(outcome);
      onEvent?.({ type: 'result', index, total, outcome });
      if (failure.fatal && index < total) {
        const reason =
          failure.kind === 'rate-limit'
            ? 'ITscope rate limit'
            : failure.kind === 'auth'
              ? 'credentials refused'
              : failure.kind === 'proxy'
                ? 'the proxy failed'
                : failure.message;
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
