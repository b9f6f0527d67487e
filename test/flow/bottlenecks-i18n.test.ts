// Bottleneck ranking, and the flow simulation message catalogues.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import {
  rankBottlenecks,
  bottleneckRowsFromResult,
  type BottleneckInput,
} from '../../src/modules/flow/sim/bottlenecks.ts';
import { LANE_TYPES } from '../../src/modules/flow/sim/model.ts';
import { compilePort, simulate } from '../../src/modules/flow/sim/engine.ts';
import { summarize } from '../../src/modules/flow/sim/results.ts';

test('bottlenecks: ranked by delay burden, saturated trusted lanes and lost FAST advantage flagged', () => {
  const rows: BottleneckInput[] = [
    { port: 'San Ysidro', hour: 8, laneType: 'general', utilisation: 0.99, meanWait: 4800, volume: 700 },
    { port: 'San Ysidro', hour: 8, laneType: 'trusted', utilisation: 1.0, meanWait: 5000, volume: 300 },
    { port: 'San Ysidro', hour: 3, laneType: 'general', utilisation: 0.4, meanWait: 30, volume: 200 },
    // both tiny: not flagged
    { port: 'San Ysidro', hour: 3, laneType: 'trusted', utilisation: 0.2, meanWait: 40, volume: 20 },
    {
      port: 'Ambassador Bridge',
      hour: 10,
      laneType: 'commercial',
      utilisation: 0.95,
      meanWait: 1800,
      meanTransit: 1890,
      volume: 300,
    },
    {
      port: 'Ambassador Bridge',
      hour: 10,
      laneType: 'fast',
      utilisation: 0.97,
      meanWait: 1700,
      meanTransit: 1723,
      volume: 150,
    },
    {
      port: 'Ambassador Bridge',
      hour: 14,
      laneType: 'commercial',
      utilisation: 0.8,
      meanWait: 900,
      meanTransit: 990,
      volume: 250,
    },
    {
      port: 'Ambassador Bridge',
      hour: 14,
      laneType: 'fast',
      utilisation: 0.5,
      meanWait: 30,
      meanTransit: 53,
      volume: 120,
    },
  ];
  const r = rankBottlenecks(rows);
  assert.equal(r.ranking[0].port, 'San Ysidro');
  assert.equal(r.ranking[0].laneType, 'general'); // 700 × 4800 > 300 × 5000
  assert.deepEqual(
    r.ranking.map((b) => b.rank),
    r.ranking.map((_b, i) => i + 1),
  );
  assert.ok(r.ranking[0].reasons.includes('flow.bottleneck.reason.nearCapacity'));
  assert.deepEqual(
    r.trustedSaturated.map((f) => [f.port, f.hour, f.laneType]),
    [['San Ysidro', 8, 'trusted']],
  );
  const trusted8 = r.ranking.find((b) => b.laneType === 'trusted' && b.hour === 8)!;
  assert.ok(trusted8.reasons.includes('flow.bottleneck.reason.trustedSaturated'));
  assert.ok(trusted8.reasons.includes('flow.bottleneck.reason.overCapacity'));
  assert.deepEqual(
    r.fastAdvantageLost.map((f) => f.hour),
    [10],
  );
  assert.ok(r.fastAdvantageLost[0].advantage < 0.1);
  assert.equal(rankBottlenecks(rows, { top: 2 }).ranking.length, 2);
});

test('bottleneck rows from a simulation result', () => {
  const model = {
    periodHours: 24,
    lanes: [
      {
        id: 'g',
        type: 'general' as const,
        booths: new Array(24).fill(2),
        service: { kind: 'exponential' as const, mean: 34 },
        queue: 'pooled' as const,
      },
      {
        id: 'n',
        type: 'trusted' as const,
        booths: new Array(24).fill(1),
        service: { kind: 'exponential' as const, mean: 20 },
        queue: 'pooled' as const,
      },
    ],
    streams: [
      {
        id: 'cars',
        ratePerHour: new Array(24).fill(240),
        classes: [
          { id: 'a', share: 0.7, lanes: ['g'] },
          { id: 'b', share: 0.3, lanes: ['n', 'g'] },
        ],
      },
    ],
  };
  const res = summarize([simulate(compilePort(model), { seed: 1, days: 2, warmupDays: 1 })]);
  const rows = bottleneckRowsFromResult('Test', res);
  assert.equal(rows.length, 48);
  const report = rankBottlenecks(rows);
  assert.equal(report.ranking[0].laneType, 'general');
});

const dir = path.resolve(import.meta.dirname, '../../src/modules/flow/i18n');
const load = (l: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, `sim.${l}.json`), 'utf8')) as Record<string, string>;

test('message catalogues: same keys in en, fr, es; all prefixed flow.; valid ICU; placeholders kept', () => {
  const en = load('en');
  const fr = load('fr');
  const es = load('es');
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
  assert.deepEqual(Object.keys(es).sort(), Object.keys(en).sort());
  const args = (s: string) => new Set([...s.matchAll(/\{(\w+)/g)].map((m) => m[1]));
  for (const [locale, cat] of [
    ['en', en],
    ['fr', fr],
    ['es', es],
  ] as const) {
    for (const [k, v] of Object.entries(cat)) {
      assert.ok(k.startsWith('flow.'), k);
      assert.equal(typeof v, 'string');
      assert.doesNotThrow(() => new IntlMessageFormat(v, locale), `${locale} ${k}`);
      assert.deepEqual(args(v), args(en[k]), `${locale} ${k}: placeholders differ`);
    }
  }
  for (const t of LANE_TYPES) assert.ok(en[`flow.sim.lane.${t}`], `label for lane type ${t}`);
});

test('every message key used by the flow simulation code exists', () => {
  const en = load('en');
  const src = path.resolve(import.meta.dirname, '../../src/modules/flow');
  const files = ['sim/scenario.ts', 'sim/bottlenecks.ts', 'simulate-command.ts'].map((f) =>
    fs.readFileSync(path.join(src, f), 'utf8'),
  );
  const keys = new Set(files.flatMap((t) => [...t.matchAll(/'(flow\.[a-zA-Z.]+)'/g)].map((m) => m[1])));
  assert.ok(keys.size > 20);
  for (const k of keys) {
    if (k.endsWith('.')) continue; // prefixes built at run time (lane labels, phases)
    assert.ok(k in en, `missing message ${k}`);
  }
  for (const phase of ['baseline', 'variant', 'target']) assert.ok(`flow.sim.phase.${phase}` in en);
});
