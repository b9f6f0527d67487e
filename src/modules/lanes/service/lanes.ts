// Ports of entry and the primary-inspection decision service: reads each occupant's document, looks up memberships
// (travellers service, in memory), screens occupants and plate (lookouts screen()), decides, and records the
// crossing, audited with the officer or kiosk that decided, durably before answering. Secondary referrals and
// preclearance use the same path. No SQL here: queries are in ../store.ts, rules in ../domain and ../access.ts.
import crypto from 'node:crypto';
import { countryAgency } from '../../../kernel/agencies.ts';
import type { Actor, AuditEntry } from '../../../kernel/audit.ts';
import { actorOf, type User } from '../../../kernel/auth.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { randomToken, sha256 } from '../../../kernel/crypto.ts';
import { DEVICE_TOKEN_PREFIX } from '../../../kernel/http.ts';
import { AppError, notFound } from '../../../kernel/errors.ts';
import type { LookoutsService, ScreenContext, ScreeningHit, ScreenRecord } from '../../lookouts/index.ts';
import { type LaneCode, lanesFor, type TravellersService } from '../../travellers/index.ts';
import {
  canDecideAtPort,
  canAdministerKiosk,
  canRecordSecondaryOutcome,
  kioskLane,
  kioskMayDecide,
  type Owner,
  portsForOfficer,
  referralQueueScope,
} from '../access.ts';
import { decide, type LaneType, type OccupantFacts, type Reason } from '../domain/decide.ts';
import { isMembershipCard, type OccupantInput, readDocument } from '../domain/documents.ts';
import { type Lane, openBooths, type Port } from '../domain/ports.ts';
import * as store from '../store.ts';
import {
  type CrossingMode,
  type KioskRow,
  type KioskStatus,
  type NewReferral,
  type SecondaryOutcome,
} from '../store.ts';
import { CrossingWriter } from './crossing-writer.ts';

export interface DecisionInput {
  portId: string;
  laneId: string;
  occupants: OccupantInput[];
  plate?: { number: string; jurisdiction?: string };
  queueJoinedAt?: string;
  boothStartedAt?: string;
}
export interface HitView {
  lookoutId: string;
  hitId?: string;
  score: number;
  category: string;
  recommendedAction: string;
  name: string;
  reasons: ScreeningHit['reasons'];
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
  hits: HitView[];
}
export interface Decision {
  crossingId: string;
  outcome: 'admit' | 'refer';
  reasons: Reason[];
  occupants: OccupantView[];
  plateHits: HitView[];
  referralId: string | null;
  micros: number;
  port: string;
  lane: string;
  laneType: LaneType;
}
/** An open referral in a secondary-inspection queue. */
export interface ReferralView {
  id: string;
  crossingId: string;
  portId: string;
  laneType: LaneType;
  reasons: Reason[];
  hitIds: string[];
  openedAt: Date;
}

/** A registered kiosk device (never its credential). */
export interface KioskDevice {
  id: string;
  portId: string;
  label: string;
  status: KioskStatus;
  registeredBy: string | null;
  registeredAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
}
const kioskDevice = (r: KioskRow): KioskDevice => ({
  id: r.id,
  portId: r.port_id,
  label: r.label,
  status: r.status,
  registeredBy: r.registered_by,
  registeredAt: r.registered_at,
  revokedAt: r.revoked_at,
  lastSeenAt: r.last_seen_at,
});
/** Device credentials: the kernel's device-token prefix and 32 random bytes. */
const newKioskCredential = () => `${DEVICE_TOKEN_PREFIX}${randomToken(32)}`;

/** Who decides: a border officer at a booth, or a registered kiosk device on its port's members' lane. */
type Decider = { officer: User } | { kiosk: { device: KioskDevice; lane: Lane } };

const hitView = (h: ScreeningHit): HitView => ({
  lookoutId: h.lookoutId,
  hitId: h.hitId,
  score: h.score,
  category: h.category,
  recommendedAction: h.recommendedAction,
  name: h.name,
  reasons: h.reasons,
});

/** The owner of the crossings decided on a lane: the country it leads into, and that country's border agency. */
function laneOwner(lane: Lane): Owner {
  const agency = countryAgency(lane.direction);
  if (!agency) throw new Error(`no border agency for ${lane.direction}`);
  return { country: lane.direction, agency };
}

