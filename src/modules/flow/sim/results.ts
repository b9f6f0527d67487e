/**
 * Turns raw replication accumulators into results: wait distribution (mean, p50, p90, p95) by hour
 * and lane (and lane type, and traveller class), utilisation, queue lengths, throughput, and
 * between-replication confidence intervals of the headline means.
 *
 * Units: waits in seconds; rates per hour; per-day figures are averages over measured days.
 */
import type { SimRaw } from './engine.ts';
import { addSlotInto, emptyHistogram, quantiles, type Histogram } from './histogram.ts';
import { confidenceInterval, type Interval } from './stats.ts';

export interface WaitStats {
  /** vehicles served per measured day */
  perDay: number;
  meanWait: number;
  p50: number;
  p90: number;
  p95: number;
  meanTransit: number;
}

export interface LaneHourResult extends WaitStats {
  hour: number;
  /** booths open (average over days and replications) */
  booths: number;
  /** busy booth-time / open booth-time; NaN when no booth is open */
  utilisation: number;
  /** time-average number of vehicles waiting */
  meanQueue: number;
  /** largest queue seen in that hour (max over days and replications) */
  maxQueue: number;
  /** vehicles completing inspection per hour */
  throughput: number;
}

export interface LaneResult extends WaitStats {
  lane: string;
  type: string;
  utilisation: number;
  meanQueue: number;
  maxQueue: number;
  hours: LaneHourResult[];
}

export interface TypeResult extends WaitStats {
  type: string;
  lanes: string[];
  utilisation: number;
  hours: LaneHourResult[];
}

export interface ClassResult extends WaitStats {
  class: string;
  stream: string;
  /** mean wait by hour of arrival */
  hourlyMeanWait: number[];
}

export interface SimResult {
  replications: number;
  days: number;
  periodHours: number;
  /** events processed, all replications */
  events: number;
  overall: WaitStats & {
    meanWaitCI: Interval;
    meanTransitCI: Interval;
    /** each replication's overall mean wait and transit (for paired comparisons) */
    replicationMeanWait: number[];
    replicationMeanTransit: number[];
  };
  lanes: LaneResult[];
  types: TypeResult[];
  classes: ClassResult[];
}

function waitStats(n: number, sumW: number, sumT: number, hist: Histogram, dayCount: number): WaitStats {
  const [p50, p90, p95] = quantiles(hist, [0.5, 0.9, 0.95]);
  return {
    perDay: dayCount > 0 ? n / dayCount : Number.NaN,
    meanWait: n > 0 ? sumW / n : Number.NaN,
    p50,
    p90,
    p95,
    meanTransit: n > 0 ? sumT / n : Number.NaN,
  };
}

/** Days that contributed to each hour slot of the period (periods longer than a day: fewer). */
function slotDays(days: number, P: number): number {
  return (days * 24) / P;
}

