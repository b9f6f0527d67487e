// Lookouts: posting with compatible criteria, sharing by scope, lifecycle, reference-list import, the in-memory
// screening index kept fresh (LISTEN/NOTIFY on PostgreSQL), screen() for the other modules, hit review and
// recurrent vetting of registered people. Rules and workflows only: every query is in store.ts, every access rule in
// access.ts.
import crypto from 'node:crypto';
import type { RawBuilder } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { executeTogether, type DB } from '../../kernel/db.ts';
import { agencyCountry } from '../../kernel/agencies.ts';
import { actorOf, type User } from '../../kernel/auth.ts';
import type { AuditEntry } from '../../kernel/audit.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { fieldProblem, fileText, printableProblems, type Encoding } from '../../kernel/import-text.ts';
import { errorFacts } from '../../kernel/log.ts';
import {
  ScreeningIndex,
  DEFAULT_THRESHOLD,
  type ListEntry,
  type MatchReason,
  type ScreenQuery,
} from './engine/index.ts';
import { CachedScreeningIndex } from './engine/cached-index.ts';
import { parseOfac, parseUnConsolidated, parseListJsonl, type ParseResult } from './sources/index.ts';
import {
  canChangeLookout,
  canClearHitAtSecondary,
  canImportList,
  canListLookouts,
  canPostLookout,
  canReadLookout,
  canReviewHit,
  hitReviewScope,
  lookoutScope,
  lookoutVisibleTo,
  suppressionKey,
  type HitOwnership,
} from './access.ts';
import * as store from './store.ts';
import {
  CATEGORIES,
  ACTIONS,
  LOOKOUT_SUBJECTS,
  changedFields,
  effectiveState,
  identifiersSchema,
  isoDate,
  labelOf,
  lookoutInput,
  recordedState,
  registeredEntry,
  toEntry,
  today,
  type HitDecision,
  type HitStatus,
  type Identifiers,
  type ImportFormat,
  type LookoutEventKind,
  type LookoutInput,
  type LookoutKind,
  type LookoutMeta,
  type LookoutState,
  type LookoutSubject,
  type RegisteredSubjectsProvider,
  type ScreenContext,
  type ScreenRecord,
  type ScreenSubject,
  type ScreeningHit,
} from './domain/lookout.ts';

export { CATEGORIES, ACTIONS, LOOKOUT_SUBJECTS, identifiersSchema, lookoutInput };
export type {
  Identifiers,
  LookoutInput,
  LookoutMeta,
  ScreenSubject,
  ScreeningHit,
  ScreenContext,
  ScreenRecord,
  RegisteredSubject,
  RegisteredSubjectsProvider,
} from './domain/lookout.ts';

const CTX_IDS = 'lk_lookouts.identifiers_enc';
const CHANNEL = 'lookouts_changed';
/** A lookout/subject pair marked false positive: every instance stops alerting on it. */
const SUPPRESSED_CHANNEL = 'lookout_hits_suppressed';
/** Registered people indexed per chunk, yielding to the event loop in between: a million members take ~20 s. */
const BUILD_CHUNK = 2000;
const SOURCE_NAMES: Record<ImportFormat, string> = {
  ofac: 'OFAC SDN',
  un: 'UN Security Council Consolidated List',
  jsonl: 'JSON Lines',
};

/** A lookout in a list: its meta with the effective state. */
export type LookoutListItem = Omit<LookoutMeta, 'state'> & { state: LookoutState };
/** A lookout as its page shows it: identifiers, reason and history (reading it is audited). */
export type LookoutDetail = LookoutListItem & {
  reason: string;
  legalReference: string;
  identifiers: Identifiers;
  events: store.LookoutEventRow[];
  sourceRef: string | null;
};
/** A hit in the review queue, with the lookout it hit. */
export type ReviewHit = store.HitRow & { lookout: LookoutMeta | undefined };
export type ImportResult =
  | { ok: false; errors: ParseResult['errors']; imported: 0 }
  /** `skipped`: the bad lines left out (only with skipInvalid) */
  | { ok: true; errors: []; imported: number; importId: string; skipped: ParseResult['errors'] };
export interface ImportOptions {
  sourceName?: string;
  onProgress?: (d: number, t: number) => void;
  activate?: boolean;
  /** how files given as bytes are encoded (text is already decoded); default: a BOM, else UTF-8 */
  encoding?: Encoding;
  /** import the good entries and report the bad lines, instead of refusing the whole list */
  skipInvalid?: boolean;
  /** allow an import that withdraws more than half of the source's current entries */
  allowMassWithdrawal?: boolean;
}
/** The files each format reads, by key, with the name errors give them. */
const IMPORT_FILES: Record<ImportFormat, { key: string; label: string; required: boolean }[]> = {
  ofac: [
    { key: 'sdn', label: 'sdn.csv', required: true },
    { key: 'alt', label: 'alt.csv', required: false },
    { key: 'add', label: 'add.csv', required: false },
  ],
  un: [{ key: 'xml', label: 'consolidated.xml', required: true }],
  jsonl: [{ key: 'jsonl', label: 'list.jsonl', required: true }],
};
/** More than this share of a source's entries withdrawn by one import needs allowMassWithdrawal (a truncated file). */
export const MASS_WITHDRAWAL_SHARE = 0.5;

