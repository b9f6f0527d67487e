/**
 * Wait-time prediction for one series (a port × lane type): the wait at a future hour, from the
 * hourly history and the latest observations, with an error band.
 *
 * Model (updated online, one observation at a time; no refit from scratch):
 *   mean(t | origin o) = base(t) + β_k · x(o, t),   k = t − o + 1 (horizon in hours)
 * - base(t): a weekday × hour profile, exponentially weighted so that recent weeks count most
 *   (half-life `halfLifeWeeks`), plus a holiday effect: the mean deviation from the profile seen
 *   on the same holiday tag (e.g. `ca-victoria-day@-2`, the Saturday of the long weekend) in
 *   earlier years, by hour, shrunk towards zero when seen few times. Holiday hours do not update
 *   the ordinary profile.
 * - x(o, t): the recent deviation from the profile known at the origin: the last two residuals,
 *   the mean residual of the last 24 h and of the last 168 h, a constant, and the last residual
 *   rescaled by how the profile moves from the last hour to the target. β_k is a ridge
 *   regression per horizon whose sums are updated with every observation (re-solved every 24), so
 *   the recent deviation fades with the horizon as much as the data say.
 * - Point prediction: the regression gives a mean; waits are skewed (many near-zero hours), so the
 *   prediction is shifted by the median of the model's own past errors of the same kind, which is
 *   what minimises the absolute error.
 * - Error band: empirical quantiles of those past errors (made online on earlier data, never on the
 *   future), by horizon bucket and predicted-level bucket.
 *
 * Times are naive hour numbers (hours since 1970-01-01 00:00 of the local clock; see
 * sources/hourly-waits.ts), values are minutes.
 */
import { dateOf, weekdayOf } from '../sources/hourly-waits.ts';
import { HolidayCalendar, type HolidayRegion } from './holidays.ts';

export interface PredictorOptions {
  /** half-life of the weekday × hour profile, in weeks (default 6) */
  halfLifeWeeks?: number;
  /** holiday regions whose days get their own effects (default CA, CA-BC, US); [] to disable */
  holidayRegions?: HolidayRegion[];
  /** shrinkage of holiday effects: effect × n / (n + holidayShrink) (default 1) */
  holidayShrink?: number;
  /** ridge penalty of the per-horizon regressions (default 50) */
  ridge?: number;
  /** longest horizon predicted, hours (default 168) */
  maxHorizon?: number;
  /** central probability of the error band (default 0.8: from the 10th to the 90th percentile) */
  bandLevel?: number;
}

export interface Prediction {
  /** target hour (naive hour number) */
  hour: number;
  /** hours ahead of the last observation (1 = the next hour) */
  horizon: number;
  value: number;
  low: number;
  high: number;
  /** the seasonal part alone (profile + holiday) */
  base: number;
}

/** stored per origin: last residual, the one before, mean residual 24 h, mean residual 168 h, base of the last hour */
const NO = 5;
/**
 * regression inputs for (origin, target): last residual, the one before, mean residual 24 h,
 * mean residual 168 h, constant, and the last residual rescaled by how the profile moves from the
 * last hour to the target (a deviation of +10 min at a 30-min peak means less at a 3-min night hour)
 */
const NF = 6;
const RING = 512; // recent values kept (hours), a power of two ≥ 168 + maxHorizon
const HORIZON_BUCKETS = [1, 3, 6, 12, 24, 72, 168]; // upper bounds
const LEVEL_BUCKETS = [1, 3, 7, 15, 30, Infinity]; // predicted minutes, upper bounds
/** regression coefficients are re-solved from their running sums every this many observations */
const REFIT_EVERY = 24;
const BIN = 0.2; // minutes per residual histogram bin
const NBINS = 1500; // residuals from −150 to +150 minutes

function horizonBucket(k: number): number {
  for (let i = 0; i < HORIZON_BUCKETS.length; i++) if (k <= HORIZON_BUCKETS[i]) return i;
  return HORIZON_BUCKETS.length - 1;
}

