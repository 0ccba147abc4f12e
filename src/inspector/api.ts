/**
 * The inspector's JSON API (docs/inspector.md): reading routes answer anyone the guard
 * let in; routes that change something (replay, fetch a document) need the per-run token
 * and our own Origin, checked by the server before they get here.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { captureBody } from '../core/capture.js';
import { EVENT_TYPES } from '../core/payload-rules.js';
import type { Forwarder } from '../receiver/forwarder.js';
import type { CaptureIndex, IndexEntry } from './capture-index.js';
import { detailOf, parseFilter, parsePage, rowOf } from './captures-api.js';
import { dealView, listDeals } from './deals.js';
import type { InspectorDocuments } from './documents.js';
import { RequestError, readJson, type Scrubber, sendJson } from './http-util.js';
import { readCapture } from './read-capture.js';
import { checkEdited, type ReplayResult, replayToForward, replayToUrl } from './replay.js';
import { SECURITY_HEADERS } from './security.js';
import type { ForwardInfo } from './wire.js';

export interface ApiContext {
  index: CaptureIndex;
  documents: InspectorDocuments;
  forwards: Map<string, ForwardInfo>;
  scrub: Scrubber;
  dispatcher: () => Dispatcher;
  forwarder: Forwarder | undefined;
  webhookAuth: { user: string; password: string } | undefined;
  webhookUrl: string | undefined;
  info: () => Record<string, unknown>;
  onReplay: (id: number, result: ReplayResult) => void;
  onDocument: (id: number, status: string, error?: string) => void;
}

type Handler = (ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL, match: RegExpExecArray) => Promise<void>;

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** Changes something: needs the token and our Origin. */
  changes: boolean;
  handler: Handler;
}

function entryOf(ctx: ApiContext, match: RegExpExecArray): IndexEntry {
  const entry = ctx.index.get(Number(match[1]));
  if (!entry) throw new RequestError(404, `no capture ${match[1]}`, 'the list shows the ids there are');
  return entry;
}

async function recordOf(ctx: ApiContext, entry: IndexEntry) {
  const stored = ctx.index.stored(entry);
  const record = stored ? await readCapture(ctx.index, stored) : undefined;
  if (!record) throw new RequestError(410, `capture ${entry.id} can no longer be read`, 'its journal file was moved, deleted or changed');
  return record;
}

function forwardOf(ctx: ApiContext, entry: IndexEntry): ForwardInfo | undefined {
  return entry.eventId === undefined ? undefined : ctx.forwards.get(entry.eventId);
}

const list: Handler = async (ctx, _req, res, url) => {
  const page = ctx.index.query(parseFilter(url), parsePage(url));
  sendJson(
    res,
    200,
    { ...page, items: page.items.map((e) => rowOf(e, forwardOf(ctx, e))), next: page.next === undefined ? null : String(page.next) },
    ctx.scrub,
  );
};

const one: Handler = async (ctx, _req, res, _url, match) => {
  const entry = entryOf(ctx, match);
  const detail = await detailOf(ctx.index, entry, forwardOf(ctx, entry));
  if (!detail) throw new RequestError(410, `capture ${entry.id} can no longer be read`, 'its journal file was moved, deleted or changed');
  sendJson(res, 200, detail, ctx.scrub);
};

const documentInfo: Handler = async (ctx, _req, res, _url, match) => {
  sendJson(res, 200, await ctx.documents.info(await recordOf(ctx, entryOf(ctx, match))), ctx.scrub);
};

const documentFetch: Handler = async (ctx, _req, res, _url, match) => {
  const entry = entryOf(ctx, match);
  const result = await ctx.documents.fetch(await recordOf(ctx, entry));
  ctx.onDocument(entry.id, result.status, result.error);
  sendJson(res, 200, result, ctx.scrub);
};

const documentFile: Handler = async (ctx, _req, res, _url, match) => {
  const file = await ctx.documents.file(await recordOf(ctx, entryOf(ctx, match)));
  if (!file || file.format !== match[2]) throw new RequestError(404, 'the document is not saved yet', 'fetch it first');
  // A supplier's document is untrusted: shown by the browser, never allowed to run anything.
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-security-policy': "default-src 'none'; sandbox",
    'content-type': file.format === 'pdf' ? 'application/pdf' : 'application/xml',
  });
  createReadStream(file.path)
    .on('error', () => res.destroy())
    .pipe(res);
};

