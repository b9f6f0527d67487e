// Scenario files: validation with JSON paths and message keys, variant changes, comparisons and
// target searches, and the `flow simulate` command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import {
  applyChanges,
  expandHourly,
  parseScenarioText,
  toPortModel,
  validateScenario,
  type Scenario,
} from '../../src/modules/flow/sim/scenario.ts';
import { compareScenario, findTarget, pooledMetric, runModel } from '../../src/modules/flow/sim/runner.ts';
import { simulateCommand } from '../../src/modules/flow/simulate-command.ts';
import { msg } from '../../src/modules/flow/sim/messages.ts';

const root = path.resolve(import.meta.dirname, '../..');
const small = fs.readFileSync(path.join(root, 'examples/scenarios/small-crossing.json'), 'utf8');

function valid(text = small): Scenario {
  const v = parseScenarioText(text);
  assert.ok(v.ok, v.ok ? '' : v.errors.map((e) => e.message).join('\n'));
  return v.scenario;
}

function errorsOf(mutate: (s: Record<string, any>) => void) {
  const s = JSON.parse(small);
  mutate(s);
  const v = validateScenario(s);
  assert.equal(v.ok, false, 'expected the scenario to be rejected');
  return v.ok ? [] : v.errors;
}

test('the example scenarios are valid', () => {
  for (const f of fs.readdirSync(path.join(root, 'examples/scenarios'))) {
    if (!f.endsWith('.json')) continue;
    const v = parseScenarioText(fs.readFileSync(path.join(root, 'examples/scenarios', f), 'utf8'));
    assert.ok(v.ok, `${f}: ${v.ok ? '' : v.errors.map((e) => e.message).join('; ')}`);
  }
  const s = valid();
  const m = toPortModel(s);
  assert.equal(m.periodHours, 24);
  assert.deepEqual(m.lanes[1].booths, new Array(24).fill(1), 'a single value expands to every hour');
  assert.equal(m.lanes[0].queue, 'pooled', 'the default queue');
  assert.equal(s.replications, 8);
});

test('validation errors carry JSON paths and message keys', () => {
  const cases: [(s: Record<string, any>) => void, string, string][] = [
    [
      (s) => (s.streams[0].classes[1].lanes[0] = 'sentri'),
      '$.streams[0].classes[1].lanes[0]',
      'flow.scenario.error.unknownLane',
    ],
    [(s) => (s.streams[0].classes[0].share = 0.7), '$.streams[0].classes', 'flow.scenario.error.sharesSum'],
    [
      (s) => (s.lanes[0].booths = s.lanes[0].booths.slice(0, 23)),
      '$.lanes[0].booths',
      'flow.scenario.error.hourlyLength',
    ],
    [
      (s) => (s.lanes[1].service = { kind: 'weibull', mean: 3 }),
      '$.lanes[1].service.kind',
      'flow.scenario.error.oneOf',
    ],
    [(s) => (s.lanes[0].service.mean = -4), '$.lanes[0].service.mean', 'flow.scenario.error.tooSmallExclusive'],
    [(s) => (s.lanes[0].booths[3] = 1.5), '$.lanes[0].booths[3]', 'flow.scenario.error.type'],
    [(s) => (s.lanes[0].type = 'express'), '$.lanes[0].type', 'flow.scenario.error.oneOf'],
    [(s) => (s.lanes[0].speed = 3), '$.lanes[0]', 'flow.scenario.error.unknownKeys'],
    [(s) => delete s.streams, '$.streams', 'flow.scenario.error.required'],
    [(s) => (s.lanes[1].id = 'general'), '$.lanes[1].id', 'flow.scenario.error.duplicateId'],
    [(s) => (s.streams[0].arrivalsPerHour = new Array(168).fill(100)), '$.days', 'flow.scenario.error.weekDays'],
    [
      (s) => (s.variants[0].changes[0].lane = 'sentri'),
      '$.variants[0].changes[0].lane',
      'flow.scenario.error.unknownLane',
    ],
    [
      (s) => (s.variants[0].changes[0].hours = [7, 24]),
      '$.variants[0].changes[0].hours[1]',
      'flow.scenario.error.hourRange',
    ],
    [(s) => (s.targets[0].lever.class = 'vip'), '$.targets[0].lever.class', 'flow.scenario.error.unknownClass'],
    [(s) => (s.targets[0].lever.min = 0.95), '$.targets[0].lever', 'flow.scenario.error.minAboveMax'],
    [
      (s) => {
        s.lanes[1].booths = 0;
        s.streams[0].classes[1].lanes = ['nexus'];
      },
      '$.streams[0].classes[1].lanes',
      'flow.scenario.error.noOpenLane',
    ],
    [
      (s) => s.variants.push({ name: 'close', changes: [{ op: 'addBooths', lane: 'nexus', booths: -2 }] }),
      '$.variants[3].changes[0].booths',
      'flow.scenario.error.negativeBooths',
    ],
  ];
  for (const [mutate, pathWanted, key] of cases) {
    const errors = errorsOf(mutate);
    const hit = errors.find((e) => e.path === pathWanted && e.key === key);
    assert.ok(hit, `wanted ${key} at ${pathWanted}, got ${JSON.stringify(errors.map((e) => [e.path, e.key]))}`);
    assert.ok(hit.message.startsWith(pathWanted), hit.message);
    assert.ok(!hit.message.includes('{'), `unformatted message: ${hit.message}`);
  }
  // every problem is reported, not only the first
  const many = errorsOf((s) => {
    s.lanes[0].service.mean = 0;
    s.streams[0].classes[0].lanes = ['nowhere'];
    s.days = 0;
  });
  assert.ok(many.length >= 2, JSON.stringify(many));
});

