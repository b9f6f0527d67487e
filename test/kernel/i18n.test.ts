import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { loadCatalogs, LOCALES, t } from '../../src/kernel/i18n.ts';

function argsOf(message: string): string[] {
  const out = new Set<string>();
  const walk = (els: any[]) => {
    for (const e of els) {
      if (e.type !== TYPE.literal && e.type !== TYPE.pound && e.value) out.add(e.value);
      if (e.options) for (const o of Object.values<any>(e.options)) walk(o.value);
      if (e.children) walk(e.children);
    }
  };
  walk(parse(message));
  return [...out].sort();
}

test('every message key exists in English, French and Spanish with the same ICU arguments', () => {
  const cats = loadCatalogs();
  const all = new Set(LOCALES.flatMap((l) => Object.keys(cats[l])));
  const problems: string[] = [];
  for (const key of all) {
    const en = cats.en[key];
    for (const l of LOCALES) {
      const m = cats[l][key];
      if (m === undefined) {
        problems.push(`${l} lacks ${key}`);
        continue;
      }
      if (m.trim() === '') problems.push(`${l} has an empty ${key}`);
      if (en !== undefined && JSON.stringify(argsOf(m)) !== JSON.stringify(argsOf(en)))
        problems.push(`${l} ${key}: arguments ${argsOf(m)} differ from en ${argsOf(en)}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(all.size > 100, 'catalogs were loaded');
});

test('messages format plurals per locale', () => {
  assert.equal(t('en', 'audit.verified', { count: 1 }), 'The chain is intact: 1 entry checked.');
  assert.match(t('fr', 'audit.verified', { count: 3 }), /3/);
  assert.notEqual(t('fr', 'nav.sign_in'), t('en', 'nav.sign_in'));
  assert.notEqual(t('es', 'nav.sign_in'), t('en', 'nav.sign_in'));
});

test('every literal message key used in the code exists in the catalogs', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const cats = loadCatalogs();
  const missing = new Set<string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (f.endsWith('.ts')) {
        const text = fs.readFileSync(f, 'utf8');
        // tt('key'), t(locale, 'key'), and AppError(…, 'key')-style literals that name a catalog key
        for (const m of text.matchAll(/\b(?:tt|t)\((?:[a-zA-Z.]+, )?'([a-z]+\.[a-zA-Z0-9_.]+)'/g))
          if (!m[1].endsWith('.') && !(m[1] in cats.en)) missing.add(`${m[1]} (${path.relative(process.cwd(), f)})`);
        for (const m of text.matchAll(/new AppError\(\d+, '([a-z]+\.[a-zA-Z0-9_.]+)'/g))
          if (!(m[1] in cats.en)) missing.add(`${m[1]} (${path.relative(process.cwd(), f)})`);
      }
    }
  };
  walk(path.resolve(import.meta.dirname, '../../src'));
  assert.deepEqual([...missing], []);
});
