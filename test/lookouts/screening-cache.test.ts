// The screening result cache (engine/cached-index.ts) is exact: every answer deep-equals the answer of a plain
// ScreeningIndex that went through the same upserts and removes, whatever the interleaving of changes and screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ScreeningIndex,
  type ListEntry,
  type ScreenOptions,
  type ScreenQuery,
  type Hit,
} from '../../src/modules/lookouts/engine/index.ts';
import { CachedScreeningIndex } from '../../src/modules/lookouts/engine/cached-index.ts';

/** mulberry32 */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(a: readonly T[]): T => a[int(a.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

// Small pools, so that names collide and queries really hit (and results get truncated at `top`).
const GIVEN = [
  'Mohammed',
  'Muhammad',
  'Mohamed',
  'Ali',
  'Ahmed',
  'Hassan',
  'Omar',
  'Abdul',
  'Abdulrahman',
  'Ivan',
  'Sergei',
  'Maria',
  'Jose',
  'Juan',
  'Ana',
  'John',
  'Fatima',
  'Yusuf',
];
const SURNAMES = [
  'Hassan',
  'Khan',
  'Rahman',
  'Petrov',
  'Ivanov',
  'Garcia',
  'Hernandez',
  'Lopez',
  'Smith',
  'Al-Tikriti',
  'Haddad',
  'Nasser',
  'Abdullah',
  'Karimi',
];
// Names far from the pools above: changes to these entries affect none of the person queries.
const SYL = ['bor', 'vek', 'tul', 'mip', 'zan', 'quo', 'fyx', 'dre', 'glo', 'pux'];
const DATES = ['1970-01-01', '1980-05-05', '1975', '1990-12-31', '1965-07'];
const NATS = ['CA', 'US', 'MX', 'RU', 'PK'];
const DOCS = ['P1234567', 'P7654321', 'AB850901', 'X0000001', 'L00000042'];
const PLATES = ['ABC1234', 'ABC1235', 'XYZ999', 'LK00042', '8ABC123'];
const JURS = ['TX', 'ON', 'CA-ON', undefined];

function personName(r: Rng): string {
  const g = r.pick(GIVEN),
    s = r.pick(SURNAMES);
  const k = r.int(6);
  if (k === 0) return `${s.toUpperCase()}, ${g}`;
  if (k === 1) return `${g} ${r.pick(GIVEN)} ${s}`;
  if (k === 2) return `${g[0]}. ${s}`;
  return `${g} ${s}`;
}
function oddName(r: Rng): string {
  const w = () => r.pick(SYL) + r.pick(SYL);
  return `${w()} ${w()}`;
}

function makeEntry(r: Rng, id: string, kind: 'person' | 'odd' | 'vehicle'): ListEntry {
  if (kind === 'vehicle') {
    const plates = [{ number: r.pick(PLATES), jurisdiction: r.pick(JURS) }];
    return { id, type: 'vehicle', names: [], plates };
  }
  const names = [kind === 'odd' ? oddName(r) : personName(r)];
  if (r.next() < 0.35) names.push(kind === 'odd' ? oddName(r) : personName(r));
  const e: ListEntry = { id, type: 'person', names };
  if (r.next() < 0.6) e.birthDates = [r.pick(DATES)];
  if (r.next() < 0.5) e.nationalities = [r.pick(NATS)];
  if (r.next() < 0.25)
    e.documents = [{ type: 'passport', number: r.pick(DOCS), country: r.next() < 0.5 ? r.pick(NATS) : undefined }];
  return e;
}

/** One edit in one token: substitution, deletion or insertion of a letter. */
function perturb(r: Rng, name: string): string {
  const toks = name.split(' ');
  const i = r.int(toks.length);
  const t = toks[i];
  if (t.length < 3) return name;
  const p = 1 + r.int(t.length - 1);
  const c = 'aeiouhnrst'[r.int(10)];
  const k = r.int(3);
  toks[i] =
    k === 0
      ? t.slice(0, p) + c + t.slice(p + 1)
      : k === 1
        ? t.slice(0, p) + t.slice(p + 1)
        : t.slice(0, p) + c + t.slice(p);
  return toks.join(' ');
}

interface Subject {
  q: ScreenQuery;
  opts: ScreenOptions;
}

function makeSubjects(r: Rng, entries: ListEntry[], n: number): Subject[] {
  const out: Subject[] = [];
  const persons = entries.filter((e) => e.type === 'person' && e.names.length);
  const optsPool: ScreenOptions[] = [{}, { top: 3 }, { threshold: 0.6, top: 5 }, { top: 20 }];
  for (let k = 0; k < n; k++) {
    const opts = r.pick(optsPool);
    const kind = r.int(10);
    if (kind < 4) {
      const e = r.pick(persons);
      const q: ScreenQuery = { type: 'person', name: r.pick(e.names) };
      if (r.next() < 0.5 && e.birthDates) q.birthDate = e.birthDates[0];
      if (r.next() < 0.5) q.nationality = r.pick(NATS);
      out.push({ q, opts });
    } else if (kind < 6) {
      out.push({ q: { type: 'person', name: perturb(r, r.pick(r.pick(persons).names)) }, opts });
    } else if (kind < 7) {
      out.push({
        q: {
          type: 'person',
          name: [
            r.pick(['Zoltan', 'Brigitte', 'Kenji', 'Olufemi']),
            r.pick(['Varga', 'Dupont', 'Tanaka', 'Adeyemi']),
          ].join(' '),
        },
        opts,
      });
    } else if (kind < 8) {
      out.push({
        q: {
          type: 'person',
          name: personName(r),
          documents: [{ type: 'passport', number: r.next() < 0.5 ? r.pick(DOCS) : 'P1234568' }],
        },
        opts,
      });
    } else {
      const plate = r.pick(PLATES);
      out.push({
        q: {
          type: 'vehicle',
          plate: { number: r.next() < 0.3 ? plate.replace('B', '8') : plate, jurisdiction: r.pick(JURS) },
        },
        opts,
      });
    }
  }
  return out;
}

test('property: cached answers deep-equal a plain index through thousands of interleaved screens and changes', () => {
  const r = rng(20240611);
  const entries: ListEntry[] = [];
  const ids = { person: [] as string[], odd: [] as string[], vehicle: [] as string[] };
  let nextId = 0;
  const newEntry = (kind: 'person' | 'odd' | 'vehicle') => {
    const id = `${kind}-${nextId++}`;
    ids[kind].push(id);
    return makeEntry(r, id, kind);
  };
  for (let k = 0; k < 3000; k++) entries.push(newEntry(k % 10 < 6 ? 'person' : k % 10 < 9 ? 'odd' : 'vehicle'));
  const ref = new ScreeningIndex(entries);
  const cached = new CachedScreeningIndex(entries, { window: 32 });
  const subjects = makeSubjects(r, entries, 80);
  let screens = 0,
    nonEmpty = 0;
  for (let op = 0; op < 4000; op++) {
    const x = r.next();
    if (x < 0.8) {
      const s = r.pick(subjects);
      const want = ref.screen(s.q, s.opts);
      const got = cached.screen(s.q, s.opts);
      assert.deepStrictEqual(got, want, `op ${op}: ${JSON.stringify(s)}`);
      screens++;
      if (want.length) nonEmpty++;
      continue;
    }
    // changes: a third on entries no person query is near
    const kind = r.next() < 0.35 ? 'odd' : r.next() < 0.85 ? 'person' : 'vehicle';
    const pool = ids[kind];
    if (x < 0.86 || pool.length < 10) {
      const e = newEntry(kind);
      ref.upsert(e);
      cached.upsert(e);
    } else if (x < 0.94) {
      // a changed version of an existing entry (new names: its old hits must go), sometimes the same again
      const id = r.pick(pool);
      const e = r.next() < 0.15 && cached.get(id) ? cached.get(id)! : makeEntry(r, id, kind);
      ref.upsert(e);
      cached.upsert(e);
    } else {
      const k = r.int(pool.length);
      const id = pool[k];
      pool.splice(k, 1);
      ref.remove(id);
      cached.remove(id);
    }
    assert.equal(cached.size, ref.size);
  }
  const st = cached.cacheStats();
  // the cache was really used, and every path was taken
  assert.ok(nonEmpty > screens / 3, `queries hit lookouts (${nonEmpty}/${screens})`);
  assert.equal(st.hits + st.misses + st.rescreens, screens);
  assert.ok(st.hits > screens / 3, `answers from the cache: ${JSON.stringify(st)}`);
  assert.ok(st.validations > 50, `results checked against unrelated changes and kept: ${JSON.stringify(st)}`);
  assert.ok(st.rescreens > 50, `results recomputed after a change that may affect them: ${JSON.stringify(st)}`);
  assert.equal(st.uncacheable, 0);
});

const base: ListEntry[] = [
  { id: 'a', type: 'person', names: ['Ivan Petrov'], birthDates: ['1970-01-01'] },
  { id: 'b', type: 'person', names: ['Ivan Petrov'] },
  { id: 'c', type: 'person', names: ['Ivan Petrova'] },
  { id: 'd', type: 'person', names: ['Sergei Ivanov'] },
  { id: 'v', type: 'vehicle', names: [], plates: [{ number: 'ABC1234', jurisdiction: 'TX' }] },
];
const unrelated = (k: number): ListEntry => ({
  id: 'u' + k,
  type: 'person',
  names: [`Bormip Vektul${'abcdefghij'[k % 10]}`],
});

function pair(entries: ListEntry[], opts = {}) {
  return { ref: new ScreeningIndex(entries), cached: new CachedScreeningIndex(entries, opts) };
}
function both(p: ReturnType<typeof pair>, f: (i: ScreeningIndex | CachedScreeningIndex) => void) {
  f(p.ref);
  f(p.cached);
}
function same(p: ReturnType<typeof pair>, q: ScreenQuery, o: ScreenOptions = {}): Hit[] {
  const want = p.ref.screen(q, o);
  const got = p.cached.screen(q, o);
  assert.deepStrictEqual(got, want);
  return got;
}

test('a repeated subject is answered from the cache; callers get copies', () => {
  const p = pair(base);
  const q = { type: 'person' as const, name: 'Ivan Petrov', birthDate: '1970-01-01' };
  const first = same(p, q);
  assert.equal(first[0].id, 'a');
  const second = same(p, q);
  assert.deepEqual(p.cached.cacheStats(), { ...p.cached.cacheStats(), hits: 1, misses: 1 });
  // mutate everything a caller could
  second[0].score = 0;
  second[0].name = 'x';
  second[0].reasons[0].method = 'tampered';
  second[0].reasons.push({ field: 'name', method: 'x', score: 1 });
  second.pop();
  first.length = 0;
  const third = same(p, q);
  assert.equal(third[0].id, 'a');
  assert.ok(third.length >= 2);
  assert.equal(p.cached.cacheStats().hits, 2);
  // options and every query field are part of the key
  same(p, q, { top: 1 });
  same(p, { ...q, birthDate: undefined });
  same(p, { ...q, type: undefined });
  assert.equal(p.cached.cacheStats().misses, 4);
});

test('a change that may affect a cached result recomputes it; old hits go, truncated results refill', () => {
  const p = pair(base);
  const q = { type: 'person' as const, name: 'Ivan Petrov' };
  const top2 = same(p, q, { top: 2 });
  assert.deepEqual(
    top2.map((h) => h.id),
    ['a', 'b'],
  );
  // removing a hit of a truncated result: the third one moves up
  both(p, (i) => i.remove('a'));
  assert.deepEqual(
    same(p, q, { top: 2 }).map((h) => h.id),
    ['b', 'c'],
  );
  // renaming: the old name's hits disappear
  both(p, (i) => i.upsert({ id: 'b', type: 'person', names: ['Omar Haddad'] }));
  assert.deepEqual(
    same(p, q, { top: 2 }).map((h) => h.id),
    ['c'],
  );
  // a new entry near the query
  both(p, (i) => i.upsert({ id: 'e', type: 'person', names: ['PETROV, Ivan'] }));
  assert.deepEqual(
    same(p, q, { top: 2 }).map((h) => h.id),
    ['e', 'c'],
  );
  const st = p.cached.cacheStats();
  assert.equal(st.rescreens, 3);
  assert.equal(st.validations, 0);
});

test('unrelated changes are checked and the cached result kept; one lagging more than the window is recomputed', () => {
  const p = pair(base, { window: 8 });
  const q = { type: 'person' as const, name: 'Ivan Petrov' };
  same(p, q);
  for (let k = 0; k < 8; k++) both(p, (i) => i.upsert(unrelated(k)));
  same(p, q);
  assert.equal(p.cached.cacheStats().validations, 1);
  assert.equal(p.cached.cacheStats().rescreens, 0);
  for (let k = 8; k < 17; k++) both(p, (i) => i.upsert(unrelated(k)));
  same(p, q);
  assert.equal(p.cached.cacheStats().validations, 1);
  assert.equal(p.cached.cacheStats().rescreens, 1);
  assert.equal(p.cached.cacheStats().changes, 17);
});

test('identifier keys: a new plate (OCR-confusable) or document reaches a cached plate or document screen', () => {
  const p = pair(base);
  const plate = { type: 'vehicle' as const, plate: { number: 'A8C 1234', jurisdiction: 'TX' } };
  assert.deepEqual(
    same(p, plate).map((h) => h.id),
    ['v'],
  );
  const doc = { type: 'person' as const, documents: [{ type: 'passport', number: 'P-123 4567' }] };
  assert.deepEqual(same(p, doc), []);
  both(p, (i) =>
    i.upsert({ id: 'w', type: 'vehicle', names: [], plates: [{ number: 'ABC-1234', jurisdiction: 'TX' }] }),
  );
  both(p, (i) =>
    i.upsert({
      id: 'f',
      type: 'person',
      names: ['Zed Unrelated'],
      documents: [{ type: 'passport', number: 'P1234567' }],
    }),
  );
  assert.deepEqual(
    same(p, plate)
      .map((h) => h.id)
      .sort(),
    ['v', 'w'],
  );
  assert.deepEqual(
    same(p, doc).map((h) => h.id),
    ['f'],
  );
});

test('joins and halves: a listed token that is two query tokens written together, or half of one', () => {
  const p = pair([{ id: 'p', type: 'person', names: ['Ivan Petrov'] }]);
  const apart = { type: 'person' as const, name: 'Abdul Rahman' };
  const together = { type: 'person' as const, name: 'Abdulrahman' };
  assert.deepEqual(same(p, apart, { threshold: 0.5 }), []);
  assert.deepEqual(same(p, together, { threshold: 0.5 }), []);
  both(p, (i) => i.upsert({ id: 'j', type: 'person', names: ['Abdulrahman'] }));
  assert.deepEqual(
    same(p, apart, { threshold: 0.5 }).map((h) => h.id),
    ['j'],
  );
  both(p, (i) => i.remove('j'));
  same(p, apart, { threshold: 0.5 });
  same(p, together, { threshold: 0.5 });
  both(p, (i) => i.upsert({ id: 'h', type: 'person', names: ['Abdul Rahman'] }));
  assert.deepEqual(
    same(p, together, { threshold: 0.5 }).map((h) => h.id),
    ['h'],
  );
});

test('eviction at the size bound (least recently used first)', () => {
  const p = pair(base, { maxEntries: 3 });
  const qs = ['Ivan Petrov', 'Sergei Ivanov', 'Ivan Petrova', 'Petrov', 'Ivanov'].map((name) => ({
    type: 'person' as const,
    name,
  }));
  for (const q of qs.slice(0, 3)) same(p, q);
  same(p, qs[0]); // now the most recently used
  same(p, qs[3]); // evicts qs[1]
  same(p, qs[4]); // evicts qs[2]
  let st = p.cached.cacheStats();
  assert.equal(st.evictions, 2);
  assert.equal(st.entries, 3);
  same(p, qs[0]);
  assert.equal(p.cached.cacheStats().hits, st.hits + 1);
  st = p.cached.cacheStats();
  same(p, qs[1]);
  assert.equal(p.cached.cacheStats().misses, st.misses + 1);
  assert.equal(p.cached.cacheStats().entries, 3);
});

test('a compaction of the index (after many removals) drops the cache: it can reorder unrelated results', () => {
  // X and Y score the same for "Alpha Beta"; their order is the order in which the index meets them, which
  // depends on which query token's posting lists it walks first (the shorter, dead postings included).
  const p = pair(
    [
      { id: 'X', type: 'person', names: ['Alpha Betta'] },
      { id: 'Y', type: 'person', names: ['Alfa Beta'] },
    ],
    { window: 1000 },
  );
  for (let k = 0; k < 4; k++) both(p, (i) => i.upsert({ id: 'W', type: 'person', names: ['Alpha Omega' + k] }));
  both(p, (i) => i.remove('W'));
  const q = { type: 'person' as const, name: 'Alpha Beta' };
  assert.deepEqual(
    same(p, q).map((h) => h.id),
    ['Y', 'X'],
  );
  // churn on an entry far from the query until the index compacts (dead postings of "alpha" go)
  // (600 names of 24 tokens: 14,400 postings die at each re-upsert; a compaction follows 50,000 dead postings)
  const big: ListEntry = {
    id: 'Z',
    type: 'person',
    names: Array.from({ length: 600 }, (_, i) =>
      [`zqa${i % 40}`, `zqb${Math.floor(i / 40)}`, ...Array.from({ length: 22 }, (_, j) => `zqc${j}`)].join(' '),
    ),
  };
  while (p.ref.compactions === 0) both(p, (i) => i.upsert(big));
  assert.equal(p.cached.main.compactions, 1);
  assert.deepEqual(
    same(p, q).map((h) => h.id),
    ['X', 'Y'],
  );
  assert.equal(p.cached.cacheStats().flushes, 1);
});

test('a change linked to the query only by a weak token similarity can still reorder its result', () => {
  // "bta" is within one edit of "beta" (similarity 0.75): it joins the postings the index walks for "beta", whose
  // length decides which token is walked first, hence the order of the tied X and Y
  const p = pair([
    { id: 'X', type: 'person', names: ['Alpha Betta'] },
    { id: 'Y', type: 'person', names: ['Alfa Beta'] },
    { id: 'A', type: 'person', names: ['Alpha Qqq'] },
  ]);
  const q = { type: 'person' as const, name: 'Alpha Beta' };
  assert.deepEqual(
    same(p, q).map((h) => h.id),
    ['Y', 'X'],
  );
  both(p, (i) => i.upsert({ id: 'B', type: 'person', names: ['Bta Www'] }));
  assert.deepEqual(
    same(p, q).map((h) => h.id),
    ['X', 'Y'],
  );
  assert.equal(p.cached.cacheStats().rescreens, 1);
});
