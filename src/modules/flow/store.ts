// Every query of the flow module, typed: imports with provenance, BTS monthly volumes, CBP historical wait averages,
// hourly observed delays. Each row carries its owner (the country whose port it measures, and that country's border
// agency); every read names the owner, so one country's data never answers for another's.
import { sql, type ColumnType, type Generated, type Insertable, type Selectable } from 'kysely';
import type { AgencyCode, CountryCode } from '../../kernel/agencies.ts';
import type { DB } from '../../kernel/db.ts';

export type ImportKind = 'bts' | 'cbp-bwt' | 'hourly';
/** The owner of a flow row: the country whose port the data measures and its border agency. */
export interface FlowOwner {
  country: CountryCode;
  agency: AgencyCode;
}

/** The module's tables, as its migrations define them (a type alias: Kysely's withTables wants an index signature). */
export type FlowTables = {
  fl_imports: {
    id: string;
    kind: ImportKind;
    file_name: string;
    sha256: string;
    rows: number;
    port_code: string | null;
    lane_type: string | null;
    source: string;
    imported_at: Generated<Date>;
    actor_id: string | null;
    country: CountryCode;
    agency: AgencyCode;
  };
  fl_monthly: {
    country: CountryCode;
    agency: AgencyCode;
    port_code: string;
    /** `YYYY-MM` */
    month: string;
    measure: string;
    /** bigint, read as a number (db.ts) */
    value: ColumnType<number, number | bigint, number>;
    import_id: string;
  };
  fl_wait_profile: {
    country: CountryCode;
    agency: AgencyCode;
    port_code: string;
    lane_type: string;
    month: number;
    weekday: number;
    hour: number;
    minutes: number;
    import_id: string;
  };
  fl_hourly: {
    country: CountryCode;
    agency: AgencyCode;
    port_code: string;
    lane_type: string;
    /** hours since 1970-01-01 00:00 on the port's local clock */
    hour: number;
    minutes: number;
    import_id: string;
  };
};
export type ImportRow = Selectable<FlowTables['fl_imports']>;
export type NewImportRow = Insertable<FlowTables['fl_imports']>;

const tables = (db: DB) => db.withTables<FlowTables>();

// ---------- imports (writes run in the importing transaction) ----------
export async function insertImport(db: DB, row: NewImportRow): Promise<void> {
  await tables(db).insertInto('fl_imports').values(row).execute();
}

