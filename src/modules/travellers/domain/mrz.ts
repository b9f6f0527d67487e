// Machine-readable zones (ICAO Doc 9303) pasted by an applicant or read by a scanner: TD3 (passport, 2 lines of 44)
// and TD1 (cards — passport card, NEXUS-like cards —, 3 lines of 30). Parsing of fields and check digits is done by
// the `mrz` package; this wrapper normalises pasted text, resolves two-digit years, maps ICAO alpha-3 codes to ISO
// alpha-2, and reports every failure as an i18n key (travellers.mrz.*) tied to a field.
import { parse as parseWithLib } from 'mrz';
import countries from '../../../../data/countries.json' with { type: 'json' };
import { formatDate, parseDate } from './dates.ts';

export type MrzFormat = 'TD1' | 'TD3';
export type Sex = 'M' | 'F' | 'X';
export interface MrzError { field: string; key: string; args?: Record<string, string | number> }
export interface CountryRef { alpha3: string; alpha2: string | null }
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
export interface MrzResult { ok: boolean; format: MrzFormat | null; lines: string[]; fields: MrzFields; errors: MrzError[] }

const LAYOUT: Record<MrzFormat, { lines: number; length: number }> = { TD1: { lines: 3, length: 30 }, TD3: { lines: 2, length: 44 } };

// ICAO codes that are not ISO 3166-1 alpha-3 (Doc 9303 Part 3, section 5), mapped to the alpha-2 of the state
// they belong to; organisations and stateless or refugee codes map to null.
const ICAO_SPECIAL: Record<string, string | null> = {
  D: 'DE', GBD: 'GB', GBN: 'GB', GBO: 'GB', GBP: 'GB', GBS: 'GB', RKS: 'XK', XXK: 'XK',
  EUE: null, UNO: null, UNA: null, UNK: null, XXA: null, XXB: null, XXC: null, XXX: null,
};
const ALPHA3_TO_2 = new Map<string, string>((countries as { alpha2: string; alpha3: string }[]).map((c) => [c.alpha3, c.alpha2]));
const ALPHA2_TO_3 = new Map<string, string>((countries as { alpha2: string; alpha3: string }[]).map((c) => [c.alpha2, c.alpha3]));

/** ISO alpha-2 for an ICAO/ISO alpha-3 code (null for organisations, stateless persons, unknown codes). */
export function alpha3ToAlpha2(code: string): string | null {
  const c = code.replace(/<+$/, '').toUpperCase();
  if (c in ICAO_SPECIAL) return ICAO_SPECIAL[c];
  return ALPHA3_TO_2.get(c) ?? null;
}
const countryRef = (code: string | null | undefined): CountryRef | null => (code ? { alpha3: code, alpha2: alpha3ToAlpha2(code) } : null);

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
  return text.split(/\r\n|\r|\n/).map((l) => l.replace(/\s+/g, '').toUpperCase()).filter((l) => l.length > 0);
}

/** Two-digit birth year: the latest century that does not put the date after `today`. */
function resolveBirth(yymmdd: string, today: string): string | null {
  const yy = Number(yymmdd.slice(0, 2)), mm = Number(yymmdd.slice(2, 4)), dd = Number(yymmdd.slice(4, 6));
  const t = parseDate(today);
  if (!t || !/^\d{6}$/.test(yymmdd)) return null;
  const century = Math.floor(t.y / 100) * 100;
  for (const y of [century + yy, century - 100 + yy]) {
    const s = formatDate({ y, m: mm, d: dd });
    if (parseDate(s) && s <= today) return s;
  }
  return null;
}

/** Two-digit expiry year: the century that puts the date within 50 years before or after `today`. */
function resolveExpiry(yymmdd: string, today: string): string | null {
  const yy = Number(yymmdd.slice(0, 2)), mm = Number(yymmdd.slice(2, 4)), dd = Number(yymmdd.slice(4, 6));
  const t = parseDate(today);
  if (!t || !/^\d{6}$/.test(yymmdd)) return null;
  let y = Math.floor(t.y / 100) * 100 + yy;
  if (y < t.y - 50) y += 100;
  else if (y >= t.y + 50) y -= 100;
  const s = formatDate({ y, m: mm, d: dd });
  return parseDate(s) ? s : null;
}

