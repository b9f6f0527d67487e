/**
 * The discrete-event engine for one port: Poisson arrivals with piecewise-constant hourly rates,
 * traveller classes choosing among eligible lane groups, lane groups of booths whose number
 * changes by the hour, FIFO queues (one pooled queue per lane group, or one queue per booth).
 *
 * Three event kinds only: an arrival of stream s, the end of a service in queue q, the start of
 * an hour (staffing changes, statistics flushed). All state lives in typed arrays; the hot loop
 * allocates nothing.
 *
 * Random streams (common random numbers between variants): each stream's arrival times and class
 * draws, and each lane's service times, come from their own generator derived from the seed. In a
 * pooled FIFO lane, service times are drawn in service-start order = arrival order, so the n-th
 * vehicle gets the same service time whatever the number of booths.
 */
import { compileDistribution, sample, KIND_EXPONENTIAL, type CompiledDistribution } from './distributions.ts';
import { EventQueue } from './event-queue.ts';
import { HistogramSet, HIST_BUCKETS } from './histogram.ts';
import type { PortModel, RunOptions } from './model.ts';
import { Rng, deriveSeed } from './rng.ts';

const EV_ARRIVAL = 0;
const EV_DEPARTURE = 1;
const EV_HOUR = 2;
const HOUR = 3600;
const INV_HOUR = 1 / 3600;

/** Raw accumulators of one replication. Index lane × slot as `lane * periodHours + slot`. */
export interface SimRaw {
  periodHours: number;
  days: number;
  laneIds: string[];
  laneTypes: string[];
  classIds: string[];
  classStream: number[];
  streamIds: string[];
  /** vehicles that arrived in a measured hour and joined the lane, by arrival hour */
  arrivals: Float64Array;
  /** of those, how many were served (all are: the run drains the queues after the last arrival) */
  served: Float64Array;
  sumWait: Float64Array;
  sumWait2: Float64Array;
  sumTransit: Float64Array;
  /** wait histograms, lane × slot */
  waitHist: HistogramSet;
  /** integrals over measured time (seconds × count), lane × slot */
  queueArea: Float64Array;
  busyArea: Float64Array;
  openArea: Float64Array;
  /** largest queue seen in a measured hour, lane × slot (max over days) */
  maxQueue: Float64Array;
  /** services completed in a measured hour, lane × slot */
  completions: Float64Array;
  /** per class × slot (by arrival hour) */
  classServed: Float64Array;
  classSumWait: Float64Array;
  classSumTransit: Float64Array;
  /** wait histograms per class (all hours) */
  classWaitHist: HistogramSet;
  /** events taken off the future-event list */
  events: number;
  /** simulated time at the end (after draining), seconds */
  endTime: number;
}

export interface CompiledPort {
  model: PortModel;
  P: number;
  nLanes: number;
  nStreams: number;
  nClasses: number;
  laneDist: CompiledDistribution[];
  laneMean: Float64Array;
  laneSplit: Uint8Array;
  laneBooths: Int32Array; // lane × slot
  laneMaxBooths: Int32Array;
  streamRate: Float64Array; // stream × slot, per second
  classStream: Int32Array;
  classCum: Float64Array; // cumulative share within its stream
  streamFirstClass: Int32Array;
  streamNClasses: Int32Array;
  classElig: Int32Array[]; // lane indices, preference order
  classIds: string[];
}

