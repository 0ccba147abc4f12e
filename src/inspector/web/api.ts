/** The page's side of the JSON API (docs/inspector.md): types and fetch helpers. */
import type { ForwardInfo } from '../wire.js';

export interface Problem {
  path: string;
  message: string;
  hint: string;
}

export interface ForwardSummary {
  ok: boolean;
  status: number | null;
  ms: number;
}

export interface Row {
  id: number;
  receivedAt: string;
  eventId: string | null;
  eventType: string | null;
  transactionStatus: string | null;
  orderId: string | null;
  documentId: string | null;
  transactionId: string | null;
  valid: boolean;
  errors: number;
  warnings: number;
  firstError?: string;
  duplicate: boolean;
  original?: number;
  status: number;
  forward?: ForwardSummary;
}

export interface Page {
  items: Row[];
  next: string | null;
  total?: number;
  gap: boolean;
  newest: number;
}

export interface Detail extends Omit<Row, 'forward'> {
  request: { method: string; path: string; query: string; remoteAddress: string; headers: Record<string, string | string[]> };
  storedAs?: number;
  storedAt?: string;
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  bytes: number;
  truncated: boolean;
  documentUrl: string | null;
  problems: { errors: Problem[]; warnings: Problem[] };
  forward?: ForwardInfo;
}

export interface Info {
  version: string;
  mode: 'listen' | 'inspect';
  captures: string;
  count: number;
  torn: number;
  webhookUrl: string | null;
  forwardTo: string | null;
}

export interface ReplayResult {
  url: string;
  ok: boolean;
  status?: number;
  ms: number;
  bytes: number;
  edited: boolean;
  contentType?: string;
  snippet?: string;
  error?: string;
  hint?: string;
}

export interface Verdict {
  json: boolean;
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const token = document.querySelector('meta[name="inspector-token"]')?.getAttribute('content') ?? '';

async function answer<T>(res: Response): Promise<T> {
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const message = typeof data.error === 'string' ? data.error : `HTTP ${res.status}`;
    throw new ApiError(res.status, message, typeof data.hint === 'string' ? data.hint : undefined, data);
  }
  return data as T;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return answer<T>(await fetch(path, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) }));
}

/** A request that changes something: it carries the page's token. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return answer<T>(
    await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-inspector-token': token },
      body: JSON.stringify(body),
    }),
  );
}

/** The raw bytes of a stored body. */
export function bodyBytes(detail: Pick<Detail, 'body' | 'bodyEncoding'>): Uint8Array {
  if (detail.bodyEncoding === 'utf8') return new TextEncoder().encode(detail.body);
  const binary = atob(detail.body);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The body as text (bytes that are not UTF-8 show as U+FFFD). */
export function bodyText(detail: Pick<Detail, 'body' | 'bodyEncoding'>): string {
  return detail.bodyEncoding === 'utf8' ? detail.body : new TextDecoder().decode(bodyBytes(detail));
}
