// The membership directory's compact tables behave like the Map and array they replace, through growth, updates,
// removals and the rebuilds these trigger.
import test from 'node:test';
import assert from 'node:assert/strict';
import { KeyTable, StringColumn, Interned } from '../../src/modules/travellers/compact.ts';

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

test('KeyTable agrees with a Map over 200,000 random sets, updates and deletes', () => {
  const rand = rng(7);
  const table = new KeyTable(),
    map = new Map<string, number>();
  // keys like blind indexes, plus some with non-ASCII characters and of different lengths
  const keyOf = (i: number) =>
    i % 17 === 0 ? `Zoë-${i}-ß` : i % 5 === 0 ? `k${i}` : `b${i.toString(36).padStart(31, 'x')}`;
  for (let step = 0; step < 200_000; step++) {
    const k = keyOf(Math.floor(rand() * 30_000));
    const r = rand();
    if (r < 0.6) {
      const v = Math.floor(rand() * 1e6);
      table.set(k, v);
      map.set(k, v);
    } else if (r < 0.85) assert.equal(table.delete(k), map.delete(k), `delete ${k}`);
    else assert.equal(table.get(k), map.get(k) ?? -1, `get ${k}`);
  }
  assert.equal(table.size, map.size);
  for (const [k, v] of map) assert.equal(table.get(k), v);
  assert.deepEqual(new Map(table), map);
  assert.equal(table.get('never set'), -1);
});

test("StringColumn keeps each slot's latest string, through the compactions that reclaim replaced ones", () => {
  const rand = rng(11);
  const col = new StringColumn(),
    ref: (string | null)[] = [];
  for (let step = 0; step < 120_000; step++) {
    const slot = Math.floor(rand() * 5_000);
    const s = rand() < 0.05 ? null : `Name ${step} ${'é'.repeat(step % 7)} ${'x'.repeat(Math.floor(rand() * 40))}`;
    col.set(slot, s);
    ref[slot] = s;
  }
  for (let slot = 0; slot < 5_000; slot++) assert.equal(col.get(slot), ref[slot] ?? null, `slot ${slot}`);
  assert.equal(col.get(1_000_000), null);
});

test('Interned gives one code per distinct value', () => {
  const i = new Interned<string[]>();
  const a = i.code(['NEXUS'], 'NEXUS'),
    b = i.code(['NEXUS', 'FAST'], 'NEXUS,FAST'),
    c = i.code(['NEXUS'], 'NEXUS');
  assert.equal(a, c);
  assert.notEqual(a, b);
  assert.deepEqual(i.values[b], ['NEXUS', 'FAST']);
});

test('KeyTable.reserve makes room without losing what the table holds', () => {
  const t = new KeyTable();
  for (let i = 0; i < 3_000; i++) t.set(`k${i}`, i);
  t.delete('k7');
  t.reserve(100_000);
  for (let i = 3_000; i < 100_000; i++) t.set(`k${i}`, i);
  assert.equal(t.size, 99_999);
  assert.equal(t.get('k7'), -1);
  assert.equal(t.get('k2999'), 2999);
  assert.equal(t.get('k99999'), 99999);
});

test('KeyTable refuses a key too long for its 16-bit lengths instead of truncating it', () => {
  const t = new KeyTable();
  assert.throws(() => t.set('x'.repeat(70_000), 1), RangeError);
  t.set('x'.repeat(65_535), 2);
  assert.equal(t.get('x'.repeat(65_535)), 2);
});
