// Every query of the lookouts module, typed against the module's tables (migrations/*.sql). Each function runs on the
// database or transaction it is given; services open the transactions.
import { sql, type ColumnType, type Generated, type Insertable, type RawBuilder, type Selectable } from 'kysely';
import type { DB } from '../../kernel/db.ts';
import type { Json } from '../../kernel/tables.ts';
import type { MatchReason } from './engine/index.ts';
import type { HitReviewScope, LookoutScope } from './access.ts';
import type {
  Category,
  HitDecision,
  HitStatus,
  LookoutEventKind,
  LookoutKind,
  LookoutState,
  LookoutSubject,
  RecommendedAction,
} from './domain/lookout.ts';

/** A `date` column: drivers read it as a Date (pg) or a string; written as `YYYY-MM-DD`. */
type DateColumn = ColumnType<Date | string | null, string | null | undefined, string | null>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type LookoutsTables = {
  lk_lookouts: {
    id: string;
    kind: LookoutKind;
    subject_type: LookoutSubject;
    category: Category;
    reason: Generated<string>;
    recommended_action: RecommendedAction;
    /** Provenance shown: the posting agency, or the source of a public list. */
    origin_agency: string;
    origin_country: string;
    /** The owner (migration 003); null for a public list. */
    agency: string | null;
    country: string | null;
    sharing_agencies: Generated<string[]>;
    sharing_countries: Generated<string[]>;
    valid_from: DateColumn;
    valid_until: DateColumn;
    legal_reference: Generated<string>;
    display_label: Generated<string>;
    identifiers_enc: string;
    import_id: Nullable<string>;
    source_ref: Nullable<string>;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  lk_events: {
    seq: Generated<number>;
    lookout_id: string;
    at: Generated<Date>;
    actor_id: Nullable<string>;
    actor_agency: Nullable<string>;
    kind: LookoutEventKind;
    detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  };
  lk_imports: {
    id: string;
    source: string;
    files: Json<Record<string, string>>;
    entries: number;
    imported_at: Generated<Date>;
    actor_id: Nullable<string>;
    note: Generated<string>;
  };
  lk_hits: {
    id: string;
    lookout_id: string;
    lookout_version: number;
    subject_fingerprint: string;
    subject_ref: string;
    context: string;
    /** The screening agencies, comma-separated (several for a joint process). */
    screening_agency: string | null;
    score: number;
    /** Since migration 004, only each reason's field, method and score: the values matched are in reasons_enc. */
    reasons: Json<MatchReason[]>;
    /** The reasons with the values they matched, encrypted (migration 004); null for a row not yet sealed. */
    reasons_enc: Nullable<string>;
    status: Generated<HitStatus>;
    created_at: Generated<Date>;
    reviewed_by: Nullable<string>;
    reviewed_at: Nullable<Date>;
    review_note: Nullable<string>;
    /** The reviewer's agency (migration 006): whose screens a public-list false positive is suppressed in. */
    reviewed_agency: Nullable<string>;
    /** The owner: the lookout's agency and country (migration 003); null for a public list's hit. */
    agency: string | null;
    country: string | null;
  };
};

export type LookoutRecord = Selectable<LookoutsTables['lk_lookouts']>;
/** A lookout with its recorded state: the latest of its created / activated / withdrawn events. */
export type LookoutRow = LookoutRecord & { state: LookoutEventKind | null };
export type NewLookoutRow = Insertable<LookoutsTables['lk_lookouts']>;
export type LookoutChanges = Pick<
  NewLookoutRow,
  | 'subject_type'
  | 'category'
  | 'reason'
  | 'recommended_action'
  | 'sharing_agencies'
  | 'sharing_countries'
  | 'valid_from'
  | 'valid_until'
  | 'legal_reference'
  | 'identifiers_enc'
>;
export type LookoutEventRow = Pick<Selectable<LookoutsTables['lk_events']>, 'at' | 'actor_agency' | 'kind' | 'detail'>;
export type NewLookoutEvent = Insertable<LookoutsTables['lk_events']>;
export type HitRow = Selectable<LookoutsTables['lk_hits']>;
export type NewHitRow = Insertable<LookoutsTables['lk_hits']>;
export type ImportRow = Selectable<LookoutsTables['lk_imports']>;
export type NewImportRow = Insertable<LookoutsTables['lk_imports']>;

const lk = (db: DB) => db.withTables<LookoutsTables>();

/** The lookouts with their recorded state, written once: every read of a lookout's state goes through it. */
function lookoutsWithState(db: DB) {
  return lk(db)
    .selectFrom('lk_lookouts as l')
    .selectAll('l')
    .select((eb) =>
      eb
        .selectFrom('lk_events as e')
        .select('e.kind')
        .whereRef('e.lookout_id', '=', 'l.id')
        .where('e.kind', 'in', ['activated', 'withdrawn', 'created'])
        .orderBy('e.seq', 'desc')
        .limit(1)
        .as('state'),
    );
}

// ---------- lookouts ----------
export const allLookouts = (db: DB): Promise<LookoutRow[]> => lookoutsWithState(db).execute();

export const lookoutById = (db: DB, id: string): Promise<LookoutRow | undefined> =>
  lookoutsWithState(db).where('l.id', '=', id).executeTakeFirst();

/** The lookout, locked until the end of the caller's transaction (a change waits for a concurrent one). */
export const lookoutForUpdate = (trx: DB, id: string): Promise<LookoutRecord | undefined> =>
  lk(trx).selectFrom('lk_lookouts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export async function insertLookouts(trx: DB, rows: NewLookoutRow[]): Promise<void> {
  // One statement per 1,000 rows: a list import of tens of thousands of entries stays within the parameter limit.
  for (let i = 0; i < rows.length; i += 1000)
    await lk(trx)
      .insertInto('lk_lookouts')
      .values(rows.slice(i, i + 1000))
      .execute();
}

/** A new version of the lookout's criteria. */
export async function updateLookout(trx: DB, id: string, changes: LookoutChanges): Promise<void> {
  await lk(trx)
    .updateTable('lk_lookouts')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: sql<Date>`now()` }))
    .where('id', '=', id)
    .execute();
}

