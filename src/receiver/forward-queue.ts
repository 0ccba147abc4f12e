/**
 * The forwards of --forward-to in flight and waiting, bounded (issue 18: an app that never
 * answers plus 400 webhooks of 1 MB took listen from 69 MB to 976 MB). At most
 * MAX_IN_FLIGHT forwards run at once; later ones wait in order while the bodies waiting
 * stay under MAX_QUEUED_BYTES; beyond that a forward is dropped at once with a reason.
 * The webhook itself is stored and answered either way: it can be replayed to the app.
 */
import { formatBytes } from '../core/format.js';

export const MAX_IN_FLIGHT = 16;
export const MAX_QUEUED_BYTES = 32 * 1024 * 1024;

export interface ForwardQueue {
  /**
   * Runs `work` when a slot is free. Resolves with its result, or at once with
   * `dropped(reason)` when too much is waiting.
   */
  run<T>(bytes: number, work: () => Promise<T>, dropped: (reason: string) => T): Promise<T>;
}

export function createForwardQueue(maxInFlight = MAX_IN_FLIGHT, maxQueuedBytes = MAX_QUEUED_BYTES): ForwardQueue {
  let running = 0;
  let queuedBytes = 0;
  const waiting: Array<{ bytes: number; start: () => void }> = [];

  function next(): void {
    running--;
    const entry = waiting.shift();
    if (!entry) return;
    queuedBytes -= entry.bytes;
    running++;
    entry.start();
  }

  return {
    run(bytes, work, dropped) {
      if (running < maxInFlight) {
        running++;
        return work().finally(next);
      }
      if (queuedBytes + bytes > maxQueuedBytes) {
        return Promise.resolve(
          dropped(`${running} forwards are waiting for the app to answer and ${waiting.length} more (${formatBytes(queuedBytes)}) are queued`),
        );
      }
      queuedBytes += bytes;
      return new Promise((resolve, reject) => {
        waiting.push({ bytes, start: () => work().then(resolve, reject).finally(next) });
      });
    },
  };
}
