// Property-based fuzzing of every importer on the real platform (docs/decisions/0008-importers-refuse-bad-lines.md).
// Generated files mix valid lines with hostile ones (fields over their limit, wrong column counts, quotes out of place,
// NUL, lone surrogates, bad numbers and dates, broken JSON or XML records), in every transport (a decoded string as the
// API hands it over, UTF-8 bytes, with a BOM, UTF-16LE); then raw chaos (random bytes, truncation, Latin-1 bytes,
// stray BOMs). Invariants: a success imports exactly the valid lines and reports exactly the bad ones as skipped; a
// refusal names every bad line (or the whole file) and leaves every table as it was; nothing throws.
// Seeded and bounded: SMARTBORDER_FUZZ_SEED, SMARTBORDER_FUZZ_RUNS (runs per importer and property, default 150).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { bearer, testPlatform, type TestPlatform } from '../helpers.ts';
import { createUser } from '../../src/kernel/auth.ts';
import { fieldProblem, type Encoding } from '../../src/kernel/import-text.ts';
import { parseOfac, parseUnConsolidated, parseListJsonl } from '../../src/modules/lookouts/sources/index.ts';
import { parseBtsCrossings } from '../../src/modules/flow/sources/bts.ts';
import { parseCbpBwtHistorical } from '../../src/modules/flow/sources/cbp-bwt.ts';
import { parseHourlyWaits } from '../../src/modules/flow/sources/hourly-waits.ts';

const SEED = Number(process.env.SMARTBORDER_FUZZ_SEED ?? 20261208);
const RUNS = Number(process.env.SMARTBORDER_FUZZ_RUNS ?? 150);

let p: TestPlatform;
let officer: { authorization: string };
before(async () => {
  p = await testPlatform({ seed: false });
  // an analyst and planner of CBP: may import lists and US flow data through the API
  const password = 'fuzz-password-2026';
  await createUser(p.ctx.db, {
    email: 'fuzz@cbp.test',
    password,
    kind: 'officer',
    agency: 'CBP',
    roles: ['targeting_analyst', 'planner'],
    displayName: 'Fuzz Officer',
  });
  officer = await bearer(p, 'fuzz@cbp.test', password);
});
after(() => p.close());

// ---------- the generated lines ----------
type Transport = 'string' | 'utf8' | 'utf8-bom' | 'utf16le-bom';
/** A line and what the importer must make of it; `make` receives the line's unique index. */
type Recipe = { kind: 'good' | 'bad' | 'blank'; make: (k: number) => string };
interface Outcome {
  ok: boolean;
  imported: number;
  errors: { line: number; message: string; fatal?: boolean }[];
  skipped: { line: number }[];
}
interface Format {
  name: string;
  header: string[];
  footer: string[];
  good: fc.Arbitrary<Recipe['make']>;
  bad: (t: Transport) => fc.Arbitrary<Recipe['make']>;
  run: (
    content: string | Uint8Array,
    o: { skipInvalid: boolean; encoding?: Encoding; source: string },
  ) => Promise<Outcome>;
  /** rows an accepted import adds, per table counted */
  table: 'lookouts' | 'flow';
}

const name = fc
  .tuple(
    fc.stringMatching(/^[A-Z][a-z]{1,12} [A-Z][a-z]{1,12}$/),
    fc.constantFrom('', ' José', ' Nuñez', ' Øyvind', ' Zoë', ' 李小龍', ' محمد', ' 𝒜lpha'),
  )
  .map(([a, b]) => a + b);
