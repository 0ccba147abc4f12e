/**
 * The live channel to every open page: Server-Sent Events (`GET /api/events`). New
 * captures are announced at most every 100 ms as one `captures` event with the newest id
 * (the page then asks for what is new), so a load test does not flood the browser;
 * forward results and document downloads are announced as they happen.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Scrubber } from './http-util.js';
import { SECURITY_HEADERS } from './security.js';

const HEARTBEAT_MS = 15_000;
const CAPTURES_EVERY_MS = 100;

export interface EventStream {
  open(req: IncomingMessage, res: ServerResponse, hello: unknown): void;
  send(event: string, data: unknown): void;
  /** Announces new captures (coalesced). */
  captures(newest: number): void;
  readonly clients: number;
  close(): void;
}

export function createEventStream(scrub: Scrubber): EventStream {
  const clients = new Set<ServerResponse>();
  let pendingNewest = 0;
  let timer: NodeJS.Timeout | undefined;
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function send(event: string, data: unknown): void {
    if (clients.size === 0) return;
    const text = `event: ${event}\ndata: ${scrub(JSON.stringify(data))}\n\n`;
    for (const res of clients) res.write(text);
  }

  return {
    open(req, res, hello) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
      res.write(`retry: 2000\nevent: hello\ndata: ${scrub(JSON.stringify(hello))}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    send,
    captures(newest) {
      pendingNewest = Math.max(pendingNewest, newest);
      timer ??= setTimeout(() => {
        timer = undefined;
        send('captures', { newest: pendingNewest });
      }, CAPTURES_EVERY_MS);
    },
    get clients() {
      return clients.size;
    },
    close() {
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
