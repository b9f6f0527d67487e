// Lookouts: posting with compatible criteria, sharing by scope, lifecycle, reference-list import, the in-memory
// screening index kept fresh (LISTEN/NOTIFY on PostgreSQL), screen() for the other modules, hit review and
// recurrent vetting of registered people.
import crypto from 'node:crypto';
import { z } from 'zod';
import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { executeTogether, type DB } from '../../kernel/db.ts';
import { actorOf, agencyCountry, type User } from '../../kernel/auth.ts';
import type { Actor, AuditEntry } from '../../kernel/audit.ts';
import { AppError, forbidden, notFound } from '../../kernel/errors.ts';
import {
  ScreeningIndex,
  DEFAULT_THRESHOLD,
  type ListEntry,
  type ScreenQuery,
  type Hit,
  type SubjectType,
} from './engine/index.ts';
import { CachedScreeningIndex } from './engine/cached-index.ts';
import { parseOfac, parseUnConsolidated, parseListJsonl, type ParseResult, type SourceEntry } from './sources/index.ts';

export const CATEGORIES = [
  'terrorism',
  'serious_crime',
  'immigration',
  'customs_smuggling',
  'health_agriculture',
  'sanctions',
] as const;
export const ACTIONS = ['refer_secondary', 'hold', 'notify_originator'] as const;
export const LOOKOUT_SUBJECTS = [
  'person',
  'organization',
  'vehicle',
  'vessel',
  'aircraft',
  'container',
  'document',
] as const;
const CTX_IDS = 'lk_lookouts.identifiers_enc';
const CHANNEL = 'lookouts_changed';
/** A lookout/subject pair marked false positive: every instance stops alerting on it. */
const SUPPRESSED_CHANNEL = 'lookout_hits_suppressed';

const country2 = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/);
export const identifiersSchema = z.object({
  names: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  originalScriptNames: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  birthDates: z
    .array(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/))
    .max(10)
    .default([]),
  nationalities: z.array(country2).max(5).default([]),
  documents: z
    .array(
      z.object({
        type: z.string().trim().min(1).max(40),
        number: z.string().trim().min(3).max(40),
        country: country2.optional(),
      }),
    )
    .max(10)
    .default([]),
  plates: z
    .array(z.object({ number: z.string().trim().min(2).max(15), jurisdiction: z.string().trim().max(10).optional() }))
    .max(10)
    .default([]),
  containers: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z]{4}\s?\d{6}\s?\d$/),
    )
    .max(10)
    .default([]),
});
export type Identifiers = z.infer<typeof identifiersSchema>;

export const lookoutInput = z
  .object({
    subjectType: z.enum(LOOKOUT_SUBJECTS),
    identifiers: identifiersSchema,
    category: z.enum(CATEGORIES),
    reason: z.string().trim().min(5).max(2000),
    recommendedAction: z.enum(ACTIONS),
    sharingAgencies: z
      .array(z.enum(['CBSA', 'CBP', 'INM']))
      .max(3)
      .default([]),
    sharingCountries: z
      .array(z.enum(['CA', 'US', 'MX']))
      .max(3)
      .default([]),
    validFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    validUntil: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    legalReference: z.string().trim().max(300).default(''),
  })
  .refine(
    (l) =>
      l.identifiers.names.length +
        l.identifiers.documents.length +
        l.identifiers.plates.length +
        l.identifiers.containers.length >
      0,
    { path: ['identifiers', 'names'], params: { key: 'lookouts.err.no_identifier' } } as any,
  )
  .refine((l) => !l.validFrom || !l.validUntil || l.validFrom <= l.validUntil, {
    path: ['validUntil'],
    params: { key: 'lookouts.err.validity' },
  } as any);
export type LookoutInput = z.infer<typeof lookoutInput>;

