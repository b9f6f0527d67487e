/**
 * Running scenarios: independent replications, side-by-side comparison of variants with common
 * random numbers (replication r of every variant uses the same seed, so differences are paired),
 * and target search ("what is needed to cut the mean wait by 25 %").
 */
import { compilePort, simulate, type SimRaw } from './engine.ts';
import type { PortModel } from './model.ts';
import { deriveSeed } from './rng.ts';
import { summarize, type SimResult } from './results.ts';
import {
  applyChanges,
  setShare,
  toPortModel,
  type Scenario,
  type ScenarioScope,
  type ScenarioTarget,
} from './scenario.ts';
import { confidenceInterval, type Interval } from './stats.ts';

export interface Progress {
  phase: 'baseline' | 'variant' | 'target';
  label: string;
  done: number;
  total: number;
}

export interface ReplicationOptions {
  replications: number;
  seed: number;
  days: number;
  warmupDays: number;
  onProgress?: (p: Progress) => void;
  phase?: Progress['phase'];
  label?: string;
}

export interface ModelRun {
  result: SimResult;
  raws: SimRaw[];
}

/** Seed of replication r: independent of the number of replications and of the variant. */
export function replicationSeed(seed: number, r: number): number {
  return deriveSeed(seed, `replication:${r}`);
}

export function runModel(model: PortModel, opts: ReplicationOptions): ModelRun {
  const port = compilePort(model);
  const raws: SimRaw[] = [];
  for (let r = 0; r < opts.replications; r++) {
    raws.push(simulate(port, { seed: replicationSeed(opts.seed, r), days: opts.days, warmupDays: opts.warmupDays }));
    opts.onProgress?.({
      phase: opts.phase ?? 'baseline',
      label: opts.label ?? '',
      done: r + 1,
      total: opts.replications,
    });
  }
  return { result: summarize(raws), raws };
}

export function optionsFor(s: Scenario, override: Partial<ReplicationOptions> = {}): ReplicationOptions {
  return {
    replications: override.replications ?? s.replications,
    seed: override.seed ?? s.seed,
    days: override.days ?? s.days,
    warmupDays: override.warmupDays ?? s.warmupDays,
    onProgress: override.onProgress,
  };
}

export function runScenario(s: Scenario, override: Partial<ReplicationOptions> = {}): ModelRun {
  return runModel(toPortModel(s), { ...optionsFor(s, override), phase: 'baseline', label: s.name });
}

/** Mean wait or transit of one replication, optionally restricted to a stream, class or lane type. */
export function replicationMetric(raw: SimRaw, metric: 'wait' | 'transit', scope?: ScenarioScope): number {
  const P = raw.periodHours;
  let n = 0;
  let sum = 0;
  if (scope?.laneType !== undefined) {
    raw.laneTypes.forEach((t, l) => {
      if (t !== scope.laneType) return;
      for (let h = 0; h < P; h++) {
        n += raw.served[l * P + h];
        sum += metric === 'wait' ? raw.sumWait[l * P + h] : raw.sumTransit[l * P + h];
      }
    });
    return n > 0 ? sum / n : Number.NaN;
  }
  raw.classIds.forEach((id, c) => {
    if (scope?.class !== undefined && id !== scope.class) return;
    if (scope?.stream !== undefined && raw.streamIds[raw.classStream[c]] !== scope.stream) return;
    for (let h = 0; h < P; h++) {
      n += raw.classServed[c * P + h];
      sum += metric === 'wait' ? raw.classSumWait[c * P + h] : raw.classSumTransit[c * P + h];
    }
  });
  return n > 0 ? sum / n : Number.NaN;
}

/** Pooled metric over all replications (each vehicle weighs the same). */
export function pooledMetric(raws: SimRaw[], metric: 'wait' | 'transit', scope?: ScenarioScope): number {
  let n = 0;
  let sum = 0;
  for (const raw of raws) {
    const P = raw.periodHours;
    if (scope?.laneType !== undefined) {
      raw.laneTypes.forEach((t, l) => {
        if (t !== scope.laneType) return;
        for (let h = 0; h < P; h++) {
          n += raw.served[l * P + h];
          sum += metric === 'wait' ? raw.sumWait[l * P + h] : raw.sumTransit[l * P + h];
        }
      });
      continue;
    }
    raw.classIds.forEach((id, c) => {
      if (scope?.class !== undefined && id !== scope.class) return;
      if (scope?.stream !== undefined && raw.streamIds[raw.classStream[c]] !== scope.stream) return;
      for (let h = 0; h < P; h++) {
        n += raw.classServed[c * P + h];
        sum += metric === 'wait' ? raw.classSumWait[c * P + h] : raw.classSumTransit[c * P + h];
      }
    });
  }
  return n > 0 ? sum / n : Number.NaN;
}

export interface VariantResult {
  name: string;
  description?: string;
  result: SimResult;
  /** variant − baseline, overall mean wait (seconds), paired over replications */
  meanWaitChange: Interval;
  /** (variant − baseline) / baseline, overall mean wait */
  relativeWaitChange: number;
  meanTransitChange: Interval;
  relativeTransitChange: number;
}

