/**
 * Keeps a large download's memory flat (target: a 200 MiB document under 100 MiB
 * peak RSS). Two things make Node's RSS balloon while streaming, measured with
 * bench/fetch-doc.mjs:
 * - undici's HTTP parser is WebAssembly; V8 recompiles it in the background with its
 *   optimizing tier, a ~30 MiB spike. The baseline tier is fast enough for a parser that
 *   mostly hands body bytes through, so fetch-doc asks V8 for the baseline tier only.
 *   This must run before undici is first loaded; later it changes nothing.
 * - Every socket read is a fresh 64 KiB buffer. Their small JS wrappers never fill the
 *   young generation, so V8 only collects them once ~64 MiB of garbage buffers piled up.
 *   A young-generation collection every 8 MiB (a few milliseconds) frees them.
 * Both are best effort: when V8 refuses a flag, downloads work as before.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

let prepared = false;
let collect: ((options: { type: 'minor' }) => void) | null | undefined;

/** Call before undici is imported. */
export function preferLowMemory(): void {
  if (prepared) return;
  prepared = true;
  try {
    v8.setFlagsFromString('--liftoff-only');
  } catch {
    // older or newer V8 without the flag: only costs memory
  }
}

/** A cheap young-generation collection, when V8 lets us ask for one. */
export function collectYoungGarbage(): void {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as (options: { type: 'minor' }) => void;
    } catch {
      collect = null;
    }
  }
  try {
    collect?.({ type: 'minor' });
  } catch {
    collect = null;
  }
}
