/**
 * What the receiver reports. The receiver never prints: it emits these
 * events, and the listen command's renderer turns them into colored lines or JSON lines.
 */
import type { Problem } from '../core/payload-rules.js';
import type { StoredCapture } from '../store/capture-reader.js';

/** X-Forwarded-* headers as a tunnel or proxy set them: shown, never trusted. */
export interface ForwardedFor {
  for?: string;
  proto?: string;
  host?: string;
}

export interface WebhookEvent {
  type: 'webhook';
  capture: StoredCapture;
  duplicate: boolean;
  /** HTTP status sent to the sender. */
  status: number;
  valid: boolean;
  /** The body was JSON (a 400 when not). */
  json: boolean;
  errors: Problem[];
  warnings: Problem[];
  forwarded: ForwardedFor;
}

export type RejectReason = 'auth' | 'method' | 'path' | 'too-large' | 'encoding' | 'bad-gzip';

export interface RejectedEvent {
  type: 'rejected';
  reason: RejectReason;
  status: number;
  method: string;
  path: string;
  remoteAddress: string;
  forwarded: ForwardedFor;
  message: string;
  /** The user name a failed Basic Auth attempt sent (never the password). */
  user?: string;
}

export interface ForwardEvent {
  type: 'forwarded';
  eventId: string | undefined;
  url: string;
  ok: boolean;
  status?: number;
  ms: number;
  error?: string;
  /** What to do about the error. */
  hint?: string;
  /** The first bytes of the app's answer. */
  snippet?: string;
  /** Not sent: too many forwards were waiting for the app (the webhook is stored). */
  dropped?: boolean;
}

export interface ErrorEvent {
  type: 'error';
  /** What failed: storing a capture, or a request that broke mid-way. */
  stage: 'store' | 'request' | 'hook';
  message: string;
}

export type ReceiverEvent = WebhookEvent | RejectedEvent | ForwardEvent | ErrorEvent;
