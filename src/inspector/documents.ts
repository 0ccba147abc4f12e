/**
 * A capture's openTRANS document in the inspector: where `listen --fetch-docs` and
 * `fetch-doc` save it (the documents home, documents/home.ts; also found where earlier
 * versions saved it), its summary when it is there,
 * and a download through the documents engine on request, through the same process-wide
 * rate limiter as --fetch-docs. The summary is summarizeOpenTrans()'s JSON as it is: the
 * page renders whatever fields it has. Credentials never leave this module.
 */
import { readFile } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import type { CaptureRecord } from '../core/capture.js';
import { type DocumentTarget, targetFromCapture } from '../core/document-ref.js';
import { fetchBatch, SUMMARY_MAX_BYTES } from '../documents/batch.js';
import { createDocumentClient } from '../documents/client.js';
import { type DocumentFolders, documentFiles, documentFolders, findSavedDocument } from '../documents/home.js';
import { processRateLimiter } from '../documents/rate-limiter.js';
import type { ApiSettings } from '../documents/settings.js';
import { createDispatcher } from '../http/dispatcher.js';
import type { DocumentInfo, FetchResult } from './wire.js';

export interface InspectorDocuments {
  info(record: CaptureRecord): Promise<DocumentInfo>;
  fetch(record: CaptureRecord): Promise<FetchResult>;
  /** The saved file of a capture's document, when there is one. */
  file(record: CaptureRecord): Promise<{ path: string; format: string } | undefined>;
  close(): Promise<void>;
}

export interface DocumentsOptions {
  captures: string;
  /** The API settings (flag > env > config); throws a UserError when credentials are missing. */
  settings: () => ApiSettings;
  env: NodeJS.ProcessEnv;
}

function targetOf(folders: DocumentFolders, record: CaptureRecord): { target: DocumentTarget; path: string; earlier: string[] } | { reason: string } {
  let target: DocumentTarget | undefined;
  try {
    target = targetFromCapture(record, record.eventId ?? 'capture');
  } catch (error) {
    return { reason: (error as Error).message };
  }
  if (!target) return { reason: 'this webhook names no document: it has no usable documentUrl, nor a transactionId with a known eventType' };
  try {
    return { target, ...documentFiles(folders, target) };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

async function summaryOf(path: string, bytes: number): Promise<Pick<DocumentInfo, 'summary' | 'summaryError'>> {
  if (bytes > SUMMARY_MAX_BYTES) return { summaryError: `the document is larger than ${SUMMARY_MAX_BYTES / 1024 / 1024} MiB; open the XML instead` };
  const { summarizeOpenTrans } = await import('../documents/opentrans/summarize.js');
  try {
    // The bytes as saved: the summary honours the document's own encoding.
    return { summary: await summarizeOpenTrans(await readFile(path)) };
  } catch (error) {
    return { summaryError: (error as Error).message };
  }
}

export function createInspectorDocuments(options: DocumentsOptions): InspectorDocuments {
  const folders = documentFolders(options.captures);
  let dispatcher: Dispatcher | undefined;
  const inFlight = new Map<string, Promise<FetchResult>>();
  // Resolved once it works; a failure is tried again, so fixed credentials need no restart.
  let resolved: ApiSettings | undefined;

  function access(): Pick<DocumentInfo, 'canFetch' | 'fetchHint' | 'apiBase'> & { settings?: ApiSettings } {
    try {
      resolved ??= options.settings();
      const settings = resolved;
      return { canFetch: true, apiBase: settings.apiBase, settings };
    } catch (error) {
      const hint = (error as { hint?: unknown }).hint;
      return { canFetch: false, fetchHint: `${(error as Error).message}${typeof hint === 'string' ? `: ${hint}` : ''}` };
    }
  }

  async function info(record: CaptureRecord): Promise<DocumentInfo> {
    const { settings: _settings, ...can } = access();
    const where = targetOf(folders, record);
    if ('reason' in where) return { available: false, reason: where.reason, saved: false, ...can };
    const { target } = where;
    const base = { available: true, transactionId: target.transactionId, docType: target.docType, format: target.format, ...can };
    const saved = await findSavedDocument(folders, target);
    if (!saved) return { ...base, saved: false };
    return { ...base, saved: true, bytes: saved.bytes, ...(target.format === 'xml' ? await summaryOf(saved.path, saved.bytes) : {}) };
  }

  async function download(record: CaptureRecord, target: DocumentTarget, path: string, earlier: string[]): Promise<FetchResult> {
    const { settings, ...can } = access();
    if (!settings) return { ...(await info(record)), status: 'failed', error: 'no ITscope API credentials', ...(can.fetchHint ? { hint: can.fetchHint } : {}) };
    dispatcher ??= createDispatcher({ env: options.env, connections: 1 });
    const client = createDocumentClient({
      apiBase: settings.apiBase,
      accountId: settings.accountId,
      apiKey: settings.apiKey,
      dispatcher,
      limiter: processRateLimiter(),
      credentialSources: settings.sources,
    });
    const { outcomes } = await fetchBatch({ client, targets: [target], destinationFor: () => ({ kind: 'file', path, earlier }) });
    const outcome = outcomes[0];
    const after = await info(record);
    if (!outcome) return { ...after, status: 'failed', error: 'the download did not run' };
    return {
      ...after,
      status: outcome.status,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      ...(outcome.hint !== undefined ? { hint: outcome.hint } : {}),
    };
  }

  return {
    info,
    async fetch(record) {
      const where = targetOf(folders, record);
      if ('reason' in where) return { ...(await info(record)), status: 'failed', error: where.reason };
      // Two clicks on the same document share one download.
      const key = where.path;
      let running = inFlight.get(key);
      if (!running) {
        running = download(record, where.target, where.path, where.earlier).finally(() => inFlight.delete(key));
        inFlight.set(key, running);
      }
      return running;
    },
    async file(record) {
      const where = targetOf(folders, record);
      if ('reason' in where) return undefined;
      const saved = await findSavedDocument(folders, where.target);
      return saved ? { path: saved.path, format: where.target.format } : undefined;
    },
    async close() {
      await dispatcher?.close().catch(() => undefined);
    },
  };
}