function levelBucket(v: number): number {
  for (let i = 0; i < LEVEL_BUCKETS.length; i++) if (v < LEVEL_BUCKETS[i]) return i;
  return LEVEL_BUCKETS.length - 1;
}

/** Solves the NF×NF system A x = b (A symmetric positive definite) by Gaussian elimination. */
function solve(A: Float64Array, b: Float64Array, out: Float64Array): void {
  const n = NF;
  const M = new Float64Array(n * (n + 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) M[i * (n + 1) + j] = A[i * n + j];
    M[i * (n + 1) + n] = b[i];
  }
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * (n + 1) + c]) > Math.abs(M[p * (n + 1) + c])) p = r;
    if (p !== c)
      for (let j = 0; j <= n; j++) [M[c * (n + 1) + j], M[p * (n + 1) + j]] = [M[p * (n + 1) + j], M[c * (n + 1) + j]];
    const d = M[c * (n + 1) + c];
    if (Math.abs(d) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r * (n + 1) + c] / d;
      if (f === 0) continue;
      for (let j = c; j <= n; j++) M[r * (n + 1) + j] -= f * M[c * (n + 1) + j];
    }
  }
  for (let i = 0; i < n; i++) {
    const d = M[i * (n + 1) + i];
    out[i] = Math.abs(d) < 1e-12 ? 0 : M[i * (n + 1) + n] / d;
  }
}

export class WaitPredictor {
  readonly options: Required<PredictorOptions>;
  private readonly alpha: number;
  private readonly calendar: HolidayCalendar | undefined;
  // weekday × hour profile (Monday 00:00 = 0)
  private readonly prof = new Float64Array(168);
  private readonly profN = new Float64Array(168);
  // holiday effects: tag → 24 sums and counts
  private readonly hol = new Map<string, { sum: Float64Array; n: Float64Array }>();
  private readonly tagCache = new Map<number, string | undefined>();
  // recent observations and residuals, by hour modulo RING (NaN = missing)
  private readonly vals = new Float64Array(RING).fill(Number.NaN);
  private readonly res = new Float64Array(RING).fill(Number.NaN);
  // features at each origin (ring by origin hour), and whether they were recorded
  private readonly feats = new Float64Array(RING * NO);
  private readonly x = new Float64Array(NF);
  private readonly featOk = new Uint8Array(RING);
  private readonly featHour = new Float64Array(RING).fill(Number.NaN);
  // per-horizon regression: XtX (NF×NF) and Xty (NF)
  private readonly xtx: Float64Array;
  private readonly xty: Float64Array;
  private readonly beta: Float64Array;
  private readonly betaStale: Uint8Array;
  // predictions made at past origins, to learn the error distribution: ring by origin × horizon
  private readonly pastPred: Float64Array;
  private readonly errHist: Float64Array;
  private readonly errN: Float64Array;
  private last = Number.NaN; // last observed hour
  private sinceRefit = 0;
  private sum24 = 0; // running sums of residuals over the last 24 / 168 hours
  private cnt24 = 0;
  private sum168 = 0;
  private cnt168 = 0;
  observations = 0;

  constructor(options: PredictorOptions = {}) {
    this.options = {
      halfLifeWeeks: options.halfLifeWeeks ?? 6,
      holidayRegions: options.holidayRegions ?? ['CA', 'CA-BC', 'US'],
      holidayShrink: options.holidayShrink ?? 1,
      ridge: options.ridge ?? 50,
      maxHorizon: Math.min(options.maxHorizon ?? 168, RING - 170),
      bandLevel: options.bandLevel ?? 0.8,
    };
    this.alpha = 1 - Math.pow(0.5, 1 / this.options.halfLifeWeeks);
    this.calendar =
      this.options.holidayRegions.length > 0 ? new HolidayCalendar(this.options.holidayRegions) : undefined;
    const K = this.options.maxHorizon;
    this.xtx = new Float64Array((K + 1) * NF * NF);
    this.xty = new Float64Array((K + 1) * NF);
    this.beta = new Float64Array((K + 1) * NF);
    this.betaStale = new Uint8Array(K + 1).fill(1);
    this.pastPred = new Float64Array(RING * (K + 1)).fill(Number.NaN);
    this.errHist = new Float64Array(HORIZON_BUCKETS.length * LEVEL_BUCKETS.length * NBINS);
    this.errN = new Float64Array(HORIZON_BUCKETS.length * LEVEL_BUCKETS.length);
  }

