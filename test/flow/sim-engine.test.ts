// Building blocks of the simulation engine and the port model's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventQueue } from '../../src/modules/flow/sim/event-queue.ts';
import { Rng, deriveSeed } from '../../src/modules/flow/sim/rng.ts';
import { compileDistribution, sample, type DistributionSpec } from '../../src/modules/flow/sim/distributions.ts';
import {
  HistogramSet,
  addSlotInto,
  emptyHistogram,
  quantiles,
  bucketOf,
  bucketLow,
  bucketWidth,
} from '../../src/modules/flow/sim/histogram.ts';
import { compilePort, simulate } from '../../src/modules/flow/sim/engine.ts';
import { summarize } from '../../src/modules/flow/sim/results.ts';
import { sortedQuantile, tQuantile, normalQuantile } from '../../src/modules/flow/sim/stats.ts';
import type { PortModel } from '../../src/modules/flow/sim/model.ts';

test('event queue returns events in time order, including after growth', () => {
  const q = new EventQueue(4);
  const rng = new Rng(3);
  const times: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const t = rng.uniform() * 1000;
    times.push(t);
    q.push(t, i);
  }
  const out: number[] = [];
  const payloads = new Set<number>();
  while (q.size > 0) {
    out.push(q.peekTime());
    payloads.add(q.peekPayload());
    q.pop();
  }
  assert.deepEqual(
    out,
    [...times].sort((a, b) => a - b),
  );
  assert.equal(payloads.size, 5000);
  // interleaved pushes and pops keep the order
  let last = -Infinity;
  for (let i = 0; i < 2000; i++) {
    q.push(last + rng.uniform() * 10, i);
    q.push(last + rng.uniform() * 10, i);
    const t = q.peekTime();
    assert.ok(t >= last);
    last = t;
    q.pop();
  }
});

test('rng: reproducible, uniform in (0, 1), independent derived streams', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  for (let i = 0; i < 1000; i++) assert.equal(a.nextUint32(), b.nextUint32());
  const r = new Rng(0); // seed 0 works
  let s = 0;
  let min = 1;
  let max = 0;
  const n = 200_000;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    s += u;
    if (u < min) min = u;
    if (u > max) max = u;
  }
  assert.ok(min > 0 && max < 1);
  assert.ok(Math.abs(s / n - 0.5) < 0.005);
  assert.notEqual(deriveSeed(1, 'arrivals:cars'), deriveSeed(1, 'service:cars'));
  assert.notEqual(deriveSeed(1, 'x'), deriveSeed(2, 'x'));
  // ziggurat exponential: mean 1, variance 1, P(X > 3) = e^-3
  const e = new Rng(9);
  let m1 = 0;
  let m2 = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const x = e.exponential();
    m1 += x;
    m2 += x * x;
    if (x > 3) tail++;
  }
  assert.ok(Math.abs(m1 / n - 1) < 0.01, `mean ${m1 / n}`);
  assert.ok(Math.abs(m2 / n - 2) < 0.04, `E[X²] ${m2 / n}`);
  assert.ok(Math.abs(tail / n - Math.exp(-3)) < 0.002, `tail ${tail / n}`);
});

test('distributions: sample mean and squared CV match their specification', () => {
  const specs: DistributionSpec[] = [
    { kind: 'exponential', mean: 30 },
    { kind: 'deterministic', value: 23 },
    { kind: 'uniform', min: 10, max: 50 },
    { kind: 'lognormal', mean: 34, cv: 0.6 },
    { kind: 'gamma', mean: 60, cv: 1.5 },
    { kind: 'gamma', mean: 20, cv: 0.3 },
    { kind: 'erlang', k: 3, mean: 30 },
    { kind: 'erlang', k: 40, mean: 30 },
    { kind: 'empirical', values: [20, 30, 60], weights: [1, 2, 1] },
  ];
  const rng = new Rng(5);
  const n = 200_000;
  for (const spec of specs) {
    const d = compileDistribution(spec);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = sample(d, rng);
      assert.ok(x >= 0);
      s1 += x;
      s2 += x * x;
    }
    const m = s1 / n;
    const scv = (s2 / n - m * m) / (m * m);
    assert.ok(Math.abs(m - d.mean) / d.mean < 0.02, `${spec.kind}: mean ${m} vs ${d.mean}`);
    assert.ok(Math.abs(scv - d.scv) < 0.06 * Math.max(1, d.scv), `${spec.kind}: scv ${scv} vs ${d.scv}`);
  }
  assert.equal(compileDistribution({ kind: 'empirical', values: [20, 30, 60], weights: [1, 2, 1] }).mean, 35);
});

