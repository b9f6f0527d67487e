// Wait-time prediction: holidays, the online predictor on synthetic series, and the rolling-origin
// evaluation on the Peace Arch data (history 2013–2016, holdout 2017).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { easter, holidaysOfYear, HolidayCalendar, nthWeekday } from '../../src/modules/flow/predict/holidays.ts';
import { WaitPredictor } from '../../src/modules/flow/predict/predictor.ts';
import { evaluateRollingOrigin, weekdayHourMeans } from '../../src/modules/flow/predict/evaluate.ts';
import { naiveHour, parseHourlyWaits, type HourlyWaitRow } from '../../src/modules/flow/sources/hourly-waits.ts';
import { evalPredictCommand } from '../../src/modules/flow/eval-predict.ts';
import { FLOW_DATA, readDataFile } from '../../src/modules/flow/sources/example-scenarios.ts';
import { Rng } from '../../src/modules/flow/sim/rng.ts';

const PEACE_ARCH = 'peace-arch-southbound-cars-hourly-2013-2017.csv';

test('holiday rules', () => {
  assert.deepEqual(easter(2017), [4, 16]);
  assert.deepEqual(easter(2019), [4, 21]);
  assert.equal(nthWeekday(2017, 11, 4, 4), 23); // US Thanksgiving 2017
  const d = (y: number, id: string) => holidaysOfYear(y, ['CA', 'CA-BC', 'US', 'MX']).find((h) => h.id === id)?.date;
  assert.equal(d(2017, 'ca-victoria-day'), '2017-05-22');
  assert.equal(d(2016, 'ca-victoria-day'), '2016-05-23');
  assert.equal(d(2017, 'ca-thanksgiving'), '2017-10-09');
  assert.equal(d(2017, 'us-black-friday'), '2017-11-24');
  assert.equal(d(2018, 'bc-family-day'), '2018-02-12');
  assert.equal(d(2019, 'bc-family-day'), '2019-02-18');
  assert.equal(d(2018, 'ca-canada-day'), '2018-07-02'); // July 1 was a Sunday
  assert.equal(d(2021, 'us-independence-day'), '2021-07-05');
  assert.equal(d(2017, 'mx-revolution-day'), '2017-11-20');
  const cal = new HolidayCalendar();
  assert.equal(cal.tag('2017-05-20'), 'ca-victoria-day@-2');
  assert.equal(cal.tag('2017-12-31'), 'ca-new-year@-1', 'a holiday early in January tags the end of December');
  assert.equal(cal.tag('2017-06-14'), undefined);
});

/** A synthetic series: weekly profile + slowly varying level + AR(1) deviation + noise. */
function synthetic(weeks: number, seed: number): HourlyWaitRow[] {
  const rng = new Rng(seed);
  const start = naiveHour('2015-01-05 00:00:00')!; // a Monday
  const rows: HourlyWaitRow[] = [];
  let ar = 0;
  for (let i = 0; i < weeks * 168; i++) {
    const h = start + i;
    const hod = h % 24;
    const wd = Math.floor(i / 24) % 7;
    const profile = (hod >= 7 && hod <= 19 ? 10 + 6 * Math.sin(((hod - 7) / 12) * Math.PI) : 1) * (wd >= 5 ? 1.6 : 1);
    ar = 0.9 * ar + 1.5 * rng.normal();
    const v = Math.max(0, profile + ar + 0.5 * rng.normal());
    if (rng.uniform() < 0.01) continue; // a few missing hours
    rows.push({ hour: h, time: '', value: v });
  }
  return rows;
}

test('predictor: learns the weekly profile, uses the recent deviation, and its band covers about its level', () => {
  const rows = synthetic(30, 3);
  const cut = rows.findIndex((r) => r.hour >= rows[0].hour + 20 * 168);
  const r = evaluateRollingOrigin(rows.slice(0, cut), rows.slice(cut));
  assert.ok(r.mae1h < 0.8 * r.maePersistence1h, `1 h: ${r.mae1h} vs persistence ${r.maePersistence1h}`);
  assert.ok(r.maeDayAhead < r.maeWeekdayHour * 1.02, `24 h: ${r.maeDayAhead} vs weekday-hour ${r.maeWeekdayHour}`);
  assert.ok(
    r.maeByHorizon[0] < r.maeByHorizon[5] && r.maeByHorizon[5] < r.maeByHorizon[23] * 1.05,
    'error grows with the horizon',
  );
  assert.ok(Math.abs(r.coverage1h - 0.8) < 0.06, `coverage ${r.coverage1h}`);
  assert.ok(Math.abs(r.coverageDayAhead - 0.8) < 0.06, `coverage ${r.coverageDayAhead}`);

  const p = new WaitPredictor();
  for (const row of rows.slice(0, cut)) p.observe(row.hour, row.value);
  const last = p.lastHour;
  const pr = p.predict(last + 5);
  assert.equal(pr.horizon, 5);
  assert.ok(pr.low <= pr.value && pr.value <= pr.high);
  assert.throws(() => p.predict(last), /not after/);
  assert.throws(() => p.observe(last, 1), /time order/);
  assert.throws(() => new WaitPredictor().predict(1), /no observations/);
});