test('JSON syntax errors give line and column', () => {
  const broken = small.replace('"days": 2,', '"days": 2,,');
  const v = parseScenarioText(broken);
  assert.equal(v.ok, false);
  if (v.ok) return;
  assert.equal(v.errors[0].key, 'flow.scenario.error.json');
  const line = broken.split('\n').findIndex((l) => l.includes('"days": 2,,')) + 1;
  assert.match(v.errors[0].message, new RegExp(`line ${line}, column \\d+`));
});

test('messages exist in French and Spanish for validation errors', () => {
  const errors = errorsOf((s) => (s.streams[0].classes[1].lanes[0] = 'sentri'));
  const e = errors[0];
  const fr = msg('fr', e.key, e.values);
  const es = msg('es', e.key, e.values);
  assert.ok(fr.includes('sentri') && fr !== e.message, fr);
  assert.ok(es.includes('sentri') && es !== e.message, es);
});

test('variant changes: booths, shares, arrivals, service', () => {
  const s = valid();
  const a = applyChanges(s, [{ op: 'addBooths', lane: 'nexus', booths: 2, hours: [7, 8] }]);
  const nb = expandHourly(a.lanes[1].booths, 24);
  assert.equal(nb[7], 3);
  assert.equal(nb[6], 1);
  assert.equal(s.lanes[1].booths, 1, 'the base scenario is not modified');

  const b = applyChanges(s, [{ op: 'setShare', stream: 'cars', class: 'nexus-member', share: 0.35 }]);
  const shares = b.streams[0].classes.map((c) => c.share);
  assert.ok(Math.abs(shares[1] - 0.35) < 1e-12 && Math.abs(shares[0] - 0.65) < 1e-12);

  const c = applyChanges(s, [{ op: 'moveBooths', from: 'general', to: 'nexus', booths: 1, hours: [8] }]);
  assert.equal(expandHourly(c.lanes[0].booths, 24)[8], 3);
  assert.equal(expandHourly(c.lanes[1].booths, 24)[8], 2);

  const d = applyChanges(s, [
    { op: 'scaleArrivals', factor: 2 },
    { op: 'scaleService', lane: 'general', factor: 0.5 },
  ]);
  assert.equal(
    expandHourly(d.streams[0].arrivalsPerHour, 24)[8],
    2 * expandHourly(s.streams[0].arrivalsPerHour, 24)[8],
  );
  assert.deepEqual(d.lanes[0].service, { kind: 'lognormal', mean: 17, cv: 0.6 });

  const e = applyChanges(s, [
    {
      op: 'addLane',
      lane: { id: 'ready', type: 'ready', booths: 2, service: { kind: 'exponential', mean: 27 }, queue: 'pooled' },
    },
    { op: 'setLanes', stream: 'cars', class: 'regular', lanes: ['ready', 'general'] },
  ]);
  assert.equal(e.lanes.length, 3);
  assert.deepEqual(e.streams[0].classes[0].lanes, ['ready', 'general']);
  assert.ok(validateScenario(e).ok);
});

test('comparison: variants are paired with the baseline; more capacity or enrolment shortens waits', () => {
  const s = valid();
  const cmp = compareScenario(s, { replications: 4, days: 1 });
  assert.equal(cmp.variants.length, 3);
  for (const v of cmp.variants) {
    assert.ok(v.result.overall.meanWait < cmp.baseline.overall.meanWait, `${v.name}`);
    assert.ok(v.meanWaitChange.mean < 0 && Number.isFinite(v.meanWaitChange.halfWidth));
    assert.ok(v.relativeWaitChange < 0);
  }
  assert.equal(cmp.targets.length, 2);
  for (const t of cmp.targets) {
    assert.ok(t.reached, t.name);
    assert.ok(t.achieved <= t.goal);
    assert.ok(Math.abs(t.goal - 0.75 * t.baseline) < 1e-9);
  }
});

test('target search: the booths found reach the goal and one fewer does not', () => {
  const s = valid();
  const opts = { replications: 4, seed: 3, days: 1, warmupDays: 1 };
  const lever = { op: 'addBooths' as const, lane: 'general', max: 6 };
  const t = findTarget(s, { name: 't', reduction: 0.6, metric: 'wait', lever }, opts);
  assert.ok(t.reached && t.value !== undefined);
  const at = (k: number) =>
    k === 0
      ? pooledMetric(runModel(toPortModel(s), opts).raws, 'wait')
      : pooledMetric(
          runModel(toPortModel(applyChanges(s, [{ op: 'addBooths', lane: 'general', booths: k }])), opts).raws,
          'wait',
        );
  assert.ok(at(t.value) <= t.goal);
  assert.ok(at(t.value - 1) > t.goal);
  // an unreachable goal is reported as such
  const u = findTarget(
    s,
    { name: 'u', reduction: 0.99, metric: 'transit', lever: { op: 'addBooths', lane: 'nexus', max: 2 } },
    opts,
  );
  assert.equal(u.reached, false);
  assert.equal(u.value, undefined);
});

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    this.text += chunk.toString();
    cb();
  }
}

