// Rules and workflows of the trusted-traveller portal: applications, risk assessment, joint vetting, interviews,
// memberships. No SQL here: every query is a named function of store.ts; who may do what is a named policy of
// access.ts, asked before each read or change (a refusal is audited as `access.denied`). Writes are transactional
// and audited from the closed catalogue.
import crypto from 'node:crypto';
import type { Policy } from '../../kernel/access.ts';
import { agencyCountry } from '../../kernel/agencies.ts';
import { actorOf, getUser, hasRole, type User } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { FieldCipher } from '../../kernel/crypto.ts';
import type { DB } from '../../kernel/db.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { t, type Locale } from '../../kernel/i18n.ts';
import {
  canApply,
  canBookInterview,
  canChangeMembership,
  canDecideRenewal,
  canDecideVetting,
  canEditDraft,
  canIssueMembership,
  canLookUpMembership,
  canReadApplication,
  canReadCardNumber,
  canReadMembership,
  canReplaceCard,
  canRequestRenewal,
  canWorkMembershipDesk,
  enrolmentQueueScope,
  vettingAgencies,
  vettingQueueScope,
  type ScopedRecord,
} from './access.ts';
import { CTX_HOLDER_NAME, FIRST_UUID, MembershipDirectory, type MemberSnapshot } from './directory.ts';
import { checkEligibility, feeFor, requiredAgencies, type Applicant } from './domain/eligibility.ts';
import { parseMrz } from './domain/mrz.ts';
import { generateCardNumber, generateMembershipNumber } from './domain/numbers.ts';
import { PROGRAMME_CODES, PROGRAMMES, type ProgrammeCode } from './domain/programmes.ts';
import { TestPaymentProvider, type PaymentProvider, type PaymentResult } from './payments.ts';
import { draftSchema, monthsCovered, personalSchema, type Draft, type Personal } from './personal.ts';
import { deriveStatus, type Action, type Derived } from './status.ts';
import * as store from './store.ts';
import type { ApplicationRow, MembershipRow, StoredRisk, WorkItemKind } from './store.ts';

/** What the lookouts module offers; absent until that module is wired, in which case screening stays "pending". */
export interface ScreeningPort {
  screenPerson(
    subject: {
      name: string;
      birthDate?: string;
      nationality?: string;
      documents?: { type: string; number: string; country?: string }[];
    },
    purpose: { actor: ReturnType<typeof actorOf>; agencies: string[]; subjectRef: string },
  ): Promise<{
    status: 'clear' | 'hits';
    hits: {
      lookoutId: string;
      score: number;
      name: string;
      reasons: unknown[];
      category?: string;
      originAgency?: string;
      visibleTo: string[];
    }[];
  }>;
}

export interface Application {
  id: string;
  userId: string;
  reference: string;
  programmes: ProgrammeCode[];
  fastRegion: 'north' | 'south' | null;
  applicantName: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  version: number;
  risk: RiskSummary | null;
  payments: { provider: string; paymentId: string; amount: number; currency: string }[];
  /** The lead agency (the first that vets it, the one that enrols) and its country. */
  country: string;
  agency: string;
}
export type RiskSummary = StoredRisk;
/** An application as a viewer reads it (getForViewer): the record, its history, derived status and the draft. */
export interface ApplicationView {
  app: Application;
  actions: Action[];
  status: Derived;
  draft: Draft;
}

/** A membership as its holder sees it, with its cards. */
export type HeldMembership = MembershipRow & {
  cards: { id: string; last4: string; status: string; issued_at: Date; deactivated_at: Date | null }[];
};
/** A membership as a reviewing officer sees it: the holder's name and the officer's agency's open work on it. */
export interface MembershipReview {
  id: string;
  membership_number: string;
  holder_name: string;
  status: string;
  expires_at: Date;
  programmes: ProgrammeCode[];
  fast_region: 'north' | 'south' | null;
  renewal_requested_at: Date | null;
  work: { kind: WorkItemKind; summary: Record<string, unknown>; opened_at: Date }[];
}

const CTX_PERSONAL = 'tt_applications.personal_enc';
/** A joint membership's card is the NEXUS/SENTRI/FAST card when there is one (Global Entry alone has none). */
const CARD_PROGRAMME = (ps: readonly ProgrammeCode[]): ProgrammeCode =>
  (['NEXUS', 'SENTRI', 'FAST', 'GLOBAL_ENTRY', 'VIAJERO_CONFIABLE'] as const).find((p) => ps.includes(p)) ?? ps[0];
const CTX_MEMBER = 'tt_memberships.personal_enc';
/** An active member as recurrent vetting screens it (the lookouts module's registered subject). */
export interface MemberSubject {
  ref: string;
  name: string;
  birthDate?: string;
  nationality?: string;
  documents: { type: string; number: string; country?: string }[];
}
/** The personal details sealed with a membership. */
interface MemberPersonal {
  birthDate?: string;
  citizenships?: string[];
  passport?: { number: string; country: string; expiry: string } | null;
  sex?: string;
  photoRef?: string;
}
const CTX_CARD = 'tt_cards.card_enc';
const CTX_BIO = 'tt_memberships.biometrics_enc';
/** Rows of a queue page. */
const QUEUE_LIMIT = 200;

export const DENIAL_REASONS = [
  'not_eligible',
  'criminal_record',
  'customs_violation',
  'immigration_violation',
  'lookout_match',
  'false_information',
  'insufficient_information',
  'other',
] as const;
export const SUSPENSION_REASONS = ['investigation', 'lookout_match', 'violation', 'lost_eligibility', 'other'] as const;
/** Stages from which an applicant may withdraw: before any final outcome. */
const WITHDRAWABLE: readonly Derived['stage'][] = [
  'draft',
  'under_review',
  'awaiting_applicant',
  'conditionally_approved',
  'interview_scheduled',
];

/** The risk summary (screening hits with the values they matched, declarations) is encrypted too (migration 004). */
const CTX_RISK = 'tt_applications.risk_enc';
/** Names are encrypted at rest, each in its own column bound as associated data (decision 0003). */
export const CTX_APPLICANT_NAME = 'tt_applications.applicant_name_enc';
const rowToApp = (r: ApplicationRow, cipher: FieldCipher): Application => ({
  id: r.id,
  userId: r.user_id,
  reference: r.reference,
  programmes: r.programmes,
  fastRegion: r.fast_region,
  applicantName: r.applicant_name_enc ? cipher.decrypt(r.applicant_name_enc, CTX_APPLICANT_NAME) : r.applicant_name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
  version: r.version,
  risk: r.risk_enc ? cipher.decryptJson<RiskSummary>(r.risk_enc, CTX_RISK) : r.risk,
  payments: r.payments ?? [],
  country: r.country,
  agency: r.agency,
});
const membershipScope = (m: MembershipRow): ScopedRecord => ({
  userId: m.user_id,
  programmes: m.programmes,
  fastRegion: m.fast_region,
});
/** The lead agency of an application: the first agency that vets it (the one that enrols), and its country. */
function owner(programmes: readonly ProgrammeCode[], fastRegion: 'north' | 'south' | null) {
  const agency = requiredAgencies(programmes, { fastRegion: fastRegion ?? undefined })[0];
  const country = agencyCountry(agency);
  if (!agency || !country) throw new AppError(422, 'travellers.err.choose_programme');
  return { agency, country };
}
const workCountry = (agency: string): string => {
  const c = agencyCountry(agency);
  if (!c) throw new Error(`unknown agency ${agency}`);
  return c;
};