  /** The hour of the latest observation (NaN before any). */
  get lastHour(): number {
    return this.last;
  }

  private tagOf(hour: number): string | undefined {
    if (!this.calendar) return undefined;
    const day = Math.floor(hour / 24);
    if (this.tagCache.has(day)) return this.tagCache.get(day);
    const t = this.calendar.tag(dateOf(hour));
    if (this.tagCache.size > 4096) this.tagCache.clear();
    this.tagCache.set(day, t);
    return t;
  }

  /** Profile value of an hour (NaN while the cell has never been seen). */
  private profileAt(hour: number): number {
    const cell = weekdayOf(hour) * 24 + (hour % 24);
    return this.profN[cell] > 0 ? this.prof[cell] : Number.NaN;
  }

  private holidayAt(hour: number): number {
    const tag = this.tagOf(hour);
    if (tag === undefined) return 0;
    const e = this.hol.get(tag);
    if (!e) return 0;
    const h = hour % 24;
    const n = e.n[h];
    return n > 0 ? (e.sum[h] / n) * (n / (n + this.options.holidayShrink)) : 0;
  }

  /** Seasonal part for an hour: profile + holiday effect (NaN before the profile exists). */
  baseAt(hour: number): number {
    const p = this.profileAt(hour);
    if (Number.isNaN(p)) return Number.NaN;
    return Math.max(0, p + this.holidayAt(hour));
  }

  /** Origin features known at `o` (data before o), into out[offset .. offset + NO). */
  private features(o: number, out: Float64Array, offset: number): boolean {
    // the two most recent residuals within 3 hours before o
    let r1 = Number.NaN;
    let r2 = Number.NaN;
    let h1 = Number.NaN;
    for (let d = 1; d <= 3; d++) {
      const h = o - d;
      if (h > this.last || h < this.last - RING + 1) continue;
      const r = this.res[((h % RING) + RING) % RING];
      if (Number.isNaN(r)) continue;
      if (Number.isNaN(r1)) {
        r1 = r;
        h1 = h;
      } else {
        r2 = r;
        break;
      }
    }
    if (Number.isNaN(r1) && this.cnt24 === 0) return false;
    const m24 = this.cnt24 > 0 ? this.sum24 / this.cnt24 : 0;
    out[offset] = Number.isNaN(r1) ? m24 : r1;
    out[offset + 1] = Number.isNaN(r2) ? out[offset] : r2;
    out[offset + 2] = m24;
    out[offset + 3] = this.cnt168 > 0 ? this.sum168 / this.cnt168 : 0;
    const bl = Number.isNaN(h1) ? Number.NaN : this.baseAt(h1);
    out[offset + 4] = Number.isNaN(bl) ? -1 : bl;
    return true;
  }

  /** Regression inputs for the origin stored at ring slot `os` and a target whose base is `bt`. */
  private design(os: number, bt: number, x: Float64Array): void {
    const f = this.feats;
    const o = os * NO;
    x[0] = f[o];
    x[1] = f[o + 1];
    x[2] = f[o + 2];
    x[3] = f[o + 3];
    x[4] = 1;
    const bl = f[o + 4];
    const scale = bl < 0 ? 1 : Math.min(5, (bt + 1) / (bl + 1));
    x[5] = f[o] * scale;
  }

  private betaFor(k: number): Float64Array {
    const off = k * NF;
    if (this.betaStale[k]) {
      const A = new Float64Array(NF * NF);
      const b = new Float64Array(NF);
      for (let i = 0; i < NF * NF; i++) A[i] = this.xtx[k * NF * NF + i];
      for (let i = 0; i < NF; i++) {
        b[i] = this.xty[off + i];
        A[i * NF + i] += this.options.ridge;
      }
      const x = new Float64Array(NF);
      solve(A, b, x);
      this.beta.set(x, off);
      this.betaStale[k] = 0;
    }
    return this.beta.subarray(off, off + NF);
  }

