/**
 * Keeps a large download's memory flat (target: a 200 MiB document under 100 MiB
 * peak RSS). Two things make Node's RSS balloon while streaming, measured with
 * bench/fetch-doc.mjs:
 * - undici's HTTP parser is WebAssembly; V8 recompiles it in the background with its
 *   optimizing tier, a ~30 MiB spike. http/parser-tier.ts asks V8 for the baseline tier
 *   only, for every dispatcher (createDispatcher).
 * - Every socket read is a fresh 64 KiB buffer. Their small JS wrappers never fill the
 *   young generation, so V8 only collects them once ~64 MiB of garbage buffers piled up.
 *   A young-generation collection every 8 MiB (a few milliseconds) frees them.
 * Both are best effort: when V8 refuses a flag, downloads work as before.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: ((options: { type: 'minor' }) => void) | null | undefined;

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
