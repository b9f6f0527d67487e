// Domain rules of the trusted-traveller portal: applications, risk assessment, joint vetting, interviews, memberships.
// Routes only parse, authorise, call these functions and render. All writes are transactional and audited.
import crypto from 'node:crypto';
import type { FieldCipher } from '../../kernel/crypto.ts';
import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { DB } from '../../kernel/db.ts';
import { actorOf, type User } from '../../kernel/auth.ts';
import { AppError, forbidden, notFound } from '../../kernel/errors.ts';
import { t, type Locale } from '../../kernel/i18n.ts';
import { deriveStatus, type Action, type Derived } from './status.ts';
import { draftSchema, personalSchema, monthsCovered, type Draft, type Personal } from './personal.ts';
import { PROGRAMMES, PROGRAMME_CODES, AGENCIES, type ProgrammeCode } from './domain/programmes.ts';
import { checkEligibility, requiredAgencies, feeFor, type Applicant } from './domain/eligibility.ts';
import { parseMrz } from './domain/mrz.ts';
import { generateMembershipNumber, generateCardNumber } from './domain/numbers.ts';
import { CTX_HOLDER_NAME, FIRST_UUID, MembershipDirectory, type MemberSnapshot } from './directory.ts';
import { TestPaymentProvider, type PaymentProvider, type PaymentResult } from './payments.ts';

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
}
export interface RiskSummary {
  score: number;
  document: { ok: boolean; problems: string[] };
  eligibility: { ok: boolean; problems: string[] };
  screening: 'pending' | 'clear' | 'hits';
  hits: { lookoutId: string; score: number; name: string; reasons: unknown[]; visibleTo: string[] }[];
  declarations: string[];
}

const CTX_PERSONAL = 'tt_applications.personal_enc';
/** The card a joint membership carries is the NEXUS/SENTRI/FAST card when there is one (Global Entry alone has none). */
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
const CTX_CARD = 'tt_cards.card_enc';
const CTX_BIO = 'tt_memberships.biometrics_enc';

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

