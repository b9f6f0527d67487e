/**
 * Simulation benchmark: the same M/M/c scenario in the smartborder engine and in SimPy, in one run.
 *
 *   node bench/sim.ts [--json] [--customers N] [--simpy-customers N] [--quick]
 *   npm run bench:sim
 *
 * Scenario: one pooled queue, c = 10 booths, Poisson arrivals, exponential service of 30 s,
 * utilisation 0.9 (the SimPy model is bench/sim/mmc_simpy.py, run with /usr/bin/python3).
 *
 * Events are not counted alike by the two engines: ours processes two events per vehicle
 * (arrival, end of service) plus one per simulated hour; SimPy schedules about six per vehicle
 * (process start, timeouts, resource request and release, process resumption). The like-for-like
 * measure is vehicles simulated per second of wall-clock time for the same model; `speedup` is
 * that ratio. `simpyEventsPerSecond` counts SimPy's work in our units (2 events per vehicle), and
 * `simpyNativeEventsPerSecond` with SimPy's own count.
 *
 * `erlangMaxRelError`: largest relative error of the simulated mean wait against Erlang C over
 * c ∈ {1, 5, 10} × ρ ∈ {0.5, 0.7, 0.9} (10 replications of ~300,000 vehicles each).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { compilePort, simulate } from '../src/modules/flow/sim/engine.ts';
import type { PortModel } from '../src/modules/flow/sim/model.ts';
import { mmc } from '../src/modules/flow/sim/queueing.ts';
import { replicationSeed } from '../src/modules/flow/sim/runner.ts';
import { confidenceInterval } from '../src/modules/flow/sim/stats.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const C = 10;
const RHO = 0.9;
const SERVICE = 30;
const customers = opt('--customers', quick ? 1_000_000 : 4_000_000);
const simpyCustomers = opt('--simpy-customers', quick ? 50_000 : 200_000);
const log = (s: string) => {
  if (!json) process.stderr.write(s + '\n');
};

function model(c: number, rho: number): PortModel {
  const perHour = ((rho * c) / SERVICE) * 3600;
  return {
    periodHours: 24,
    lanes: [
      {
        id: 'booths',
        type: 'general',
        booths: new Array(24).fill(c),
        service: { kind: 'exponential', mean: SERVICE },
        queue: 'pooled',
      },
    ],
    streams: [
      { id: 'cars', ratePerHour: new Array(24).fill(perHour), classes: [{ id: 'car', share: 1, lanes: ['booths'] }] },
    ],
  };
}

function runEngine(n: number, seed: number): { seconds: number; events: number; vehicles: number; meanWait: number } {
  const m = model(C, RHO);
  const days = Math.ceil(n / (m.streams[0].ratePerHour[0] * 24));
  const port = compilePort(m);
  const t0 = performance.now();
  const raw = simulate(port, { seed, days, warmupDays: 0 });
  const seconds = (performance.now() - t0) / 1000;
  let vehicles = 0;
  let wait = 0;
  for (let h = 0; h < 24; h++) {
    vehicles += raw.served[h];
    wait += raw.sumWait[h];
  }
  return { seconds, events: raw.events, vehicles, meanWait: wait / vehicles };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- our engine (one warm-up run for the JIT, then the median of 3)
log(`engine: M/M/${C}, ρ = ${RHO}, ${customers.toLocaleString('en-US')} vehicles per run`);
runEngine(Math.min(customers, 500_000), 99);
const runs = [1, 2, 3].map((s) => runEngine(customers, s));
const eventsPerSecond = median(runs.map((r) => r.events / r.seconds));
const vehiclesPerSecond = median(runs.map((r) => r.vehicles / r.seconds));
const eventsPerVehicle = runs[0].events / runs[0].vehicles;
log(`  ${(eventsPerSecond / 1e6).toFixed(2)} M events/s, ${(vehiclesPerSecond / 1e6).toFixed(2)} M vehicles/s`);

// ---- SimPy, same model
const script = path.resolve(import.meta.dirname, 'sim/mmc_simpy.py');
log(`SimPy: ${simpyCustomers.toLocaleString('en-US')} vehicles`);
let simpy:
  | { customers: number; seconds: number; meanWait: number; simpyEventsPerCustomer: number; simpyVersion: string }
  | undefined;
let simpyError: string | undefined;
try {
  const out = execFileSync(
    '/usr/bin/python3',
    [
      script,
      '--c',
      String(C),
      '--rho',
      String(RHO),
      '--service',
      String(SERVICE),
      '--customers',
      String(simpyCustomers),
      '--seed',
      '1',
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  simpy = JSON.parse(out.trim().split('\n').at(-1)!);
} catch (e) {
  simpyError = (e as Error).message.split('\n')[0];
  log(`  SimPy unavailable: ${simpyError} (apt-get install -y python3-simpy3)`);
}
const simpyVehiclesPerSecond = simpy ? simpy.customers / simpy.seconds : Number.NaN;
const simpyEventsPerSecond = simpyVehiclesPerSecond * 2;
const simpyNativeEventsPerSecond = simpy ? simpyVehiclesPerSecond * simpy.simpyEventsPerCustomer : Number.NaN;
const speedup = vehiclesPerSecond / simpyVehiclesPerSecond;
if (simpy)
  log(
    `  ${(simpyVehiclesPerSecond / 1e3).toFixed(1)} k vehicles/s ` +
      `(${(simpyNativeEventsPerSecond / 1e3).toFixed(0)} k SimPy events/s); speedup ${speedup.toFixed(1)}×`,
  );

// ---- accuracy against Erlang C
log('Erlang C check');
const exact = mmc((RHO * C) / SERVICE, SERVICE, C).wq;
const checks: {
  c: number;
  rho: number;
  simulated: number;
  erlangC: number;
  relError: number;
  ciHalfWidthRel: number;
}[] = [];
for (const c of [1, 5, 10]) {
  for (const rho of [0.5, 0.7, 0.9]) {
    const m = model(c, rho);
    const port = compilePort(m);
    const n = quick ? 100_000 : 300_000;
    const days = Math.ceil(n / (m.streams[0].ratePerHour[0] * 24));
    const xs: number[] = [];
    for (let r = 0; r < 10; r++) {
      const raw = simulate(port, { seed: replicationSeed(2024, r), days, warmupDays: 1 });
      let v = 0;
      let w = 0;
      for (let h = 0; h < 24; h++) {
        v += raw.served[h];
        w += raw.sumWait[h];
      }
      xs.push(w / v);
    }
    const ci = confidenceInterval(xs);
    const e = mmc((rho * c) / SERVICE, SERVICE, c).wq;
    checks.push({
      c,
      rho,
      simulated: ci.mean,
      erlangC: e,
      relError: (ci.mean - e) / e,
      ciHalfWidthRel: ci.halfWidth / e,
    });
    log(
      `  c=${c} ρ=${rho}: ${ci.mean.toFixed(3)} s vs ${e.toFixed(3)} s (${(((ci.mean - e) / e) * 100).toFixed(2)} %)`,
    );
  }
}
const erlangMaxRelError = Math.max(...checks.map((x) => Math.abs(x.relError)));

let simpyPython = '';
try {
  simpyPython = execFileSync('/usr/bin/python3', ['--version'], { encoding: 'utf8' }).trim();
} catch {
  simpyPython = 'unavailable';
}
const result = {
  scenario: { model: `M/M/${C}`, utilisation: RHO, meanServiceSeconds: SERVICE },
  eventsPerSecond: Math.round(eventsPerSecond),
  vehiclesPerSecond: Math.round(vehiclesPerSecond),
  eventsPerVehicle: Number(eventsPerVehicle.toFixed(4)),
  simpyEventsPerSecond: Math.round(simpyEventsPerSecond),
  simpyNativeEventsPerSecond: Math.round(simpyNativeEventsPerSecond),
  simpyVehiclesPerSecond: Math.round(simpyVehiclesPerSecond),
  simpyEventsPerVehicle: simpy?.simpyEventsPerCustomer,
  speedup: Number(speedup.toFixed(1)),
  speedupOnNativeEvents: Number((eventsPerSecond / simpyNativeEventsPerSecond).toFixed(1)),
  engineMeanWait: Number(median(runs.map((r) => r.meanWait)).toFixed(3)),
  simpyMeanWait: simpy ? Number(simpy.meanWait.toFixed(3)) : null,
  erlangCWait: Number(exact.toFixed(3)),
  erlangMaxRelError: Number(erlangMaxRelError.toFixed(5)),
  erlangChecks: checks,
  vehicles: customers,
  simpyVehicles: simpyCustomers,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown' },
  node: process.version,
  simpy: simpy?.simpyVersion ?? simpyError ?? null,
  python: simpyPython,
  date: new Date().toISOString().slice(0, 10),
};
if (json) process.stdout.write(JSON.stringify(result) + '\n');
else process.stdout.write(JSON.stringify(result, null, 2) + '\n');