test('histogram percentiles are within 1 % of exact quantiles', () => {
  const rng = new Rng(8);
  const set = new HistogramSet(1);
  const xs: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    const x = rng.exponential() * 600 + (rng.uniform() < 0.3 ? 0 : 5);
    xs.push(x);
    set.add(0, x);
  }
  xs.sort((a, b) => a - b);
  const h = emptyHistogram();
  addSlotInto(h, set, 0);
  const qs = [0.1, 0.5, 0.9, 0.95, 0.99];
  const got = quantiles(h, qs);
  qs.forEach((q, i) => {
    const exact = sortedQuantile(xs, q);
    assert.ok(Math.abs(got[i] - exact) / exact < 0.01, `q${q}: ${got[i]} vs ${exact}`);
  });
  // buckets tile the line without gaps
  for (let b = 0; b < 1000; b++) assert.ok(Math.abs(bucketLow(b) + bucketWidth(b) - bucketLow(b + 1)) < 1e-9);
  assert.equal(bucketOf(bucketLow(500) + bucketWidth(500) / 2), 500);
  assert.deepEqual(quantiles(emptyHistogram(), [0.5]).map(Number.isNaN), [true]);
});

test('stats: t quantiles', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
  assert.ok(Math.abs(tQuantile(0.975, 9) - 2.262157) < 2e-3);
  assert.ok(Math.abs(tQuantile(0.995, 9) - 3.249836) < 1e-2);
  assert.ok(Math.abs(tQuantile(0.975, 30) - 2.042272) < 1e-3);
});

function port(over: Partial<PortModel> = {}): PortModel {
  return {
    periodHours: 24,
    lanes: [
      {
        id: 'general',
        type: 'general',
        booths: new Array(24).fill(4),
        service: { kind: 'lognormal', mean: 34, cv: 0.6 },
        queue: 'pooled',
      },
      {
        id: 'nexus',
        type: 'trusted',
        booths: new Array(24).fill(1),
        service: { kind: 'lognormal', mean: 20, cv: 0.5 },
        queue: 'pooled',
      },
    ],
    streams: [
      {
        id: 'cars',
        ratePerHour: new Array(24).fill(300),
        classes: [
          { id: 'regular', share: 0.8, lanes: ['general'] },
          { id: 'member', share: 0.2, lanes: ['nexus', 'general'] },
        ],
      },
    ],
    ...over,
  };
}

test('runs are reproducible from the seed, and differ between seeds', () => {
  const p = compilePort(port());
  const a = simulate(p, { seed: 7, days: 2, warmupDays: 1 });
  const b = simulate(p, { seed: 7, days: 2, warmupDays: 1 });
  const c = simulate(p, { seed: 8, days: 2, warmupDays: 1 });
  assert.deepEqual(a.sumWait, b.sumWait);
  assert.equal(a.events, b.events);
  assert.notDeepEqual(a.sumWait, c.sumWait);
});

test('arrivals follow the hourly rates (piecewise-constant Poisson)', () => {
  const rates = new Array(24).fill(0).map((_, h) => (h < 6 ? 0 : h < 12 ? 100 : 400));
  const m = port({
    streams: [{ id: 'cars', ratePerHour: rates, classes: [{ id: 'regular', share: 1, lanes: ['general'] }] }],
    lanes: [
      {
        id: 'general',
        type: 'general',
        booths: new Array(24).fill(10),
        service: { kind: 'exponential', mean: 30 },
        queue: 'pooled',
      },
    ],
  });
  const days = 30;
  const raw = simulate(compilePort(m), { seed: 1, days, warmupDays: 1 });
  for (let h = 0; h < 24; h++) {
    const n = raw.arrivals[h];
    const expected = rates[h] * days;
    if (expected === 0) assert.equal(n, 0, `hour ${h}`);
    else assert.ok(Math.abs(n - expected) < 4 * Math.sqrt(expected), `hour ${h}: ${n} arrivals, expected ${expected}`);
  }
});

test('booth schedule: a closed lane serves nobody, and vehicles wait for it to open', () => {
  const booths = new Array(24).fill(3).map((b, h) => (h >= 2 && h < 6 ? 0 : b));
  const m = port({
    lanes: [{ id: 'general', type: 'general', booths, service: { kind: 'exponential', mean: 30 }, queue: 'pooled' }],
    streams: [
      { id: 'cars', ratePerHour: new Array(24).fill(60), classes: [{ id: 'regular', share: 1, lanes: ['general'] }] },
    ],
  });
  const res = summarize([simulate(compilePort(m), { seed: 2, days: 5, warmupDays: 1 })]);
  const hours = res.lanes[0].hours;
  // at 02:00 the booths close after finishing the vehicle they are serving (at most 3)
  assert.ok(hours[2].throughput <= 3, `hour 2 throughput ${hours[2].throughput}`);
  for (let h = 2; h < 6; h++) {
    if (h > 2) assert.equal(hours[h].throughput, 0, `hour ${h} throughput`);
    assert.ok(Number.isNaN(hours[h].utilisation));
    // a vehicle arriving in hour h waits at least until 06:00
    assert.ok(hours[h].meanWait >= (6 - h - 1) * 3600, `hour ${h} mean wait ${hours[h].meanWait}`);
  }
  assert.ok(hours[10].meanWait < 60);
  assert.ok(hours[6].throughput > 60, 'the backlog is served when the booths open');
});

