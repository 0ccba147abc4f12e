/**
 * The inspector engine: an HTTP server (node:http) for the page, its assets, the JSON API
 * and the live event stream, over a capture store it indexes and follows. It never prints:
 * the command that starts it renders its activity. Security model: security.ts and
 * docs/inspector.md. It is its own server on its own port: never the webhook port, which
 * a tunnel may make public.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { Dispatcher } from 'undici';
import { UserError } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';
import { VERSION } from '../core/version.js';
import type { ApiSettings } from '../documents/settings.js';
import { createDispatcher } from '../http/dispatcher.js';
import type { ReceiverEvent } from '../receiver/events.js';
import type { Forwarder } from '../receiver/forwarder.js';
import { type ApiContext, findRoute } from './api.js';
import { loadAssets } from './assets.js';
import { CaptureIndex } from './capture-index.js';
import { createInspectorDocuments } from './documents.js';
import { createEventStream } from './event-stream.js';
import { createScrubber, RequestError, sendError } from './http-util.js';
import { listingFields } from './index-line.js';
import { createJournalFollower } from './journal-follower.js';
import type { ReplayResult } from './replay.js';
import { createGuard, SECURITY_HEADERS } from './security.js';
import type { ForwardInfo } from './wire.js';

/** Forward results kept for the page (listen --ui): the newest ones. */
const MAX_FORWARDS = 10_000;

export type InspectorActivity =
  | { type: 'replay'; id: number; result: ReplayResult }
  | { type: 'document'; id: number; status: string; error?: string | undefined }
  | { type: 'refused'; reason: 'host' | 'token' | 'origin'; detail: string };

export interface InspectorOptions {
  captures: string;
  host?: string;
  /** 0 picks a free port (the commands' default is cli/ui-flags.ts' DEFAULT_UI_PORT). */
  port: number;
  mode: 'listen' | 'inspect';
  /** listen's webhook URL (listen --ui). */
  webhookUrl?: string | undefined;
  /** listen's Basic Auth: never shown; used for replays to listen itself and to --forward-to. */
  webhookAuth?: { user: string; password: string } | undefined;
  forwarder?: Forwarder | undefined;
  /** ITscope API settings for the document button; throws a UserError without credentials. */
  apiSettings: () => ApiSettings;
  env: NodeJS.ProcessEnv;
  /** Polling besides fs.watch, in ms. */
  pollMs?: number;
  assetsDir?: string;
  /** A fixed token (tests); a random one per run otherwise. */
  token?: string;
  onActivity?: (activity: InspectorActivity) => void;
}

export interface Inspector {
  /** The page's URL (with `?token=` when bound beyond loopback). */
  url: string;
  host: string;
  port: number;
  token: string;
  exposed: boolean;
  /** Captures indexed at start. */
  count: number;
  torn: number;
  /** For listen --ui: a receiver event (new captures, repeats, forward results). */
  notify(event: ReceiverEvent): void;
  close(): Promise<void>;
}