// Library field -> [our field, i18n key].
const LIB_ERRORS: Record<string, [string, string]> = {
  documentCode: ['documentType', 'travellers.mrz.invalid_document_type'],
  issuingState: ['issuingCountry', 'travellers.mrz.unknown_issuing_country'],
  documentNumber: ['documentNumber', 'travellers.mrz.invalid_document_number'],
  documentNumberCheckDigit: ['documentNumber', 'travellers.mrz.check_digit_document_number'],
  birthDate: ['birthDate', 'travellers.mrz.invalid_birth_date'],
  birthDateCheckDigit: ['birthDate', 'travellers.mrz.check_digit_birth_date'],
  sex: ['sex', 'travellers.mrz.invalid_sex'],
  expirationDate: ['expiryDate', 'travellers.mrz.invalid_expiry_date'],
  expirationDateCheckDigit: ['expiryDate', 'travellers.mrz.check_digit_expiry_date'],
  nationality: ['nationality', 'travellers.mrz.unknown_nationality'],
  lastName: ['surname', 'travellers.mrz.invalid_name'],
  firstName: ['givenNames', 'travellers.mrz.invalid_name'],
  personalNumber: ['optionalData', 'travellers.mrz.invalid_optional_data'],
  personalNumberCheckDigit: ['optionalData', 'travellers.mrz.check_digit_personal_number'],
  optional1: ['optionalData', 'travellers.mrz.invalid_optional_data'],
  optional2: ['optionalData', 'travellers.mrz.invalid_optional_data'],
  compositeCheckDigit: ['composite', 'travellers.mrz.check_digit_composite'],
};

const emptyFields = (): MrzFields => ({
  documentType: null, issuingCountry: null, documentNumber: null, surname: null, givenNames: null,
  nationality: null, birthDate: null, sex: null, expiryDate: null, optionalData: null,
});

