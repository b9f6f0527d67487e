/**
 * Public holidays that move border traffic, computed by rule for any year: Canadian federal days
 * plus British Columbia's (Peace Arch, Pacific Highway), US federal days plus Black Friday
 * (Canadian shoppers), and Mexican federal days for the southern border. Dates are `YYYY-MM-DD`.
 * Observed-day shifts are applied where the rule is fixed by law (Canada Day on a Sunday moves to
 * Monday; US federal holidays on a weekend move to Friday or Monday).
 */

export type HolidayRegion = 'CA' | 'CA-BC' | 'US' | 'MX';

export interface Holiday {
  date: string;
  id: string;
  region: HolidayRegion;
}

function ymd(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** n-th weekday (0 = Sunday … 6 = Saturday) of a month; n = -1 for the last. */
export function nthWeekday(y: number, m: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
    return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = new Date(Date.UTC(y, m - 1, lastDay)).getUTCDay();
  return lastDay - ((last - weekday + 7) % 7);
}

/** Easter Sunday (Anonymous Gregorian algorithm). */
export function easter(y: number): [number, number] {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

function shift(y: number, m: number, d: number, days: number): string {
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function usObserved(y: number, m: number, d: number): string {
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (wd === 6) return shift(y, m, d, -1);
  if (wd === 0) return shift(y, m, d, 1);
  return ymd(y, m, d);
}

export function holidaysOfYear(y: number, regions: HolidayRegion[] = ['CA', 'CA-BC', 'US']): Holiday[] {
  const out: Holiday[] = [];
  const add = (region: HolidayRegion, id: string, date: string) => {
    if (regions.includes(region)) out.push({ date, id, region });
  };
  const [em, ed] = easter(y);
  // Canada (federal) and British Columbia
  add('CA', 'ca-new-year', ymd(y, 1, 1));
  add('CA', 'ca-good-friday', shift(y, em, ed, -2));
  add('CA', 'ca-easter-monday', shift(y, em, ed, 1));
  // Victoria Day: the Monday before May 25 = the last Monday of May (25–31) minus a week
  add('CA', 'ca-victoria-day', ymd(y, 5, nthWeekday(y, 5, 1, -1) - 7));
  const canadaDay = new Date(Date.UTC(y, 6, 1)).getUTCDay() === 0 ? ymd(y, 7, 2) : ymd(y, 7, 1);
  add('CA', 'ca-canada-day', canadaDay);
  add('CA', 'ca-labour-day', ymd(y, 9, nthWeekday(y, 9, 1, 1)));
  add('CA', 'ca-thanksgiving', ymd(y, 10, nthWeekday(y, 10, 1, 2)));
  add('CA', 'ca-remembrance-day', ymd(y, 11, 11));
  add('CA', 'ca-christmas', ymd(y, 12, 25));
  add('CA', 'ca-boxing-day', ymd(y, 12, 26));
  // BC Family Day: 2nd Monday of February 2013–2018, 3rd Monday from 2019
  if (y >= 2013) add('CA-BC', 'bc-family-day', ymd(y, 2, nthWeekday(y, 2, 1, y <= 2018 ? 2 : 3)));
  add('CA-BC', 'bc-day', ymd(y, 8, nthWeekday(y, 8, 1, 1)));
  // United States (federal, observed) and Black Friday
  add('US', 'us-new-year', usObserved(y, 1, 1));
  add('US', 'us-mlk-day', ymd(y, 1, nthWeekday(y, 1, 1, 3)));
  add('US', 'us-presidents-day', ymd(y, 2, nthWeekday(y, 2, 1, 3)));
  add('US', 'us-memorial-day', ymd(y, 5, nthWeekday(y, 5, 1, -1)));
  add('US', 'us-independence-day', usObserved(y, 7, 4));
  add('US', 'us-labor-day', ymd(y, 9, nthWeekday(y, 9, 1, 1)));
  add('US', 'us-columbus-day', ymd(y, 10, nthWeekday(y, 10, 1, 2)));
  add('US', 'us-veterans-day', usObserved(y, 11, 11));
  const thanks = nthWeekday(y, 11, 4, 4);
  add('US', 'us-thanksgiving', ymd(y, 11, thanks));
  add('US', 'us-black-friday', shift(y, 11, thanks, 1));
  add('US', 'us-christmas', usObserved(y, 12, 25));
  // Mexico (federal; "puentes" on Mondays since 2006)
  add('MX', 'mx-new-year', ymd(y, 1, 1));
  add('MX', 'mx-constitution-day', ymd(y, 2, nthWeekday(y, 2, 1, 1)));
  add('MX', 'mx-juarez-day', ymd(y, 3, nthWeekday(y, 3, 1, 3)));
  add('MX', 'mx-holy-thursday', shift(y, em, ed, -3));
  add('MX', 'mx-good-friday', shift(y, em, ed, -2));
  add('MX', 'mx-labour-day', ymd(y, 5, 1));
  add('MX', 'mx-independence-day', ymd(y, 9, 16));
  add('MX', 'mx-revolution-day', ymd(y, 11, nthWeekday(y, 11, 1, 3)));
  add('MX', 'mx-christmas', ymd(y, 12, 25));
  return out;
}

/**
 * Day tags for holiday effects: each date near a holiday gets the tag `<holiday id>@<offset>`
 * (offset in days, −3 … +1: the run-up of a long weekend and the day after). When several
 * holidays are near, the nearest wins (offset 0, then −1, +1, −2, −3).
 */
export class HolidayCalendar {
  private readonly regions: HolidayRegion[];
  private readonly byYear = new Map<number, Map<string, string>>();

  constructor(regions: HolidayRegion[] = ['CA', 'CA-BC', 'US']) {
    this.regions = regions;
  }

  private year(y: number): Map<string, string> {
    let m = this.byYear.get(y);
    if (m) return m;
    m = new Map();
    const rank = new Map<string, number>();
    const order = [0, -1, 1, -2, -3];
    // include neighbouring years: a holiday on Jan 1 tags Dec 29–31 of the year before
    for (const yy of [y - 1, y, y + 1]) {
      for (const h of holidaysOfYear(yy, this.regions)) {
        const [a, b, c] = h.date.split('-').map(Number);
        for (const off of order) {
          const d = shift(a, b, c, off); // the date `off` days from the holiday
          if (!d.startsWith(String(y))) continue;
          const r = order.indexOf(off);
          if (!rank.has(d) || rank.get(d)! > r) {
            rank.set(d, r);
            m.set(d, `${h.id}@${off}`);
          }
        }
      }
    }
    this.byYear.set(y, m);
    return m;
  }

  /** Tag of a date (`YYYY-MM-DD`), or undefined for an ordinary day. */
  tag(date: string): string | undefined {
    return this.year(Number(date.slice(0, 4))).get(date);
  }
}