export function compilePort(model: PortModel): CompiledPort {
  const P = model.periodHours;
  const nLanes = model.lanes.length;
  const laneIndex = new Map(model.lanes.map((l, i) => [l.id, i]));
  const laneDist = model.lanes.map((l) => compileDistribution(l.service));
  const laneMean = Float64Array.from(laneDist.map((d) => d.mean));
  const laneSplit = Uint8Array.from(model.lanes.map((l) => (l.queue === 'split' ? 1 : 0)));
  const laneBooths = new Int32Array(nLanes * P);
  const laneMaxBooths = new Int32Array(nLanes);
  model.lanes.forEach((l, i) => {
    for (let h = 0; h < P; h++) {
      const b = Math.max(0, Math.floor(l.booths[h]));
      laneBooths[i * P + h] = b;
      if (b > laneMaxBooths[i]) laneMaxBooths[i] = b;
    }
  });
  const nStreams = model.streams.length;
  const streamRate = new Float64Array(nStreams * P);
  const classStream: number[] = [];
  const classCum: number[] = [];
  const classElig: Int32Array[] = [];
  const classIds: string[] = [];
  const streamFirstClass = new Int32Array(nStreams);
  const streamNClasses = new Int32Array(nStreams);
  model.streams.forEach((s, si) => {
    for (let h = 0; h < P; h++) streamRate[si * P + h] = s.ratePerHour[h] / HOUR;
    streamFirstClass[si] = classIds.length;
    streamNClasses[si] = s.classes.length;
    const total = s.classes.reduce((a, c) => a + c.share, 0) || 1;
    let acc = 0;
    for (const c of s.classes) {
      acc += c.share / total;
      classStream.push(si);
      classCum.push(acc);
      classIds.push(c.id);
      classElig.push(
        Int32Array.from(
          c.lanes.map((id) => {
            const li = laneIndex.get(id);
            if (li === undefined) throw new Error(`class ${c.id}: unknown lane ${id}`);
            return li;
          }),
        ),
      );
    }
    if (s.classes.length > 0) classCum[classCum.length - 1] = 1;
  });
  return {
    model,
    P,
    nLanes,
    nStreams,
    nClasses: classIds.length,
    laneDist,
    laneMean,
    laneSplit,
    laneBooths,
    laneMaxBooths,
    streamRate,
    classStream: Int32Array.from(classStream),
    classCum: Float64Array.from(classCum),
    streamFirstClass,
    streamNClasses,
    classElig,
    classIds,
  };
}

/**
 * One replication's mutable state. A class (rather than closures inside a function) so that every
 * replication runs the same optimised code: methods are shared, call targets stay monomorphic.
 */
class PortRun {
  readonly port: CompiledPort;
  readonly P: number;
  readonly warmupHours: number;
  readonly totalHours: number;
  readonly warmupEnd: number;
  readonly horizon: number;
  readonly arrRng: Rng[];
  readonly clsRng: Rng[];
  readonly svcRng: Rng[];
  readonly laneKind: Int32Array;
  readonly laneP1: Float64Array;
  readonly qBase: Int32Array;
  readonly qLane: Int32Array;
  readonly qTimes: Float64Array[];
  readonly qCls: Int32Array[];
  readonly qHead: Int32Array;
  readonly qSize: Int32Array;
  readonly qMask: Int32Array;
  readonly qBusy: Uint8Array;
  readonly laneOpen: Int32Array;
  readonly laneBusy: Int32Array;
  readonly laneQ: Int32Array;
  readonly lastT: Float64Array;
  readonly accQ: Float64Array;
  readonly accB: Float64Array;
  readonly hourMaxQ: Int32Array;
  readonly heap: EventQueue;
  readonly raw: SimRaw;

