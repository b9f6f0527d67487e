import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { testPlatform, bearer, formToken, type TestPlatform } from '../helpers.ts';
import { canadianApplicant } from '../travellers/fixtures.ts';

let p: TestPlatform;
let planner: Record<string, string>;
before(async () => {
  p = await testPlatform();
  planner = await bearer(p, 'planner.cbp@demo.smartborder.test');
});
after(async () => {
  await p?.close();
});

const imp = (payload: Record<string, unknown>) =>
  p.app.inject({ method: 'POST', url: '/api/v1/flow/imports', headers: planner, payload });

test('imports are all or nothing with line-numbered errors, then feed the volumes', async () => {
  const head = 'Port Name,State,Port Code,Border,Date,Measure,Value,Latitude,Longitude,Point\n';
  const good =
    'San Ysidro,California,2504,US-Mexico Border,2022-07-01,Personal Vehicles,1200000,' +
    '32.54,-117.03,POINT (-117.03 32.54)\n';
  const bad =
    head +
    good +
    'San Ysidro,California,2504,US-Mexico Border,not-a-date,Pedestrians,12,32.54,-117.03,POINT (-117.03 32.54)\n';
  const r = await imp({ kind: 'bts', fileName: 'bad.csv', text: bad });
  assert.equal(r.statusCode, 422);
  assert.ok(
    r.json().errors.some((e: { path: string }) => e.path === 'line 3'),
    r.body,
  );
  assert.deepEqual((await p.app.inject({ url: '/api/v1/flow/ports/2504/volumes' })).json().months, []);
  const ok = await imp({ kind: 'bts', fileName: 'good.csv', text: head + good });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.deepEqual((await p.app.inject({ url: '/api/v1/flow/ports/2504/volumes' })).json().months, [
    { month: '2022-07', measure: 'Personal Vehicles', value: 1200000 },
  ]);
});

test('the real CBP and Peace Arch files import; forecasts have an error band where hourly history exists', async () => {
  const bwt = await imp({
    kind: 'cbp-bwt',
    fileName: 'bwt.csv',
    text: fs.readFileSync('data/flow/cbp-bwt-historical-san-ysidro.csv', 'utf8'),
    portCode: '2504',
  });
  assert.equal(bwt.statusCode, 201, bwt.body);
  const pa = await imp({
    kind: 'hourly',
    fileName: 'pa.csv',
    text: fs.readFileSync('data/flow/peace-arch-southbound-cars-hourly-2013-2017.csv', 'utf8'),
    portCode: '3004',
  });
  assert.equal(pa.statusCode, 201, pa.body);
  assert.ok(pa.json().rows > 40000);
  const f = (
    await p.app.inject({ url: '/api/v1/flow/forecast?port=3004&lane=general&at=2026-12-18T23:00:00Z' })
  ).json();
  assert.equal(f.method, 'predicted');
  assert.ok(f.low <= f.minutes && f.minutes <= f.high, JSON.stringify(f));
  const s = (
    await p.app.inject({ url: '/api/v1/flow/forecast?port=2504&lane=general&at=2026-07-15T20:00:00Z' })
  ).json();
  assert.equal(s.method, 'estimated');
  assert.ok(s.minutes > 0);
  assert.equal(s.low, undefined, 'no invented error band for a plain historical average');
});

