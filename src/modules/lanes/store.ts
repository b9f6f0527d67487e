// Every query of the lanes module, typed: ports and lanes (reference data), crossings (written in batches by the
// crossing writer, which takes the statements from here and sends them with the audit chain's in one statement),
// secondary referrals.
import { type ColumnType, type Generated, type Insertable, type RawBuilder, type Selectable, sql } from 'kysely';
import type { AgencyCode, CountryCode } from '../../kernel/agencies.ts';
import type { DB } from '../../kernel/db.ts';
import type { Json, Timestamp } from '../../kernel/tables.ts';
import type { ReferralQueueScope } from './access.ts';
import type { LaneType, Reason } from './domain/decide.ts';
import type { Lane, Port, ScheduleSlot } from './domain/ports.ts';

export const CROSSING_MODES = ['primary', 'preclearance', 'kiosk'] as const;
export type CrossingMode = (typeof CROSSING_MODES)[number];
export const SECONDARY_OUTCOMES = [
  'admitted',
  'refused',
  'goods_seized',
  'arrested',
  'returned',
  'admitted_with_conditions',
] as const;
export type SecondaryOutcome = (typeof SECONDARY_OUTCOMES)[number];

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** The module's tables, as its migrations define them (a type alias: Kysely's withTables wants an index signature). */
export type LanesTables = {
  ln_ports: {
    id: string;
    code: string;
    name: string;
    country: CountryCode;
    border: Port['border'];
    kind: Port['kind'];
    partner_port_id: string | null;
    state: string | null;
    latitude: number | null;
    longitude: number | null;
    major: Defaulted<boolean>;
  };
  ln_lanes: {
    id: string;
    port_id: string;
    lane_type: LaneType;
    direction: CountryCode;
    booths: number;
    schedule: Json<ScheduleSlot[]>;
  };
  ln_crossings: {
    id: string;
    port_id: string;
    lane_id: string;
    lane_type: LaneType;
    direction: CountryCode;
    mode: CrossingMode;
    queue_joined_at: NullableTimestamp;
    booth_started_at: Timestamp;
    decided_at: Timestamp;
    outcome: 'admit' | 'refer';
    reasons: Defaulted<string[]>;
    occupants: number;
    members: Defaulted<number>;
    hits: Defaulted<number>;
    processing_micros: number;
    /** Owner: the country the lane leads into, and its border agency. */
    country: CountryCode;
    agency: AgencyCode;
    /** The officer who decided, or null for a kiosk (then kiosk_id) and for crossings older than migration 002. */
    officer_id: string | null;
    kiosk_id: string | null;
  };
  ln_referrals: {
    id: string;
    crossing_id: string;
    port_id: string;
    reasons: Json<Reason[]>;
    hit_ids: Defaulted<string[]>;
    opened_at: Generated<Date>;
    closed_at: NullableTimestamp;
    outcome: SecondaryOutcome | null;
    officer_id: string | null;
    note: Defaulted<string>;
    false_positive: Defaulted<boolean>;
    country: CountryCode;
    agency: AgencyCode;
  };
  ln_kiosks: {
    id: string;
    port_id: string;
    label: string;
    /** SHA-256 (hex) of the device credential; the credential itself is shown once, at registration. */
    credential_hash: string;
    status: Defaulted<KioskStatus>;
    registered_by: string | null;
    registered_at: Generated<Date>;
    revoked_at: NullableTimestamp;
    last_seen_at: NullableTimestamp;
  };
};
export type KioskStatus = 'active' | 'revoked';

export type PortRow = Selectable<LanesTables['ln_ports']>;
export type NewPortRow = Insertable<LanesTables['ln_ports']>;
export type LaneRow = Selectable<LanesTables['ln_lanes']>;
export type NewLaneRow = Insertable<LanesTables['ln_lanes']>;
export type CrossingRow = Selectable<LanesTables['ln_crossings']>;
export type ReferralRow = Selectable<LanesTables['ln_referrals']>;
/** A kiosk device as the service sees it (never its credential hash). */
export type KioskRow = Omit<Selectable<LanesTables['ln_kiosks']>, 'credential_hash'>;

/** A crossing as the writer inserts it (every column given: the unnest insert has no defaults). */
export interface NewCrossing {
  id: string;
  portId: string;
  laneId: string;
  laneType: LaneType;
  direction: CountryCode;
  mode: CrossingMode;
  queueJoinedAt: Date | null;
  boothStartedAt: Date;
  decidedAt: Date;
  outcome: 'admit' | 'refer';
  reasons: string[];
  occupants: number;
  members: number;
  hits: number;
  processingMicros: number;
  country: CountryCode;
  agency: AgencyCode;
  officerId: string | null;
  kioskId: string | null;
}
/** A referral to secondary inspection, opened with its crossing. */
export interface NewReferral {
  id: string;
  crossingId: string;
  portId: string;
  reasons: Reason[];
  hitIds: string[];
  country: CountryCode;
  agency: AgencyCode;
}

