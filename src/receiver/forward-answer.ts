/**
 * `listen --forward-to … --forward-status`: the sender gets the app's answer instead of
 * listen's own 200, so that an app's failure path and the sender's retries can be tested
 * end to end. The webhook is stored before it is forwarded, whatever the app answers.
 *
 * - The app answered: its status, its Content-Type and the first ANSWER_BYTES bytes of
 *   its body (a longer body is passed on cut at that size).
 * - No answer within --forward-timeout: 504 with a JSON error.
 * - The forward failed (refused, DNS, TLS, a broken-off answer): 502 with a JSON error.
 * - Too many forwards waiting for the app (forward-queue.ts): 503 with a JSON error.
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from './answer.js';
import type { ForwardEvent } from './events.js';
import type { ForwardResult } from './forwarder.js';

/** Statuses whose answers carry no body (RFC 9110; node:http sends none for them). */
const NO_BODY = new Set([204, 304]);

/** Answers the sender for the forward's result; returns the status sent. */
export function relayAnswer(res: ServerResponse, relay: ForwardResult, eventId: string | undefined): number {
  const id = eventId !== undefined ? { eventId } : {};
  if (relay.dropped) {
    const error = `too many webhooks are waiting for your app (${relay.error ?? 'the forward queue is full'}); the webhook is stored: send it again later`;
    sendJson(res, 503, { error, ...id });
    return 503;
  }
  if (relay.status !== undefined && relay.answer) {
    const { body, contentType } = relay.answer;
    const empty = NO_BODY.has(relay.status);
    res.writeHead(relay.status, {
      ...(contentType !== undefined && !empty ? { 'content-type': contentType } : {}),
      ...(empty ? {} : { 'content-length': body.length }),
    });
    res.end(empty ? undefined : body);
    return relay.status;
  }
  const status = relay.timedOut ? 504 : 502;
  const error = relay.timedOut
    ? `your app did not answer in time (--forward-timeout): ${relay.error ?? 'timed out'}; the webhook is stored`
    : `listen could not forward the webhook to your app: ${relay.error ?? 'the forward failed'}; the webhook is stored`;
  sendJson(res, status, { error, ...id });
  return status;
}

/** The event for a forward's result: what the renderer and --json show (not the answer's bytes). */
export function forwardedEvent(eventId: string | undefined, url: string, result: ForwardResult): ForwardEvent {
  const { answer: _answer, timedOut: _timedOut, ...shown } = result;
  return { type: 'forwarded', eventId, url, ...shown };
}
