// Reference-list imports refuse what would hurt (docs/decisions/0008-importers-refuse-bad-lines.md): a field over its
// limit, an empty file (which used to withdraw the whole list), a file that withdraws most of the list, bytes that
// are not UTF-8 (which used to become U+FFFD), NUL and lone surrogates; every bad line named, nothing half-written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testPlatform, bearer, type TestPlatform } from '../helpers.ts';

let p: TestPlatform;
let cbp: { authorization: string };
before(async () => {
  p = await testPlatform();
  cbp = await bearer(p, 'analyst.cbp@demo.smartborder.test');
});
after(() => p.close());

/** Row counts of every lookouts table an import writes. */
async function counts() {
  const r = await sql<{ lookouts: number; events: number; imports: number }>`
    select (select count(*)::int from lk_lookouts) as lookouts, (select count(*)::int from lk_events) as events,
           (select count(*)::int from lk_imports) as imports`.execute(p.ctx.db);
  return r.rows[0];
}
/** The labels of the active entries of a source, as the screening index holds them. */
const active = (source: string) =>
  [...p.modules.lookouts.meta.values()]
    .filter((m) => m.originAgency === source && m.state === 'active')
    .map((m) => m.label)
    .sort();
const sdnLine = (num: number, name: string, remarks = '-0-') =>
  `${num},"${name}",individual,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"${remarks}"`;
const jsonl = (...names: string[]) => names.map((n, i) => JSON.stringify({ id: `e${i}`, names: [n] })).join('\n');

test('a name over 1,000 characters is refused with its file and line; nothing is written', async () => {
  const before = await counts();
  const long = 'A'.repeat(50_000);
  const r = await p.modules.lookouts.importList(null, 'ofac', {
    sdn: [sdnLine(1, 'FIRST, Person'), sdnLine(2, long), sdnLine(3, 'THIRD, Person')].join('\r\n') + '\r\n',
  });
  assert.equal(r.ok, false);
  assert.deepEqual(r.errors, [
    { file: 'sdn.csv', line: 2, message: 'SDN_Name is 50,000 characters long, over the limit of 1,000' },
  ]);
  const j = await p.modules.lookouts.importList(null, 'jsonl', { jsonl: jsonl('Ok Name', 'B'.repeat(1001)) });
  assert.deepEqual(j.errors, [{ line: 2, message: 'names.0 is 1,001 characters long, over the limit of 1,000' }]);
  const remarks = await p.modules.lookouts.importList(null, 'ofac', { sdn: sdnLine(4, 'X, Y', 'r'.repeat(10_001)) });
  assert.match(remarks.errors[0]?.message ?? '', /^Remarks is 10,001 characters long, over the limit of 10,000$/);
  assert.deepEqual(await counts(), before);
});

test('an empty or recordless sdn.csv never withdraws the list: refused, the previous entries stay', async () => {
  const source = 'OFAC empty test';
  const first = await p.modules.lookouts.importList(
    null,
    'ofac',
    { sdn: [sdnLine(10, 'ALPHA, Ann'), sdnLine(11, 'BRAVO, Ben')].join('\n') },
    { sourceName: source },
  );
  assert.ok(first.ok, JSON.stringify(first.errors));
  assert.deepEqual(active(source), ['ALPHA, Ann', 'BRAVO, Ben']);
  const before = await counts();
  for (const sdn of ['', '\r\n\r\n', '\x1a']) {
    const r = await p.modules.lookouts.importList(null, 'ofac', { sdn }, { sourceName: source });
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors, [
      { file: 'sdn.csv', line: 1, message: 'sdn.csv has no records (an empty or truncated file)', fatal: true },
    ]);
  }
  const noSdn = await p.modules.lookouts.importList(null, 'ofac', { alt: '10,1,"aka","A, A",-0-' });
  assert.match(noSdn.errors.map((e) => e.message).join('\n'), /sdn\.csv is missing/);
  const emptyAlt = await p.modules.lookouts.importList(
    null,
    'ofac',
    { sdn: sdnLine(10, 'ALPHA, Ann'), alt: '' },
    { sourceName: source, skipInvalid: true },
  );
  assert.match(emptyAlt.errors[0]?.message ?? '', /alt\.csv has no records/);
  for (const [format, key] of [
    ['jsonl', 'jsonl'],
    ['un', 'xml'],
  ] as const) {
    const r = await p.modules.lookouts.importList(null, format, { [key]: '' }, { sourceName: source });
    assert.equal(r.ok, false, format);
    assert.ok(r.errors.every((e) => e.fatal));
  }
  const header = await p.modules.lookouts.importList(
    null,
    'un',
    { xml: '<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS></INDIVIDUALS></CONSOLIDATED_LIST>' },
    { sourceName: source, skipInvalid: true },
  );
  assert.match(header.errors[0]?.message ?? '', /no INDIVIDUAL or ENTITY/);
  assert.deepEqual(await counts(), before);
  assert.deepEqual(active(source), ['ALPHA, Ann', 'BRAVO, Ben']);
});

