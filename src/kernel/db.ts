// One database interface for both engines: PGlite (embedded, default) and a PostgreSQL server (DATABASE_URL).
// Both speak the same PostgreSQL dialect, so queries and migrations are identical; only the driver differs.
import {
  Kysely,
  sql,
  type RawBuilder,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  PostgresDialect,
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type Dialect,
} from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import fs from 'node:fs';
import type { KernelTables } from './tables.ts';

/**
 * The database as the kernel knows it: its own tables only. A module's store widens it with its own tables
 * (`db.withTables<TravellersTables>()`), so a query names only tables that the module declares.
 */
export type DB = Kysely<KernelTables>;
export type Engine = 'pglite' | 'postgresql';
export interface Database {
  db: DB;
  engine: Engine;
  close(): Promise<void>;
  exec(sqlText: string): Promise<void>;
  listen?(channel: string, fn: (payload: string) => void): Promise<void>;
  notify(channel: string, payload: string): Promise<void>;
}

/**
 * Executes several data-modifying statements as one (data-modifying WITH clauses): one round trip instead of one per
 * statement, atomic on its own. All of them see the same snapshot, so none may read what another writes; foreign keys
 * between them are checked at the end of the statement and hold.
 */
export async function executeTogether(db: DB, statements: RawBuilder<unknown>[]): Promise<void> {
  if (statements.length <= 1) {
    if (statements.length) await statements[0].execute(db);
    return;
  }
  const [main, ...rest] = statements;
  await sql`with ${sql.join(rest.map((s, i) => sql`${sql.raw(`s${i}`)} as (${s})`))} ${main}`.execute(db);
}

const toNumber = (v: string) => Number(v);
// int8 and numeric as JS numbers on both engines (counts and sums stay well below 2^53).
pg.types.setTypeParser(20, toNumber);
pg.types.setTypeParser(1700, toNumber);

class PGliteConnection implements DatabaseConnection {
  client: PGlite;
  constructor(client: PGlite) {
    this.client = client;
  }
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters, the simple protocol runs multi-statement text (migrations), as pg does.
    const res =
      query.parameters.length === 0
        ? ((await this.client.exec(query.sql, { rowMode: 'object' })).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.client.query<R>(query.sql, [...query.parameters], { rowMode: 'object' });
    return {
      rows: res.rows as R[],
      numAffectedRows: res.affectedRows === undefined ? undefined : BigInt(res.affectedRows),
    };
  }
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on PGlite');
  }
}

// PGlite is a single connection: a FIFO mutex hands it to one Kysely "connection" at a time, so a transaction's
// statements are never interleaved with another request's.
class PGliteDriver implements Driver {
  client: PGlite;
  queue: Array<() => void> = [];
  busy = false;
  constructor(client: PGlite) {
    this.client = client;
  }
  async init() {
    await this.client.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.busy) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.busy = true;
    return new PGliteConnection(this.client);
  }
  async beginTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection() {
    const next = this.queue.shift();
    if (next) next();
    else this.busy = false;
  }
  async destroy() {
    await this.client.close();
  }
}

function pgliteDialect(client: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PGliteDriver(client),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string /** PostgreSQL schema to use (tests isolate themselves this way) */;
  schema?: string;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const options = opts.schema ? `-c search_path=${opts.schema}` : undefined;
    if (opts.schema) {
      const admin = new pg.Client({ connectionString: opts.databaseUrl });
      await admin.connect();
      await admin.query(`create schema if not exists "${opts.schema}"`);
      await admin.end();
    }
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, options });
    const db = new Kysely<KernelTables>({ dialect: new PostgresDialect({ pool }) });
    let listener: pg.Client | undefined;
    const handlers = new Map<string, Set<(p: string) => void>>();
    const scoped = (channel: string) => (opts.schema ? `${opts.schema}_${channel}` : channel);
    return {
      db,
      engine: 'postgresql',
      close: async () => {
        await listener?.end();
        await db.destroy();
      },
      exec: async (text) => {
        await pool.query(text);
      },
      // Channels are database-wide; a schema-scoped installation (tests, several tenants) hears only its own.
      notify: async (channel, payload) => {
        await pool.query('select pg_notify($1, $2)', [scoped(channel), payload]);
      },
      listen: async (channel, fn) => {
        channel = scoped(channel);
        if (!listener) {
          listener = new pg.Client({ connectionString: opts.databaseUrl, options });
          await listener.connect();
          listener.on('notification', (n) => handlers.get(n.channel)?.forEach((h) => h(n.payload ?? '')));
        }
        const set = handlers.get(channel) ?? new Set();
        set.add(fn);
        handlers.set(channel, set);
        await listener.query(`listen "${channel}"`);
      },
    };
  }
  const dir = opts.dataDir;
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir, { parsers: { 20: toNumber, 1700: toNumber } });
  await client.waitReady;
  const db = new Kysely<KernelTables>({ dialect: pgliteDialect(client) });
  const handlers = new Map<string, Set<(p: string) => void>>();
  return {
    db,
    engine: 'pglite',
    close: async () => {
      await db.destroy();
    },
    exec: async (text) => {
      await client.exec(text);
    },
    // One process owns a PGlite database, so in-process listeners are told directly.
    notify: async (channel, payload) => {
      handlers.get(channel)?.forEach((h) => h(payload));
    },
    listen: async (channel, fn) => {
      const set = handlers.get(channel) ?? new Set();
      set.add(fn);
      handlers.set(channel, set);
    },
  };
}
