// Ports of entry and the primary-inspection decision service: reads each occupant's document, looks up memberships
// (travellers service, in memory), screens occupants and plate (lookouts screen()), decides, and records the
// crossing durably before answering. Secondary referrals and preclearance use the same path.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import { executeTogether } from '../../kernel/db.ts';
import type { AuditEntry } from '../../kernel/audit.ts';
import { actorOf, countryAgency, type User } from '../../kernel/auth.ts';
import { AppError, forbidden, notFound } from '../../kernel/errors.ts';
import { parseMrz } from '../travellers/domain/mrz.ts';
import { isValidCardNumber } from '../travellers/domain/numbers.ts';
import { lanesFor, type LaneCode } from '../travellers/domain/programmes.ts';
import type { TravellersService } from '../travellers/service.ts';
import type { LookoutsService, ScreeningHit, ScreenRecord } from '../lookouts/service.ts';
import { decide, type LaneType, type OccupantFacts, type Reason } from './decide.ts';

export interface Port {
  id: string;
  code: string;
  name: string;
  country: 'CA' | 'US' | 'MX';
  border: 'north' | 'south' | 'air';
  kind: 'land' | 'preclearance';
  partnerPortId: string | null;
  state: string | null;
  latitude: number | null;
  longitude: number | null;
  major: boolean;
}
export interface Lane {
  id: string;
  portId: string;
  laneType: LaneType;
  direction: 'CA' | 'US' | 'MX';
  booths: number;
  schedule: { days: number[]; from: number; to: number; open: number }[];
}
export interface OccupantInput {
  mrz?: string;
  cardNumber?: string;
}
export interface DecisionInput {
  portId: string;
  laneId: string;
  occupants: OccupantInput[];
  plate?: { number: string; jurisdiction?: string };
  queueJoinedAt?: string;
  boothStartedAt?: string;
  mode?: 'primary' | 'preclearance' | 'kiosk';
}
export interface OccupantView {
  n: number;
  name: string | null;
  document: string;
  documentOk: boolean;
  membership: {
    membershipId: string;
    number: string;
    programmes: string[];
    active: boolean;
    status: string;
    expiresAt: string;
    renewalPending: boolean;
    photoRef?: string;
  } | null;
  hits: {
    lookoutId: string;
    hitId?: string;
    score: number;
    category: string;
    recommendedAction: string;
    name: string;
    reasons: ScreeningHit['reasons'];
  }[];
}
export interface Decision {
  crossingId: string;
  outcome: 'admit' | 'refer';
  reasons: Reason[];
  occupants: OccupantView[];
  plateHits: OccupantView['hits'];
  referralId: string | null;
  micros: number;
  port: string;
  lane: string;
  laneType: LaneType;
}

/** What a decision writes besides its crossing: a referral to secondary, and the lookout hits to review. */
interface CrossingExtras {
  referral?: { id: string; reasons: Reason[]; hitIds: string[]; audit: AuditEntry };
  screens: ScreenRecord[];
}

/**
 * Crossings are written by group commit: a request is answered only after the transaction holding its crossing has
 * committed. While a write is in flight, or for a short gathering window, the next requests wait together and go in
 * one transaction, so batches grow with load (one row when quiet, hundreds when busy). A crossing, its referral, its
 * lookout hits and their audit entries commit together or not at all.
 */
