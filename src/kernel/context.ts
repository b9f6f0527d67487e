// Everything a module needs from the kernel, created once at start and passed to each module's register().
import crypto from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase, type Database, type DB } from './db.ts';
import { FieldCipher, deriveKeys, loadMasterKey } from './crypto.ts';
import { AuditLog } from './audit.ts';
import { AuditCheckpoints } from './audit-checkpoint.ts';
import { createGuard, type Guard } from './access.ts';
import { migrate } from './migrate.ts';
import { createLogger } from './log.ts';

export interface Ctx {
  config: Config;
  database: Database;
  db: DB;
  cipher: FieldCipher;
  audit: AuditLog;
  /** Asks named policies and audits refusals (access.ts). */
  guard: Guard;
  log: Logger;
  /** Queue a notification in the caller's transaction; it is delivered (or shown in the demo outbox) after commit. */
  notify(trx: DB, n: { userId: string | null; to: string; subject: string; body: string }): Promise<void>;
}

export async function createContext(
  config: Config,
  opts: { schema?: string; migrate?: boolean; log?: Logger } = {},
): Promise<Ctx> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: path.join(config.dataDir, 'pglite'),
    schema: opts.schema,
  });
  if (opts.migrate !== false)
    await migrate(database, (m) => log.info({ migration: `${m.module}/${m.name}` }, 'migration applied'));
  const keys = deriveKeys(loadMasterKey(config.SMARTBORDER_KEY, config.dataDir));
  const audit = new AuditLog(keys.audit, new AuditCheckpoints(keys.checkpoint, config.dataDir));
  return {
    config,
    database,
    db: database.db,
    cipher: new FieldCipher(keys),
    audit,
    guard: createGuard({ db: database.db, audit }),
    log,
    async notify(trx, n) {
      await trx
        .insertInto('outbox')
        .values({ id: crypto.randomUUID(), user_id: n.userId, to_address: n.to, subject: n.subject, body: n.body })
        .execute();
    },
  };
}