/** The hits' encrypted reasons are bound to their column (migration 004). */
const CTX_HIT_REASONS = 'lk_hits.reasons_enc';
/** What of a reason is not personal (kept in clear): the field, the method and the score, without the values. */
const reasonCodes = (reasons: MatchReason[]) =>
  reasons.map((r) => ({ field: r.field, method: r.method, score: r.score }));

const hitOwnership = (h: store.HitRow): HitOwnership => ({
  agency: h.agency,
  screeningAgencies: (h.screening_agency ?? '').split(',').filter(Boolean),
});

export class LookoutsService {
  ctx: Ctx;
  // Exact result cache: a cached answer is reused only while no lookout change since could have altered it
  // (engine/cached-index.ts).
  index = new CachedScreeningIndex();
  meta = new Map<string, LookoutMeta>();
  /** Lookout/subject pairs marked false positive: suppressed until either side's data changes. */
  suppressed = new Set<string>();
  providers: RegisteredSubjectsProvider[] = [];
  threshold = DEFAULT_THRESHOLD;
  ready: Promise<void>;
  listening = false;
  pendingVetting: Promise<unknown> = Promise.resolve();
  constructor(ctx: Ctx) {
    this.ctx = ctx;
    this.ready = this.sealHitReasons().then(() => this.load());
  }
  /**
   * Encrypts the reasons that hits written before migration 004 hold in clear and reduces the clear column to codes
   * (by batches; instances starting together may read the same batch: only the first one's update applies).
   */
  private async sealHitReasons() {
    for (;;) {
      const rows = await store.hitReasonsInClear(this.db, 1000);
      if (!rows.length) return;
      await store.sealHitReasons(
        this.db,
        rows.map((r) => ({
          id: r.id,
          sealed: this.ctx.cipher.encryptJson(r.reasons, CTX_HIT_REASONS),
          reduced: JSON.stringify(reasonCodes(r.reasons)),
        })),
      );
    }
  }
  /** A hit's reasons with the values they matched, for those who review it. */
  hitReasons(h: Pick<store.HitRow, 'reasons' | 'reasons_enc'>): MatchReason[] {
    return h.reasons_enc ? this.ctx.cipher.decryptJson<MatchReason[]>(h.reasons_enc, CTX_HIT_REASONS) : h.reasons;
  }
  get db() {
    return this.ctx.db;
  }

  /** Builds the in-memory index from the database; then follows changes (other instances through NOTIFY). */
  async load() {
    const entries: ListEntry[] = [];
    for (const r of await store.allLookouts(this.db)) {
      const ids = this.identifiersOf(r);
      const m = this.toMeta(r, labelOf(ids));
      this.meta.set(m.id, m);
      if (m.state === 'active') entries.push(toEntry(r.id, r.subject_type, ids));
    }
    this.index = new CachedScreeningIndex(entries);
    for (const h of await store.falsePositives(this.db)) {
      const hit = { lookoutId: h.lookout_id, version: h.lookout_version, fingerprint: h.subject_fingerprint };
      // a public-list false positive without its reviewer's agency (before migration 006) suppresses nothing
      if (h.agency) this.suppressed.add(suppressionKey(hit, null));
      else if (h.reviewed_agency) this.suppressed.add(suppressionKey(hit, h.reviewed_agency));
    }
    if (!this.listening) {
      this.listening = true;
      await this.ctx.database.listen?.(CHANNEL, (id) => {
        this.refresh(id).catch((e) => this.ctx.log.error({ err: errorFacts(e) }, 'lookout refresh failed'));
      });
      await this.ctx.database.listen?.(SUPPRESSED_CHANNEL, (key) => {
        this.suppressed.add(key);
      });
    }
  }
  /** Counters of the screening result cache (hits, misses, rescreens ...). */
  screeningCacheStats() {
    return this.index.cacheStats();
  }

