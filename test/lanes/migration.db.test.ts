// lanes/002 backfills the owner of crossings and referrals recorded before it (the country the lane leads into and
// its border agency), then makes the columns NOT NULL.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/kernel/db.ts';
import { listMigrations } from '../../src/kernel/migrate.ts';
import { engine } from '../helpers.ts';

const URL_ = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = engine === 'postgresql' ? `t_lnmig_${crypto.randomBytes(6).toString('hex')}` : undefined;
let database: Database | undefined;
after(async () => {
  await database?.close();
  if (schema) {
    const c = new pg.Client({ connectionString: URL_ });
    await c.connect();
    await c.query(`drop schema if exists "${schema}" cascade`);
    await c.end();
  }
});

test('lanes/002 backfills country and agency of existing crossings and referrals', async () => {
  database = await openDatabase(engine === 'postgresql' ? { databaseUrl: URL_, schema } : {});
  const files = listMigrations();
  const before = files.filter((m) => m.module === 'kernel' || (m.module === 'lanes' && m.name < '002'));
  const owners = files.find((m) => m.module === 'lanes' && m.name.startsWith('002'));
  assert.ok(owners, 'lanes/002 exists');
  for (const m of before) await database.exec(m.text);
  const db = database.db;
  await sql`insert into ln_ports (id, code, name, country, border, kind) values
    ('US-0901', '0901', 'Buffalo', 'US', 'north', 'land'), ('PC-YYZ', 'YYZ', 'Toronto', 'CA', 'air', 'preclearance'),
    ('CA-0901', '0901', 'Fort Erie', 'CA', 'north', 'land')`.execute(db);
  const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const lanes = [
    ['US-0901', 'US-0901-general', 'US', 'primary', 'CBP'],
    ['PC-YYZ', 'PC-YYZ-preclearance', 'US', 'preclearance', null],
    ['CA-0901', 'CA-0901-general', 'CA', 'primary', null],
  ] as const;
  for (const [i, [port, lane, direction, mode, agency]] of lanes.entries())
    await sql`insert into ln_crossings (id, port_id, lane_id, lane_type, direction, mode, booth_started_at,
      decided_at, outcome, occupants, processing_micros, agency)
      values (${ids[i]}, ${port}, ${lane}, 'general', ${direction}, ${mode}, now(), now(), 'refer', 1, 10,
        ${agency})`.execute(db);
  await sql`insert into ln_referrals (id, crossing_id, port_id, reasons)
    select gen_random_uuid(), id, port_id, '[]'::jsonb from ln_crossings`.execute(db);
  await database.exec(owners.text);
  const crossings = (
    await sql<{ id: string; country: string; agency: string; officer_id: string | null }>`select id, country, agency,
      officer_id from ln_crossings`.execute(db)
  ).rows;
  const byId = new Map(crossings.map((c) => [c.id, [c.country, c.agency, c.officer_id]]));
  assert.deepEqual(byId.get(ids[0]), ['US', 'CBP', null]);
  assert.deepEqual(byId.get(ids[1]), ['US', 'CBP', null], 'preclearance: the United States decides');
  assert.deepEqual(byId.get(ids[2]), ['CA', 'CBSA', null]);
  const referrals = (
    await sql<{ crossing_id: string; country: string; agency: string }>`select crossing_id, country, agency
      from ln_referrals`.execute(db)
  ).rows;
  assert.equal(referrals.length, 3);
  for (const r of referrals) assert.deepEqual([r.country, r.agency], byId.get(r.crossing_id)?.slice(0, 2));
});