  constructor(port: CompiledPort, opts: RunOptions) {
    const { P, nLanes, nStreams, nClasses, laneDist, laneSplit } = port;
    const model = port.model;
    this.port = port;
    this.P = P;
    this.warmupHours = Math.max(0, Math.round(opts.warmupDays * 24));
    this.totalHours = this.warmupHours + Math.max(0, Math.round(opts.days * 24));
    this.warmupEnd = this.warmupHours * HOUR;
    this.horizon = this.totalHours * HOUR;
    this.arrRng = model.streams.map((s) => new Rng(deriveSeed(opts.seed, `arrivals:${s.id}`)));
    this.clsRng = model.streams.map((s) => new Rng(deriveSeed(opts.seed, `classes:${s.id}`)));
    this.svcRng = model.lanes.map((l) => new Rng(deriveSeed(opts.seed, `service:${l.id}`)));
    this.laneKind = Int32Array.from(laneDist.map((d) => d.kind));
    this.laneP1 = Float64Array.from(laneDist.map((d) => d.p1));

    // queues: a pooled lane has one queue; a split lane one per booth (its maximum over the period)
    this.qBase = new Int32Array(nLanes);
    let nQueues = 0;
    for (let l = 0; l < nLanes; l++) {
      this.qBase[l] = nQueues;
      nQueues += laneSplit[l] ? Math.max(1, port.laneMaxBooths[l]) : 1;
    }
    this.qLane = new Int32Array(nQueues);
    for (let l = 0; l < nLanes; l++) {
      const n = laneSplit[l] ? Math.max(1, port.laneMaxBooths[l]) : 1;
      for (let i = 0; i < n; i++) this.qLane[this.qBase[l] + i] = l;
    }
    this.qTimes = [];
    this.qCls = [];
    for (let q = 0; q < nQueues; q++) {
      this.qTimes.push(new Float64Array(64));
      this.qCls.push(new Int32Array(64));
    }
    this.qHead = new Int32Array(nQueues);
    this.qSize = new Int32Array(nQueues);
    this.qMask = new Int32Array(nQueues).fill(63);
    this.qBusy = new Uint8Array(nQueues);

    this.laneOpen = new Int32Array(nLanes);
    this.laneBusy = new Int32Array(nLanes);
    this.laneQ = new Int32Array(nLanes);
    this.lastT = new Float64Array(nLanes);
    this.accQ = new Float64Array(nLanes);
    this.accB = new Float64Array(nLanes);
    this.hourMaxQ = new Int32Array(nLanes);
    // at most: one pending arrival per stream, one departure per queue or booth, one hour event
    let cap = nStreams + 2;
    for (let l = 0; l < nLanes; l++) cap += Math.max(1, port.laneMaxBooths[l]);
    this.heap = new EventQueue(cap);

    const LS = nLanes * P;
    const CS = nClasses * P;
    this.raw = {
      periodHours: P,
      days: opts.days,
      laneIds: model.lanes.map((l) => l.id),
      laneTypes: model.lanes.map((l) => l.type),
      classIds: port.classIds,
      classStream: Array.from(port.classStream),
      streamIds: model.streams.map((s) => s.id),
      arrivals: new Float64Array(LS),
      served: new Float64Array(LS),
      sumWait: new Float64Array(LS),
      sumWait2: new Float64Array(LS),
      sumTransit: new Float64Array(LS),
      waitHist: new HistogramSet(LS),
      queueArea: new Float64Array(LS),
      busyArea: new Float64Array(LS),
      openArea: new Float64Array(LS),
      maxQueue: new Float64Array(LS),
      completions: new Float64Array(LS),
      classServed: new Float64Array(CS),
      classSumWait: new Float64Array(CS),
      classSumTransit: new Float64Array(CS),
      classWaitHist: new HistogramSet(nClasses),
      events: 0,
      endTime: 0,
    };
  }

  /** Next arrival of stream s at or after t, restarting the exponential clock at hour boundaries. */
  scheduleArrival(s: number, t: number): void {
    const rng = this.arrRng[s];
    const rates = this.port.streamRate;
    const P = this.P;
    for (;;) {
      if (t >= this.horizon) return;
      const hAbs = Math.floor(t / HOUR);
      const boundary = (hAbs + 1) * HOUR;
      const rate = rates[s * P + (hAbs % P)];
      if (rate > 0) {
        const next = t + rng.exponential() / rate;
        if (next < boundary) {
          if (next < this.horizon) this.heap.push(next, EV_ARRIVAL | (s << 2));
          return;
        }
      }
      t = boundary;
    }
  }

  integrate(l: number, now: number): void {
    const dt = now - this.lastT[l];
    if (dt > 0) {
      this.accQ[l] += this.laneQ[l] * dt;
      this.accB[l] += this.laneBusy[l] * dt;
      this.lastT[l] = now;
    }
  }

  /** Begins a service in queue q of lane l for a vehicle of class c that arrived at `arr`. */
  startService(q: number, l: number, arr: number, c: number, now: number): void {
    let svc: number;
    if (this.laneKind[l] === KIND_EXPONENTIAL) svc = this.laneP1[l] * this.svcRng[l].exponential();
    else svc = sample(this.port.laneDist[l], this.svcRng[l]);
    this.heap.push(now + svc, EV_DEPARTURE | (q << 2));
    if (arr >= this.warmupEnd) {
      const raw = this.raw;
      const P = this.P;
      const wait = now - arr;
      const slot = ((arr * INV_HOUR) | 0) % P;
      const i = l * P + slot;
      raw.served[i]++;
      raw.sumWait[i] += wait;
      raw.sumWait2[i] += wait * wait;
      raw.sumTransit[i] += wait + svc;
      const ci = c * P + slot;
      raw.classServed[ci]++;
      raw.classSumWait[ci] += wait;
      raw.classSumTransit[ci] += wait + svc;
      // histogram bucket: bucketOf() inlined (HIST_UNIT = 0.1 s, 128 linear buckets, 64 per octave)
      const x = wait * 10;
      let b: number;
      if (x < 128) b = x | 0;
      else if (x >= 4294967295) b = HIST_BUCKETS - 1;
      else {
        const xi = x >>> 0;
        const e = 31 - Math.clz32(xi);
        b = 128 + (e - 7) * 64 + ((xi >>> (e - 6)) - 64);
      }
      raw.waitHist.counts[i * HIST_BUCKETS + b]++;
      raw.classWaitHist.counts[c * HIST_BUCKETS + b]++;
    }
  }