  private identifiersOf(r: Pick<store.LookoutRecord, 'identifiers_enc'>): Identifiers {
    return this.ctx.cipher.decryptJson<Identifiers>(r.identifiers_enc, CTX_IDS);
  }
  private toMeta(r: store.LookoutRow, label: string): LookoutMeta {
    return {
      id: r.id,
      kind: r.kind,
      subjectType: r.subject_type,
      category: r.category,
      recommendedAction: r.recommended_action,
      originAgency: r.origin_agency,
      originCountry: r.origin_country,
      agency: r.agency,
      country: r.country,
      sharingAgencies: r.sharing_agencies,
      sharingCountries: r.sharing_countries,
      validFrom: isoDate(r.valid_from),
      validUntil: isoDate(r.valid_until),
      version: r.version,
      label,
      state: recordedState(r.state),
    };
  }
  /** Re-reads one lookout and updates the index: after a local change, and on notification from another instance. */
  async refresh(id: string) {
    const r = await store.lookoutById(this.db, id);
    if (!r) {
      this.index.remove(id);
      this.meta.delete(id);
      return;
    }
    const ids = this.identifiersOf(r);
    const m = this.toMeta(r, labelOf(ids));
    this.meta.set(id, m);
    if (m.state === 'active') this.index.upsert(toEntry(r.id, r.subject_type, ids));
    else this.index.remove(id);
  }

  effectiveState(m: LookoutMeta, on = today()) {
    return effectiveState(m, on);
  }
  /** Sharing scope (access.ts): may this agency see this lookout? */
  visibleTo(m: LookoutMeta, agency: string | null) {
    return lookoutVisibleTo(m, agency);
  }

  fingerprint(s: ScreenSubject) {
    return this.ctx.cipher.blindIndex(
      'screen-subject',
      JSON.stringify([
        s.type ?? '',
        s.name ?? '',
        s.birthDate ?? '',
        s.nationality ?? '',
        (s.documents ?? []).map((d) => d.country + d.number),
        s.plate?.number ?? '',
        s.container ?? '',
      ]),
    );
  }

  /**
   * screen(): does this person, company, vehicle or document match a lookout the caller's agency may see?
   * Expired, withdrawn and suppressed (false-positive) pairs are left out; hits are recorded for review.
   */
  async screen(
    subject: ScreenSubject,
    c: ScreenContext,
    opts: { threshold?: number; top?: number } = {},
  ): Promise<{ status: 'clear' | 'hits'; hits: ScreeningHit[]; micros: number }> {
    await this.ready;
    const t0 = process.hrtime.bigint();
    const q: ScreenQuery = {
      name: subject.name,
      type: subject.type,
      birthDate: subject.birthDate,
      nationality: subject.nationality,
      documents: subject.documents,
      plate: subject.plate,
      container: subject.container,
    };
    const raw = this.index.screen(q, { threshold: opts.threshold ?? this.threshold, top: (opts.top ?? 10) + 10 });
    const on = today();
    let fp: string | null = null;
    const hits: ScreeningHit[] = [];
    const agencies = Array.isArray(c.agency) ? c.agency : [c.agency];
    for (const h of raw) {
      const m = this.meta.get(h.id);
      if (!m || effectiveState(m, on) !== 'active') continue;
      let visible = agencies.filter((a) => lookoutVisibleTo(m, a));
      if (!visible.length) continue;
      fp ??= this.fingerprint(subject);
      const pair = { lookoutId: m.id, version: m.version, fingerprint: fp };
      if (m.kind === 'lookout') {
        if (this.suppressed.has(suppressionKey(pair, null))) continue;
      } else {
        // a public-list false positive silences only the screens of the agency that decided it
        visible = visible.filter((a) => !a || !this.suppressed.has(suppressionKey(pair, a)));
        if (!visible.length) continue;
      }
      const visibleTo = visible.map((a) => a ?? 'public');
      hits.push({
        lookoutId: m.id,
        score: h.score,
        name: h.name,
        reasons: h.reasons,
        category: m.category,
        recommendedAction: m.recommendedAction,
        originAgency: m.originAgency,
        kind: m.kind,
        visibleTo,
      });
      if (hits.length >= (opts.top ?? 10)) break;
    }
    const micros = Number(process.hrtime.bigint() - t0) / 1000;
    for (const h of hits) h.hitId = crypto.randomUUID();
    if (hits.length && c.record !== false)
      await this.db.transaction().execute((trx) => this.recordHits(trx, [{ subject, hits, context: c }]));
    return { status: hits.length ? 'hits' : 'clear', hits, micros };
  }

