// Calendar dates as 'YYYY-MM-DD' strings, with no time zone: a birth date or an expiry date is a day, not an instant.
// Lexicographic order of such strings is chronological order.

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

const RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Parses a real calendar date ('2023-02-29' is refused), or returns null. */
export function parseDate(s: string): Ymd | null {
  const m = RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return { y, m: mo, d };
}
export const isDate = (s: unknown): s is string => typeof s === 'string' && parseDate(s) !== null;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const formatDate = ({ y, m, d }: Ymd): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

function must(s: string): Ymd {
  const p = parseDate(s);
  if (!p) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${s}`);
  return p;
}

/** Same day and month `n` years later; 29 February becomes 28 February in a common year. */
export function addYears(date: string, n: number): string {
  const { y, m, d } = must(date);
  const ty = y + n;
  return formatDate({ y: ty, m, d: Math.min(d, daysInMonth(ty, m)) });
}

/** Same day `n` months later (or earlier, for negative n), clamped to the end of the target month. */
export function addMonths(date: string, n: number): string {
  const { y, m, d } = must(date);
  const idx = y * 12 + (m - 1) + n;
  const ty = Math.floor(idx / 12),
    tm = (idx % 12) + 1;
  return formatDate({ y: ty, m: tm, d: Math.min(d, daysInMonth(ty, tm)) });
}

/** Whole years of age on `today`. Someone born on 29 February turns a year older on 1 March in a common year. */
export function ageOn(birthDate: string, today: string): number {
  const b = must(birthDate),
    t = must(today);
  let age = t.y - b.y;
  if (t.m < b.m || (t.m === b.m && t.d < b.d)) age -= 1;
  return age;
}

/** Today's date in UTC, as YYYY-MM-DD (callers that care about a border post's local day pass `today` explicitly). */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