  enqueue(q: number, l: number, t: number, c: number): void {
    if (this.qSize[q] > this.qMask[q]) this.growQueue(q);
    const pos = (this.qHead[q] + this.qSize[q]) & this.qMask[q];
    this.qTimes[q][pos] = t;
    this.qCls[q][pos] = c;
    this.qSize[q]++;
    const n = ++this.laneQ[l];
    if (n > this.hourMaxQ[l]) this.hourMaxQ[l] = n;
  }

  growQueue(q: number): void {
    const cap = this.qTimes[q].length;
    const t = new Float64Array(cap * 2);
    const c = new Int32Array(cap * 2);
    const h = this.qHead[q];
    for (let i = 0; i < cap; i++) {
      t[i] = this.qTimes[q][(h + i) & (cap - 1)];
      c[i] = this.qCls[q][(h + i) & (cap - 1)];
    }
    this.qTimes[q] = t;
    this.qCls[q] = c;
    this.qHead[q] = 0;
    this.qMask[q] = cap * 2 - 1;
  }

  /** Serves the head of queue q (which must not be empty). */
  serveHead(q: number, l: number, now: number): void {
    const h = this.qHead[q];
    const arr = this.qTimes[q][h];
    const c = this.qCls[q][h];
    this.qHead[q] = (h + 1) & this.qMask[q];
    this.qSize[q]--;
    this.laneQ[l]--;
    this.startService(q, l, arr, c, now);
  }

  /** Start of absolute hour hAbs: staffing for the hour, idle booths take waiting vehicles. */
  openHour(hAbs: number, now: number): void {
    const port = this.port;
    const slot = hAbs % this.P;
    for (let l = 0; l < port.nLanes; l++) {
      this.integrate(l, now);
      const open = port.laneBooths[l * this.P + slot];
      this.laneOpen[l] = open;
      const q0 = this.qBase[l];
      if (port.laneSplit[l]) {
        for (let b = 0; b < open; b++) {
          const q = q0 + b;
          if (this.qBusy[q] === 0 && this.qSize[q] > 0) {
            this.qBusy[q] = 1;
            this.laneBusy[l]++;
            this.serveHead(q, l, now);
          }
        }
      } else {
        while (this.laneBusy[l] < open && this.qSize[q0] > 0) {
          this.laneBusy[l]++;
          this.serveHead(q0, l, now);
        }
      }
      this.hourMaxQ[l] = this.laneQ[l];
    }
  }

  /** End of absolute hour hAbs: time integrals flushed into the hour's slot if it is measured. */
  closeHour(hAbs: number, now: number): void {
    const raw = this.raw;
    const measured = hAbs >= this.warmupHours && hAbs < this.totalHours;
    const slot = hAbs % this.P;
    for (let l = 0; l < this.port.nLanes; l++) {
      this.integrate(l, now);
      if (measured) {
        const i = l * this.P + slot;
        raw.queueArea[i] += this.accQ[l];
        raw.busyArea[i] += this.accB[l];
        raw.openArea[i] += this.laneOpen[l] * HOUR;
        if (this.hourMaxQ[l] > raw.maxQueue[i]) raw.maxQueue[i] = this.hourMaxQ[l];
      }
      this.accQ[l] = 0;
      this.accB[l] = 0;
    }
  }

  /**
   * Lane (and queue) chosen by an arriving vehicle of class c: the open eligible lane with the
   * least estimated wait, ties to the earlier (preferred) lane. Estimated wait: in a pooled lane,
   * (vehicles ahead that need a booth) × mean service / open booths; in a split lane, the shortest
   * booth queue (waiting + in service) × mean service. No open eligible lane: the first one (the
   * vehicle waits for it to open). Returns the queue index (its lane is qLane[q]).
   */
  chooseQueue(c: number): number {
    const port = this.port;
    const elig = port.classElig[c];
    let bestQ = this.qBase[elig[0]];
    let best = Infinity;
    for (let k = 0; k < elig.length; k++) {
      const cand = elig[k];
      const open = this.laneOpen[cand];
      if (open === 0) continue;
      const base = this.qBase[cand];
      let est: number;
      let cq = base;
      if (port.laneSplit[cand]) {
        let m = Infinity;
        for (let b = 0; b < open; b++) {
          const n = this.qSize[base + b] + this.qBusy[base + b];
          if (n < m) {
            m = n;
            cq = base + b;
          }
        }
        est = m * port.laneMean[cand];
      } else {
        const ahead = this.laneQ[cand] + this.laneBusy[cand] - open + 1;
        est = ahead <= 0 ? 0 : (ahead * port.laneMean[cand]) / open;
      }
      if (est < best) {
        best = est;
        bestQ = cq;
      }
    }
    return bestQ;
  }

