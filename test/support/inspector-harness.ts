// A `listen --ui` (and optionally a mock-api) for the inspector tests, a recording HTTP
// server to replay to, and a reader of the inspector's event stream.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Recorder } from './spawned.js';

export interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A server on 127.0.0.1:0 that records every request and answers 202 with a small JSON body. */
export async function recordingServer(answer = '{"received":true}'): Promise<{ url: string; received: Recorder<Received>; close(): Promise<void> }> {
  const received = new Recorder<Received>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(202, { 'content-type': 'application/json' }).end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface StreamEvent {
  event: string;
  data: any;
}

/** Reads the inspector's Server-Sent Events; `raw` collects every byte received. */
export function eventStream(base: string): { events: Recorder<StreamEvent>; raw: () => string; close(): void } {
  const events = new Recorder<StreamEvent>();
  let raw = '';
  let buffer = '';
  const req = request(new URL('/api/events', base), (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      raw += chunk;
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name && data) events.push({ event: name, data: JSON.parse(data) });
        end = buffer.indexOf('\n\n');
      }
    });
    res.on('error', () => undefined);
  });
  req.on('error', () => undefined);
  req.end();
  return { events, raw: () => raw, close: () => req.destroy() };
}

/** A raw GET with chosen headers (Host, Origin …); resolves with status and body text. */
export function rawRequest(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