export class LanesService {
  readonly ctx: Ctx;
  readonly travellers: TravellersService;
  private readonly lookouts: LookoutsService;
  /** Ports and lanes, loaded once (reference data): read them through port(), lanesOf() or these maps. */
  readonly ports = new Map<string, Port>();
  readonly lanes = new Map<string, Lane>();
  private readonly writer: CrossingWriter;
  ready: Promise<void>;
  constructor(ctx: Ctx, travellers: TravellersService, lookouts: LookoutsService) {
    this.ctx = ctx;
    this.travellers = travellers;
    this.lookouts = lookouts;
    this.writer = new CrossingWriter(ctx, lookouts);
    this.ready = this.load();
  }
  /** (Re)loads ports and lanes from the database (after seeding). */
  async load() {
    const [ports, lanes] = await Promise.all([store.allPorts(this.ctx.db), store.allLanes(this.ctx.db)]);
    for (const p of ports) this.ports.set(p.id, p);
    for (const l of lanes) this.lanes.set(l.id, l);
  }
  port(id: string): Port | undefined {
    return this.ports.get(id);
  }
  lanesOf(portId: string): Lane[] {
    return [...this.lanes.values()].filter((l) => l.portId === portId);
  }
  /** Booths open on a lane at a moment (schedule hours in UTC for the demo). */
  openBooths(lane: Lane, at = new Date()): number {
    return openBooths(lane, at);
  }
  /** The ports where an officer decides (the booth console), and the lanes they decide on there. */
  consolePorts(officer: User): Port[] {
    return portsForOfficer(officer, this.ports.values(), (id) => this.lanesOf(id));
  }
  consoleLanes(officer: User, portId: string): Lane[] {
    const port = this.ports.get(portId);
    return port ? this.lanesOf(portId).filter((lane) => canDecideAtPort.allows(officer, { port, lane })) : [];
  }
  /** The port's kiosk lane, or null when it has no kiosk. */
  kioskLaneOf(portId: string): Lane | null {
    return this.ports.has(portId) ? kioskLane(this.lanesOf(portId)) : null;
  }

  /** A border officer's primary-inspection (or preclearance) decision on a lane where they may decide. */
  async decidePrimary(input: DecisionInput, officer: User): Promise<Decision> {
    return this.decide(input, { officer });
  }
  /**
   * A member at a registered kiosk scans a card (or a passport MRZ): proceed, or see an officer. The device must be
   * active and belong to `portId` (kioskMayDecide); the crossing records the device.
   */
  async decideAtKiosk(device: KioskDevice, portId: string, document: string): Promise<Decision> {
    const port = this.ports.get(portId);
    const lane = this.kioskLaneOf(portId);
    if (!port || !lane) throw notFound();
    if (!kioskMayDecide({ status: device.status, port_id: device.portId }, port))
      throw await this.ctx.guard.denied(null, 'kioskMayDecide', `kiosk:${device.id}`, {
        hide: false,
        operation: 'decide',
      });
    const occupant = document.length > 20 ? { mrz: document } : { cardNumber: document };
    return this.decide({ portId, laneId: lane.id, occupants: [occupant] }, { kiosk: { device, lane } });
  }

