// The screening index: live updates, threshold and top semantics, reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ScreeningIndex,
  DEFAULT_THRESHOLD,
  scoreNames,
  METHODS,
  FIELDS,
  type ListEntry,
} from '../../src/modules/lookouts/engine/index.ts';
import en from '../../src/modules/lookouts/i18n/engine.en.json' with { type: 'json' };
import fr from '../../src/modules/lookouts/i18n/engine.fr.json' with { type: 'json' };
import es from '../../src/modules/lookouts/i18n/engine.es.json' with { type: 'json' };

const list: ListEntry[] = [
  { id: 'u1', type: 'person', names: ['ABDULHAI SALEK'], birthDates: ['1965'], nationalities: ['af'] },
  {
    id: 'u2',
    type: 'person',
    names: ['AL-ZAWAHIRI, Ayman', 'AL ZAWAHIRI, Dr. Ayman'],
    birthDates: ['1951-06-19'],
    nationalities: ['Egypt'],
  },
  { id: 'u3', type: 'organization', names: ['BANCO NACIONAL DE CUBA', 'NATIONAL BANK OF CUBA'] },
  { id: 'u4', type: 'person', names: ['Mohammed Ali Hassan'] },
  { id: 'u5', type: 'person', names: ['Muhammad Ali Hasan'] },
  { id: 'u6', type: 'person', names: ['Mohamed Aly'] },
];

test('finds a listed person written another way, with reasons', () => {
  const idx = new ScreeningIndex(list);
  assert.equal(idx.size, 6);
  const hits = idx.screen({
    name: 'Salek, Abdulhai',
    type: 'person',
    birthDate: '1965-03-01',
    nationality: 'Afghanistan',
  });
  assert.equal(hits.length, 1);
  assert.equal(hits[0].id, 'u1');
  assert.equal(hits[0].name, 'ABDULHAI SALEK');
  assert.ok(hits[0].score > 0.99);
  const fields = hits[0].reasons.map((r) => r.field);
  assert.deepEqual([...new Set(fields)].sort(), ['birthDate', 'name', 'nationality']);
  assert.equal(hits[0].reasons.find((r) => r.field === 'birthDate')?.method, 'year-only');
  // the name reason tells how the names relate
  assert.ok(hits[0].reasons.some((r) => r.field === 'name' && r.method === 'last-first'));
});

test('one hit per entry (its best alias), best first; typos, transliteration and phonetic variants', () => {
  const idx = new ScreeningIndex(list);
  const z = idx.screen({ name: 'Aymen al-Zawahri' });
  assert.equal(z.length, 1, 'two aliases of one entry give one hit');
  assert.equal(z[0].id, 'u2');
  assert.ok(z[0].reasons.some((r) => r.method === 'typo' || r.method === 'phonetic'));
  const cyr = idx.screen({ name: 'Айман аль-Завахири' });
  assert.equal(cyr[0]?.id, 'u2');
  assert.ok(cyr[0].reasons.some((r) => r.method === 'transliterated'));
  const m = idx.screen({ name: 'Mohamad Ali Hasan' }, { threshold: 0.5 });
  assert.deepEqual(
    m
      .slice(0, 2)
      .map((h) => h.id)
      .sort(),
    ['u4', 'u5'],
  );
  for (let k = 1; k < m.length; k++) assert.ok(m[k - 1].score >= m[k].score, 'sorted by score');
  assert.equal(new Set(m.map((h) => h.id)).size, m.length);
});

test('threshold and top', () => {
  const idx = new ScreeningIndex(list);
  const all = idx.screen({ name: 'Mohammed Ali' }, { threshold: 0 });
  assert.ok(all.length >= 3);
  const top2 = idx.screen({ name: 'Mohammed Ali' }, { threshold: 0, top: 2 });
  assert.deepEqual(
    top2.map((h) => h.id),
    all.slice(0, 2).map((h) => h.id),
  );
  const t = all[1].score;
  const atT = idx.screen({ name: 'Mohammed Ali' }, { threshold: t });
  assert.ok(atT.every((h) => h.score >= t));
  assert.ok(
    atT.some((h) => h.score === t),
    'a hit exactly at the threshold is kept',
  );
  const def = idx.screen({ name: 'Mohammed Ali' });
  assert.ok(def.every((h) => h.score >= DEFAULT_THRESHOLD));
  assert.ok(def.length <= 10);
  assert.deepEqual(idx.screen({ name: 'Completely Unrelated Person' }), []);
  assert.deepEqual(idx.screen({}), []);
});

test('live upsert and remove', () => {
  const idx = new ScreeningIndex();
  assert.equal(idx.size, 0);
  idx.upsert({ id: 'x', type: 'person', names: ['Ivan Petrov'] });
  assert.equal(idx.screen({ name: 'Petrov Ivan' })[0]?.id, 'x');
  // replacing an entry replaces its names
  idx.upsert({ id: 'x', type: 'person', names: ['Sergei Ivanov'] });
  assert.equal(idx.size, 1);
  assert.deepEqual(idx.screen({ name: 'Ivan Petrov' }), []);
  assert.equal(idx.screen({ name: 'Sergei Ivanov' })[0]?.id, 'x');
  idx.upsert({
    id: 'y',
    type: 'person',
    names: ['Sergei Ivanov'],
    documents: [{ type: 'passport', number: 'P1234567' }],
  });
  assert.deepEqual(
    idx
      .screen({ name: 'Sergei Ivanov' })
      .map((h) => h.id)
      .sort(),
    ['x', 'y'],
  );
  idx.remove('x');
  assert.equal(idx.size, 1);
  assert.deepEqual(
    idx.screen({ name: 'Sergei Ivanov' }).map((h) => h.id),
    ['y'],
  );
  idx.remove('y');
  assert.deepEqual(
    idx.screen({ documents: [{ type: 'passport', number: 'P1234567' }] }),
    [],
    'identifiers are removed too',
  );
  idx.remove('does-not-exist');
  assert.equal(idx.size, 0);
});

