/** Latency samples and their summary. */

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Append-only store of millisecond samples (a growable Float64Array). */
export class Samples {
  #values = new Float64Array(1 << 16);
  #length = 0;

  add(ms: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = ms;
  }

  get count(): number {
    return this.#length;
  }

  summary(): LatencySummary {
    const sorted = this.#values.slice(0, this.#length).sort();
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: sorted.length,
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      p999: at(0.999),
      max: sorted.length ? sorted[sorted.length - 1]! : NaN,
      mean: sorted.length ? sum / sorted.length : NaN,
    };
  }
}

/** Milliseconds on a clock shared by every process of this machine. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
