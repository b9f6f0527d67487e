// Ports of entry (US land ports from the BTS file via data/ports.json, the facing Canadian and Mexican crossings of
// the busiest ones, the eight Canadian airports with US preclearance) and their lanes with booth schedules.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Seeder } from '../../seed.ts';

const data = (f: string) => JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../data', f), 'utf8'));
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

export const lanesSeeder: Seeder = {
  name: 'ports of entry and lanes',
  async run(ctx) {
    const ports: any[] = data('ports.json');
    const crossings = data('crossings.json');
    const major = new Map<string, any>(crossings.major.map((m: any) => [m.usPort, m]));
    const rows: any[] = [],
      lanes: any[] = [];
    const addLanes = (portId: string, direction: string, counts: Record<string, number>, h24: boolean) => {
      for (const [type, n] of Object.entries(counts))
        if (n > 0) {
          const schedule = h24
            ? [
                { days: ALL_DAYS, from: 0, to: 24, open: Math.max(1, Math.ceil(n / 2)) },
                { days: ALL_DAYS, from: 6, to: 22, open: n },
              ]
            : [{ days: ALL_DAYS, from: 7, to: 23, open: n }];
          lanes.push([`${portId}-${type}`, portId, type, direction, n, JSON.stringify(schedule)]);
        }
    };
    for (const p of ports) {
      const border = p.border === 'US-Canada' ? 'north' : 'south';
      const m = major.get(p.code);
      const id = `US-${p.code}`;
      rows.push([
        id,
        p.code,
        p.name,
        'US',
        border,
        'land',
        m ? `${m.partnerCountry}-${p.code}` : null,
        p.stateCode ?? p.state ?? null,
        p.latitude,
        p.longitude,
        !!m,
      ]);
      addLanes(
        id,
        'US',
        m?.lanes ?? (border === 'north' ? { general: 2, commercial: 1 } : { general: 2, commercial: 1, pedestrian: 1 }),
        !!m,
      );
      if (m) {
        const pid = `${m.partnerCountry}-${p.code}`;
        rows.push([pid, p.code, m.partner, m.partnerCountry, border, 'land', id, null, p.latitude, p.longitude, true]);
        const l = m.lanes;
        addLanes(
          pid,
          m.partnerCountry,
          m.partnerCountry === 'CA'
            ? { general: l.general, trusted: l.trusted ?? 0, fast: l.fast ?? 0, commercial: l.commercial ?? 0 }
            : { general: l.general, commercial: l.commercial ?? 0, pedestrian: l.pedestrian ?? 0 },
          true,
        );
      }
    }
    for (const a of crossings.preclearance) {
      const id = `PC-${a.id}`;
      rows.push([id, a.id, a.name, 'CA', 'air', 'preclearance', null, null, a.latitude, a.longitude, true]);
      addLanes(id, 'US', { preclearance: 6, preclearance_trusted: 2 }, false);
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (const r of rows)
        await sql`insert into ln_ports (id, code, name, country, border, kind, partner_port_id, state, latitude, longitude, major) values (${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}, ${r[4]}, ${r[5]}, ${r[6]}, ${r[7]}, ${r[8]}, ${r[9]}, ${r[10]}) on conflict (id) do update set name = excluded.name, major = excluded.major`.execute(
          trx,
        );
      for (const l of lanes)
        await sql`insert into ln_lanes (id, port_id, lane_type, direction, booths, schedule) values (${l[0]}, ${l[1]}, ${l[2]}, ${l[3]}, ${l[4]}, ${l[5]}::jsonb) on conflict (id) do nothing`.execute(
          trx,
        );
    });
  },
};
