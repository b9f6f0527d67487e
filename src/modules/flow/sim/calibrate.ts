/**
 * Calibration of a baseline: the number of open booths per hour and lane is rarely published, but
 * the waits are (CBP Border Wait Times). Given measured mean waits by hour for some lanes, adjust
 * those lanes' booth schedules until the simulated waits come close, so that variants start from
 * a baseline that reproduces what travellers actually experience.
 *
 * Method: sweeps with common random numbers. Each sweep takes, for every calibrated lane, the
 * `hoursPerSweep` hours with the largest error beyond a tolerance and moves one booth towards the
 * target (one more booth where the simulated wait is too long, one fewer where it is too short),
 * then simulates again. Booths in an hour also change later hours' waits (queues carry over) and
 * a lane near saturation swings from short to very long waits with a single booth, so the error
 * does not fall monotonically: the best schedule seen over the sweeps is returned.
 */
import { runModel } from './runner.ts';
import { expandHourly, periodOf, toPortModel, type Scenario } from './scenario.ts';

export interface CalibrationTarget {
  lane: string;
  /** measured mean wait (minutes) by hour of arrival, one value per hour of the period; NaN = no target */
  waitMinutes: number[];
}

export interface CalibrationOptions {
  sweeps?: number;
  replications?: number;
  seed?: number;
  /** acceptable error: max(absMinutes, relative × target) (defaults 2 min, 10 %) */
  absMinutes?: number;
  relative?: number;
  /** hours changed per lane per sweep (default 3) */
  hoursPerSweep?: number;
  minBooths?: number;
  maxBooths?: number;
  onSweep?: (sweep: number, meanAbsErrorMinutes: number) => void;
}

export interface CalibrationResult {
  scenario: Scenario;
  /** mean absolute error (minutes) over the calibrated lane-hours, at the end */
  meanAbsErrorMinutes: number;
  sweeps: number;
  /** simulated mean wait (minutes) by lane and hour at the end */
  simulated: Record<string, number[]>;
}

export function calibrateBooths(
  base: Scenario,
  targets: CalibrationTarget[],
  opts: CalibrationOptions = {},
): CalibrationResult {
  const s: Scenario = structuredClone(base);
  const P = periodOf(s);
  const sweeps = opts.sweeps ?? 40;
  const absTol = (opts.absMinutes ?? 2) * 60;
  const rel = opts.relative ?? 0.1;
  const perSweep = opts.hoursPerSweep ?? 3;
  const minB = opts.minBooths ?? 1;
  const maxB = opts.maxBooths ?? 200;
  for (const t of targets) {
    const lane = s.lanes.find((l) => l.id === t.lane);
    if (!lane) throw new Error(`calibration: unknown lane ${t.lane}`);
    lane.booths = expandHourly(lane.booths, P);
  }
  const simulate = () =>
    runModel(toPortModel(s), { replications: opts.replications ?? 3, seed: opts.seed ?? 1, days: 1, warmupDays: 1 })
      .result;
  let result = simulate();
  let mae = Number.NaN;
  let sweep = 0;
  const laneError = (t: CalibrationTarget): number => {
    const lr = result.lanes.find((l) => l.lane === t.lane)!;
    let err = 0;
    for (let h = 0; h < P; h++) {
      const target = t.waitMinutes[h];
      if (!Number.isFinite(target)) continue;
      const sim = lr.hours[h].meanWait;
      err += Math.abs((Number.isFinite(sim) ? sim : 0) / 60 - target);
    }
    return err;
  };
  const measure = () => {
    let n = 0;
    for (const t of targets) n += t.waitMinutes.filter((x) => Number.isFinite(x)).length;
    return n > 0 ? targets.reduce((a, t) => a + laneError(t), 0) / n : 0;
  };
  mae = measure();
  // the error is rough (a lane near saturation swings from short to very long waits with one
  // booth), so sweeps always move on and the best schedule seen is kept
  let best = { mae, lanes: structuredClone(s.lanes), result };
  for (sweep = 1; sweep <= sweeps; sweep++) {
    let changed = 0;
    for (const t of targets) {
      const lane = s.lanes.find((l) => l.id === t.lane)!;
      const booths = lane.booths as number[];
      const lr = result.lanes.find((l) => l.lane === t.lane)!;
      const errs: { h: number; e: number }[] = [];
      for (let h = 0; h < P; h++) {
        const target = t.waitMinutes[h];
        if (!Number.isFinite(target)) continue;
        const sim = Number.isFinite(lr.hours[h].meanWait) ? lr.hours[h].meanWait : 0;
        const e = sim - target * 60;
        if (Math.abs(e) > Math.max(absTol, rel * target * 60)) errs.push({ h, e });
      }
      errs.sort((a, b) => Math.abs(b.e) - Math.abs(a.e));
      for (const { h, e } of errs.slice(0, perSweep)) {
        const next = booths[h] + (e > 0 ? 1 : -1);
        if (next < minB || next > maxB) continue;
        booths[h] = next;
        changed++;
      }
    }
    if (changed === 0) break;
    result = simulate();
    mae = measure();
    if (mae < best.mae) best = { mae, lanes: structuredClone(s.lanes), result };
    opts.onSweep?.(sweep, mae);
  }
  s.lanes = best.lanes;
  result = best.result;
  mae = best.mae;
  const simulated: Record<string, number[]> = {};
  for (const t of targets) {
    const lr = result.lanes.find((l) => l.lane === t.lane)!;
    simulated[t.lane] = lr.hours.map((h) => h.meanWait / 60);
  }
  return { scenario: s, meanAbsErrorMinutes: mae, sweeps: Math.min(sweep, sweeps), simulated };
}
