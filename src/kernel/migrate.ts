// Plain SQL migrations per module, applied in order, each recorded with its SHA-256 so that an edited migration that
// already ran is refused instead of silently diverging between environments. The same files run on both engines.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from './db.ts';
import { MODULES } from './modules.ts';

const root = path.resolve(import.meta.dirname, '..');

export interface MigrationFile {
  module: string;
  name: string;
  file: string;
  checksum: string;
  text: string;
}

export function listMigrations(): MigrationFile[] {
  const dirs = [
    { module: 'kernel', dir: path.join(root, 'kernel', 'migrations') },
    ...MODULES.map((m) => ({ module: m, dir: path.join(root, 'modules', m, 'migrations') })),
  ];
  const out: MigrationFile[] = [];
  for (const { module, dir } of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const name of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, 'utf8');
      out.push({ module, name, file, text, checksum: crypto.createHash('sha256').update(text).digest('hex') });
    }
  }
  return out;
}

export async function migrate(database: Database, onApplied?: (m: MigrationFile) => void): Promise<MigrationFile[]> {
  await database.exec(`create table if not exists schema_migrations (
    module text not null, name text not null, checksum text not null, applied_at timestamptz not null default now(),
    primary key (module, name))`);
  const done = await sql<{
    module: string;
    name: string;
    checksum: string;
  }>`select module, name, checksum from schema_migrations`.execute(database.db);
  const known = new Map(done.rows.map((r) => [`${r.module}/${r.name}`, r.checksum]));
  const applied: MigrationFile[] = [];
  for (const m of listMigrations()) {
    const prior = known.get(`${m.module}/${m.name}`);
    if (prior) {
      if (prior !== m.checksum)
        throw new Error(
          `Migration ${m.module}/${m.name} was changed after it was applied ` +
            `(checksum ${prior.slice(0, 12)} != ${m.checksum.slice(0, 12)}). Add a new migration instead.`,
        );
      continue;
    }
    await database.db.transaction().execute(async (trx) => {
      await sql.raw(m.text).execute(trx);
      await trx
        .insertInto('schema_migrations')
        .values({ module: m.module, name: m.name, checksum: m.checksum })
        .execute();
    });
    applied.push(m);
    onApplied?.(m);
  }
  return applied;
}
