// Statistical validation of the engine against queueing theory: independent replications (fixed
// seeds), a confidence interval that must cover the closed form, and a bound on the relative error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePort, simulate } from '../../src/modules/flow/sim/engine.ts';
import { allenCunneenWq, erlangB, erlangC, mmc, kingmanWq } from '../../src/modules/flow/sim/queueing.ts';
import { compileDistribution, type DistributionSpec } from '../../src/modules/flow/sim/distributions.ts';
import { confidenceInterval } from '../../src/modules/flow/sim/stats.ts';
import { replicationSeed } from '../../src/modules/flow/sim/runner.ts';
import { daysFor, meanWait, singleLane } from './helpers.ts';

test('closed forms: known values of Erlang B and C, M/M/1, Allen–Cunneen = Pollaczek–Khinchine for one server', () => {
  assert.ok(Math.abs(erlangB(10, 5) - 0.018384) < 1e-5);
  assert.ok(Math.abs(erlangC(2, 1) - 1 / 3) < 1e-12);
  assert.ok(Math.abs(erlangC(1, 0.7) - 0.7) < 1e-12);
  const m = mmc(0.8, 1, 1); // λ = 0.8, E[S] = 1
  assert.ok(Math.abs(m.wq - 4) < 1e-12); // ρ/(μ − λ)
  assert.ok(Math.abs(m.l - 4) < 1e-12); // ρ/(1 − ρ)
  // M/D/1: Wq = ρ E[S] / (2 (1 − ρ))
  assert.ok(Math.abs(allenCunneenWq(0.8, 1, 1, 0) - 2) < 1e-12);
  assert.ok(Math.abs(kingmanWq(0.8, 1, 0) - 2) < 1e-12);
  assert.equal(mmc(2, 1, 2).stable, false);
  assert.equal(erlangC(3, 3), 1);
});

interface Case {
  c: number;
  rho: number;
  service: DistributionSpec;
  /** vehicles per replication */
  n: number;
}

function replicate(
  cse: Case,
  reps: number,
  seed: number,
): { ci: ReturnType<typeof confidenceInterval>; lambda: number; d: ReturnType<typeof compileDistribution> } {
  const d = compileDistribution(cse.service);
  const model = singleLane(cse.c, cse.rho, cse.service, d.mean);
  const port = compilePort(model);
  const days = daysFor(model, cse.n);
  const xs: number[] = [];
  for (let r = 0; r < reps; r++)
    xs.push(meanWait(simulate(port, { seed: replicationSeed(seed, r), days, warmupDays: 1 })));
  return { ci: confidenceInterval(xs, 0.99), lambda: model.streams[0].ratePerHour[0] / 3600, d };
}

test('M/M/c: mean wait within 3 % of Erlang C up to utilisation 0.9, and the 99 % CI covers it', () => {
  const cases: Case[] = [
    { c: 1, rho: 0.5, service: { kind: 'exponential', mean: 30 }, n: 100_000 },
    { c: 3, rho: 0.7, service: { kind: 'exponential', mean: 30 }, n: 150_000 },
    { c: 10, rho: 0.8, service: { kind: 'exponential', mean: 30 }, n: 300_000 },
    { c: 3, rho: 0.9, service: { kind: 'exponential', mean: 30 }, n: 400_000 },
    { c: 10, rho: 0.9, service: { kind: 'exponential', mean: 30 }, n: 400_000 },
  ];
  for (const cse of cases) {
    const { ci, lambda, d } = replicate(cse, 10, 11);
    const exact = mmc(lambda, d.mean, cse.c).wq;
    const rel = (ci.mean - exact) / exact;
    if (process.env.FLOW_TEST_VERBOSE)
      console.log(
        `Erlang c=${cse.c} rho=${cse.rho} rel=${(rel * 100).toFixed(2)}% ` +
          `hw=${((ci.halfWidth / exact) * 100).toFixed(2)}%`,
      );
    const label =
      `c=${cse.c} ρ=${cse.rho}: simulated ${ci.mean.toFixed(3)} s [${ci.low.toFixed(3)}, ${ci.high.toFixed(3)}], ` +
      `Erlang C ${exact.toFixed(3)} s`;
    assert.ok(Math.abs(rel) < 0.03, `${label}: relative error ${(rel * 100).toFixed(2)} %`);
    assert.ok(ci.low <= exact && exact <= ci.high, `${label}: CI does not cover`);
    // the interval is tight enough for the 3 % claim to mean something
    assert.ok(ci.halfWidth / exact < 0.04, `${label}: CI too wide (${((ci.halfWidth / exact) * 100).toFixed(2)} %)`);
  }
});