  run(): SimRaw {
    const port = this.port;
    const P = this.P;
    const heap = this.heap;
    const raw = this.raw;
    const { laneSplit, streamRate, classCum, streamFirstClass, streamNClasses, classElig } = port;
    const { qLane, qBase, qSize, qBusy, laneOpen, laneBusy, arrRng, clsRng } = this;
    const completions = raw.completions;
    const arrivals = raw.arrivals;
    const warmupEnd = this.warmupEnd;
    const horizon = this.horizon;
    const totalHours = this.totalHours;
    let events = 0;
    let inSystem = 0;
    let hourIndex = 0;
    let curSlot = 0;
    let now = 0;

    for (let s = 0; s < port.nStreams; s++) this.scheduleArrival(s, 0);
    this.openHour(0, 0);
    heap.push(HOUR, EV_HOUR);

    while (heap.size > 0) {
      now = heap.peekTime();
      const payload = heap.peekPayload();
      heap.pop();
      events++;
      const kind = payload & 3;
      if (kind === EV_DEPARTURE) {
        const q = payload >> 2;
        const l = qLane[q];
        this.integrate(l, now);
        inSystem--;
        if (now >= warmupEnd && now < horizon) completions[l * P + curSlot]++;
        if (laneSplit[l]) {
          // a booth serves its own queue, even after it closed to newcomers
          if (qSize[q] > 0) this.serveHead(q, l, now);
          else {
            qBusy[q] = 0;
            laneBusy[l]--;
          }
        } else if (qSize[q] > 0 && laneBusy[l] <= laneOpen[l]) {
          this.serveHead(q, l, now);
        } else {
          laneBusy[l]--;
        }
      } else if (kind === EV_ARRIVAL) {
        const s = payload >> 2;
        let c = streamFirstClass[s];
        const nc = streamNClasses[s];
        if (nc > 1) {
          const u = clsRng[s].uniform();
          const end = c + nc - 1;
          while (c < end && classCum[c] < u) c++;
        }
        const elig = classElig[c];
        let l = elig[0];
        let q = qBase[l];
        if (elig.length > 1 || laneSplit[l]) {
          q = this.chooseQueue(c);
          l = qLane[q];
        }
        this.integrate(l, now);
        inSystem++;
        if (now >= warmupEnd) arrivals[l * P + curSlot]++;
        if (laneSplit[l]) {
          if (qBusy[q] === 0 && qSize[q] === 0 && q - qBase[l] < laneOpen[l]) {
            qBusy[q] = 1;
            laneBusy[l]++;
            this.startService(q, l, now, c, now);
          } else {
            this.enqueue(q, l, now, c);
          }
        } else if (laneBusy[l] < laneOpen[l]) {
          laneBusy[l]++;
          this.startService(q, l, now, c, now);
        } else {
          this.enqueue(q, l, now, c);
        }
        // next arrival of the stream: fast path inside the current hour, else from the boundary
        const hourEnd = (hourIndex + 1) * HOUR;
        const rate = streamRate[s * P + curSlot];
        if (rate > 0) {
          const next = now + arrRng[s].exponential() / rate;
          if (next < hourEnd) {
            if (next < horizon) heap.push(next, EV_ARRIVAL | (s << 2));
          } else this.scheduleArrival(s, hourEnd);
        } else this.scheduleArrival(s, hourEnd);
      } else {
        this.closeHour(hourIndex, now);
        hourIndex++;
        this.openHour(hourIndex, now);
        curSlot = hourIndex % P;
        if (hourIndex < totalHours || inSystem > 0) heap.push((hourIndex + 1) * HOUR, EV_HOUR);
      }
    }
    raw.events = events;
    raw.endTime = now;
    return raw;
  }
}

/** Runs one replication of a compiled port. */
export function simulate(port: CompiledPort, opts: RunOptions): SimRaw {
  return new PortRun(port, opts).run();
}
