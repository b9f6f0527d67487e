// French and Spanish typography of the catalogs: spaces before high punctuation, the acronyms of the agencies in the
// page's language, plural rules wherever a count is shown, and decimals in the locale's notation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { loadCatalogs, LOCALES, t } from '../../src/kernel/i18n.ts';

const cats = loadCatalogs();

/** The elements of a message in order, nested options flattened after their argument. */
function elements(message: string): any[] {
  const out: any[] = [];
  const walk = (els: any[]) => {
    for (const e of els) {
      out.push(e);
      if (e.options) for (const o of Object.values<any>(e.options)) walk(o.value);
      if (e.children) walk(e.children);
    }
  };
  walk(parse(message));
  return out;
}
const literals = (message: string): string[] =>
  elements(message)
    .filter((e) => e.type === TYPE.literal)
    .map((e) => e.value);

test('French: a narrow no-break space before : ; ! ? and inside « » (URLs and ICU syntax aside)', () => {
  const problems: string[] = [];
  for (const [key, message] of Object.entries(cats.fr)) {
    for (const lit of literals(message)) {
      const text = lit.replace(/https?:\/\/\S+/g, '');
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        const prev = text[i - 1];
        if (':;!?'.includes(c)) {
          if (c === ':' && /\d/.test(prev ?? '') && /\d/.test(text[i + 1] ?? '')) continue; // a time, 14:30
          if (prev !== '\u202f' && prev !== '\u00a0')
            problems.push(`${key}: «${text.slice(Math.max(0, i - 12), i + 1)}»`);
        }
        if (c === '«' && text[i + 1] !== '\u202f' && text[i + 1] !== '\u00a0') problems.push(`${key}: after «`);
        if (c === '»' && prev !== '\u202f' && prev !== '\u00a0') problems.push(`${key}: before »`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('French and Spanish pages name the Canadian agencies by their own acronyms', () => {
  const problems: string[] = [];
  for (const l of ['fr', 'es'] as const) {
    for (const [key, message] of Object.entries(cats[l])) {
      for (const lit of literals(message)) if (/\b(CBSA|CRA|RCMP)\b/.test(lit)) problems.push(`${l} ${key}: ${lit}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.equal(t('fr', 'agency.short.CBSA'), 'ASFC');
  assert.equal(t('es', 'agency.short.CBSA'), 'ASFC');
  assert.equal(t('en', 'agency.short.CBSA'), 'CBSA');
  for (const l of LOCALES) assert.equal(t(l, 'agency.short.CBP'), 'CBP');
  for (const l of LOCALES) assert.equal(t(l, 'agency.short.INM'), 'INM');
});

// Arguments that carry a count of things: shown before a noun, they must go through a plural.
const COUNTS = /^(count|days|elapsed|seconds|replications|min|max|minimum|maximum)$/;
// Units written as invariable abbreviations need no plural.
const UNIT = /^\s*(min|s|h|ms|%)\b/;

test('every count shown before a noun goes through an ICU plural, in every language', () => {
  const problems: string[] = [];
  for (const l of LOCALES) {
    for (const [key, message] of Object.entries(cats[l])) {
      const els = elements(message);
      els.forEach((e, i) => {
        if (e.type !== TYPE.argument || !COUNTS.test(e.value)) return;
        const next = els[i + 1];
        if (next?.type === TYPE.literal && /^\s+\p{L}/u.test(next.value) && !UNIT.test(next.value)) {
          problems.push(`${l} ${key}: {${e.value}}${next.value.slice(0, 15)}`);
        }
      });
    }
  }
  assert.deepEqual(problems, []);
});

test('plural messages render for 0, 1 and 2 in each language (0 is singular in French)', () => {
  for (const l of LOCALES) {
    for (const [key, message] of Object.entries(cats[l])) {
      const plurals = elements(message).filter((e) => e.type === TYPE.plural);
      for (const p of plurals) {
        assert.ok(p.options.other, `${l} ${key}: a plural needs an "other" branch`);
        for (const n of [0, 1, 2]) {
          const args: Record<string, unknown> = {};
          for (const e of elements(message)) if (e.value && e.type !== TYPE.literal) args[e.value] = 2;
          args[p.value] = n;
          const out = t(l, key, args);
          assert.ok(!out.includes('{'), `${l} ${key} for ${n}: ${out}`);
        }
      }
    }
  }
  const std = (l: (typeof LOCALES)[number], days: number, elapsed: number) =>
    t(l, 'travellers.status.standard', { agency: 'ASFC', days, elapsed });
  assert.match(std('fr', 30, 0), /en 30 jours \(0 jour écoulé\)/);
  assert.match(std('fr', 30, 1), /\(1 jour écoulé\)/);
  assert.match(std('fr', 30, 2), /\(2 jours écoulés\)/);
  assert.match(std('en', 30, 0), /\(0 days elapsed\)/);
  assert.match(std('en', 30, 1), /\(1 day elapsed\)/);
  assert.match(std('es', 30, 0), /\(0 días transcurridos\)/);
  assert.match(std('es', 30, 1), /\(1 día transcurrido\)/);
  assert.equal(t('fr', 'errors.field.too_short', { min: 1 }), 'Entrez au moins 1 caractère.');
  assert.equal(t('en', 'errors.field.too_short', { min: 1 }), 'Enter at least 1 character.');
});

test('decimals in the notation of the locale', () => {
  assert.equal(t('en', 'number.fixed2', { x: 0.987 }), '0.99');
  assert.equal(t('fr', 'number.fixed2', { x: 0.987 }), '0,99');
  assert.equal(t('es', 'number.fixed2', { x: 0.5 }), '0,50');
  assert.equal(t('fr', 'number.fixed1', { x: 12.34 }), '12,3');
  assert.equal(t('fr', 'label_value', { label: 'ASFC', value: 'en attente' }), 'ASFC\u202f: en attente');
});