export async function appendLookoutEvents(trx: DB, events: NewLookoutEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 2000)
    await lk(trx)
      .insertInto('lk_events')
      .values(events.slice(i, i + 2000))
      .execute();
}

export const lookoutEvents = (db: DB, id: string): Promise<LookoutEventRow[]> =>
  lk(db)
    .selectFrom('lk_events')
    .select(['at', 'actor_agency', 'kind', 'detail'])
    .where('lookout_id', '=', id)
    .orderBy('seq')
    .execute();

export interface LookoutFilter {
  kind?: LookoutKind;
  state?: LookoutState;
  /** The day the effective state is computed for (`YYYY-MM-DD`). */
  today: string;
}
/**
 * A page of the lookouts a scope may see, newest first. The scope and the filters are conditions of the query, so a
 * page is complete whatever the limit.
 */
export function lookoutPage(
  db: DB,
  scope: LookoutScope,
  f: LookoutFilter,
  page: { limit: number; offset?: number },
): Promise<LookoutRow[]> {
  return lk(db)
    .selectFrom(lookoutsWithState(db).as('l'))
    .selectAll()
    .where((eb) => {
      const visible = [eb('l.kind', '=', 'reference')];
      if (scope.agency)
        visible.push(eb('l.agency', '=', scope.agency), eb(eb.val(scope.agency), '=', eb.fn.any('l.sharing_agencies')));
      if (scope.country) visible.push(eb(eb.val(scope.country), '=', eb.fn.any('l.sharing_countries')));
      // Never null (a null date would make NOT(...) null): each date is tested for presence first.
      const active = eb('l.state', '=', 'activated');
      const expired = eb.and([active, eb('l.valid_until', 'is not', null), eb('l.valid_until', '<', f.today)]);
      const scheduled = eb.and([
        active,
        eb('l.valid_from', 'is not', null),
        eb('l.valid_from', '>', f.today),
        eb.not(expired),
      ]);
      const state =
        f.state === 'draft'
          ? eb.or([eb('l.state', 'is', null), eb('l.state', '=', 'created')])
          : f.state === 'withdrawn'
            ? eb('l.state', '=', 'withdrawn')
            : f.state === 'expired'
              ? expired
              : f.state === 'scheduled'
                ? scheduled
                : f.state === 'active'
                  ? eb.and([active, eb.not(expired), eb.not(scheduled)])
                  : eb.lit(true);
      return eb.and([eb.or(visible), state, ...(f.kind ? [eb('l.kind', '=', f.kind)] : [])]);
    })
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
}