export function summarize(raws: SimRaw[]): SimResult {
  if (raws.length === 0) throw new Error('summarize: no replications');
  const r0 = raws[0];
  const P = r0.periodHours;
  const nLanes = r0.laneIds.length;
  const nClasses = r0.classIds.length;
  const R = raws.length;
  const days = r0.days;
  const totalDays = days * R;
  const perSlot = slotDays(days, P) * R; // observations of each hour slot
  const events = raws.reduce((a, r) => a + r.events, 0);

  const laneHours = (l: number): LaneHourResult[] => {
    const out: LaneHourResult[] = [];
    for (let h = 0; h < P; h++) {
      const i = l * P + h;
      let n = 0;
      let sw = 0;
      let st = 0;
      let qa = 0;
      let ba = 0;
      let oa = 0;
      let mq = 0;
      let comp = 0;
      const hist = emptyHistogram();
      for (const r of raws) {
        n += r.served[i];
        sw += r.sumWait[i];
        st += r.sumTransit[i];
        qa += r.queueArea[i];
        ba += r.busyArea[i];
        oa += r.openArea[i];
        if (r.maxQueue[i] > mq) mq = r.maxQueue[i];
        comp += r.completions[i];
        addSlotInto(hist, r.waitHist, i);
      }
      out.push({
        hour: h,
        ...waitStats(n, sw, st, hist, perSlot),
        booths: oa / 3600 / perSlot,
        utilisation: oa > 0 ? ba / oa : Number.NaN,
        meanQueue: qa / 3600 / perSlot,
        maxQueue: mq,
        throughput: comp / perSlot,
      });
    }
    return out;
  };

  const lanes: LaneResult[] = [];
  const laneHists: Histogram[] = [];
  for (let l = 0; l < nLanes; l++) {
    let n = 0;
    let sw = 0;
    let st = 0;
    let qa = 0;
    let ba = 0;
    let oa = 0;
    let mq = 0;
    const hist = emptyHistogram();
    for (const r of raws) {
      for (let h = 0; h < P; h++) {
        const i = l * P + h;
        n += r.served[i];
        sw += r.sumWait[i];
        st += r.sumTransit[i];
        qa += r.queueArea[i];
        ba += r.busyArea[i];
        oa += r.openArea[i];
        if (r.maxQueue[i] > mq) mq = r.maxQueue[i];
        addSlotInto(hist, r.waitHist, i);
      }
    }
    laneHists.push(hist);
    lanes.push({
      lane: r0.laneIds[l],
      type: r0.laneTypes[l],
      ...waitStats(n, sw, st, hist, totalDays),
      utilisation: oa > 0 ? ba / oa : Number.NaN,
      meanQueue: qa / (totalDays * 86400),
      maxQueue: mq,
      hours: laneHours(l),
    });
  }

  // by lane type: lanes of one type merged
  const typeOrder: string[] = [];
  for (const t of r0.laneTypes) if (!typeOrder.includes(t)) typeOrder.push(t);
  const types: TypeResult[] = typeOrder.map((type) => {
    const idx = r0.laneTypes.map((t, i) => (t === type ? i : -1)).filter((i) => i >= 0);
    let n = 0;
    let sw = 0;
    let st = 0;
    let ba = 0;
    let oa = 0;
    const hist = emptyHistogram();
    for (const l of idx) {
      for (let b = 0; b < hist.length; b++) hist[b] += laneHists[l][b];
      for (const r of raws) {
        for (let h = 0; h < P; h++) {
          const i = l * P + h;
          n += r.served[i];
          sw += r.sumWait[i];
          st += r.sumTransit[i];
          ba += r.busyArea[i];
          oa += r.openArea[i];
        }
      }
    }
    const hours: LaneHourResult[] = [];
    for (let h = 0; h < P; h++) {
      let hn = 0;
      let hw = 0;
      let ht = 0;
      let qa = 0;
      let hb = 0;
      let ho = 0;
      let mq = 0;
      let comp = 0;
      const hh = emptyHistogram();
      for (const l of idx) {
        const i = l * P + h;
        for (const r of raws) {
          hn += r.served[i];
          hw += r.sumWait[i];
          ht += r.sumTransit[i];
          qa += r.queueArea[i];
          hb += r.busyArea[i];
          ho += r.openArea[i];
          mq = Math.max(mq, r.maxQueue[i]);
          comp += r.completions[i];
          addSlotInto(hh, r.waitHist, i);
        }
      }
      hours.push({
        hour: h,
        ...waitStats(hn, hw, ht, hh, perSlot),
        booths: ho / 3600 / perSlot,
        utilisation: ho > 0 ? hb / ho : Number.NaN,
        meanQueue: qa / 3600 / perSlot,
        maxQueue: mq,
        throughput: comp / perSlot,
      });
    }
    return {
      type,
      lanes: idx.map((i) => r0.laneIds[i]),
      ...waitStats(n, sw, st, hist, totalDays),
      utilisation: oa > 0 ? ba / oa : Number.NaN,
      hours,
    };
  });

  const classes: ClassResult[] = [];
  for (let c = 0; c < nClasses; c++) {
    let n = 0;
    let sw = 0;
    let st = 0;
    const hist = emptyHistogram();
    const hourlyMeanWait: number[] = [];
    for (let h = 0; h < P; h++) {
      let hn = 0;
      let hw = 0;
      for (const r of raws) {
        hn += r.classServed[c * P + h];
        hw += r.classSumWait[c * P + h];
        st += r.classSumTransit[c * P + h];
      }
      n += hn;
      sw += hw;
      hourlyMeanWait.push(hn > 0 ? hw / hn : Number.NaN);
    }
    for (const r of raws) addSlotInto(hist, r.classWaitHist, c);
    classes.push({
      class: r0.classIds[c],
      stream: r0.streamIds[r0.classStream[c]],
      ...waitStats(n, sw, st, hist, totalDays),
      hourlyMeanWait,
    });
  }

  // overall, and the between-replication spread of the overall means
  const perRepWait: number[] = [];
  const perRepTransit: number[] = [];
  let n = 0;
  let sw = 0;
  let st = 0;
  for (const r of raws) {
    let rn = 0;
    let rw = 0;
    let rt = 0;
    for (let i = 0; i < r.served.length; i++) {
      rn += r.served[i];
      rw += r.sumWait[i];
      rt += r.sumTransit[i];
    }
    perRepWait.push(rn > 0 ? rw / rn : 0);
    perRepTransit.push(rn > 0 ? rt / rn : 0);
    n += rn;
    sw += rw;
    st += rt;
  }
  const all = emptyHistogram();
  for (const h of laneHists) for (let b = 0; b < all.length; b++) all[b] += h[b];
  return {
    replications: R,
    days,
    periodHours: P,
    events,
    overall: {
      ...waitStats(n, sw, st, all, totalDays),
      meanWaitCI: confidenceInterval(perRepWait),
      meanTransitCI: confidenceInterval(perRepTransit),
      replicationMeanWait: perRepWait,
      replicationMeanTransit: perRepTransit,
    },
    lanes,
    types,
    classes,
  };
}
