// Enrolment centres (real places, data/enrolment-centres.json) and interview slots for the next weeks.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Seeder } from '../../seed.ts';
import * as store from './store.ts';

const file = path.resolve(import.meta.dirname, '../../../data/enrolment-centres.json');

/** A centre as the data file describes it (older files name `agencies` and `nearestPortCode`). */
interface CentreData {
  id: string;
  name: string;
  city: string;
  country: string;
  agency?: string;
  agencies?: string[];
  programmes: string[];
  enrolmentOnArrival?: boolean;
  portCode?: string;
  nearestPortCode?: string;
  timezone: string;
}

export const travellersSeeder: Seeder = {
  name: 'enrolment centres and interview slots',
  async run(ctx) {
    const raw: CentreData[] | { centres: CentreData[] } = JSON.parse(fs.readFileSync(file, 'utf8'));
    const centres = Array.isArray(raw) ? raw : raw.centres;
    for (const c of centres) {
      const agency = c.agency ?? c.agencies?.[0];
      if (!agency) throw new Error(`${file}: centre ${c.id} names no agency`);
      await store.upsertCentre(ctx.db, {
        id: c.id,
        name: c.name,
        city: c.city,
        country: c.country,
        agency,
        programmes: c.programmes,
        enrolment_on_arrival: !!c.enrolmentOnArrival,
        port_code: c.portCode ?? c.nearestPortCode ?? null,
        timezone: c.timezone,
      });
    }
    // Slots: weekdays for the next 21 days, 09:00–15:00 UTC-ish hourly, 2 places each; existing slots are kept.
    const start = new Date();
    start.setUTCHours(0, 0, 0, 0);
    await ctx.db.transaction().execute(async (trx) => {
      for (const c of centres) {
        const slots = [];
        for (let d = 1; d <= 21; d++) {
          const day = new Date(start.getTime() + d * 86400000);
          if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
          for (let h = 14; h <= 20; h++)
            slots.push({
              id: crypto.randomUUID(),
              centre_id: c.id,
              starts_at: new Date(day.getTime() + h * 3600000),
              capacity: 2,
            });
        }
        await store.insertSlots(trx, slots);
      }
    });
  },
};