test('weekday × hour means', () => {
  const base = naiveHour('2017-01-02 00:00:00')!; // Monday
  const m = weekdayHourMeans([
    { hour: base + 8, time: '', value: 10 },
    { hour: base + 8 + 168, time: '', value: 20 },
    { hour: base + 24 + 9, time: '', value: 4 },
  ]);
  assert.equal(m[8], 15);
  assert.equal(m[24 + 9], 4);
  assert.equal(m[100], 34 / 3, 'cells never seen take the overall mean');
});

const PEACE_ARCH_TEST =
  'Peace Arch, history 2013–2016, holdout 2017: beats persistence at 1 h and the weekday×hour mean by ≥ 10 % day-ahead';
test(PEACE_ARCH_TEST, () => {
  const rows = parseHourlyWaits(readDataFile(FLOW_DATA, PEACE_ARCH)).rows;
  const history = rows.filter((r) => r.time < '2017');
  const holdout = rows.filter((r) => r.time >= '2017');
  const r = evaluateRollingOrigin(history, holdout);
  assert.ok(r.mae1h < r.maePersistence1h, `mae1h ${r.mae1h} vs persistence ${r.maePersistence1h}`);
  assert.ok(
    r.maeDayAhead <= 0.9 * r.maeWeekdayHour,
    `maeDayAhead ${r.maeDayAhead} vs weekday-hour ${r.maeWeekdayHour}`,
  );
  assert.ok(r.coverage1h > 0.7 && r.coverage1h < 0.9, `band coverage ${r.coverage1h}`);
  assert.equal(r.n1h, holdout.length);
});

test('rolling origin uses no future data: changing a future value changes no earlier prediction', () => {
  const rows = synthetic(12, 9);
  const cut = rows.findIndex((r) => r.hour >= rows[0].hour + 8 * 168);
  const a = evaluateRollingOrigin(rows.slice(0, cut), rows.slice(cut, cut + 200));
  const changed = rows.slice(cut, cut + 200).map((r, i) => (i === 199 ? { ...r, value: r.value + 1000 } : r));
  const b = evaluateRollingOrigin(rows.slice(0, cut), changed);
  // only the errors on the changed target move: the 1-hour MAE differs by exactly its share
  const expectedShift = 1000 / a.n1h;
  assert.ok(Math.abs(b.mae1h - a.mae1h) <= expectedShift + 1e-9);
  assert.ok(Math.abs(b.maePersistence1h - a.maePersistence1h) <= expectedShift + 1e-9);
});

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void) {
    this.text += chunk.toString();
    cb();
  }
}

test('eval-predict CLI prints one JSON object with the required fields', async () => {
  const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'flow-pred-'));
  const rows = synthetic(10, 4);
  const csv = (rs: HourlyWaitRow[]) =>
    'hour_start,avg_delay_minutes\n' +
    rs
      .map((r) => `${new Date(r.hour * 3600000).toISOString().slice(0, 19).replace('T', ' ')},${r.value.toFixed(1)}`)
      .join('\n') +
    '\n';
  const cut = Math.floor(rows.length * 0.8);
  fs.writeFileSync(path.join(dir, 'h.csv'), csv(rows.slice(0, cut)));
  fs.writeFileSync(path.join(dir, 't.csv'), csv(rows.slice(cut)));
  const out = new Sink();
  const err = new Sink();
  const code = await evalPredictCommand(
    ['--history', path.join(dir, 'h.csv'), '--holdout', path.join(dir, 't.csv'), '--json'],
    { stdout: out, stderr: err },
  );
  assert.equal(code, 0, err.text);
  const j = JSON.parse(out.text);
  for (const k of ['mae1h', 'maePersistence1h', 'maeDayAhead', 'maeWeekdayHour'])
    assert.equal(typeof j[k], 'number', k);
  assert.equal(
    await evalPredictCommand(['--history', path.join(dir, 'nope.csv'), '--holdout', path.join(dir, 't.csv')], {
      stdout: out,
      stderr: err,
    }),
    2,
  );
  assert.match(err.text, /Cannot read .*nope\.csv/);
  assert.equal(await evalPredictCommand(['--history', path.join(dir, 'h.csv')], { stdout: out, stderr: err }), 2);
  fs.rmSync(dir, { recursive: true });
});