test('a re-import that withdraws more than half of the list needs allowMassWithdrawal', async () => {
  const source = 'Mass withdrawal test';
  const four = jsonl('Anna Ames', 'Bruno Bell', 'Carla Cole', 'Dario Dunn');
  assert.ok((await p.modules.lookouts.importList(null, 'jsonl', { jsonl: four }, { sourceName: source })).ok);
  const before = await counts();
  // a truncated download: the first entry only
  const truncated = jsonl('Anna Ames');
  const r = await p.modules.lookouts.importList(null, 'jsonl', { jsonl: truncated }, { sourceName: source });
  assert.equal(r.ok, false);
  assert.match(
    r.errors[0].message,
    /would withdraw 3 of the 4 entries of Mass withdrawal test .*--allow-mass-withdrawal/,
  );
  assert.deepEqual(await counts(), before);
  assert.equal(active(source).length, 4);
  // a quarter withdrawn is an ordinary update
  const three = await p.modules.lookouts.importList(
    null,
    'jsonl',
    { jsonl: jsonl('Anna Ames', 'Bruno Bell', 'Carla Cole') },
    { sourceName: source },
  );
  assert.ok(three.ok);
  assert.deepEqual(active(source), ['Anna Ames', 'Bruno Bell', 'Carla Cole']);
  const allowed = await p.modules.lookouts.importList(
    null,
    'jsonl',
    { jsonl: truncated },
    { sourceName: source, allowMassWithdrawal: true },
  );
  assert.ok(allowed.ok);
  assert.deepEqual(active(source), ['Anna Ames']);
});

test('skipInvalid imports the valid entries, reports every skipped line and audits the count', async () => {
  const source = 'Skip test';
  const text = [
    JSON.stringify({ id: 's1', names: ['Sara Stone'] }),
    '{"id": "s2", "names": ["broken"',
    JSON.stringify({ id: 's3', names: ['Sven \u0000Stahl'] }),
    JSON.stringify({ id: 's4', names: ['Selma \ud800Sand'] }),
    JSON.stringify({ id: 's5', names: ['Silas Shaw'] }),
  ].join('\n');
  const refused = await p.modules.lookouts.importList(null, 'jsonl', { jsonl: text }, { sourceName: source });
  assert.equal(refused.ok, false);
  assert.deepEqual(
    refused.errors.map((e) => [e.line, e.message.replace(/ \(.*/, '')]),
    [
      [2, 'invalid JSON'],
      [3, 'names.0 contains a NUL character'],
      [4, 'names.0 contains a lone surrogate'],
    ],
  );
  const r = await p.modules.lookouts.importList(
    null,
    'jsonl',
    { jsonl: text },
    { sourceName: source, skipInvalid: true },
  );
  assert.ok(r.ok);
  assert.equal(r.imported, 2);
  assert.deepEqual(
    r.skipped.map((e) => e.line),
    [2, 3, 4],
  );
  assert.deepEqual(active(source), ['Sara Stone', 'Silas Shaw']);
  const audit = await sql<{ detail: { skipped?: number; entries: number } }>`
    select detail from audit_log where action = 'lookout.imported' and subject = ${`import:${r.importId}`}`.execute(
    p.ctx.db,
  );
  assert.equal(audit.rows[0].detail.skipped, 3);
  assert.equal(audit.rows[0].detail.entries, 2);
  // a parser's message that quotes the line is printable (the NUL written as an escape)
  const quoted = await p.modules.lookouts.importList(
    null,
    'jsonl',
    { jsonl: '\u0000{"id":"q"}' },
    { sourceName: source },
  );
  assert.match(quoted.errors[0]?.message ?? '', /^invalid JSON \(.*\\u0000/);
  assert.doesNotMatch(quoted.errors[0]?.message ?? '', /\u0000/);
  // a file cut short is never imported in part, skipInvalid or not
  const cut = await p.modules.lookouts.importList(
    null,
    'un',
    { xml: '<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL>' },
    { sourceName: source, skipInvalid: true },
  );
  assert.equal(cut.ok, false);
  assert.ok(cut.errors.some((e) => e.fatal && /not closed at the end of the file/.test(e.message)));
});

test('bytes are decoded strictly: Latin-1 without a declaration is refused with line and offset', async () => {
  const source = 'Encoding test';
  const latin1 = Buffer.from(`${sdnLine(20, 'PEREZ, Jos\xe9')}\n${sdnLine(21, 'NU\xd1EZ, Ana')}\n`, 'latin1');
  const before = await counts();
  const r = await p.modules.lookouts.importList(null, 'ofac', { sdn: latin1 }, { sourceName: source });
  assert.equal(r.ok, false);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].file, 'sdn.csv');
  assert.equal(r.errors[0].line, 1);
  assert.match(r.errors[0].message, /invalid UTF-8 \(byte 0xE9 at byte offset 14\)/);
  assert.deepEqual(await counts(), before);
  const ok = await p.modules.lookouts.importList(
    null,
    'ofac',
    { sdn: latin1 },
    { sourceName: source, encoding: 'latin1' },
  );
  assert.ok(ok.ok);
  assert.deepEqual(active(source), ['NUÑEZ, Ana', 'PEREZ, José']);
  const bom = await p.modules.lookouts.importList(
    null,
    'jsonl',
    { jsonl: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(jsonl('Zoë Zeller'))]) },
    { sourceName: 'BOM test' },
  );
  assert.ok(bom.ok);
  assert.deepEqual(active('BOM test'), ['Zoë Zeller']);
  const utf16 = await p.modules.lookouts.importList(
    null,
    'jsonl',
    { jsonl: Buffer.from('\ufeff' + jsonl('Øyvind Ødegård'), 'utf16le') },
    { sourceName: 'UTF-16 test' },
  );
  assert.ok(utf16.ok);
  assert.deepEqual(active('UTF-16 test'), ['Øyvind Ødegård']);
});

