// Enrolment centres (real places, data/enrolment-centres.json) and interview slots for the next weeks.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Seeder } from '../../seed.ts';

const file = path.resolve(import.meta.dirname, '../../../data/enrolment-centres.json');

export const travellersSeeder: Seeder = {
  name: 'enrolment centres and interview slots',
  async run(ctx) {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    const centres: any[] = Array.isArray(raw) ? raw : raw.centres;
    for (const c of centres) {
      await sql`insert into tt_centres (id, name, city, country, agency, programmes, enrolment_on_arrival, port_code, timezone)
        values (${c.id}, ${c.name}, ${c.city}, ${c.country}, ${c.agency ?? c.agencies?.[0]}, ${c.programmes}, ${!!c.enrolmentOnArrival}, ${c.portCode ?? c.nearestPortCode ?? null}, ${c.timezone})
        on conflict (id) do update set name = excluded.name, programmes = excluded.programmes, enrolment_on_arrival = excluded.enrolment_on_arrival`.execute(
        ctx.db,
      );
    }
    // Slots: weekdays for the next 21 days, 09:00–15:00 UTC-ish hourly, 2 places each; existing slots are kept.
    const start = new Date();
    start.setUTCHours(0, 0, 0, 0);
    await ctx.db.transaction().execute(async (trx) => {
      for (const c of centres)
        for (let d = 1; d <= 21; d++) {
          const day = new Date(start.getTime() + d * 86400000);
          if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
          for (let h = 14; h <= 20; h++) {
            const at = new Date(day.getTime() + h * 3600000);
            await sql`insert into tt_slots (id, centre_id, starts_at, capacity) values (${crypto.randomUUID()}, ${c.id}, ${at}, 2) on conflict (centre_id, starts_at) do nothing`.execute(
              trx,
            );
          }
        }
    });
  },
};
