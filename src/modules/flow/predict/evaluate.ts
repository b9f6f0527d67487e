/**
 * Rolling-origin evaluation of the wait predictor. For each forecast origin o in the holdout
 * (every hour from its first to its last row), the predictor has seen the history and the holdout
 * rows before o, nothing else; it predicts the hour o (1 hour ahead) and the hour o + 23 (24 hours
 * ahead, "day-ahead"), then observes the row at o if there is one. Incremental: one pass, no refit.
 *
 * Baselines on the same targets: persistence (the last observed value) for 1 hour ahead, and the
 * weekday × hour mean of the history for day-ahead.
 */
import type { HourlyWaitRow } from '../sources/hourly-waits.ts';
import { weekdayOf } from '../sources/hourly-waits.ts';
import { WaitPredictor, type PredictorOptions } from './predictor.ts';

export interface EvaluationResult {
  /** mean absolute error, minutes, 1 hour ahead */
  mae1h: number;
  /** persistence (last observed value), same targets */
  maePersistence1h: number;
  /** mean absolute error 24 hours ahead */
  maeDayAhead: number;
  /** weekday × hour mean of the history, on the day-ahead targets */
  maeWeekdayHour: number;
  /** the seasonal part alone (profile + holidays, no recent deviation), day-ahead targets */
  maeSeasonalDayAhead: number;
  /** share of targets inside the error band (the band's nominal level is bandLevel) */
  coverage1h: number;
  coverageDayAhead: number;
  bandLevel: number;
  meanBandWidth1h: number;
  meanBandWidthDayAhead: number;
  n1h: number;
  nDayAhead: number;
  historyRows: number;
  holdoutRows: number;
  origins: number;
  /** MAE by horizon (hours 1..24), to see the recent deviation fade */
  maeByHorizon: number[];
}

export function weekdayHourMeans(rows: HourlyWaitRow[]): Float64Array {
  const sum = new Float64Array(168);
  const n = new Float64Array(168);
  for (const r of rows) {
    const c = weekdayOf(r.hour) * 24 + (r.hour % 24);
    sum[c] += r.value;
    n[c]++;
  }
  let all = 0;
  let cnt = 0;
  for (let i = 0; i < 168; i++) {
    all += sum[i];
    cnt += n[i];
  }
  const out = new Float64Array(168);
  for (let i = 0; i < 168; i++) out[i] = n[i] > 0 ? sum[i] / n[i] : cnt > 0 ? all / cnt : 0;
  return out;
}

export interface EvaluateOptions extends PredictorOptions {
  onProgress?: (done: number, total: number) => void;
}

export function evaluateRollingOrigin(
  history: HourlyWaitRow[],
  holdout: HourlyWaitRow[],
  opts: EvaluateOptions = {},
): EvaluationResult {
  const hist = [...history].sort((a, b) => a.hour - b.hour);
  const hold = [...holdout].sort((a, b) => a.hour - b.hour);
  if (hold.length === 0) throw new Error('the holdout has no rows');
  const p = new WaitPredictor({ ...opts, maxHorizon: Math.max(24, opts.maxHorizon ?? 24) });
  let lastValue = Number.NaN;
  for (const r of hist) {
    if (!Number.isNaN(p.lastHour) && r.hour <= p.lastHour) continue; // duplicate hour: keep the first
    p.observe(r.hour, r.value);
    lastValue = r.value;
  }
  const whm = weekdayHourMeans(hist);
  const byHour = new Map<number, number>();
  for (const r of hold) if (!byHour.has(r.hour)) byHour.set(r.hour, r.value);
  const first = hold[0].hour;
  const lastH = hold[hold.length - 1].hour;

  let e1 = 0;
  let ep = 0;
  let n1 = 0;
  let e24 = 0;
  let ew = 0;
  let es = 0;
  let n24 = 0;
  let c1 = 0;
  let c24 = 0;
  let w1 = 0;
  let w24 = 0;
  const byH = new Float64Array(25);
  const byHN = new Float64Array(25);
  const total = lastH - first + 1;
  for (let o = first; o <= lastH; o++) {
    if (!Number.isNaN(p.lastHour) && o > p.lastHour) {
      // 1 hour ahead
      const y1 = byHour.get(o);
      if (y1 !== undefined && !Number.isNaN(lastValue)) {
        const pr = p.predict(o);
        e1 += Math.abs(pr.value - y1);
        ep += Math.abs(lastValue - y1);
        if (y1 >= pr.low && y1 <= pr.high) c1++;
        w1 += pr.high - pr.low;
        n1++;
      }
      // horizons 2..24 (for the profile of error by horizon); 24 is the day-ahead figure
      for (let k = 1; k <= 24; k++) {
        const t = o + k - 1;
        const y = byHour.get(t);
        if (y === undefined) continue;
        const pr = p.predict(t);
        byH[k] += Math.abs(pr.value - y);
        byHN[k]++;
        if (k === 24) {
          e24 += Math.abs(pr.value - y);
          ew += Math.abs(whm[weekdayOf(t) * 24 + (t % 24)] - y);
          es += Math.abs(pr.base - y);
          if (y >= pr.low && y <= pr.high) c24++;
          w24 += pr.high - pr.low;
          n24++;
        }
      }
    }
    const y = byHour.get(o);
    if (y !== undefined && (Number.isNaN(p.lastHour) || o > p.lastHour)) {
      p.observe(o, y);
      lastValue = y;
    }
    if (opts.onProgress && (o - first) % 2000 === 0) opts.onProgress(o - first, total);
  }
  opts.onProgress?.(total, total);
  const maeByHorizon: number[] = [];
  for (let k = 1; k <= 24; k++) maeByHorizon.push(byHN[k] > 0 ? byH[k] / byHN[k] : Number.NaN);
  return {
    mae1h: e1 / n1,
    maePersistence1h: ep / n1,
    maeDayAhead: e24 / n24,
    maeWeekdayHour: ew / n24,
    maeSeasonalDayAhead: es / n24,
    coverage1h: c1 / n1,
    coverageDayAhead: c24 / n24,
    bandLevel: p.options.bandLevel,
    meanBandWidth1h: w1 / n1,
    meanBandWidthDayAhead: w24 / n24,
    n1h: n1,
    nDayAhead: n24,
    historyRows: hist.length,
    holdoutRows: hold.length,
    origins: total,
    maeByHorizon,
  };
}
