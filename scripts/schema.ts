// Writes docs/schema.sql: the schema the migrations build, on a fresh embedded database.
// `node scripts/schema.ts --check` exits with 1 (and says so) when the committed file is out of date.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/kernel/db.ts';
import { migrate } from '../src/kernel/migrate.ts';
import { schemaSnapshot } from '../src/kernel/schema-snapshot.ts';

const target = path.resolve(import.meta.dirname, '../docs/schema.sql');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-schema-'));
const database = await openDatabase({ dataDir: dir });
try {
  await migrate(database);
  const text = await schemaSnapshot(database.db);
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (committed !== text) {
      process.stderr.write(`${target} is out of date: run node scripts/schema.ts\n`);
      process.exitCode = 1;
    }
  } else {
    fs.writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
  }
} finally {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