test('many updates: dead names are compacted away and results stay right', () => {
  const idx = new ScreeningIndex();
  const n = 12000;
  for (let i = 0; i < n; i++)
    idx.upsert({
      id: `e${i}`,
      type: 'person',
      names: [`Given${i % 97} Family${i} Middle${i % 13}`, `Alias${i} Family${i}`],
    });
  for (let i = 0; i < n; i += 2) idx.remove(`e${i}`);
  for (let i = 1; i < n; i += 4) idx.upsert({ id: `e${i}`, type: 'person', names: [`Renamed${i} Person${i}`] });
  assert.equal(idx.size, n / 2);
  // other entries share two of the three parts (Given10 ... Middle10) and may alert; the removed one must not
  assert.ok(!idx.screen({ name: 'Given10 Family10 Middle10' }).some((h) => h.id === 'e10'), 'removed');
  assert.equal(idx.screen({ name: 'Given3 Family3 Middle3' })[0]?.id, 'e3');
  assert.deepEqual(idx.screen({ name: 'Alias5 Family5' }), [], 'replaced entry lost its old names');
  assert.equal(idx.screen({ name: 'Renamed5 Person5' })[0]?.id, 'e5');
  assert.equal(idx.screen({ name: 'Alias7 Family7' })[0]?.id, 'e7');
  assert.equal(idx.nameCountLive, (n / 4) * 2 + n / 4);
});

test('the index scores a name pair as scoreNames does', () => {
  const names = ['Abdul Rahman Khan', 'Mohammad Azam Elmi', 'Grupo Alfa S.A. de C.V.', 'Xi Jinping', 'Osama bin Laden'];
  const queries = ['Abdulrahman Khan', 'Mohammad Elmi', 'GRUPO ALFA', '习近平', 'Usama bin Ladin'];
  const idx = new ScreeningIndex(names.map((n, i) => ({ id: String(i), names: [n] })));
  for (let i = 0; i < names.length; i++) {
    const hit = idx.screen({ name: queries[i] }, { threshold: 0 }).find((h) => h.id === String(i));
    assert.equal(hit?.score, scoreNames(queries[i], names[i]), queries[i]);
  }
});

test('the type of subject is taken into account', () => {
  const idx = new ScreeningIndex([
    { id: 'o', type: 'organization', names: ['Sunrise Trading'] },
    { id: 'p', type: 'person', names: ['Sunrise Trading'] },
  ]);
  const hits = idx.screen({ name: 'Sunrise Trading', type: 'person' }, { threshold: 0 });
  assert.equal(hits[0].id, 'p');
  assert.equal(hits[1].reasons.find((r) => r.field === 'type')?.method, 'disagree');
});

test('every reason key has a label in English, French and Spanish', () => {
  for (const cat of [en, fr, es] as Record<string, string>[]) {
    for (const m of METHODS) assert.ok(cat[`lookouts.method.${m}`], `lookouts.method.${m}`);
    for (const f of FIELDS) assert.ok(cat[`lookouts.field.${f}`], `lookouts.field.${f}`);
  }
  assert.deepEqual(Object.keys(en).sort(), Object.keys(fr).sort());
  assert.deepEqual(Object.keys(en).sort(), Object.keys(es).sort());
  // the methods the engine produces are all in the catalog
  const idx = new ScreeningIndex(list);
  const seen = new Set<string>();
  for (const name of [
    'Salek Abdulhai',
    'Aymen al-Zawahri',
    'Айман аль-Завахири',
    'Banco Nacional Cuba',
    'Mohammed Ali Hasan Omar',
  ]) {
    for (const h of idx.screen({ name, birthDate: '1951-06-20', nationality: 'eg' }, { threshold: 0 }))
      for (const r of h.reasons) seen.add(r.method);
  }
  for (const m of seen) assert.ok((METHODS as readonly string[]).includes(m), `method ${m} is listed`);
});

test('two query tokens that are one listed token are found even when each half is listed on its own and rare', () => {
  // "abdul" and "rahman" are rare listed tokens and "abdulrahman" a common one: walking the rare halves first must
  // not end the search before the joined form, which is the only way to the listed "Abdulrahman Saleh".
  const letters = (k: number) => String.fromCharCode(97 + (k % 26)) + String.fromCharCode(97 + Math.floor(k / 26));
  const entries: ListEntry[] = [
    { id: 'target', type: 'person', names: ['Abdulrahman Saleh'] },
    { id: 'a', type: 'person', names: ['Abdul Karim Haddad'] },
    { id: 'r', type: 'person', names: ['Rahman Ali Musa'] },
    ...Array.from(
      { length: 40 },
      (_, k): ListEntry => ({ id: `common${k}`, type: 'person', names: [`Abdulrahman Other${letters(k)}q`] }),
    ),
    ...Array.from(
      { length: 40 },
      (_, k): ListEntry => ({ id: `saleh${k}`, type: 'person', names: [`Zed${letters(k)}x Saleh`] }),
    ),
  ];
  const idx = new ScreeningIndex(entries);
  const hits = idx.screen({ name: 'Abdul Rahman Saleh', type: 'person' }, { threshold: DEFAULT_THRESHOLD, top: 5 });
  assert.equal(hits[0]?.id, 'target');
  assert.equal(hits[0].score, scoreNames('Abdul Rahman Saleh', 'Abdulrahman Saleh'));
});
