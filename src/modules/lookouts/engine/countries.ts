// Country names and codes to ISO 3166-1 alpha-2 (lowercase). English names come from the runtime's CLDR data
// (Intl.DisplayNames); the long official forms used by the UN and OFAC lists are added by hand.
import { foldText } from './text.ts';

const DEPRECATED = new Set([
  'BU',
  'SU',
  'UK',
  'VD',
  'ZR',
  'DD',
  'YD',
  'TP',
  'FX',
  'CS',
  'YU',
  'DY',
  'HV',
  'NH',
  'RH',
  'AN',
  'QO',
  'EU',
  'EZ',
  'UN',
  'ZZ',
  'XA',
  'XB',
]);

const EXTRA: Record<string, string> = {
  'iran islamic republic of': 'ir',
  'islamic republic of iran': 'ir',
  'democratic peoples republic of korea': 'kp',
  'korea north': 'kp',
  'north korea': 'kp',
  dprk: 'kp',
  'korea dprk': 'kp',
  'republic of korea': 'kr',
  'korea south': 'kr',
  'korea republic of': 'kr',
  'south korea': 'kr',
  'russian federation': 'ru',
  'syrian arab republic': 'sy',
  'viet nam': 'vn',
  'united republic of tanzania': 'tz',
  'tanzania united republic of': 'tz',
  'bolivia plurinational state of': 'bo',
  'venezuela bolivarian republic of': 've',
  'lao peoples democratic republic': 'la',
  'republic of moldova': 'md',
  'the former yugoslav republic of macedonia': 'mk',
  macedonia: 'mk',
  'democratic republic of the congo': 'cd',
  'congo democratic republic of the': 'cd',
  drc: 'cd',
  'republic of the congo': 'cg',
  congo: 'cg',
  'cote divoire': 'ci',
  'ivory coast': 'ci',
  burma: 'mm',
  myanmar: 'mm',
  palestinian: 'ps',
  palestine: 'ps',
  'state of palestine': 'ps',
  gaza: 'ps',
  'west bank': 'ps',
  'occupied palestinian territory': 'ps',
  'united kingdom of great britain and northern ireland': 'gb',
  'great britain': 'gb',
  britain: 'gb',
  england: 'gb',
  uk: 'gb',
  'united states of america': 'us',
  usa: 'us',
  'holy see': 'va',
  turkey: 'tr',
  turkiye: 'tr',
  kosovo: 'xk',
  'czech republic': 'cz',
  swaziland: 'sz',
  'cape verde': 'cv',
  'micronesia federated states of': 'fm',
  'hong kong': 'hk',
  macao: 'mo',
  macau: 'mo',
  'east timor': 'tl',
  'timor leste': 'tl',
  'brunei darussalam': 'bn',
  'the gambia': 'gm',
  gambia: 'gm',
  'the bahamas': 'bs',
  bahamas: 'bs',
  'libyan arab jamahiriya': 'ly',
  sudan: 'sd',
  'south sudan': 'ss',
  'taiwan province of china': 'tw',
  'china taiwan': 'tw',
  'sao tome and principe': 'st',
  'saint kitts and nevis': 'kn',
  'saint vincent and the grenadines': 'vc',
  'saint lucia': 'lc',
  'antigua and barbuda': 'ag',
  'bosnia and herzegovina': 'ba',
  'trinidad and tobago': 'tt',
  'the netherlands': 'nl',
  netherlands: 'nl',
  'yemen republic of': 'ye',
  uae: 'ae',
  emirates: 'ae',
  'serbia and montenegro': 'rs',
  yugoslavia: 'rs',
  'soviet union': 'ru',
  ussr: 'ru',
  'kyrgyz republic': 'kg',
  'slovak republic': 'sk',
};

// adjectives ("Iranian", "Afghan") as written in some lists and user input
const DEMONYMS: Record<string, string> = {
  afghan: 'af',
  iranian: 'ir',
  iraqi: 'iq',
  syrian: 'sy',
  lebanese: 'lb',
  yemeni: 'ye',
  saudi: 'sa',
  egyptian: 'eg',
  libyan: 'ly',
  tunisian: 'tn',
  algerian: 'dz',
  moroccan: 'ma',
  sudanese: 'sd',
  somali: 'so',
  pakistani: 'pk',
  indian: 'in',
  russian: 'ru',
  chinese: 'cn',
  american: 'us',
  canadian: 'ca',
  mexican: 'mx',
  british: 'gb',
  french: 'fr',
  german: 'de',
  spanish: 'es',
  italian: 'it',
  jordanian: 'jo',
  kuwaiti: 'kw',
  qatari: 'qa',
  emirati: 'ae',
  turkish: 'tr',
  indonesian: 'id',
  filipino: 'ph',
  colombian: 'co',
  venezuelan: 've',
  cuban: 'cu',
  korean: 'kr',
  'north korean': 'kp',
  'south korean': 'kr',
  ukrainian: 'ua',
  belarusian: 'by',
  nigerian: 'ng',
  kenyan: 'ke',
  ugandan: 'ug',
  congolese: 'cd',
  rwandan: 'rw',
  malian: 'ml',
  nigerien: 'ne',
  chadian: 'td',
  eritrean: 'er',
  ethiopian: 'et',
  bahraini: 'bh',
  omani: 'om',
  palestinian: 'ps',
};

function key(s: string): string {
  return foldText(s)
    .text.replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

const BY_NAME = new Map<string, string>();
const CODES = new Set<string>();
(function build() {
  const dn = new Intl.DisplayNames(['en'], { type: 'region' });
  for (let a = 65; a < 91; a++) {
    for (let b = 65; b < 91; b++) {
      const code = String.fromCharCode(a, b);
      if (DEPRECATED.has(code)) continue;
      let name: string | undefined;
      try {
        name = dn.of(code);
      } catch {
        continue;
      }
      if (!name || name === code) continue;
      const lc = code.toLowerCase();
      CODES.add(lc);
      const variants = [
        name,
        name.replace(/\s*\(.*\)\s*/g, ' '),
        name.replace(/ SAR China$/, ''),
        name.replace(/^St\. /, 'Saint '),
      ];
      const paren = /\((.*)\)/.exec(name);
      if (paren) variants.push(paren[1]);
      for (const v of variants) {
        const k = key(v);
        if (k && !BY_NAME.has(k)) BY_NAME.set(k, lc);
      }
    }
  }
  CODES.add('xk');
  for (const [k, v] of Object.entries(EXTRA)) BY_NAME.set(key(k), v);
  for (const [k, v] of Object.entries(DEMONYMS)) if (!BY_NAME.has(k)) BY_NAME.set(k, v);
})();

/** ISO alpha-2 code (lowercase) of a country name, alpha-2 or alpha-3-less code; undefined when unknown. */
export function countryCode(s: string | undefined | null): string | undefined {
  if (!s) return undefined;
  const t = s.trim();
  if (/^[A-Za-z]{2}$/.test(t)) {
    const lc = t.toLowerCase();
    if (CODES.has(lc)) return lc;
    if (lc === 'uk') return 'gb';
  }
  const k = key(t);
  return BY_NAME.get(k) ?? BY_NAME.get(k.replace(/ (republic of|islamic republic of|the)$/, ''));
}
