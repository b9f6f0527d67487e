// Ports of entry and their lanes as the module works with them (loaded once, held in memory), and the booth schedule.
import type { CountryCode } from '../../../kernel/agencies.ts';
import type { LaneType } from './decide.ts';

export const PORT_BORDERS = ['north', 'south', 'air'] as const;
export const PORT_KINDS = ['land', 'preclearance'] as const;

export interface Port {
  id: string;
  code: string;
  name: string;
  country: CountryCode;
  border: (typeof PORT_BORDERS)[number];
  kind: (typeof PORT_KINDS)[number];
  partnerPortId: string | null;
  state: string | null;
  latitude: number | null;
  longitude: number | null;
  major: boolean;
}

/** Booths open on the given days, from one hour to another (`open` of the lane's `booths`). */
export interface ScheduleSlot {
  days: number[];
  from: number;
  to: number;
  open: number;
}

export interface Lane {
  id: string;
  portId: string;
  laneType: LaneType;
  /** The country that the lane leads into: its border agency decides there. */
  direction: CountryCode;
  booths: number;
  schedule: ScheduleSlot[];
}

/** Booths open on a lane at a moment (schedule hours in UTC for the demo). */
export function openBooths(lane: Lane, at = new Date()): number {
  const d = at.getUTCDay(),
    h = at.getUTCHours();
  return lane.schedule
    .filter((s) => s.days.includes(d) && h >= s.from && h < s.to)
    .reduce((m, s) => Math.max(m, s.open), 0);
}