test('eligibility: only members use the trusted lane, and they take the shorter queue', () => {
  const raw = simulate(compilePort(port()), { seed: 3, days: 5, warmupDays: 1 });
  const res = summarize([raw]);
  const nexus = res.lanes.find((l) => l.lane === 'nexus')!;
  const member = res.classes.find((c) => c.class === 'member')!;
  const regular = res.classes.find((c) => c.class === 'regular')!;
  assert.ok(nexus.perDay > 0);
  assert.ok(nexus.perDay <= member.perDay + 1e-9, 'the trusted lane serves members only');
  // the general lanes are busy (ρ ≈ 0.57 with 4 booths at 300/h × 80 %), the NEXUS booth lightly
  // loaded (≈ 0.33): members wait less than regular travellers
  assert.ok(member.meanWait < regular.meanWait);

  // an overloaded trusted lane (1 slow booth): members spill over to the general lanes
  const slow = port({
    lanes: [
      {
        id: 'general',
        type: 'general',
        booths: new Array(24).fill(8),
        service: { kind: 'lognormal', mean: 34, cv: 0.6 },
        queue: 'pooled',
      },
      {
        id: 'nexus',
        type: 'trusted',
        booths: new Array(24).fill(1),
        service: { kind: 'deterministic', value: 60 },
        queue: 'pooled',
      },
    ],
    streams: [
      {
        id: 'cars',
        ratePerHour: new Array(24).fill(600),
        classes: [
          { id: 'regular', share: 0.5, lanes: ['general'] },
          { id: 'member', share: 0.5, lanes: ['nexus', 'general'] },
        ],
      },
    ],
  });
  const r2 = summarize([simulate(compilePort(slow), { seed: 4, days: 3, warmupDays: 1 })]);
  const n2 = r2.lanes.find((l) => l.lane === 'nexus')!;
  const m2 = r2.classes.find((c) => c.class === 'member')!;
  assert.ok(n2.perDay < 0.5 * m2.perDay, `trusted lane took ${n2.perDay} of ${m2.perDay} members/day`);
  assert.ok(n2.perDay > 0.1 * m2.perDay);
  assert.ok(Math.abs(m2.meanWait - r2.classes.find((c) => c.class === 'regular')!.meanWait) < 120, 'queues balance');
});

test('results: percentiles, utilisation and throughput are consistent', () => {
  const raws = [1, 2, 3].map((seed) => simulate(compilePort(port()), { seed, days: 2, warmupDays: 1 }));
  const res = summarize(raws);
  assert.equal(res.replications, 3);
  for (const l of res.lanes) {
    assert.ok(l.p50 <= l.p90 && l.p90 <= l.p95);
    assert.ok(l.utilisation > 0 && l.utilisation < 1);
    const thr = l.hours.reduce((a, h) => a + h.throughput, 0);
    assert.ok(Math.abs(thr - l.perDay) / l.perDay < 0.02, `${l.lane}: throughput ${thr}/day vs ${l.perDay} served/day`);
  }
  const g = res.lanes.find((l) => l.lane === 'general')!;
  // offered load on the general lanes: (300 × 0.8 + spill-over) × 34 s / 4 booths / 3600 ≥ 0.57
  assert.ok(g.utilisation > 0.55 && g.utilisation < 0.7, `general utilisation ${g.utilisation}`);
  assert.ok(res.overall.meanWaitCI.low <= res.overall.meanWait && res.overall.meanWait <= res.overall.meanWaitCI.high);
  assert.equal(res.types.length, 2);
  assert.ok(res.events > 0);
});

test('reference inspection times: one per lane type, valid, ordered as published', async () => {
  const { REFERENCE_SERVICE_TIMES } = await import('../../src/modules/flow/sim/reference.ts');
  const { LANE_TYPES } = await import('../../src/modules/flow/sim/model.ts');
  const { distributionSchema } = await import('../../src/modules/flow/sim/scenario.ts');
  for (const t of LANE_TYPES) {
    const r = REFERENCE_SERVICE_TIMES[t];
    assert.ok(distributionSchema.safeParse(r.service).success, t);
    assert.ok(r.source.length > 5);
  }
  const mean = (t: keyof typeof REFERENCE_SERVICE_TIMES) =>
    compileDistribution(REFERENCE_SERVICE_TIMES[t].service).mean;
  assert.equal(mean('general'), 34);
  assert.ok(Math.abs(mean('ready') - 0.8 * 34) < 1e-9);
  assert.ok(mean('fast') < mean('commercial') / 2);
});
