// The flow API's request and response schemas (zod 4, with examples for the OpenAPI document).
import { z } from 'zod';
import { COUNTRIES } from '../../../kernel/agencies.ts';
import { BOARD_TYPES } from '../domain/bwt-feed.ts';

export const tags = ['flow'];
export const portId = z.string().max(20).meta({ example: 'US-2504', description: 'port id (country-code)' });
export const portCode = z
  .string()
  .regex(/^\d{4}$/)
  .meta({ example: '2504', description: 'CBP 4-digit port code' });
export const country = z.enum(COUNTRIES).meta({ example: 'US', description: 'the country whose port it is' });
export const boardType = z.enum(BOARD_TYPES).meta({ example: 'general' });
const method = z.enum(['measured', 'estimated', 'predicted', 'none']).meta({ example: 'measured' });
const isoTime = z.string().meta({ example: '2026-07-15T20:00:00.000Z' });

export const boardOut = z.object({
  portId,
  name: z.string().meta({ example: 'San Ysidro' }),
  code: portCode,
  timeZone: z.string().meta({ example: 'America/Los_Angeles' }),
  hours: z.string().meta({ example: '24 hrs/day' }),
  status: z.enum(['Open', 'Closed']).meta({ example: 'Open' }),
  lanes: z.array(
    z.object({
      laneType: boardType,
      lanesOpen: z.number().int().meta({ example: 8 }),
      maxLanes: z.number().int().meta({ example: 12 }),
      waitMinutes: z.number().nullable().meta({ example: 35 }),
      method,
      low: z.number().optional().meta({ example: 20.5 }),
      high: z.number().optional().meta({ example: 48 }),
      samples: z.number().int().optional().meta({ example: 42 }),
      updatedAt: isoTime,
    }),
  ),
});

const feedLane = z.object({
  update_time: z.string().meta({ example: 'At 20:00 UTC' }),
  operational_status: z.string().meta({ example: 'delay' }),
  delay_minutes: z.string().meta({ example: '35' }),
  lanes_open: z.string().meta({ example: '8' }),
  method: method.optional(),
});
const maximumLanes = z.string().meta({ example: '12' });
export const feedOut = z.object({
  port_number: z.string().meta({ example: '250401' }),
  border: z.string().meta({ example: 'Mexican Border' }),
  port_name: z.string().meta({ example: 'San Ysidro' }),
  crossing_name: z.string().meta({ example: '' }),
  hours: z.string().meta({ example: '24 hrs/day' }),
  date: z.string().meta({ example: '2026-07-15' }),
  port_status: z.enum(['Open', 'Closed']).meta({ example: 'Open' }),
  passenger_vehicle_lanes: z.object({
    maximum_lanes: maximumLanes,
    standard_lanes: feedLane,
    NEXUS_SENTRI_lanes: feedLane,
    ready_lanes: feedLane,
  }),
  pedestrian_lanes: z.object({ maximum_lanes: maximumLanes, standard_lanes: feedLane, ready_lanes: feedLane }),
  commercial_vehicle_lanes: z.object({ maximum_lanes: maximumLanes, standard_lanes: feedLane, FAST_lanes: feedLane }),
  construction_notice: z.string().meta({ example: '' }),
});

export const measuredOut = z.object({
  portId,
  buckets: z.array(
    z.object({
      laneType: z.string().meta({ example: 'general' }),
      bucketStart: isoTime,
      crossings: z.number().int().meta({ example: 12 }),
      meanWait: z.number().meta({ example: 31.5 }),
      p90Wait: z.number().meta({ example: 44 }),
      method: z.literal('measured'),
    }),
  ),
});

export const forecastOut = z.object({
  port: portCode,
  country,
  lane: boardType,
  at: z.string().meta({ example: '2026-07-15T20:00:00Z' }),
  method: z.enum(['predicted', 'estimated', 'none']).meta({ example: 'predicted' }),
  minutes: z.number().nullable().meta({ example: 27.4 }),
  low: z.number().optional().meta({ example: 15.2 }),
  high: z.number().optional().meta({ example: 41 }),
  basis: z.string().meta({ example: 'hourly history' }),
  horizonHours: z.number().int().optional().meta({ example: 24 }),
});

export const volumesOut = z.object({
  port: portCode,
  country,
  months: z.array(
    z.object({
      month: z.string().meta({ example: '2022-07' }),
      measure: z.string().meta({ example: 'Personal Vehicles' }),
      value: z.number().int().meta({ example: 1200000 }),
    }),
  ),
});
