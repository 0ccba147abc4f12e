/** How the receiver answers: a JSON body with its length, and the rejections it reports. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForwardedFor, ReceiverEvent, RejectReason } from './events.js';
import { header } from './route.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** X-Forwarded-* as a tunnel or proxy set them: shown, never trusted. */
export function forwardedOf(req: IncomingMessage): ForwardedFor {
  const f: ForwardedFor = {};
  const xff = header(req, 'x-forwarded-for');
  const proto = header(req, 'x-forwarded-proto');
  const host = header(req, 'x-forwarded-host');
  if (xff) f.for = xff;
  if (proto) f.proto = proto;
  if (host) f.host = host;
  return f;
}

export interface Rejection {
  reason: RejectReason;
  status: number;
  message: string;
  headers?: Record<string, string> | undefined;
  /** The user name a failed Basic Auth attempt sent (never the password). */
  user?: string | undefined;
}

/** Answers a request the receiver does not take in, and reports it. */
export function reject(req: IncomingMessage, res: ServerResponse, rejection: Rejection, emit: (event: ReceiverEvent) => void): void {
  const headers = { ...rejection.headers };
  // A body we did not read must not be parsed as the next request on this connection.
  if (!req.complete) headers.connection = 'close';
  sendJson(res, rejection.status, { error: rejection.message }, headers);
  emit({
    type: 'rejected',
    reason: rejection.reason,
    status: rejection.status,
    method: req.method ?? '',
    path: req.url ?? '',
    remoteAddress: req.socket.remoteAddress ?? '',
    forwarded: forwardedOf(req),
    message: rejection.message,
    ...(rejection.user !== undefined ? { user: rejection.user } : {}),
  });
}