const tables = (db: DB) => db.withTables<LanesTables>();

// ---------- ports and lanes (reference data) ----------

export async function allPorts(db: DB): Promise<Port[]> {
  const rows = await tables(db).selectFrom('ln_ports').selectAll().execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    country: r.country,
    border: r.border,
    kind: r.kind,
    partnerPortId: r.partner_port_id,
    state: r.state,
    latitude: r.latitude,
    longitude: r.longitude,
    major: r.major,
  }));
}

export async function allLanes(db: DB): Promise<Lane[]> {
  const rows = await tables(db).selectFrom('ln_lanes').selectAll().execute();
  return rows.map((r) => ({
    id: r.id,
    portId: r.port_id,
    laneType: r.lane_type,
    direction: r.direction,
    booths: r.booths,
    schedule: r.schedule,
  }));
}

/** Ports are upserted (name and major flag follow the reference data); existing lanes are kept as they are. */
export async function savePortsAndLanes(trx: DB, ports: NewPortRow[], lanes: NewLaneRow[]): Promise<void> {
  const t = tables(trx);
  for (let i = 0; i < ports.length; i += 1000)
    await t
      .insertInto('ln_ports')
      .values(ports.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), major: eb.ref('excluded.major') })),
      )
      .execute();
  for (let i = 0; i < lanes.length; i += 1000)
    await t
      .insertInto('ln_lanes')
      .values(lanes.slice(i, i + 1000))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
}

// ---------- crossings ----------

/**
 * The insert of a batch of crossings, as one statement whatever the batch size (`insert … select from unnest` of one
 * array per column): the crossing writer executes it together with the batch's referrals, hits and audit entries.
 */
export function crossingsInsert(rows: NewCrossing[]): RawBuilder<unknown> {
  const col = <T>(f: (r: NewCrossing) => T) => rows.map(f);
  // text[][] would need rectangular arrays: each crossing's reasons travel as one comma-joined string.
  return sql`insert into ln_crossings (id, port_id, lane_id, lane_type, direction, mode, queue_joined_at,
      booth_started_at, decided_at, outcome, reasons, occupants, members, hits, processing_micros, country, agency,
      officer_id, kiosk_id)
    select c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, string_to_array(c10, ','), c11, c12, c13, c14, c15, c16, c17, c18
    from unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.portId)}::text[], ${col((r) => r.laneId)}::text[],
      ${col((r) => r.laneType)}::text[], ${col((r) => r.direction)}::text[], ${col((r) => r.mode)}::text[],
      ${col((r) => r.queueJoinedAt)}::timestamptz[], ${col((r) => r.boothStartedAt)}::timestamptz[],
      ${col((r) => r.decidedAt)}::timestamptz[], ${col((r) => r.outcome)}::text[],
      ${col((r) => r.reasons.join(','))}::text[], ${col((r) => r.occupants)}::int[], ${col((r) => r.members)}::int[],
      ${col((r) => r.hits)}::int[], ${col((r) => r.processingMicros)}::int[], ${col((r) => r.country)}::text[],
      ${col((r) => r.agency)}::text[], ${col((r) => r.officerId)}::uuid[], ${col((r) => r.kioskId)}::text[])
      as t(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18)`;
}

/** The insert of a batch's referrals, as one statement (executed with the batch's crossings). */
export function referralsInsert(rows: NewReferral[]): RawBuilder<unknown> {
  const values = rows.map(
    (r) =>
      sql`(${r.id}, ${r.crossingId}, ${r.portId}, ${JSON.stringify(r.reasons)}::jsonb, ${r.hitIds}, ${r.country},
        ${r.agency})`,
  );
  return sql`insert into ln_referrals (id, crossing_id, port_id, reasons, hit_ids, country, agency)
    values ${sql.join(values)}`;
}

