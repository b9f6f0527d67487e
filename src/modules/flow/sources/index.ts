/** Public surface of the flow data parsers (pure: text in, rows and line-numbered errors out). */
export { parseBtsCrossings, monthlySeries, daysInMonth, type BtsRow } from './bts.ts';
export { parseCbpBwtHistorical, bwtHourlyProfile, BWT_LANE_TYPE, type BwtRow, type BwtLane } from './cbp-bwt.ts';
export { parseHourlyWaits, naiveHour, weekdayOf, dateOf, type HourlyWaitRow } from './hourly-waits.ts';
export { deriveHourlyArrivals, ASSUMED_PROFILES, type DerivedArrivals } from './arrivals.ts';
export type { ParseError, ParseResult, ParseOptions } from './csv.ts';
