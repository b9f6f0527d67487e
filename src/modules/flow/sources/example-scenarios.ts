/**
 * Builds the example scenario examples/scenarios/san-ysidro-northbound.json from the project's data (data/flow):
 *
 *   node src/modules/flow/sources/example-scenarios.ts [--data data/flow] [--out examples/scenarios]
 *
 * - Arrivals: BTS monthly inbound counts for San Ysidro (port 2504), July 2019 (the last full
 *   pre-pandemic summer): personal vehicles and pedestrians per day, spread over the hours with the
 *   ASSUMED hourly profiles of sources/arrivals.ts (BTS has no hourly counts).
 * - Service times: general car lanes 34 s on average (Villegas et al., "Trade-offs between security
 *   and inspection capacity", Transportation Research Record 1942, 2006, El Paso–Juárez); Ready
 *   Lanes 20 % faster; SENTRI and pedestrian figures are assumptions (see docs/scenarios.md).
 * - Booths per hour: not published; calibrated (sim/calibrate.ts) so that the simulated mean
 *   waits by hour match CBP's historical average waits for July, Monday to Friday
 *   (cbp-bwt-historical-san-ysidro.csv).
 */
import fs from 'node:fs';
import path from 'node:path';
import { calibrateBooths } from '../sim/calibrate.ts';
import { validateScenario, type Scenario } from '../sim/scenario.ts';
import { ASSUMED_PROFILES, deriveHourlyArrivals } from './arrivals.ts';
import { parseBtsCrossings } from './bts.ts';
import { bwtHourlyProfile, parseCbpBwtHistorical } from './cbp-bwt.ts';

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The project's flow data, committed with it (see data/README.md). */
export const FLOW_DATA = path.resolve(import.meta.dirname, '../../../../data/flow');

/** Reads a data file; a missing one is an error that names its path (never a silent skip). */
export function readDataFile(dir: string, file: string): string {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) throw new Error(`missing data file: ${p}`);
  return fs.readFileSync(p, 'utf8');
}