  /**
   * Records the hits of screens (with their ids, for review) and one audit entry per screen, in the caller's
   * transaction: screen() does it at once unless told `record: false`, in which case the caller must (the lanes
   * module records them with the crossing, in the same statement: `hitRecords`).
   */
  async recordHits(trx: DB, screens: ScreenRecord[]) {
    const r = this.hitRecords(screens);
    await executeTogether(trx, [
      ...(r.insert ? [r.insert] : []),
      ...(await this.ctx.audit.chainStatements(trx, r.audit)),
    ]);
  }
  /**
   * What recording these screens' hits takes: the insert into lk_hits (null when none; a statement of this module's
   * store, for the caller to execute in its transaction) and the `screening.performed` audit entries. Each hit
   * belongs to the lookout's owner (agency and country).
   */
  hitRecords(screens: ScreenRecord[]): { insert: RawBuilder<unknown> | null; audit: AuditEntry[] } {
    const rows: store.NewHitRow[] = screens.flatMap(({ subject, hits, context: c }) => {
      const fp = this.fingerprint(subject);
      const screening = Array.isArray(c.agency) ? c.agency.join(',') : c.agency;
      return hits.map((h) => {
        const m = this.meta.get(h.lookoutId);
        return {
          id: h.hitId ?? crypto.randomUUID(),
          lookout_id: h.lookoutId,
          lookout_version: m?.version ?? 1,
          subject_fingerprint: fp,
          subject_ref: c.subjectRef,
          context: c.purpose,
          screening_agency: screening,
          score: h.score,
          reasons: JSON.stringify(reasonCodes(h.reasons)),
          reasons_enc: this.ctx.cipher.encryptJson(h.reasons, CTX_HIT_REASONS),
          agency: m?.agency ?? null,
          country: m?.country ?? null,
        };
      });
    });
    return {
      insert: store.hitsInsert(this.db, rows),
      audit: screens
        .filter((s) => s.hits.length)
        .map(({ hits, context: c }) => ({
          actor: c.actor,
          purpose: c.purpose,
          subject: c.subjectRef,
          action: 'screening.performed' as const,
          detail: { hits: hits.map((h) => h.lookoutId) },
        })),
    };
  }