export interface LookoutMeta {
  id: string;
  kind: 'lookout' | 'reference';
  subjectType: string;
  category: string;
  recommendedAction: string;
  originAgency: string;
  originCountry: string;
  sharingAgencies: string[];
  sharingCountries: string[];
  validFrom: string | null;
  validUntil: string | null;
  version: number;
  label: string;
  state: string;
}
export interface ScreenSubject {
  type?: SubjectType;
  name?: string;
  birthDate?: string;
  nationality?: string;
  documents?: { type: string; number: string; country?: string }[];
  plate?: { number: string; jurisdiction?: string };
  container?: string;
}
export interface ScreeningHit {
  lookoutId: string;
  score: number;
  name: string;
  reasons: Hit['reasons'];
  category: string;
  recommendedAction: string;
  originAgency: string;
  kind: string;
  hitId?: string /** which of the screening agencies may see this hit */;
  visibleTo: string[];
}
/** `agency`: the agency asking; several when one screen serves a joint process (each sees only the hits its scope allows). */
export interface ScreenContext {
  actor: Actor;
  agency: string | null | string[];
  purpose: string;
  subjectRef: string;
  record?: boolean;
}
/** A screen whose hits are to be recorded. */
export interface ScreenRecord {
  subject: ScreenSubject;
  hits: ScreeningHit[];
  context: ScreenContext;
}

/** A registered person (a member) as recurrent vetting screens it. */
export interface RegisteredSubject {
  ref: string;
  name: string;
  birthDate?: string;
  nationality?: string;
  documents: { type: string; number: string; country?: string }[];
}
/** Modules with registered people or companies implement this for recurrent vetting. */
export interface RegisteredSubjectsProvider {
  name: string;
  subjects(): AsyncIterable<RegisteredSubject>;
  /** The subject as it is now, or null when it is no longer registered (revoked, expired ...). */
  subject(ref: string): Promise<RegisteredSubject | null>;
  reportHit(ref: string, hit: { lookoutId: string; score: number; reasons: unknown[] }): Promise<void>;
}
const asEntry = (s: RegisteredSubject): ListEntry => ({
  id: s.ref,
  type: 'person',
  names: [s.name],
  birthDates: s.birthDate ? [s.birthDate] : [],
  nationalities: s.nationality ? [s.nationality] : [],
  documents: s.documents,
});
/** Registered people indexed per chunk, yielding to the event loop in between: a million members take ~20 s to index. */
const BUILD_CHUNK = 2000;

const isoDate = (d: unknown) =>
  d ? (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10)) : null;

export class LookoutsService {
  ctx: Ctx;
  // Exact result cache: a cached answer is reused only while no lookout change since could have altered it (engine/cached-index.ts).
  index = new CachedScreeningIndex();
  meta = new Map<string, LookoutMeta>();
  /** Lookout/subject pairs marked false positive: suppressed until either side's data changes. */
  suppressed = new Set<string>();
  providers: RegisteredSubjectsProvider[] = [];
  threshold = DEFAULT_THRESHOLD;
  ready: Promise<void>;
  constructor(ctx: Ctx) {
    this.ctx = ctx;
    this.ready = this.load();
  }
  get db() {
    return this.ctx.db;
  }

  /** Builds the in-memory index from the database; then follows changes (other instances through NOTIFY). */
  async load() {
    const rows = (
      await sql<any>`select l.*, (select kind from lk_events e where e.lookout_id = l.id and e.kind in ('activated', 'withdrawn', 'created') order by seq desc limit 1) as state from lk_lookouts l`.execute(
        this.db,
      )
    ).rows;
    const entries: ListEntry[] = [];
    for (const r of rows) {
      const ids = this.ctx.cipher.decryptJson<Identifiers>(r.identifiers_enc, CTX_IDS);
      const m = this.toMeta(r, ids);
      this.meta.set(m.id, m);
      if (m.state === 'active') entries.push(toEntry(r, ids));
    }
    this.index = new CachedScreeningIndex(entries);
    for (const h of (
      await sql<any>`select lookout_id, lookout_version, subject_fingerprint from lk_hits where status = 'false_positive'`.execute(
        this.db,
      )
    ).rows)
      this.suppressed.add(`${h.lookout_id}|${h.lookout_version}|${h.subject_fingerprint}`);
    if (!this.listening) {
      this.listening = true;
      await this.ctx.database.listen?.(CHANNEL, (id) => {
        this.refresh(id).catch((e) => this.ctx.log.error({ err: e?.message }, 'lookout refresh failed'));
      });
      await this.ctx.database.listen?.(SUPPRESSED_CHANNEL, (key) => {
        this.suppressed.add(key);
      });
    }
  }
  listening = false;
  /** Counters of the screening result cache (hits, misses, rescreens ...). */
  screeningCacheStats() {
    return this.index.cacheStats();
  }

