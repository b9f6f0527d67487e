// Document numbers, vehicle plates and ISO 6346 container numbers.

/** Uppercase, without spaces, dashes, dots, slashes or other separators. */
export function compactId(s: string): string {
  return s
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

const OCR: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', L: '1', S: '5', B: '8', Z: '2', G: '6' };

/**
 * Folds characters that OCR (and people reading a document) confuse: O/Q/D->0, I/L->1, S->5, B->8, Z->2, G->6.
 * Applied to both sides, so "AB850901" and "A8B5O9O1" meet.
 */
export function ocrFold(compact: string): string {
  let out = '';
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i];
    out += OCR[c] ?? c;
  }
  return out;
}

/** Key under which document numbers are indexed; '' when too short to be meaningful. */
export function documentKey(number: string): string {
  const c = compactId(number);
  return c.length >= 4 ? ocrFold(c) : '';
}

export function plateKey(number: string): string {
  const c = compactId(number);
  return c.length >= 2 ? ocrFold(c) : '';
}

/** Jurisdiction as written on a plate record ("ON", "CA-ON", "us-tx", "Texas" stays as given, uppercased). */
export function jurisdictionKey(j: string | undefined): string {
  if (!j) return '';
  return j
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Two jurisdictions agree when equal or when one is the subdivision suffix of the other (ON vs CA-ON). */
export function jurisdictionsAgree(a: string, b: string): boolean {
  return a === b || a.endsWith('-' + b) || b.endsWith('-' + a);
}

// ISO 6346: owner code (3 letters), category (U, J or Z), serial (6 digits), check digit.
// Letters count 10..38 skipping the multiples of 11; digit i is weighted 2^i; sum mod 11 mod 10.
function letterValue(c: number): number {
  let v = 10;
  for (let x = 65; x < c; x++) {
    v++;
    if (v % 11 === 0) v++;
  }
  return v;
}
const LETTER_VALUES = Array.from({ length: 26 }, (_, i) => letterValue(65 + i));

export function iso6346CheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = first10.charCodeAt(i);
    const v = c >= 65 && c <= 90 ? LETTER_VALUES[c - 65] : c - 48;
    sum += v * (1 << i);
  }
  return (sum % 11) % 10;
}

export interface ContainerNumber {
  /** owner code + category + serial, 10 characters */
  base: string;
  checkDigit: number | null;
  /** the check digit is present and right */
  valid: boolean;
}

const DIGIT_FIX: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', L: '1', S: '5', B: '8', Z: '2', G: '6' };
const LETTER_FIX: Record<string, string> = { '0': 'O', '1': 'I', '5': 'S', '8': 'B', '2': 'Z', '6': 'G' };

/** Parses a container number ("MSCU 123456-5"); OCR confusions are repaired by position; null when malformed. */
export function parseContainer(s: string): ContainerNumber | null {
  const c = compactId(s);
  if (c.length !== 10 && c.length !== 11) return null;
  let base = '';
  for (let i = 0; i < 10; i++) {
    const ch = c[i];
    if (i < 4) base += /[A-Z]/.test(ch) ? ch : (LETTER_FIX[ch] ?? '?');
    else base += /[0-9]/.test(ch) ? ch : (DIGIT_FIX[ch] ?? '?');
  }
  if (base.includes('?') || !/[UJZ]/.test(base[3])) return null;
  const cd = c.length === 11 ? (DIGIT_FIX[c[10]] ?? c[10]) : null;
  const checkDigit = cd !== null && /[0-9]/.test(cd) ? Number(cd) : null;
  return { base, checkDigit, valid: checkDigit !== null && checkDigit === iso6346CheckDigit(base) };
}

/** True when the string is a well-formed ISO 6346 container number with a correct check digit. */
export function isValidContainer(s: string): boolean {
  return parseContainer(s)?.valid === true;
}