  // ---------- kiosk devices ----------
  /**
   * Registers a kiosk device for a port with a members' lane; the credential is returned once, only its SHA-256 kept.
   * `by`: the administrator, or null for the command line. `credential` lets the demo give its kiosks known ones.
   */
  async registerKiosk(
    by: User | null,
    portId: string,
    label: string,
    opts: { credential?: string } = {},
  ): Promise<{ kiosk: KioskDevice; credential: string }> {
    await this.ready;
    const lane = this.kioskLaneOf(portId);
    if (!lane) throw new AppError(422, 'lanes.err.no_kiosk_lane', { port: portId });
    if (by)
      await this.ctx.guard.require(by, canAdministerKiosk, { lane }, `port:${portId}`, {
        hide: false,
        operation: 'kiosk.register',
      });
    const name = label.trim();
    if (!name || name.length > 120) throw new AppError(422, 'lanes.err.kiosk_label');
    const credential = opts.credential ?? newKioskCredential();
    const kiosk = await this.ctx.db.transaction().execute(async (trx) => {
      const row = await store.insertKiosk(trx, {
        id: crypto.randomUUID(),
        portId,
        label: name,
        credentialHash: sha256(credential),
        registeredBy: by?.id ?? null,
      });
      await this.ctx.audit.append(trx, {
        actor: actorOf(by),
        purpose: 'kiosk administration',
        subject: `kiosk:${row.id}`,
        action: 'kiosk.registered',
        detail: { port: portId },
      });
      return kioskDevice(row);
    });
    return { kiosk, credential };
  }
  /** Revokes a kiosk at once (its credential decides nothing more); false when unknown or already revoked. */
  async revokeKiosk(by: User | null, id: string): Promise<boolean> {
    const row = await store.kioskById(this.ctx.db, id);
    if (!row) return false;
    const lane = this.kioskLaneOf(row.port_id);
    if (by && lane)
      await this.ctx.guard.require(by, canAdministerKiosk, { lane }, `kiosk:${id}`, {
        hide: false,
        operation: 'kiosk.revoke',
      });
    return this.ctx.db.transaction().execute(async (trx) => {
      if (!(await store.revokeKiosk(trx, id))) return false;
      await this.ctx.audit.append(trx, {
        actor: actorOf(by),
        purpose: 'kiosk administration',
        subject: `kiosk:${id}`,
        action: 'kiosk.revoked',
        detail: { port: row.port_id },
      });
      return true;
    });
  }
  /** Kiosks of one port or all; for an administrator, those they may administer (canAdministerKiosk). */
  async kiosks(portId?: string, by?: User): Promise<KioskDevice[]> {
    const rows = (await store.listKiosks(this.ctx.db, portId)).map(kioskDevice);
    if (!by) return rows;
    return rows.filter((k) => {
      const lane = this.kioskLaneOf(k.portId);
      return !!lane && canAdministerKiosk.allows(by, { lane });
    });
  }
  /** The active kiosk that holds this credential (noting that it was seen), or null. */
  async kioskByCredential(credential: string | undefined | null): Promise<KioskDevice | null> {
    if (!credential?.startsWith(DEVICE_TOKEN_PREFIX) || credential.length > 100) return null;
    const row = await store.activeKioskByCredential(this.ctx.db, sha256(credential));
    if (!row) return null;
    await store.touchKiosk(this.ctx.db, row.id);
    return kioskDevice(row);
  }
  /** Adds the members' photo references (personal data held encrypted) to a decision, for the officer's screen. */
  async withPhotos(d: Decision): Promise<Decision> {
    for (const o of d.occupants)
      if (o.membership?.active)
        o.membership.photoRef = (await this.travellers.memberPersonal(o.membership.membershipId)).photoRef;
    return d;
  }