  private toMeta(r: any, ids: Identifiers): LookoutMeta {
    const state = r.state === 'activated' ? 'active' : r.state === 'withdrawn' ? 'withdrawn' : 'draft';
    return {
      id: r.id,
      kind: r.kind,
      subjectType: r.subject_type,
      category: r.category,
      recommendedAction: r.recommended_action,
      originAgency: r.origin_agency,
      originCountry: r.origin_country,
      sharingAgencies: r.sharing_agencies,
      sharingCountries: r.sharing_countries,
      validFrom: isoDate(r.valid_from),
      validUntil: isoDate(r.valid_until),
      version: r.version,
      label: labelOf(ids),
      state,
    };
  }
  /** Re-reads one lookout and updates the index: called after a local change and on notification from another instance. */
  async refresh(id: string) {
    const r = (
      await sql<any>`select l.*, (select kind from lk_events e where e.lookout_id = l.id and e.kind in ('activated', 'withdrawn', 'created') order by seq desc limit 1) as state from lk_lookouts l where id = ${id}`.execute(
        this.db,
      )
    ).rows[0];
    if (!r) {
      this.index.remove(id);
      this.meta.delete(id);
      return;
    }
    const ids = this.ctx.cipher.decryptJson<Identifiers>(r.identifiers_enc, CTX_IDS);
    const m = this.toMeta(r, ids);
    this.meta.set(id, m);
    if (m.state === 'active') this.index.upsert(toEntry(r, ids));
    else this.index.remove(id);
  }

