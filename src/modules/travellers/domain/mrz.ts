// Machine-readable zones (ICAO Doc 9303) pasted by an applicant or read by a scanner: TD3 (passport, 2 lines of 44)
// and TD1 (cards — passport card, NEXUS-like cards —, 3 lines of 30). Pasted text is normalised, fields and check
// digits are parsed directly (as the `mrz` package did, see below), two-digit years are resolved, ICAO alpha-3 codes
// are mapped to ISO alpha-2, and every failure is reported as an i18n key (travellers.mrz.*) tied to a field.
import countries from '../../../../data/countries.json' with { type: 'json' };
import { daysInMonth, parseDate, type Ymd } from './dates.ts';

export type MrzFormat = 'TD1' | 'TD3';
export type Sex = 'M' | 'F' | 'X';
export interface MrzError {
  field: string;
  key: string;
  args?: Record<string, string | number>;
}
export interface CountryRef {
  alpha3: string;
  alpha2: string | null;
}
export interface MrzFields {
  documentType: string | null;
  issuingCountry: CountryRef | null;
  documentNumber: string | null;
  surname: string | null;
  givenNames: string | null;
  nationality: CountryRef | null;
  birthDate: string | null;
  sex: Sex | null;
  expiryDate: string | null;
  /** TD3 personal number, or TD1 optional data (both fields joined by a space when both are present). */
  optionalData: string | null;
}
export interface MrzResult {
  ok: boolean;
  format: MrzFormat | null;
  lines: string[];
  fields: MrzFields;
  errors: MrzError[];
}

const LAYOUT: Record<MrzFormat, { lines: number; length: number }> = {
  TD1: { lines: 3, length: 30 },
  TD3: { lines: 2, length: 44 },
};

// ICAO codes that are not ISO 3166-1 alpha-3 (Doc 9303 Part 3, section 5), mapped to the alpha-2 of the state
// they belong to; organisations and stateless or refugee codes map to null.
const ICAO_SPECIAL: Record<string, string | null> = {
  D: 'DE',
  GBD: 'GB',
  GBN: 'GB',
  GBO: 'GB',
  GBP: 'GB',
  GBS: 'GB',
  RKS: 'XK',
  XXK: 'XK',
  EUE: null,
  UNO: null,
  UNA: null,
  UNK: null,
  XXA: null,
  XXB: null,
  XXC: null,
  XXX: null,
};
const ALPHA3_TO_2 = new Map<string, string>(
  (countries as { alpha2: string; alpha3: string }[]).map((c) => [c.alpha3, c.alpha2]),
);
const ALPHA2_TO_3 = new Map<string, string>(
  (countries as { alpha2: string; alpha3: string }[]).map((c) => [c.alpha2, c.alpha3]),
);

/** ISO alpha-2 for an ICAO/ISO alpha-3 code (null for organisations, stateless persons, unknown codes). */
export function alpha3ToAlpha2(code: string): string | null {
  const c = code.replace(/<+$/, '').toUpperCase();
  if (c in ICAO_SPECIAL) return ICAO_SPECIAL[c];
  return ALPHA3_TO_2.get(c) ?? null;
}

/** ICAO 9303 check digit: weights 7-3-1, digits as themselves, A–Z as 10–35, filler '<' as 0. */
export function checkDigit(s: string): number {
  if (!/^[0-9A-Z<]*$/.test(s)) throw new RangeError(`MRZ check digit over invalid characters: ${s}`);
  const w = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    const v = ch === 60 ? 0 : ch >= 65 ? ch - 55 : ch - 48;
    sum += v * w[i % 3];
  }
  return sum % 10;
}

/** Splits pasted text into MRZ lines: CR/LF/CRLF, surrounding and inner whitespace dropped, letters upper-cased. */
export function normaliseMrzText(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/g, '').toUpperCase())
    .filter((l) => l.length > 0);
}

