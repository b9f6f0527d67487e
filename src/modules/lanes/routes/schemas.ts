// The lanes API's request and response schemas, with examples (OpenAPI at /openapi.json).
import { z } from 'zod';
import { COUNTRIES } from '../../../kernel/agencies.ts';
import { LANE_TYPES } from '../domain/decide.ts';
import { PORT_BORDERS, PORT_KINDS } from '../domain/ports.ts';
import { SECONDARY_OUTCOMES } from '../store.ts';

export const tags = ['lanes'];

export const portId = z.string().max(20).meta({ example: 'US-0901' });
export const laneId = z.string().max(60).meta({ example: 'US-0901-trusted' });
const country = z.enum(COUNTRIES).meta({ example: 'US' });

export const portOut = z.object({
  id: portId,
  code: z.string().meta({ example: '0901' }),
  name: z.string().meta({ example: 'Buffalo-Niagara Falls' }),
  country,
  border: z.enum(PORT_BORDERS).meta({ example: 'north' }),
  kind: z.enum(PORT_KINDS).meta({ example: 'land' }),
  partnerPortId: z.string().nullable().meta({ example: 'CA-0901' }),
  state: z.string().nullable().meta({ example: 'NY' }),
  latitude: z.number().nullable().meta({ example: 43.09 }),
  longitude: z.number().nullable().meta({ example: -79.06 }),
  major: z.boolean(),
});

export const laneOut = z.object({
  id: laneId,
  portId,
  laneType: z.enum(LANE_TYPES).meta({ example: 'trusted' }),
  direction: country,
  booths: z.number().int().meta({ example: 4 }),
  schedule: z.array(
    z.object({
      days: z.array(z.number().int().min(0).max(6)).meta({ example: [0, 1, 2, 3, 4, 5, 6] }),
      from: z.number().int().meta({ example: 6 }),
      to: z.number().int().meta({ example: 22 }),
      open: z.number().int().meta({ example: 4 }),
    }),
  ),
  openNow: z.number().int().meta({ example: 2 }),
});

const mrzExample = 'P<CANGAGNON<<LUC<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nHK445566<0CAN8209304M3101315<<<<<<<<<<<<<<04';
export const occupant = z.object({
  mrz: z.string().max(200).optional().meta({ example: mrzExample }),
  cardNumber: z.string().max(20).optional().meta({ example: '501234567' }),
});
export const decisionBody = z.object({
  portId,
  laneId,
  occupants: z.array(occupant).min(1).max(15),
  plate: z
    .object({
      number: z.string().trim().min(1).max(15).meta({ example: 'CBXT 123' }),
      jurisdiction: z.string().trim().max(10).optional().meta({ example: 'ON' }),
    })
    .optional(),
  queueJoinedAt: z.iso.datetime({ offset: true }).optional().meta({ example: '2026-05-04T14:05:00Z' }),
  boothStartedAt: z.iso.datetime({ offset: true }).optional().meta({ example: '2026-05-04T14:21:30Z' }),
});

export const reasonKey = z.string().meta({ example: 'lanes.reason.not_member' });
const reasonArgs = z
  .record(z.string(), z.union([z.string(), z.number()]))
  .optional()
  .meta({ example: { n: 2 } });
export const reasonOut = z.object({ key: reasonKey, args: reasonArgs });
const localizedReason = reasonOut.extend({
  message: z.string().meta({ example: 'Occupant 2: not a member of a programme for this lane.' }),
});
const hitOut = z.object({
  lookoutId: z.string().meta({ example: '0b9c7a52-4a59-4d7e-9a55-2f2d2b8e1c11' }),
  hitId: z.string().optional().meta({ example: '7f1e8a40-1b2c-4d3e-8f90-a1b2c3d4e5f6' }),
  score: z.number().meta({ example: 0.93 }),
  category: z.string().meta({ example: 'customs_smuggling' }),
  recommendedAction: z.string().meta({ example: 'refer_secondary' }),
  name: z.string().meta({ example: 'Petra Novak' }),
});
export const decisionOut = z.object({
  crossingId: z.uuid().meta({ example: 'c7d2b0de-6a8f-4a4e-9b43-0d9f7f1c2a55' }),
  outcome: z.enum(['admit', 'refer']).meta({ example: 'admit' }),
  reasons: z.array(localizedReason),
  referralId: z.uuid().nullable().meta({ example: null }),
  micros: z.number().meta({ example: 38.5 }),
  occupants: z.array(
    z.object({
      n: z.number().int().meta({ example: 1 }),
      name: z.string().nullable().meta({ example: 'LUC GAGNON' }),
      document: z.string().meta({ example: 'passport …566' }),
      documentOk: z.boolean(),
      membership: z
        .object({
          membershipId: z.uuid().meta({ example: '3d5b8f0a-0c1e-4b6a-8e2f-5a7c9d1e3f20' }),
          number: z.string().meta({ example: '501234567' }),
          programmes: z.array(z.string()).meta({ example: ['NEXUS'] }),
          active: z.boolean(),
          status: z.string().meta({ example: 'active' }),
          expiresAt: z.string().meta({ example: '2031-05-04' }),
          renewalPending: z.boolean(),
          photoRef: z.string().optional().meta({ example: 'PHOTO-1' }),
        })
        .nullable(),
      hits: z.array(hitOut),
    }),
  ),
  plateHits: z.array(hitOut),
});

export const referralOut = z.object({
  id: z.uuid().meta({ example: '9a4c1f2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b' }),
  crossingId: z.uuid().meta({ example: 'c7d2b0de-6a8f-4a4e-9b43-0d9f7f1c2a55' }),
  portId,
  laneType: z.enum(LANE_TYPES).meta({ example: 'general' }),
  reasons: z.array(reasonOut),
  openedAt: z.iso.datetime().meta({ example: '2026-05-04T14:21:31.204Z' }),
});
export const outcomeBody = z.object({
  outcome: z.enum(SECONDARY_OUTCOMES).meta({ example: 'admitted' }),
  note: z.string().max(2000).default('').meta({ example: 'namesake, different person' }),
  falsePositive: z.boolean().default(false),
});