  effectiveState(m: LookoutMeta, today = new Date().toISOString().slice(0, 10)) {
    if (m.state === 'active' && m.validUntil && m.validUntil < today) return 'expired';
    if (m.state === 'active' && m.validFrom && m.validFrom > today) return 'scheduled';
    return m.state;
  }
  /** Sharing scope: the originator, the partner agencies and countries it names; reference lists are public. */
  visibleTo(m: LookoutMeta, agency: string | null) {
    if (m.kind === 'reference') return true;
    if (!agency) return false;
    return (
      m.originAgency === agency ||
      m.sharingAgencies.includes(agency) ||
      m.sharingCountries.includes(agencyCountry(agency) ?? '')
    );
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
    const today = new Date().toISOString().slice(0, 10);
    let fp: string | null = null;
    const hits: ScreeningHit[] = [];
    for (const h of raw) {
      const m = this.meta.get(h.id);
      if (!m || this.effectiveState(m, today) !== 'active') continue;
      const agencies = Array.isArray(c.agency) ? c.agency : [c.agency];
      const visibleTo = agencies.filter((a) => this.visibleTo(m, a)).map((a) => a ?? 'public');
      if (!visibleTo.length) continue;
      fp ??= this.fingerprint(subject);
      if (this.suppressed.has(`${m.id}|${m.version}|${fp}`)) continue;
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
   * transaction: screen() does it at once unless told `record: false`, in which case the caller must (the lanes module
   * records them with the crossing, in the same statement: `hitRecords`).
   */
  async recordHits(trx: DB, screens: ScreenRecord[]) {
    const r = this.hitRecords(screens);
    await executeTogether(trx, [
      ...(r.insert ? [r.insert] : []),
      ...(await this.ctx.audit.chainStatements(trx, r.audit)),
    ]);
  }
  /** What recording these screens' hits takes: the insert into lk_hits (null when none) and the audit entries. */
  hitRecords(screens: ScreenRecord[]): { insert: RawBuilder<unknown> | null; audit: AuditEntry[] } {
    const rows = screens.flatMap(({ subject, hits, context: c }) => {
      const fp = this.fingerprint(subject);
      return hits.map(
        (h) =>
          sql`(${h.hitId ?? crypto.randomUUID()}, ${h.lookoutId}, ${this.meta.get(h.lookoutId)?.version ?? 1}, ${fp}, ${c.subjectRef}, ${c.purpose}, ${Array.isArray(c.agency) ? c.agency.join(',') : c.agency}, ${h.score}, ${JSON.stringify(h.reasons)}::jsonb)`,
      );
    });
    return {
      insert: rows.length
        ? sql`insert into lk_hits (id, lookout_id, lookout_version, subject_fingerprint, subject_ref, context, screening_agency, score, reasons) values ${sql.join(rows)}`
        : null,
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
  private requireAnalyst(u: User) {
    if (!u.agency || !u.roles.includes('targeting_analyst')) throw forbidden();
  }
  async create(u: User, input: LookoutInput, opts: { activate?: boolean } = {}) {
    this.requireAnalyst(u);
    const l = lookoutInput.parse(input);
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await sql`insert into lk_lookouts (id, kind, subject_type, category, reason, recommended_action, origin_agency, origin_country, sharing_agencies, sharing_countries, valid_from, valid_until, legal_reference, identifiers_enc)
        values (${id}, 'lookout', ${l.subjectType}, ${l.category}, ${l.reason}, ${l.recommendedAction}, ${u.agency}, ${u.country}, ${l.sharingAgencies}, ${l.sharingCountries}, ${l.validFrom ?? null}, ${l.validUntil ?? null}, ${l.legalReference}, ${this.ctx.cipher.encryptJson(l.identifiers, CTX_IDS)})`.execute(
        trx,
      );
      await this.event(trx, id, u, 'created');
      await this.ctx.audit.append(trx, {
        actor: actorOf(u),
        purpose: 'lookout posting',
        subject: `lookout:${id}`,
        action: 'lookout.created',
        detail: { category: l.category },
      });
      if (opts.activate) {
        await this.event(trx, id, u, 'activated');
        await this.ctx.audit.append(trx, {
          actor: actorOf(u),
          purpose: 'lookout posting',
          subject: `lookout:${id}`,
          action: 'lookout.activated',
        });
      }
    });
    await this.changed(id);
    return id;
  }
  async update(u: User, id: string, input: LookoutInput) {
    this.requireAnalyst(u);
    const l = lookoutInput.parse(input);
    await this.db.transaction().execute(async (trx) => {
      const r = (await sql<any>`select * from lk_lookouts where id = ${id} for update`.execute(trx)).rows[0];
      const m = this.meta.get(id);
      if (!r || r.kind !== 'lookout' || !m || !this.visibleTo(m, u.agency)) throw notFound(); // never reveal what one may not see
      if (r.origin_agency !== u.agency) throw forbidden(); // only the originator changes its lookout
      await sql`update lk_lookouts set subject_type = ${l.subjectType}, category = ${l.category}, reason = ${l.reason}, recommended_action = ${l.recommendedAction}, sharing_agencies = ${l.sharingAgencies}, sharing_countries = ${l.sharingCountries},
        valid_from = ${l.validFrom ?? null}, valid_until = ${l.validUntil ?? null}, legal_reference = ${l.legalReference}, identifiers_enc = ${this.ctx.cipher.encryptJson(l.identifiers, CTX_IDS)}, version = version + 1, updated_at = now() where id = ${id}`.execute(
        trx,
      );
      await this.event(trx, id, u, 'updated');
      await this.ctx.audit.append(trx, {
        actor: actorOf(u),
        purpose: 'lookout posting',
        subject: `lookout:${id}`,
        action: 'lookout.updated',
      });
    });
    await this.changed(id);
  }
  async transition(u: User, id: string, to: 'activated' | 'withdrawn', note = '') {
    this.requireAnalyst(u);
    await this.db.transaction().execute(async (trx) => {
      const r = (await sql<any>`select origin_agency, kind from lk_lookouts where id = ${id} for update`.execute(trx))
        .rows[0];
      const m = this.meta.get(id);
      if (!r || !m || !this.visibleTo(m, u.agency)) throw notFound();
      if (r.origin_agency !== u.agency || r.kind !== 'lookout') throw forbidden();
      const state = this.meta.get(id)?.state;
      if (to === 'activated' && state !== 'draft')
        throw new AppError(409, 'lookouts.err.transition', { from: state ?? '', to });
      if (to === 'withdrawn' && state === 'withdrawn')
        throw new AppError(409, 'lookouts.err.transition', { from: state, to });
      await this.event(trx, id, u, to, { note });
      await this.ctx.audit.append(trx, {
        actor: actorOf(u),
        purpose: 'lookout posting',
        subject: `lookout:${id}`,
        action: to === 'activated' ? 'lookout.activated' : 'lookout.withdrawn',
      });
    });
    await this.changed(id);
  }
  private async event(trx: DB, id: string, u: User | null, kind: string, detail: Record<string, unknown> = {}) {
    await sql`insert into lk_events (lookout_id, actor_id, actor_agency, kind, detail) values (${id}, ${u?.id ?? null}, ${u?.agency ?? null}, ${kind}, ${JSON.stringify(detail)}::jsonb)`.execute(
      trx,
    );
  }
  /** After commit: refresh this instance, tell the others, and run recurrent vetting for an active lookout. */
  private async changed(id: string) {
    await this.refresh(id);
    if (this.ctx.database.engine === 'postgresql') await this.ctx.database.notify(CHANNEL, id);
    const m = this.meta.get(id);
    if (m?.state === 'active' && m.kind === 'lookout')
      this.pendingVetting = this.recurrentVetting(id).catch((e) =>
        this.ctx.log.error({ err: e?.message }, 'recurrent vetting failed'),
      );
  }
  pendingVetting: Promise<unknown> = Promise.resolve();

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
          index.upsert(asEntry(s));
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
    if (s) index.upsert(asEntry(s));
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
    const r = (await sql<any>`select * from lk_lookouts where id = ${id}`.execute(this.db)).rows[0];
    if (!r) return 0;
    const entry = toEntry(r, this.ctx.cipher.decryptJson<Identifiers>(r.identifiers_enc, CTX_IDS));
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
  async list(u: User, q: { state?: string; kind?: string; text?: string; limit?: number } = {}) {
    await this.ready;
    const today = new Date().toISOString().slice(0, 10);
    const out = [...this.meta.values()].filter(
      (m) =>
        this.visibleTo(m, u.agency) &&
        (!q.kind || m.kind === q.kind) &&
        (!q.state || this.effectiveState(m, today) === q.state) &&
        (!q.text || m.label.toLowerCase().includes(q.text.toLowerCase())),
    );
    return out.slice(0, q.limit ?? 200).map((m) => ({ ...m, state: this.effectiveState(m, today) }));
  }
  async get(u: User, id: string) {
    const r = (
      await sql<any>`select l.*, (select kind from lk_events e where e.lookout_id = l.id and e.kind in ('activated', 'withdrawn', 'created') order by seq desc limit 1) as state from lk_lookouts l where id = ${id}`.execute(
        this.db,
      )
    ).rows[0];
    if (!r) throw notFound();
    const identifiers = this.ctx.cipher.decryptJson<Identifiers>(r.identifiers_enc, CTX_IDS);
    const m = this.toMeta(r, identifiers);
    if (!this.visibleTo(m, u.agency)) throw notFound();
    const events = (
      await sql<any>`select at, actor_agency, kind, detail from lk_events where lookout_id = ${id} order by seq`.execute(
        this.db,
      )
    ).rows;
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
      state: this.effectiveState(m),
      reason: r.reason,
      legalReference: r.legal_reference,
      identifiers,
      events,
      sourceRef: r.source_ref,
    };
  }

  // ---------- hit review ----------
  async hits(u: User, status = 'open') {
    if (!u.agency) throw forbidden();
    const rows = (
      await sql<any>`select * from lk_hits where status = ${status} order by created_at desc limit 200`.execute(this.db)
    ).rows;
    // An analyst reviews hits on lookouts their agency may see that were raised by their agency's screens, or that their agency originated.
    return rows
      .filter((h) => {
        const m = this.meta.get(h.lookout_id);
        return (
          m &&
          this.visibleTo(m, u.agency) &&
          (String(h.screening_agency ?? '')
            .split(',')
            .includes(u.agency!) ||
            m.originAgency === u.agency)
        );
      })
      .map((h) => ({ ...h, lookout: this.meta.get(h.lookout_id) }));
  }
  /** Analysts review hits; a border officer's secondary inspection may mark the hits behind a referral false positives. */
  async review(
    u: User,
    hitId: string,
    decision: 'confirmed' | 'false_positive',
    note: string,
    opts: { fromSecondary?: boolean } = {},
  ) {
    if (!(opts.fromSecondary && u.roles.includes('border_officer'))) this.requireAnalyst(u);
    let suppress: string | null = null;
    await this.db.transaction().execute(async (trx) => {
      const h = (await sql<any>`select * from lk_hits where id = ${hitId} for update`.execute(trx)).rows[0];
      const m = h && this.meta.get(h.lookout_id);
      if (!h || !m || !this.visibleTo(m, u.agency)) throw notFound();
      if (h.status !== 'open') throw new AppError(409, 'lookouts.err.already_reviewed');
      await sql`update lk_hits set status = ${decision}, reviewed_by = ${u.id}, reviewed_at = now(), review_note = ${note} where id = ${hitId}`.execute(
        trx,
      );
      await this.ctx.audit.append(trx, {
        actor: actorOf(u),
        purpose: 'hit review',
        subject: h.subject_ref,
        action: decision === 'confirmed' ? 'hit.confirmed' : 'hit.false_positive',
        detail: { lookoutId: h.lookout_id },
      });
      if (decision === 'false_positive') suppress = `${h.lookout_id}|${h.lookout_version}|${h.subject_fingerprint}`;
    });
    if (suppress) {
      this.suppressed.add(suppress);
      if (this.ctx.database.engine === 'postgresql') await this.ctx.database.notify(SUPPRESSED_CHANNEL, suppress);
    }
  }

  // ---------- reference lists ----------
  parse(
    format: 'ofac' | 'un' | 'jsonl',
    files: Record<string, string>,
    onProgress?: (d: number, t: number) => void,
  ): ParseResult {
    if (format === 'ofac') return parseOfac({ sdn: files.sdn ?? '', alt: files.alt, add: files.add }, onProgress);
    if (format === 'un') return parseUnConsolidated(files.xml ?? '', onProgress);
    return parseListJsonl(files.jsonl ?? '', onProgress);
  }
  /**
   * Imports a public list as reference lookouts, all or nothing: with any bad line nothing is written. A re-import of
   * the same source replaces the previous one (entries no longer listed are withdrawn).
   */
  async importList(
    actor: User | null,
    format: 'ofac' | 'un' | 'jsonl',
    files: Record<string, string>,
    opts: { sourceName?: string; onProgress?: (d: number, t: number) => void; activate?: boolean } = {},
  ) {
    const parsed = this.parse(format, files, opts.onProgress);
    if (parsed.errors.length) return { ok: false as const, errors: parsed.errors, imported: 0 };
    const source =
      opts.sourceName ??
      (format === 'ofac' ? 'OFAC SDN' : format === 'un' ? 'UN Security Council Consolidated List' : 'JSON Lines');
    const importId = crypto.randomUUID();
    const checksums = Object.fromEntries(
      Object.entries(files).map(([k, v]) => [k, crypto.createHash('sha256').update(v).digest('hex')]),
    );
    const ids: string[] = [];
    await this.db.transaction().execute(async (trx) => {
      await sql`insert into lk_imports (id, source, files, entries, actor_id) values (${importId}, ${source}, ${JSON.stringify(checksums)}::jsonb, ${parsed.entries.length}, ${actor?.id ?? null})`.execute(
        trx,
      );
      const prior = (
        await sql<any>`select l.id from lk_lookouts l join lk_imports i on i.id = l.import_id where i.source = ${source} and i.id <> ${importId}`.execute(
          trx,
        )
      ).rows.map((r) => r.id);
      for (const pid of prior)
        await this.event(trx, pid, actor, 'withdrawn', { reason: 'superseded by import ' + importId });
      let done = 0;
      for (const e of parsed.entries) {
        const id = crypto.randomUUID();
        ids.push(id);
        const identifiers: Identifiers = {
          names: e.names,
          originalScriptNames: [],
          birthDates: (e.birthDates ?? []).filter((d) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d)),
          nationalities: (e.nationalities ?? []).filter((n) => /^[A-Za-z]{2}$/.test(n)).map((n) => n.toUpperCase()),
          documents: e.documents ?? [],
          plates: [],
          containers: [],
        };
        const type = (LOOKOUT_SUBJECTS as readonly string[]).includes(e.type ?? '') ? e.type! : 'person';
        await sql`insert into lk_lookouts (id, kind, subject_type, category, reason, recommended_action, origin_agency, origin_country, valid_from, legal_reference, identifiers_enc, import_id, source_ref)
          values (${id}, 'reference', ${type}, 'sanctions', ${(e as SourceEntry).programs?.join(', ') || source}, 'refer_secondary', ${source}, 'UN', null, ${source}, ${this.ctx.cipher.encryptJson(identifiers, CTX_IDS)}, ${importId}, ${(e as SourceEntry).sourceRef ?? e.id})`.execute(
          trx,
        );
        await sql`insert into lk_events (lookout_id, actor_id, kind) values (${id}, ${actor?.id ?? null}, 'created'), (${id}, ${actor?.id ?? null}, 'activated')`.execute(
          trx,
        );
        opts.onProgress?.(++done, parsed.entries.length);
      }
      await this.ctx.audit.append(trx, {
        actor: actorOf(actor),
        purpose: 'reference list import',
        subject: `import:${importId}`,
        action: 'lookout.imported',
        detail: { source, entries: parsed.entries.length, files: checksums },
      });
    });
    // Rebuild the index once rather than per entry: imports are bulk.
    this.meta.clear();
    this.ready = this.load();
    await this.ready;
    return { ok: true as const, errors: [], imported: parsed.entries.length, importId };
  }
  async imports() {
    return (await sql<any>`select * from lk_imports order by imported_at desc limit 50`.execute(this.db)).rows;
  }
}

/** What lists show for a lookout: its first name, else document, plate or container (taken from the decrypted identifiers, never stored in clear). */
function labelOf(i: Identifiers) {
  return i.names?.[0] ?? i.documents?.[0]?.number ?? i.plates?.[0]?.number ?? i.containers?.[0] ?? '';
}
function toEntry(r: { id: string; subject_type: SubjectType }, ids: Identifiers): ListEntry {
  return {
    id: r.id,
    type: r.subject_type,
    names: [...ids.names, ...ids.originalScriptNames],
    birthDates: ids.birthDates,
    nationalities: ids.nationalities,
    documents: ids.documents,
    plates: ids.plates,
    containers: ids.containers,
  };
}
