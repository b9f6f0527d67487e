// Migration flow/002 on rows written before it: every existing flow row gets its owner (US, CBP), the columns become
// NOT NULL, and the keys begin with the country, on the engine chosen by the runner.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../src/kernel/db.ts';
import { engine } from '../helpers.ts';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const migration = (dir: string, file: string) => {
  const p = path.join('src', dir, 'migrations', file);
  if (!fs.existsSync(p)) throw new Error(`missing migration: ${p}`);
  return fs.readFileSync(p, 'utf8');
};

test('flow/002 backfills the owner of existing rows and keys them by country', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-flow-mig-'));
  const schema = engine === 'postgresql' ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
  const database = await openDatabase({
    databaseUrl: engine === 'postgresql' ? URL : undefined,
    dataDir: path.join(dataDir, 'pglite'),
    schema,
  });
  try {
    for (const f of ['001_identity_audit.sql', '002_agencies.sql']) await database.exec(migration('kernel', f));
    await database.exec(migration('modules/flow', '001_flow.sql'));
    const id = crypto.randomUUID();
    await database.exec(`
      insert into fl_imports (id, kind, file_name, sha256, rows, source) values ('${id}', 'bts', 'a.csv', 'x', 1, 's');
      insert into fl_monthly values ('2504', '2022-07', 'Trucks', 12, '${id}');
      insert into fl_wait_profile values ('2504', 'general', 7, 3, 8, 42.5, '${id}');
      insert into fl_hourly values ('3004', 'general', 420000, 4.5, '${id}');`);
    await database.exec(migration('modules/flow', '002_flow_owner.sql'));
    const db = database.db;
    for (const table of ['fl_imports', 'fl_monthly', 'fl_wait_profile', 'fl_hourly']) {
      const r = await sql<{ country: string; agency: string }>`select country, agency from ${sql.table(table)}`.execute(
        db,
      );
      assert.deepEqual(r.rows, [{ country: 'US', agency: 'CBP' }], table);
      const nullable = await sql<{ column_name: string; is_nullable: string }>`select column_name, is_nullable
        from information_schema.columns where table_name = ${table} and column_name in ('country', 'agency')
        and table_schema = current_schema()`.execute(db);
      assert.deepEqual(
        nullable.rows.map((c) => c.is_nullable),
        ['NO', 'NO'],
        table,
      );
    }
    // The same port code, month and measure may now be held for two countries.
    await database.exec(`insert into fl_monthly (country, agency, port_code, month, measure, value, import_id)
      values ('CA', 'CBSA', '2504', '2022-07', 'Trucks', 3, '${id}')`);
    await assert.rejects(
      database.exec(`insert into fl_monthly (country, agency, port_code, month, measure, value, import_id)
        values ('CA', 'NOPE', '2504', '2022-08', 'Trucks', 3, '${id}')`),
      'the agency is one of the agencies',
    );
    const indexes = await sql<{ indexname: string }>`select indexname from pg_indexes
      where tablename like 'fl_%' and schemaname = current_schema() order by 1`.execute(db);
    for (const i of ['fl_imports_owner', 'fl_monthly_agency_idx', 'fl_wait_profile_agency_idx', 'fl_hourly_agency_idx'])
      assert.ok(
        indexes.rows.some((r) => r.indexname === i),
        i,
      );
  } finally {
    await database.close();
    if (schema) {
      const c = new pg.Client({ connectionString: URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
