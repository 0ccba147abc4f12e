/**
 * One webhook's path through the receiver, after routing: read the body (within
 * --max-body) → intake (judge the bytes into a capture record) → journal (durable
 * before any answer) → answer → event for the renderer → forward and hooks in the
 * background. Judge first, then store, then answer: a webhook answered 2xx is on disk.
 * With --forward-status the forward comes before the answer, which is the app's
 * (forward-answer.ts); the webhook is still stored first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredCapture } from '../store/capture-reader.js';
import type { CaptureStore } from '../store/capture-store.js';
import { forwardedOf, reject, sendJson } from './answer.js';
import type { ReceiverEvent } from './events.js';
import { forwardedEvent, relayAnswer } from './forward-answer.js';
import type { Forwarder } from './forwarder.js';
import { answerBody, intake } from './intake.js';
import { readBody } from './read-body.js';

export interface WebhookContext {
  store: CaptureStore;
  maxBody: number;
  strict: boolean;
  respondStatus: number | undefined;
  delayMs: number;
  /** Waits --delay before the answer (a timer; tests pass their own); `stopping` ends it early. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted when the receiver stops. */
  stopping: AbortSignal;
  forwarder: Forwarder | undefined;
  /** --forward-status: answer with the app's status and body (the forward is awaited). */
  forwardStatus: boolean;
  /** How the webhook reached us, for the forward's X-Forwarded-Proto. */
  proto: 'http' | 'https';
  emit: (event: ReceiverEvent) => void;
  onStored: ((capture: StoredCapture) => void | Promise<void>) | undefined;
  /** Runs work after the answer (forwards, hooks) so that close() can wait for it. */
  track: (work: Promise<void>) => void;
  now: () => Date;
}

/**
 * `flight.committed` is set once the webhook goes to the store: from then on its answer
 * must go out, however the receiver is stopped (shutdown.ts).
 */
export async function handleWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  path: { pathname: string; query: string },
  ctx: WebhookContext,
  flight: { committed: boolean },
): Promise<void> {
  const receivedAt = ctx.now().toISOString();
  const body = await readBody(req, ctx.maxBody);
  if (!body.ok) {
    if (body.status === 0) return; // the client went away; nothing to answer
    const reason = body.status === 413 ? 'too-large' : body.status === 415 ? 'encoding' : 'bad-gzip';
    reject(req, res, { reason, status: body.status, message: body.error }, ctx.emit);
    return;
  }

  const result = intake(
    body.bytes,
    { receivedAt, method: req.method ?? 'POST', path: path.pathname, query: path.query, remoteAddress: req.socket.remoteAddress ?? '', headers: req.headers },
    { strict: ctx.strict, respondStatus: ctx.respondStatus },
  );

  let stored: Awaited<ReturnType<CaptureStore['append']>>;
  flight.committed = true;
  try {
    stored = await ctx.store.append(result.record);
  } catch (error) {
    ctx.emit({ type: 'error', stage: 'store', message: `could not store the capture: ${(error as Error).message}` });
    sendJson(res, 500, { error: 'the receiver could not store this webhook; it was not accepted' });
    return;
  }
  const { forwarder, onStored } = ctx;
  const eventId = result.record.eventId;
  const source = { headers: req.headers, remoteAddress: result.record.remoteAddress, proto: ctx.proto };
  // --forward-status: the app answers, a duplicate too (it is the sender's retry, and the
  // app decides what a retry means). What listen refuses itself (400, 422) is not forwarded.
  const relay = ctx.forwardStatus && forwarder && result.judged < 300 ? await forwarder.forward(body.bytes, source, { eventId, keepAnswer: true }) : undefined;
  if (ctx.delayMs > 0 && !ctx.stopping.aborted) await ctx.sleep(ctx.delayMs, ctx.stopping);
  let status = result.status;
  if (relay) status = relayAnswer(res, relay, eventId);
  else sendJson(res, result.status, answerBody(result, stored.duplicate, ctx.respondStatus));

  const { valid, json, errors, warnings } = result;
  ctx.emit({ type: 'webhook', capture: stored.capture, duplicate: stored.duplicate, status, valid, json, errors, warnings, forwarded: forwardedOf(req) });
  if (relay && forwarder) ctx.emit(forwardedEvent(eventId, forwarder.url, relay));
  if (stored.duplicate) return;

  if (forwarder && !relay && result.judged < 300) {
    ctx.track(forwarder.forward(body.bytes, source, { eventId }).then((forwarded) => ctx.emit(forwardedEvent(eventId, forwarder.url, forwarded))));
  }
  if (onStored) {
    ctx.track(
      Promise.resolve()
        .then(() => onStored(stored.capture))
        .catch((error: unknown) => ctx.emit({ type: 'error', stage: 'hook', message: (error as Error).message })),
    );
  }
}
