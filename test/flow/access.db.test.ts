// The flow module's named policies (allowed and refused, refusals audited), its owner columns, the import audit, and
// the feed's hours and status from each port's own data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, testPlatform, type TestPlatform } from '../helpers.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform();
});
after(async () => {
  await p?.close();
});

const HOURLY = 'hour_start,avg_delay_minutes\n2017-01-01 00:00:00,4.5\n2017-01-01 01:00:00,3\n';
const as = (email: string) => bearer(p, `${email}@demo.smartborder.test`);

/** The `access.denied` entries written for a policy since a sequence number. */
async function denials(policy: string, since: number) {
  const rows = await p.ctx.db
    .selectFrom('audit_log')
    .select(['seq', 'subject', 'actor_agency', 'detail'])
    .where('action', '=', 'access.denied')
    .where('seq', '>', since)
    .orderBy('seq')
    .execute();
  return rows.filter((r) => r.detail.policy === policy);
}
async function lastSeq() {
  const r = await p.ctx.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(r?.seq ?? 0);
}

test('canImportFlowData: the owning agency’s planner imports; others are refused, and audited', async () => {
  const payload = { kind: 'hourly', fileName: 'h.csv', text: HOURLY, portCode: '2504', laneType: 'ready' };
  const since = await lastSeq();
  const ok = await p.app.inject({
    method: 'POST',
    url: '/api/v1/flow/imports',
    headers: await as('planner.cbp'),
    payload,
  });
  assert.equal(ok.statusCode, 201, ok.body);
  const importId: string = ok.json().importId;
  for (const who of ['planner.cbsa', 'applicant', 'border.cbp']) {
    const r = await p.app.inject({ method: 'POST', url: '/api/v1/flow/imports', headers: await as(who), payload });
    assert.equal(r.statusCode, 403, `${who}: ${r.body}`);
  }
  const refused = await denials('canImportFlowData', since);
  assert.equal(refused.length, 3);
  assert.ok(refused.every((d) => d.subject === 'flow-imports:US' && d.detail.operation === undefined));
  assert.equal(refused[0].actor_agency, 'CBSA');
  // The import itself is audited, with its owner and counts (no personal data).
  const imported = await p.ctx.db
    .selectFrom('audit_log')
    .select(['detail', 'actor_agency'])
    .where('action', '=', 'flow.imported')
    .where('subject', '=', `flow-import:${importId}`)
    .executeTakeFirstOrThrow();
  assert.deepEqual(imported.detail, { kind: 'hourly', rows: 2, country: 'US', port: '2504' });
  assert.equal(imported.actor_agency, 'CBP');
});

test('owner columns: each flow row has its country and agency; one country’s rows never serve another', async () => {
  const cbsa = await as('planner.cbsa');
  // A Canadian planner imports delays measured at a Canadian port (northbound at Douglas, code 3004).
  const ca = await p.app.inject({
    method: 'POST',
    url: '/api/v1/flow/imports',
    headers: cbsa,
    payload: { kind: 'hourly', fileName: 'douglas.csv', text: HOURLY, portCode: '3004', country: 'CA' },
  });
  assert.equal(ca.statusCode, 201, ca.body);
  // BTS and CBP files describe US ports only: a Canadian owner for them is refused before anything is written.
  const wrong = await p.app.inject({
    method: 'POST',
    url: '/api/v1/flow/imports',
    headers: cbsa,
    payload: { kind: 'bts', fileName: 'b.csv', text: 'x', country: 'CA' },
  });
  assert.equal(wrong.statusCode, 422, wrong.body);
  const us = await p.modules.flow.importFile(
    null,
    'bts',
    'bts.csv',
    'Port Name,State,Port Code,Border,Date,Measure,Value\n' +
      'San Ysidro,California,2504,US-Mexico Border,Jul 2022,Trucks,12\n',
  );
  assert.ok(us.ok);
  const db = p.ctx.db.withTables<{
    fl_imports: { id: string; country: string; agency: string };
    fl_hourly: { import_id: string; port_code: string; country: string; agency: string };
    fl_monthly: { import_id: string; country: string; agency: string };
  }>();
  const imports = await db.selectFrom('fl_imports').select(['id', 'country', 'agency']).execute();
  assert.ok(imports.length >= 3);
  for (const i of imports) assert.equal(i.agency, i.country === 'CA' ? 'CBSA' : 'CBP', JSON.stringify(i));
  const hourly = await db
    .selectFrom('fl_hourly')
    .select(['country', 'agency'])
    .where('import_id', '=', ca.json().importId)
    .execute();
  assert.deepEqual(hourly, [
    { country: 'CA', agency: 'CBSA' },
    { country: 'CA', agency: 'CBSA' },
  ]);
  const monthly = await db
    .selectFrom('fl_monthly')
    .select(['country', 'agency'])
    .where('import_id', '=', us.ok ? us.importId : '')
    .execute();
  assert.deepEqual(monthly, [{ country: 'US', agency: 'CBP' }]);
  // Volumes are read by owner: the US figures are not Canada's.
  const usVolumes = (await p.app.inject({ url: '/api/v1/flow/ports/2504/volumes' })).json();
  assert.ok(usVolumes.months.some((m: { measure: string }) => m.measure === 'Trucks'));
  const caVolumes = (await p.app.inject({ url: '/api/v1/flow/ports/2504/volumes?country=CA' })).json();
  assert.deepEqual(caVolumes.months, []);
  assert.ok((await p.modules.flow.importCount()) >= 3);
});

