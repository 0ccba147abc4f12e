/**
 * undici parses HTTP answers with llhttp compiled to WebAssembly. V8 first compiles it with
 * its baseline tier (Liftoff) and recompiles hot functions with its optimizing tier
 * (TurboFan) on background threads. For our requests that second compile buys nothing
 * measurable (the parser mostly hands body bytes through; `bench/send.mjs` in load mode
 * and `bench/fetch-doc.mjs` showed no difference) and costs twice:
 * - ~30 MiB of peak RSS while it runs (a one-shot `send` peaked at 103 MiB with it);
 * - on Node 20, the process waits for background compiles before it exits: 60–200 ms of
 *   idle time after a one-shot command's work is done (issue 17; Node 22 and later exit
 *   at once).
 * So every process that makes requests asks V8 for the baseline tier only. The flag must
 * be set before undici compiles its parser (on the first connection): createDispatcher
 * does it. Best effort: a V8 without the flag only costs memory and time.
 */
import v8 from 'node:v8';

let done = false;

export function useBaselineParser(): void {
  if (done) return;
  done = true;
  try {
    v8.setFlagsFromString('--liftoff-only');
  } catch {
    // a V8 without the flag: requests work as before
  }
}