async function run(argv: string[]) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await simulateCommand(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

test('flow simulate: JSON output, human table, progress on stderr', async () => {
  const file = path.join(root, 'examples/scenarios/small-crossing.json');
  const j = await run(['--scenario', file, '--json', '--replications', '2', '--seed', '5', '--days', '1']);
  assert.equal(j.code, 0, j.stderr);
  const out = JSON.parse(j.stdout);
  assert.equal(out.replications, 2);
  assert.equal(out.seed, 5);
  assert.equal(out.variants.length, 3);
  assert.ok(out.baseline.overall.meanWait > 0);
  assert.match(j.stderr, /baseline: Small crossing \(tutorial\) 1\/2/);
  const h = await run(['--scenario', file, '--replications', '2', '--days', '1', '--locale', 'fr']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Par type de voie/);
  assert.match(h.stdout, /Attente moyenne \(min\)/);
  assert.match(h.stdout, /Objectifs/);
});

test('flow simulate: exit code 2 and clear messages for bad input', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-sim-'));
  const bad = path.join(dir, 'bad.json');
  const s = JSON.parse(small);
  s.streams[0].classes[1].lanes = ['sentri'];
  s.lanes[0].service.mean = 0;
  fs.writeFileSync(bad, JSON.stringify(s));
  // structural problems are reported first (all of them), cross-references once the structure is right
  const r = await run(['--scenario', bad]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /is not a valid scenario \(1 problem\)/);
  assert.match(r.stderr, /\$\.lanes\[0\]\.service\.mean: must be greater than 0/);
  s.lanes[0].service.mean = 34;
  s.streams[0].classes[0].share = 0.5;
  fs.writeFileSync(bad, JSON.stringify(s));
  const r2 = await run(['--scenario', bad, '--locale', 'es']);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /no es un escenario válido \(2 problemas\)/);
  assert.match(r2.stderr, /\$\.streams\[0\]\.classes\[1\]\.lanes\[0\]: no existe el carril «sentri»/);
  assert.match(r2.stderr, /\$\.streams\[0\]\.classes: las proporciones de las categorías deben sumar 1 \(suman 0\.7\)/);
  assert.equal((await run([])).code, 2);
  assert.equal((await run(['--scenario', path.join(dir, 'missing.json')])).code, 2);
  assert.equal((await run(['--scenario', bad, '--replications', 'zero'])).code, 2);
  fs.writeFileSync(bad, '{ "name": ');
  const j = await run(['--scenario', bad]);
  assert.equal(j.code, 2);
  assert.match(j.stderr, /not valid JSON/);
  fs.rmSync(dir, { recursive: true });
});

test('calibration moves booths towards measured waits', async () => {
  const { calibrateBooths } = await import('../../src/modules/flow/sim/calibrate.ts');
  const s = valid();
  s.variants = [];
  s.targets = [];
  // "measured" waits: what the real schedule produces
  const truth = runModel(toPortModel(s), {
    replications: 3,
    seed: 1,
    days: 1,
    warmupDays: 1,
  }).result.lanes[0].hours.map((h) => h.meanWait / 60);
  const start: Scenario = structuredClone(s);
  start.lanes[0].booths = 6; // far too many: no waits at all
  const before = runModel(toPortModel(start), {
    replications: 3,
    seed: 1,
    days: 1,
    warmupDays: 1,
  }).result.lanes[0].hours.map((h) => h.meanWait / 60);
  const maeBefore = before.reduce((a, w, h) => a + Math.abs(w - truth[h]), 0) / 24;
  const cal = calibrateBooths(start, [{ lane: 'general', waitMinutes: truth }], {
    sweeps: 25,
    replications: 3,
    seed: 1,
    hoursPerSweep: 4,
  });
  assert.ok(cal.meanAbsErrorMinutes < 0.5 * maeBefore, `after ${cal.meanAbsErrorMinutes} vs before ${maeBefore}`);
  const booths = expandHourly(cal.scenario.lanes[0].booths, 24);
  const real = expandHourly(s.lanes[0].booths, 24);
  assert.ok(booths.reduce((a, b) => a + b, 0) < 6 * 24, 'booths were removed');
  // where waits are long the schedule is identifiable: the busiest hour's booths come within one
  // of the real ones (where waits are near zero, any surplus of booths fits equally well)
  const worst = truth.indexOf(Math.max(...truth));
  assert.ok(Math.abs(booths[worst] - real[worst]) <= 1, `hour ${worst}: ${booths[worst]} booths vs ${real[worst]}`);
});
