// The domain's message catalogs: same keys and same ICU arguments in English, French and Spanish; every key the
// domain code names exists, and every catalog key is used.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { checkAll, feeFor } from '../../src/modules/travellers/domain/eligibility.ts';
import { LANES, PROGRAMMES, PROGRAMME_CODES } from '../../src/modules/travellers/domain/programmes.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const i18nDir = path.join(root, 'src/modules/travellers/i18n');
const domainDir = path.join(root, 'src/modules/travellers/domain');
const LOCALES = ['en', 'fr', 'es'] as const;
const cat = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    JSON.parse(fs.readFileSync(path.join(i18nDir, `domain.${l}.json`), 'utf8')) as Record<string, string>,
  ]),
) as Record<(typeof LOCALES)[number], Record<string, string>>;

// intl-messageformat AST element types: 0 literal, 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural,
// 7 pound, 8 tag.
type El = { type: number; value?: string; options?: Record<string, { value: El[] }>; children?: El[] };
const TYPE = ['literal', 'argument', 'number', 'date', 'time', 'select', 'plural', 'pound', 'tag'];
function args(els: El[], out = new Set<string>()): Set<string> {
  for (const e of els) {
    if (e.type >= 1 && e.type <= 6) out.add(`${e.value}:${TYPE[e.type] === 'argument' ? 'argument' : TYPE[e.type]}`);
    if (e.options) for (const o of Object.values(e.options)) args(o.value, out);
    if (e.children) args(e.children, out);
  }
  return out;
}
/** Argument names only (an argument used both plainly and in a select is still one argument). */
const argNames = (msg: string, locale: string) =>
  [...new Set([...args(new IntlMessageFormat(msg, locale).getAst() as El[])].map((a) => a.split(':')[0]))].sort();
const argKinds = (msg: string, locale: string) =>
  [...args(new IntlMessageFormat(msg, locale).getAst() as El[])].filter((a) => !a.endsWith(':argument')).sort();

describe('travellers domain catalogs', () => {
  it('are flat JSON with travellers.* keys', () => {
    for (const l of LOCALES) {
      for (const [k, v] of Object.entries(cat[l])) {
        assert.match(k, /^travellers\.[A-Za-z0-9_.]+$/, k);
        assert.equal(typeof v, 'string', k);
        assert.ok(v.trim().length > 0, `${l} ${k} is empty`);
      }
    }
  });

  it('have the same keys in English, French and Spanish', () => {
    const en = Object.keys(cat.en).sort();
    assert.deepEqual(Object.keys(cat.fr).sort(), en);
    assert.deepEqual(Object.keys(cat.es).sort(), en);
  });

  it('use the same ICU arguments, of the same kinds, in every language', () => {
    for (const k of Object.keys(cat.en)) {
      const en = argNames(cat.en[k], 'en');
      for (const l of ['fr', 'es'] as const) {
        assert.deepEqual(argNames(cat[l][k], l), en, `${l} ${k}`);
        assert.deepEqual(argKinds(cat[l][k], l), argKinds(cat.en[k], 'en'), `${l} ${k}`);
      }
    }
  });

  it('avoid the ASCII apostrophe, which ICU treats as an escape', () => {
    for (const l of LOCALES)
      for (const [k, v] of Object.entries(cat[l])) assert.ok(!v.includes("'"), `${l} ${k}: use ’`);
  });

  it('contain every key the domain code names, and nothing it does not', () => {
    const used = new Set<string>();
    for (const f of fs.readdirSync(domainDir).filter((f) => f.endsWith('.ts'))) {
      for (const m of fs.readFileSync(path.join(domainDir, f), 'utf8').matchAll(/'(travellers\.[A-Za-z0-9_.]+)'/g))
        used.add(m[1]);
    }
    for (const p of Object.values(PROGRAMMES)) {
      used.add(p.nameKey);
      used.add(p.descriptionKey);
    }
    for (const l of Object.values(LANES)) used.add(l.nameKey);
    const missing = [...used].filter((k) => !(k in cat.en));
    assert.deepEqual(missing, []);
    const unused = Object.keys(cat.en).filter((k) => !used.has(k));
    assert.deepEqual(unused, []);
  });

  it('format every reason the rules produce, in every language', () => {
    const today = '2025-06-15';
    const applicants = [
      { citizenships: ['CA'], residences: [], memberships: [], birthDate: '1980-01-01' },
      {
        citizenships: ['MX'],
        residences: [],
        memberships: [{ programme: 'VIAJERO_CONFIABLE' as const, status: 'active' as const }],
        birthDate: '2010-01-01',
        guardianConsent: true,
        commercialDriver: true,
        fastRegion: 'north' as const,
      },
      {
        citizenships: ['FR'],
        residences: [{ country: 'MX', status: 'permanent_resident' as const }],
        memberships: [{ programme: 'NEXUS' as const, status: 'revoked' as const }],
        birthDate: '2012-01-01',
      },
      {
        citizenships: ['US'],
        residences: [],
        memberships: [{ programme: 'NEXUS' as const, status: 'active' as const, expiresOn: '2026-01-01' }],
        birthDate: '1970-01-01',
        commercialDriver: true,
      },
    ];
    let formatted = 0;
    for (const a of applicants) {
      const reasons = [
        ...checkAll(a, { today }).flatMap((r) => r.reasons),
        ...feeFor([...PROGRAMME_CODES], a, { today }).lines.flatMap((l) => l.reasons),
      ];
      for (const r of reasons) {
        for (const l of LOCALES) {
          const msg = cat[l][r.key];
          assert.ok(msg, `${r.key} missing in ${l}`);
          const out = String(new IntlMessageFormat(msg, l).format(r.args ?? {}));
          assert.ok(!/[{}]/.test(out), `${l} ${r.key} left a placeholder: ${out}`);
          formatted++;
        }
      }
    }
    assert.ok(formatted > 100);
    // Spot-check one sentence in each language.
    const fmt = (l: (typeof LOCALES)[number], k: string, a: Record<string, unknown>) =>
      String(new IntlMessageFormat(cat[l][k], l).format(a));
    assert.equal(
      fmt('en', 'travellers.elig.citizen_ok', { country: 'CA', programme: 'NEXUS' }),
      'You are a citizen of Canada, which qualifies you for NEXUS.',
    );
    assert.match(
      fmt('fr', 'travellers.elig.citizen_ok', { country: 'MX', programme: 'FAST' }),
      /citoyenneté mexicaine.*EXPRES \(FAST\)/,
    );
    assert.match(fmt('es', 'travellers.mrz.line_count', { count: 1 }), /se ingresó 1 línea/);
  });
});
