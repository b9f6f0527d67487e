// Source parsers: the project's real files (data/flow), line-numbered errors, progress, and arrival derivation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBtsCrossings, parseBtsMonth, monthlySeries, daysInMonth } from '../../src/modules/flow/sources/bts.ts';
import { parseCbpBwtHistorical, bwtHourlyProfile, BWT_LANE_TYPE } from '../../src/modules/flow/sources/cbp-bwt.ts';
import { parseHourlyWaits, naiveHour, weekdayOf, dateOf } from '../../src/modules/flow/sources/hourly-waits.ts';
import { deriveHourlyArrivals, ASSUMED_PROFILES } from '../../src/modules/flow/sources/arrivals.ts';
import { readCsv } from '../../src/kernel/csv.ts';
import { FLOW_DATA, readDataFile } from '../../src/modules/flow/sources/example-scenarios.ts';

test('a missing data file is an error that names its path', () => {
  assert.throws(
    () => readDataFile(FLOW_DATA, 'no-such-file.csv'),
    /missing data file: .*data\/flow\/no-such-file\.csv/,
  );
});

const records = (text: string, multiline?: boolean) => {
  const problems: { line: number; message: string; fatal?: boolean }[] = [];
  return { records: [...readCsv(text, problems, { multiline })], problems };
};

test('csv fields: quotes, doubled quotes, commas inside quotes', () => {
  assert.deepEqual(records('a,"b, c","say ""hi""",\n1,2').records, [
    { line: 1, fields: ['a', 'b, c', 'say "hi"', ''] },
    { line: 2, fields: ['1', '2'] },
  ]);
});

test('csv framing: a quoted line break is part of the field, or ends the record one record per line', () => {
  const text = 'a,"x\ny",b\nc,d\n';
  assert.deepEqual(records(text).records, [
    { line: 1, fields: ['a', 'x\ny', 'b'] },
    { line: 3, fields: ['c', 'd'] },
  ]);
  // one record per line: the quote left open spoils line 1, line 2 has a quote out of place, line 3 is read
  const one = records(text, false);
  assert.deepEqual(one.problems, [
    { line: 1, message: 'unterminated quoted field' },
    { line: 2, message: 'unexpected quote inside an unquoted field' },
  ]);
  assert.deepEqual(one.records, [{ line: 3, fields: ['c', 'd'] }]);
  // read as a multi-line file, a quote left open runs to the end of the file
  assert.deepEqual(records('a,"x\nc,d\n').problems, [
    { line: 1, message: 'unterminated quoted field (the file ends inside quotes)', fatal: true },
  ]);
});

test('BTS dates in both layouts', () => {
  assert.equal(parseBtsMonth('2020-01-01'), '2020-01');
  assert.equal(parseBtsMonth('Dec 2021'), '2021-12');
  assert.equal(parseBtsMonth('September 1999'), '1999-09');
  assert.equal(parseBtsMonth('12/01/2021 12:00:00 AM'), '2021-12');
  assert.equal(parseBtsMonth('2020-13-01'), undefined);
  assert.equal(parseBtsMonth('Foo 2020'), undefined);
  assert.equal(daysInMonth('2020-02'), 29);
});

test('BTS parser reports bad lines with their line numbers and keeps the good ones', () => {
  const text = [
    'Port Name,State,Port Code,Border,Date,Measure,Value',
    'San Ysidro,California,2504,US-Mexico Border,Dec 2021,Pedestrians,532261',
    'San Ysidro,California,2504,US-Mexico Border,Smarch 2021,Pedestrians,1',
    'San Ysidro,California,2504,US-Mexico Border,Nov 2021,Pedestrians,-5',
    'San Ysidro,California,2504',
    'San Ysidro,California,2504,US-Mexico Border,Nov 2021,Personal Vehicles,1186561',
  ].join('\r\n');
  const progress: [number, number][] = [];
  const r = parseBtsCrossings(text, { onProgress: (d, t) => progress.push([d, t]) });
  assert.equal(r.rows.length, 2);
  assert.deepEqual(
    r.errors.map((e) => e.line),
    [3, 4, 5],
  );
  assert.match(r.errors[0].message, /unrecognised date "Smarch 2021"/);
  assert.match(r.errors[2].message, /expected 7 fields, found 3/);
  assert.deepEqual(progress.at(-1), [5, 5]);
  const missing = parseBtsCrossings('Port,Date\nx,y\n');
  assert.equal(missing.errors[0].line, 1);
  assert.match(missing.errors[0].message, /missing column/);
});

test('BTS files: both layouts parse without errors', () => {
  let calls = 0;
  const a = parseBtsCrossings(readDataFile(FLOW_DATA, 'bts-border-crossing-entry-2020-onward.csv'), {
    onProgress: () => calls++,
  });
  assert.equal(a.errors.length, 0);
  assert.equal(a.rows.length, 16913);
  assert.ok(calls >= 3, 'progress is reported along the way');
  assert.ok(a.rows[0].latitude !== undefined);
  const b = parseBtsCrossings(readDataFile(FLOW_DATA, 'bts-border-crossing-entry-san-ysidro-1996-2021.csv'));
  assert.equal(b.errors.length, 0);
  assert.equal(b.rows.length, 3285);
  const pv = monthlySeries(b.rows, '2504', 'Personal Vehicles');
  const jul19 = pv.find((m) => m.month === '2019-07')!;
  assert.equal(jul19.value, 1289680);
  assert.ok(Math.abs(jul19.perDay - 1289680 / 31) < 1e-9);
  assert.equal(pv[0].month, '1996-01');
});