test('waits are measured from crossing timestamps and published in the CBP feed field names', async () => {
  const officer = await bearer(p, 'border.cbp@demo.smartborder.test');
  for (let i = 0; i < 6; i++) {
    const mrz = canadianApplicant({ surname: 'FLOW', givenNames: 'TEST', passportNumber: `FL00${i}123`, country: 'US' })
      .identity.mrz;
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/lanes/decisions',
      headers: officer,
      payload: {
        portId: 'US-2504',
        laneId: 'US-2504-general',
        occupants: [{ mrz }],
        queueJoinedAt: new Date(Date.now() - (20 + i * 4) * 60000).toISOString(),
      },
    });
    assert.equal(r.statusCode, 200, r.body);
  }
  const board = (await p.app.inject({ url: '/api/v1/flow/ports/US-2504/board' })).json();
  const general = board.lanes.find((l: { laneType: string }) => l.laneType === 'general');
  assert.equal(general.method, 'measured');
  assert.equal(general.samples, 6);
  assert.equal(general.waitMinutes, 30); // mean of 20, 24, …, 40
  const feed = (await p.app.inject({ url: '/api/v1/flow/ports/US-2504/bwt' })).json();
  assert.equal(feed.port_number, '250401');
  assert.equal(feed.passenger_vehicle_lanes.standard_lanes.delay_minutes, '30');
  assert.match(feed.passenger_vehicle_lanes.standard_lanes.lanes_open, /^\d+$/);
  for (const k of ['port_name', 'crossing_name', 'port_status', 'construction_notice']) assert.ok(k in feed, k);
  assert.ok(
    'FAST_lanes' in feed.commercial_vehicle_lanes &&
      'NEXUS_SENTRI_lanes' in feed.passenger_vehicle_lanes &&
      'ready_lanes' in feed.pedestrian_lanes,
  );
  const all = (await p.app.inject({ url: '/api/v1/flow/bwt' })).json();
  assert.ok(Array.isArray(all) && all.length >= 15);
  const measured = (
    await p.app.inject({ url: '/api/v1/flow/ports/US-2504/measured?hours=2', headers: planner })
  ).json();
  assert.equal(
    measured.buckets.reduce((s: number, b: { crossings: number }) => s + b.crossings, 0),
    6,
  );
});

test('a scenario runs from the API; a bad one gets every problem with its JSON path', async () => {
  const text = fs.readFileSync('examples/scenarios/small-crossing.json', 'utf8');
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/flow/simulate',
    headers: planner,
    payload: { scenario: text },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.ok(r.json().baseline.meanWait > 0);
  assert.ok(r.json().variants.length >= 1);
  const bad = JSON.parse(text);
  bad.lanes[0].booths = -1;
  delete bad.name;
  const e = await p.app.inject({
    method: 'POST',
    url: '/api/v1/flow/simulate',
    headers: { ...planner, 'accept-language': 'fr' },
    payload: { scenario: JSON.stringify(bad) },
  });
  assert.equal(e.statusCode, 422);
  assert.ok(e.json().errors.length >= 2, e.body);
  assert.ok(e.json().errors.every((x: { path: string }) => x.path.startsWith('$')));
  assert.equal(
    (
      await p.app.inject({
        method: 'POST',
        url: '/api/v1/flow/simulate',
        headers: await bearer(p, 'applicant@demo.smartborder.test'),
        payload: { scenario: text },
      })
    ).statusCode,
    403,
  );
});

test('pages: the public board in each language and the planner dashboard with charts and tables', async () => {
  for (const l of ['en', 'fr', 'es']) {
    const r = await p.app.inject({ url: `/${l}/waits?port=US-2504&at=2026-07-15T20:00` });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<table class="usa-table"/);
  }
  const login = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    payload: { email: 'planner.cbp@demo.smartborder.test', password: 'demo-password-2026' },
  });
  const page = await p.app.inject({ url: '/en/flow?port=2504', cookies: { sb_session: login.json().token } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<svg aria-hidden="true"/);
  assert.match(page.body, /Inbound crossings by month/);
  assert.match(page.body, /Typical wait by hour/);
});

test('the planner compares the simulated baseline with the observed waits of a month', async () => {
  const login = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    payload: { email: 'planner.cbp@demo.smartborder.test', password: 'demo-password-2026' },
  });
  const { token, cookies } = await formToken(p, '/en/flow', { sb_session: login.json().token });
  const r = await p.app.inject({
    method: 'POST',
    url: '/en/flow/simulate',
    cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      _csrf: token,
      example: 'san-ysidro-northbound.json',
      observedMonth: '7',
    }).toString(),
  });
  assert.equal(r.statusCode, 200, r.body.slice(0, 500));
  assert.match(r.body, /Simulated against observed/);
  const mae = Number(r.body.match(/Mean absolute difference: ([\d.]+) minutes/)?.[1]);
  assert.ok(mae > 0 && mae < 30, `calibrated example should be within 30 min of CBP's July averages, got ${mae}`);
});
