// Flow data imports refuse what would mislead (docs/decisions/0008-importers-refuse-bad-lines.md): an empty or
// header-only file (which used to be recorded as an import), bytes that are not UTF-8, fields over their limit, too
// many columns, a quote left open; every bad line named, nothing half-written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testPlatform, bearer, type TestPlatform } from '../helpers.ts';

let p: TestPlatform;
let planner: Record<string, string>;
before(async () => {
  p = await testPlatform();
  planner = await bearer(p, 'planner.cbp@demo.smartborder.test');
});
after(() => p.close());

async function counts() {
  const r = await sql<{ imports: number; monthly: number; profile: number; hourly: number; audited: number }>`
    select (select count(*)::int from fl_imports) as imports, (select count(*)::int from fl_monthly) as monthly,
           (select count(*)::int from fl_wait_profile) as profile, (select count(*)::int from fl_hourly) as hourly,
           (select count(*)::int from audit_log where action = 'flow.imported') as audited`.execute(p.ctx.db);
  return r.rows[0];
}
const HEAD = 'Port Name,State,Port Code,Border,Date,Measure,Value\n';
const row = (port: string, date: string, value: string | number, measure = 'Pedestrians') =>
  `${port},California,2504,US-Mexico Border,${date},${measure},${value}\n`;

test('an empty or header-only file is refused and recorded nowhere', async () => {
  const before = await counts();
  const cases: [string, string, RegExp][] = [
    ['bts', '', /^empty file$/],
    ['bts', '\n\n', /^empty file$/],
    ['bts', HEAD, /^the file has a header but no data rows$/],
    ['bts', HEAD + '\n \n', /^the file has a header but no data rows$/],
    ['cbp-bwt', 'bwt_month,bwt_day,bwt_hour,pv_time_avg\r\n', /header but no data rows/],
    ['hourly', 'hour_start,avg_delay_minutes\n', /header but no data rows/],
    ['hourly', 'hour_start,avg_delay_minutes\n2017-01-01 00:00:00,\n', /no valid rows/],
  ];
  for (const [kind, text, message] of cases) {
    const r = await p.modules.flow.importFile(null, kind as 'bts', 'x.csv', text, { skipInvalid: true });
    assert.equal(r.ok, false, `${kind} ${JSON.stringify(text)}`);
    assert.ok(!r.ok);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, message);
    assert.equal(r.errors[0].fatal, true);
  }
  assert.deepEqual(await counts(), before);
});

test('limits: a field over 1,000 characters, too many columns, a quote left open, NUL: line by line', async () => {
  const before = await counts();
  const text =
    HEAD +
    row('San Ysidro', '2022-01-01', 10) +
    row('S'.repeat(1001), '2022-02-01', 10) +
    row('"San Ysidro', '2022-03-01', 10) +
    row('San\u0000Ysidro', '2022-04-01', 10) +
    row('San Ysidro', '2022-05-01', 10);
  const r = await p.modules.flow.importFile(null, 'bts', 'bts.csv', text);
  assert.ok(!r.ok);
  assert.deepEqual(r.errors, [
    { line: 3, message: 'port_name is 1,001 characters long, over the limit of 1,000' },
    { line: 4, message: 'unterminated quoted field' },
    { line: 5, message: 'port_name contains a NUL character' },
  ]);
  const wide = await p.modules.flow.importFile(null, 'bts', 'wide.csv', HEAD.trim() + ',x'.repeat(100) + '\n');
  assert.ok(!wide.ok);
  assert.match(wide.errors[0].message, /the header has 107 columns, over the limit of 100/);
  const twice = await p.modules.flow.importFile(null, 'bts', 'twice.csv', HEAD.trim() + ',value\n');
  assert.ok(!twice.ok);
  assert.match(twice.errors[0].message, /column "value" appears twice/);
  assert.deepEqual(await counts(), before);
  // with skipInvalid the valid rows are imported, the others reported, and the audit entry counts them
  const skipped = await p.modules.flow.importFile(null, 'bts', 'bts.csv', text, { skipInvalid: true });
  assert.ok(skipped.ok);
  assert.equal(skipped.rows, 2);
  assert.deepEqual(
    skipped.skipped.map((e) => e.line),
    [3, 4, 5],
  );
  const audit = await sql<{ detail: { rows: number; skipped?: number } }>`
    select detail from audit_log where subject = ${`flow-import:${skipped.importId}`}`.execute(p.ctx.db);
  assert.deepEqual(audit.rows[0].detail, { kind: 'bts', rows: 2, country: 'US', skipped: 3 });
});