test('CBP historical waits: lanes, weekday × hour profile', () => {
  const r = parseCbpBwtHistorical(readDataFile(FLOW_DATA, 'cbp-bwt-historical-san-ysidro.csv'));
  assert.equal(r.errors.length, 0);
  assert.equal(r.rows.length, 12 * 7 * 24);
  const first = r.rows[0];
  assert.deepEqual([first.month, first.weekday, first.hour, first.waits.pv, first.waits.xpv], [1, 0, 0, 33, 5]);
  const pv = bwtHourlyProfile(r.rows, 'pv', [7], [1, 2, 3, 4, 5]);
  const xpv = bwtHourlyProfile(r.rows, 'xpv', [7], [1, 2, 3, 4, 5]);
  assert.equal(pv.length, 24);
  assert.ok(
    pv.every((v, h) => v > xpv[h]),
    'SENTRI waits are shorter than general waits at every hour',
  );
  assert.equal(BWT_LANE_TYPE.xcv, 'fast');
  const bad = parseCbpBwtHistorical('bwt_month,bwt_day,bwt_hour,pv_time_avg\n13,0,0,5\n1,0,0,x\n1,0,0,7\n');
  assert.deepEqual(
    bad.errors.map((e) => e.line),
    [2, 3],
  );
  assert.equal(bad.rows.length, 1);
});

test('hourly waits: naive hours, weekdays, missing values apart from errors', () => {
  const h = naiveHour('2017-01-02 08:00:00')!; // a Monday
  assert.equal(weekdayOf(h), 0);
  assert.equal(h % 24, 8);
  assert.equal(dateOf(h), '2017-01-02');
  assert.equal(naiveHour('2017-02-30 00:00:00'), undefined);
  const r = parseHourlyWaits(
    'hour_start,avg_delay_minutes\r\n2013-03-10 01:00:00,0.4\r\n2013-03-10 02:00:00,\r\n' +
      '2013-03-10 03:00:00,abc\r\nnot a time,1\r\n2013-03-10 04:00:00,1.5\r\n',
  );
  assert.equal(r.rows.length, 2);
  assert.deepEqual(r.missing, [{ line: 3, time: '2013-03-10 02:00:00' }]);
  assert.deepEqual(
    r.errors.map((e) => e.line),
    [4, 5],
  );
});

test('Peace Arch file: every hour of 2013–2017, 656 of them empty', () => {
  const r = parseHourlyWaits(readDataFile(FLOW_DATA, 'peace-arch-southbound-cars-hourly-2013-2017.csv'));
  assert.equal(r.errors.length, 0);
  assert.equal(r.rows.length + r.missing.length, 43824);
  assert.equal(r.missing.length, 656);
  for (let i = 1; i < r.rows.length; i++) assert.ok(r.rows[i].hour > r.rows[i - 1].hour);
});

test('hourly arrivals from BTS monthly volumes and a profile', () => {
  const rows = [
    {
      portName: 'Blaine',
      state: 'WA',
      portCode: '3004',
      border: 'US-Canada Border',
      month: '2019-07',
      measure: 'Personal Vehicles',
      value: 310000,
    },
    {
      portName: 'Blaine',
      state: 'WA',
      portCode: '3004',
      border: 'US-Canada Border',
      month: '2019-08',
      measure: 'Personal Vehicles',
      value: 372000,
    },
    {
      portName: 'Blaine',
      state: 'WA',
      portCode: '3004',
      border: 'US-Canada Border',
      month: '2019-08',
      measure: 'Trucks',
      value: 1,
    },
  ];
  const d = deriveHourlyArrivals({
    rows,
    port: 'Blaine',
    measure: 'Personal Vehicles',
    months: ['2019-07', '2019-08', '2019-09'],
    profile: ASSUMED_PROFILES.passengerVehicles,
  });
  assert.equal(d.dailyVolume, (310000 + 372000) / 62);
  assert.deepEqual(d.monthsUsed, ['2019-07', '2019-08']);
  assert.deepEqual(d.monthsMissing, ['2019-09']);
  const sum = d.arrivalsPerHour.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - d.dailyVolume) < 1e-6);
  assert.ok(d.arrivalsPerHour[8] > d.arrivalsPerHour[3]);
  const week = deriveHourlyArrivals({
    rows,
    port: '3004',
    measure: 'personal vehicles',
    profile: new Array(168).fill(1),
    dayFactor: 1.1,
  });
  assert.equal(week.arrivalsPerHour.length, 168);
  assert.ok(Math.abs(week.arrivalsPerHour.reduce((a, b) => a + b, 0) - 7 * 1.1 * week.dailyVolume) < 1e-6);
  assert.throws(
    () => deriveHourlyArrivals({ rows, port: 'Nowhere', measure: 'Trucks', profile: ASSUMED_PROFILES.trucks }),
    /no BTS rows/,
  );
  assert.throws(
    () => deriveHourlyArrivals({ rows, port: 'Blaine', measure: 'Trucks', profile: [1, 2, 3] }),
    /24 or 168/,
  );
});
