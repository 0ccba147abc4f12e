/**
 * Counts and latency percentiles of a `send` run (sent, 2xx, non-2xx, errors,
 * rate, p50/p95/p99). Latencies go into a typed array; sorting once at the end is cheap.
 */

export interface SendSummary {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** 2xx answers that said the payload is invalid (`"valid":false`, as listen answers). */
  invalid: number;
  /** Wall time of the whole run. */
  ms: number;
  /** Requests per second over the run. */
  rate: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The value below which `p` percent of the sorted values fall (nearest rank). */
export function percentile(sorted: Float64Array | readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export class SendStats {
  private latencies: Float64Array;
  private n = 0;
  ok = 0;
  non2xx = 0;
  errors = 0;
  invalid = 0;

  constructor(expected = 16) {
    this.latencies = new Float64Array(Math.max(1, expected));
  }

  get sent(): number {
    return this.n;
  }

  /** One finished request: its status (undefined when it failed without one), latency, and whether a 2xx answer called the payload invalid. */
  add(status: number | undefined, ms: number, invalid = false): void {
    if (this.n === this.latencies.length) {
      const bigger = new Float64Array(this.latencies.length * 2);
      bigger.set(this.latencies);
      this.latencies = bigger;
    }
    this.latencies[this.n++] = ms;
    if (status === undefined) this.errors++;
    else if (status >= 200 && status < 300) {
      this.ok++;
      if (invalid) this.invalid++;
    } else this.non2xx++;
  }

  summary(elapsedMs: number): SendSummary {
    const sorted = this.latencies.slice(0, this.n).sort();
    return {
      sent: this.n,
      ok: this.ok,
      non2xx: this.non2xx,
      errors: this.errors,
      invalid: this.invalid,
      ms: Math.round(elapsedMs),
      rate: elapsedMs > 0 ? round((this.n * 1000) / elapsedMs) : 0,
      p50: round(percentile(sorted, 50), 2),
      p95: round(percentile(sorted, 95), 2),
      p99: round(percentile(sorted, 99), 2),
    };
  }
}
