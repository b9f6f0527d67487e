// The house contract (docs/architecture.md), checked on the source tree: module boundaries, queries only in stores,
// no untyped escapes, line width, no reads outside the project.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '..');
const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
const tsFiles = (dir: string) =>
  walk(path.join(root, dir))
    .filter((f) => f.endsWith('.ts'))
    .map(rel);
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
const src = tsFiles('src');
const modules = fs
  .readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

/** Every relative import or re-export of a file, resolved to a path from the project root. */
function importsOf(file: string): string[] {
  const out: string[] = [];
  for (const m of read(file).matchAll(/(?:\bfrom|\bimport\()\s*['"](\.[^'"]+)['"]/g))
    out.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1])));
  return out;
}

test('a module is reached from outside only through its index.ts', () => {
  const leaks: string[] = [];
  for (const f of src) {
    const own = f.startsWith('src/modules/') ? f.split('/')[2] : null;
    for (const target of importsOf(f)) {
      const [s, mods, mod, ...rest] = target.split('/');
      if (s !== 'src' || mods !== 'modules' || !mod || !modules.includes(mod) || mod === own) continue;
      if (rest.join('/') !== 'index.ts') leaks.push(`${f} imports ${target}`);
    }
  }
  assert.deepEqual(leaks, []);
});

test('queries live only in a module’s store (store.ts or store/) and its migrations', () => {
  const builder = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|withTables)\(/;
  const rawSql = /\bsql(<[^>]*>)?`|\bsql\.(raw|ref|table|join)\(/;
  const query = { test: (text: string) => builder.test(text) || rawSql.test(text) };
  const outside = src
    .filter((f) => f.startsWith('src/modules/') && !/\/store(\.ts|\/)/.test(f) && !f.includes('/migrations/'))
    .filter((f) => query.test(read(f)));
  assert.deepEqual(outside, []);
});

test('no untyped escapes in src (as any, Kysely<any>, sql<any>, : any)', () => {
  const found = src.flatMap((f) =>
    read(f)
      .split('\n')
      .flatMap((l, i) => (/\bas any\b|Kysely<any>|sql<any>|:\s*any\b|<any>/.test(l) ? [`${f}:${i + 1}`] : [])),
  );
  assert.deepEqual(found, []);
});

test('lines are at most 120 characters in src, test, bench and scripts', () => {
  const long = ['src', 'test', 'bench', 'scripts'].flatMap((d) =>
    tsFiles(d).flatMap((f) =>
      read(f)
        .split('\n')
        .flatMap((l, i) => (l.length > 120 ? [`${f}:${i + 1} (${l.length})`] : [])),
    ),
  );
  assert.deepEqual(long, []);
});

test('code, tests and benchmarks read only what the project holds (no sibling folder, no absolute data path)', () => {
  // Built from parts, so that this file does not match itself.
  const sibling = new RegExp(['\\.\\./', 'shared\\b|/', 'shared/data\\b|/', 'work/'].join(''));
  const outside = ['src', 'test', 'bench', 'scripts'].flatMap((d) => tsFiles(d)).filter((f) => sibling.test(read(f)));
  assert.deepEqual(outside, []);
});

test('each module has the house layout: index.ts, store, access.ts, routes/', () => {
  const missing: string[] = [];
  for (const m of modules) {
    const dir = path.join(root, 'src/modules', m);
    const has = (p: string) => fs.existsSync(path.join(dir, p));
    if (!has('index.ts')) missing.push(`${m}/index.ts`);
    if (!has('store.ts') && !has('store')) missing.push(`${m}/store`);
    if (!has('access.ts')) missing.push(`${m}/access.ts`);
    if (!has('routes')) missing.push(`${m}/routes/`);
  }
  assert.deepEqual(missing, []);
});

test('agencies and countries are defined once, in src/kernel/agencies.ts', () => {
  const definitions = src
    .filter((f) => f !== 'src/kernel/agencies.ts')
    .filter((f) =>
      /export const (AGENCIES|AGENCY_CODES|COUNTRIES)\b|const (agencyCountry|countryAgency)\b/.test(read(f)),
    );
  assert.deepEqual(definitions, []);
});

test('a refusal goes through the guard (audited): no bare role check or 403 outside src/kernel/access.ts', () => {
  const bare: string[] = [];
  for (const f of src) {
    if (f === 'src/kernel/access.ts' || f === 'src/kernel/errors.ts') continue;
    const text = read(f);
    for (const m of text.matchAll(/requireRole\(|forbidden\(\)|AppError\(403, '(?!errors\.csrf)/g))
      bare.push(`${f}:${text.slice(0, m.index).split('\n').length}`);
  }
  assert.deepEqual(bare, []);
});