  /**
   * Adds the observation of `hour` (naive hour number) with `value` minutes. Observations must come
   * in increasing hour order; gaps (missing hours) are allowed.
   */
  observe(hour: number, value: number): void {
    if (!Number.isFinite(value)) return;
    if (!Number.isNaN(this.last) && hour <= this.last)
      throw new Error(`observations must be in time order (${hour} after ${this.last})`);
    const K = this.options.maxHorizon;
    const slot = ((hour % RING) + RING) % RING;
    // 1. features at origin `hour` (data before it) were stored when the previous hour was
    //    observed; after a gap they are computed now, from what was known before the gap
    if (this.featHour[slot] !== hour) {
      this.featOk[slot] = this.features(hour, this.feats, slot * NO) ? 1 : 0;
      this.featHour[slot] = hour;
    }
    // clear the ring slots of the hours that enter, and move the residual windows on
    const from = Number.isNaN(this.last) ? hour : this.last + 1;
    for (let h = Math.max(from, hour - RING + 1); h <= hour; h++) {
      this.dropFromWindows(h);
      const i = ((h % RING) + RING) % RING;
      this.vals[i] = Number.NaN;
      this.res[i] = Number.NaN;
    }

    // 2. before learning from y, use it to score the predictions made at earlier origins
    const base = this.baseAt(hour);
    if (!Number.isNaN(base)) {
      for (let k = 1; k <= K; k++) {
        const o = hour - k + 1; // origin whose horizon-k target is `hour`
        const os = ((o % RING) + RING) % RING;
        if (this.featHour[os] !== o || !this.featOk[os]) continue;
        const r = value - base;
        // regression pair (features at o, residual at hour)
        const x = this.x;
        this.design(os, base, x);
        const A = k * NF * NF;
        for (let i = 0; i < NF; i++) {
          const fi = x[i];
          this.xty[k * NF + i] += fi * r;
          for (let j = 0; j < NF; j++) this.xtx[A + i * NF + j] += fi * x[j];
        }
        // error of the prediction made at o for this hour
        const p = this.pastPred[os * (K + 1) + k];
        if (!Number.isNaN(p)) {
          const cell = horizonBucket(k) * LEVEL_BUCKETS.length + levelBucket(p);
          let bin = Math.floor((value - p) / BIN + NBINS / 2);
          bin = bin < 0 ? 0 : bin >= NBINS ? NBINS - 1 : bin;
          this.errHist[cell * NBINS + bin]++;
          this.errN[cell]++;
        }
      }
    }

    // 3. learn: residual, holiday effect, profile
    const cell = weekdayOf(hour) * 24 + (hour % 24);
    const tag = this.tagOf(hour);
    const prof = this.profN[cell] > 0 ? this.prof[cell] : Number.NaN;
    if (!Number.isNaN(prof)) {
      const r = value - base;
      this.res[slot] = r;
      this.addToWindows(r);
      if (tag !== undefined) {
        let e = this.hol.get(tag);
        if (!e) this.hol.set(tag, (e = { sum: new Float64Array(24), n: new Float64Array(24) }));
        e.sum[hour % 24] += value - prof;
        e.n[hour % 24]++;
      }
    }
    this.vals[slot] = value;
    // holidays do not pull the ordinary profile
    if (tag === undefined || Number.isNaN(prof)) {
      if (this.profN[cell] === 0) this.prof[cell] = value;
      else {
        // early on (few weeks seen) a plain mean, then exponential weighting
        const a = Math.max(this.alpha, 1 / (this.profN[cell] + 1));
        this.prof[cell] += a * (value - this.prof[cell]);
      }
      this.profN[cell]++;
    }
    this.last = hour;
    this.observations++;

    // 4. features at the new origin (hour + 1), and the predictions made from it, kept to learn
    //    the regression and the error distribution when the targets are observed
    const o = hour + 1;
    const os = ((o % RING) + RING) % RING;
    const fok = this.features(o, this.feats, os * NO);
    this.featOk[os] = fok ? 1 : 0;
    this.featHour[os] = o;
    if (++this.sinceRefit >= REFIT_EVERY) {
      this.sinceRefit = 0;
      this.betaStale.fill(1);
    }
    for (let k = 1; k <= K; k++) {
      const b = this.baseAt(o + k - 1);
      let p = Number.NaN;
      if (!Number.isNaN(b)) {
        p = b;
        if (fok) {
          const beta = this.betaFor(k);
          this.design(os, b, this.x);
          for (let i = 0; i < NF; i++) p += beta[i] * this.x[i];
        }
        p = Math.max(0, p);
      }
      this.pastPred[os * (K + 1) + k] = p;
    }
  }

