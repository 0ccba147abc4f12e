/**
 * The JSON the inspector's API answers with, as both sides see it: the server builds these
 * shapes, the page (src/inspector/web) reads them. One home, so that a field renamed on
 * one side is a type error on the other. Types only and no imports: it is compiled for
 * Node and, through the page's type-only imports, for the browser (docs/inspector.md).
 */

/** What `--forward-to` made of a webhook (listen --ui only: kept in memory, not stored). */
export interface ForwardInfo {
  url: string;
  ok: boolean;
  status?: number | undefined;
  ms: number;
  error?: string | undefined;
  hint?: string | undefined;
  snippet?: string | undefined;
}

/** One deal in the deals list. */
export interface DealSummary {
  transactionId: string;
  orderId: string | null;
  events: number;
  /** Types with a valid event, in lifecycle order. */
  typesSeen: string[];
  missing: string[];
  complete: boolean;
  invalid: number;
  lastId: number;
  lastReceivedAt: string;
}

/** One event on a deal's timeline. */
export interface TimelineEvent {
  id: number;
  eventId: string | null;
  eventType: string | null;
  transactionStatus: string | null;
  documentId: string | null;
  timestamp: string | null;
  receivedAt: string;
  valid: boolean;
  duplicate: boolean;
}

/** A webhook's document: whether it is saved, its summary, and whether the page may fetch it. */
export interface DocumentInfo {
  available: boolean;
  /** Why there is no document to show or fetch. */
  reason?: string;
  transactionId?: string;
  docType?: string;
  format?: string;
  saved: boolean;
  bytes?: number;
  summary?: unknown;
  summaryError?: string;
  /** Whether API credentials are set up, so that the page may offer to fetch it. */
  canFetch: boolean;
  /** What to set up to fetch documents (when canFetch is false). */
  fetchHint?: string;
  apiBase?: string;
}

/** The answer to the page's "fetch the document" button. */
export interface FetchResult extends DocumentInfo {
  status: 'downloaded' | 'skipped' | 'failed';
  error?: string;
  hint?: string;
}
