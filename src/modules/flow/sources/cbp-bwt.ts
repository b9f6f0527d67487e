/**
 * CBP Border Wait Times, historical averages (the BWT "historical" API output), e.g.
 * `cbp-bwt-historical-san-ysidro.csv`:
 *   bwt_month,bwt_day,bwt_hour,cv_time_avg,xcv_time_avg,pv_time_avg,xpv_time_avg,
 *   pv_ready_lanes_time_avg,ped_time_avg,ped_ready_lanes_time_avg
 * Average wait in minutes by month (1–12) × weekday (0–6) × hour (0–23). Lane columns:
 * pv = passenger vehicles, standard lanes; xpv = SENTRI/NEXUS; pv_ready_lanes = Ready Lanes;
 * ped, ped_ready_lanes = pedestrians; cv = commercial; xcv = FAST.
 *
 * Weekday numbering: 0 = Sunday … 6 = Saturday. The file does not say; we infer it from San Ysidro
 * itself, where day 0 has the longest average car wait and day 6 the second longest, which fits
 * the weekend return traffic (and JavaScript's getDay()). A value of 0 in a lane column means "no
 * wait reported" (San Ysidro has no commercial traffic: cv and xcv are 0 throughout).
 */
import type { LaneType } from '../sim/model.ts';
import { MAX_WAIT_MINUTES, num, parseCsv, waitMinutes, type ParseOptions, type ParseResult } from './csv.ts';

export const BWT_LANES = ['cv', 'xcv', 'pv', 'xpv', 'pv_ready_lanes', 'ped', 'ped_ready_lanes'] as const;
export type BwtLane = (typeof BWT_LANES)[number];

/** CBP lane column → smartborder lane type. */
export const BWT_LANE_TYPE: Record<BwtLane, LaneType> = {
  cv: 'commercial',
  xcv: 'fast',
  pv: 'general',
  xpv: 'trusted',
  pv_ready_lanes: 'ready',
  ped: 'pedestrian',
  ped_ready_lanes: 'pedestrian_ready',
};

export interface BwtRow {
  month: number;
  /** 0 = Sunday … 6 = Saturday (see above) */
  weekday: number;
  hour: number;
  /** average wait in minutes, by CBP lane column (absent when the column is missing or empty) */
  waits: Partial<Record<BwtLane, number>>;
}

export function parseCbpBwtHistorical(text: string, opts: ParseOptions = {}): ParseResult<BwtRow> {
  // one row per month, weekday and hour: a second one would be written over the first in the same statement
  const seen = new Map<number, number>();
  const { rows, errors } = parseCsv<BwtRow>(
    text,
    ['bwt_month', 'bwt_day', 'bwt_hour'],
    (f, line) => {
      const month = num(f.bwt_month);
      const weekday = num(f.bwt_day);
      const hour = num(f.bwt_hour);
      if (month === undefined || !Number.isInteger(month) || month < 1 || month > 12)
        return `bwt_month "${f.bwt_month}" is not 1–12`;
      if (weekday === undefined || !Number.isInteger(weekday) || weekday < 0 || weekday > 6)
        return `bwt_day "${f.bwt_day}" is not 0–6`;
      if (hour === undefined || !Number.isInteger(hour) || hour < 0 || hour > 23)
        return `bwt_hour "${f.bwt_hour}" is not 0–23`;
      const waits: Partial<Record<BwtLane, number>> = {};
      for (const lane of BWT_LANES) {
        const s = f[`${lane}_time_avg`];
        if (s === undefined || s === '') continue;
        const v = num(s);
        if (v === undefined || v < 0 || v > MAX_WAIT_MINUTES)
          return `${lane}_time_avg "${s}" is not a number of minutes from 0 to ${MAX_WAIT_MINUTES}`;
        waits[lane] = waitMinutes(v);
      }
      const key = (month * 7 + weekday) * 24 + hour;
      const first = seen.get(key);
      if (first !== undefined) return `month ${month}, day ${weekday}, hour ${hour} again (first on line ${first})`;
      seen.set(key, line);
      return { month, weekday, hour, waits };
    },
    opts,
  );
  return { rows, errors };
}

/**
 * 24 hourly average waits (minutes) for one lane, averaged over the given months and weekdays
 * (default all). Hours with no rows are NaN.
 */
export function bwtHourlyProfile(rows: BwtRow[], lane: BwtLane, months?: number[], weekdays?: number[]): number[] {
  const sum = new Array(24).fill(0);
  const n = new Array(24).fill(0);
  for (const r of rows) {
    if (months && !months.includes(r.month)) continue;
    if (weekdays && !weekdays.includes(r.weekday)) continue;
    const v = r.waits[lane];
    if (v === undefined) continue;
    sum[r.hour] += v;
    n[r.hour]++;
  }
  return sum.map((s, h) => (n[h] > 0 ? s / n[h] : Number.NaN));
}
