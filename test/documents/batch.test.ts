// fetchBatch, the engine behind fetch-doc and listen --fetch-docs, driven directly against
// a real mock-api: events in order, what stops a batch and what does not, summaries.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchTarget, type FetchEvent, fetchBatch } from '../../src/documents/batch.js';
import { type MockApi, startMockApi } from '../../src/mock-api/server.js';
import { testClient } from '../support/mock-api-helpers.js';
import { tempDir } from '../support/temp-dir.js';

const TID = '123456789-1234-5678-9123-12SAMPLE4567';
let api: MockApi;
let work: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  api = await startMockApi({ rateLimit: 10_000 });
  work = await tempDir('fetch-batch-');
});
afterAll(async () => {
  await api.close();
  await work.cleanup();
});

const target = (docType: 'ORDER' | 'DISPATCHNOTIFICATION' | 'INVOICE' | 'QUOTATION', transactionId = TID): BatchTarget => ({
  ref: `${transactionId}/${docType}`,
  transactionId,
  docType,
  format: 'xml',
});

describe('fetchBatch', () => {
  it('downloads every target in turn, reports start and result per document, and summarizes on request', async () => {
    const { client, close } = testClient(api.url);
    const events: FetchEvent[] = [];
    const dir = join(work.dir, 'all');
    const result = await fetchBatch({
      client,
      targets: [target('ORDER'), target('DISPATCHNOTIFICATION')],
      destinationFor: (t) => ({ kind: 'file', path: join(dir, `${t.docType}.${t.format}`) }),
      summary: true,
      onEvent: (e) => events.push(e),
    });
    await close();
    expect(result.stopped).toBeUndefined();
    expect(result.outcomes.map((o) => o.status)).toEqual(['downloaded', 'downloaded']);
    expect(events.map((e) => `${e.type}${'index' in e ? e.index : ''}`)).toEqual(['start1', 'result1', 'start2', 'result2']);
    expect(result.outcomes[1]?.summary).toMatchObject({
      docType: 'DISPATCHNOTIFICATION',
      carrier: 'DHL',
      trackingNumbers: ['00340434161094042557', '00340434161094042564'],
    });
    expect((await readFile(join(dir, 'ORDER.xml'), 'utf8')).startsWith('<?xml')).toBe(true);
  });

  it('a missing document fails that one and the batch goes on; an unusable target is never requested', async () => {
    const { client, close } = testClient(api.url);
    const before = api.requests.length;
    const unusable: BatchTarget = {
      ref: 'capture #3',
      transactionId: undefined,
      docType: 'SHIPPING',
      format: undefined,
      unusable: { reason: 'names no document type', hint: 'look at the capture' },
    };
    const result = await fetchBatch({
      client,
      // mock-api has no QUOTATION documents: a 404.
      targets: [unusable, target('QUOTATION'), target('INVOICE')],
      destinationFor: (t) => ({ kind: 'file', path: join(work.dir, 'goes-on', `${t.docType}.xml`) }),
    });
    await close();
    expect(result.outcomes.map((o) => [o.status, o.kind])).toEqual([
      ['failed', 'unusable'],
      ['failed', 'not-found'],
      ['downloaded', undefined],
    ]);
    expect(result.outcomes[0]?.hint).toBe('look at the capture');
    expect(api.requests.length - before).toBe(2);
  });

  it('refused credentials stop the batch at once: the rest is not attempted', async () => {
    const { client, close } = testClient(api.url, { apiKey: 'wrong' });
    const events: FetchEvent[] = [];
    const result = await fetchBatch({
      client,
      targets: [target('ORDER'), target('INVOICE'), target('DISPATCHNOTIFICATION')],
      destinationFor: (t) => ({ kind: 'file', path: join(work.dir, 'stops', `${t.docType}.xml`) }),
      onEvent: (e) => events.push(e),
    });
    await close();
    expect(result.stopped).toBe('credentials refused');
    expect(result.outcomes).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'stopped', reason: 'credentials refused', remaining: 2 });
  });

  it('an aborted signal ends the batch before the next document, as interrupted', async () => {
    const { client, close } = testClient(api.url);
    const abort = new AbortController();
    const result = await fetchBatch({
      client,
      targets: [target('ORDER'), target('INVOICE')],
      destinationFor: (t) => ({ kind: 'file', path: join(work.dir, 'abort', `${t.docType}.xml`) }),
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'result') abort.abort();
      },
    });
    await close();
    expect(result).toMatchObject({ stopped: 'interrupted' });
    expect(result.outcomes).toHaveLength(1);
  });
});