test('canViewMeasuredWaits: the port’s country’s officers only; a refusal is audited', async () => {
  const since = await lastSeq();
  const url = '/api/v1/flow/ports/US-2504/measured?hours=1';
  assert.equal((await p.app.inject({ url, headers: await as('border.cbp') })).statusCode, 200);
  assert.equal((await p.app.inject({ url, headers: await as('planner.cbp') })).statusCode, 200);
  assert.equal((await p.app.inject({ url, headers: await as('planner.inm') })).statusCode, 403);
  assert.equal((await p.app.inject({ url, headers: await as('analyst.cbp') })).statusCode, 403);
  assert.equal((await p.app.inject({ url })).statusCode, 401);
  const refused = await denials('canViewMeasuredWaits', since);
  assert.deepEqual(
    refused.map((d) => [d.subject, d.actor_agency, d.detail.operation]),
    [
      ['port:US-2504', 'INM', 'measured'],
      ['port:US-2504', 'CBP', 'measured'],
    ],
  );
  assert.equal(
    (await p.app.inject({ url: '/api/v1/flow/ports/MX-2504/measured', headers: await as('planner.inm') })).statusCode,
    200,
  );
});

test('canSimulate: planners only; a refusal is audited', async () => {
  const since = await lastSeq();
  const payload = { scenario: '{}' };
  const planner = await p.app.inject({
    method: 'POST',
    url: '/api/v1/flow/simulate',
    headers: await as('planner.inm'),
    payload,
  });
  assert.equal(planner.statusCode, 422, 'a planner gets to validation');
  const officer = await p.app.inject({
    method: 'POST',
    url: '/api/v1/flow/simulate',
    headers: await as('border.cbsa'),
    payload,
  });
  assert.equal(officer.statusCode, 403);
  const refused = await denials('canSimulate', since);
  assert.equal(refused.length, 1);
  assert.equal(refused[0].subject, 'flow:simulation');
  assert.equal(refused[0].actor_agency, 'CBSA');
});

test('canViewPlanning and planningScope: planners only, each seeing their own country’s ports', async () => {
  const since = await lastSeq();
  const cookie = async (email: string) => {
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sessions',
      payload: { email: `${email}@demo.smartborder.test`, password: 'demo-password-2026' },
    });
    return { sb_session: r.json().token };
  };
  const refused = await p.app.inject({ url: '/en/flow', cookies: await cookie('border.cbp') });
  assert.equal(refused.statusCode, 403);
  const denied = await denials('canViewPlanning', since);
  assert.equal(denied.length, 1);
  assert.equal(denied[0].subject, 'flow:planning');
  const ca = await p.app.inject({ url: '/en/flow', cookies: await cookie('planner.cbsa') });
  assert.equal(ca.statusCode, 200);
  assert.match(ca.body, /Douglas|Windsor|Coutts/, 'a Canadian planner picks among Canadian ports');
  assert.doesNotMatch(ca.body, /San Ysidro \(2504\)/);
  // A port of another country is not in the planner's scope.
  assert.equal(
    (await p.app.inject({ url: '/en/flow?port=2504', cookies: await cookie('planner.cbsa') })).statusCode,
    404,
  );
});

test('the feed takes each port’s hours and status from its lanes’ schedules on its own clock', async () => {
  const flow = p.modules.flow;
  // Eastport, Maine: lanes open 7 am to 11 pm, New York time.
  const night = new Date('2026-07-15T07:30:00Z'); // 3:30 am EDT
  const day = new Date('2026-07-15T16:00:00Z'); // noon EDT
  const [closed] = await flow.cbpFeed(['US-0103'], night);
  assert.equal(closed.hours, '7 am-11 pm');
  assert.equal(closed.port_status, 'Closed');
  assert.equal(closed.passenger_vehicle_lanes.standard_lanes.lanes_open, '0');
  const [open] = await flow.cbpFeed(['US-0103'], day);
  assert.equal(open.port_status, 'Open');
  assert.notEqual(open.passenger_vehicle_lanes.standard_lanes.lanes_open, '0');
  // San Ysidro is open around the clock; its date is the local one (still the 14th in California at 03:00 UTC).
  const [sy] = await flow.cbpFeed(['US-2504'], new Date('2026-07-15T03:00:00Z'));
  assert.equal(sy.hours, '24 hrs/day');
  assert.equal(sy.port_status, 'Open');
  assert.equal(sy.date, '2026-07-14');
  const board = (await p.app.inject({ url: '/api/v1/flow/ports/US-2402/board' })).json();
  assert.equal(board.timeZone, 'America/Denver');
  const all = (await p.app.inject({ url: '/api/v1/flow/bwt' })).json();
  assert.ok(
    all.every((r: { hours: string }) => r.hours === '24 hrs/day'),
    'the major ports are open day and night',
  );
});