/** How many lookouts of a kind there are (the demo seeds agency lookouts once). */
export async function lookoutCount(db: DB, kind: LookoutKind): Promise<number> {
  const r = await lk(db)
    .selectFrom('lk_lookouts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---------- reference lists ----------
export async function insertImport(trx: DB, row: NewImportRow): Promise<void> {
  await lk(trx).insertInto('lk_imports').values(row).execute();
}
/** The lookouts of earlier imports of a source (a new import supersedes them). */
export async function lookoutIdsOfSource(trx: DB, source: string, exceptImport: string): Promise<string[]> {
  const rows = await lk(trx)
    .selectFrom('lk_lookouts as l')
    .innerJoin('lk_imports as i', 'i.id', 'l.import_id')
    .select('l.id')
    .where('i.source', '=', source)
    .where('i.id', '<>', exceptImport)
    .execute();
  return rows.map((r) => r.id);
}
/** The source references of the latest import of a source: what a new import would withdraw if it lacks them. */
export async function latestImportRefs(db: DB, source: string): Promise<string[]> {
  const latest = await lk(db)
    .selectFrom('lk_imports')
    .select('id')
    .where('source', '=', source)
    .orderBy('imported_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return [];
  const rows = await lk(db).selectFrom('lk_lookouts').select('source_ref').where('import_id', '=', latest.id).execute();
  return rows.map((r) => r.source_ref ?? '');
}
export const recentImports = (db: DB, limit = 50): Promise<ImportRow[]> =>
  lk(db).selectFrom('lk_imports').selectAll().orderBy('imported_at', 'desc').limit(limit).execute();

export async function importedFrom(db: DB, source: string): Promise<boolean> {
  const r = await lk(db).selectFrom('lk_imports').select('id').where('source', '=', source).limit(1).executeTakeFirst();
  return r !== undefined;
}

// ---------- hits ----------
/**
 * The statement that records hits: returned, not executed, so that the caller runs it in its own transaction, alone
 * or together with other inserts (executeTogether: the lanes module records hits with the crossing that raised them).
 */
export function hitsInsert(db: DB, rows: NewHitRow[]): RawBuilder<unknown> | null {
  return rows.length ? sql<unknown>`${lk(db).insertInto('lk_hits').values(rows)}` : null;
}

/** Up to `limit` hits whose reasons are still in clear (written before migration 004). */
export const hitReasonsInClear = (db: DB, limit: number): Promise<{ id: string; reasons: MatchReason[] }[]> =>
  lk(db).selectFrom('lk_hits').select(['id', 'reasons']).where('reasons_enc', 'is', null).limit(limit).execute();

/** Stores the sealed reasons and their reduced clear form, for rows still unsealed (one statement per batch). */
export async function sealHitReasons(db: DB, rows: { id: string; sealed: string; reduced: string }[]): Promise<void> {
  await sql`update lk_hits h set reasons_enc = v.sealed, reasons = v.reduced::jsonb
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.sealed)}::text[],
      ${rows.map((r) => r.reduced)}::text[]) as v(id, sealed, reduced)
    where h.id = v.id and h.reasons_enc is null`.execute(db);
}

/** The hits marked false positive, with their owner and reviewer agency (the service makes suppression keys). */
export function falsePositives(
  db: DB,
): Promise<Pick<HitRow, 'lookout_id' | 'lookout_version' | 'subject_fingerprint' | 'agency' | 'reviewed_agency'>[]> {
  return lk(db)
    .selectFrom('lk_hits')
    .select(['lookout_id', 'lookout_version', 'subject_fingerprint', 'agency', 'reviewed_agency'])
    .where('status', '=', 'false_positive')
    .execute();
}

export const hitById = (db: DB, id: string): Promise<HitRow | undefined> =>
  lk(db).selectFrom('lk_hits').selectAll().where('id', '=', id).executeTakeFirst();

export const hitForUpdate = (trx: DB, id: string): Promise<HitRow | undefined> =>
  lk(trx).selectFrom('lk_hits').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export async function markHitReviewed(
  trx: DB,
  id: string,
  review: { status: HitDecision; reviewedBy: string; reviewedAgency: string | null; note: string },
): Promise<void> {
  await lk(trx)
    .updateTable('lk_hits')
    .set({
      status: review.status,
      reviewed_by: review.reviewedBy,
      reviewed_agency: review.reviewedAgency,
      reviewed_at: sql<Date>`now()`,
      review_note: review.note,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * The hits an agency reviews, newest first: those on its lookouts, and the public-list hits its screens raised. The
 * scope is a condition of the query (before the limit), so the queue is complete.
 */
export function hitReviewQueue(db: DB, scope: HitReviewScope, status: HitStatus, limit: number): Promise<HitRow[]> {
  return lk(db)
    .selectFrom('lk_hits')
    .selectAll()
    .where('status', '=', status)
    .where((eb) =>
      eb.or([
        eb('agency', '=', scope.agency),
        eb.and([
          eb('agency', 'is', null),
          eb(eb.val(scope.agency), '=', eb.fn.any(sql<string[]>`string_to_array(screening_agency, ',')`)),
        ]),
      ]),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