/** Names are encrypted at rest, each in its own column bound as associated data (decision 0003). */
export const CTX_APPLICANT_NAME = 'tt_applications.applicant_name_enc';
const rowToApp = (r: any, cipher: FieldCipher): Application => ({
  id: r.id,
  userId: r.user_id,
  reference: r.reference,
  programmes: r.programmes,
  fastRegion: r.fast_region,
  applicantName: cipher.decrypt(r.applicant_name_enc, CTX_APPLICANT_NAME),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
  version: r.version,
  risk: r.risk,
  payments: r.payments ?? [],
});

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
   * Encrypts the names that rows written before migration 002 hold in clear, and blanks the clear columns (by batches;
   * on PostgreSQL, instances starting together may read the same batch: only the first one's update applies, the
   * others' find those rows already sealed).
   */
  private async sealClearNames() {
    const seal = async (table: 'tt_applications' | 'tt_memberships', clear: string, enc: string, context: string) => {
      for (;;) {
        const rows = (
          await sql<{
            id: string;
            name: string;
          }>`select id, ${sql.ref(clear)} as name from ${sql.table(table)} where ${sql.ref(enc)} is null limit 1000`.execute(
            this.db,
          )
        ).rows;
        if (!rows.length) return;
        await sql`update ${sql.table(table)} t set ${sql.ref(enc)} = v.sealed, ${sql.ref(clear)} = '' from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => this.ctx.cipher.encrypt(r.name ?? '', context))}::text[]) as v(id, sealed) where t.id = v.id and t.${sql.ref(enc)} is null`.execute(
          this.db,
        );
      }
    };
    await seal('tt_applications', 'applicant_name', 'applicant_name_enc', CTX_APPLICANT_NAME);
    await seal('tt_memberships', 'holder_name', 'holder_name_enc', CTX_HOLDER_NAME);
  }
  get db() {
    return this.ctx.db;
  }

  // ---------- applications ----------
  async createApplication(
    user: User,
    programmes: ProgrammeCode[],
    fastRegion: 'north' | 'south' | null,
  ): Promise<Application> {
    if (!programmes.length || programmes.some((p) => !PROGRAMME_CODES.includes(p)))
      throw new AppError(422, 'travellers.err.choose_programme');
    return this.db.transaction().execute(async (trx) => {
      const id = crypto.randomUUID();
      const reference = 'TT-' + crypto.randomBytes(4).toString('hex').toUpperCase();
      await sql`insert into tt_applications (id, user_id, reference, programmes, fast_region, applicant_name_enc, personal_enc)
        values (${id}, ${user.id}, ${reference}, ${programmes}, ${fastRegion}, ${this.ctx.cipher.encrypt(user.displayName, CTX_APPLICANT_NAME)}, ${this.ctx.cipher.encryptJson({}, CTX_PERSONAL)})`.execute(
        trx,
      );
      await this.addAction(trx, id, user, 'created', null, { programmes });
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'application',
        subject: `application:${id}`,
        action: 'application.created',
        detail: { programmes },
      });
      return (await this.getRow(trx, id))!;
    });
  }

  async getRow(db: DB, id: string): Promise<Application | null> {
    const r = await sql<any>`select * from tt_applications where id = ${id}`.execute(db);
    return r.rows[0] ? rowToApp(r.rows[0], this.ctx.cipher) : null;
  }
  async listForUser(userId: string): Promise<Application[]> {
    return (
      await sql<any>`select * from tt_applications where user_id = ${userId} order by created_at desc`.execute(this.db)
    ).rows.map((r: any) => rowToApp(r, this.ctx.cipher));
  }
  async actions(db: DB, id: string): Promise<Action[]> {
    return (
      await sql<any>`select seq, at, kind, agency, actor_id, detail from tt_actions where application_id = ${id} order by seq`.execute(
        db,
      )
    ).rows;
  }
  private async addAction(
    trx: DB,
    applicationId: string,
    actor: User | null,
    kind: string,
    agency: string | null,
    detail: Record<string, unknown> = {},
  ) {
    await sql`insert into tt_actions (application_id, actor_id, actor_agency, kind, agency, detail) values (${applicationId}, ${actor?.id ?? null}, ${actor?.agency ?? null}, ${kind}, ${agency}, ${JSON.stringify(detail)}::jsonb)`.execute(
      trx,
    );
  }

  requiredAgencies(app: Application): string[] {
    return requiredAgencies(app.programmes, { fastRegion: app.fastRegion ?? undefined });
  }

  /** Who may see an application: its applicant; officers of an agency that vets one of its programmes (or enrols it). */
  async getForViewer(
    user: User,
    id: string,
    purpose: string,
  ): Promise<{ app: Application; actions: Action[]; status: Derived; draft: Draft }> {
    const app = await this.getRow(this.db, id);
    if (!app) throw notFound();
    const agencies = this.requiredAgencies(app);
    const isOwner = app.userId === user.id;
    const isOfficer =
      user.kind === 'officer' &&
      !!user.agency &&
      agencies.includes(user.agency) &&
      user.roles.some((r) => r === 'vetting_officer' || r === 'enrolment_officer');
    if (!isOwner && !isOfficer) throw notFound(); // never reveal that a record exists to someone who may not see it
    const actions = await this.actions(this.db, id);
    const draft = await this.readDraft(id);
    if (!isOwner)
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
    const r = await sql<{
      personal_enc: string | null;
    }>`select personal_enc from tt_applications where id = ${id}`.execute(this.db);
    return r.rows[0]?.personal_enc ? this.ctx.cipher.decryptJson<Draft>(r.rows[0].personal_enc, CTX_PERSONAL) : {};
  }

  /** Saves part of a draft. `expectedVersion` guards against two tabs overwriting each other. */
  async saveDraft(
    user: User,
    id: string,
    patch: Draft,
    opts: { programmes?: ProgrammeCode[]; fastRegion?: 'north' | 'south' | null; expectedVersion?: number } = {},
  ): Promise<Application> {
    const parsed = draftSchema.parse(patch);
    return this.db.transaction().execute(async (trx) => {
      const r = await sql<any>`select * from tt_applications where id = ${id} for update`.execute(trx);
      if (!r.rows[0] || r.rows[0].user_id !== user.id) throw notFound();
      const app = rowToApp(r.rows[0], this.ctx.cipher);
      if (app.submittedAt) throw new AppError(409, 'travellers.err.already_submitted');
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== app.version)
        throw new AppError(409, 'errors.conflict');
      const current = r.rows[0].personal_enc
        ? this.ctx.cipher.decryptJson<Draft>(r.rows[0].personal_enc, CTX_PERSONAL)
        : {};
      const merged: Draft = {
        ...current,
        ...Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)),
      };
      const programmes = opts.programmes ?? app.programmes;
      if (!programmes.length) throw new AppError(422, 'travellers.err.choose_programme');
      const name = merged.identity ? `${merged.identity.givenNames} ${merged.identity.surname}` : app.applicantName;
      const docIdx = merged.identity
        ? this.ctx.cipher.blindIndex('passport', merged.identity.passportCountry + merged.identity.passportNumber)
        : null;
      await sql`update tt_applications set personal_enc = ${this.ctx.cipher.encryptJson(merged, CTX_PERSONAL)}, programmes = ${programmes},
        fast_region = ${opts.fastRegion !== undefined ? opts.fastRegion : app.fastRegion}, applicant_name_enc = ${this.ctx.cipher.encrypt(name, CTX_APPLICANT_NAME)}, doc_bidx = ${docIdx},
        updated_at = now(), version = version + 1 where id = ${id}`.execute(trx);
      await this.addAction(trx, id, user, 'draft_saved', null, { sections: Object.keys(parsed) });
      return (await this.getRow(trx, id))!;
    });
  }

  /** Memberships the applicant already holds count for eligibility (the 2016 arrangement links NEXUS, GE and VC). */
  async heldMemberships(userId: string): Promise<Applicant['memberships']> {
    const rows = (
      await sql<any>`select programmes, status, expires_at from tt_memberships where user_id = ${userId}`.execute(
        this.db,
      )
    ).rows;
    return rows.flatMap((r) =>
      r.programmes.map((p: ProgrammeCode) => ({
        programme: p,
        status:
          r.status === 'active' && new Date(r.expires_at) > new Date()
            ? 'active'
            : r.status === 'active'
              ? 'expired'
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

  /** Submission: idempotent (a second submit returns the first result), pays the fee, assesses risk, routes to agencies. */
  async submit(user: User, id: string, today = new Date()): Promise<Application> {
    const app0 = await this.getRow(this.db, id);
    if (!app0 || app0.userId !== user.id) throw notFound();
    if (app0.submittedAt) return app0;
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
    return this.db.transaction().execute(async (trx) => {
      const locked = await sql<any>`select submitted_at from tt_applications where id = ${id} for update`.execute(trx);
      if (locked.rows[0].submitted_at) return (await this.getRow(trx, id))!;
      await sql`update tt_applications set submitted_at = now(), risk = ${JSON.stringify(risk)}::jsonb, payments = ${JSON.stringify(payments.map((p) => ({ provider: p.providerName, paymentId: p.paymentId, amount: p.amountCents / 100, currency: p.currency })))}::jsonb, version = version + 1 where id = ${id}`.execute(
        trx,
      );
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
      for (const agency of agencies) {
        await sql`insert into tt_work_items (id, application_id, agency, country, kind, programmes, risk_score, summary)
          values (${crypto.randomUUID()}, ${id}, ${agency}, ${AGENCIES[agency as keyof typeof AGENCIES].country}, 'vetting', ${app0.programmes}, ${risk.score}, ${JSON.stringify({ screening: risk.screening, hits: risk.hits.length })}::jsonb)`.execute(
          trx,
        );
      }
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'application',
        subject: `application:${id}`,
        action: 'application.submitted',
        detail: { agencies, screening: risk.screening },
      });
      await this.notifyApplicant(trx, app0, 'submitted', {});
      return (await this.getRow(trx, id))!;
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
  async queue(officer: User, opts: { kind?: string } = {}) {
    if (!officer.agency) throw forbidden();
    const r =
      await sql<any>`select w.*, a.reference, a.applicant_name_enc, a.submitted_at from tt_work_items w left join tt_applications a on a.id = w.application_id
      where w.agency = ${officer.agency} and w.closed_at is null and (${opts.kind ?? null}::text is null or w.kind = ${opts.kind ?? null})
      order by w.risk_score desc, w.opened_at asc limit 200`.execute(this.db);
    return r.rows.map(({ applicant_name_enc, ...w }) => ({
      ...w,
      applicant_name: applicant_name_enc ? this.ctx.cipher.decrypt(applicant_name_enc, CTX_APPLICANT_NAME) : null,
    }));
  }

  private async vettingContext(trx: DB, officer: User, id: string) {
    if (!officer.agency || !officer.roles.includes('vetting_officer')) throw forbidden();
    const r = await sql<any>`select * from tt_applications where id = ${id} for update`.execute(trx);
    if (!r.rows[0]) throw notFound();
    const app = rowToApp(r.rows[0], this.ctx.cipher);
    const agencies = this.requiredAgencies(app);
    if (!agencies.includes(officer.agency)) throw notFound();
    const status = deriveStatus(await this.actions(trx, id), agencies);
    return { app, agencies, status };
  }

  async decide(
    officer: User,
    id: string,
    decision:
      | { kind: 'approve' }
      | { kind: 'deny'; reasonCode: string; explanation: string }
      | { kind: 'request_info'; question: string },
  ) {
    return this.db.transaction().execute(async (trx) => {
      const { app, agencies, status } = await this.vettingContext(trx, officer, id);
      if (status.stage !== 'under_review' || !status.holders.includes(officer.agency!))
        throw new AppError(409, 'travellers.err.not_awaiting_agency');
      const agency = officer.agency!;
      if (decision.kind === 'approve') {
        await this.addAction(trx, id, officer, 'vetting_approved', agency);
        await this.ctx.audit.append(trx, {
          actor: actorOf(officer),
          purpose: 'vetting decision',
          subject: `application:${id}`,
          action: 'vetting.approved',
        });
        await sql`update tt_work_items set closed_at = now(), outcome = 'approved' where application_id = ${id} and agency = ${agency} and closed_at is null`.execute(
          trx,
        );
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
          detail: { reasonCode: decision.reasonCode },
        });
        await sql`update tt_work_items set closed_at = now(), outcome = 'denied' where application_id = ${id} and closed_at is null`.execute(
          trx,
        );
        await this.notifyApplicant(trx, app, 'denied', { agency });
      } else {
        await this.addAction(trx, id, officer, 'info_requested', agency, { question: decision.question });
        await this.ctx.audit.append(trx, {
          actor: actorOf(officer),
          purpose: 'vetting decision',
          subject: `application:${id}`,
          action: 'vetting.info_requested',
        });
        await this.notifyApplicant(trx, app, 'info_requested', { agency });
      }
      return deriveStatus(await this.actions(trx, id), agencies);
    });
  }

  async answerQuestion(user: User, id: string, answer: string) {
    return this.db.transaction().execute(async (trx) => {
      const app = await this.getRow(trx, id);
      if (!app || app.userId !== user.id) throw notFound();
      const status = deriveStatus(await this.actions(trx, id), this.requiredAgencies(app));
      if (status.stage !== 'awaiting_applicant') throw new AppError(409, 'travellers.err.no_open_question');
      await this.addAction(trx, id, user, 'info_provided', status.openQuestion!.agency, { answer });
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'application',
        subject: `application:${id}`,
        action: 'vetting.info_provided',
      });
    });
  }

  // ---------- interviews ----------
  async centresFor(app: Application) {
    const r =
      await sql<any>`select * from tt_centres where programmes && ${app.programmes} order by country, name`.execute(
        this.db,
      );
    return r.rows;
  }
  async centre(id: string) {
    return (await sql<any>`select * from tt_centres where id = ${id}`.execute(this.db)).rows[0] ?? null;
  }
  async slots(centreId: string, from = new Date(), limit = 40) {
    return (
      await sql<any>`select * from tt_slots where centre_id = ${centreId} and starts_at > ${from} and booked < capacity order by starts_at limit ${limit}`.execute(
        this.db,
      )
    ).rows;
  }

  /** Books (or moves to) a slot, or chooses Enrolment on Arrival at a participating centre. Capacity is enforced atomically. */
  async book(user: User, id: string, choice: { slotId: string } | { onArrivalCentreId: string }) {
    return this.db.transaction().execute(async (trx) => {
      const app = await this.getRow(trx, id);
      if (!app || app.userId !== user.id) throw notFound();
      const status = deriveStatus(await this.actions(trx, id), this.requiredAgencies(app));
      if (status.stage !== 'conditionally_approved' && status.stage !== 'interview_scheduled')
        throw new AppError(409, 'travellers.err.not_ready_for_interview');
      const prior = await sql<any>`select slot_id from tt_bookings where application_id = ${id}`.execute(trx);
      if (prior.rows[0]) {
        await sql`update tt_slots set booked = booked - 1 where id = ${prior.rows[0].slot_id}`.execute(trx);
        await sql`delete from tt_bookings where application_id = ${id}`.execute(trx);
      }
      let detail: Record<string, unknown>;
      if ('slotId' in choice) {
        const s =
          await sql<any>`update tt_slots set booked = booked + 1 where id = ${choice.slotId} and booked < capacity and starts_at > now() returning *`.execute(
            trx,
          );
        if (!s.rows[0]) throw new AppError(409, 'travellers.err.slot_full');
        const centre = (await sql<any>`select * from tt_centres where id = ${s.rows[0].centre_id}`.execute(trx))
          .rows[0];
        if (!centre.programmes.some((p: string) => app.programmes.includes(p as ProgrammeCode)))
          throw new AppError(422, 'travellers.err.centre_programme');
        await sql`insert into tt_bookings (application_id, slot_id) values (${id}, ${choice.slotId})`.execute(trx);
        detail = { slotId: choice.slotId, centreId: centre.id, startsAt: new Date(s.rows[0].starts_at).toISOString() };
      } else {
        const centre = (
          await sql<any>`select * from tt_centres where id = ${choice.onArrivalCentreId} and enrolment_on_arrival`.execute(
            trx,
          )
        ).rows[0];
        if (!centre) throw new AppError(422, 'travellers.err.not_eoa');
        detail = { centreId: centre.id, onArrival: true };
      }
      await this.addAction(trx, id, user, 'interview_booked', null, detail);
      await this.ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'interview',
        subject: `application:${id}`,
        action: prior.rows[0] ? 'interview.moved' : 'interview.booked',
      });
      await this.notifyApplicant(trx, app, 'interview_booked', {});
    });
  }
  async cancelInterview(user: User, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const app = await this.getRow(trx, id);
      if (!app || app.userId !== user.id) throw notFound();
      const status = deriveStatus(await this.actions(trx, id), this.requiredAgencies(app));
      if (!status.interview) throw new AppError(409, 'travellers.err.no_interview');
      const prior = await sql<any>`delete from tt_bookings where application_id = ${id} returning slot_id`.execute(trx);
      if (prior.rows[0])
        await sql`update tt_slots set booked = booked - 1 where id = ${prior.rows[0].slot_id}`.execute(trx);
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
  async enrolmentQueue(officer: User) {
    if (!officer.agency || !officer.roles.includes('enrolment_officer')) throw forbidden();
    const r =
      await sql<any>`select a.id, a.reference, a.applicant_name_enc, a.programmes, a.fast_region, b.slot_id, s.starts_at, c.name as centre_name
      from tt_applications a left join tt_bookings b on b.application_id = a.id left join tt_slots s on s.id = b.slot_id left join tt_centres c on c.id = s.centre_id
      where a.submitted_at is not null and not exists (select 1 from tt_memberships m where m.application_id = a.id) order by s.starts_at nulls last limit 200`.execute(
        this.db,
      );
    const out = [];
    for (const row of r.rows) {
      const app = rowToApp(
        {
          ...row,
          user_id: null,
          created_at: null,
          updated_at: null,
          submitted_at: null,
          version: 0,
          risk: null,
          payments: [],
        },
        this.ctx.cipher,
      );
      if (!this.requiredAgencies(app).includes(officer.agency)) continue;
      const st = deriveStatus(await this.actions(this.db, row.id), this.requiredAgencies(app));
      const { applicant_name_enc: _sealed, ...rest } = row;
      if (st.stage === 'conditionally_approved' || st.stage === 'interview_scheduled')
        out.push({ ...rest, applicant_name: app.applicantName, stage: st.stage, interview: st.interview });
    }
    return out;
  }

  /** The enrolment officer verifies documents, records photo and biometric references, and issues the membership. */
  async issueMembership(
    officer: User,
    id: string,
    input: { documentsVerified: boolean; photoRef: string; biometricRef: string },
    now = new Date(),
  ) {
    if (!officer.agency || !officer.roles.includes('enrolment_officer')) throw forbidden();
    if (!input.documentsVerified)
      throw new AppError(
        422,
        'travellers.err.verify_documents',
        {},
        { documentsVerified: { key: 'travellers.err.verify_documents' } },
      );
    return this.db
      .transaction()
      .execute(async (trx) => {
        const r = await sql<any>`select * from tt_applications where id = ${id} for update`.execute(trx);
        if (!r.rows[0]) throw notFound();
        const app = rowToApp(r.rows[0], this.ctx.cipher);
        const agencies = this.requiredAgencies(app);
        if (!agencies.includes(officer.agency!)) throw notFound();
        const status = deriveStatus(await this.actions(trx, id), agencies);
        if (status.stage === 'member')
          return (await sql<any>`select * from tt_memberships where application_id = ${id}`.execute(trx)).rows[0];
        if (status.stage !== 'interview_scheduled' && status.stage !== 'conditionally_approved')
          throw new AppError(409, 'travellers.err.not_ready_for_enrolment');
        const draft = this.ctx.cipher.decryptJson<Draft>(r.rows[0].personal_enc, CTX_PERSONAL);
        const membershipId = crypto.randomUUID();
        const number = await this.uniqueNumber(trx, () => generateMembershipNumber(), 'membership');
        const card = await this.uniqueNumber(trx, () => generateCardNumber(CARD_PROGRAMME(app.programmes)), 'card');
        const expires = new Date(now);
        expires.setUTCFullYear(expires.getUTCFullYear() + 5);
        const personal = {
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
        await sql`insert into tt_memberships (id, user_id, application_id, membership_number, programmes, fast_region, holder_name, holder_name_enc, personal_enc, doc_bidx, country, agency, issued_at, expires_at, status, biometrics_enc)
        values (${membershipId}, ${app.userId}, ${id}, ${number}, ${app.programmes}, ${app.fastRegion}, '', ${this.ctx.cipher.encrypt(app.applicantName, CTX_HOLDER_NAME)}, ${this.ctx.cipher.encryptJson(personal, CTX_MEMBER)}, ${r.rows[0].doc_bidx}, ${officer.country}, ${officer.agency}, ${now}, ${expires}, 'active',
        ${this.ctx.cipher.encryptJson({ photoRef: input.photoRef, biometricRef: input.biometricRef, capturedBy: officer.agency }, CTX_BIO)})`.execute(
          trx,
        );
        await this.insertCard(trx, membershipId, card);
        await this.addAction(trx, id, officer, 'membership_issued', officer.agency, {
          membershipId,
          membershipNumber: number,
        });
        await sql`insert into tt_membership_events (membership_id, actor_id, actor_agency, kind, detail) values (${membershipId}, ${officer.id}, ${officer.agency}, 'issued', ${JSON.stringify({ expiresAt: expires.toISOString() })}::jsonb)`.execute(
          trx,
        );
        await this.ctx.audit.append(trx, {
          actor: actorOf(officer),
          purpose: 'enrolment',
          subject: `membership:${membershipId}`,
          action: 'membership.issued',
          detail: { application: id },
        });
        await this.notifyApplicant(trx, app, 'member', { number });
        return (await sql<any>`select * from tt_memberships where id = ${membershipId}`.execute(trx)).rows[0];
      })
      .then(async (m) => {
        await this.directory.changed(m.id);
        return m;
      });
  }

  private async uniqueNumber(trx: DB, gen: () => string, kind: 'membership' | 'card') {
    for (let i = 0; i < 10; i++) {
      const n = gen();
      const exists =
        kind === 'membership'
          ? (await sql`select 1 from tt_memberships where membership_number = ${n}`.execute(trx)).rows.length
          : (await sql`select 1 from tt_cards where card_bidx = ${this.ctx.cipher.blindIndex('card', n)}`.execute(trx))
              .rows.length;
      if (!exists) return n;
    }
    throw new Error('could not allocate a unique number');
  }
  private async insertCard(trx: DB, membershipId: string, cardNumber: string) {
    await sql`insert into tt_cards (id, membership_id, card_bidx, card_enc, last4, status) values (${crypto.randomUUID()}, ${membershipId}, ${this.ctx.cipher.blindIndex('card', cardNumber)}, ${this.ctx.cipher.encrypt(cardNumber, CTX_CARD)}, ${cardNumber.slice(-4)}, 'active')`.execute(
      trx,
    );
  }

  async membershipsForUser(userId: string) {
    const ms = (
      await sql<any>`select * from tt_memberships where user_id = ${userId} order by issued_at desc`.execute(this.db)
    ).rows;
    for (const m of ms)
      m.cards = (
        await sql<any>`select id, last4, status, issued_at, deactivated_at from tt_cards where membership_id = ${m.id} order by issued_at desc`.execute(
          this.db,
        )
      ).rows;
    return ms;
  }

  async membershipForOfficer(officer: User, id: string) {
    const m = (
      await sql<any>`select id, membership_number, holder_name_enc, status, expires_at, programmes, fast_region, renewal_requested_at from tt_memberships where id = ${id}`.execute(
        this.db,
      )
    ).rows[0];
    if (
      !m ||
      !officer.agency ||
      !(requiredAgencies(m.programmes, { fastRegion: m.fast_region ?? undefined }) as string[]).includes(officer.agency)
    )
      throw notFound();
    m.holder_name = this.ctx.cipher.decrypt(m.holder_name_enc, CTX_HOLDER_NAME);
    delete m.holder_name_enc;
    m.work = (
      await sql<any>`select kind, summary, opened_at from tt_work_items where membership_id = ${id} and agency = ${officer.agency} and closed_at is null`.execute(
        this.db,
      )
    ).rows;
    await this.db.transaction().execute((trx) =>
      this.ctx.audit.append(trx, {
        actor: actorOf(officer),
        purpose: 'membership review',
        subject: `membership:${id}`,
        action: 'membership.viewed',
      }),
    );
    return m;
  }

  async requestRenewal(user: User, membershipId: string, now = new Date()) {
    return this.db
      .transaction()
      .execute(async (trx) => {
        const m = (await sql<any>`select * from tt_memberships where id = ${membershipId} for update`.execute(trx))
          .rows[0];
        if (!m || m.user_id !== user.id) throw notFound();
        const opens = new Date(m.expires_at);
        opens.setUTCFullYear(opens.getUTCFullYear() - 1);
        if (now < opens)
          throw new AppError(422, 'travellers.err.renewal_not_open', { date: opens.toISOString().slice(0, 10) });
        if (m.status !== 'active') throw new AppError(409, 'travellers.err.membership_not_active');
        if (m.renewal_requested_at) return;
        await sql`update tt_memberships set renewal_requested_at = ${now} where id = ${membershipId}`.execute(trx);
        const agencies = requiredAgencies(m.programmes, { fastRegion: m.fast_region ?? undefined });
        for (const agency of agencies)
          await sql`insert into tt_work_items (id, membership_id, agency, country, kind, programmes) values (${crypto.randomUUID()}, ${membershipId}, ${agency}, ${AGENCIES[agency as keyof typeof AGENCIES].country}, 'renewal', ${m.programmes})`.execute(
            trx,
          );
        await sql`insert into tt_membership_events (membership_id, actor_id, kind) values (${membershipId}, ${user.id}, 'renewal_requested')`.execute(
          trx,
        );
        await this.ctx.audit.append(trx, {
          actor: actorOf(user),
          purpose: 'membership',
          subject: `membership:${membershipId}`,
          action: 'membership.renewal_requested',
        });
      })
      .then(() => this.directory.changed(membershipId));
  }

  /** A lost or stolen card is deactivated at once and a new card number issued in the same transaction. */
  async replaceCard(user: User, membershipId: string) {
    return this.db
      .transaction()
      .execute(async (trx) => {
        const m = (await sql<any>`select * from tt_memberships where id = ${membershipId} for update`.execute(trx))
          .rows[0];
        if (!m || (m.user_id !== user.id && !(user.kind === 'officer' && user.roles.includes('enrolment_officer'))))
          throw notFound();
        await sql`update tt_cards set status = 'lost', deactivated_at = now() where membership_id = ${membershipId} and status = 'active'`.execute(
          trx,
        );
        const card = await this.uniqueNumber(trx, () => generateCardNumber(CARD_PROGRAMME(m.programmes)), 'card');
        await this.insertCard(trx, membershipId, card);
        await sql`insert into tt_membership_events (membership_id, actor_id, kind) values (${membershipId}, ${user.id}, 'card_replaced')`.execute(
          trx,
        );
        await this.ctx.audit.append(trx, {
          actor: actorOf(user),
          purpose: 'membership',
          subject: `membership:${membershipId}`,
          action: 'membership.card_replaced',
        });
        return card;
      })
      .then(async (card) => {
        await this.directory.changed(membershipId);
        return card;
      });
  }

  /**
   * A vetting agency decides a renewal: approved by every agency that vets the membership, the validity is extended
   * by five years from the current expiry; refused, the membership runs to its expiry.
   */
  async decideRenewal(officer: User, membershipId: string, approve: boolean) {
    if (!officer.agency || !officer.roles.includes('vetting_officer')) throw forbidden();
    return this.db
      .transaction()
      .execute(async (trx) => {
        const m = (await sql<any>`select * from tt_memberships where id = ${membershipId} for update`.execute(trx))
          .rows[0];
        if (
          !m ||
          !(requiredAgencies(m.programmes, { fastRegion: m.fast_region ?? undefined }) as string[]).includes(
            officer.agency!,
          )
        )
          throw notFound();
        const item = (
          await sql<any>`update tt_work_items set closed_at = now(), outcome = ${approve ? 'approved' : 'denied'} where membership_id = ${membershipId} and agency = ${officer.agency} and kind = 'renewal' and closed_at is null returning id`.execute(
            trx,
          )
        ).rows[0];
        if (!item || !m.renewal_requested_at) throw new AppError(409, 'travellers.err.no_renewal');
        await sql`insert into tt_membership_events (membership_id, actor_id, actor_agency, kind) values (${membershipId}, ${officer.id}, ${officer.agency}, ${approve ? 'renewal_approved' : 'renewal_denied'})`.execute(
          trx,
        );
        if (!approve)
          await sql`update tt_memberships set renewal_requested_at = null where id = ${membershipId}`.execute(trx);
        else {
          const open = (
            await sql<{
              n: number;
            }>`select count(*)::int as n from tt_work_items where membership_id = ${membershipId} and kind = 'renewal' and closed_at is null`.execute(
              trx,
            )
          ).rows[0].n;
          if (open === 0) {
            const until = new Date(m.expires_at);
            until.setUTCFullYear(until.getUTCFullYear() + 5);
            await sql`update tt_memberships set expires_at = ${until}, renewal_requested_at = null where id = ${membershipId}`.execute(
              trx,
            );
          }
        }
        await this.ctx.audit.append(trx, {
          actor: actorOf(officer),
          purpose: 'membership renewal',
          subject: `membership:${membershipId}`,
          ...(approve
            ? { action: 'membership.renewed' as const }
            : { action: 'membership.renewal_denied' as const, detail: {} }),
        });
      })
      .then(() => this.directory.changed(membershipId));
  }

  /** Closes a recurrent-vetting work item after review (no action, or after suspending the membership). */
  async closeWorkItem(
    officer: User,
    membershipId: string,
    outcome: 'no_action' | 'membership_suspended' | 'membership_revoked',
  ) {
    if (!officer.agency || !officer.roles.includes('vetting_officer')) throw forbidden();
    const r =
      await sql`update tt_work_items set closed_at = now(), outcome = ${outcome} where membership_id = ${membershipId} and agency = ${officer.agency} and kind = 'recurrent' and closed_at is null`.execute(
        this.db,
      );
    if (!Number(r.numAffectedRows ?? 0)) throw new AppError(409, 'travellers.err.no_work_item');
  }

  async setMembershipStatus(
    officer: User,
    membershipId: string,
    status: 'suspended' | 'revoked' | 'active',
    reason: string,
  ) {
    if (!officer.agency || !officer.roles.some((r) => r === 'vetting_officer' || r === 'enrolment_officer'))
      throw forbidden();
    return this.db
      .transaction()
      .execute(async (trx) => {
        const m = (await sql<any>`select * from tt_memberships where id = ${membershipId} for update`.execute(trx))
          .rows[0];
        if (
          !m ||
          !(requiredAgencies(m.programmes, { fastRegion: m.fast_region ?? undefined }) as string[]).includes(
            officer.agency!,
          )
        )
          throw notFound();
        if (m.status === 'revoked') throw new AppError(409, 'travellers.err.membership_revoked');
        await sql`update tt_memberships set status = ${status}, status_reason = ${reason} where id = ${membershipId}`.execute(
          trx,
        );
        await sql`insert into tt_membership_events (membership_id, actor_id, actor_agency, kind, detail) values (${membershipId}, ${officer.id}, ${officer.agency}, ${status}, ${JSON.stringify({ reason })}::jsonb)`.execute(
          trx,
        );
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
      })
      .then(() => this.directory.changed(membershipId));
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
  /** Synchronous, in memory: the lanes module calls this on its hot path. Personal details are decrypted only on a hit. */
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
    const r = (await sql<any>`select personal_enc from tt_memberships where id = ${id}`.execute(this.db)).rows[0];
    return r ? this.ctx.cipher.decryptJson(r.personal_enc, CTX_MEMBER) : {};
  }

  // ---------- recurrent vetting ----------
  /** Registered people for recurrent vetting: active members, with what screening needs. */
  async *registeredMembers(): AsyncIterable<MemberSubject> {
    // By pages along the primary key: a million decrypted records at once would be a burst of short-lived objects.
    // The status is checked here, not in SQL: with it in the query, a planner without statistics (PGlite is never
    // analysed) may sort every active member for each page (measured: 2 minutes instead of 20 s at 1M members).
    for (let after = FIRST_UUID; ; ) {
      const rows = (
        await sql<any>`select id, status, holder_name_enc, personal_enc from tt_memberships where id > ${after}::uuid order by id limit 5000`.execute(
          this.db,
        )
      ).rows;
      for (const r of rows) if (r.status === 'active') yield this.registeredSubject(r);
      if (rows.length < 5000) return;
      after = rows[rows.length - 1].id;
    }
  }
  /** One member for recurrent vetting (ref `membership:<id>`), or null when the membership is not active. */
  async registeredMember(ref: string): Promise<MemberSubject | null> {
    const r = (
      await sql<any>`select id, holder_name_enc, personal_enc from tt_memberships where id = ${ref.replace(/^membership:/, '')} and status = 'active'`.execute(
        this.db,
      )
    ).rows[0];
    return r ? this.registeredSubject(r) : null;
  }
  private registeredSubject(r: { id: string; holder_name_enc: string; personal_enc: string }): MemberSubject {
    const p = this.ctx.cipher.decryptJson<any>(r.personal_enc, CTX_MEMBER);
    return {
      ref: `membership:${r.id}`,
      name: this.ctx.cipher.decrypt(r.holder_name_enc, CTX_HOLDER_NAME),
      birthDate: p.birthDate,
      nationality: p.citizenships?.[0],
      documents: p.passport ? [{ type: 'passport', number: p.passport.number, country: p.passport.country }] : [],
    };
  }

  /** A new or changed lookout hit a member: each agency that vets the membership's programmes gets a work item. */
  async reportRecurrentHit(ref: string, hit: { lookoutId: string; score: number; reasons: unknown[] }) {
    const membershipId = ref.replace(/^membership:/, '');
    await this.db.transaction().execute(async (trx) => {
      const m = (await sql<any>`select * from tt_memberships where id = ${membershipId}`.execute(trx)).rows[0];
      if (!m) return;
      for (const agency of requiredAgencies(m.programmes, { fastRegion: m.fast_region ?? undefined })) {
        const open =
          await sql`select 1 from tt_work_items where membership_id = ${membershipId} and agency = ${agency} and kind = 'recurrent' and closed_at is null and summary->>'lookoutId' = ${hit.lookoutId}`.execute(
            trx,
          );
        if (open.rows.length) continue;
        await sql`insert into tt_work_items (id, membership_id, agency, country, kind, programmes, risk_score, summary) values (${crypto.randomUUID()}, ${membershipId}, ${agency}, ${AGENCIES[agency as keyof typeof AGENCIES].country}, 'recurrent', ${m.programmes}, ${hit.score}, ${JSON.stringify({ lookoutId: hit.lookoutId, score: hit.score, reasons: hit.reasons })}::jsonb)`.execute(
          trx,
        );
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
    const u = (await sql<any>`select email, locale from users where id = ${app.userId}`.execute(trx)).rows[0];
    if (!u) return;
    const locale = u.locale as Locale;
    await this.ctx.notify(trx, {
      userId: app.userId,
      to: u.email,
      subject: t(locale, `travellers.notify.${event}.subject`, { reference: app.reference, ...args }),
      body: t(locale, `travellers.notify.${event}.body`, { reference: app.reference, ...args }),
    });
  }
}