/** A refusal decided inside a transaction, audited once the transaction has ended (see TravellersService.tx). */
class Refused extends Error {
  user: User;
  policy: string;
  ref: string;
  hide: boolean;
  constructor(user: User, policy: string, ref: string, hide = true) {
    super(`refused by ${policy}`);
    this.user = user;
    this.policy = policy;
    this.ref = ref;
    this.hide = hide;
  }
}

export function applicantFacts(
  draft: Draft,
  fastRegion: 'north' | 'south' | null,
  memberships: Applicant['memberships'] = [],
): Applicant | null {
  const f = draft.facts;
  if (!f) return null;
  return {
    citizenships: f.citizenships,
    residences: [{ country: f.residenceCountry, status: f.residenceStatus }],
    birthDate: f.birthDate,
    memberships,
    commercialDriver: f.commercialDriver,
    guardianConsent: f.guardianConsent,
    fastRegion: fastRegion ?? f.fastRegion ?? undefined,
  };
}

export class TravellersService {
  ctx: Ctx;
  screening: ScreeningPort | null = null;
  payments: PaymentProvider = new TestPaymentProvider();
  directory: MembershipDirectory;
  constructor(ctx: Ctx) {
    this.ctx = ctx;
    // names left in clear by an earlier version are encrypted before the directory reads them
    this.directory = new MembershipDirectory(ctx, { after: this.sealClearNames() });
  }
  /**
   * Encrypts the names that rows written before migration 002 hold in clear, and blanks the clear columns, and the
   * risk summaries that rows written before migration 004 hold in clear (by batches;
   * on PostgreSQL, instances starting together may read the same batch: only the first one's update applies, the
   * others' find those rows already sealed).
   */
  private async sealClearNames() {
    const seal = async (table: 'tt_applications' | 'tt_memberships', context: string) => {
      for (;;) {
        const rows = await store.namesInClear(this.db, table, 1000);
        if (!rows.length) return;
        await store.sealNames(
          this.db,
          table,
          rows.map((r) => ({ id: r.id, sealed: this.ctx.cipher.encrypt(r.name ?? '', context) })),
        );
      }
    };
    await seal('tt_applications', CTX_APPLICANT_NAME);
    await seal('tt_memberships', CTX_HOLDER_NAME);
    for (;;) {
      const rows = await store.risksInClear(this.db, 1000);
      if (!rows.length) return;
      await store.sealRisks(
        this.db,
        rows.map((r) => ({ id: r.id, sealed: this.ctx.cipher.encryptJson(r.risk, CTX_RISK) })),
      );
    }
  }
  get db() {
    return this.ctx.db;
  }