const replay: Handler = async (ctx, req, res, _url, match) => {
  const entry = entryOf(ctx, match);
  const record = await recordOf(ctx, entry);
  const request = await readJson(req);
  const edited = typeof request.body === 'string';
  if (edited) {
    const verdict = checkEdited(request.body as string);
    if (!verdict.json || (!verdict.valid && request.allowInvalid !== true)) {
      sendJson(
        res,
        422,
        { error: verdict.json ? 'the edited payload fails the ITscope webhook schema' : 'the edited body is not JSON', ...verdict },
        ctx.scrub,
      );
      return;
    }
  }
  const body = edited ? Buffer.from(request.body as string, 'utf8') : captureBody(record);
  let result: ReplayResult;
  if (request.target === 'forward') {
    if (!ctx.forwarder)
      throw new RequestError(400, 'there is no --forward-to app to replay to', 'start `itscope-hooks listen --ui --forward-to URL`, or replay to a URL');
    result = await replayToForward(ctx.forwarder, body, edited, record.headers, ctx.webhookAuth);
  } else if (request.target === 'url' && typeof request.url === 'string') {
    const origin = ctx.webhookUrl && ctx.webhookAuth ? { origin: new URL(ctx.webhookUrl).origin, ...ctx.webhookAuth } : undefined;
    result = await replayToUrl({ url: request.url, body, edited, headers: record.headers, dispatcher: ctx.dispatcher(), ownAuth: origin });
  } else {
    throw new RequestError(400, 'say where to replay to: {"target":"forward"} or {"target":"url","url":"https://…"}');
  }
  ctx.onReplay(entry.id, result);
  sendJson(res, 200, result, ctx.scrub);
};

const validate: Handler = async (ctx, req, res) => {
  const request = await readJson(req);
  if (typeof request.body !== 'string') throw new RequestError(400, 'send {"body": "<the payload text>"}');
  sendJson(res, 200, checkEdited(request.body), ctx.scrub);
};

const deals: Handler = async (ctx, _req, res, url) => {
  const all = listDeals(ctx.index, { incomplete: url.searchParams.get('incomplete') === 'true', q: url.searchParams.get('q') ?? undefined });
  const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
  const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
  const items = all.slice(offset, offset + limit);
  sendJson(res, 200, { items, total: all.length, next: offset + limit < all.length ? String(offset + limit) : null }, ctx.scrub);
};

const deal: Handler = async (ctx, _req, res, _url, match) => {
  const transactionId = decodeURIComponent(match[1] ?? '');
  const view = await dealView(ctx.index, transactionId);
  if (!view) throw new RequestError(404, `no capture with transactionId "${transactionId}"`);
  sendJson(res, 200, { ...view, lifecycle: EVENT_TYPES }, ctx.scrub);
};

const info: Handler = async (ctx, _req, res) => {
  sendJson(res, 200, ctx.info(), ctx.scrub);
};

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/api\/info$/, changes: false, handler: info },
  { method: 'GET', pattern: /^\/api\/captures$/, changes: false, handler: list },
  { method: 'GET', pattern: /^\/api\/captures\/(\d{1,15})$/, changes: false, handler: one },
  { method: 'GET', pattern: /^\/api\/captures\/(\d{1,15})\/document$/, changes: false, handler: documentInfo },
  { method: 'POST', pattern: /^\/api\/captures\/(\d{1,15})\/document$/, changes: true, handler: documentFetch },
  { method: 'GET', pattern: /^\/api\/captures\/(\d{1,15})\/document\.(xml|pdf)$/, changes: false, handler: documentFile },
  { method: 'POST', pattern: /^\/api\/captures\/(\d{1,15})\/replay$/, changes: true, handler: replay },
  { method: 'POST', pattern: /^\/api\/validate$/, changes: true, handler: validate },
  { method: 'GET', pattern: /^\/api\/deals$/, changes: false, handler: deals },
  { method: 'GET', pattern: /^\/api\/deals\/([^/]+)$/, changes: false, handler: deal },
];

/** The route for a request: a route, `method` (the path exists with another method), or undefined. */
export function findRoute(method: string, path: string): { route: Route; match: RegExpExecArray } | 'method' | undefined {
  let other = false;
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method === method) return { route, match };
    other = true;
  }
  return other ? 'method' : undefined;
}