// Two-digit years. `today` is parsed once per value (the lane service passes the same day for thousands of calls);
// dates are compared as numbers YYYYMMDD, which orders them as their YYYY-MM-DD strings do.
let lastToday: string | undefined,
  lastTodayYmd: Ymd | null = null;
function todayYmd(today: string): Ymd | null {
  if (today !== lastToday) {
    lastTodayYmd = parseDate(today);
    lastToday = today;
  }
  return lastTodayYmd;
}
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
/** YYYY-MM-DD of a real date of years 0–9999, or null (what formatDate then parseDate accepted). */
function realDate(y: number, m: number, d: number): string | null {
  if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return PAD2[Math.floor(y / 100)] + PAD2[y % 100] + '-' + PAD2[m] + '-' + PAD2[d];
}
function sixDigits(s: string): boolean {
  if (s.length !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
const twoDigits = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;

/** Two-digit birth year: the latest century that does not put the date after `today`. */
function resolveBirth(date: string, today: string): string | null {
  const t = todayYmd(today);
  if (!t || !sixDigits(date)) return null;
  const yy = twoDigits(date, 0),
    mm = twoDigits(date, 2),
    dd = twoDigits(date, 4);
  const century = Math.floor(t.y / 100) * 100,
    limit = t.y * 10000 + t.m * 100 + t.d;
  for (let y = century + yy; y >= century - 100 + yy; y -= 100) {
    const s = realDate(y, mm, dd);
    if (s && y * 10000 + mm * 100 + dd <= limit) return s;
  }
  return null;
}

/** Two-digit expiry year: the century that puts the date within 50 years before or after `today`. */
function resolveExpiry(date: string, today: string): string | null {
  const t = todayYmd(today);
  if (!t || !sixDigits(date)) return null;
  const yy = twoDigits(date, 0),
    mm = twoDigits(date, 2),
    dd = twoDigits(date, 4);
  let y = Math.floor(t.y / 100) * 100 + yy;
  if (y < t.y - 50) y += 100;
  else if (y >= t.y + 50) y -= 100;
  return realDate(y, mm, dd);
}

// ---------------------------------------------------------------------------------------------------------------
// Field parsing. This used to be done by the npm package `mrz` (5.0.2), at 10 to 75 µs a call; the direct parser
// below gives exactly the outcomes that package gave (what it accepts and refuses per field, the values it returns,
// the order of its findings, quirks included) in a few µs. test/travellers/mrz-parser-equivalence.test.ts compares
// the two on every kind of input; a change of behaviour here is a change to make there on purpose.
//
// Quirks of the package reproduced on purpose (listed in that test): sex 'X' is refused (only M, F, '<'); a month or
// day such as '<5' passes the package (then fails our date resolution); a TD1 document code may have a digit as
// second character; a name field without '<<' gives the same text as surname and given names; odd readings of TD1
// long document numbers when the optional data starts with '<' or has none.

const LT = 60; // '<'
/** Value of an MRZ character in a check-digit sum: '<' 0, digits 0–9, A–Z 10–35 (lines are validated before). */
const VAL = new Uint8Array(128);
/** What a check-digit character stands for, as the package compared it (Number(ch)): 0–9, otherwise -1 (NaN). */
const CD = new Int8Array(128).fill(-1);
for (let c = 48; c <= 57; c++) VAL[c] = CD[c] = c - 48;
for (let c = 65; c <= 90; c++) VAL[c] = c - 55;
const WEIGHT = [7, 3, 1];

/** Weighted sum of l[a..b), the first character taking weight position p (0 → 7, 1 → 3, 2 → 1). */
function sum(l: string, a: number, b: number, p: number): number {
  let s = 0;
  for (let i = a; i < b; i++, p++) s += VAL[l.charCodeAt(i)] * WEIGHT[p % 3];
  return s;
}
const digitOk = (s: number, l: string, i: number) => s % 10 === CD[l.charCodeAt(i)];

/** The package's cleanText: trailing fillers dropped, inner fillers as spaces. */
function clean(l: string, a: number, b: number): string {
  while (b > a && l.charCodeAt(b - 1) === LT) b--;
  let i = a;
  while (i < b && l.charCodeAt(i) !== LT) i++;
  return i === b ? l.slice(a, b) : l.slice(a, b).replaceAll('<', ' ');
}
function hasDigit(l: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = l.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

// The state codes the package accepts (its generated/states.js): ISO 3166 alpha-3, ICAO codes, a few withdrawn ones.
const LIB_STATES = (
  'AFG ALB DZA ASM AND AGO AIA ATA ATG ARG ARM ABW AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BMU BTN BOL ' +
  'BES BIH BWA BVT BRA IOT BRN BGR BFA BDI CPV KHM CMR CAN CYM CAF TCD CHL CHN CXR CCK COL COM COD COG COK ' +
  'CRI HRV CUB CUW CYP CZE CIV DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FLK FRO FJI FIN FRA GUF PYF ' +
  'ATF GAB GMB GEO DEU GHA GIB GRC GRL GRD GLP GUM GTM GGY GIN GNB GUY HTI HMD VAT HND HKG HUN ISL IND IDN ' +
  'IRN IRQ IRL IMN ISR ITA JAM JPN JEY JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX ' +
  'MAC MDG MWI MYS MDV MLI MLT MHL MTQ MRT MUS MYT MEX FSM MDA MCO MNG MNE MSR MAR MOZ MMR NAM NRU NPL NLD ' +
  'NCL NZL NIC NER NGA NIU NFK MKD MNP NOR OMN PAK PLW PSE PAN PNG PRY PER PHL PCN POL PRT PRI QAT ROU RUS ' +
  'RWA REU BLM SHN KNA LCA MAF SPM VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SXM SVK SVN SLB SOM ZAF SGS SSD ' +
  'ESP LKA SDN SUR SJM SWE CHE SYR TWN TJK TZA THA TLS TGO TKL TON TTO TUN TUR TKM TCA TUV UGA UKR ARE GBR ' +
  'UMI USA URY UZB VUT VEN VNM VGB VIR WLF ESH YEM ZMB ZWE ALA GBD GBN GBO GBS GBP RKS D XXK EUE UNO UNA ' +
  'UNK XBA XIM XCC XCE XCO XEC XPO XES XOM XDC XXA XXB XXC XXX ANT NTZ'
).split(' ');
interface StateInfo {
  code: string;
  alpha2: string | null;
  unknown: boolean;
}
const stateKey = (c0: number, c1: number, c2: number) => (c0 << 16) | (c1 << 8) | c2;
/** By the three raw characters of the field ('D<<' for Germany): the code, its alpha-2, and whether we flag it. */
const STATES = new Map<number, StateInfo>();
for (const code of LIB_STATES) {
  const raw = code.padEnd(3, '<');
  const alpha2 = alpha3ToAlpha2(code);
  STATES.set(stateKey(raw.charCodeAt(0), raw.charCodeAt(1), raw.charCodeAt(2)), {
    code,
    alpha2,
    unknown: alpha2 === null && !(code in ICAO_SPECIAL),
  });
}
const stateAt = (l: string, a: number) =>
  STATES.get(stateKey(l.charCodeAt(a), l.charCodeAt(a + 1), l.charCodeAt(a + 2))) ?? null;

/** The package's Number.parseInt range check of two characters of [0-9<]: '<<' and '<d' (NaN) pass, 'd<' reads d. */
function datePartOk(c1: number, c2: number, max: number): boolean {
  if (c1 === LT) return true;
  const v = c2 === LT ? c1 - 48 : (c1 - 48) * 10 + (c2 - 48);
  return v >= 1 && v <= max;
}
/** The package's YYMMDD check ([0-9<], month 1–12, day 1–31): the raw text, or null when refused. */
function dateAt(l: string, a: number): string | null {
  for (let i = a; i < a + 6; i++) {
    const c = l.charCodeAt(i);
    if (c !== LT && (c < 48 || c > 57)) return null;
  }
  if (
    !datePartOk(l.charCodeAt(a + 2), l.charCodeAt(a + 3), 12) ||
    !datePartOk(l.charCodeAt(a + 4), l.charCodeAt(a + 5), 31)
  )
    return null;
  return l.slice(a, a + 6);
}
const sexAt = (l: string, i: number): Sex | null => {
  const c = l.charCodeAt(i);
  return c === 77 ? 'M' : c === 70 ? 'F' : c === LT ? 'X' : null;
};

function add(errors: MrzError[], field: string, key: string, args?: MrzError['args']) {
  for (const e of errors) if (e.field === field && e.key === key) return;
  errors.push(args ? { field, key, args } : { field, key });
}

/** What the format parsers read: the field values the package returned (null where it refused the field). */
interface Raw {
  documentType: string | null;
  issuing: StateInfo | null;
  documentNumber: string;
  surname: string | null;
  givenNames: string | null;
  nationality: StateInfo | null;
  birth: string | null;
  sex: Sex | null;
  expiry: string | null;
  optional: string;
}

/** Surname: up to the first '<<' (no digits allowed); given names: after it, or the whole field when there is none. */
function names(l: string, a: number, b: number, errors: MrzError[], r: Raw) {
  const p = l.indexOf('<<', a);
  const end = p < 0 ? b : p;
  if (hasDigit(l, a, end)) add(errors, 'surname', 'travellers.mrz.invalid_name');
  else r.surname = clean(l, a, end);
  const start = p < 0 ? a : p + 2;
  if (start >= b || hasDigit(l, start, b)) add(errors, 'givenNames', 'travellers.mrz.invalid_name');
  else r.givenNames = clean(l, start, b);
}

// Each parser reports in the order of the package's field list for the format.
function parseTd3(l0: string, l1: string, errors: MrzError[]): Raw {
  const r: Raw = {
    documentType: null,
    issuing: null,
    documentNumber: '',
    surname: null,
    givenNames: null,
    nationality: null,
    birth: null,
    sex: null,
    expiry: null,
    optional: '',
  };
  const c1 = l0.charCodeAt(1);
  if (l0.charCodeAt(0) === 80 && (c1 === LT || (c1 >= 65 && c1 <= 90)))
    r.documentType = c1 === LT ? 'P' : l0.slice(0, 2);
  else add(errors, 'documentType', 'travellers.mrz.invalid_document_type');
  if (!(r.issuing = stateAt(l0, 2))) add(errors, 'issuingCountry', 'travellers.mrz.unknown_issuing_country');
  names(l0, 5, 44, errors, r);
  r.documentNumber = clean(l1, 0, 9);
  if (!digitOk(sum(l1, 0, 9, 0), l1, 9)) add(errors, 'documentNumber', 'travellers.mrz.check_digit_document_number');
  if (!(r.nationality = stateAt(l1, 10))) add(errors, 'nationality', 'travellers.mrz.unknown_nationality');
  if (!(r.birth = dateAt(l1, 13))) add(errors, 'birthDate', 'travellers.mrz.invalid_birth_date');
  if (!digitOk(sum(l1, 13, 19, 0), l1, 19)) add(errors, 'birthDate', 'travellers.mrz.check_digit_birth_date');
  if (!(r.sex = sexAt(l1, 20))) add(errors, 'sex', 'travellers.mrz.invalid_sex');
  if (!(r.expiry = dateAt(l1, 21))) add(errors, 'expiryDate', 'travellers.mrz.invalid_expiry_date');
  if (!digitOk(sum(l1, 21, 27, 0), l1, 27)) add(errors, 'expiryDate', 'travellers.mrz.check_digit_expiry_date');
  r.optional = clean(l1, 28, 42);
  // An empty personal number may have '<' as check digit (or 0, which the general rule gives as well).
  if (!(r.optional === '' && l1.charCodeAt(42) === LT) && !digitOk(sum(l1, 28, 42, 0), l1, 42))
    add(errors, 'optionalData', 'travellers.mrz.check_digit_personal_number');
  if (!digitOk(sum(l1, 0, 10, 0) + sum(l1, 13, 20, 10) + sum(l1, 21, 43, 17), l1, 43))
    add(errors, 'composite', 'travellers.mrz.check_digit_composite');
  return r;
}

function parseTd1(l0: string, l1: string, l2: string, errors: MrzError[]): Raw {
  const r: Raw = {
    documentType: null,
    issuing: null,
    documentNumber: '',
    surname: null,
    givenNames: null,
    nationality: null,
    birth: null,
    sex: null,
    expiry: null,
    optional: '',
  };
  const c0 = l0.charCodeAt(0),
    c1 = l0.charCodeAt(1);
  if ((c0 === 65 || c0 === 67 || c0 === 73) && c1 !== 86) r.documentType = c1 === LT ? l0[0] : l0.slice(0, 2);
  else add(errors, 'documentType', 'travellers.mrz.invalid_document_type');
  if (!(r.issuing = stateAt(l0, 2))) add(errors, 'issuingCountry', 'travellers.mrz.unknown_issuing_country');
  if (l0.charCodeAt(14) === LT) {
    // Long document number: it goes on in the optional data, up to the character before its first filler, which is
    // the check digit (Doc 9303 Part 5, note j). The package reads it as optional.slice(0, firstFiller - 1) and
    // optional.charAt(firstFiller - 1), with JavaScript's negative indices when the optional data starts with a filler
    // or has none; and it accepts the check digit computed with or without the filler of column 15.
    const ff = l0.indexOf('<', 15) - 15; // -16 when none
    const tailLen = ff < -1 ? 13 : ff === 0 ? 14 : ff - 1;
    r.documentNumber = l0.slice(5, 14) + l0.slice(15, 15 + tailLen);
    const expected = ff <= 0 ? 0 : CD[l0.charCodeAt(14 + ff)];
    const head = sum(l0, 5, 14, 0);
    const ok =
      (head + sum(l0, 15, 15 + tailLen, 10)) % 10 === expected ||
      (head + sum(l0, 15, 15 + tailLen, 9)) % 10 === expected;
    if (!ok) add(errors, 'documentNumber', 'travellers.mrz.check_digit_document_number');
  } else {
    r.documentNumber = clean(l0, 5, 14);
    if (!digitOk(sum(l0, 5, 14, 0), l0, 14))
      add(errors, 'documentNumber', 'travellers.mrz.check_digit_document_number');
  }
  const optional1 = clean(l0, 15, 30);
  if (!(r.birth = dateAt(l1, 0))) add(errors, 'birthDate', 'travellers.mrz.invalid_birth_date');
  if (!digitOk(sum(l1, 0, 6, 0), l1, 6)) add(errors, 'birthDate', 'travellers.mrz.check_digit_birth_date');
  if (!(r.sex = sexAt(l1, 7))) add(errors, 'sex', 'travellers.mrz.invalid_sex');
  if (!(r.expiry = dateAt(l1, 8))) add(errors, 'expiryDate', 'travellers.mrz.invalid_expiry_date');
  if (!digitOk(sum(l1, 8, 14, 0), l1, 14)) add(errors, 'expiryDate', 'travellers.mrz.check_digit_expiry_date');
  if (!(r.nationality = stateAt(l1, 15))) add(errors, 'nationality', 'travellers.mrz.unknown_nationality');
  const optional2 = clean(l1, 18, 29);
  r.optional = optional1 && optional2 ? optional1 + ' ' + optional2 : optional1 || optional2;
  if (!digitOk(sum(l0, 5, 30, 0) + sum(l1, 0, 7, 25) + sum(l1, 8, 15, 32) + sum(l1, 18, 29, 39), l1, 29))
    add(errors, 'composite', 'travellers.mrz.check_digit_composite');
  names(l2, 0, 30, errors, r);
  return r;
}

const emptyFields = (): MrzFields => ({
  documentType: null,
  issuingCountry: null,
  documentNumber: null,
  surname: null,
  givenNames: null,
  nationality: null,
  birthDate: null,
  sex: null,
  expiryDate: null,
  optionalData: null,
});
const countryRef = (s: StateInfo | null): CountryRef | null => (s ? { alpha3: s.code, alpha2: s.alpha2 } : null);

const MRZ_CHARS = /^[A-Z0-9<]*$/;
/** 1 for the MRZ alphabet, 2 for CR and LF, 0 for anything else. */
const CHAR_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  CHAR_KIND[c] = (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === LT ? 1 : c === 10 || c === 13 ? 2 : 0;
/** Lines of pasted text with only MRZ characters and line breaks (the usual case), without the regular expressions of
 * normaliseMrzText (same result); null when the text needs the general normalisation. */
function plainLines(text: string): string[] | null {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? CHAR_KIND[c] : 0;
    if (k === 1) continue;
    if (k === 0) return null;
    if (i > start) lines.push(text.slice(start, i));
    start = i + 1;
  }
  if (text.length > start) lines.push(text.slice(start));
  return lines;
}

/** Parses a TD3 or TD1 MRZ. `today` (YYYY-MM-DD) resolves two-digit years and decides whether the document expired. */
export function parseMrz(text: string, opts: { today: string }): MrzResult {
  const plain = plainLines(text);
  const lines = plain ?? normaliseMrzText(text);
  const errors: MrzError[] = [];

  const format: MrzFormat | null = lines.length === 2 ? 'TD3' : lines.length === 3 ? 'TD1' : null;
  if (!format) {
    errors.push({ field: 'mrz', key: 'travellers.mrz.line_count', args: { count: lines.length } });
    return { ok: false, format: null, lines, fields: emptyFields(), errors };
  }
  const { length } = LAYOUT[format];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length !== length)
      errors.push({
        field: `line${i + 1}`,
        key: 'travellers.mrz.line_length',
        args: { line: i + 1, expected: length, actual: l.length },
      });
    if (!plain && !MRZ_CHARS.test(l))
      errors.push({ field: `line${i + 1}`, key: 'travellers.mrz.invalid_characters', args: { line: i + 1 } });
  }
  if (errors.length) return { ok: false, format, lines, fields: emptyFields(), errors };

  let r: Raw;
  try {
    r = format === 'TD3' ? parseTd3(lines[0], lines[1], errors) : parseTd1(lines[0], lines[1], lines[2], errors);
  } catch {
    // Not expected for validated lines (nor was it from the package); a lane decision must not fail on one MRZ.
    errors.length = 0;
    errors.push({ field: 'mrz', key: 'travellers.mrz.invalid_format' });
    return { ok: false, format, lines, fields: emptyFields(), errors };
  }

  // A field whose check digit failed is still returned (an officer may want to see it); a malformed one is null.
  const birthDate = r.birth ? resolveBirth(r.birth, opts.today) : null;
  if (r.birth && !birthDate) add(errors, 'birthDate', 'travellers.mrz.invalid_birth_date');
  const expiryDate = r.expiry ? resolveExpiry(r.expiry, opts.today) : null;
  if (r.expiry && !expiryDate) add(errors, 'expiryDate', 'travellers.mrz.invalid_expiry_date');
  if (expiryDate && expiryDate < opts.today) add(errors, 'expiryDate', 'travellers.mrz.expired', { expiryDate });
  if (r.issuing && r.issuing.unknown) add(errors, 'issuingCountry', 'travellers.mrz.unknown_issuing_country');
  if (r.nationality && r.nationality.unknown) add(errors, 'nationality', 'travellers.mrz.unknown_nationality');

  return {
    ok: errors.length === 0,
    format,
    lines,
    fields: {
      documentType: r.documentType,
      issuingCountry: countryRef(r.issuing),
      documentNumber: r.documentNumber,
      surname: r.surname,
      givenNames: r.givenNames,
      nationality: countryRef(r.nationality),
      birthDate,
      sex: r.sex,
      expiryDate,
      optionalData: r.optional ? r.optional : null,
    },
    errors,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Building MRZs (test fixtures and demo data).

export interface MrzInput {
  /** 'P' for passports (TD3); 'I', 'IP', 'AC'... for cards (TD1). */
  documentType?: string;
  /** ICAO alpha-3, or ISO alpha-2 (mapped). */
  issuingCountry: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  birthDate: string;
  sex: Sex;
  expiryDate: string;
  /** TD3 personal number (14) or TD1 optional data of line 1 (15). */
  optionalData?: string;
}

/** Upper-case Latin letters only: accents dropped, ligatures spelled out, apostrophes removed, other marks as '<'. */
export function mrzText(s: string): string {
  return s
    .replace(/[ßẞ]/g, 'SS')
    .replace(/[Ææ]/g, 'AE')
    .replace(/[Øø]/g, 'OE')
    .replace(/[Œœ]/g, 'OE')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/['’]/g, '')
    .replace(/[^A-Z0-9]+/g, '<')
    .replace(/^<+|<+$/g, '');
}
const fit = (s: string, n: number) => {
  if (s.length > n) throw new RangeError(`MRZ field longer than ${n}: ${s}`);
  return s.padEnd(n, '<');
};
const alpha3 = (c: string) => {
  const u = c.toUpperCase();
  return u.length === 2
    ? (ALPHA2_TO_3.get(u) ??
        (() => {
          throw new RangeError(`unknown country ${c}`);
        })())
    : u;
};
const yymmdd = (date: string) => {
  if (!parseDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
};
const nameField = (surname: string, given: string, n: number) => {
  const full = mrzText(surname) + '<<' + mrzText(given);
  return fit(full.slice(0, n), n); // ICAO truncates long names; the visual zone keeps them whole
};
const sexChar = (s: Sex) => (s === 'X' ? '<' : s);

/** A TD3 (passport) MRZ, two lines of 44 joined by '\n', with valid check digits. */
export function buildTd3(f: MrzInput): string {
  const l1 =
    fit((f.documentType ?? 'P').toUpperCase(), 2) +
    fit(alpha3(f.issuingCountry), 3) +
    nameField(f.surname, f.givenNames, 39);
  const doc = fit(mrzText(f.documentNumber), 9);
  const birth = yymmdd(f.birthDate),
    exp = yymmdd(f.expiryDate);
  const personal = fit(mrzText(f.optionalData ?? ''), 14);
  const docPart = doc + checkDigit(doc);
  const birthPart = birth + checkDigit(birth);
  const expPart = exp + checkDigit(exp) + personal + checkDigit(personal);
  const l2 = docPart + fit(alpha3(f.nationality), 3) + birthPart + sexChar(f.sex) + expPart;
  return l1 + '\n' + l2 + checkDigit(docPart + birthPart + expPart);
}

/**
 * A TD1 (card) MRZ, three lines of 30 joined by '\n', with valid check digits (document numbers of up to 9
 * characters).
 */
export function buildTd1(f: MrzInput): string {
  const doc = fit(mrzText(f.documentNumber), 9);
  const l1 =
    fit((f.documentType ?? 'I').toUpperCase(), 2) +
    fit(alpha3(f.issuingCountry), 3) +
    doc +
    checkDigit(doc) +
    fit(mrzText(f.optionalData ?? ''), 15);
  const birth = yymmdd(f.birthDate),
    exp = yymmdd(f.expiryDate);
  const l2head =
    birth + checkDigit(birth) + sexChar(f.sex) + exp + checkDigit(exp) + fit(alpha3(f.nationality), 3) + fit('', 11);
  const composite = checkDigit(l1.slice(5, 30) + l2head.slice(0, 7) + l2head.slice(8, 15) + l2head.slice(18, 29));
  return l1 + '\n' + l2head + composite + '\n' + nameField(f.surname, f.givenNames, 30);
}