export function crossingById(db: DB, id: string): Promise<CrossingRow | undefined> {
  return tables(db).selectFrom('ln_crossings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function recentCrossings(db: DB, portId: string, limit: number): Promise<CrossingRow[]> {
  return tables(db)
    .selectFrom('ln_crossings')
    .selectAll()
    .where('port_id', '=', portId)
    .orderBy('decided_at', 'desc')
    .limit(limit)
    .execute();
}

export type CrossingTimes = Pick<
  CrossingRow,
  'lane_type' | 'queue_joined_at' | 'booth_started_at' | 'decided_at' | 'outcome'
>;
/** Crossings decided at a port in [from, to), oldest first: what the flow module measures waits from. */
export function crossingsBetween(db: DB, portId: string, from: Date, to: Date): Promise<CrossingTimes[]> {
  return tables(db)
    .selectFrom('ln_crossings')
    .select(['lane_type', 'queue_joined_at', 'booth_started_at', 'decided_at', 'outcome'])
    .where('port_id', '=', portId)
    .where('decided_at', '>=', from)
    .where('decided_at', '<', to)
    .orderBy('decided_at')
    .execute();
}

// ---------- secondary referrals ----------

export type OpenReferralRow = Pick<
  ReferralRow,
  'id' | 'crossing_id' | 'port_id' | 'reasons' | 'hit_ids' | 'opened_at'
> &
  Pick<CrossingRow, 'lane_type' | 'decided_at'>;
/** Open referrals within a queue scope (applied before the limit: the page is complete), newest first. */
export function openReferrals(
  db: DB,
  scope: ReferralQueueScope,
  opts: { portId?: string; limit: number },
): Promise<OpenReferralRow[]> {
  let q = tables(db)
    .selectFrom('ln_referrals as r')
    .innerJoin('ln_crossings as c', 'c.id', 'r.crossing_id')
    .select([
      'r.id',
      'r.crossing_id',
      'r.port_id',
      'r.reasons',
      'r.hit_ids',
      'r.opened_at',
      'c.lane_type',
      'c.decided_at',
    ])
    .where('r.closed_at', 'is', null)
    .where('r.country', '=', scope.country)
    .where('r.agency', '=', scope.agency);
  if (opts.portId) q = q.where('r.port_id', '=', opts.portId);
  return q.orderBy('r.opened_at', 'desc').limit(opts.limit).execute();
}

export function referralById(db: DB, id: string): Promise<ReferralRow | undefined> {
  return tables(db).selectFrom('ln_referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Closes an open referral; false when it was already closed (by someone else meanwhile). */
export async function closeReferral(
  trx: DB,
  id: string,
  c: { outcome: SecondaryOutcome; officerId: string; note: string; falsePositive: boolean },
): Promise<boolean> {
  const r = await tables(trx)
    .updateTable('ln_referrals')
    .set({
      closed_at: sql<Date>`now()`,
      outcome: c.outcome,
      officer_id: c.officerId,
      note: c.note,
      false_positive: c.falsePositive,
    })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------- kiosk devices ----------
const kioskColumns = [
  'id',
  'port_id',
  'label',
  'status',
  'registered_by',
  'registered_at',
  'revoked_at',
  'last_seen_at',
] as const;

export async function insertKiosk(
  trx: DB,
  k: { id: string; portId: string; label: string; credentialHash: string; registeredBy: string | null },
): Promise<KioskRow> {
  return tables(trx)
    .insertInto('ln_kiosks')
    .values({
      id: k.id,
      port_id: k.portId,
      label: k.label,
      credential_hash: k.credentialHash,
      registered_by: k.registeredBy,
    })
    .returning(kioskColumns)
    .executeTakeFirstOrThrow();
}

/** The active kiosk holding a credential (by its hash), if any. */
export function activeKioskByCredential(db: DB, credentialHash: string): Promise<KioskRow | undefined> {
  return tables(db)
    .selectFrom('ln_kiosks')
    .select(kioskColumns)
    .where('credential_hash', '=', credentialHash)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export function kioskById(db: DB, id: string): Promise<KioskRow | undefined> {
  return tables(db).selectFrom('ln_kiosks').select(kioskColumns).where('id', '=', id).executeTakeFirst();
}

/** Kiosks, of one port or all, by port then registration. */
export function listKiosks(db: DB, portId?: string): Promise<KioskRow[]> {
  return tables(db)
    .selectFrom('ln_kiosks')
    .select(kioskColumns)
    .$if(!!portId, (q) => q.where('port_id', '=', portId ?? ''))
    .orderBy('port_id')
    .orderBy('registered_at')
    .execute();
}

/** Revokes an active kiosk; false when it is unknown or already revoked. */
export async function revokeKiosk(trx: DB, id: string): Promise<boolean> {
  const r = await tables(trx)
    .updateTable('ln_kiosks')
    .set({ status: 'revoked', revoked_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Notes that a kiosk was used, at most once a minute (a kiosk busy at rush hour costs no write per traveller). */
export async function touchKiosk(db: DB, id: string): Promise<void> {
  await tables(db)
    .updateTable('ln_kiosks')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', sql<Date>`now() - interval '1 minute'`)]),
    )
    .execute();
}