test('M/G/c: mean wait within 10 % of the Allen–Cunneen approximation (heavy traffic, where it applies)', () => {
  const cases: Case[] = [
    { c: 1, rho: 0.8, service: { kind: 'lognormal', mean: 34, cv: 0.6 }, n: 120_000 }, // exact (P–K) for c = 1
    { c: 4, rho: 0.85, service: { kind: 'lognormal', mean: 34, cv: 0.6 }, n: 120_000 },
    { c: 3, rho: 0.8, service: { kind: 'erlang', k: 2, mean: 30 }, n: 120_000 },
    { c: 2, rho: 0.9, service: { kind: 'deterministic', value: 23 }, n: 150_000 },
    { c: 5, rho: 0.9, service: { kind: 'gamma', mean: 60, cv: 1.5 }, n: 200_000 },
  ];
  for (const cse of cases) {
    const { ci, lambda, d } = replicate(cse, 8, 23);
    const approx = allenCunneenWq(lambda, d.mean, cse.c, d.scv);
    const rel = (ci.mean - approx) / approx;
    if (process.env.FLOW_TEST_VERBOSE)
      console.log(
        `AC ${cse.service.kind} c=${cse.c} rho=${cse.rho} rel=${(rel * 100).toFixed(2)}% ` +
          `hw=${((ci.halfWidth / approx) * 100).toFixed(2)}%`,
      );
    assert.ok(
      Math.abs(rel) < 0.1,
      `${cse.service.kind} c=${cse.c} ρ=${cse.rho}: simulated ${ci.mean.toFixed(2)} s ` +
        `vs Allen–Cunneen ${approx.toFixed(2)} s (${(rel * 100).toFixed(1)} %)`,
    );
    if (cse.c === 1)
      assert.ok(ci.low <= approx && approx <= ci.high, 'M/G/1 is exact: the CI must cover Pollaczek–Khinchine');
  }
});

test("Little's law: time-average number in system = arrival rate × mean time in system (time-varying port)", () => {
  const model = {
    periodHours: 24,
    lanes: [
      {
        id: 'g',
        type: 'general' as const,
        booths: [2, 2, 2, 2, 2, 3, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 5, 5, 4, 3, 3, 2],
        service: { kind: 'lognormal' as const, mean: 34, cv: 0.6 },
        queue: 'pooled' as const,
      },
      {
        id: 't',
        type: 'trusted' as const,
        booths: 1,
        service: { kind: 'gamma' as const, mean: 20, cv: 0.5 },
        queue: 'split' as const,
      },
    ].map((l) => ({ ...l, booths: Array.isArray(l.booths) ? l.booths : new Array(24).fill(l.booths) })),
    streams: [
      {
        id: 'cars',
        ratePerHour: [
          150, 100, 80, 80, 120, 300, 500, 600, 600, 550, 550, 550, 550, 550, 560, 580, 600, 580, 520, 450, 380, 300,
          250, 200,
        ],
        classes: [
          { id: 'general', share: 0.8, lanes: ['g'] },
          { id: 'trusted', share: 0.2, lanes: ['t', 'g'] },
        ],
      },
    ],
  };
  const raw = simulate(compilePort(model), { seed: 5, days: 60, warmupDays: 1 });
  let area = 0;
  let arrivals = 0;
  let n = 0;
  let sumT = 0;
  for (let i = 0; i < raw.served.length; i++) {
    area += raw.queueArea[i] + raw.busyArea[i];
    arrivals += raw.arrivals[i];
    n += raw.served[i];
    sumT += raw.sumTransit[i];
  }
  const T = 60 * 86400;
  const L = area / T;
  const lambdaW = (arrivals / T) * (sumT / n);
  assert.equal(n, arrivals, 'every arrival of the measured period is served (the run drains)');
  assert.ok(Math.abs(L - lambdaW) / L < 0.01, `L = ${L.toFixed(3)}, λW = ${lambdaW.toFixed(3)}`);
  // and per lane: queue part alone, Lq = λ Wq
  for (let l = 0; l < 2; l++) {
    let qa = 0;
    let a = 0;
    let s = 0;
    let w = 0;
    for (let h = 0; h < 24; h++) {
      qa += raw.queueArea[l * 24 + h];
      a += raw.arrivals[l * 24 + h];
      s += raw.served[l * 24 + h];
      w += raw.sumWait[l * 24 + h];
    }
    const Lq = qa / T;
    const lwq = (a / T) * (w / s);
    assert.ok(
      Math.abs(Lq - lwq) / Math.max(Lq, 1e-9) < 0.02,
      `lane ${l}: Lq = ${Lq.toFixed(4)}, λWq = ${lwq.toFixed(4)}`,
    );
  }
});

