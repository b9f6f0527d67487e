/**
 * Log-linear histograms (the HdrHistogram layout) for wait-time percentiles without storing every
 * wait. Values are seconds, counted in units of 0.1 s; values below 12.8 s get one bucket per
 * 0.1 s, above that each power of two is split into 64 buckets (relative width ≤ 1/64 ≈ 1.6 %).
 * Percentiles interpolate linearly inside a bucket.
 *
 * Many histograms live in one Uint32Array (`HistogramSet`), addressed by an integer slot, so the
 * engine keeps one per (lane, hour) without objects.
 */
export const HIST_UNIT = 0.1; // seconds per unit
const LINEAR = 128; // buckets 0..127 are exact units
const SUB = 64; // sub-buckets per octave above LINEAR
export const HIST_BUCKETS = LINEAR + 25 * SUB; // covers up to 2^32 units (≈ 13.6 years)

/** Bucket index of a value in seconds. */
export function bucketOf(seconds: number): number {
  const x = seconds / HIST_UNIT;
  if (x < LINEAR) return x < 0 ? 0 : x | 0;
  if (x >= 4294967295) return HIST_BUCKETS - 1;
  const xi = x >>> 0;
  const e = 31 - Math.clz32(xi); // floor(log2 x) ≥ 7
  const shift = e - 6;
  return LINEAR + (e - 7) * SUB + ((xi >>> shift) - SUB);
}

/** Lower bound (seconds) of a bucket, and its width. */
export function bucketLow(b: number): number {
  if (b < LINEAR) return b * HIST_UNIT;
  const k = b - LINEAR;
  const e = 7 + Math.floor(k / SUB);
  const m = SUB + (k % SUB);
  return m * 2 ** (e - 6) * HIST_UNIT;
}

export function bucketWidth(b: number): number {
  if (b < LINEAR) return HIST_UNIT;
  const e = 7 + Math.floor((b - LINEAR) / SUB);
  return 2 ** (e - 6) * HIST_UNIT;
}

export class HistogramSet {
  readonly counts: Uint32Array;
  readonly n: number;

  constructor(n: number) {
    this.n = n;
    this.counts = new Uint32Array(n * HIST_BUCKETS);
  }

  add(slot: number, seconds: number): void {
    this.counts[slot * HIST_BUCKETS + bucketOf(seconds)]++;
  }
}

/** A free-standing histogram: a plain array of bucket counts (used to merge and query). */
export type Histogram = Float64Array;

export function emptyHistogram(): Histogram {
  return new Float64Array(HIST_BUCKETS);
}

export function addSlotInto(target: Histogram, set: HistogramSet, slot: number): void {
  const base = slot * HIST_BUCKETS;
  const c = set.counts;
  for (let i = 0; i < HIST_BUCKETS; i++) {
    const v = c[base + i];
    if (v !== 0) target[i] += v;
  }
}

export function mergeInto(target: Histogram, source: Histogram): void {
  for (let i = 0; i < HIST_BUCKETS; i++) target[i] += source[i];
}

export function histogramCount(h: Histogram): number {
  let n = 0;
  for (let i = 0; i < HIST_BUCKETS; i++) n += h[i];
  return n;
}

/** Quantiles (q in [0,1]) of a histogram, interpolated inside buckets; NaN when empty. */
export function quantiles(h: Histogram, qs: readonly number[]): number[] {
  const total = histogramCount(h);
  if (total === 0) return qs.map(() => Number.NaN);
  const out: number[] = [];
  for (const q of qs) {
    const rank = q * total;
    let acc = 0;
    let result = bucketLow(HIST_BUCKETS - 1);
    for (let b = 0; b < HIST_BUCKETS; b++) {
      const c = h[b];
      if (c === 0) continue;
      if (acc + c >= rank) {
        const frac = c > 0 ? (rank - acc) / c : 0;
        // zero waits are common (a free booth): keep them exactly zero
        result = b === 0 ? 0 : bucketLow(b) + frac * bucketWidth(b);
        break;
      }
      acc += c;
    }
    out.push(result);
  }
  return out;
}
