// ISO 3166-1 countries from data/countries.json; names come from the runtime's CLDR data in the page's language.
import fs from 'node:fs';
import path from 'node:path';
import { countryName, type Locale } from './i18n.ts';

interface Country {
  alpha2: string;
  alpha3: string;
}
let cache: Country[] | null = null;
export function countries(): Country[] {
  if (!cache) {
    const raw = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../data/countries.json'), 'utf8'));
    cache = (Array.isArray(raw) ? raw : raw.countries).map((c: Country) => ({ alpha2: c.alpha2, alpha3: c.alpha3 }));
  }
  return cache!;
}
export function countryOptions(locale: Locale) {
  const collator = new Intl.Collator(locale);
  return countries()
    .map((c) => ({ value: c.alpha2, label: countryName(locale, c.alpha2) }))
    .sort((a, b) => collator.compare(a.label, b.label));
}