test('adding a booth never increases waits (common random numbers)', () => {
  // one pooled FIFO lane: with the same arrivals and service requirements, every vehicle waits no
  // longer with one more booth, so each hour's mean wait cannot go up
  const booths = [1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 3, 3, 3, 3, 3, 4, 4, 4, 3, 3, 2, 2, 2, 1];
  const rates = [
    60, 40, 30, 30, 50, 150, 330, 420, 440, 400, 330, 300, 300, 310, 330, 380, 420, 430, 340, 300, 200, 150, 120, 90,
  ];
  const mk = (extraAt: number) => ({
    periodHours: 24,
    lanes: [
      {
        id: 'g',
        type: 'general' as const,
        booths: booths.map((b, h) => (h === extraAt || extraAt === -2 ? b + 1 : b)),
        service: { kind: 'lognormal' as const, mean: 34, cv: 0.6 },
        queue: 'pooled' as const,
      },
    ],
    streams: [{ id: 'cars', ratePerHour: rates, classes: [{ id: 'car', share: 1, lanes: ['g'] }] }],
  });
  for (const seed of [1, 2, 3]) {
    const base = simulate(compilePort(mk(-1)), { seed, days: 3, warmupDays: 1 });
    for (const extra of [-2, 7, 16]) {
      const more = simulate(compilePort(mk(extra)), { seed, days: 3, warmupDays: 1 });
      let strictly = false;
      for (let h = 0; h < 24; h++) {
        assert.equal(more.served[h], base.served[h], 'same vehicles');
        const a = base.sumWait[h] / base.served[h];
        const b = more.sumWait[h] / more.served[h];
        assert.ok(b <= a + 1e-9, `seed ${seed}, extra booth at ${extra}: hour ${h} mean wait ${b} > ${a}`);
        if (b < a - 1e-9) strictly = true;
      }
      assert.ok(strictly, 'the extra booth shortens some wait');
    }
  }
  // a port with lane choice (trusted travellers may use every lane): the overall mean does not rise
  const port = (extraGeneral: number) => ({
    periodHours: 24,
    lanes: [
      {
        id: 'g',
        type: 'general' as const,
        booths: booths.map((b) => b + extraGeneral),
        service: { kind: 'lognormal' as const, mean: 34, cv: 0.6 },
        queue: 'pooled' as const,
      },
      {
        id: 'r',
        type: 'ready' as const,
        booths: booths.map((b) => Math.max(1, b - 1)),
        service: { kind: 'lognormal' as const, mean: 27, cv: 0.6 },
        queue: 'pooled' as const,
      },
      {
        id: 't',
        type: 'trusted' as const,
        booths: new Array(24).fill(1),
        service: { kind: 'lognormal' as const, mean: 20, cv: 0.5 },
        queue: 'pooled' as const,
      },
    ],
    streams: [
      {
        id: 'cars',
        ratePerHour: rates.map((r) => r * 1.6),
        classes: [
          { id: 'general', share: 0.4, lanes: ['g'] },
          { id: 'ready', share: 0.45, lanes: ['r', 'g'] },
          { id: 'trusted', share: 0.15, lanes: ['t', 'r', 'g'] },
        ],
      },
    ],
  });
  for (const seed of [1, 2, 3, 4, 5]) {
    const a = meanWait(simulate(compilePort(port(0)), { seed, days: 3, warmupDays: 1 }));
    const b = meanWait(simulate(compilePort(port(1)), { seed, days: 3, warmupDays: 1 }));
    assert.ok(b <= a, `seed ${seed}: ${b} > ${a}`);
  }
});

test('a pooled queue beats split queues (same booths, same load)', () => {
  const service: DistributionSpec = { kind: 'lognormal', mean: 34, cv: 0.6 };
  const pooled = compilePort(singleLane(4, 0.85, service, 34, 'pooled'));
  const split = compilePort(singleLane(4, 0.85, service, 34, 'split'));
  const diffs: number[] = [];
  for (let r = 0; r < 8; r++) {
    const seed = replicationSeed(99, r);
    const a = meanWait(simulate(pooled, { seed, days: 8, warmupDays: 1 }));
    const b = meanWait(simulate(split, { seed, days: 8, warmupDays: 1 }));
    diffs.push(b - a);
  }
  const ci = confidenceInterval(diffs, 0.99);
  if (process.env.FLOW_TEST_VERBOSE) console.log(`split-pooled ${ci.mean} [${ci.low}, ${ci.high}]`);
  assert.ok(
    ci.low > 0,
    `split − pooled mean wait: ${ci.mean.toFixed(2)} s [${ci.low.toFixed(2)}, ${ci.high.toFixed(2)}]`,
  );
});