test('an error in the middle of the writes leaves the tables as they were (one transaction)', async () => {
  const source = 'Transaction test';
  const before = await counts();
  const append = p.ctx.audit.append;
  // the audit entry is the last write of an import, after every lookout and event row
  p.ctx.audit.append = async () => {
    throw new Error('simulated failure after the rows were written');
  };
  try {
    const big = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `t${i}`, names: [`Person ${i}`] }));
    await assert.rejects(
      p.modules.lookouts.importList(null, 'jsonl', { jsonl: big.join('\n') }, { sourceName: source }),
      /simulated failure/,
    );
  } finally {
    p.ctx.audit.append = append;
  }
  assert.deepEqual(await counts(), before);
  // a bad line at the very end of a large file: refused before anything is written
  const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `t${i}`, names: [`Person ${i}`] }));
  lines.push(JSON.stringify({ id: 'last', names: ['x'.repeat(1001)] }));
  const r = await p.modules.lookouts.importList(null, 'jsonl', { jsonl: lines.join('\n') }, { sourceName: source });
  assert.equal(r.ok, false);
  assert.deepEqual(
    r.errors.map((e) => e.line),
    [20_001],
  );
  assert.deepEqual(await counts(), before);
  assert.deepEqual(active(source), []);
});

test('the API upload applies the same rules: a 422 problem, localized, with the line numbers', async () => {
  const before = await counts();
  const post = (payload: object, lang = 'en') =>
    p.app.inject({
      method: 'POST',
      url: '/api/v1/lookouts/import',
      headers: { ...cbp, 'accept-language': lang },
      payload,
    });
  const long = await post(
    // the NUL is a JSON escape inside the list (the body itself holds none)
    { format: 'jsonl', files: { jsonl: jsonl('Fine Name', 'N'.repeat(1001), 'Nul\u0000Name') } },
    'fr',
  );
  assert.equal(long.statusCode, 422, long.body);
  const body = long.json();
  assert.match(long.headers['content-type'] as string, /application\/problem\+json/);
  assert.match(body.detail, /La liste n’a pas été importée\u202f: 2 erreurs/u);
  assert.deepEqual(
    body.errors.map((e: { path: string; message: string }) => [e.path, e.message]),
    [
      ['file:2', 'ligne 2\u202f: names.0 is 1,001 characters long, over the limit of 1,000'],
      ['file:3', 'ligne 3\u202f: names.0 contains a NUL character'],
    ],
  );
  const empty = await post({ format: 'ofac', files: { sdn: '' } });
  assert.equal(empty.statusCode, 422);
  assert.deepEqual(
    empty.json().errors.map((e: { path: string }) => e.path),
    ['sdn.csv:1'],
  );
  const unknown = await post({ format: 'jsonl', files: { list: jsonl('A B') } });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.json().errors[0].message, /^whole file: unknown file "list" for format jsonl/);
  // a NUL in the body itself: refused here, or at the HTTP edge (400) when it checks text first
  const nulSource = await post({ format: 'jsonl', files: { jsonl: jsonl('A B') }, sourceName: 'bad\u0000name' });
  assert.ok([400, 422].includes(nulSource.statusCode), nulSource.body);
  assert.deepEqual(await counts(), before);
  const skip = await post({
    format: 'jsonl',
    files: { jsonl: jsonl('Good Person', 'N'.repeat(1001)) },
    sourceName: 'API skip test',
    skipInvalid: true,
  });
  assert.equal(skip.statusCode, 201, skip.body);
  assert.equal(skip.json().imported, 1);
  assert.equal(skip.json().skipped, 1);
});