class CrossingWriter {
  ctx: Ctx;
  lookouts: LookoutsService;
  queue: { row: any[]; extras: CrossingExtras | null; done: (e?: Error) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  /**
   * Transactions in flight at once, and how long a write waits for company. A PostgreSQL server commits while this
   * process goes on deciding, so two overlap; each statement sent costs a socket write and a wake-up of the server
   * process (measured ~70 µs on this machine), so writes also gather for 2 ms. PGlite has one connection and runs on
   * this thread: while it works no request is decided, so nothing would gather behind a write; it waits 4 ms for
   * company (a PGlite statement costs about as much as sixteen more rows in it).
   */
  private readonly maxInFlight: number;
  private readonly gatherMs: number;
  constructor(ctx: Ctx, lookouts: LookoutsService) {
    this.ctx = ctx;
    this.lookouts = lookouts;
    const embedded = ctx.database.engine === 'pglite';
    this.maxInFlight = embedded ? 1 : 2;
    this.gatherMs = embedded ? 4 : 2;
  }
  write(row: any[], extras: CrossingExtras | null): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, extras, done: (e) => (e ? reject(e) : resolve()) });
      this.schedule();
    });
  }
  private schedule() {
    if (this.scheduled || this.inFlight >= this.maxInFlight || !this.queue.length) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    // setImmediate: at least the decisions finished in this turn of the event loop share the transaction
    if (this.gatherMs && this.queue.length < 64) setTimeout(go, this.gatherMs);
    else setImmediate(go);
  }
  private async flush() {
    if (this.inFlight >= this.maxInFlight || !this.queue.length) return;
    const batch = this.queue.splice(0, 1000);
    this.inFlight++;
    try {
      const extras = batch.flatMap((b) => (b.extras ? [b.extras] : []));
      const crossings = this.crossingsInsert(batch.map((b) => b.row));
      if (!extras.length) await crossings.execute(this.ctx.db);
      // With referrals or hits: one transaction of three statements (the audit chain's head, read under its lock; then
      // every insert of the batch in one statement; commit), whatever the size of the batch.
      else
        await this.ctx.db.transaction().execute(async (trx) => {
          const referrals = batch.flatMap((b) =>
            b.extras?.referral ? [{ r: b.extras.referral, crossingId: b.row[0], portId: b.row[1] }] : [],
          );
          const hits = this.lookouts.hitRecords(extras.flatMap((x) => x.screens));
          const chain = await this.ctx.audit.chainStatements(trx, [
            ...referrals.map(({ r }) => r.audit),
            ...hits.audit,
          ]);
          await executeTogether(trx, [
            crossings,
            ...(referrals.length
              ? [
                  sql`insert into ln_referrals (id, crossing_id, port_id, reasons, hit_ids) values ${sql.join(referrals.map(({ r, crossingId, portId }) => sql`(${r.id}, ${crossingId}, ${portId}, ${JSON.stringify(r.reasons)}::jsonb, ${r.hitIds})`))}`,
                ]
              : []),
            ...(hits.insert ? [hits.insert] : []),
            ...chain,
          ]);
        });
      for (const b of batch) b.done();
    } catch (e) {
      for (const b of batch) b.done(e as Error);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
  private crossingsInsert(rows: any[][]) {
    const cols = Array.from({ length: 16 }, (_, i) => rows.map((r) => r[i]));
    return sql`insert into ln_crossings (id, port_id, lane_id, lane_type, direction, mode, queue_joined_at, booth_started_at, decided_at, outcome, reasons, occupants, members, hits, processing_micros, agency)
      select c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, string_to_array(c10, ','), c11, c12, c13, c14, c15
      from unnest(${cols[0]}::uuid[], ${cols[1]}::text[], ${cols[2]}::text[], ${cols[3]}::text[], ${cols[4]}::text[], ${cols[5]}::text[], ${cols[6]}::timestamptz[], ${cols[7]}::timestamptz[], ${cols[8]}::timestamptz[], ${cols[9]}::text[], ${cols[10].map((r: string[]) => r.join(','))}::text[], ${cols[11]}::int[], ${cols[12]}::int[], ${cols[13]}::int[], ${cols[14]}::int[], ${cols[15]}::text[])
        as t(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15)`;
  }
}

export class LanesService {
  ctx: Ctx;
  travellers: TravellersService;
  lookouts: LookoutsService;
  ports = new Map<string, Port>();
  lanes = new Map<string, Lane>();
  writer: CrossingWriter;
  ready: Promise<void>;
  constructor(ctx: Ctx, travellers: TravellersService, lookouts: LookoutsService) {
    this.ctx = ctx;
    this.travellers = travellers;
    this.lookouts = lookouts;
    this.writer = new CrossingWriter(ctx, lookouts);
    this.ready = this.load();
  }
  async load() {
    for (const r of (await sql<any>`select * from ln_ports`.execute(this.ctx.db)).rows)
      this.ports.set(r.id, {
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
      });
    for (const r of (await sql<any>`select * from ln_lanes`.execute(this.ctx.db)).rows)
      this.lanes.set(r.id, {
        id: r.id,
        portId: r.port_id,
        laneType: r.lane_type,
        direction: r.direction,
        booths: r.booths,
        schedule: r.schedule,
      });
  }
  lanesOf(portId: string) {
    return [...this.lanes.values()].filter((l) => l.portId === portId);
  }
  /** Booths open on a lane at a moment (schedule hours in UTC for the demo). */
  openBooths(lane: Lane, at = new Date()) {
    const d = at.getUTCDay(),
      h = at.getUTCHours();
    return lane.schedule
      .filter((s) => s.days.includes(d) && h >= s.from && h < s.to)
      .reduce((m, s) => Math.max(m, s.open), 0);
  }

  /** Reads one occupant's document; an unreadable or invalid one is a reason to refer, never an error. */
  private readOccupant(o: OccupantInput, today: string) {
    if (o.mrz && o.mrz.trim()) {
      const m = parseMrz(o.mrz, { today });
      const f = m.fields;
      const problems = m.errors.map((e) =>
        e.key === 'travellers.mrz.expired'
          ? 'lanes.reason.document_expired'
          : /check_digit/.test(e.key)
            ? 'lanes.reason.document_check_digit'
            : 'lanes.reason.document_invalid',
      );
      const unreadable = !f.documentNumber && !f.surname;
      return {
        kind: unreadable ? ('none' as const) : m.format === 'TD1' ? ('card' as const) : ('passport' as const),
        ok: m.ok,
        problems: unreadable ? [] : [...new Set(problems)],
        rfidCapable: m.format === 'TD1',
        name: f.surname ? `${f.givenNames ?? ''} ${f.surname}`.trim() : null,
        birthDate: f.birthDate ?? undefined,
        nationality: f.nationality?.alpha2 ?? undefined,
        documentNumber: f.documentNumber ?? null,
        issuing: f.issuingCountry?.alpha2 ?? null,
        td1: m.format === 'TD1',
      };
    }
    if (o.cardNumber && o.cardNumber.trim()) {
      const c = o.cardNumber.trim().toUpperCase();
      const ok = isValidCardNumber(c);
      return {
        kind: ok ? ('rfid' as const) : ('none' as const),
        ok,
        problems: [],
        rfidCapable: true,
        name: null,
        birthDate: undefined,
        nationality: undefined,
        documentNumber: ok ? c : null,
        issuing: null,
        td1: true,
      };
    }
    return {
      kind: 'none' as const,
      ok: false,
      problems: [],
      rfidCapable: false,
      name: null,
      birthDate: undefined,
      nationality: undefined,
      documentNumber: null,
      issuing: null,
      td1: false,
    };
  }

  async decidePrimary(input: DecisionInput, actor: User | null): Promise<Decision> {
    const t0 = process.hrtime.bigint();
    const lane = this.lanes.get(input.laneId);
    const port = lane && this.ports.get(lane.portId);
    if (!lane || !port || lane.portId !== input.portId) throw new AppError(422, 'lanes.err.unknown_lane');
    if (
      actor &&
      actor.kind === 'officer' &&
      actor.country !== lane.direction &&
      !(port.kind === 'preclearance' && actor.country === 'US')
    )
      throw forbidden();
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const agency = countryAgency(lane.direction);
    const facts: OccupantFacts[] = [];
    const views: OccupantView[] = [];
    let members = 0,
      hitCount = 0;
    const screens: CrossingExtras['screens'] = [];
    // Hits are recorded with the crossing (one commit), not by screen() on its own.
    const screenContext = (subjectRef: string) => ({
      actor: actorOf(actor),
      agency,
      purpose: 'primary inspection',
      subjectRef,
      record: false,
    });
    for (let i = 0; i < input.occupants.length; i++) {
      const doc = this.readOccupant(input.occupants[i], today);
      // Membership: a trusted-traveller card (RFID or TD1 card MRZ) by card number, else the passport.
      const m = doc.documentNumber
        ? doc.kind === 'rfid' || (doc.td1 && isValidCardNumber(doc.documentNumber))
          ? this.travellers.lookupMembershipNow({ cardNumber: doc.documentNumber })
          : this.travellers.lookupMembershipNow({
              passportNumber: doc.documentNumber,
              passportCountry: doc.issuing ?? '',
            })
        : null;
      if (m?.active) members++;
      const name = doc.name ?? m?.holderName ?? null;
      const subject = {
        type: 'person' as const,
        name: name ?? undefined,
        birthDate: doc.birthDate,
        nationality: doc.nationality,
        documents: doc.documentNumber
          ? [
              {
                type: doc.kind === 'passport' ? 'passport' : 'card',
                number: doc.documentNumber,
                country: doc.issuing ?? undefined,
              },
            ]
          : undefined,
      };
      const context = screenContext(`crossing-occupant:${input.portId}`);
      const hits = name || doc.documentNumber ? (await this.lookouts.screen(subject, context)).hits : [];
      if (hits.length) screens.push({ subject, hits, context });
      hitCount += hits.length;
      const granted: LaneCode[] = m
        ? m.programmes.flatMap((p) => lanesFor(p, m.fastRegion ?? undefined).map((g) => g.lane))
        : [];
      facts.push({
        document: { kind: doc.kind, ok: doc.ok, problems: doc.problems, rfidCapable: doc.rfidCapable },
        membership: m
          ? {
              active: m.active,
              status: m.status,
              cardStatus: m.cardStatus,
              programmes: m.programmes,
              grantedLanes: granted,
            }
          : null,
        hits,
      });
      views.push({
        n: i + 1,
        name,
        document: doc.documentNumber ? `${doc.kind} …${doc.documentNumber.slice(-3)}` : doc.kind,
        documentOk: doc.ok,
        // The photo reference is personal data held encrypted in the database: the console fetches it for display,
        // the decision itself does not wait for it.
        membership: m
          ? {
              membershipId: m.membershipId,
              number: m.membershipNumber,
              programmes: m.programmes,
              active: m.active,
              status: m.status,
              expiresAt: m.expiresAt.toISOString().slice(0, 10),
              renewalPending: m.renewalPending,
            }
          : null,
        hits: hits.map((h) => ({
          lookoutId: h.lookoutId,
          hitId: h.hitId,
          score: h.score,
          category: h.category,
          recommendedAction: h.recommendedAction,
          name: h.name,
          reasons: h.reasons,
        })),
      });
    }
    const plateSubject = { type: 'vehicle' as const, plate: input.plate };
    const plateContext = screenContext(`plate:${input.portId}`);
    const plateHits = input.plate?.number ? (await this.lookouts.screen(plateSubject, plateContext)).hits : [];
    if (plateHits.length) screens.push({ subject: plateSubject, hits: plateHits, context: plateContext });
    hitCount += plateHits.length;
    const { outcome, reasons } = decide(
      { laneType: lane.laneType, border: port.border, direction: lane.direction },
      facts,
      plateHits,
    );
    const micros = Number(process.hrtime.bigint() - t0) / 1000;
    const crossingId = crypto.randomUUID();
    const mode = input.mode ?? (port.kind === 'preclearance' ? 'preclearance' : 'primary');
    const boothStarted = input.boothStartedAt ? new Date(input.boothStartedAt) : now;
    let referralId: string | null = null;
    let referral: CrossingExtras['referral'];
    if (outcome === 'refer') {
      referralId = crypto.randomUUID();
      const hitIds = screens.flatMap((x) => x.hits.map((h) => h.hitId!)); // screen() gives every hit its id
      referral = {
        id: referralId,
        reasons,
        hitIds,
        audit: {
          actor: actorOf(actor),
          purpose: mode === 'preclearance' ? 'preclearance' : 'primary inspection',
          subject: `crossing:${crossingId}`,
          action: mode === 'preclearance' ? 'preclearance.decided' : 'crossing.decided',
          detail: { outcome, reasons: reasons.map((r) => r.key), port: port.id, lane: lane.id },
        },
      };
    }
    // Acknowledged only once durably recorded, with its referral and hits.
    await this.writer.write(
      [
        crossingId,
        port.id,
        lane.id,
        lane.laneType,
        lane.direction,
        mode,
        input.queueJoinedAt ? new Date(input.queueJoinedAt) : null,
        boothStarted,
        now,
        outcome,
        reasons.map((r) => r.key),
        input.occupants.length,
        members,
        hitCount,
        Math.round(micros),
        agency,
      ],
      referral || screens.length ? { referral, screens } : null,
    );
    return {
      crossingId,
      outcome,
      reasons,
      occupants: views,
      plateHits: plateHits.map((h) => ({
        lookoutId: h.lookoutId,
        hitId: h.hitId,
        score: h.score,
        category: h.category,
        recommendedAction: h.recommendedAction,
        name: h.name,
        reasons: h.reasons,
      })),
      referralId,
      micros,
      port: port.id,
      lane: lane.id,
      laneType: lane.laneType,
    };
  }

  // ---------- secondary inspection ----------
  async referrals(officer: User, portId?: string) {
    if (!officer.country) throw forbidden();
    const ports = [...this.ports.values()]
      .filter((p) => p.country === officer.country || (p.kind === 'preclearance' && officer.country === 'US'))
      .map((p) => p.id);
    const rows = (
      await sql<any>`select r.*, c.lane_type, c.decided_at from ln_referrals r join ln_crossings c on c.id = r.crossing_id where r.closed_at is null and r.port_id = any(${portId ? [portId] : ports}) order by r.opened_at desc limit 100`.execute(
        this.ctx.db,
      )
    ).rows;
    return rows.filter((r) => ports.includes(r.port_id));
  }
  async closeReferral(officer: User, id: string, outcome: string, note: string, falsePositive: boolean) {
    if (!officer.roles.includes('border_officer')) throw forbidden();
    const r = (await sql<any>`select * from ln_referrals where id = ${id}`.execute(this.ctx.db)).rows[0];
    const port = r && this.ports.get(r.port_id);
    if (
      !r ||
      !port ||
      (port.country !== officer.country && !(port.kind === 'preclearance' && officer.country === 'US'))
    )
      throw notFound();
    if (r.closed_at) throw new AppError(409, 'lanes.err.referral_closed');
    await this.ctx.db.transaction().execute(async (trx) => {
      await sql`update ln_referrals set closed_at = now(), outcome = ${outcome}, officer_id = ${officer.id}, note = ${note}, false_positive = ${falsePositive} where id = ${id}`.execute(
        trx,
      );
      await this.ctx.audit.append(trx, {
        actor: actorOf(officer),
        purpose: 'secondary inspection',
        subject: `crossing:${r.crossing_id}`,
        action: 'secondary.outcome',
        detail: { outcome, falsePositive },
      });
    });
    // Feedback to targeting: the lookout hits behind this referral were false positives.
    if (falsePositive)
      for (const hitId of r.hit_ids)
        await this.lookouts.review(officer, hitId, 'false_positive', `secondary inspection ${id}: ${note}`, {
          fromSecondary: true,
        });
  }

  async recentCrossings(portId: string, limit = 50) {
    return (
      await sql<any>`select * from ln_crossings where port_id = ${portId} order by decided_at desc limit ${limit}`.execute(
        this.ctx.db,
      )
    ).rows;
  }
  /** Crossings in a time window, for the flow module's wait measurement (it calls this, never the table). */
  async crossingsBetween(portId: string, from: Date, to: Date) {
    return (
      await sql<any>`select lane_type, queue_joined_at, booth_started_at, decided_at, outcome from ln_crossings where port_id = ${portId} and decided_at >= ${from} and decided_at < ${to} order by decided_at`.execute(
        this.ctx.db,
      )
    ).rows;
  }
}