test('bytes are decoded strictly: Latin-1 is refused with its line and byte offset unless declared', async () => {
  const text = HEAD + row('San Ysidro', '2021-01-01', 5) + row('Calexico Est\xe9', '2021-01-01', 7);
  const bytes = Buffer.from(text, 'latin1');
  const before = await counts();
  const r = await p.modules.flow.importFile(null, 'bts', 'bts.csv', bytes);
  assert.ok(!r.ok);
  assert.equal(r.errors[0].line, 3);
  assert.match(r.errors[0].message, new RegExp(`byte 0xE9 at byte offset ${text.indexOf('\xe9')}`));
  assert.deepEqual(await counts(), before);
  const ok = await p.modules.flow.importFile(null, 'bts', 'bts.csv', bytes, { encoding: 'latin1' });
  assert.ok(ok.ok);
  assert.equal(ok.rows, 2);
  const utf16 = await p.modules.flow.importFile(
    null,
    'hourly',
    'h.csv',
    Buffer.from('\ufeffhour_start,avg_delay_minutes\r\n2016-01-01 00:00:00,3.5\r\n', 'utf16le'),
  );
  assert.ok(utf16.ok, JSON.stringify(utf16));
  assert.equal(utf16.rows, 1);
});

test('an error in the middle of the writes leaves the tables as they were; a bad last line: nothing', async () => {
  const before = await counts();
  const lines = [HEAD];
  for (let y = 1996; y < 2021; y++)
    for (let m = 1; m <= 12; m++)
      for (const measure of ['Pedestrians', 'Trucks', 'Buses', 'Trains'])
        lines.push(row('San Ysidro', `${y}-${String(m).padStart(2, '0')}-01`, m, measure));
  const append = p.ctx.audit.append;
  p.ctx.audit.append = async () => {
    throw new Error('simulated failure after the rows were written');
  };
  try {
    await assert.rejects(p.modules.flow.importFile(null, 'bts', 'big.csv', lines.join('')), /simulated failure/);
  } finally {
    p.ctx.audit.append = append;
  }
  assert.deepEqual(await counts(), before);
  lines.push(row('San Ysidro', '2021-13-01', 1));
  const r = await p.modules.flow.importFile(null, 'bts', 'big.csv', lines.join(''));
  assert.ok(!r.ok);
  assert.deepEqual(
    r.errors.map((e) => e.line),
    [lines.length],
  );
  assert.deepEqual(await counts(), before);
});

test('the API upload: a header-only file is a localized 422 naming its line; skipInvalid counts', async () => {
  const before = await counts();
  const post = (payload: object) =>
    p.app.inject({
      method: 'POST',
      url: '/api/v1/flow/imports',
      headers: { ...planner, 'accept-language': 'es' },
      payload,
    });
  const r = await post({ kind: 'bts', fileName: 'head.csv', text: HEAD });
  assert.equal(r.statusCode, 422, r.body);
  assert.match(r.json().detail, /El archivo no se importó: 1 error/);
  assert.deepEqual(r.json().errors, [{ path: 'line 2', message: 'línea 2: the file has a header but no data rows' }]);
  assert.deepEqual(await counts(), before);
  const s = await post({
    kind: 'bts',
    fileName: 'mixed.csv',
    text: HEAD + row('San Ysidro', '2021-02-01', 4) + row('San Ysidro', 'Feb 2O21', 4),
    skipInvalid: true,
  });
  assert.equal(s.statusCode, 201, s.body);
  assert.equal(s.json().rows, 1);
  assert.equal(s.json().skipped, 1);
});

test('values the database cannot hold and repeated keys are line errors, never a failed statement', async () => {
  const before = await counts();
  const cases: [string, string, RegExp][] = [
    ['cbp-bwt', 'bwt_month,bwt_day,bwt_hour,pv_time_avg\n1,0,0,5\n1,0,0,6\n', /^month 1, day 0, hour 0 again/],
    ['hourly', 'hour_start,avg_delay_minutes\n2016-01-01 00:00:00,1\n2016-01-01 00:00:00,2\n', /again \(first on/],
    ['bts', HEAD + row('San Ysidro', '2020-01-01', '1.5'), /value "1.5" is not a whole number/],
    ['bts', HEAD + row('San Ysidro', '2020-01-01', '1e30'), /value "1e30" is not a whole number/],
    ['hourly', 'hour_start,avg_delay_minutes\n2016-01-01 00:00:00,1e300\n', /not a number of minutes from 0/],
    ['cbp-bwt', 'bwt_month,bwt_day,bwt_hour,pv_time_avg\n1,0,0,1e39\n', /not a number of minutes from 0/],
  ];
  for (const [kind, text, message] of cases) {
    const r = await p.modules.flow.importFile(null, kind as 'bts', 'x.csv', text);
    assert.ok(!r.ok, kind);
    assert.match(r.errors[0].message, message);
    assert.equal(r.errors[0].line, kind === 'bts' || message.source.includes('minutes') ? 2 : 3);
  }
  assert.deepEqual(await counts(), before);
});
