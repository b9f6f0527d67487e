/**
 * Hourly arrival rates for a scenario from BTS monthly volumes and an hourly profile.
 *
 * BTS gives inbound crossings per month and measure; a simulation needs arrivals per hour. The mean
 * daily volume over the chosen months is spread over the hours of a day (24 weights) or of a week
 * (168 weights, Monday 00:00 first) in proportion to the profile. The profile is an input: BTS has
 * no hourly counts. `ASSUMED_PROFILES` holds illustrative shapes, labelled as assumptions; replace
 * them with counts from the port's own detectors when you have them.
 */
import { daysInMonth, type BtsRow } from './bts.ts';

export interface DeriveArrivalsInput {
  rows: BtsRow[];
  /** port code (e.g. "2504") or port name (e.g. "San Ysidro") */
  port: string;
  /** BTS measure, e.g. "Personal Vehicles", "Pedestrians", "Trucks" */
  measure: string;
  /** months to average, `YYYY-MM`; default: the last 12 months present */
  months?: string[];
  /** 24 or 168 non-negative weights (normalised here) */
  profile: number[];
  /** multiply the daily volume (e.g. 1.1 for a day 10 % busier than the monthly average) */
  dayFactor?: number;
}

export interface DerivedArrivals {
  arrivalsPerHour: number[];
  /** mean daily volume over the months used, before dayFactor */
  dailyVolume: number;
  monthsUsed: string[];
  /** months asked for but absent from the data */
  monthsMissing: string[];
}

export function deriveHourlyArrivals(input: DeriveArrivalsInput): DerivedArrivals {
  const { profile } = input;
  if (profile.length !== 24 && profile.length !== 168) throw new Error('profile must have 24 or 168 weights');
  if (profile.some((w) => !(w >= 0))) throw new Error('profile weights must be non-negative numbers');
  const totalW = profile.reduce((a, b) => a + b, 0);
  if (totalW <= 0) throw new Error('profile weights must not all be zero');

  const p = input.port.toLowerCase();
  const me = input.measure.toLowerCase();
  const byMonth = new Map<string, number>();
  for (const r of input.rows) {
    if (r.portCode !== input.port && r.portName.toLowerCase() !== p) continue;
    if (r.measure.toLowerCase() !== me) continue;
    byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + r.value);
  }
  const available = [...byMonth.keys()].sort();
  const wanted = input.months ?? available.slice(-12);
  const monthsUsed = wanted.filter((m) => byMonth.has(m));
  const monthsMissing = wanted.filter((m) => !byMonth.has(m));
  if (monthsUsed.length === 0)
    throw new Error(`no BTS rows for port ${input.port}, measure ${input.measure}, months ${wanted.join(', ')}`);
  let volume = 0;
  let days = 0;
  for (const m of monthsUsed) {
    volume += byMonth.get(m)!;
    days += daysInMonth(m);
  }
  const dailyVolume = volume / days;
  const periodVolume = dailyVolume * (input.dayFactor ?? 1) * (profile.length / 24);
  return {
    arrivalsPerHour: profile.map((w) => (periodVolume * w) / totalW),
    dailyVolume,
    monthsUsed,
    monthsMissing,
  };
}

/**
 * Illustrative hourly shapes (relative weights, hour 0 = midnight to 1 am). ASSUMPTIONS, not
 * measurements: a busy commuter crossing with a morning peak and a long daytime plateau
 * (passenger vehicles), pedestrians concentrated in daytime, trucks in business hours.
 */
export const ASSUMED_PROFILES: Record<'passengerVehicles' | 'pedestrians' | 'trucks', number[]> = {
  passengerVehicles: [
    1.6, 1.2, 1.0, 1.1, 1.9, 3.4, 5.0, 5.6, 5.5, 5.1, 5.0, 5.0, 5.0, 5.1, 5.3, 5.4, 5.4, 5.2, 5.0, 4.7, 4.3, 3.8, 3.0,
    2.3,
  ],
  pedestrians: [
    0.8, 0.5, 0.4, 0.5, 1.2, 3.0, 5.5, 6.5, 6.5, 6.0, 5.8, 5.6, 5.5, 5.5, 5.6, 5.8, 5.8, 5.5, 5.0, 4.5, 3.8, 3.0, 2.0,
    1.2,
  ],
  trucks: [
    0.5, 0.4, 0.4, 0.5, 1.0, 2.5, 5.0, 7.0, 8.0, 8.0, 7.8, 7.5, 7.2, 7.0, 7.0, 6.8, 6.2, 5.0, 3.5, 2.0, 1.2, 0.8, 0.6,
    0.5,
  ],
};
