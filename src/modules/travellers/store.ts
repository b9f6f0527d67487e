// Every query of the travellers module, typed: its tables (migrations/*.sql) as Kysely interfaces, and one function
// per question or change, named for what it does. Each takes the database or the caller's transaction first.
// Personal fields are ciphertext here (*_enc); the service encrypts and decrypts them.
import { sql, type ColumnType, type Generated, type Insertable, type Selectable } from 'kysely';
import type { DB } from '../../kernel/db.ts';
import type { Json, Timestamp } from '../../kernel/tables.ts';
import type { ProgrammeCode } from './domain/programmes.ts';
import type { EnrolmentQueueScope, VettingQueueScope } from './access.ts';
import type { ActionDetail } from './status.ts';

/** A column the database fills when an insert leaves it out. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface PaymentRecord {
  provider: string;
  paymentId: string;
  amount: number;
  currency: string;
}
/** The risk summary stored with a submitted application (see service.ts RiskSummary). */
export interface StoredRisk {
  score: number;
  document: { ok: boolean; problems: string[] };
  eligibility: { ok: boolean; problems: string[] };
  screening: 'pending' | 'clear' | 'hits';
  hits: { lookoutId: string; score: number; name: string; reasons: unknown[]; visibleTo: string[] }[];
  declarations: string[];
}
export type WorkItemKind = 'vetting' | 'recurrent' | 'renewal';
export type MembershipStatus = 'active' | 'suspended' | 'revoked';
export type CardStatus = 'active' | 'replaced' | 'lost' | 'cancelled';

// a type, not an interface: withTables() needs an index signature
export type TravellersTables = {
  tt_applications: {
    id: string;
    user_id: string;
    reference: string;
    programmes: ProgrammeCode[];
    fast_region: 'north' | 'south' | null;
    /** Blank since migration 002: the name is in applicant_name_enc. */
    applicant_name: Defaulted<string>;
    applicant_name_enc: string | null;
    personal_enc: string | null;
    doc_bidx: string | null;
    /** Null since migration 004: the risk summary is in risk_enc. */
    risk: ColumnType<StoredRisk | null, string | null | undefined, string | null>;
    risk_enc: Nullable<string>;
    payments: ColumnType<PaymentRecord[], string | undefined, string>;
    created_at: Generated<Date>;
    updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
    submitted_at: NullableTimestamp;
    version: Generated<number>;
    /** The lead agency (the first that vets it, the one that enrols) and its country (migration 003). */
    country: string;
    agency: string;
  };
  tt_actions: {
    seq: Generated<number>;
    application_id: string;
    at: Generated<Date>;
    actor_id: string | null;
    actor_agency: string | null;
    kind: string;
    agency: string | null;
    detail: Json<ActionDetail>;
  };
  tt_work_items: {
    id: string;
    application_id: string | null;
    membership_id: string | null;
    agency: string;
    country: string;
    kind: WorkItemKind;
    programmes: ProgrammeCode[];
    risk_score: Defaulted<number>;
    summary: ColumnType<Record<string, unknown>, string | undefined, string>;
    opened_at: Generated<Date>;
    closed_at: NullableTimestamp;
    outcome: string | null;
  };
  tt_centres: {
    id: string;
    name: string;
    city: string;
    country: string;
    agency: string;
    programmes: string[];
    enrolment_on_arrival: Defaulted<boolean>;
    port_code: string | null;
    timezone: string;
  };
  tt_slots: {
    id: string;
    centre_id: string;
    starts_at: Timestamp;
    capacity: number;
    booked: Defaulted<number>;
  };
  tt_bookings: {
    application_id: string;
    slot_id: string;
    booked_at: Generated<Date>;
    /** The enrolment centre's agency and country (migration 003). */
    country: string;
    agency: string;
  };
  tt_memberships: {
    id: string;
    user_id: string;
    application_id: string;
    membership_number: string;
    programmes: ProgrammeCode[];
    fast_region: 'north' | 'south' | null;
    /** Blank since migration 002: the name is in holder_name_enc. */
    holder_name: string;
    holder_name_enc: string | null;
    personal_enc: string;
    doc_bidx: string | null;
    /** The issuing agency and its country. */
    country: string;
    agency: string;
    issued_at: Timestamp;
    expires_at: Timestamp;
    status: MembershipStatus;
    status_reason: string | null;
    renewal_requested_at: NullableTimestamp;
    biometrics_enc: string | null;
  };
  tt_cards: {
    id: string;
    membership_id: string;
    card_bidx: string;
    card_enc: string;
    last4: string;
    status: CardStatus;
    issued_at: Generated<Date>;
    deactivated_at: NullableTimestamp;
    /** The issuing agency and its country (migration 003). */
    country: string;
    agency: string;
  };
  tt_membership_events: {
    seq: Generated<number>;
    membership_id: string;
    at: Generated<Date>;
    actor_id: string | null;
    actor_agency: string | null;
    kind: string;
    detail: Json<Record<string, unknown>>;
  };
};