export function buildSanYsidro(dataDir: string = FLOW_DATA, log: (s: string) => void = () => {}): Scenario {
  const bts = parseBtsCrossings(readDataFile(dataDir, 'bts-border-crossing-entry-san-ysidro-1996-2021.csv'));
  const bwt = parseCbpBwtHistorical(readDataFile(dataDir, 'cbp-bwt-historical-san-ysidro.csv'));
  const month = '2019-07';
  const cars = deriveHourlyArrivals({
    rows: bts.rows,
    port: '2504',
    measure: 'Personal Vehicles',
    months: [month],
    profile: ASSUMED_PROFILES.passengerVehicles,
  });
  const peds = deriveHourlyArrivals({
    rows: bts.rows,
    port: '2504',
    measure: 'Pedestrians',
    months: [month],
    profile: ASSUMED_PROFILES.pedestrians,
  });
  const carsPerDay = Math.round(cars.dailyVolume);
  const volumes = `${carsPerDay} personal vehicles/day, ${Math.round(peds.dailyVolume)} pedestrians/day`;
  log(`BTS ${month}: ${volumes}`);
  const weekdays = [1, 2, 3, 4, 5]; // Monday–Friday (CBP day 0 = Sunday, see sources/cbp-bwt.ts)
  const target = (lane: Parameters<typeof bwtHourlyProfile>[1]) =>
    bwtHourlyProfile(bwt.rows, lane, [7], weekdays).map(round1);

  const draft: Scenario = {
    name: 'San Ysidro northbound, July weekday (calibrated baseline)',
    description:
      'Northbound primary inspection at San Ysidro (port 2504): passenger vehicles (general, Ready and SENTRI lanes) ' +
      'and pedestrians (general and Ready). Arrivals from BTS July 2019 volumes with an assumed hourly profile; ' +
      'booths per hour calibrated to CBP historical average waits for July, Monday–Friday.',
    port: { name: 'San Ysidro', code: '2504', direction: 'northbound', country: 'US' },
    sources: [
      `BTS Border Crossing Entry Data (data.transportation.gov keg4-3bc2), San Ysidro ${month}: ${volumes}`,
      'Hourly profiles of arrivals: assumed (sources/arrivals.ts ASSUMED_PROFILES), not measured',
      'General car lane inspection 34 s on average: Villegas et al., Transportation Research Record 1942 (2006), ' +
        'El Paso–Juárez',
      'Ready Lanes about 20% faster than general lanes (CBP)',
      'SENTRI 20 s and pedestrian 45 s / 36 s: assumptions',
      'Class shares (SENTRI 15%, Ready-eligible 55%, general 30%; pedestrians 60/40): assumptions',
      'Booths per hour: calibrated to CBP Border Wait Times historical averages, July, Monday–Friday ' +
        '(cbp-bwt-historical-san-ysidro.csv)',
    ],
    days: 1,
    warmupDays: 1,
    replications: 10,
    seed: 2019,
    lanes: [
      {
        id: 'general',
        type: 'general',
        label: 'General lanes',
        booths: 8,
        service: { kind: 'lognormal', mean: 34, cv: 0.6 },
        queue: 'pooled',
      },
      {
        id: 'ready',
        type: 'ready',
        label: 'Ready Lanes',
        booths: 12,
        service: { kind: 'lognormal', mean: 27.2, cv: 0.6 },
        queue: 'pooled',
      },
      {
        id: 'sentri',
        type: 'trusted',
        label: 'SENTRI lanes',
        booths: 3,
        service: { kind: 'lognormal', mean: 20, cv: 0.5 },
        queue: 'pooled',
      },
      {
        id: 'ped',
        type: 'pedestrian',
        label: 'Pedestrians, general',
        booths: 6,
        service: { kind: 'lognormal', mean: 45, cv: 0.7 },
        queue: 'pooled',
      },
      {
        id: 'ped-ready',
        type: 'pedestrian_ready',
        label: 'Pedestrians, Ready Lane',
        booths: 4,
        service: { kind: 'lognormal', mean: 36, cv: 0.7 },
        queue: 'pooled',
      },
    ],
    streams: [
      {
        id: 'cars',
        label: 'Passenger vehicles',
        arrivalsPerHour: cars.arrivalsPerHour.map(Math.round),
        classes: [
          { id: 'car-general', label: 'No Ready document', share: 0.3, lanes: ['general'] },
          { id: 'car-ready', label: 'Ready document (RFID)', share: 0.55, lanes: ['ready', 'general'] },
          { id: 'car-sentri', label: 'SENTRI members', share: 0.15, lanes: ['sentri', 'ready', 'general'] },
        ],
      },
      {
        id: 'pedestrians',
        label: 'Pedestrians',
        arrivalsPerHour: peds.arrivalsPerHour.map(Math.round),
        classes: [
          { id: 'ped-general', share: 0.6, lanes: ['ped'] },
          { id: 'ped-ready', share: 0.4, lanes: ['ped-ready', 'ped'] },
        ],
      },
    ],
    variants: [],
    targets: [],
  };

  // start from the booths that keep each lane just below saturation (shares as if every class used
  // its first lane); calibration then moves them towards the measured waits
  const start = (rates: number[], share: number, meanService: number, rho: number) =>
    rates.map((r) => Math.max(1, Math.ceil((r * share * meanService) / 3600 / rho)));
  const setStart = (id: string, b: number[]) => (draft.lanes.find((l) => l.id === id)!.booths = b);
  setStart('general', start(cars.arrivalsPerHour, 0.3, 34, 0.97));
  setStart('ready', start(cars.arrivalsPerHour, 0.55, 27.2, 0.97));
  setStart('sentri', start(cars.arrivalsPerHour, 0.15, 20, 0.9));
  setStart('ped', start(peds.arrivalsPerHour, 0.6, 45, 0.97));
  setStart('ped-ready', start(peds.arrivalsPerHour, 0.4, 36, 0.9));

  const cal = calibrateBooths(
    draft,
    [
      { lane: 'general', waitMinutes: target('pv') },
      { lane: 'ready', waitMinutes: target('pv_ready_lanes') },
      { lane: 'sentri', waitMinutes: target('xpv') },
      { lane: 'ped', waitMinutes: target('ped') },
      { lane: 'ped-ready', waitMinutes: target('ped_ready_lanes') },
    ],
    {
      sweeps: 60,
      replications: 3,
      seed: 7,
      hoursPerSweep: 6,
      onSweep: (s, e) => log(`calibration sweep ${s}: mean absolute error ${e.toFixed(2)} min`),
    },
  );
  const s = cal.scenario;
  s.description += ` Calibration: mean absolute error ${cal.meanAbsErrorMinutes.toFixed(1)} min over lane-hours.`;
  s.variants = [
    {
      name: 'One more SENTRI booth',
      description: 'A SENTRI booth added at every hour',
      changes: [{ op: 'addBooths', lane: 'sentri', booths: 1 }],
    },
    {
      name: 'SENTRI enrolment 15% → 30%',
      description: 'Twice the SENTRI share among cars; the other classes shrink in proportion',
      changes: [{ op: 'setShare', stream: 'cars', class: 'car-sentri', share: 0.3 }],
    },
    {
      name: 'Morning schedule: +3 Ready booths 5:00–10:00',
      changes: [{ op: 'addBooths', lane: 'ready', booths: 3, hours: [5, 6, 7, 8, 9] }],
    },
    {
      name: 'Convert a general booth to SENTRI 7:00–21:00',
      changes: [
        {
          op: 'moveBooths',
          from: 'general',
          to: 'sentri',
          booths: 1,
          hours: [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
        },
      ],
    },
  ];
  s.targets = [
    {
      name: '25% shorter car waits via SENTRI enrolment',
      reduction: 0.25,
      metric: 'wait',
      scope: { stream: 'cars' },
      lever: { op: 'setShare', stream: 'cars', class: 'car-sentri', min: 0.15, max: 0.9 },
    },
    {
      name: '25% shorter car waits via Ready booths',
      reduction: 0.25,
      metric: 'wait',
      scope: { stream: 'cars' },
      lever: { op: 'addBooths', lane: 'ready', max: 30 },
    },
    {
      name: '25% shorter car waits via faster general inspection',
      reduction: 0.25,
      metric: 'wait',
      scope: { stream: 'cars' },
      lever: { op: 'scaleService', lane: 'general', min: 0.3 },
    },
  ];
  const v = validateScenario(s);
  if (!v.ok) throw new Error(`generated scenario is invalid: ${v.errors.map((e) => e.message).join('; ')}`);
  return s;
}

/** JSON with two-space indent, arrays of numbers kept on one line (hourly profiles stay readable). */
export function prettyJson(value: unknown): string {
  return (
    JSON.stringify(value, null, 2).replace(
      /\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g,
      (_m, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`,
    ) + '\n'
  );
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const get = (k: string, d: string) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
  const dataDir = get('--data', FLOW_DATA);
  const outDir = get('--out', path.resolve(import.meta.dirname, '../../../../examples/scenarios'));
  const s = buildSanYsidro(dataDir, (m) => process.stderr.write(m + '\n'));
  const { variants, targets, ...rest } = s;
  const file = path.join(outDir, 'san-ysidro-northbound.json');
  fs.writeFileSync(file, prettyJson({ ...rest, variants, targets }));
  process.stderr.write(`wrote ${file}\n`);
}
