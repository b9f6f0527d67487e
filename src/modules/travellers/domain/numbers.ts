// Identifiers this platform issues.
//
// Membership number: 9 digits, like the PASSID / Known Traveler Number that CBP prints on trusted-traveller cards; the
// first digit is never 0 (the number is often typed into airline forms that drop leading zeros) and the last digit is
// a Luhn check digit over the first eight, so a mistyped digit or a swap of two adjacent digits is caught.
//
// Card number: the document number of a trusted-traveller card, 9 characters so that it fills the document-number
// field of a TD1 machine-readable zone exactly: a 2-letter programme prefix, 6 digits, and an ICAO 9303 (7-3-1) check
// digit over the first 8 characters. The format is this platform's own: the agencies' internal formats are not
// public. The MRZ carries its own check digit as well; this one lets a clerk validate a number typed by hand.
import { checkDigit } from './mrz.ts';
import type { ProgrammeCode } from './programmes.ts';

/** A source of uniform random numbers in [0, 1), like Math.random; pass a seeded one for reproducible demo data. */
export type RandomSource = () => number;

/** Cryptographically strong RandomSource (Web Crypto, available in Node 22). */
export const cryptoRandom: RandomSource = () => {
  const a = new Uint32Array(1);
  globalThis.crypto.getRandomValues(a);
  return a[0] / 2 ** 32;
};

const digit = (random: RandomSource, min = 0) => {
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random source returned ${r}, not a number in [0, 1)`);
  return min + Math.floor(r * (10 - min));
};

/** Luhn (mod 10) check digit for a string of digits. */
export function luhnCheckDigit(digits: string): number {
  if (!/^\d*$/.test(digits)) throw new RangeError(`Luhn over non-digits: ${digits}`);
  let sum = 0;
  // Double every second digit counting from the right of the payload (the check digit will sit right of it).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let v = digits.charCodeAt(i) - 48;
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidLuhn(digits: string): boolean {
  return /^\d{2,}$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

export function generateMembershipNumber(random: RandomSource = cryptoRandom): string {
  let payload = String(digit(random, 1));
  for (let i = 0; i < 7; i++) payload += digit(random);
  return payload + luhnCheckDigit(payload);
}

export function isValidMembershipNumber(s: string): boolean {
  return /^[1-9]\d{8}$/.test(s) && isValidLuhn(s);
}

export const CARD_PREFIX: Record<ProgrammeCode, string> = {
  NEXUS: 'NX',
  GLOBAL_ENTRY: 'GE',
  SENTRI: 'SE',
  FAST: 'FA',
  VIAJERO_CONFIABLE: 'VC',
};

export function generateCardNumber(programme: ProgrammeCode, random: RandomSource = cryptoRandom): string {
  let body = CARD_PREFIX[programme];
  for (let i = 0; i < 6; i++) body += digit(random);
  return body + checkDigit(body);
}

export function isValidCardNumber(s: string): boolean {
  return (
    /^[A-Z]{2}\d{7}$/.test(s) &&
    Object.values(CARD_PREFIX).includes(s.slice(0, 2)) &&
    checkDigit(s.slice(0, 8)) === Number(s[8])
  );
}

/** The programme a valid card number belongs to, or null. */
export function cardProgramme(s: string): ProgrammeCode | null {
  if (!isValidCardNumber(s)) return null;
  const hit = (Object.entries(CARD_PREFIX) as [ProgrammeCode, string][]).find(([, p]) => p === s.slice(0, 2));
  return hit ? hit[0] : null;
}