  /**
   * Runs a transaction; a policy refused inside it (`refuse`) is audited as `access.denied` after the rollback, in its
   * own transaction (on PGlite, one connection: it could not open while this one holds it).
   */
  private async tx<T>(fn: (trx: DB) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute(fn);
    } catch (e) {
      if (e instanceof Refused) throw await this.ctx.guard.denied(e.user, e.policy, e.ref, { hide: e.hide });
      throw e;
    }
  }
  /** Asks a policy inside a transaction (see tx). */
  private check<S>(user: User, p: Policy<S>, subject: S, ref: string) {
    if (!p.allows(user, subject)) throw new Refused(user, p.name, ref);
  }
  /** A role refused before any record is read: audited, answered 403. */
  private async roleRefused(user: User, policyName: string, ref: string): Promise<never> {
    throw await this.ctx.guard.denied(user, policyName, ref, { hide: false });
  }

  // ---------- applications ----------
  async createApplication(
    user: User,
    programmes: ProgrammeCode[],
    fastRegion: 'north' | 'south' | null,
  ): Promise<Application> {
    await this.ctx.guard.require(user, canApply, null, 'application:new', { hide: false, operation: 'create' });
    if (!programmes.length || programmes.some((p) => !PROGRAMME_CODES.includes(p)))
      throw new AppError(422, 'travellers.err.choose_programme');
    const lead = owner(programmes, fastRegion);
    return this.tx(async (trx) => {
      const id = crypto.randomUUID();
      const reference = `TT-${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
      await store.insertApplication(trx, {
        id,
        user_id: user.id,
        reference,
        programmes,
        fast_region: fastRegion,
        applicant_name_enc: this.ctx.cipher.encrypt(user.displayName, CTX_APPLICANT_NAME),
        personal_enc: this.ctx.cipher.encryptJson({}, CTX_PERSONAL),
        country: lead.country,
        agency: lead.agency,
      });
      await this.addAction(trx, id, user, 'created', null, { programmes });
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'application',
        subject: `application:${id}`,
        action: 'application.created',
        detail: { programmes },
      });
      return this.mustGetRow(trx, id);
    });
  }

  async getRow(db: DB, id: string): Promise<Application | null> {
    const r = await store.applicationById(db, id);
    return r ? rowToApp(r, this.ctx.cipher) : null;
  }
  private async mustGetRow(db: DB, id: string): Promise<Application> {
    const a = await this.getRow(db, id);
    if (!a) throw notFound();
    return a;
  }
  async listForUser(userId: string): Promise<Application[]> {
    return (await store.applicationsOfUser(this.db, userId)).map((r) => rowToApp(r, this.ctx.cipher));
  }
  async actions(db: DB, id: string): Promise<Action[]> {
    return store.actionsOf(db, id);
  }
  private async addAction(
    trx: DB,
    applicationId: string,
    actor: User | null,
    kind: string,
    agency: string | null,
    detail: Record<string, unknown> = {},
  ) {
    await store.addAction(trx, {
      applicationId,
      actorId: actor?.id ?? null,
      actorAgency: actor?.agency ?? null,
      kind,
      agency,
      detail,
    });
  }

  requiredAgencies(app: Pick<Application, 'programmes' | 'fastRegion'>): string[] {
    return vettingAgencies(app);
  }

  /**
   * An application for whoever canReadApplication allows, at the desk given (e.g. canWorkVettingDesk: asked first);
   * an officer's view is audited, once per call: a request reads the application once and renders what it read.
   */
  async getForViewer(user: User, id: string, purpose: string, desk?: Policy<null>): Promise<ApplicationView> {
    if (desk) await this.ctx.guard.admit(user, desk, `application:${id}`, { operation: 'read' });
    const app = await this.getRow(this.db, id);
    if (!app) throw notFound();
    // never reveal that a record exists to someone who may not see it (404), and audit the refusal
    await this.ctx.guard.require(user, canReadApplication, app, `application:${id}`, { operation: 'read' });
    const agencies = this.requiredAgencies(app);
    const actions = await this.actions(this.db, id);
    const draft = await this.readDraft(id);
    if (app.userId !== user.id)
      await this.db.transaction().execute((trx) =>
        this.ctx.audit.append(trx, {
          actor: actorOf(user),
          purpose,
          subject: `application:${id}`,
          action: 'application.viewed',
        }),
      );
    return { app, actions, status: deriveStatus(actions, agencies), draft };
  }

  async readDraft(id: string): Promise<Draft> {
    const sealed = await store.personalOfApplication(this.db, id);
    return sealed ? this.ctx.cipher.decryptJson<Draft>(sealed, CTX_PERSONAL) : {};
  }

  /** Saves part of a draft. `expectedVersion` guards against two tabs overwriting each other. */
  async saveDraft(
    user: User,
    id: string,
    patch: Draft,
    opts: { programmes?: ProgrammeCode[]; fastRegion?: 'north' | 'south' | null; expectedVersion?: number } = {},
  ): Promise<Application> {
    const parsed = draftSchema.parse(patch);
    return this.tx(async (trx) => {
      const row = await store.applicationById(trx, id, { forUpdate: true });
      if (!row) throw notFound();
      const app = rowToApp(row, this.ctx.cipher);
      this.check(user, canEditDraft, app, `application:${id}`);
      if (app.submittedAt) throw new AppError(409, 'travellers.err.already_submitted');
      if (deriveStatus(await this.actions(trx, id), []).stage === 'withdrawn')
        throw new AppError(409, 'travellers.err.withdrawn');
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== app.version)
        throw new AppError(409, 'errors.conflict');
      const current = row.personal_enc ? this.ctx.cipher.decryptJson<Draft>(row.personal_enc, CTX_PERSONAL) : {};
      const merged: Draft = {
        ...current,
        ...Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)),
      };
      const programmes = opts.programmes ?? app.programmes;
      if (!programmes.length) throw new AppError(422, 'travellers.err.choose_programme');
      const fastRegion = opts.fastRegion !== undefined ? opts.fastRegion : app.fastRegion;
      const name = merged.identity ? `${merged.identity.givenNames} ${merged.identity.surname}` : app.applicantName;
      const docIdx = merged.identity
        ? this.ctx.cipher.blindIndex('passport', merged.identity.passportCountry + merged.identity.passportNumber)
        : null;
      await store.saveApplicationDraft(trx, id, {
        personal_enc: this.ctx.cipher.encryptJson(merged, CTX_PERSONAL),
        programmes,
        fast_region: fastRegion,
        applicant_name_enc: this.ctx.cipher.encrypt(name, CTX_APPLICANT_NAME),
        doc_bidx: docIdx,
        ...owner(programmes, fastRegion),
      });
      const sections = Object.keys(parsed).filter((k) => parsed[k as keyof Draft] !== undefined);
      await this.addAction(trx, id, user, 'draft_saved', null, { sections });
      // which sections changed, never their content
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'application',
        subject: `application:${id}`,
        action: 'application.updated',
        detail: { sections: opts.programmes ? [...sections, 'programmes'] : sections },
      });
      return this.mustGetRow(trx, id);
    });
  }

  /**
   * The applicant withdraws an application that has no final outcome yet (a draft, or one under review or approved
   * but not enrolled): open vetting work is closed, a booked interview released.
   */
  async withdraw(user: User, id: string): Promise<Derived> {
    return this.tx(async (trx) => {
      const row = await store.applicationById(trx, id, { forUpdate: true });
      if (!row) throw notFound();
      const app = rowToApp(row, this.ctx.cipher);
      this.check(user, canEditDraft, app, `application:${id}`);
      const agencies = this.requiredAgencies(app);
      const before = deriveStatus(await this.actions(trx, id), agencies);
      if (!WITHDRAWABLE.includes(before.stage)) throw new AppError(409, 'travellers.err.cannot_withdraw');
      await store.releaseBooking(trx, id);
      await store.closeApplicationWorkItems(trx, id, 'withdrawn');
      await this.addAction(trx, id, user, 'withdrawn', null, { stage: before.stage });
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'application',
        subject: `application:${id}`,
        action: 'application.withdrawn',
        detail: { stage: before.stage },
      });
      return deriveStatus(await this.actions(trx, id), agencies);
    });
  }

  /** Memberships the applicant already holds count for eligibility (the 2016 arrangement links NEXUS, GE and VC). */
  async heldMemberships(userId: string): Promise<Applicant['memberships']> {
    const rows = await store.membershipsOfUser(this.db, userId);
    return rows.flatMap((r) =>
      r.programmes.map((p) => ({
        programme: p,
        status:
          r.status === 'active' && new Date(r.expires_at) > new Date()
            ? ('active' as const)
            : r.status === 'active'
              ? ('expired' as const)
              : r.status,
        expiresOn: new Date(r.expires_at).toISOString().slice(0, 10),
      })),
    );
  }

  eligibilityFor(app: Application, draft: Draft, today = new Date(), memberships: Applicant['memberships'] = []) {
    const applicant = applicantFacts(draft, app.fastRegion, memberships);
    if (!applicant) return null;
    return app.programmes.map((p) => checkEligibility(applicant, p, { today: today.toISOString().slice(0, 10) }));
  }

  feeFor(app: Application, draft: Draft, today = new Date(), memberships: Applicant['memberships'] = []) {
    const applicant = applicantFacts(draft, app.fastRegion, memberships);
    return applicant ? feeFor(app.programmes, applicant, { today: today.toISOString().slice(0, 10) }) : null;
  }

  /** Checks completeness and the rules a submission must meet; returns field problems as message keys. */
  validateForSubmission(
    app: Application,
    draft: Draft,
    today = new Date(),
    memberships: Applicant['memberships'] = [],
  ): { personal?: Personal; problems: { path: string; key: string; args?: Record<string, string | number> }[] } {
    const parsed = personalSchema.safeParse(draft);
    const problems: { path: string; key: string; args?: Record<string, string | number> }[] = [];
    if (!parsed.success) {
      const sections = new Set(parsed.error.issues.map((i) => String(i.path[0])));
      for (const s of sections) problems.push({ path: s, key: `travellers.err.section_incomplete.${s}` });
      return { problems };
    }
    const p = parsed.data;
    if (monthsCovered(p.history.addresses, today) < 60)
      problems.push({ path: 'history.addresses', key: 'travellers.err.five_years_addresses' });
    if (monthsCovered(p.history.employment, today) < 60)
      problems.push({ path: 'history.employment', key: 'travellers.err.five_years_employment' });
    for (const e of this.eligibilityFor(app, draft, today, memberships) ?? [])
      if (!e.eligible)
        problems.push({
          path: 'programmes',
          key: 'travellers.err.not_eligible',
          args: { programme: PROGRAMMES[e.programme].code },
        });
    if (p.identity.passportExpiry <= today.toISOString().slice(0, 10))
      problems.push({ path: 'identity.passportExpiry', key: 'travellers.err.passport_expired' });
    return { personal: p, problems };
  }

  /** Submission: idempotent (a repeat returns the first result); pays the fee, assesses risk, routes to agencies. */
  async submit(user: User, id: string, today = new Date()): Promise<Application> {
    const app0 = await this.getRow(this.db, id);
    if (!app0) throw notFound();
    await this.ctx.guard.require(user, canEditDraft, app0, `application:${id}`, { operation: 'submit' });
    if (app0.submittedAt) return app0;
    if (deriveStatus(await this.actions(this.db, id), []).stage === 'withdrawn')
      throw new AppError(409, 'travellers.err.withdrawn');
    const draft = await this.readDraft(id);
    const held = await this.heldMemberships(user.id);
    const { personal, problems } = this.validateForSubmission(app0, draft, today, held);
    if (problems.length || !personal)
      throw new AppError(
        422,
        'travellers.err.cannot_submit',
        { count: problems.length },
        Object.fromEntries(problems.map((p) => [p.path, { key: p.key, args: p.args }])),
      );
    const fee = this.feeFor(app0, draft, today, held);
    // One charge per currency (US dollars and Mexican pesos are never added); the adapter is idempotent per reference.
    const payments: PaymentResult[] = [];
    for (const [currency, amount] of Object.entries(fee?.totals ?? {})) {
      if (amount && amount > 0)
        payments.push(await this.payments.charge(`${app0.reference}-${currency}`, Math.round(amount * 100), currency));
    }
    const risk = await this.assessRisk(user, app0, personal, today, held);
    const agencies = this.requiredAgencies(app0);
    return this.tx(async (trx) => {
      const locked = await store.applicationById(trx, id, { forUpdate: true });
      if (!locked) throw notFound();
      if (locked.submitted_at) return rowToApp(locked, this.ctx.cipher);
      await store.markApplicationSubmitted(trx, id, {
        riskSealed: this.ctx.cipher.encryptJson(risk, CTX_RISK),
        payments: payments.map((p) => ({
          provider: p.providerName,
          paymentId: p.paymentId,
          amount: p.amountCents / 100,
          currency: p.currency,
        })),
      });
      for (const payment of payments) {
        await this.addAction(trx, id, user, 'payment_captured', null, {
          provider: payment.providerName,
          paymentId: payment.paymentId,
          amountCents: payment.amountCents,
          currency: payment.currency,
        });
        await this.ctx.audit.append(trx, {
          actor: actorOf(user),
          purpose: 'application fee',
          subject: `application:${id}`,
          action: 'payment.captured',
          detail: { provider: payment.providerName, amountCents: payment.amountCents, currency: payment.currency },
        });
      }
      await this.addAction(trx, id, user, 'submitted', null, { programmes: app0.programmes, agencies });
      await this.addAction(trx, id, null, 'risk_assessed', null, { screening: risk.screening, score: risk.score });
      await store.insertWorkItems(
        trx,
        agencies.map((agency) => ({
          id: crypto.randomUUID(),
          application_id: id,
          membership_id: null,
          agency,
          country: workCountry(agency),
          kind: 'vetting' as const,
          programmes: app0.programmes,
          risk_score: risk.score,
          summary: JSON.stringify({ screening: risk.screening, hits: risk.hits.length }),
          outcome: null,
        })),
      );
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'application',
        subject: `application:${id}`,
        action: 'application.submitted',
        detail: { agencies, screening: risk.screening },
      });
      await this.notifyApplicant(trx, app0, 'submitted', {});
      return this.mustGetRow(trx, id);
    });
  }

  async assessRisk(
    user: User,
    app: Application,
    p: Personal,
    today: Date,
    held: Applicant['memberships'] = [],
  ): Promise<RiskSummary> {
    const docProblems: string[] = [];
    if (p.identity.mrz.trim()) {
      const m = parseMrz(p.identity.mrz, { today: today.toISOString().slice(0, 10) });
      for (const e of m.errors) docProblems.push(e.key);
      if (m.ok && (m.fields.documentNumber ?? '').replace(/</g, '') !== p.identity.passportNumber.replace(/</g, ''))
        docProblems.push('travellers.risk.mrz_number_mismatch');
    } else docProblems.push('travellers.risk.no_mrz');
    const elig = this.eligibilityFor(app, p, today, held) ?? [];
    const eligProblems = elig.filter((e) => !e.eligible).map((e) => e.programme);
    let screening: RiskSummary['screening'] = 'pending';
    let hits: RiskSummary['hits'] = [];
    if (this.screening) {
      const r = await this.screening.screenPerson(
        {
          name: `${p.identity.givenNames} ${p.identity.surname}`,
          birthDate: p.facts.birthDate,
          nationality: p.facts.citizenships[0],
          documents: [{ type: 'passport', number: p.identity.passportNumber, country: p.identity.passportCountry }],
        },
        { actor: actorOf(user), agencies: this.requiredAgencies(app), subjectRef: `application:${app.id}` },
      );
      screening = r.status;
      hits = r.hits.map((h) => ({
        lookoutId: h.lookoutId,
        score: h.score,
        name: h.name,
        reasons: h.reasons,
        visibleTo: h.visibleTo,
      }));
    }
    const declarations = (['criminalConviction', 'customsViolation', 'immigrationViolation'] as const).filter(
      (k) => p.declarations[k],
    );
    // A transparent additive score: officers see each part of it in the risk summary.
    const score = Math.min(
      1,
      (hits.length ? 0.5 + 0.5 * Math.max(...hits.map((h) => h.score)) : 0) +
        declarations.length * 0.15 +
        (docProblems.filter((d) => d !== 'travellers.risk.no_mrz').length ? 0.2 : 0) +
        (eligProblems.length ? 0.2 : 0),
    );
    return {
      score: Math.round(score * 100) / 100,
      document: { ok: docProblems.length === 0, problems: docProblems },
      eligibility: { ok: eligProblems.length === 0, problems: eligProblems },
      screening,
      hits,
      declarations,
    };
  }

  // ---------- vetting ----------
  /** The officer's agency's open work items, riskiest then oldest; the scope is applied in the query. */
  async queue(officer: User, opts: { kind?: WorkItemKind } = {}) {
    const scope = vettingQueueScope(officer);
    if (!scope) return this.roleRefused(officer, 'vettingQueueScope', 'queue:vetting');
    const rows = await store.vettingQueue(this.db, scope, QUEUE_LIMIT, opts.kind);
    return rows.map(({ applicant_name_enc, ...w }) => ({
      ...w,
      applicant_name: applicant_name_enc ? this.ctx.cipher.decrypt(applicant_name_enc, CTX_APPLICANT_NAME) : null,
    }));
  }

  async decide(
    officer: User,
    id: string,
    decision:
      | { kind: 'approve' }
      | { kind: 'deny'; reasonCode: string; explanation: string }
      | { kind: 'request_info'; question: string },
  ) {
    const agency = officer.agency;
    if (!agency || !hasRole(officer, 'vetting_officer'))
      return this.roleRefused(officer, canDecideVetting.name, `application:${id}`);
    return this.tx(async (trx) => {
      const row = await store.applicationById(trx, id, { forUpdate: true });
      if (!row) throw notFound();
      const app = rowToApp(row, this.ctx.cipher);
      this.check(officer, canDecideVetting, app, `application:${id}`);
      const agencies = this.requiredAgencies(app);
      const status = deriveStatus(await this.actions(trx, id), agencies);
      if (status.stage !== 'under_review' || !status.holders.includes(agency))
        throw new AppError(409, 'travellers.err.not_awaiting_agency');
      if (decision.kind === 'approve') {
        await this.addAction(trx, id, officer, 'vetting_approved', agency);
        await this.ctx.audit.append(trx, {
          actor: actorOf(officer),
          purpose: 'vetting decision',
          subject: `application:${id}`,
          action: 'vetting.approved',
          detail: { agency },
        });
        await store.closeApplicationWorkItems(trx, id, 'approved', agency);
        const after = deriveStatus(await this.actions(trx, id), agencies);
        if (after.stage === 'conditionally_approved')
          await this.notifyApplicant(trx, app, 'conditionally_approved', {});
      } else if (decision.kind === 'deny') {
        await this.addAction(trx, id, officer, 'vetting_denied', agency, {
          reasonCode: decision.reasonCode,
          explanation: decision.explanation,
        });
        await this.ctx.audit.append(trx, {
          actor: actorOf(officer),
          purpose: 'vetting decision',
          subject: `application:${id}`,
          action: 'vetting.denied',
          detail: { reasonCode: decision.reasonCode, agency },
        });
        await store.closeApplicationWorkItems(trx, id, 'denied');
        await this.notifyApplicant(trx, app, 'denied', { agency });
      } else {
        await this.addAction(trx, id, officer, 'info_requested', agency, { question: decision.question });
        await this.ctx.audit.append(trx, {
          actor: actorOf(officer),
          purpose: 'vetting decision',
          subject: `application:${id}`,
          action: 'vetting.info_requested',
          detail: { agency },
        });
        await this.notifyApplicant(trx, app, 'info_requested', { agency });
      }
      return deriveStatus(await this.actions(trx, id), agencies);
    });
  }

  async answerQuestion(user: User, id: string, answer: string) {
    return this.tx(async (trx) => {
      const app = await this.getRow(trx, id);
      if (!app) throw notFound();
      this.check(user, canEditDraft, app, `application:${id}`);
      const status = deriveStatus(await this.actions(trx, id), this.requiredAgencies(app));
      if (status.stage !== 'awaiting_applicant' || !status.openQuestion)
        throw new AppError(409, 'travellers.err.no_open_question');
      await this.addAction(trx, id, user, 'info_provided', status.openQuestion.agency, { answer });
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'application',
        subject: `application:${id}`,
        action: 'vetting.info_provided',
      });
    });
  }

  // ---------- interviews ----------
  async centresFor(app: Pick<Application, 'programmes'>) {
    return store.centresServing(this.db, app.programmes);
  }
  async centre(id: string) {
    return (await store.centreById(this.db, id)) ?? null;
  }
  async slots(centreId: string, from = new Date(), limit = 40) {
    return store.freeSlots(this.db, centreId, from, limit);
  }

  /** Books (or moves to) a slot, or chooses Enrolment on Arrival at a centre. Capacity is enforced atomically. */
  async book(user: User, id: string, choice: { slotId: string } | { onArrivalCentreId: string }) {
    return this.tx(async (trx) => {
      const app = await this.getRow(trx, id);
      if (!app) throw notFound();
      this.check(user, canBookInterview, app, `application:${id}`);
      const status = deriveStatus(await this.actions(trx, id), this.requiredAgencies(app));
      if (status.stage !== 'conditionally_approved' && status.stage !== 'interview_scheduled')
        throw new AppError(409, 'travellers.err.not_ready_for_interview');
      const prior = await store.releaseBooking(trx, id);
      let detail: Record<string, unknown>;
      let centreCode: string;
      if ('slotId' in choice) {
        const slot = await store.takeSlot(trx, choice.slotId);
        if (!slot) throw new AppError(409, 'travellers.err.slot_full');
        const centre = await store.centreById(trx, slot.centre_id);
        if (!centre || !centre.programmes.some((p) => (app.programmes as string[]).includes(p)))
          throw new AppError(422, 'travellers.err.centre_programme');
        // the booking belongs to the centre's agency, in its country
        await store.insertBooking(trx, {
          applicationId: id,
          slotId: slot.id,
          country: centre.country,
          agency: centre.agency,
        });
        const startsAt = new Date(slot.starts_at).toISOString();
        detail = { slotId: slot.id, centreId: centre.id, startsAt };
        centreCode = centre.id;
      } else {
        const centre = await store.centreById(trx, choice.onArrivalCentreId);
        if (!centre?.enrolment_on_arrival) throw new AppError(422, 'travellers.err.not_eoa');
        detail = { centreId: centre.id, onArrival: true };
        centreCode = centre.id;
      }
      await this.addAction(trx, id, user, 'interview_booked', null, detail);
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'interview',
        subject: `application:${id}`,
        action: prior ? 'interview.moved' : 'interview.booked',
        detail: { centre: centreCode },
      });
      await this.notifyApplicant(trx, app, 'interview_booked', {});
    });
  }
  async cancelInterview(user: User, id: string) {
    return this.tx(async (trx) => {
      const app = await this.getRow(trx, id);
      if (!app) throw notFound();
      this.check(user, canBookInterview, app, `application:${id}`);
      const status = deriveStatus(await this.actions(trx, id), this.requiredAgencies(app));
      if (!status.interview) throw new AppError(409, 'travellers.err.no_interview');
      await store.releaseBooking(trx, id);
      await this.addAction(trx, id, user, 'interview_cancelled', null);
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'interview',
        subject: `application:${id}`,
        action: 'interview.cancelled',
      });
    });
  }

  // ---------- enrolment and memberships ----------
  /** Applications ready for enrolment that the officer's agency vetted: scope and readiness in the query. */
  async enrolmentQueue(officer: User) {
    const scope = enrolmentQueueScope(officer);
    if (!scope) return this.roleRefused(officer, 'enrolmentQueueScope', 'queue:enrolment');
    const rows = await store.enrolmentQueue(this.db, scope, QUEUE_LIMIT);
    const out = [];
    for (const { applicant_name_enc, ...row } of rows) {
      const agencies = this.requiredAgencies({ programmes: row.programmes, fastRegion: row.fast_region });
      const st = deriveStatus(await this.actions(this.db, row.id), agencies);
      out.push({
        ...row,
        applicant_name: applicant_name_enc ? this.ctx.cipher.decrypt(applicant_name_enc, CTX_APPLICANT_NAME) : '',
        stage: st.stage,
        interview: st.interview,
      });
    }
    return out;
  }

  /** The enrolment officer verifies documents, records photo and biometric references, and issues the membership. */
  async issueMembership(
    officer: User,
    id: string,
    input: { documentsVerified: boolean; photoRef: string; biometricRef: string },
    now = new Date(),
  ): Promise<MembershipRow> {
    const agency = officer.agency;
    const country = agencyCountry(agency);
    if (!agency || !country || !hasRole(officer, 'enrolment_officer'))
      return this.roleRefused(officer, canIssueMembership.name, `application:${id}`);
    if (!input.documentsVerified)
      throw new AppError(
        422,
        'travellers.err.verify_documents',
        {},
        { documentsVerified: { key: 'travellers.err.verify_documents' } },
      );
    const m = await this.tx(async (trx) => {
      const row = await store.applicationById(trx, id, { forUpdate: true });
      if (!row) throw notFound();
      const app = rowToApp(row, this.ctx.cipher);
      this.check(officer, canIssueMembership, app, `application:${id}`);
      const status = deriveStatus(await this.actions(trx, id), this.requiredAgencies(app));
      if (status.stage === 'member') {
        const issued = await store.membershipOfApplication(trx, id);
        if (issued) return issued;
      }
      if (status.stage !== 'interview_scheduled' && status.stage !== 'conditionally_approved')
        throw new AppError(409, 'travellers.err.not_ready_for_enrolment');
      const draft = row.personal_enc ? this.ctx.cipher.decryptJson<Draft>(row.personal_enc, CTX_PERSONAL) : {};
      const membershipId = crypto.randomUUID();
      const number = await this.uniqueMembershipNumber(trx);
      const card = await this.uniqueCardNumber(trx, app.programmes);
      const expires = new Date(now);
      expires.setUTCFullYear(expires.getUTCFullYear() + 5);
      const personal: MemberPersonal = {
        birthDate: draft.facts?.birthDate,
        citizenships: draft.facts?.citizenships,
        passport: draft.identity
          ? {
              number: draft.identity.passportNumber,
              country: draft.identity.passportCountry,
              expiry: draft.identity.passportExpiry,
            }
          : null,
        sex: draft.identity?.sex,
        photoRef: input.photoRef,
      };
      const biometrics = { photoRef: input.photoRef, biometricRef: input.biometricRef, capturedBy: agency };
      // the membership and its card belong to the issuing agency, in its country
      const m = await store.insertMembership(trx, {
        id: membershipId,
        user_id: app.userId,
        application_id: id,
        membership_number: number,
        programmes: app.programmes,
        fast_region: app.fastRegion,
        holder_name: '',
        holder_name_enc: this.ctx.cipher.encrypt(app.applicantName, CTX_HOLDER_NAME),
        personal_enc: this.ctx.cipher.encryptJson(personal, CTX_MEMBER),
        doc_bidx: row.doc_bidx,
        country,
        agency,
        issued_at: now,
        expires_at: expires,
        status: 'active',
        biometrics_enc: this.ctx.cipher.encryptJson(biometrics, CTX_BIO),
      });
      await this.insertCard(trx, m, card);
      await this.addAction(trx, id, officer, 'membership_issued', agency, {
        membershipId,
        membershipNumber: number,
      });
      await store.addMembershipEvent(trx, {
        membershipId,
        actorId: officer.id,
        actorAgency: agency,
        kind: 'issued',
        detail: { expiresAt: expires.toISOString() },
      });
      await this.ctx.audit.append(trx, {
        actor: actorOf(officer),
        purpose: 'enrolment',
        subject: `membership:${membershipId}`,
        action: 'membership.issued',
        detail: { application: id },
      });
      await this.notifyApplicant(trx, app, 'member', { number });
      return m;
    });
    await this.directory.changed(m.id);
    return m;
  }

  private async uniqueMembershipNumber(trx: DB): Promise<string> {
    for (let i = 0; i < 10; i++) {
      const n = generateMembershipNumber();
      if (!(await store.membershipNumberTaken(trx, n))) return n;
    }
    throw new Error('could not allocate a unique number');
  }
  private async uniqueCardNumber(trx: DB, programmes: readonly ProgrammeCode[]): Promise<string> {
    for (let i = 0; i < 10; i++) {
      const n = generateCardNumber(CARD_PROGRAMME(programmes));
      if (!(await store.cardKeyTaken(trx, this.ctx.cipher.blindIndex('card', n)))) return n;
    }
    throw new Error('could not allocate a unique number');
  }
  /** A new active card of a membership, owned like the membership (the issuing agency). */
  private async insertCard(trx: DB, m: Pick<MembershipRow, 'id' | 'country' | 'agency'>, cardNumber: string) {
    await store.insertCard(trx, {
      id: crypto.randomUUID(),
      membership_id: m.id,
      card_bidx: this.ctx.cipher.blindIndex('card', cardNumber),
      card_enc: this.ctx.cipher.encrypt(cardNumber, CTX_CARD),
      last4: cardNumber.slice(-4),
      status: 'active',
      country: m.country,
      agency: m.agency,
    });
  }

  async membershipsForUser(userId: string): Promise<HeldMembership[]> {
    const ms = await store.membershipsOfUser(this.db, userId);
    const cards = await store.cardsOfMemberships(
      this.db,
      ms.map((m) => m.id),
    );
    return ms.map((m) => ({ ...m, cards: cards.filter((c) => c.membership_id === m.id) }));
  }

  /** A membership for a reviewing officer (canReadMembership), with their agency's open work on it; audited. */
  async membershipForOfficer(officer: User, id: string): Promise<MembershipReview> {
    await this.ctx.guard.admit(officer, canWorkMembershipDesk, `membership:${id}`, { operation: 'read' });
    const m = await store.membershipById(this.db, id);
    if (!m) throw notFound();
    await this.ctx.guard.require(officer, canReadMembership, membershipScope(m), `membership:${id}`, {
      operation: 'read',
    });
    const work = officer.agency ? await store.openWorkOnMembership(this.db, id, officer.agency) : [];
    await this.db.transaction().execute((trx) =>
      this.ctx.audit.append(trx, {
        actor: actorOf(officer),
        purpose: 'membership review',
        subject: `membership:${id}`,
        action: 'membership.viewed',
      }),
    );
    return {
      id: m.id,
      membership_number: m.membership_number,
      holder_name: m.holder_name_enc ? this.ctx.cipher.decrypt(m.holder_name_enc, CTX_HOLDER_NAME) : m.holder_name,
      status: m.status,
      expires_at: m.expires_at,
      programmes: m.programmes,
      fast_region: m.fast_region,
      renewal_requested_at: m.renewal_requested_at,
      work,
    };
  }

  async requestRenewal(user: User, membershipId: string, now = new Date()) {
    await this.tx(async (trx) => {
      const m = await store.membershipById(trx, membershipId, { forUpdate: true });
      if (!m) throw notFound();
      this.check(user, canRequestRenewal, membershipScope(m), `membership:${membershipId}`);
      const opens = new Date(m.expires_at);
      opens.setUTCFullYear(opens.getUTCFullYear() - 1);
      if (now < opens)
        throw new AppError(422, 'travellers.err.renewal_not_open', { date: opens.toISOString().slice(0, 10) });
      if (m.status !== 'active') throw new AppError(409, 'travellers.err.membership_not_active');
      if (m.renewal_requested_at) return;
      await store.setRenewalRequested(trx, membershipId, now);
      await store.insertWorkItems(
        trx,
        vettingAgencies(membershipScope(m)).map((agency) => ({
          id: crypto.randomUUID(),
          application_id: null,
          membership_id: membershipId,
          agency,
          country: workCountry(agency),
          kind: 'renewal' as const,
          programmes: m.programmes,
          outcome: null,
        })),
      );
      await store.addMembershipEvent(trx, { membershipId, actorId: user.id, kind: 'renewal_requested' });
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'membership',
        subject: `membership:${membershipId}`,
        action: 'membership.renewal_requested',
      });
    });
    await this.directory.changed(membershipId);
  }

  /**
   * A lost or stolen card is deactivated at once and a new card number issued in the same transaction. The full new
   * number is returned only to whom canReadCardNumber allows (the holder); an officer gets its last four digits.
   */
  async replaceCard(user: User, membershipId: string): Promise<{ last4: string; cardNumber: string | null }> {
    let holder = false;
    const card = await this.tx(async (trx) => {
      const m = await store.membershipById(trx, membershipId, { forUpdate: true });
      if (!m) throw notFound();
      this.check(user, canReplaceCard, membershipScope(m), `membership:${membershipId}`);
      holder = canReadCardNumber.allows(user, membershipScope(m));
      await store.deactivateCards(trx, membershipId, 'lost');
      const card = await this.uniqueCardNumber(trx, m.programmes);
      await this.insertCard(trx, m, card);
      await store.addMembershipEvent(trx, { membershipId, actorId: user.id, kind: 'card_replaced' });
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'membership',
        subject: `membership:${membershipId}`,
        action: 'membership.card_replaced',
        detail: { reason: 'lost' },
      });
      return card;
    });
    await this.directory.changed(membershipId);
    return { last4: card.slice(-4), cardNumber: holder ? card : null };
  }

  /**
   * A vetting agency decides a renewal: approved by every agency that vets the membership, the validity is extended
   * by five years from the current expiry; refused, the membership runs to its expiry.
   */
  async decideRenewal(officer: User, membershipId: string, approve: boolean) {
    const agency = officer.agency;
    if (!agency || !hasRole(officer, 'vetting_officer'))
      return this.roleRefused(officer, canDecideRenewal.name, `membership:${membershipId}`);
    await this.tx(async (trx) => {
      const m = await store.membershipById(trx, membershipId, { forUpdate: true });
      if (!m) throw notFound();
      this.check(officer, canDecideRenewal, membershipScope(m), `membership:${membershipId}`);
      const closed = await store.closeMembershipWorkItem(
        trx,
        membershipId,
        agency,
        'renewal',
        approve ? 'approved' : 'denied',
      );
      if (!closed || !m.renewal_requested_at) throw new AppError(409, 'travellers.err.no_renewal');
      await store.addMembershipEvent(trx, {
        membershipId,
        actorId: officer.id,
        actorAgency: agency,
        kind: approve ? 'renewal_approved' : 'renewal_denied',
      });
      if (!approve) await store.setRenewalRequested(trx, membershipId, null);
      else if ((await store.openRenewalItemCount(trx, membershipId)) === 0) {
        const until = new Date(m.expires_at);
        until.setUTCFullYear(until.getUTCFullYear() + 5);
        await store.extendMembership(trx, membershipId, until);
      }
      await this.ctx.audit.append(trx, {
        actor: actorOf(officer),
        purpose: 'membership renewal',
        subject: `membership:${membershipId}`,
        ...(approve
          ? { action: 'membership.renewed' as const }
          : { action: 'membership.renewal_denied' as const, detail: {} }),
      });
    });
    await this.directory.changed(membershipId);
  }

  /** Closes a recurrent-vetting work item after review (no action, or after suspending the membership). */
  async closeWorkItem(
    officer: User,
    membershipId: string,
    outcome: 'no_action' | 'membership_suspended' | 'membership_revoked',
  ) {
    const agency = officer.agency;
    if (!agency || !hasRole(officer, 'vetting_officer'))
      return this.roleRefused(officer, canDecideRenewal.name, `membership:${membershipId}`);
    await this.tx(async (trx) => {
      const m = await store.membershipById(trx, membershipId);
      if (!m) throw notFound();
      this.check(officer, canDecideRenewal, membershipScope(m), `membership:${membershipId}`);
      const closed = await store.closeMembershipWorkItem(trx, membershipId, agency, 'recurrent', outcome);
      if (!closed) throw new AppError(409, 'travellers.err.no_work_item');
    });
  }

  async setMembershipStatus(
    officer: User,
    membershipId: string,
    status: 'suspended' | 'revoked' | 'active',
    reason: string,
  ) {
    const agency = officer.agency;
    if (!agency || !hasRole(officer, 'vetting_officer', 'enrolment_officer'))
      return this.roleRefused(officer, canChangeMembership.name, `membership:${membershipId}`);
    await this.tx(async (trx) => {
      const m = await store.membershipById(trx, membershipId, { forUpdate: true });
      if (!m) throw notFound();
      this.check(officer, canChangeMembership, membershipScope(m), `membership:${membershipId}`);
      if (m.status === 'revoked') throw new AppError(409, 'travellers.err.membership_revoked');
      await store.setMembershipStatus(trx, membershipId, status, reason);
      await store.addMembershipEvent(trx, {
        membershipId,
        actorId: officer.id,
        actorAgency: agency,
        kind: status,
        detail: { reason },
      });
      await this.ctx.audit.append(trx, {
        actor: actorOf(officer),
        purpose: 'membership',
        subject: `membership:${membershipId}`,
        action:
          status === 'active'
            ? 'membership.reinstated'
            : status === 'suspended'
              ? 'membership.suspended'
              : 'membership.revoked',
        detail: { reason },
      });
    });
    await this.directory.changed(membershipId);
  }

  /**
   * A card or passport looked up by an officer (canLookUpMembership): the membership found is a read of personal data,
   * audited once (`membership.viewed`); nothing found reads nothing.
   */
  async lookupMembershipFor(
    officer: User,
    q: { cardNumber?: string; passportNumber?: string; passportCountry?: string },
  ) {
    await this.ctx.guard.admit(officer, canLookUpMembership, 'memberships:lookup', { operation: 'lookup' });
    const m = await this.lookupMembership(q);
    if (m)
      await this.db.transaction().execute((trx) =>
        this.ctx.audit.append(trx, {
          actor: actorOf(officer),
          purpose: 'membership look-up',
          subject: `membership:${m.membershipId}`,
          action: 'membership.viewed',
        }),
      );
    return m;
  }

  /**
   * Membership look-up for the lanes module: is this card, or this passport, an active member of which programmes.
   * A membership past its expiry keeps its privileges while a renewal requested before expiry is pending.
   */
  async lookupMembership(
    q: { cardNumber?: string; passportNumber?: string; passportCountry?: string },
    now = new Date(),
  ) {
    await this.directory.ready;
    return this.lookupMembershipNow(q, now.getTime());
  }
  /** Synchronous, in memory: the lanes call this on their hot path. Personal details are decrypted only on a hit. */
  lookupMembershipNow(q: { cardNumber?: string; passportNumber?: string; passportCountry?: string }, now = Date.now()) {
    let m: MemberSnapshot | null = null,
      cardStatus: string | null = null;
    if (q.cardNumber) {
      const found = this.directory.byCard(this.ctx.cipher.blindIndex('card', q.cardNumber));
      if (found) {
        m = found.member;
        cardStatus = found.cardStatus;
      }
    } else if (q.passportNumber)
      m = this.directory.byDoc(this.ctx.cipher.blindIndex('passport', (q.passportCountry ?? '') + q.passportNumber));
    if (!m) return null;
    const member = m;
    const expired = m.expiresAt <= now;
    const renewalKeeps = expired && m.renewalRequestedAt !== null && m.renewalRequestedAt < m.expiresAt;
    const active =
      m.status === 'active' && (!expired || renewalKeeps) && (cardStatus === null || cardStatus === 'active');
    return {
      membershipId: m.id,
      membershipNumber: m.membershipNumber,
      programmes: m.programmes,
      fastRegion: m.fastRegion,
      status: m.status,
      cardStatus,
      expiresAt: new Date(m.expiresAt),
      renewalPending: m.renewalRequestedAt !== null,
      active,
      /** Decrypted when read: the lanes need it only for a card read by RFID. */
      get holderName() {
        return member.holderName;
      },
      /** Decrypted on demand for the officer's screen; the directory holds only the name. */
      personal: () => this.memberPersonal(m.id),
    };
  }
  async memberPersonal(id: string): Promise<{ photoRef?: string; birthDate?: string }> {
    const sealed = await store.personalOfMembership(this.db, id);
    return sealed ? this.ctx.cipher.decryptJson<MemberPersonal>(sealed, CTX_MEMBER) : {};
  }

  // ---------- recurrent vetting ----------
  /** Registered people for recurrent vetting: active members, with what screening needs. */
  async *registeredMembers(): AsyncIterable<MemberSubject> {
    // By pages along the primary key: a million decrypted records at once would be a burst of short-lived objects.
    // The status is checked here, not in SQL (see store.membershipSubjectsPage).
    for (let after = FIRST_UUID; ; ) {
      const rows = await store.membershipSubjectsPage(this.db, after, 5000);
      for (const r of rows) if (r.status === 'active') yield this.registeredSubject(r);
      if (rows.length < 5000) return;
      after = rows[rows.length - 1].id;
    }
  }
  /** One member for recurrent vetting (ref `membership:<id>`), or null when the membership is not active. */
  async registeredMember(ref: string): Promise<MemberSubject | null> {
    const r = await store.activeMembershipSubject(this.db, ref.replace(/^membership:/, ''));
    return r ? this.registeredSubject(r) : null;
  }
  private registeredSubject(r: { id: string; holder_name_enc: string | null; personal_enc: string }): MemberSubject {
    const p = this.ctx.cipher.decryptJson<MemberPersonal>(r.personal_enc, CTX_MEMBER);
    return {
      ref: `membership:${r.id}`,
      name: r.holder_name_enc ? this.ctx.cipher.decrypt(r.holder_name_enc, CTX_HOLDER_NAME) : '',
      birthDate: p.birthDate,
      nationality: p.citizenships?.[0],
      documents: p.passport ? [{ type: 'passport', number: p.passport.number, country: p.passport.country }] : [],
    };
  }

  /** A new or changed lookout hit a member: each agency that vets the membership's programmes gets a work item. */
  async reportRecurrentHit(ref: string, hit: { lookoutId: string; score: number; reasons: unknown[] }) {
    const membershipId = ref.replace(/^membership:/, '');
    await this.db.transaction().execute(async (trx) => {
      const m = await store.membershipById(trx, membershipId);
      if (!m) return;
      for (const agency of vettingAgencies(membershipScope(m))) {
        if (await store.hasOpenRecurrentItem(trx, membershipId, agency, hit.lookoutId)) continue;
        await store.insertWorkItems(trx, [
          {
            id: crypto.randomUUID(),
            application_id: null,
            membership_id: membershipId,
            agency,
            country: workCountry(agency),
            kind: 'recurrent',
            programmes: m.programmes,
            risk_score: hit.score,
            summary: JSON.stringify({ lookoutId: hit.lookoutId, score: hit.score, reasons: hit.reasons }),
            outcome: null,
          },
        ]);
      }
      await this.ctx.audit.append(trx, {
        actor: actorOf(null),
        purpose: 'recurrent vetting',
        subject: `membership:${membershipId}`,
        action: 'recurrent.hit',
        detail: { lookoutId: hit.lookoutId, score: hit.score },
      });
    });
  }

  // ---------- notifications ----------
  private async notifyApplicant(trx: DB, app: Application, event: string, args: Record<string, string>) {
    const u = await getUser(trx, app.userId);
    if (!u) return;
    const locale: Locale = u.locale;
    await this.ctx.notify(trx, {
      userId: app.userId,
      to: u.email,
      subject: t(locale, `travellers.notify.${event}.subject`, { reference: app.reference, ...args }),
      body: t(locale, `travellers.notify.${event}.body`, { reference: app.reference, ...args }),
    });
  }
}