export interface TargetResult {
  name: string;
  metric: 'wait' | 'transit';
  reduction: number;
  scope?: ScenarioScope;
  lever: ScenarioTarget['lever'];
  baseline: number;
  goal: number;
  /** lever value that reaches the goal (share, booths added, or service-time factor) */
  value?: number;
  /** metric at that value (or at the lever's limit when not reached) */
  achieved: number;
  reached: boolean;
  /** scenario evaluations used by the search */
  evaluations: number;
  /** simulation events processed by the search */
  events: number;
}

export interface Comparison {
  scenario: string;
  replications: number;
  days: number;
  seed: number;
  baseline: SimResult;
  variants: VariantResult[];
  targets: TargetResult[];
}

function paired(a: number[], b: number[]): Interval {
  return confidenceInterval(a.map((x, i) => b[i] - x));
}

/** Baseline, every variant and every target of a scenario, with common random numbers. */
export function compareScenario(s: Scenario, override: Partial<ReplicationOptions> = {}): Comparison {
  const opts = optionsFor(s, override);
  const base = runModel(toPortModel(s), { ...opts, phase: 'baseline', label: s.name });
  const bw = base.result.overall.replicationMeanWait;
  const bt = base.result.overall.replicationMeanTransit;
  const variants: VariantResult[] = s.variants.map((v) => {
    const run = runModel(toPortModel(applyChanges(s, v.changes)), { ...opts, phase: 'variant', label: v.name });
    const o = run.result.overall;
    return {
      name: v.name,
      description: v.description,
      result: run.result,
      meanWaitChange: paired(bw, o.replicationMeanWait),
      relativeWaitChange: (o.meanWait - base.result.overall.meanWait) / base.result.overall.meanWait,
      meanTransitChange: paired(bt, o.replicationMeanTransit),
      relativeTransitChange: (o.meanTransit - base.result.overall.meanTransit) / base.result.overall.meanTransit,
    };
  });
  const targets = s.targets.map((t) => findTarget(s, t, { ...opts, phase: 'target', label: t.name }, base.raws));
  return {
    scenario: s.name,
    replications: opts.replications,
    days: opts.days,
    seed: opts.seed,
    baseline: base.result,
    variants,
    targets,
  };
}

/**
 * Smallest lever setting that brings the metric to (1 − reduction) × baseline. Assumes the metric
 * is monotone in the lever (more enrolment, more booths, faster service: shorter waits); common
 * random numbers keep the search from chasing noise. Bisection for continuous levers (to 0.5
 * percentage point of share, or 1 % of service time), binary search for booths.
 */
export function findTarget(
  s: Scenario,
  t: ScenarioTarget,
  opts: ReplicationOptions,
  baselineRaws?: SimRaw[],
): TargetResult {
  const quiet = { ...opts, onProgress: undefined };
  let events = 0;
  const evalRaws = (sc: Scenario): SimRaw[] => {
    const run = runModel(toPortModel(sc), quiet);
    events += run.result.events;
    return run.raws;
  };
  const baseRaws = baselineRaws ?? evalRaws(s);
  const baseline = pooledMetric(baseRaws, t.metric, t.scope);
  const goal = (1 - t.reduction) * baseline;
  let evaluations = 0;
  const lv = t.lever;
  const at = (x: number): number => {
    evaluations++;
    let sc: Scenario;
    if (lv.op === 'setShare') {
      sc = structuredClone(s);
      setShare(sc, lv.stream, lv.class, x);
    } else if (lv.op === 'addBooths') {
      sc = applyChanges(s, [{ op: 'addBooths', lane: lv.lane, booths: x, hours: lv.hours }]);
    } else {
      sc = applyChanges(s, [{ op: 'scaleService', lane: lv.lane, factor: x }]);
    }
    const m = pooledMetric(evalRaws(sc), t.metric, t.scope);
    opts.onProgress?.({ phase: 'target', label: t.name, done: evaluations, total: evaluations });
    return m;
  };
  const done = (value: number | undefined, achieved: number, reached: boolean): TargetResult => ({
    name: t.name,
    metric: t.metric,
    reduction: t.reduction,
    scope: t.scope,
    lever: lv,
    baseline,
    goal,
    value,
    achieved,
    reached,
    evaluations,
    events,
  });

  if (lv.op === 'addBooths') {
    const top = at(lv.max);
    if (top > goal) return done(undefined, top, false);
    let lo = 0; // known not enough (baseline)
    let hi = lv.max; // known enough
    let atHi = top;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      const m = at(mid);
      if (m <= goal) {
        hi = mid;
        atHi = m;
      } else lo = mid;
    }
    return done(hi, atHi, true);
  }

  // continuous levers: x from "weak" to "strong"
  const weak = lv.op === 'setShare' ? lv.min : 1;
  const strong = lv.op === 'setShare' ? lv.max : lv.min;
  const tol = lv.op === 'setShare' ? 0.005 : 0.01;
  const atWeak = at(weak);
  if (atWeak <= goal) return done(weak, atWeak, true);
  const atStrong = at(strong);
  if (atStrong > goal) return done(undefined, atStrong, false);
  let a = weak;
  let b = strong;
  let atB = atStrong;
  while (Math.abs(b - a) > tol) {
    const mid = (a + b) / 2;
    const m = at(mid);
    if (m <= goal) {
      b = mid;
      atB = m;
    } else a = mid;
  }
  return done(b, atB, true);
}
