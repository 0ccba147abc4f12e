/**
 * One request of `send` and what its answer said: the status, the first bytes of a
 * non-2xx body, the realm of a 401, and whether a 2xx JSON answer judged the payload
 * invalid (`"valid":false`, as `itscope-hooks listen` answers a payload that fails the
 * schema; issue 19). Only what a message needs is read; the rest is never waited for.
 */
import type { Dispatcher } from 'undici';
import { formatDuration } from '../cli/values.js';
import { readSnippet } from '../http/read-snippet.js';
import type { RequestFailure } from '../http/request-failure.js';

export interface Exchange {
  status: number;
  /** First bytes of a non-2xx answer. */
  snippet?: string;
  /** The deadline passed while the answer's body was still arriving. */
  cut?: boolean;
  /** A 401's realm, from its WWW-Authenticate header. */
  realm?: string;
  /** A 2xx answer that said the payload is invalid, with the first problem it named. */
  invalid?: { problem: string | undefined };
}

const SNIPPET_BYTES = 200;
/** A 2xx JSON answer up to this size is read for its verdict. */
const VERDICT_BYTES = 4096;
/** At most this much of a 2xx answer is read (and thrown away); the connection is closed after it. */
const DRAIN_BYTES = 64 * 1024;

/** The quoted realm of a WWW-Authenticate header, e.g. "itscope-hooks". */
export function realmOf(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(', ') : header;
  const m = text ? /realm="((?:[^"\\]|\\.)*)"/i.exec(text) : null;
  return m ? (m[1] ?? '').replace(/\\(.)/g, '$1') : undefined;
}

/** `"valid": false` in a receiver's JSON answer, with the first of its `errors`; undefined when it does not say so. */
export function verdictOf(text: string): { problem: string | undefined } | undefined {
  if (!/"valid"\s*:\s*false/.test(text)) return undefined;
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!answer || typeof answer !== 'object' || (answer as { valid?: unknown }).valid !== false) return undefined;
  const errors = (answer as { errors?: unknown }).errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  const problem = typeof first === 'string' ? first : first && typeof first === 'object' ? (first as { message?: unknown }).message : undefined;
  return { problem: typeof problem === 'string' ? problem : undefined };
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A 2xx answer: its verdict when it is small JSON, else drained (at most DRAIN_BYTES). */
async function readAccepted(response: Dispatcher.ResponseData): Promise<Exchange['invalid']> {
  const { body, headers } = response;
  if (!/json/i.test(header(headers, 'content-type') ?? '')) {
    await body.dump({ limit: DRAIN_BYTES });
    return undefined;
  }
  const length = Number(header(headers, 'content-length') ?? Number.NaN);
  // The common case (listen's answer): a short body of known length, read whole.
  if (length <= VERDICT_BYTES) return verdictOf(await body.text());
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size < VERDICT_BYTES) chunks.push(chunk);
    size += chunk.length;
    if (size > DRAIN_BYTES) {
      body.destroy();
      break;
    }
  }
  return verdictOf(Buffer.concat(chunks).subarray(0, VERDICT_BYTES).toString('utf8'));
}

/**
 * One request whose deadline covers the whole exchange (issue 18): connecting (also through
 * a proxy that never answers CONNECT), the answer's headers, and the part of its body that
 * is read — the snippet of a failure, or the verdict of a 2xx answer. A body cut by the
 * deadline is reported as such, never as a success. A timer per request costs far less
 * than an AbortSignal per request in load mode (measured); an abandoned request is ended
 * when the caller destroys the dispatcher.
 */
export async function exchange(request: () => Promise<Dispatcher.ResponseData>, ms: number): Promise<Exchange> {
  let response: Dispatcher.ResponseData | undefined;
  let timer: NodeJS.Timeout | undefined;
  const pending = request();
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      if (response) response.body.destroy();
      else
        pending.then(
          (late) => late.body.destroy(),
          () => undefined,
        );
      reject(Object.assign(new Error(`no answer within ${formatDuration(ms)}`), { name: 'TimeoutError' }));
    }, ms);
  });
  deadline.catch(() => undefined);
  try {
    response = await Promise.race([pending, deadline]);
    const status = response.statusCode;
    try {
      if (status >= 200 && status < 300) {
        const invalid = await Promise.race([readAccepted(response), deadline]);
        return invalid ? { status, invalid } : { status };
      }
      const snippet = await Promise.race([readSnippet(response.body, SNIPPET_BYTES), deadline]);
      const realm = status === 401 ? realmOf(response.headers['www-authenticate']) : undefined;
      return realm === undefined ? { status, snippet } : { status, snippet, realm };
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return { status, cut: true };
      throw error;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The failure of an answer whose body did not arrive within the deadline. */
export function cutAnswer(status: number, timeoutMs: number): RequestFailure {
  return {
    code: 'TIMEOUT',
    message: `HTTP ${status} arrived, but the rest of the answer did not within ${formatDuration(timeoutMs)}`,
    hint: 'the receiver sends its answer too slowly: answer at once (a short body is enough), or raise --timeout (e.g. --timeout 30s)',
    retryable: true,
  };
}
