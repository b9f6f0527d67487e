// Ports of entry (US land ports from the BTS file via data/ports.json, the facing Canadian and Mexican crossings of
// the busiest ones, the eight Canadian airports with US preclearance) and their lanes with booth schedules.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { COUNTRIES, type CountryCode } from '../../kernel/agencies.ts';
import type { Seeder } from '../../seed.ts';
import { LANE_TYPES, type LaneType } from './domain/decide.ts';
import type { ScheduleSlot } from './domain/ports.ts';
import { type NewLaneRow, type NewPortRow, savePortsAndLanes } from './store.ts';

const DATA = path.resolve(import.meta.dirname, '../../../data');
const readData = <T>(file: string, schema: z.ZodType<T>): T => {
  const p = path.join(DATA, file);
  if (!fs.existsSync(p)) throw new Error(`reference data missing: ${p}`);
  return schema.parse(JSON.parse(fs.readFileSync(p, 'utf8')));
};

const laneCounts = z.partialRecord(z.enum(LANE_TYPES), z.number().int().min(0));
const portsFile = z.array(
  z.object({
    code: z.string(),
    name: z.string(),
    state: z.string().nullish(),
    stateCode: z.string().nullish(),
    border: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
  }),
);
const crossingsFile = z.object({
  major: z.array(
    z.object({ usPort: z.string(), partner: z.string(), partnerCountry: z.enum(COUNTRIES), lanes: laneCounts }),
  ),
  preclearance: z.array(z.object({ id: z.string(), name: z.string(), latitude: z.number(), longitude: z.number() })),
});

const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];
type LaneCounts = Partial<Record<LaneType, number>>;

export const lanesSeeder: Seeder = {
  name: 'ports of entry and lanes',
  async run(ctx) {
    const ports = readData('ports.json', portsFile);
    const crossings = readData('crossings.json', crossingsFile);
    const major = new Map(crossings.major.map((m) => [m.usPort, m]));
    const rows: NewPortRow[] = [];
    const lanes: NewLaneRow[] = [];
    const addLanes = (portId: string, direction: CountryCode, counts: LaneCounts, h24: boolean) => {
      // In the order the reference data gives them (the console offers the first lane of a port first).
      for (const [key, n] of Object.entries(counts)) {
        const type = LANE_TYPES.find((t) => t === key);
        if (!type || !n || n <= 0) continue;
        const schedule: ScheduleSlot[] = h24
          ? [
              { days: ALL_DAYS, from: 0, to: 24, open: Math.max(1, Math.ceil(n / 2)) },
              { days: ALL_DAYS, from: 6, to: 22, open: n },
            ]
          : [{ days: ALL_DAYS, from: 7, to: 23, open: n }];
        lanes.push({
          id: `${portId}-${type}`,
          port_id: portId,
          lane_type: type,
          direction,
          booths: n,
          schedule: JSON.stringify(schedule),
        });
      }
    };
    for (const p of ports) {
      const border = p.border === 'US-Canada' ? 'north' : 'south';
      const m = major.get(p.code);
      const id = `US-${p.code}`;
      const partnerId = m ? `${m.partnerCountry}-${p.code}` : null;
      const at = { latitude: p.latitude, longitude: p.longitude };
      rows.push({
        id,
        code: p.code,
        name: p.name,
        country: 'US',
        border,
        kind: 'land',
        partner_port_id: partnerId,
        state: p.stateCode ?? p.state ?? null,
        ...at,
        major: !!m,
      });
      const usLanes: LaneCounts =
        m?.lanes ?? (border === 'north' ? { general: 2, commercial: 1 } : { general: 2, commercial: 1, pedestrian: 1 });
      addLanes(id, 'US', usLanes, !!m);
      if (m && partnerId) {
        rows.push({
          id: partnerId,
          code: p.code,
          name: m.partner,
          country: m.partnerCountry,
          border,
          kind: 'land',
          partner_port_id: id,
          state: null,
          ...at,
          major: true,
        });
        const l = m.lanes;
        addLanes(
          partnerId,
          m.partnerCountry,
          m.partnerCountry === 'CA'
            ? { general: l.general, trusted: l.trusted, fast: l.fast, commercial: l.commercial }
            : { general: l.general, commercial: l.commercial, pedestrian: l.pedestrian },
          true,
        );
      }
    }
    for (const a of crossings.preclearance) {
      const id = `PC-${a.id}`;
      rows.push({
        id,
        code: a.id,
        name: a.name,
        country: 'CA',
        border: 'air',
        kind: 'preclearance',
        partner_port_id: null,
        state: null,
        latitude: a.latitude,
        longitude: a.longitude,
        major: true,
      });
      addLanes(id, 'US', { preclearance: 6, preclearance_trusted: 2 }, false);
    }
    await ctx.db.transaction().execute((trx) => savePortsAndLanes(trx, rows, lanes));
  },
};
