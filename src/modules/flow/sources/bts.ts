/**
 * US Bureau of Transportation Statistics, Border Crossing Entry Data (data.transportation.gov,
 * dataset keg4-3bc2): monthly inbound crossings at US land ports, by measure. US government work.
 *
 * Two layouts are in data/flow and both are accepted:
 * - `bts-border-crossing-entry-2020-onward.csv`:
 *   Port Name,State,Port Code,Border,Date,Measure,Value,Latitude,Longitude,Point
 *   with Date as `2020-01-01` (first day of the month). Note: besides Jan 2020 – Dec 2021 it holds a
 *   few stray rows (one from 2009-08, five from 2023).
 * - `bts-border-crossing-entry-san-ysidro-1996-2021.csv` (port 2504 only):
 *   Port Name,State,Port Code,Border,Date,Measure,Value
 *   with Date as `Dec 2021`.
 * Measures: Personal Vehicles, Personal Vehicle Passengers, Pedestrians, Buses, Bus Passengers,
 * Trucks, Truck Containers Loaded/Empty, Trains, Train Passengers, Rail Containers Loaded/Empty.
 */
import { num, parseCsv, type ParseOptions, type ParseResult } from './csv.ts';

/** The largest monthly count one row may hold (the busiest port's busiest measure is a few million a month). */
export const MAX_MONTHLY_COUNT = 1_000_000_000;

export interface BtsRow {
  portName: string;
  state: string;
  portCode: string;
  border: string;
  /** `YYYY-MM` */
  month: string;
  measure: string;
  value: number;
  latitude?: number;
  longitude?: number;
}

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/** `2020-01-01`, `2020-01`, `Dec 2021`, `12/01/2021` → `YYYY-MM`, or undefined. */
export function parseBtsMonth(s: string): string | undefined {
  let m = /^(\d{4})-(\d{2})(?:-\d{2})?(?:[T ].*)?$/.exec(s);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${m[2]}` : undefined;
  m = /^([A-Za-z]{3})[a-z]* (\d{4})$/.exec(s);
  if (m) {
    const mm = MONTHS[m[1].toLowerCase()];
    return mm ? `${m[2]}-${mm}` : undefined;
  }
  m = /^(\d{1,2})\/\d{1,2}\/(\d{4})/.exec(s);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) return `${m[2]}-${m[1].padStart(2, '0')}`;
  return undefined;
}

export function parseBtsCrossings(text: string, opts: ParseOptions = {}): ParseResult<BtsRow> {
  const { rows, errors } = parseCsv<BtsRow>(
    text,
    ['port_name', 'port_code', 'date', 'measure', 'value'],
    (f) => {
      const month = parseBtsMonth(f.date);
      if (!month) return `unrecognised date "${f.date}"`;
      const value = num(f.value);
      // a count of crossings in a month (stored as bigint): a whole number, at most a billion
      if (value === undefined || !Number.isInteger(value) || value < 0 || value > MAX_MONTHLY_COUNT)
        return `value "${f.value}" is not a whole number from 0 to ${MAX_MONTHLY_COUNT.toLocaleString('en')}`;
      if (f.port_code === '') return 'empty port code';
      if (f.measure === '') return 'empty measure';
      const row: BtsRow = {
        portName: f.port_name,
        state: f.state ?? '',
        portCode: f.port_code,
        border: f.border ?? '',
        month,
        measure: f.measure,
        value,
      };
      const lat = f.latitude !== undefined ? num(f.latitude) : undefined;
      const lon = f.longitude !== undefined ? num(f.longitude) : undefined;
      if (lat !== undefined) row.latitude = lat;
      if (lon !== undefined) row.longitude = lon;
      return row;
    },
    opts,
  );
  return { rows, errors };
}

/** Days in a `YYYY-MM` month. */
export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Monthly series of one port and measure (by port code or name), sorted by month; several rows
 * for the same month are added up.
 */
export function monthlySeries(
  rows: BtsRow[],
  port: string,
  measure: string,
): { month: string; value: number; perDay: number }[] {
  const by = new Map<string, number>();
  const p = port.toLowerCase();
  const me = measure.toLowerCase();
  for (const r of rows) {
    if (r.portCode !== port && r.portName.toLowerCase() !== p) continue;
    if (r.measure.toLowerCase() !== me) continue;
    by.set(r.month, (by.get(r.month) ?? 0) + r.value);
  }
  return [...by.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([month, value]) => ({ month, value, perDay: value / daysInMonth(month) }));
}
