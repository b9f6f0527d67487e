/**
 * Service-time (and other positive) distributions: plain-data specifications, as written in
 * scenario files, and a compiled form the engine samples from without allocating.
 *
 * All times are in seconds.
 */
import type { Rng } from './rng.ts';

export type DistributionSpec =
  | { kind: 'exponential'; mean: number }
  | { kind: 'deterministic'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  /** lognormal given by its mean and coefficient of variation (sd / mean) */
  | { kind: 'lognormal'; mean: number; cv: number }
  /** gamma given by its mean and coefficient of variation; shape = 1 / cv² */
  | { kind: 'gamma'; mean: number; cv: number }
  /** Erlang-k: the sum of k exponential phases, total mean `mean`; cv = 1 / sqrt(k) */
  | { kind: 'erlang'; k: number; mean: number }
  /** resampling of observed values, optionally weighted */
  | { kind: 'empirical'; values: number[]; weights?: number[] };

export const KIND_EXPONENTIAL = 0;
export const KIND_DETERMINISTIC = 1;
export const KIND_UNIFORM = 2;
export const KIND_LOGNORMAL = 3;
export const KIND_GAMMA = 4;
export const KIND_ERLANG = 5;
export const KIND_EMPIRICAL = 6;

export interface CompiledDistribution {
  readonly kind: number;
  /** kind-specific parameters (see compileDistribution) */
  readonly p1: number;
  readonly p2: number;
  readonly p3: number;
  /** empirical: sorted-by-input values and their cumulative probabilities */
  readonly values: Float64Array;
  readonly cum: Float64Array;
  readonly mean: number;
  /** squared coefficient of variation, Var / mean² (used by the Allen–Cunneen approximation) */
  readonly scv: number;
  readonly spec: DistributionSpec;
}

const EMPTY = new Float64Array(0);

export function compileDistribution(spec: DistributionSpec): CompiledDistribution {
  switch (spec.kind) {
    case 'exponential':
      return mk(KIND_EXPONENTIAL, spec.mean, 0, 0, spec.mean, 1, spec);
    case 'deterministic':
      return mk(KIND_DETERMINISTIC, spec.value, 0, 0, spec.value, 0, spec);
    case 'uniform': {
      const mean = (spec.min + spec.max) / 2;
      const w = spec.max - spec.min;
      return mk(KIND_UNIFORM, spec.min, w, 0, mean, mean > 0 ? (w * w) / 12 / (mean * mean) : 0, spec);
    }
    case 'lognormal': {
      const s2 = Math.log(1 + spec.cv * spec.cv);
      const mu = Math.log(spec.mean) - s2 / 2;
      return mk(KIND_LOGNORMAL, mu, Math.sqrt(s2), 0, spec.mean, spec.cv * spec.cv, spec);
    }
    case 'gamma': {
      if (spec.cv === 0) return mk(KIND_DETERMINISTIC, spec.mean, 0, 0, spec.mean, 0, spec);
      const shape = 1 / (spec.cv * spec.cv);
      return mk(KIND_GAMMA, shape, spec.mean / shape, 0, spec.mean, spec.cv * spec.cv, spec);
    }
    case 'erlang': {
      const k = Math.round(spec.k);
      return mk(KIND_ERLANG, k, spec.mean / k, 0, spec.mean, 1 / k, spec);
    }
    case 'empirical': {
      const n = spec.values.length;
      const values = Float64Array.from(spec.values);
      const cum = new Float64Array(n);
      let total = 0;
      for (let i = 0; i < n; i++) total += spec.weights ? spec.weights[i] : 1;
      let acc = 0;
      let m1 = 0;
      let m2 = 0;
      for (let i = 0; i < n; i++) {
        const w = (spec.weights ? spec.weights[i] : 1) / total;
        acc += w;
        cum[i] = acc;
        m1 += w * values[i];
        m2 += w * values[i] * values[i];
      }
      cum[n - 1] = 1;
      const variance = Math.max(0, m2 - m1 * m1);
      return {
        kind: KIND_EMPIRICAL,
        p1: n,
        p2: 0,
        p3: 0,
        values,
        cum,
        mean: m1,
        scv: m1 > 0 ? variance / (m1 * m1) : 0,
        spec,
      };
    }
  }
}

function mk(
  kind: number,
  p1: number,
  p2: number,
  p3: number,
  mean: number,
  scv: number,
  spec: DistributionSpec,
): CompiledDistribution {
  return { kind, p1, p2, p3, values: EMPTY, cum: EMPTY, mean, scv, spec };
}

/** Returns the same distribution with its mean multiplied by `factor` (shape unchanged). */
export function scaleDistribution(spec: DistributionSpec, factor: number): DistributionSpec {
  switch (spec.kind) {
    case 'exponential':
      return { kind: 'exponential', mean: spec.mean * factor };
    case 'deterministic':
      return { kind: 'deterministic', value: spec.value * factor };
    case 'uniform':
      return { kind: 'uniform', min: spec.min * factor, max: spec.max * factor };
    case 'lognormal':
      return { kind: 'lognormal', mean: spec.mean * factor, cv: spec.cv };
    case 'gamma':
      return { kind: 'gamma', mean: spec.mean * factor, cv: spec.cv };
    case 'erlang':
      return { kind: 'erlang', k: spec.k, mean: spec.mean * factor };
    case 'empirical':
      return { kind: 'empirical', values: spec.values.map((v) => v * factor), weights: spec.weights };
  }
}

/** Gamma(shape, scale) by Marsaglia & Tsang (2000); shape < 1 through the u^(1/shape) boost. */
export function sampleGamma(shape: number, scale: number, rng: Rng): number {
  if (shape < 1) {
    const g = sampleGamma(shape + 1, 1, rng);
    return scale * g * Math.pow(rng.uniform(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return scale * d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return scale * d * v;
  }
}

/** One draw. The engine inlines the exponential case and calls this for the others. */
export function sample(dist: CompiledDistribution, rng: Rng): number {
  switch (dist.kind) {
    case KIND_EXPONENTIAL:
      return dist.p1 * rng.exponential();
    case KIND_DETERMINISTIC:
      return dist.p1;
    case KIND_UNIFORM:
      return dist.p1 + dist.p2 * rng.uniform();
    case KIND_LOGNORMAL:
      return Math.exp(dist.p1 + dist.p2 * rng.normal());
    case KIND_GAMMA:
      return sampleGamma(dist.p1, dist.p2, rng);
    case KIND_ERLANG: {
      const k = dist.p1;
      if (k <= 16) {
        let prod = 1;
        for (let i = 0; i < k; i++) prod *= rng.uniform();
        return -dist.p2 * Math.log(prod);
      }
      return sampleGamma(k, dist.p2, rng);
    }
    case KIND_EMPIRICAL: {
      const u = rng.uniform();
      const cum = dist.cum;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      return dist.values[lo];
    }
    default:
      throw new Error(`unknown distribution kind ${dist.kind}`);
  }
}