/** How many imports the database holds (the demo imports the shipped files once). */
export async function importCount(db: DB): Promise<number> {
  const r = await tables(db)
    .selectFrom('fl_imports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Monthly counts by port and measure; a later import of the same month replaces the value (bulk, by unnest). */
export async function upsertMonthly(
  db: DB,
  owner: FlowOwner,
  importId: string,
  rows: { portCode: string; month: string; measure: string; value: number }[],
): Promise<void> {
  await sql`insert into fl_monthly (country, agency, port_code, month, measure, value, import_id)
    select ${owner.country}, ${owner.agency}, p, m, me, v, ${importId}::uuid
    from unnest(${rows.map((r) => r.portCode)}::text[], ${rows.map((r) => r.month)}::text[],
      ${rows.map((r) => r.measure)}::text[], ${rows.map((r) => r.value)}::bigint[]) as t(p, m, me, v)
    on conflict (country, port_code, month, measure)
    do update set value = excluded.value, import_id = excluded.import_id, agency = excluded.agency`.execute(db);
}

/** CBP historical averages of a port, by lane type, month, weekday and hour (bulk, by unnest). */
export async function upsertWaitProfile(
  db: DB,
  owner: FlowOwner,
  portCode: string,
  importId: string,
  rows: { laneType: string; month: number; weekday: number; hour: number; minutes: number }[],
): Promise<void> {
  await sql`insert into fl_wait_profile (country, agency, port_code, lane_type, month, weekday, hour, minutes,
      import_id)
    select ${owner.country}, ${owner.agency}, ${portCode}, l, mo, wd, h, mi, ${importId}::uuid
    from unnest(${rows.map((r) => r.laneType)}::text[], ${rows.map((r) => r.month)}::int[],
      ${rows.map((r) => r.weekday)}::int[], ${rows.map((r) => r.hour)}::int[],
      ${rows.map((r) => r.minutes)}::real[]) as t(l, mo, wd, h, mi)
    on conflict (country, port_code, lane_type, month, weekday, hour)
    do update set minutes = excluded.minutes, import_id = excluded.import_id, agency = excluded.agency`.execute(db);
}

/** Hourly observed delays of one lane type of a port (bulk, by unnest). */
export async function upsertHourly(
  db: DB,
  owner: FlowOwner,
  portCode: string,
  laneType: string,
  importId: string,
  rows: { hour: number; minutes: number }[],
): Promise<void> {
  await sql`insert into fl_hourly (country, agency, port_code, lane_type, hour, minutes, import_id)
    select ${owner.country}, ${owner.agency}, ${portCode}, ${laneType}, h, m, ${importId}::uuid
    from unnest(${rows.map((r) => r.hour)}::int[], ${rows.map((r) => r.minutes)}::real[]) as t(h, m)
    on conflict (country, port_code, lane_type, hour)
    do update set minutes = excluded.minutes, import_id = excluded.import_id, agency = excluded.agency`.execute(db);
}

// ---------- reads; `country` is the owner whose data is asked for ----------
export interface VolumeRow {
  month: string;
  measure: string;
  value: number;
}
export const monthlyVolumes = (db: DB, country: CountryCode, portCode: string): Promise<VolumeRow[]> =>
  tables(db)
    .selectFrom('fl_monthly')
    .select(['month', 'measure', 'value'])
    .where('country', '=', country)
    .where('port_code', '=', portCode)
    .orderBy('month')
    .orderBy('measure')
    .execute();

export interface ProfileRow {
  lane_type: string;
  hour: number;
  minutes: number;
}
/** CBP's historical average wait by hour of day for one month and weekday (0 Sunday), per lane type. */
export const waitProfile = (
  db: DB,
  country: CountryCode,
  portCode: string,
  month: number,
  weekday: number,
): Promise<ProfileRow[]> =>
  tables(db)
    .selectFrom('fl_wait_profile')
    .select(['lane_type', 'hour', 'minutes'])
    .where('country', '=', country)
    .where('port_code', '=', portCode)
    .where('month', '=', month)
    .where('weekday', '=', weekday)
    .orderBy('lane_type')
    .orderBy('hour')
    .execute();

/** CBP's historical average for one lane type at one month, weekday and hour, if held. */
export async function waitAverage(
  db: DB,
  country: CountryCode,
  portCode: string,
  laneType: string,
  at: { month: number; weekday: number; hour: number },
): Promise<number | null> {
  const r = await tables(db)
    .selectFrom('fl_wait_profile')
    .select('minutes')
    .where('country', '=', country)
    .where('port_code', '=', portCode)
    .where('lane_type', '=', laneType)
    .where('month', '=', at.month)
    .where('weekday', '=', at.weekday)
    .where('hour', '=', at.hour)
    .executeTakeFirst();
  return r ? r.minutes : null;
}

export interface HourlyProfileRow {
  weekday: number;
  hour: number;
  minutes: number;
  n: number;
}
/** Mean observed delay by weekday (0 Sunday; day 0 of the naive clock, 1970-01-01, was a Thursday) and hour. */
export const hourlyProfile = (
  db: DB,
  country: CountryCode,
  portCode: string,
  laneType: string,
): Promise<HourlyProfileRow[]> =>
  tables(db)
    .selectFrom('fl_hourly')
    .select([
      sql<number>`((hour / 24 + 4) % 7)::int`.as('weekday'),
      sql<number>`(hour % 24)::int`.as('hour'),
      sql<number>`avg(minutes)::real`.as('minutes'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .where('country', '=', country)
    .where('port_code', '=', portCode)
    .where('lane_type', '=', laneType)
    .groupBy([sql`1`, sql`2`])
    .orderBy(sql`1`)
    .orderBy(sql`2`)
    .execute();

/** The whole hourly history of a lane type at a port, oldest first (the predictor learns from it). */
export const hourlySeries = (
  db: DB,
  country: CountryCode,
  portCode: string,
  laneType: string,
): Promise<{ hour: number; minutes: number }[]> =>
  tables(db)
    .selectFrom('fl_hourly')
    .select(['hour', 'minutes'])
    .where('country', '=', country)
    .where('port_code', '=', portCode)
    .where('lane_type', '=', laneType)
    .orderBy('hour')
    .execute();
