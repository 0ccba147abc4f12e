// Helpers for the fetch-doc / mock-api tests: a scripted HTTP server that records what it
// received, captures written through the real capture store, a client factory, and the
// error a failed download ends with.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Agent } from 'undici';
import { expect } from 'vitest';
import { checkPayload, type WebhookPayload } from '../../src/core/payload-schema.js';
import { createDocumentClient, type DocumentClient, type DocumentClientOptions, DocumentFetchError } from '../../src/documents/client.js';
import { createRateLimiter } from '../../src/documents/rate-limiter.js';
import { type DocumentStore, FIXTURE_TRANSACTION_ID, fixturesDir } from '../../src/mock-api/documents.js';
import { CaptureStore } from '../../src/store/capture-store.js';
import { makeCapture } from './capture-records.js';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface ScriptedServer {
  origin: string;
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** A real node:http server whose answers a test scripts; it records every request. */
export async function startScriptedServer(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<ScriptedServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    handler(req, res, seen.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A client for tests: a fast limiter, short timeouts; the real undici Agent. */
export function testClient(apiBase: string, overrides: Partial<DocumentClientOptions> = {}): { client: DocumentClient; close: () => Promise<void> } {
  const dispatcher = new Agent({ keepAliveTimeout: 1000 });
  const client = createDocumentClient({
    apiBase,
    accountId: 'demo',
    apiKey: 'demo-key',
    dispatcher,
    limiter: createRateLimiter({ perSecond: 5 }),
    timeoutMs: 5_000,
    ...overrides,
  });
  return { client, close: () => dispatcher.close() };
}

/** Stores payloads as listen would, through the real capture store. */
export async function writeCaptures(dir: string, payloads: Array<Partial<WebhookPayload> & Record<string, unknown>>): Promise<void> {
  const store = await CaptureStore.open(dir);
  try {
    for (const payload of payloads) {
      const body = JSON.stringify(payload);
      const verdict = checkPayload(payload);
      const record = makeCapture(body, {
        ...(payload.eventId ? { eventId: String(payload.eventId) } : {}),
        ...(payload.eventType ? { eventType: String(payload.eventType) } : {}),
        ...(payload.orderId ? { orderId: String(payload.orderId) } : {}),
        ...(payload.documentId ? { documentId: String(payload.documentId) } : {}),
        ...(payload.transactionId ? { transactionId: String(payload.transactionId) } : {}),
        ...(payload.documentUrl ? { documentUrl: String(payload.documentUrl) } : {}),
        valid: verdict.valid,
        errors: verdict.errors,
        warnings: verdict.warnings,
      });
      await store.append(record);
    }
  } finally {
    await store.close();
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * For mock-api in fetch-doc's tests: the static files of fixtures/opentrans for ITscope's
 * example transactionId and any UUID, 404 for any other id. These tests check fetch-doc
 * (bytes, summaries, 404s) against known files; the deal documents mock-api serves by
 * default are tested in test/mock-api.
 */
export function fixtureDocuments(): DocumentStore {
  const dir = fixturesDir();
  const files = new Map(
    ['ORDER.xml', 'ORDERRESPONSE.xml', 'DISPATCHNOTIFICATION.xml', 'INVOICE.xml', 'INVOICE.pdf'].map((f) => [f, readFileSync(join(dir, f))]),
  );
  return {
    get(transactionId, file) {
      const body = files.get(file);
      if (!body || (transactionId !== FIXTURE_TRANSACTION_ID && !UUID_RE.test(transactionId))) return undefined;
      return { body, contentType: file.endsWith('.pdf') ? 'application/pdf' : 'application/xml; charset=utf-8' };
    },
  };
}

/** The DocumentFetchError a download ends with (the test fails if it succeeds or fails otherwise). */
export async function fetchFailure(promise: Promise<unknown>): Promise<DocumentFetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentFetchError);
  return error as DocumentFetchError;
}
