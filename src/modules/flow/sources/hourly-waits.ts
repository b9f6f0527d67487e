/**
 * Hourly wait (delay) series, the layout of `peace-arch-southbound-cars-hourly-2013-2017.csv`
 * (Cascade Gateway border data warehouse, Whatcom Council of Governments):
 *   hour_start,avg_delay_minutes
 *   2013-01-01 00:00:00,0.0
 * Local clock time, no time zone; every hour present in that file (43,824 rows, 2013–2017).
 *
 * Times are kept as "naive" hour numbers: hours since 1970-01-01 00:00 of the local clock, computed
 * as if it were UTC, so that weekday and hour of day are exact and consecutive rows differ by 1.
 */
import { MAX_WAIT_MINUTES, parseCsv, waitMinutes, type ParseOptions, type ParseResult } from './csv.ts';

export interface HourlyWaitRow {
  /** hours since 1970-01-01 00:00 (local clock, treated as UTC) */
  hour: number;
  /** the original `YYYY-MM-DD HH:MM:SS` */
  time: string;
  /** average delay in minutes */
  value: number;
}

const RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** `YYYY-MM-DD HH:MM[:SS]` → naive hour number, or undefined. */
export function naiveHour(s: string): number | undefined {
  const m = RE.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, 0, 0);
  const back = new Date(ms);
  if (back.getUTCDate() !== d) return undefined; // 2017-02-30 and the like
  return Math.floor(ms / 3_600_000);
}

/** Weekday of a naive hour: 0 = Monday … 6 = Sunday. */
export function weekdayOf(hour: number): number {
  // 1970-01-01 was a Thursday (3 with Monday = 0)
  return (Math.floor(hour / 24) + 3) % 7;
}

export function hourOfDay(hour: number): number {
  return hour % 24;
}

/** `YYYY-MM-DD` of a naive hour. */
export function dateOf(hour: number): string {
  return new Date(hour * 3_600_000).toISOString().slice(0, 10);
}

export interface HourlyWaitsResult extends ParseResult<HourlyWaitRow> {
  /** rows whose value is empty (e.g. the skipped hour when clocks spring forward): not errors */
  missing: { line: number; time: string }[];
}

/**
 * Parses an hourly wait file. Malformed lines go to `errors` (with line numbers); lines with a
 * valid time and an empty value go to `missing` (the Peace Arch file has 656 such hours, among
 * them the 02:00 hour of each spring-forward day).
 */
export function parseHourlyWaits(text: string, opts: ParseOptions = {}): HourlyWaitsResult {
  const missing: { line: number; time: string }[] = [];
  const MISSING = Symbol('missing');
  // one value per hour: a second one would be written over the first in the same statement
  const seen = new Map<number, number>();
  const { rows, errors, header } = parseCsv<HourlyWaitRow | typeof MISSING>(
    text,
    [],
    (f, line) => {
      const keys = Object.keys(f);
      const timeKey = keys.find((k) => k === 'hour_start' || k === 'time' || k === 'timestamp') ?? keys[0];
      const valueKey = keys.find((k) => k !== timeKey) ?? keys[1];
      const t = f[timeKey];
      const hour = naiveHour(t);
      if (hour === undefined) return `unrecognised time "${t}" (expected YYYY-MM-DD HH:MM:SS)`;
      const s = f[valueKey];
      if (s === '' || s === undefined || s.toUpperCase() === 'NA') {
        missing.push({ line, time: t });
        return MISSING;
      }
      const value = Number(s);
      if (!Number.isFinite(value) || value < 0 || value > MAX_WAIT_MINUTES)
        return `${valueKey} "${s}" is not a number of minutes from 0 to ${MAX_WAIT_MINUTES}`;
      const first = seen.get(hour);
      if (first !== undefined) return `${t} again (first on line ${first})`;
      seen.set(hour, line);
      return { hour, time: t, value: waitMinutes(value) };
    },
    opts,
  );
  if (header.length > 0 && header.length < 2)
    return {
      rows: [],
      errors: [{ line: 1, message: 'expected two columns: hour_start,avg_delay_minutes', fatal: true }],
      missing: [],
    };
  return { rows: rows.filter((r): r is HourlyWaitRow => r !== MISSING), errors, missing };
}