export type ApplicationRow = Selectable<TravellersTables['tt_applications']>;
export type NewApplicationRow = Insertable<TravellersTables['tt_applications']>;
export type ActionRow = Selectable<TravellersTables['tt_actions']>;
export type WorkItemRow = Selectable<TravellersTables['tt_work_items']>;
export type NewWorkItemRow = Insertable<TravellersTables['tt_work_items']>;
export type CentreRow = Selectable<TravellersTables['tt_centres']>;
export type NewCentreRow = Insertable<TravellersTables['tt_centres']>;
export type SlotRow = Selectable<TravellersTables['tt_slots']>;
export type MembershipRow = Selectable<TravellersTables['tt_memberships']>;
export type NewMembershipRow = Insertable<TravellersTables['tt_memberships']>;
export type CardRow = Selectable<TravellersTables['tt_cards']>;
export type NewCardRow = Insertable<TravellersTables['tt_cards']>;

const tt = (db: DB) => db.withTables<TravellersTables>();

// ---------- applications ----------
export async function insertApplication(db: DB, row: NewApplicationRow): Promise<void> {
  await tt(db).insertInto('tt_applications').values(row).execute();
}
/** One application; `forUpdate` locks it until the caller's transaction ends. */
export function applicationById(db: DB, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = tt(db).selectFrom('tt_applications').selectAll().where('id', '=', id);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}
export const applicationsOfUser = (db: DB, userId: string): Promise<ApplicationRow[]> =>
  tt(db)
    .selectFrom('tt_applications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();

export async function personalOfApplication(db: DB, id: string): Promise<string | null> {
  const r = await tt(db).selectFrom('tt_applications').select('personal_enc').where('id', '=', id).executeTakeFirst();
  return r?.personal_enc ?? null;
}

/** A saved draft: the sealed personal details, the programmes (and so the lead agency), a new version. */
export async function saveApplicationDraft(
  db: DB,
  id: string,
  v: {
    personal_enc: string;
    programmes: ProgrammeCode[];
    fast_region: 'north' | 'south' | null;
    applicant_name_enc: string;
    doc_bidx: string | null;
    country: string;
    agency: string;
  },
): Promise<void> {
  await tt(db)
    .updateTable('tt_applications')
    .set((eb) => ({ ...v, updated_at: sql<Date>`now()`, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function markApplicationSubmitted(
  db: DB,
  id: string,
  v: { riskSealed: string; payments: PaymentRecord[] },
): Promise<void> {
  await tt(db)
    .updateTable('tt_applications')
    .set((eb) => ({
      submitted_at: sql<Date>`now()`,
      risk_enc: v.riskSealed,
      payments: JSON.stringify(v.payments),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

// ---------- the action log ----------
export const actionsOf = (db: DB, applicationId: string) =>
  tt(db)
    .selectFrom('tt_actions')
    .select(['seq', 'at', 'kind', 'agency', 'actor_id', 'detail'])
    .where('application_id', '=', applicationId)
    .orderBy('seq')
    .execute();

export async function addAction(
  db: DB,
  a: {
    applicationId: string;
    actorId: string | null;
    actorAgency: string | null;
    kind: string;
    agency: string | null;
    detail: ActionDetail;
  },
): Promise<void> {
  await tt(db)
    .insertInto('tt_actions')
    .values({
      application_id: a.applicationId,
      actor_id: a.actorId,
      actor_agency: a.actorAgency,
      kind: a.kind,
      agency: a.agency,
      detail: JSON.stringify(a.detail),
    })
    .execute();
}

// ---------- names left in clear by versions before migration 002 ----------
/** Up to `limit` rows whose name is still in clear (no ciphertext yet). */
export async function namesInClear(
  db: DB,
  table: 'tt_applications' | 'tt_memberships',
  limit: number,
): Promise<{ id: string; name: string }[]> {
  if (table === 'tt_applications')
    return tt(db)
      .selectFrom('tt_applications')
      .select(['id', 'applicant_name as name'])
      .where('applicant_name_enc', 'is', null)
      .limit(limit)
      .execute();
  return tt(db)
    .selectFrom('tt_memberships')
    .select(['id', 'holder_name as name'])
    .where('holder_name_enc', 'is', null)
    .limit(limit)
    .execute();
}
/** Stores the sealed names and blanks the clear ones, for rows still unsealed (one statement per batch). */
export async function sealNames(
  db: DB,
  table: 'tt_applications' | 'tt_memberships',
  rows: { id: string; sealed: string }[],
): Promise<void> {
  const ids = rows.map((r) => r.id),
    sealed = rows.map((r) => r.sealed);
  const [enc, clear] =
    table === 'tt_applications' ? ['applicant_name_enc', 'applicant_name'] : ['holder_name_enc', 'holder_name'];
  await sql`update ${sql.table(table)} t set ${sql.ref(enc)} = v.sealed, ${sql.ref(clear)} = ''
    from unnest(${ids}::uuid[], ${sealed}::text[]) as v(id, sealed)
    where t.id = v.id and t.${sql.ref(enc)} is null`.execute(db);
}

// ---------- risk summaries left in clear by versions before migration 004 ----------
/** Up to `limit` applications whose risk summary is still in clear. */
export const risksInClear = (db: DB, limit: number): Promise<{ id: string; risk: StoredRisk | null }[]> =>
  tt(db)
    .selectFrom('tt_applications')
    .select(['id', 'risk'])
    .where('risk', 'is not', null)
    .where('risk_enc', 'is', null)
    .limit(limit)
    .execute();
/** Stores the sealed risk summaries and clears the clear ones, for rows still unsealed (one statement per batch). */
export async function sealRisks(db: DB, rows: { id: string; sealed: string }[]): Promise<void> {
  await sql`update tt_applications t set risk_enc = v.sealed, risk = null
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.sealed)}::text[]) as v(id, sealed)
    where t.id = v.id and t.risk_enc is null`.execute(db);
}

// ---------- vetting work items ----------
export async function insertWorkItems(db: DB, rows: NewWorkItemRow[]): Promise<void> {
  if (rows.length) await tt(db).insertInto('tt_work_items').values(rows).execute();
}

/**
 * An agency's open work items, riskiest then oldest, with the application's reference and sealed name. The scope is a
 * condition of the query, applied before the limit: the page is complete.
 */
export const vettingQueue = (db: DB, scope: VettingQueueScope, limit: number, kind?: WorkItemKind) =>
  tt(db)
    .selectFrom('tt_work_items as w')
    .leftJoin('tt_applications as a', 'a.id', 'w.application_id')
    .selectAll('w')
    .select(['a.reference', 'a.applicant_name_enc', 'a.submitted_at'])
    .where('w.agency', '=', scope.agency)
    .where('w.country', '=', scope.country)
    .where('w.closed_at', 'is', null)
    .$if(kind !== undefined, (q) => q.where('w.kind', '=', kind as WorkItemKind))
    .orderBy('w.risk_score', 'desc')
    .orderBy('w.opened_at', 'asc')
    .limit(limit)
    .execute();
export type VettingQueueRow = Awaited<ReturnType<typeof vettingQueue>>[number];

/** Closes an application's open vetting items: one agency's (`agency`), or every agency's. */
export async function closeApplicationWorkItems(
  db: DB,
  applicationId: string,
  outcome: string,
  agency?: string,
): Promise<void> {
  await tt(db)
    .updateTable('tt_work_items')
    .set({ closed_at: sql<Date>`now()`, outcome })
    .where('application_id', '=', applicationId)
    .$if(agency !== undefined, (q) => q.where('agency', '=', agency as string))
    .where('closed_at', 'is', null)
    .execute();
}

/** Closes an agency's open item of a kind on a membership; returns how many were closed. */
export async function closeMembershipWorkItem(
  db: DB,
  membershipId: string,
  agency: string,
  kind: WorkItemKind,
  outcome: string,
): Promise<number> {
  const r = await tt(db)
    .updateTable('tt_work_items')
    .set({ closed_at: sql<Date>`now()`, outcome })
    .where('membership_id', '=', membershipId)
    .where('agency', '=', agency)
    .where('kind', '=', kind)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function openRenewalItemCount(db: DB, membershipId: string): Promise<number> {
  const r = await tt(db)
    .selectFrom('tt_work_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('membership_id', '=', membershipId)
    .where('kind', '=', 'renewal')
    .where('closed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether an agency already has an open recurrent-vetting item on a membership for this lookout. */
export async function hasOpenRecurrentItem(
  db: DB,
  membershipId: string,
  agency: string,
  lookoutId: string,
): Promise<boolean> {
  const r = await tt(db)
    .selectFrom('tt_work_items')
    .select('id')
    .where('membership_id', '=', membershipId)
    .where('agency', '=', agency)
    .where('kind', '=', 'recurrent')
    .where('closed_at', 'is', null)
    .where(sql<string>`summary->>'lookoutId'`, '=', lookoutId)
    .executeTakeFirst();
  return !!r;
}

export const openWorkOnMembership = (db: DB, membershipId: string, agency: string) =>
  tt(db)
    .selectFrom('tt_work_items')
    .select(['kind', 'summary', 'opened_at'])
    .where('membership_id', '=', membershipId)
    .where('agency', '=', agency)
    .where('closed_at', 'is', null)
    .execute();

// ---------- enrolment ----------
/**
 * Submitted applications that every vetting agency approved and that hold no membership yet, among those the scope's
 * agency vetted: each condition in the query, before the limit. Soonest appointment first.
 */
export const enrolmentQueue = (db: DB, scope: EnrolmentQueueScope, limit: number) =>
  tt(db)
    .selectFrom('tt_applications as a')
    .leftJoin('tt_bookings as b', 'b.application_id', 'a.id')
    .leftJoin('tt_slots as s', 's.id', 'b.slot_id')
    .leftJoin('tt_centres as c', 'c.id', 's.centre_id')
    .select([
      'a.id',
      'a.reference',
      'a.applicant_name_enc',
      'a.programmes',
      'a.fast_region',
      'b.slot_id',
      's.starts_at',
      'c.name as centre_name',
    ])
    .where('a.submitted_at', 'is not', null)
    .where(({ exists, not, selectFrom }) =>
      not(exists(selectFrom('tt_memberships as m').select('m.id').whereRef('m.application_id', '=', 'a.id'))),
    )
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('tt_work_items as w')
          .select('w.id')
          .whereRef('w.application_id', '=', 'a.id')
          .where('w.kind', '=', 'vetting')
          .where('w.agency', '=', scope.agency)
          .where('w.country', '=', scope.country),
      ),
    )
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('tt_work_items as w')
            .select('w.id')
            .whereRef('w.application_id', '=', 'a.id')
            .where('w.kind', '=', 'vetting')
            .where((w) => w.or([w('w.closed_at', 'is', null), w('w.outcome', 'is distinct from', 'approved')])),
        ),
      ),
    )
    .orderBy('s.starts_at', (o) => o.nullsLast())
    .orderBy('a.submitted_at')
    .limit(limit)
    .execute();
export type EnrolmentQueueRow = Awaited<ReturnType<typeof enrolmentQueue>>[number];

// ---------- centres, slots and bookings ----------
export const centresServing = (db: DB, programmes: readonly ProgrammeCode[]) =>
  tt(db)
    .selectFrom('tt_centres')
    .selectAll()
    .where(sql<boolean>`programmes && ${sql.val([...programmes])}::text[]`)
    .orderBy('country')
    .orderBy('name')
    .execute();

export const centreById = (db: DB, id: string): Promise<CentreRow | undefined> =>
  tt(db).selectFrom('tt_centres').selectAll().where('id', '=', id).executeTakeFirst();

export const freeSlots = (db: DB, centreId: string, from: Date, limit: number): Promise<SlotRow[]> =>
  tt(db)
    .selectFrom('tt_slots')
    .selectAll()
    .where('centre_id', '=', centreId)
    .where('starts_at', '>', from)
    .whereRef('booked', '<', 'capacity')
    .orderBy('starts_at')
    .limit(limit)
    .execute();

/** Takes a place in a slot if one is free and the slot is ahead; the slot, or undefined. Atomic. */
export const takeSlot = (db: DB, slotId: string): Promise<SlotRow | undefined> =>
  tt(db)
    .updateTable('tt_slots')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('id', '=', slotId)
    .whereRef('booked', '<', 'capacity')
    .where('starts_at', '>', sql<Date>`now()`)
    .returningAll()
    .executeTakeFirst();

/** Removes an application's booking and gives its place back; the slot it held, or null. */
export async function releaseBooking(db: DB, applicationId: string): Promise<string | null> {
  const prior = await tt(db)
    .deleteFrom('tt_bookings')
    .where('application_id', '=', applicationId)
    .returning('slot_id')
    .executeTakeFirst();
  if (!prior) return null;
  await tt(db)
    .updateTable('tt_slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('id', '=', prior.slot_id)
    .execute();
  return prior.slot_id;
}

export async function insertBooking(
  db: DB,
  b: { applicationId: string; slotId: string; country: string; agency: string },
): Promise<void> {
  await tt(db)
    .insertInto('tt_bookings')
    .values({ application_id: b.applicationId, slot_id: b.slotId, country: b.country, agency: b.agency })
    .execute();
}

export const bookingOf = (db: DB, applicationId: string) =>
  tt(db).selectFrom('tt_bookings').selectAll().where('application_id', '=', applicationId).executeTakeFirst();

/** Seeding: a centre, its name, programmes and Enrolment on Arrival refreshed when it exists. */
export async function upsertCentre(db: DB, c: NewCentreRow): Promise<void> {
  await tt(db)
    .insertInto('tt_centres')
    .values(c)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        programmes: eb.ref('excluded.programmes'),
        enrolment_on_arrival: eb.ref('excluded.enrolment_on_arrival'),
      })),
    )
    .execute();
}
/** Seeding: interview slots; a slot that exists at that centre and time is kept. */
export async function insertSlots(
  db: DB,
  slots: { id: string; centre_id: string; starts_at: Date; capacity: number }[],
): Promise<void> {
  if (!slots.length) return;
  await tt(db)
    .insertInto('tt_slots')
    .values(slots)
    .onConflict((oc) => oc.columns(['centre_id', 'starts_at']).doNothing())
    .execute();
}

// ---------- memberships and cards ----------
export function membershipById(db: DB, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = tt(db).selectFrom('tt_memberships').selectAll().where('id', '=', id);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}
export const membershipOfApplication = (db: DB, applicationId: string) =>
  tt(db).selectFrom('tt_memberships').selectAll().where('application_id', '=', applicationId).executeTakeFirst();

export const membershipsOfUser = (db: DB, userId: string): Promise<MembershipRow[]> =>
  tt(db).selectFrom('tt_memberships').selectAll().where('user_id', '=', userId).orderBy('issued_at', 'desc').execute();

/** The cards of several memberships, newest first. */
export const cardsOfMemberships = (db: DB, membershipIds: string[]) =>
  membershipIds.length
    ? tt(db)
        .selectFrom('tt_cards')
        .select(['id', 'membership_id', 'last4', 'status', 'issued_at', 'deactivated_at'])
        .where('membership_id', 'in', membershipIds)
        .orderBy('issued_at', 'desc')
        .execute()
    : Promise.resolve([]);

export async function membershipNumberTaken(db: DB, number: string): Promise<boolean> {
  const r = await tt(db)
    .selectFrom('tt_memberships')
    .select('id')
    .where('membership_number', '=', number)
    .executeTakeFirst();
  return !!r;
}
export async function cardKeyTaken(db: DB, cardBidx: string): Promise<boolean> {
  const r = await tt(db).selectFrom('tt_cards').select('id').where('card_bidx', '=', cardBidx).executeTakeFirst();
  return !!r;
}

export async function insertMembership(db: DB, row: NewMembershipRow): Promise<MembershipRow> {
  return tt(db).insertInto('tt_memberships').values(row).returningAll().executeTakeFirstOrThrow();
}
export async function insertCard(db: DB, row: NewCardRow): Promise<void> {
  await tt(db).insertInto('tt_cards').values(row).execute();
}
/** Deactivates a membership's active cards (reported lost). */
export async function deactivateCards(db: DB, membershipId: string, status: CardStatus): Promise<void> {
  await tt(db)
    .updateTable('tt_cards')
    .set({ status, deactivated_at: sql<Date>`now()` })
    .where('membership_id', '=', membershipId)
    .where('status', '=', 'active')
    .execute();
}

export async function addMembershipEvent(
  db: DB,
  e: {
    membershipId: string;
    actorId: string | null;
    actorAgency?: string | null;
    kind: string;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await tt(db)
    .insertInto('tt_membership_events')
    .values({
      membership_id: e.membershipId,
      actor_id: e.actorId,
      actor_agency: e.actorAgency ?? null,
      kind: e.kind,
      detail: JSON.stringify(e.detail ?? {}),
    })
    .execute();
}

export async function setRenewalRequested(db: DB, membershipId: string, at: Date | null): Promise<void> {
  await tt(db).updateTable('tt_memberships').set({ renewal_requested_at: at }).where('id', '=', membershipId).execute();
}
/** A renewal granted by every agency: the new expiry, the request closed. */
export async function extendMembership(db: DB, membershipId: string, until: Date): Promise<void> {
  await tt(db)
    .updateTable('tt_memberships')
    .set({ expires_at: until, renewal_requested_at: null })
    .where('id', '=', membershipId)
    .execute();
}
export async function setMembershipStatus(
  db: DB,
  membershipId: string,
  status: MembershipStatus,
  reason: string,
): Promise<void> {
  await tt(db)
    .updateTable('tt_memberships')
    .set({ status, status_reason: reason })
    .where('id', '=', membershipId)
    .execute();
}

export async function personalOfMembership(db: DB, id: string): Promise<string | null> {
  const r = await tt(db).selectFrom('tt_memberships').select('personal_enc').where('id', '=', id).executeTakeFirst();
  return r?.personal_enc ?? null;
}

/**
 * Memberships by pages along the primary key, after `after`, for recurrent vetting. The status is not in the query:
 * with it, a planner without statistics (PGlite is never analysed) may sort every active member for each page.
 */
export const membershipSubjectsPage = (db: DB, after: string, limit: number) =>
  tt(db)
    .selectFrom('tt_memberships')
    .select(['id', 'status', 'holder_name_enc', 'personal_enc'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();

export const activeMembershipSubject = (db: DB, id: string) =>
  tt(db)
    .selectFrom('tt_memberships')
    .select(['id', 'holder_name_enc', 'personal_enc'])
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();

// ---------- the membership directory (directory.ts) ----------
const DIRECTORY_COLUMNS = [
  'id',
  'membership_number',
  'programmes',
  'fast_region',
  'status',
  'expires_at',
  'renewal_requested_at',
  'holder_name_enc',
  'doc_bidx',
] as const;
export type DirectoryMemberRow = Pick<MembershipRow, (typeof DIRECTORY_COLUMNS)[number]>;

export async function membershipCount(db: DB): Promise<number> {
  const r = await tt(db)
    .selectFrom('tt_memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
export const directoryMembersPage = (db: DB, after: string, limit: number): Promise<DirectoryMemberRow[]> =>
  tt(db)
    .selectFrom('tt_memberships')
    .select(DIRECTORY_COLUMNS)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
export const directoryMember = (db: DB, id: string): Promise<DirectoryMemberRow | undefined> =>
  tt(db).selectFrom('tt_memberships').select(DIRECTORY_COLUMNS).where('id', '=', id).executeTakeFirst();
export const directoryCardsPage = (db: DB, after: string, limit: number) =>
  tt(db)
    .selectFrom('tt_cards')
    .select(['id', 'membership_id', 'card_bidx', 'status'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
export const directoryCardsOf = (db: DB, membershipId: string) =>
  tt(db).selectFrom('tt_cards').select(['card_bidx', 'status']).where('membership_id', '=', membershipId).execute();
