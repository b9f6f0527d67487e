/**
 * The port model the engine runs: plain data, already validated (see scenario.ts for the file
 * format and its validation). Times in seconds, rates in arrivals per hour.
 */
import type { DistributionSpec } from './distributions.ts';

/**
 * Lane types. `general` = standard primary inspection; `ready` = Ready Lanes (RFID-enabled
 * documents); `trusted` = NEXUS / SENTRI / Global Entry dedicated lanes; `fast` = FAST commercial
 * lanes; `commercial` = standard commercial (trucks); `pedestrian` and `pedestrian_ready`;
 * `bus`. Scenario files may use any of these.
 */
export const LANE_TYPES = [
  'general',
  'ready',
  'trusted',
  'fast',
  'commercial',
  'pedestrian',
  'pedestrian_ready',
  'bus',
] as const;
export type LaneType = (typeof LANE_TYPES)[number];

export interface LaneModel {
  id: string;
  type: LaneType;
  /** open booths for each hour of the period (length = periodHours) */
  booths: number[];
  service: DistributionSpec;
  /**
   * `pooled`: one queue feeds every open booth of the lane group (the M/M/c model).
   * `split`: one queue per booth; an arriving vehicle joins the shortest open booth queue and
   * never changes queue afterwards. A booth that closes still serves the vehicles already in its
   * queue.
   */
  queue: 'pooled' | 'split';
}

export interface TravellerClassModel {
  id: string;
  /** share of the stream's arrivals, in [0, 1]; the shares of a stream sum to 1 */
  share: number;
  /** lane ids this class may use, in order of preference (ties go to the earlier lane) */
  lanes: string[];
}

export interface StreamModel {
  id: string;
  /** Poisson arrival rate (arrivals per hour), piecewise constant, one value per hour of the period */
  ratePerHour: number[];
  classes: TravellerClassModel[];
}

export interface PortModel {
  /** 24 (a typical day) or 168 (a typical week starting Monday 00:00) */
  periodHours: number;
  lanes: LaneModel[];
  streams: StreamModel[];
}

export interface RunOptions {
  seed: number;
  /** measured days */
  days: number;
  /** days simulated first and discarded (queues left over from the night carry into the morning) */
  warmupDays: number;
}