/** Parses a TD3 or TD1 MRZ. `today` (YYYY-MM-DD) resolves two-digit years and decides whether the document expired. */
export function parseMrz(text: string, opts: { today: string }): MrzResult {
  const lines = normaliseMrzText(text);
  const errors: MrzError[] = [];
  const result = (format: MrzFormat | null, fields: MrzFields): MrzResult => ({ ok: errors.length === 0, format, lines, fields, errors });

  const format: MrzFormat | null = lines.length === 2 ? 'TD3' : lines.length === 3 ? 'TD1' : null;
  if (!format) {
    errors.push({ field: 'mrz', key: 'travellers.mrz.line_count', args: { count: lines.length } });
    return result(null, emptyFields());
  }
  const { length } = LAYOUT[format];
  lines.forEach((l, i) => {
    if (l.length !== length) errors.push({ field: `line${i + 1}`, key: 'travellers.mrz.line_length', args: { line: i + 1, expected: length, actual: l.length } });
    if (!/^[A-Z0-9<]*$/.test(l)) errors.push({ field: `line${i + 1}`, key: 'travellers.mrz.invalid_characters', args: { line: i + 1 } });
  });
  if (errors.length) return result(format, emptyFields());

  let parsed: ReturnType<typeof parseWithLib>;
  try {
    parsed = parseWithLib(lines);
  } catch {
    errors.push({ field: 'mrz', key: 'travellers.mrz.invalid_format' });
    return result(format, emptyFields());
  }

  const seen = new Set<string>();
  const add = (field: string, key: string, args?: MrzError['args']) => {
    const id = field + '|' + key;
    if (seen.has(id)) return;
    seen.add(id);
    errors.push(args ? { field, key, args } : { field, key });
  };
  for (const d of parsed.details) {
    if (d.valid || !d.field) continue;
    const m = LIB_ERRORS[d.field];
    if (m) add(m[0], m[1]);
    else add('mrz', 'travellers.mrz.invalid_format');
  }

  const f = parsed.fields;
  // A field whose check digit failed is still returned (an officer may want to see it); a malformed one is null.
  const birthDate = f.birthDate ? resolveBirth(f.birthDate, opts.today) : null;
  if (f.birthDate && !birthDate) add('birthDate', 'travellers.mrz.invalid_birth_date');
  const expiryDate = f.expirationDate ? resolveExpiry(f.expirationDate, opts.today) : null;
  if (f.expirationDate && !expiryDate) add('expiryDate', 'travellers.mrz.invalid_expiry_date');
  if (expiryDate && expiryDate < opts.today) add('expiryDate', 'travellers.mrz.expired', { expiryDate });

  const sex: Sex | null = f.sex === 'male' ? 'M' : f.sex === 'female' ? 'F' : f.sex === 'nonspecified' ? 'X' : null;
  const optional = format === 'TD3' ? f.personalNumber : [f.optional1, f.optional2].filter((x) => x).join(' ');
  const issuing = countryRef(f.issuingState);
  const nationality = countryRef(f.nationality);
  if (issuing && issuing.alpha2 === null && !(issuing.alpha3 in ICAO_SPECIAL)) add('issuingCountry', 'travellers.mrz.unknown_issuing_country');
  if (nationality && nationality.alpha2 === null && !(nationality.alpha3 in ICAO_SPECIAL)) add('nationality', 'travellers.mrz.unknown_nationality');

  return result(format, {
    documentType: f.documentCode ?? null,
    issuingCountry: issuing,
    documentNumber: f.documentNumber ?? null,
    surname: f.lastName ?? null,
    givenNames: f.firstName ?? null,
    nationality,
    birthDate,
    sex,
    expiryDate,
    optionalData: optional ? optional : null,
  });
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
    .replace(/[ßẞ]/g, 'SS').replace(/[Ææ]/g, 'AE').replace(/[Øø]/g, 'OE').replace(/[Œœ]/g, 'OE')
    .normalize('NFD').replace(/\p{M}/gu, '')
    .toUpperCase().replace(/['’]/g, '')
    .replace(/[^A-Z0-9]+/g, '<').replace(/^<+|<+$/g, '');
}
const fit = (s: string, n: number) => {
  if (s.length > n) throw new RangeError(`MRZ field longer than ${n}: ${s}`);
  return s.padEnd(n, '<');
};
const alpha3 = (c: string) => {
  const u = c.toUpperCase();
  return u.length === 2 ? (ALPHA2_TO_3.get(u) ?? (() => { throw new RangeError(`unknown country ${c}`); })()) : u;
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
  const l1 = fit((f.documentType ?? 'P').toUpperCase(), 2) + fit(alpha3(f.issuingCountry), 3) + nameField(f.surname, f.givenNames, 39);
  const doc = fit(mrzText(f.documentNumber), 9);
  const birth = yymmdd(f.birthDate), exp = yymmdd(f.expiryDate);
  const personal = fit(mrzText(f.optionalData ?? ''), 14);
  const docPart = doc + checkDigit(doc);
  const birthPart = birth + checkDigit(birth);
  const expPart = exp + checkDigit(exp) + personal + checkDigit(personal);
  const l2 = docPart + fit(alpha3(f.nationality), 3) + birthPart + sexChar(f.sex) + expPart;
  return l1 + '\n' + l2 + checkDigit(docPart + birthPart + expPart);
}

/** A TD1 (card) MRZ, three lines of 30 joined by '\n', with valid check digits (document numbers of up to 9 characters). */
export function buildTd1(f: MrzInput): string {
  const doc = fit(mrzText(f.documentNumber), 9);
  const l1 = fit((f.documentType ?? 'I').toUpperCase(), 2) + fit(alpha3(f.issuingCountry), 3) + doc + checkDigit(doc) + fit(mrzText(f.optionalData ?? ''), 15);
  const birth = yymmdd(f.birthDate), exp = yymmdd(f.expiryDate);
  const l2head = birth + checkDigit(birth) + sexChar(f.sex) + exp + checkDigit(exp) + fit(alpha3(f.nationality), 3) + fit('', 11);
  const composite = checkDigit(l1.slice(5, 30) + l2head.slice(0, 7) + l2head.slice(8, 15) + l2head.slice(18, 29));
  return l1 + '\n' + l2head + composite + '\n' + nameField(f.surname, f.givenNames, 30);
}