  private addToWindows(r: number): void {
    this.sum24 += r;
    this.cnt24++;
    this.sum168 += r;
    this.cnt168++;
  }

  /** Hour h enters; hours h−24 and h−168 leave the windows. */
  private dropFromWindows(h: number): void {
    const r24 = this.res[(((h - 24) % RING) + RING) % RING];
    if (!Number.isNaN(r24) && h - 24 <= this.last) {
      this.sum24 -= r24;
      this.cnt24--;
    }
    const r168 = this.res[(((h - 168) % RING) + RING) % RING];
    if (!Number.isNaN(r168) && h - 168 <= this.last) {
      this.sum168 -= r168;
      this.cnt168--;
    }
    if (this.cnt24 === 0) this.sum24 = 0;
    if (this.cnt168 === 0) this.sum168 = 0;
  }

  /** Prediction for a future hour, given everything observed so far. */
  predict(target: number): Prediction {
    if (Number.isNaN(this.last)) throw new Error('no observations yet');
    const o = this.last + 1;
    const k = target - o + 1;
    if (k < 1) throw new Error(`target ${target} is not after the last observation ${this.last}`);
    const K = this.options.maxHorizon;
    const kk = Math.min(k, K);
    const base = this.baseAt(target);
    const os = ((o % RING) + RING) % RING;
    let value = Number.isNaN(base) ? this.fallback() : base;
    if (!Number.isNaN(base) && this.featHour[os] === o && this.featOk[os]) {
      const beta = this.betaFor(kk);
      this.design(os, base, this.x);
      for (let i = 0; i < NF; i++) value += beta[i] * this.x[i];
    }
    value = Math.max(0, value);
    // the regression predicts a mean; waits are skewed (many near-zero hours), so the point
    // prediction is moved to the median of past errors of the same kind, which is what minimises
    // the absolute error; the band's quantiles come from the same error distribution
    const [low, mid, high] = this.band(kk, value);
    return { hour: target, horizon: k, value: Math.max(0, mid), low, high, base: Number.isNaN(base) ? value : base };
  }

  /** Mean of everything seen, for cells of the profile not seen yet. */
  private fallback(): number {
    let s = 0;
    let n = 0;
    for (let i = 0; i < 168; i++) {
      if (this.profN[i] > 0) {
        s += this.prof[i];
        n++;
      }
    }
    return n > 0 ? s / n : 0;
  }

  /**
   * Error quantiles of past predictions of this horizon and level: [low, median, high] around
   * `value` (falls back to lower level buckets while a bucket has fewer than 50 errors).
   */
  private band(k: number, value: number): [number, number, number] {
    const q = (1 - this.options.bandLevel) / 2;
    let cell = horizonBucket(k) * LEVEL_BUCKETS.length + levelBucket(value);
    // too few errors in the cell: fall back to the nearest lower level bucket with data
    while (this.errN[cell] < 50 && cell % LEVEL_BUCKETS.length > 0) cell--;
    const n = this.errN[cell];
    if (n < 10) return [0, value, Infinity];
    const at = (p: number): number => {
      const rank = p * n;
      let acc = 0;
      for (let b = 0; b < NBINS; b++) {
        acc += this.errHist[cell * NBINS + b];
        if (acc >= rank) return (b - NBINS / 2 + 0.5) * BIN;
      }
      return (NBINS / 2) * BIN;
    };
    return [Math.max(0, value + at(q)), value + at(0.5), Math.max(0, value + at(1 - q))];
  }
}