function listenOn(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function secretsOf(options: InspectorOptions): string[] {
  const secrets: string[] = [];
  const auth = options.webhookAuth;
  if (auth) secrets.push(auth.password, Buffer.from(`${auth.user}:${auth.password}`).toString('base64'));
  try {
    const api = options.apiSettings();
    secrets.push(api.apiKey, Buffer.from(`${api.accountId}:${api.apiKey}`).toString('base64'));
  } catch {
    // No credentials: nothing to hide, and the document button says what to set up.
  }
  return secrets;
}

export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  const assets = loadAssets(options.assetsDir);
  const host = options.host ?? '127.0.0.1';
  const index = new CaptureIndex();
  const scrub = createScrubber(secretsOf(options));
  const events = createEventStream(scrub);
  const follower = createJournalFollower({ dir: options.captures, index, onAdded: (added) => events.captures(added.at(-1)!.id), pollMs: options.pollMs });
  const documents = createInspectorDocuments({ captures: options.captures, settings: options.apiSettings, env: options.env });
  const forwards = new Map<string, ForwardInfo>();
  let dispatcher: Dispatcher | undefined;
  const activity = options.onActivity ?? (() => undefined);

  const server = createServer();
  let port = options.port;
  let guard = createGuard({ bindHost: host, port, token: options.token });
  const ctx: ApiContext = {
    index,
    documents,
    forwards,
    scrub,
    dispatcher: () => (dispatcher ??= createDispatcher({ env: options.env })),
    forwarder: options.forwarder,
    webhookAuth: options.webhookAuth,
    webhookUrl: options.webhookUrl,
    info: () => ({
      version: VERSION,
      mode: options.mode,
      captures: options.captures,
      count: index.size,
      torn: follower.torn,
      webhookUrl: options.webhookUrl ?? null,
      forwardTo: options.forwarder ? redactUrl(options.forwarder.url) : null,
    }),
    onReplay: (id, result) => activity({ type: 'replay', id, result }),
    onDocument: (id, status, error) => {
      events.send('document', { id, status });
      activity({ type: 'document', id, status, error });
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://inspector.invalid');
    const method = req.method ?? 'GET';
    if (!guard.hostAllowed(req)) {
      activity({ type: 'refused', reason: 'host', detail: `Host "${req.headers.host ?? ''}"` });
      sendError(res, 403, `this inspector does not answer to the Host "${req.headers.host ?? ''}"`, scrub, `open http://127.0.0.1:${port}/`);
      return;
    }
    if (guard.exposed && !guard.hasToken(req, url)) {
      activity({ type: 'refused', reason: 'token', detail: `${method} ${url.pathname}` });
      sendError(res, 401, 'this inspector needs its token', scrub, 'open the URL with ?token=… that itscope-hooks printed when it started');
      return;
    }
    if (method === 'GET' && url.pathname === '/') {
      if (guard.exposed && url.searchParams.has('token')) {
        // Keep the token out of the address bar and history: a cookie carries it from now on.
        url.searchParams.delete('token');
        res.writeHead(303, {
          ...SECURITY_HEADERS,
          location: `/${url.search}`,
          'set-cookie': `${guard.cookieName}=${guard.token}; Path=/; HttpOnly; SameSite=Strict`,
        });
        res.end();
        return;
      }
      const page = assets.page(guard.token);
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
      res.end(page);
      return;
    }
    const asset = method === 'GET' && url.pathname.startsWith('/assets/') ? assets.get(url.pathname.slice('/assets/'.length)) : undefined;
    if (asset) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'content-length': asset.body.length });
      res.end(asset.body);
      return;
    }
    if (method === 'GET' && url.pathname === '/api/events') {
      events.open(req, res, { newest: index.size });
      return;
    }
    const found = findRoute(method, url.pathname);
    if (found === undefined) return sendError(res, 404, `nothing at ${url.pathname}`, scrub);
    if (found === 'method') return sendError(res, 405, `${method} is not allowed on ${url.pathname}`, scrub);
    if (found.route.changes && !guard.mayChange(req)) {
      activity({ type: 'refused', reason: 'origin', detail: `${method} ${url.pathname} from Origin "${req.headers.origin ?? ''}"` });
      return sendError(res, 403, 'refused: this action needs the page’s token and must come from the inspector’s own page', scrub);
    }
    await found.route.handler(ctx, req, res, url, found.match);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof RequestError) return sendError(res, error.status, error.message, scrub, error.hint);
      if (error instanceof UserError) return sendError(res, 400, error.message, scrub, error.hint);
      if (error instanceof URIError) return sendError(res, 400, 'the address is not properly encoded', scrub);
      sendError(res, 500, `internal error in the inspector: ${(error as Error).message}`, scrub);
    });
  });

  try {
    await listenOn(server, options.port, host);
  } catch (error) {
    follower.close();
    events.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  // Port 0 asked for a free port: the Host check needs the one we got.
  guard = createGuard({ bindHost: host, port, token: guard.token });
  // Bound first, so that a busy port fails before a large store is read.
  try {
    await follower.sync();
  } catch (error) {
    follower.close();
    events.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const count = index.size;
  follower.follow();

  let chain = Promise.resolve();
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const shownHost = host === '0.0.0.0' || host === '::' ? hostname() : urlHost;
  return {
    url: `http://${shownHost}:${port}/${guard.exposed ? `?token=${guard.token}` : ''}`,
    host,
    port,
    token: guard.token,
    exposed: guard.exposed,
    count,
    torn: follower.torn,
    notify(event) {
      if (event.type === 'webhook') {
        if (!event.duplicate) return follower.kick();
        // A repeat is not stored: list it once the capture it repeats is indexed.
        chain = chain.then(async () => {
          await follower.sync();
          const entry = index.addRepeat({ ...listingFields(event.capture), status: event.status });
          events.captures(entry.id);
        });
      } else if (event.type === 'forwarded' && event.eventId !== undefined) {
        const { type: _type, eventId, ...info } = event;
        forwards.delete(eventId);
        forwards.set(eventId, info);
        if (forwards.size > MAX_FORWARDS) forwards.delete(forwards.keys().next().value as string);
        events.send('forward', { eventId });
      }
    },
    async close() {
      follower.close();
      events.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await documents.close();
      await dispatcher?.close().catch(() => undefined);
    },
  };
}