const huge = fc.integer({ min: 1001, max: 4000 }).map((n) => 'N'.repeat(n));
const withNul = name.map((n) => n.replace(' ', ' \u0000'));
const withLone = fc.tuple(name, fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff')).map(([n, s]) => n + s);
/** Bad values common to every format: over the limit, NUL, and (only where it can travel) a lone surrogate. */
const hostile = (t: Transport) => (t === 'string' ? fc.oneof(huge, withNul, withLone) : fc.oneof(huge, withNul));

const sdn = (num: string, n: string, extra = '') =>
  `${num},"${n}",individual,"SDGT",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-${extra}`;
const OFAC: Format = {
  name: 'ofac',
  header: [],
  footer: [],
  table: 'lookouts',
  good: name.map((n) => (k: number) => sdn(String(1000 + k), n)),
  bad: (t) =>
    fc.oneof(
      name.map((n) => (k: number) => sdn(String(1000 + k), n, ',-0-')),
      name.map((n) => (k: number) => sdn(String(1000 + k), n).replace(/,-0-$/, '')),
      hostile(t).map((n) => (k: number) => sdn(String(1000 + k), n)),
      name.map((n) => (k: number) => sdn(`X${k}`, n)),
      fc.constant((k: number) => sdn(String(1000 + k), '-0-')),
      name.map((n) => (k: number) => `${1000 + k},${n}"x,individual,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-`),
    ),
  run: async (content, o) => {
    const r = await p.modules.lookouts.importList(null, 'ofac', { sdn: content }, { ...o, sourceName: o.source });
    return r.ok ? { ...r, skipped: r.skipped } : { ...r, skipped: [] };
  },
};
const xmlRecord = (id: string, first: string) =>
  `<INDIVIDUAL>${id ? `<DATAID>${id}</DATAID>` : ''}<FIRST_NAME>${first}</FIRST_NAME></INDIVIDUAL>`;
const UN: Format = {
  name: 'un',
  header: ['<?xml version="1.0" encoding="UTF-8"?>', '<CONSOLIDATED_LIST dateGenerated="2026-02-27">', '<INDIVIDUALS>'],
  footer: ['</INDIVIDUALS>', '</CONSOLIDATED_LIST>'],
  table: 'lookouts',
  good: name.map((n) => (k: number) => xmlRecord(String(7000 + k), n)),
  bad: (t) =>
    fc.oneof(
      name.map((n) => () => xmlRecord('', n)),
      fc.constant((k: number) => xmlRecord(String(7000 + k), '')),
      hostile(t).map((n) => (k: number) => xmlRecord(String(7000 + k), n)),
      name.map((n) => (k: number) => xmlRecord(String(7000 + k), `${n}&#xD800;`)),
    ),
  run: async (content, o) => {
    const r = await p.modules.lookouts.importList(null, 'un', { xml: content }, { ...o, sourceName: o.source });
    return r.ok ? { ...r, skipped: r.skipped } : { ...r, skipped: [] };
  },
};
const JSONL: Format = {
  name: 'jsonl',
  header: [],
  footer: [],
  table: 'lookouts',
  good: name.map((n) => (k: number) => JSON.stringify({ id: `g${k}`, type: 'person', names: [n] })),
  bad: (t) =>
    fc.oneof(
      name.map((n) => (k: number) => JSON.stringify({ id: `g${k}`, names: [n] }).slice(0, -2)),
      fc.constant((k: number) => JSON.stringify({ id: `g${k}`, names: [] })),
      name.map((n) => (k: number) => JSON.stringify({ id: `g${k}`, names: [n], colour: 'red' })),
      name.map((n) => (k: number) => JSON.stringify({ id: `g${k}`, names: n })),
      fc.constant(() => '[1, 2]'),
      hostile(t).map((n) => (k: number) => JSON.stringify({ id: `g${k}`, names: [n] })),
      name.map((n) => (k: number) => `{"id":"g${k}","names":["${n}\\u0000"]}`),
      name.map((n) => (k: number) => `{"id":"g${k}","names":["${n}\\ud800"]}`),
      fc.constant((k: number) => JSON.stringify({ id: `g${k}`, names: Array(1001).fill('Many Names') })),
    ),
  run: async (content, o) => {
    const r = await p.modules.lookouts.importList(null, 'jsonl', { jsonl: content }, { ...o, sourceName: o.source });
    return r.ok ? { ...r, skipped: r.skipped } : { ...r, skipped: [] };
  },
};
const flowRun =
  (kind: 'bts' | 'cbp-bwt' | 'hourly'): Format['run'] =>
  async (content, o) => {
    const r = await p.modules.flow.importFile(null, kind, `${o.source}.csv`, content, o);
    return r.ok ? { ok: true, imported: r.rows, errors: [], skipped: r.skipped } : { ...r, imported: 0, skipped: [] };
  };
const btsRow = (port: string, date: string, value: string | number) =>
  `${port},California,2504,US-Mexico Border,${date},Pedestrians,${value}`;
const month = fc
  .tuple(fc.integer({ min: 1996, max: 2030 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}-01`);
const BTS: Format = {
  name: 'bts',
  header: ['Port Name,State,Port Code,Border,Date,Measure,Value'],
  footer: [],
  table: 'flow',
  good: fc.tuple(month, fc.integer({ min: 0, max: 5_000_000 })).map(
    ([d, v]) =>
      () =>
        btsRow('San Ysidro', d, v),
  ),
  bad: (t) =>
    fc
      .oneof(fc.constantFrom('2020-13-01', 'Smarch 2020', '', '2020/01'), fc.constant(null), fc.constant(undefined))
      .chain((date) =>
        date === null
          ? fc.oneof(
              fc
                .constantFrom('-1', '1.5', '1e30', 'many', 'NaN')
                .map((v) => () => btsRow('San Ysidro', '2020-01-01', v)),
              hostile(t).map((n) => () => btsRow(n, '2020-01-01', 1)),
              fc.constantFrom('"San Ysidro', 'San "Ysidro"').map((n) => () => btsRow(n, '2020-01-01', 1)),
            )
          : date === undefined
            ? fc.constantFrom(
                () => btsRow('San Ysidro', '2020-01-01', '1,2'),
                () => 'San Ysidro,California,2504',
              )
            : fc.constant(() => btsRow('San Ysidro', date, 1)),
      ),
  run: flowRun('bts'),
};
const bwtKey = (k: number) => `${1 + (k % 12)},${Math.floor(k / 12) % 7},${Math.floor(k / 84) % 24}`;
const BWT: Format = {
  name: 'cbp-bwt',
  header: ['bwt_month,bwt_day,bwt_hour,pv_time_avg'],
  footer: [],
  table: 'flow',
  good: fc.integer({ min: 0, max: 600 }).map((v) => (k: number) => `${bwtKey(k)},${v}`),
  bad: (t) =>
    fc.oneof(
      fc.constantFrom('13,0,0,5', '1,7,0,5', '1,0,24,5', '1.5,0,0,5', 'x,0,0,5').map((l) => () => l),
      fc.constantFrom('-1', 'slow', '1e39', '99999').map((v) => (k: number) => `${bwtKey(k)},${v}`),
      fc.constant((k: number) => `${bwtKey(k)}`),
      hostile(t).map((v) => (k: number) => `${bwtKey(k)},${v}`),
    ),
  run: flowRun('cbp-bwt'),
};
const hourAt = (k: number) =>
  `2016-01-${String(1 + Math.floor(k / 24)).padStart(2, '0')} ${String(k % 24).padStart(2, '0')}:00:00`;
const HOURLY: Format = {
  name: 'hourly',
  header: ['hour_start,avg_delay_minutes'],
  footer: [],
  table: 'flow',
  good: fc.double({ min: 0, max: 500, noNaN: true }).map((v) => (k: number) => `${hourAt(k)},${v}`),
  bad: (t) =>
    fc.oneof(
      fc.constantFrom('2016-02-30 00:00:00', '2016-01-01 25:00:00', 'yesterday').map((h) => () => `${h},3`),
      fc.constantFrom('-4', 'x', '1e300').map((v) => (k: number) => `${hourAt(k)},${v}`),
      fc.constant((k: number) => `${hourAt(k)},1,2`),
      hostile(t).map((v) => (k: number) => `${hourAt(k)},${v}`),
    ),
  run: flowRun('hourly'),
};
const FORMATS = [OFAC, UN, JSONL, BTS, BWT, HOURLY];

function encode(text: string, t: Transport): string | Uint8Array {
  if (t === 'string') return text;
  if (t === 'utf8') return Buffer.from(text, 'utf8');
  if (t === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return Buffer.from('\ufeff' + text, 'utf16le');
}

async function counts() {
  const r = await sql<{ lookouts: number; events: number; lists: number; flows: number; rows: number }>`
    select (select count(*)::int from lk_lookouts) as lookouts, (select count(*)::int from lk_events) as events,
      (select count(*)::int from lk_imports) as lists, (select count(*)::int from fl_imports) as flows,
      (select count(*)::int from fl_monthly) + (select count(*)::int from fl_wait_profile)
        + (select count(*)::int from fl_hourly) as rows`.execute(p.ctx.db);
  return r.rows[0];
}
/** The labels of a source's active entries, as the screening index holds them. */
const labels = (source: string) =>
  [...p.modules.lookouts.meta.values()].filter((m) => m.originAgency === source).map((m) => m.label);

let serial = 0;
let imports = 0;
/** Runs one import and checks the invariants shared by every property: nothing thrown, a clear refusal, or rows. */
async function importAndCheck(
  f: Format,
  content: string | Uint8Array,
  o: { skipInvalid: boolean; encoding?: Encoding },
): Promise<Outcome> {
  const source = `fuzz ${f.name} ${++serial}`;
  const before = await counts();
  const r = await f.run(content, { ...o, source });
  imports++;
  const after = await counts();
  if (!r.ok) {
    assert.ok(r.errors.length > 0, 'a refusal says why');
    for (const e of r.errors) {
      assert.ok(Number.isInteger(e.line) && e.line >= 0, `line ${e.line}`);
      assert.ok(typeof e.message === 'string' && e.message.length > 0);
      assert.equal(fieldProblem(e.message, 100_000), undefined, 'an error message is printable text');
    }
    assert.deepEqual(after, before, 'a refused import changes nothing');
    return r;
  }
  assert.ok(r.imported > 0, 'an accepted import has rows');
  if (f.table === 'lookouts') {
    assert.equal(after.lookouts - before.lookouts, r.imported);
    assert.equal(after.lists - before.lists, 1);
    const stored = labels(source);
    assert.equal(stored.length, r.imported);
    for (const l of stored) assert.equal(fieldProblem(l), undefined, `stored label ${JSON.stringify(l.slice(0, 40))}`);
  } else {
    assert.equal(after.flows - before.flows, 1);
    assert.ok(after.rows >= before.rows);
  }
  return r;
}

for (const f of FORMATS) {
  test(`${f.name}: good and bad lines: exactly the good ones imported, or exactly the bad ones named`, async () => {
    const lineArb = (t: Transport): fc.Arbitrary<Recipe> =>
      fc.oneof(
        { weight: 5, arbitrary: f.good.map((make) => ({ kind: 'good' as const, make })) },
        { weight: 2, arbitrary: f.bad(t).map((make) => ({ kind: 'bad' as const, make })) },
        { weight: 1, arbitrary: fc.constantFrom('', '   ').map((s) => ({ kind: 'blank' as const, make: () => s })) },
      );
    const fileArb = fc.constantFrom<Transport>('string', 'utf8', 'utf8-bom', 'utf16le-bom').chain((t) =>
      fc.record({
        t: fc.constant(t),
        lines: fc.array(lineArb(t), { maxLength: 8 }),
        skipInvalid: fc.boolean(),
        crlf: fc.boolean(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fileArb, async ({ t, lines, skipInvalid, crlf }) => {
        const body = lines.map((l, k) => l.make(k));
        const text = [...f.header, ...body, ...f.footer].join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
        const r = await importAndCheck(f, encode(text, t), { skipInvalid });
        const lineOf = (k: number) => f.header.length + k + 1;
        const bad = lines.flatMap((l, k) => (l.kind === 'bad' ? [lineOf(k)] : []));
        const good = lines.filter((l) => l.kind === 'good').length;
        if (bad.length && !skipInvalid) {
          assert.equal(r.ok, false);
          assert.deepEqual(
            [...new Set(r.errors.map((e) => e.line))].sort((a, b) => a - b),
            bad,
            `every bad line and only those: ${JSON.stringify(r.errors)}`,
          );
          assert.ok(r.errors.every((e) => !e.fatal));
        } else if (good === 0) {
          assert.equal(r.ok, false, 'nothing valid: refused');
          assert.ok(r.errors.every((e) => e.fatal));
        } else {
          assert.equal(r.ok, true, JSON.stringify(r.errors));
          assert.equal(r.imported, good);
          assert.deepEqual(
            [...new Set(r.skipped.map((e) => e.line))].sort((a, b) => a - b),
            bad,
          );
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test(`${f.name}: chaos (random bytes, truncation, Latin-1, stray BOMs, encodings) never half-writes`, async () => {
    const valid = fc
      .array(f.good, { minLength: 1, maxLength: 6 })
      .map((ms) => Buffer.from([...f.header, ...ms.map((m, k) => m(k)), ...f.footer].join('\n') + '\n'));
    const mutated = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.tuple(valid, fc.nat()).map(([b, at]) => b.subarray(0, at % (b.length + 1))),
      fc
        .tuple(
          valid,
          fc.array(
            fc.tuple(fc.nat(), fc.constantFrom(0x00, 0x22, 0x2c, 0x0a, 0x0d, 0x3c, 0x26, 0x80, 0xa0, 0xe9, 0xff, 0xc3)),
            { minLength: 1, maxLength: 6 },
          ),
        )
        .map(([b, edits]) => {
          const out = Buffer.from(b);
          for (const [at, byte] of edits) out[at % out.length] = byte;
          return out;
        }),
      fc
        .tuple(valid, fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb]))
        .map(([b, bom]) => Buffer.concat([Buffer.from(bom), b])),
      valid.map((b) => Buffer.from(b.toString('utf8').replace(/\n/g, '\n\n').replace(/"/g, ''))),
    );
    await fc.assert(
      fc.asyncProperty(
        mutated,
        fc.constantFrom<Encoding | undefined>(undefined, undefined, 'latin1', 'windows-1252', 'utf16le', 'utf8'),
        fc.boolean(),
        async (bytes, encoding, skipInvalid) => {
          await importAndCheck(f, bytes, { skipInvalid, encoding });
        },
      ),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });
}

/** What the HTTP edge refuses in any text: NUL and lone surrogates. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test('the API upload paths: 201 with the valid rows, or a 422 naming the lines; never half-written', async () => {
  const lineArb = (f: Format): fc.Arbitrary<Recipe> =>
    fc.oneof(
      { weight: 4, arbitrary: f.good.map((make) => ({ kind: 'good' as const, make })) },
      { weight: 2, arbitrary: f.bad('string').map((make) => ({ kind: 'bad' as const, make })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'blank' as const, make: () => '' }) },
    );
  const caseArb = fc
    .constantFrom(...FORMATS)
    .chain((f) => fc.record({ f: fc.constant(f), lines: fc.array(lineArb(f), { maxLength: 6 }), skip: fc.boolean() }));
  await fc.assert(
    fc.asyncProperty(caseArb, async ({ f, lines, skip }) => {
      const text = [...f.header, ...lines.map((l, k) => l.make(k)), ...f.footer].join('\n');
      const key = f.name === 'ofac' ? 'sdn' : f.name === 'un' ? 'xml' : 'jsonl';
      const payload =
        f.table === 'lookouts'
          ? { format: f.name, files: { [key]: text }, sourceName: `api fuzz ${++serial}`, skipInvalid: skip }
          : { kind: f.name, fileName: 'fuzz.csv', text, skipInvalid: skip };
      const before = await counts();
      const r = await p.app.inject({
        method: 'POST',
        url: f.table === 'lookouts' ? '/api/v1/lookouts/import' : '/api/v1/flow/imports',
        headers: officer,
        payload,
      });
      imports++;
      const good = lines.filter((l) => l.kind === 'good').length;
      const bad = lines.some((l) => l.kind === 'bad');
      // a raw NUL or lone surrogate anywhere in the body is refused at the HTTP edge, whatever --skip-invalid says
      if (UNSTORABLE.test(text)) {
        assert.equal(r.statusCode, 400, r.body);
        assert.match(r.json().code, /^errors\.text\./);
        assert.deepEqual(await counts(), before);
        return;
      }
      if (good > 0 && (skip || !bad)) {
        assert.equal(r.statusCode, 201, r.body);
        assert.equal(f.table === 'lookouts' ? r.json().imported : r.json().rows, good);
        return;
      }
      assert.equal(r.statusCode, 422, r.body);
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
      const problem = r.json();
      assert.ok(problem.detail && Array.isArray(problem.errors) && problem.errors.length > 0, r.body);
      for (const e of problem.errors) assert.match(e.path, /^(line \d+|[\w.]+:\d+|[\w.]+)$/, JSON.stringify(e));
      assert.deepEqual(await counts(), before);
    }),
    { seed: SEED + 3, numRuns: RUNS },
  );
});

test('the parsers alone never throw, on any text, and name lines inside the file', () => {
  const parsers: [string, (s: string) => { errors: { line: number }[] }][] = [
    ['ofac', (s) => parseOfac({ sdn: s, alt: s, add: s })],
    ['un', parseUnConsolidated],
    ['jsonl', parseListJsonl],
    ['bts', parseBtsCrossings],
    ['cbp-bwt', parseCbpBwtHistorical],
    ['hourly', parseHourlyWaits],
  ];
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc
      .array(fc.constantFrom('a', '"', ',', '\n', '\r\n', '<', '>', '/', '&', '{', '}', '[', ']', ':', '\u0000', '1'), {
        maxLength: 200,
      })
      .map((a) => a.join('')),
  );
  for (const [label, parse] of parsers)
    fc.assert(
      fc.property(text, (s) => {
        // a lone CR ends a line for the RFC 4180 reader
        const lines = s.split(/\r\n|\r|\n/).length;
        const r = parse(s);
        for (const e of r.errors) assert.ok(e.line >= 0 && e.line <= lines + 1, `${label}: line ${e.line} of ${lines}`);
      }),
      { seed: SEED + 2, numRuns: RUNS * 20 },
    );
});

test('the fuzz ran', (t) => {
  // each importer, both properties: the count the closing note reports
  assert.ok(imports >= (FORMATS.length * 2 + 1) * RUNS, `${imports} imports`);
  t.diagnostic(`fuzz: ${imports} generated imports (seed ${SEED}, engine ${p.ctx.database.engine})`);
});
