/**
 * Answers of the inspector's API: JSON (and event-stream text) with the security headers,
 * passed through one last filter that removes the secrets this process knows (webhook
 * password, API key, their Basic Auth forms), so none can reach the browser even if a
 * sender or an error message put one into a text.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REDACTED } from '../core/redact.js';
import { SECURITY_HEADERS } from './security.js';

/** Largest JSON request body (an edited payload for replay). */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export type Scrubber = (text: string) => string;

/** A filter for texts that removes each secret, also in its JSON-escaped form. */
export function createScrubber(secrets: ReadonlyArray<string | undefined>): Scrubber {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < 3) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const list = [...forms].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of list) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
}

export function sendJson(res: ServerResponse, status: number, value: unknown, scrub: Scrubber): void {
  const text = scrub(JSON.stringify(value));
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** An error answer: `{ error, hint? }`. */
export function sendError(res: ServerResponse, status: number, error: string, scrub: Scrubber, hint?: string): void {
  sendJson(res, status, hint ? { error, hint } : { error }, scrub);
}

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The request's JSON object body; a RequestError for anything else. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) throw new RequestError(415, 'send the request as application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) throw new RequestError(413, `the request is larger than ${MAX_REQUEST_BYTES / 1024 / 1024} MiB`);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestError(400, 'the request body is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RequestError(400, 'the request body must be a JSON object');
  return value as Record<string, unknown>;
}