  private async decide(input: DecisionInput, by: Decider): Promise<Decision> {
    const t0 = process.hrtime.bigint();
    const lane = this.lanes.get(input.laneId);
    const port = lane && this.ports.get(lane.portId);
    if (!lane || !port || lane.portId !== input.portId) throw new AppError(422, 'lanes.err.unknown_lane');
    if ('officer' in by)
      await this.ctx.guard.require(by.officer, canDecideAtPort, { port, lane }, `lane:${lane.id}`, {
        hide: false,
        operation: 'decide',
      });
    const owner = laneOwner(lane);
    const actor: Actor = 'officer' in by ? actorOf(by.officer) : { id: null, agency: owner.agency, roles: ['kiosk'] };
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const facts: OccupantFacts[] = [];
    const views: OccupantView[] = [];
    let members = 0,
      hitCount = 0;
    const screens: ScreenRecord[] = [];
    // Hits are recorded with the crossing (one commit), not by screen() on its own.
    const screenContext = (subjectRef: string): ScreenContext => ({
      actor,
      agency: owner.agency,
      purpose: 'primary inspection',
      subjectRef,
      record: false,
    });
    for (let i = 0; i < input.occupants.length; i++) {
      const doc = readDocument(input.occupants[i], today);
      // Membership: a trusted-traveller card (RFID or TD1 card MRZ) by card number, else the passport.
      const m = doc.documentNumber
        ? isMembershipCard(doc)
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
        // The photo reference is personal data held encrypted in the database: the console fetches it for display
        // (withPhotos), the decision itself does not wait for it.
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
        hits: hits.map(hitView),
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
    const preclearance = port.kind === 'preclearance';
    const mode: CrossingMode = 'kiosk' in by ? 'kiosk' : preclearance ? 'preclearance' : 'primary';
    const kioskId = 'kiosk' in by ? by.kiosk.device.id : null;
    const reasonKeys = reasons.map((r) => r.key);
    const detail = {
      outcome,
      reasons: reasonKeys,
      port: port.id,
      lane: lane.id,
      ...(kioskId ? { kiosk: kioskId } : {}),
    };
    const audit: AuditEntry = {
      actor,
      purpose: preclearance ? 'preclearance' : 'primary inspection',
      subject: `crossing:${crossingId}`,
      ...(preclearance
        ? { action: 'preclearance.decided' as const, detail }
        : { action: 'crossing.decided' as const, detail }),
    };
    let referral: NewReferral | null = null;
    if (outcome === 'refer')
      referral = {
        id: crypto.randomUUID(),
        crossingId,
        portId: port.id,
        reasons,
        // screen() gives every hit its id
        hitIds: screens.flatMap((x) => x.hits.flatMap((h) => (h.hitId ? [h.hitId] : []))),
        ...owner,
      };
    // Acknowledged only once durably recorded, with its audit entry, referral and hits.
    await this.writer.write({
      crossing: {
        id: crossingId,
        portId: port.id,
        laneId: lane.id,
        laneType: lane.laneType,
        direction: lane.direction,
        mode,
        queueJoinedAt: input.queueJoinedAt ? new Date(input.queueJoinedAt) : null,
        boothStartedAt: input.boothStartedAt ? new Date(input.boothStartedAt) : now,
        decidedAt: now,
        outcome,
        reasons: reasonKeys,
        occupants: input.occupants.length,
        members,
        hits: hitCount,
        processingMicros: Math.round(micros),
        ...owner,
        officerId: 'officer' in by ? by.officer.id : null,
        kioskId,
      },
      audit,
      referral,
      screens,
    });
    return {
      crossingId,
      outcome,
      reasons,
      occupants: views,
      plateHits: plateHits.map(hitView),
      referralId: referral?.id ?? null,
      micros,
      port: port.id,
      lane: lane.id,
      laneType: lane.laneType,
    };
  }

  // ---------- secondary inspection ----------
  /** The open referrals in an officer's queue (their agency's, in their country), newest first. */
  async referrals(officer: User, portId?: string, limit = 100): Promise<ReferralView[]> {
    const scope = referralQueueScope(officer);
    if (!scope) throw await this.ctx.guard.denied(officer, 'referralQueueScope', 'referrals', { hide: false });
    const rows = await store.openReferrals(this.ctx.db, scope, { portId, limit });
    return rows.map((r) => ({
      id: r.id,
      crossingId: r.crossing_id,
      portId: r.port_id,
      laneType: r.lane_type,
      reasons: r.reasons,
      hitIds: r.hit_ids,
      openedAt: r.opened_at,
    }));
  }
  async closeReferral(
    officer: User,
    id: string,
    outcome: SecondaryOutcome,
    note: string,
    falsePositive: boolean,
  ): Promise<void> {
    const r = await store.referralById(this.ctx.db, id);
    const port = r && this.ports.get(r.port_id);
    if (!r || !port) throw notFound();
    await this.ctx.guard.require(officer, canRecordSecondaryOutcome, { referral: r, port }, `referral:${id}`, {
      operation: 'secondary.outcome',
    });
    if (r.closed_at) throw new AppError(409, 'lanes.err.referral_closed');
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await store.closeReferral(trx, id, { outcome, officerId: officer.id, note, falsePositive })))
        throw new AppError(409, 'lanes.err.referral_closed');
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
    return store.recentCrossings(this.ctx.db, portId, limit);
  }
  /** Crossings in a time window, for the flow module's wait measurement (it calls this, never the table). */
  async crossingsBetween(portId: string, from: Date, to: Date) {
    return store.crossingsBetween(this.ctx.db, portId, from, to);
  }
}