  // ---------- posting and lifecycle ----------
  /**
   * The lookout a user may change, read before the transaction that changes it: a refusal is audited (in its own
   * transaction) before any lock is taken. 404 when the user may not even see it, 403 when it is not theirs.
   */
  private async changeable(u: User, id: string, operation: string) {
    const r = await store.lookoutById(this.db, id);
    if (!r) throw notFound();
    const m = this.toMeta(r, '');
    await this.ctx.guard.require(u, canReadLookout, m, `lookout:${id}`, { operation });
    await this.ctx.guard.require(u, canChangeLookout, m, `lookout:${id}`, { operation, hide: false });
    return r;
  }
  async create(u: User, input: LookoutInput, opts: { activate?: boolean } = {}) {
    await this.ctx.guard.require(u, canPostLookout, null, 'lookout:new', { operation: 'create', hide: false });
    const agency = u.agency ?? '';
    const country = agencyCountry(agency) ?? '';
    const l = lookoutInput.parse(input);
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await store.insertLookouts(trx, [
        {
          id,
          kind: 'lookout',
          subject_type: l.subjectType,
          category: l.category,
          reason: l.reason,
          recommended_action: l.recommendedAction,
          origin_agency: agency,
          origin_country: country,
          agency,
          country,
          sharing_agencies: l.sharingAgencies,
          sharing_countries: l.sharingCountries,
          valid_from: l.validFrom ?? null,
          valid_until: l.validUntil ?? null,
          legal_reference: l.legalReference,
          identifiers_enc: this.ctx.cipher.encryptJson(l.identifiers, CTX_IDS),
        },
      ]);
      await this.events(trx, [id], u, opts.activate ? ['created', 'activated'] : ['created']);
      const audit: AuditEntry[] = [
        {
          actor: actorOf(u),
          purpose: 'lookout posting',
          subject: `lookout:${id}`,
          action: 'lookout.created',
          detail: { category: l.category },
        },
      ];
      if (opts.activate)
        audit.push({
          actor: actorOf(u),
          purpose: 'lookout posting',
          subject: `lookout:${id}`,
          action: 'lookout.activated',
        });
      await this.ctx.audit.appendMany(trx, audit);
    });
    await this.changed(id);
    return id;
  }
  async update(u: User, id: string, input: LookoutInput) {
    const before = await this.changeable(u, id, 'update');
    const l = lookoutInput.parse(input);
    const prior = this.identifiersOf(before);
    const fields = changedFields(
      {
        subjectType: before.subject_type,
        identifiers: identifiersSchema.parse(prior),
        category: before.category,
        reason: before.reason,
        recommendedAction: before.recommended_action,
        sharingAgencies: before.sharing_agencies as LookoutInput['sharingAgencies'],
        sharingCountries: before.sharing_countries as LookoutInput['sharingCountries'],
        validFrom: isoDate(before.valid_from) ?? undefined,
        validUntil: isoDate(before.valid_until) ?? undefined,
        legalReference: before.legal_reference,
      },
      l,
    );
    await this.db.transaction().execute(async (trx) => {
      if (!(await store.lookoutForUpdate(trx, id))) throw notFound();
      await store.updateLookout(trx, id, {
        subject_type: l.subjectType,
        category: l.category,
        reason: l.reason,
        recommended_action: l.recommendedAction,
        sharing_agencies: l.sharingAgencies,
        sharing_countries: l.sharingCountries,
        valid_from: l.validFrom ?? null,
        valid_until: l.validUntil ?? null,
        legal_reference: l.legalReference,
        identifiers_enc: this.ctx.cipher.encryptJson(l.identifiers, CTX_IDS),
      });
      await this.events(trx, [id], u, ['updated'], { fields });
      await this.ctx.audit.append(trx, {
        actor: actorOf(u),
        purpose: 'lookout posting',
        subject: `lookout:${id}`,
        action: 'lookout.updated',
        detail: { fields },
      });
    });
    await this.changed(id);
  }
  async transition(u: User, id: string, to: 'activated' | 'withdrawn', note = '') {
    await this.changeable(u, id, to === 'activated' ? 'activate' : 'withdraw');
    await this.db.transaction().execute(async (trx) => {
      const r = await store.lookoutForUpdate(trx, id);
      if (!r) throw notFound();
      // The state as committed, read after the lock: two concurrent transitions do not both pass.
      const state = recordedState((await store.lookoutById(trx, id))?.state ?? null);
      if (to === 'activated' && state !== 'draft')
        throw new AppError(409, 'lookouts.err.transition', { from: state, to });
      if (to === 'withdrawn' && state === 'withdrawn')
        throw new AppError(409, 'lookouts.err.transition', { from: state, to });
      await this.events(trx, [id], u, [to], { note });
      await this.ctx.audit.append(trx, {
        actor: actorOf(u),
        purpose: 'lookout posting',
        subject: `lookout:${id}`,
        action: to === 'activated' ? 'lookout.activated' : 'lookout.withdrawn',
      });
    });
    await this.changed(id);
  }
  private async events(
    trx: DB,
    ids: string[],
    u: User | null,
    kinds: LookoutEventKind[],
    detail: Record<string, unknown> = {},
  ) {
    const text = JSON.stringify(detail);
    await store.appendLookoutEvents(
      trx,
      ids.flatMap((id) =>
        kinds.map((kind) => ({
          lookout_id: id,
          actor_id: u?.id ?? null,
          actor_agency: u?.agency ?? null,
          kind,
          detail: text,
        })),
      ),
    );
  }
  /** After commit: refresh this instance, tell the others, and run recurrent vetting for an active lookout. */
  private async changed(id: string) {
    await this.refresh(id);
    if (this.ctx.database.engine === 'postgresql') await this.ctx.database.notify(CHANNEL, id);
    const m = this.meta.get(id);
    if (m?.state === 'active' && m.kind === 'lookout')
      this.pendingVetting = this.recurrentVetting(id).catch((e) =>
        this.ctx.log.error({ err: errorFacts(e) }, 'recurrent vetting failed'),
      );
  }

  /**
   * The registered people of each provider, indexed once (lazily, by chunks so that lane decisions go on meanwhile)
   * and kept up to date by `registeredSubjectChanged`: a lookout is then screened against them in milliseconds
   * instead of re-reading and re-indexing every member per lookout.
   */
  private people = new Map<string, { index: ScreeningIndex; built: Promise<void>; changed: Set<string> }>();
  private peopleOf(p: RegisteredSubjectsProvider) {
    let e = this.people.get(p.name);
    if (!e) {
      const index = new ScreeningIndex();
      const changed = new Set<string>();
      const built = (async () => {
        let n = 0;
        for await (const s of p.subjects()) {
          index.upsert(registeredEntry(s));
          if (++n % BUILD_CHUNK === 0) await new Promise((r) => setImmediate(r));
        }
        // Changes reported while the index was being built are applied again now, from the source.
        for (const ref of changed) await this.applySubject(p, index, ref);
        changed.clear();
      })();
      e = { index, built, changed };
      this.people.set(p.name, e);
      built.catch(() => this.people.delete(p.name)); // built afresh next time
    }
    return e;
  }
  private async applySubject(p: RegisteredSubjectsProvider, index: ScreeningIndex, ref: string) {
    const s = await p.subject(ref);
    if (s) index.upsert(registeredEntry(s));
    else index.remove(ref);
  }
  /** Indexes every provider's registered people in the background (at start-up), so the first lookout does not wait. */
  indexRegisteredSubjects() {
    return Promise.all(this.providers.map((p) => this.peopleOf(p).built));
  }
  /** Registered people indexed so far, per provider. */
  registeredIndexed() {
    return Object.fromEntries([...this.people].map(([name, e]) => [name, e.index.size]));
  }
  /** A provider's subject was added, changed or removed (called by its module, here and on other instances). */
  async registeredSubjectChanged(providerName: string, ref: string) {
    const e = this.people.get(providerName);
    const p = this.providers.find((x) => x.name === providerName);
    if (!e || !p) return; // not indexed yet: the build will read it
    e.changed.add(ref);
    await e.built;
    if (!e.changed.delete(ref)) return; // applied by the build
    await this.applySubject(p, e.index, ref);
  }

  /** A new or changed lookout is screened against registered people; hits go to the owning agencies. */
  async recurrentVetting(id: string): Promise<number> {
    const r = await store.lookoutById(this.db, id);
    if (!r) return 0;
    const entry = toEntry(r.id, r.subject_type, this.identifiersOf(r));
    let reported = 0;
    for (const p of this.providers) {
      const { index: people, built } = this.peopleOf(p);
      await built;
      // Screen the lookout against the index of the registered people (the reverse of a traveller screen).
      const seen = new Set<string>();
      for (const name of entry.names.length ? entry.names : ['']) {
        for (const h of people.screen(
          {
            name,
            birthDate: entry.birthDates?.[0],
            nationality: entry.nationalities?.[0],
            documents: entry.documents,
            type: entry.type,
          },
          { threshold: this.threshold, top: 50 },
        )) {
          if (seen.has(h.id)) continue;
          seen.add(h.id);
          await p.reportHit(h.id, { lookoutId: id, score: h.score, reasons: h.reasons });
          reported++;
        }
      }
    }
    return reported;
  }

  // ---------- reading ----------
  /**
   * The lookouts the user's agency may see (sharing scope, in the query), newest first. A text search looks at the
   * labels, which exist only decrypted: the scoped rows are read page by page until the limit is reached.
   */
  async list(
    u: User,
    q: { state?: LookoutState; kind?: LookoutKind; text?: string; limit?: number } = {},
  ): Promise<LookoutListItem[]> {
    await this.ctx.guard.admit(u, canListLookouts, 'lookouts', { operation: 'list' });
    await this.ready;
    const on = today();
    const limit = q.limit ?? 200;
    const scope = lookoutScope(u);
    const filter = { kind: q.kind, state: q.state, today: on };
    const text = q.text?.toLowerCase();
    const out: LookoutListItem[] = [];
    const page = text ? 1000 : limit;
    for (let offset = 0; out.length < limit; offset += page) {
      const rows = await store.lookoutPage(this.db, scope, filter, { limit: page, offset });
      for (const r of rows) {
        // The label from the in-memory index when it is there (decrypted once), else from the row.
        const m = this.toMeta(r, this.meta.get(r.id)?.label ?? labelOf(this.identifiersOf(r)));
        if (text && !m.label.toLowerCase().includes(text)) continue;
        out.push({ ...m, state: effectiveState(m, on) });
        if (out.length >= limit) break;
      }
      if (rows.length < page) break;
    }
    return out;
  }
  async get(u: User, id: string): Promise<LookoutDetail> {
    const r = await store.lookoutById(this.db, id);
    if (!r) throw notFound();
    const identifiers = this.identifiersOf(r);
    const m = this.toMeta(r, labelOf(identifiers));
    await this.ctx.guard.require(u, canReadLookout, m, `lookout:${id}`, { operation: 'read' });
    const events = await store.lookoutEvents(this.db, id);
    await this.db.transaction().execute((trx) =>
      this.ctx.audit.append(trx, {
        actor: actorOf(u),
        purpose: 'lookout review',
        subject: `lookout:${id}`,
        action: 'lookout.viewed',
      }),
    );
    return {
      ...m,
      state: effectiveState(m),
      reason: r.reason,
      legalReference: r.legal_reference,
      identifiers,
      events,
      sourceRef: r.source_ref,
    };
  }

  // ---------- hit review ----------
  /**
   * The hits the user's agency reviews (on its lookouts; public-list hits its screens raised), newest first. A hit's
   * reasons hold what matched (names, dates, document numbers): the read is audited once, with the hits it showed.
   */
  async hits(u: User, status: HitStatus = 'open', limit = 200): Promise<ReviewHit[]> {
    const scope = hitReviewScope(u);
    if (!scope)
      throw await this.ctx.guard.denied(u, canReviewHit.name, 'hits:queue', { operation: 'list', hide: false });
    const rows = await store.hitReviewQueue(this.db, scope, status, limit);
    if (rows.length)
      await this.db.transaction().execute((trx) =>
        this.ctx.audit.append(trx, {
          actor: actorOf(u),
          purpose: 'hit review',
          subject: 'hits:queue',
          action: 'hits.viewed',
          detail: { hits: rows.map((h) => h.id) },
        }),
      );
    return rows.map((h) => ({ ...h, reasons: this.hitReasons(h), lookout: this.meta.get(h.lookout_id) }));
  }
  /**
   * Confirms a hit or marks it a false positive (suppressed until either side's data changes: for every agency when
   * the lookout is an agency's, only in the reviewer's agency's screens when it is a public list's, suppressionKey):
   * only the agency that owns the lookout decides (canReviewHit). A border officer's secondary inspection may mark the
   * hits behind a referral false positives (`fromSecondary`) when the officer's agency owns them; a hit on another
   * agency's lookout is then left open for that agency's analysts (the refusal is audited) and 'left_open' is returned.
   */
  async review(
    u: User,
    hitId: string,
    decision: HitDecision,
    note: string,
    opts: { fromSecondary?: boolean } = {},
  ): Promise<'reviewed' | 'left_open'> {
    const h = await store.hitById(this.db, hitId);
    if (!h) throw notFound();
    const ref = `hit:${hitId}`;
    // the owner of the hit is the lookout's (its current owner when the index knows it)
    const known = this.meta.get(h.lookout_id);
    const owner = hitOwnership(known?.kind === 'lookout' ? { ...h, agency: known.agency } : h);
    if (opts.fromSecondary) {
      if (!canClearHitAtSecondary.allows(u, owner)) {
        await this.ctx.guard.denied(u, canClearHitAtSecondary.name, ref, { operation: decision });
        return 'left_open';
      }
    } else {
      // A hit on a lookout the user may not see is not found; one the user sees but does not own is forbidden.
      if (!known || !lookoutVisibleTo(known, u.agency))
        throw await this.ctx.guard.denied(u, canReviewHit.name, ref, { operation: decision });
      await this.ctx.guard.require(u, canReviewHit, owner, ref, { operation: decision, hide: false });
    }
    let suppress: string | null = null;
    await this.db.transaction().execute(async (trx) => {
      const locked = await store.hitForUpdate(trx, hitId);
      if (!locked) throw notFound();
      if (locked.status !== 'open') throw new AppError(409, 'lookouts.err.already_reviewed');
      await store.markHitReviewed(trx, hitId, {
        status: decision,
        reviewedBy: u.id,
        reviewedAgency: u.agency,
        note,
      });
      await this.ctx.audit.append(
        trx,
        decision === 'confirmed'
          ? {
              actor: actorOf(u),
              purpose: 'hit review',
              subject: locked.subject_ref,
              action: 'hit.confirmed',
              detail: { lookoutId: locked.lookout_id },
            }
          : {
              actor: actorOf(u),
              purpose: opts.fromSecondary ? 'secondary inspection' : 'hit review',
              subject: locked.subject_ref,
              action: 'hit.false_positive',
              detail: { lookoutId: locked.lookout_id },
            },
      );
      if (decision === 'false_positive')
        suppress = suppressionKey(
          { lookoutId: locked.lookout_id, version: locked.lookout_version, fingerprint: locked.subject_fingerprint },
          // the lookout's owner decided for every screen; on a public list, the reviewer for its agency's screens
          locked.agency ? null : u.agency,
        );
    });
    if (suppress) {
      this.suppressed.add(suppress);
      if (this.ctx.database.engine === 'postgresql') await this.ctx.database.notify(SUPPRESSED_CHANNEL, suppress);
    }
    return 'reviewed';
  }

  // ---------- reference lists ----------
  parse(format: ImportFormat, files: Record<string, string>, onProgress?: (d: number, t: number) => void): ParseResult {
    if (format === 'ofac') return parseOfac({ sdn: files.sdn ?? '', alt: files.alt, add: files.add }, onProgress);
    if (format === 'un') return parseUnConsolidated(files.xml ?? '', onProgress);
    return parseListJsonl(files.jsonl ?? '', onProgress);
  }
  /**
   * Imports a public list as reference lookouts, all or nothing: with any bad line nothing is written, and every bad
   * line is reported (docs/decisions/0008-importers-refuse-bad-lines.md); with `skipInvalid` the good entries are
   * imported and the bad lines reported as skipped. An empty file, a file that cannot be decoded, or one that would
   * withdraw more than half of the source's entries (without `allowMassWithdrawal`) is always refused. A re-import of
   * the same source replaces the previous one (entries no longer listed are withdrawn). `actor` null: the system (the
   * CLI, the demo).
   */
  async importList(
    actor: User | null,
    format: ImportFormat,
    files: Record<string, string | Uint8Array>,
    opts: ImportOptions = {},
  ): Promise<ImportResult> {
    const source = opts.sourceName ?? SOURCE_NAMES[format];
    const refuse = (errors: ParseResult['errors']): ImportResult => ({
      ok: false,
      errors: printableProblems(errors),
      imported: 0,
    });
    // checked first: the name goes into the audit trail, of a refusal too
    const badSource = source.trim() === '' ? 'is empty' : fieldProblem(source, 120);
    if (badSource) return refuse([{ line: 0, fatal: true, message: `the source name ${badSource}` }]);
    if (actor)
      await this.ctx.guard.require(actor, canImportList, { source }, `import:${source}`, {
        operation: 'import',
        hide: false,
      });
    const expected = IMPORT_FILES[format];
    const texts: Record<string, string> = {};
    const fileErrors: ParseResult['errors'] = [];
    for (const key of Object.keys(files))
      if (!expected.some((f) => f.key === key))
        fileErrors.push({
          line: 0,
          fatal: true,
          message: `unknown file "${key}" for format ${format} (expected ${expected.map((f) => f.key).join(', ')})`,
        });
    for (const f of expected) {
      const content = files[f.key];
      if (content === undefined) {
        if (f.required) fileErrors.push({ file: f.label, line: 0, fatal: true, message: `${f.label} is missing` });
        continue;
      }
      const d = fileText(content, opts.encoding, f.label);
      if (d.ok) texts[f.key] = d.text;
      else fileErrors.push(d.error);
    }
    if (fileErrors.length) return refuse(fileErrors);
    const parsed = this.parse(format, texts, opts.onProgress);
    if (parsed.errors.some((e) => e.fatal) || (parsed.errors.length && !opts.skipInvalid)) return refuse(parsed.errors);
    if (parsed.entries.length === 0)
      return refuse([{ line: 0, fatal: true, message: 'the list has no valid entries: nothing was imported' }]);
    // A re-import withdraws what it no longer lists: more than half of the list gone is a truncated file until the
    // operator says otherwise.
    const prior = await store.latestImportRefs(this.db, source);
    if (prior.length && !opts.allowMassWithdrawal) {
      const listed = new Set(parsed.entries.map((e) => e.sourceRef ?? e.id));
      const gone = prior.filter((r) => !listed.has(r)).length;
      if (gone > prior.length * MASS_WITHDRAWAL_SHARE)
        return refuse([
          {
            line: 0,
            fatal: true,
            message:
              `this import would withdraw ${gone} of the ${prior.length} entries of ${source} ` +
              `(more than ${MASS_WITHDRAWAL_SHARE * 100} %); if that is intended, allow a mass withdrawal ` +
              '(--allow-mass-withdrawal)',
          },
        ]);
    }
    const importId = crypto.randomUUID();
    const checksums = Object.fromEntries(
      Object.entries(files).map(([k, v]) => [k, crypto.createHash('sha256').update(v).digest('hex')]),
    );
    const skipped = printableProblems(parsed.errors);
    const rows: store.NewLookoutRow[] = parsed.entries.map((e) => {
      const identifiers: Identifiers = {
        names: e.names,
        originalScriptNames: [],
        birthDates: (e.birthDates ?? []).filter((d) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d)),
        nationalities: (e.nationalities ?? []).filter((n) => /^[A-Za-z]{2}$/.test(n)).map((n) => n.toUpperCase()),
        documents: e.documents ?? [],
        plates: [],
        containers: [],
      };
      const type = LOOKOUT_SUBJECTS.find((s): s is LookoutSubject => s === e.type) ?? 'person';
      const programs = 'programs' in e && Array.isArray(e.programs) ? e.programs.join(', ') : '';
      const sourceRef = 'sourceRef' in e && typeof e.sourceRef === 'string' ? e.sourceRef : e.id;
      return {
        id: crypto.randomUUID(),
        kind: 'reference',
        subject_type: type,
        category: 'sanctions',
        reason: programs || source,
        recommended_action: 'refer_secondary',
        origin_agency: source,
        origin_country: 'UN',
        // A public list belongs to no agency: every agency sees it (access.ts).
        agency: null,
        country: null,
        valid_from: null,
        legal_reference: source,
        identifiers_enc: this.ctx.cipher.encryptJson(identifiers, CTX_IDS),
        import_id: importId,
        source_ref: sourceRef,
      };
    });
    let superseded = 0;
    await this.db.transaction().execute(async (trx) => {
      await store.insertImport(trx, {
        id: importId,
        source,
        files: JSON.stringify(checksums),
        entries: rows.length,
        actor_id: actor?.id ?? null,
      });
      const prior = await store.lookoutIdsOfSource(trx, source, importId);
      superseded = prior.length;
      await this.events(trx, prior, actor, ['withdrawn'], { reason: `superseded by import ${importId}` });
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        await store.insertLookouts(trx, chunk);
        await this.events(
          trx,
          chunk.map((r) => r.id),
          actor,
          ['created', 'activated'],
        );
        opts.onProgress?.(i + chunk.length, rows.length);
      }
      await this.ctx.audit.append(trx, {
        actor: actorOf(actor),
        purpose: 'reference list import',
        subject: `import:${importId}`,
        action: 'lookout.imported',
        detail: {
          source,
          entries: rows.length,
          superseded,
          files: checksums,
          ...(skipped.length ? { skipped: skipped.length } : {}),
        },
      });
    });
    // Rebuild the index once rather than per entry: imports are bulk.
    this.meta.clear();
    this.ready = this.load();
    await this.ready;
    return { ok: true, errors: [], imported: rows.length, importId, skipped };
  }
  imports() {
    return store.recentImports(this.db);
  }
  /** Whether a list from this source was imported (the demo imports the UN list once). */
  async importedFrom(source: string): Promise<boolean> {
    return store.importedFrom(this.db, source);
  }
  /** How many agency lookouts (kind 'lookout', not public-list entries) there are. */
  async agencyLookoutCount(): Promise<number> {
    return store.lookoutCount(this.db, 'lookout');
  }
}
