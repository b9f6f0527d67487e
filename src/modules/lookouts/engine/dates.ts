// Birth dates: parsing of the forms found on lists (1965, 1970-03-02, 1969-7-16, 01 Jan 1960, Jan 1960, circa 1960)
// and the comparison of a query date with the dates listed for an entry.

export interface PartialDate {
  y: number;
  m: number; // 0 when unknown
  d: number; // 0 when unknown
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

function valid(y: number, m: number, d: number): PartialDate | null {
  if (!(y >= 1800 && y <= 2100)) return null;
  if (!(m >= 1 && m <= 12)) return { y, m: 0, d: 0 };
  if (!(d >= 1 && d <= 31)) return { y, m, d: 0 };
  return { y, m, d };
}

/** Parses one date; null when there is no year in it. */
export function parseDate(s: string): PartialDate | null {
  const t = s
    .trim()
    .toLowerCase()
    .replace(/^(circa|approx\.?|approximately|about|ca\.?)\s+/, '');
  let m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(t);
  if (m) return valid(+m[1], m[2] ? +m[2] : 0, m[3] ? +m[3] : 0);
  m = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(t); // DD/MM/YYYY
  if (m) return valid(+m[3], +m[2], +m[1]);
  m = /^(?:(\d{1,2})\s+)?([a-z]{3,9})\.?,?\s+(\d{4})$/.exec(t); // 01 Jan 1960, Jan 1960
  if (m && MONTHS[m[2]]) return valid(+m[3], MONTHS[m[2]], m[1] ? +m[1] : 0);
  m = /\b(1[89]\d\d|20\d\d)\b/.exec(t);
  if (m) return valid(+m[1], 0, 0);
  return null;
}

export interface DateMatch {
  method: 'exact' | 'year-only' | 'day-month-swapped' | 'same-year' | 'one-year-off' | 'disagree';
  /** added to the name score */
  delta: number;
  listed: PartialDate;
}

/** Score adjustments. Positive evidence lifts a borderline name; a clear disagreement lowers the score. */
export const DATE_DELTA = {
  exact: 0.07,
  'year-only': 0.04,
  'day-month-swapped': 0.03,
  'same-year': 0.01,
  'one-year-off': -0.02,
  disagree: -0.12,
} as const;

export function compareDate(q: PartialDate, e: PartialDate): DateMatch {
  if (q.y === e.y) {
    if (!q.m || !e.m) return { method: 'year-only', delta: DATE_DELTA['year-only'], listed: e };
    if (!q.d || !e.d) {
      return q.m === e.m
        ? { method: 'year-only', delta: DATE_DELTA['year-only'], listed: e }
        : { method: 'same-year', delta: DATE_DELTA['same-year'], listed: e };
    }
    if (q.m === e.m && q.d === e.d) return { method: 'exact', delta: DATE_DELTA.exact, listed: e };
    if (q.m === e.d && q.d === e.m)
      return { method: 'day-month-swapped', delta: DATE_DELTA['day-month-swapped'], listed: e };
    const oneSame = q.m === e.m || q.d === e.d;
    return { method: 'same-year', delta: oneSame ? DATE_DELTA['same-year'] : -0.02, listed: e };
  }
  if (Math.abs(q.y - e.y) === 1) {
    const sameDay = (!q.m || !e.m || q.m === e.m) && (!q.d || !e.d || q.d === e.d);
    return {
      method: 'one-year-off',
      delta: sameDay ? DATE_DELTA['one-year-off'] : DATE_DELTA['one-year-off'] - 0.02,
      listed: e,
    };
  }
  return { method: 'disagree', delta: DATE_DELTA.disagree, listed: e };
}

/** The best comparison of a query date with any listed date; null when either side has none. */
export function bestDateMatch(q: PartialDate | null, listed: readonly PartialDate[] | undefined): DateMatch | null {
  if (!q || !listed || listed.length === 0) return null;
  let best: DateMatch | null = null;
  for (const e of listed) {
    const m = compareDate(q, e);
    if (!best || m.delta > best.delta) best = m;
  }
  return best;
}

export function formatDate(d: PartialDate): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return d.m ? (d.d ? `${d.y}-${p(d.m)}-${p(d.d)}` : `${d.y}-${p(d.m)}`) : String(d.y);
}
