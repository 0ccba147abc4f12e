// Helpers for the receiver and listen tests: real HTTP requests, raw sockets, spawned listen.
import { type Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { EventType } from '../../src/core/payload-schema.js';
import { createSample } from '../../src/core/samples.js';
import { type SpawnedCli, type SpawnOptions, spawnCli } from './spawned.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface PostOptions {
  method?: string;
  auth?: string;
  headers?: Record<string, string>;
  agent?: Agent;
}

/** One real HTTP request; resolves with the answer (never rejects on a status). */
export function post(url: string, body: string | Buffer | undefined, options: PostOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.auth) headers.authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
    const req = httpRequest(url, { method: options.method ?? 'POST', headers, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A sample payload of a type as a JSON text (what ITscope would send). */
export function sampleBody(type: EventType = 'DELIVERY', seed?: number): { text: string; eventId: string } {
  const payload = createSample(type, seed === undefined ? {} : { seed });
  return { text: JSON.stringify(payload), eventId: payload.eventId };
}

/** Opens a raw TCP connection to the receiver. */
export function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Everything a socket receives until the server closes it. */
export function readUntilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(data));
  });
}

/** Collects values and lets a test await one that matches. */
export { Recorder } from './spawned.js';

export interface ListenProcess extends SpawnedCli {
  ready: Promise<{ url: string; port: number }>;
}

/** Spawns `itscope-hooks listen --json …` and parses its stdout lines. */
export function spawnListen(args: string[], options: SpawnOptions = {}): ListenProcess {
  const spawned = spawnCli(['listen', '--json', '--port', '0', ...args], options);
  const ready = Promise.race([
    spawned.lines.waitFor((l) => l.type === 'ready'),
    spawned.exited.then(() => {
      throw new Error(`listen exited before it was ready:\n${spawned.stderr()}`);
    }),
  ]);
  return { ...spawned, ready };
}
