// ICU message catalogs in English, French and Spanish. Each module keeps its own files in `i18n/` named
// `<locale>.json` or `<part>.<locale>.json`; keys are flat and prefixed by the module, and merged into one catalog.
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { MODULES } from './modules.ts';

export const LOCALES = ['en', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const isLocale = (s: unknown): s is Locale =>
  typeof s === 'string' && (LOCALES as readonly string[]).includes(s);

const root = path.resolve(import.meta.dirname, '..');

export function catalogDirs(): string[] {
  return [path.join(root, 'kernel', 'i18n'), ...MODULES.map((m) => path.join(root, 'modules', m, 'i18n'))].filter((d) =>
    fs.existsSync(d),
  );
}

function flatten(obj: Record<string, unknown>, prefix = '', out: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object') flatten(v as Record<string, unknown>, prefix + k + '.', out);
    else out[prefix + k] = String(v);
  }
  return out;
}

export function loadCatalogs(): Record<Locale, Record<string, string>> {
  const cats = { en: {}, fr: {}, es: {} } as Record<Locale, Record<string, string>>;
  for (const dir of catalogDirs()) {
    for (const f of fs.readdirSync(dir)) {
      const m = f.match(/^(?:.+\.)?(en|fr|es)\.json$/);
      if (!m) continue;
      const entries = flatten(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      for (const [k, v] of Object.entries(entries)) {
        if (k in cats[m[1] as Locale]) throw new Error(`i18n key ${k} is defined twice (${path.join(dir, f)})`);
        cats[m[1] as Locale][k] = v;
      }
    }
  }
  return cats;
}

const catalogs = loadCatalogs();
const cache = new Map<string, IntlMessageFormat>();

export function t(locale: Locale, key: string, args?: Record<string, unknown>): string {
  const id = locale + '\u0000' + key;
  let fmt = cache.get(id);
  if (!fmt) {
    const text = catalogs[locale][key] ?? catalogs.en[key];
    if (text === undefined) return key; // a missing key shows itself; the catalog test keeps this from shipping
    fmt = new IntlMessageFormat(text, locale);
    cache.set(id, fmt);
  }
  return String(fmt.format(args as Record<string, string>));
}
export const hasKey = (key: string) => key in catalogs.en;
export type T = (key: string, args?: Record<string, unknown>) => string;
export const translator =
  (locale: Locale): T =>
  (key, args) =>
    t(locale, key, args);

/** Names of countries from the runtime's CLDR data, so that no country name needs translating by hand. */
const regionNames = new Map<Locale, Intl.DisplayNames>();
export function countryName(locale: Locale, alpha2: string): string {
  let dn = regionNames.get(locale);
  if (!dn) {
    dn = new Intl.DisplayNames([locale], { type: 'region' });
    regionNames.set(locale, dn);
  }
  try {
    return dn.of(alpha2.toUpperCase()) ?? alpha2;
  } catch {
    return alpha2;
  }
}

export function pickLocale(acceptLanguage: string | undefined): Locale {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (isLocale(tag)) return tag;
  }
  return 'en';
}
