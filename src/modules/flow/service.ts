// Border flow: imports with provenance, measured waits from the lanes module's crossings, the public wait board and
// its CBP-compatible feed, forecasts with error bands, and what-if simulation of a port. Rules and workflows only: the
// queries are in store.ts, who may do what in access.ts, the pure rules in domain/.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CountryCode } from '../../kernel/agencies.ts';
import { actorOf, type User } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { fileText, printableProblems, type Encoding } from '../../kernel/import-text.ts';
import type { LanesService } from '../lanes/index.ts';
import {
  canImportFlowData,
  canSimulate,
  canViewMeasuredWaits,
  canViewPlanning,
  planningScope,
  type FlowScope,
} from './access.ts';
import {
  BOARD_TYPES,
  feedRecord,
  flowLaneType,
  type Board,
  type BoardLane,
  type FeedRecord,
} from './domain/bwt-feed.ts';
import { importOwner, SOURCE_COUNTRY } from './domain/owner.ts';
import { boothsOpenAt, portHoursText, portOpenAt, type ScheduledLane } from './domain/port-hours.ts';
import { runScenarioText } from './domain/scenarios.ts';
import { localClock, portTimeZone, UnknownTimeZoneError } from './domain/time-zones.ts';
import { WaitPredictor, type Prediction } from './predict/predictor.ts';
import { parseBtsCrossings } from './sources/bts.ts';
import { BWT_LANES, BWT_LANE_TYPE, parseCbpBwtHistorical } from './sources/cbp-bwt.ts';
import { parseHourlyWaits } from './sources/hourly-waits.ts';
import * as store from './store.ts';
import type { ImportKind } from './store.ts';

export type { ImportKind } from './store.ts';
export { BOARD_TYPES, flowLaneType };
export type { Board, BoardLane, FeedRecord };

export interface ImportError {
  line: number;
  message: string;
  /** the problem concerns the whole file: never skipped */
  fatal?: boolean;
}
/** `skipped`: the bad lines left out (only with skipInvalid). */
export type ImportResult =
  | { ok: true; rows: number; importId: string; skipped: ImportError[] }
  | { ok: false; errors: ImportError[] };

/** A port as the flow module uses it (the lanes module's ports, read through its index.ts). */
export type FlowPort = LanesService['ports'] extends Map<string, infer P> ? P : never;
type FlowLane = ReturnType<LanesService['lanesOf']>[number];

/** A crossing as the lanes module reports it for wait measurement. */
interface CrossingTimes {
  lane_type: string;
  queue_joined_at: Date | string | null;
  booth_started_at: Date | string;
  decided_at: Date | string;
}

export interface MeasuredBucket {
  laneType: string;
  bucketStart: string;
  crossings: number;
  meanWait: number;
  p90Wait: number;
  method: 'measured';
}
export interface Forecast {
  method: 'predicted' | 'estimated' | 'none';
  minutes: number | null;
  low?: number;
  high?: number;
  basis: string;
  horizonHours?: number;
}
/** One point of a typical-wait profile: the hour of day, the lane type, the wait in minutes. */
export interface ProfilePoint {
  hour: number;
  laneType: string;
  minutes: number;
}
export interface ExampleScenario {
  file: string;
  name: string;
  text: string;
}

/** Naive local hour number (hours since 1970-01-01 on the port's clock) for a Date and a UTC offset. */
export const naiveHourOf = (d: Date, offsetHours: number) => Math.floor(d.getTime() / 3600000) + offsetHours;

const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples/scenarios');
const SOURCES: Record<ImportKind, string> = {
  bts: 'US Bureau of Transportation Statistics, Border Crossing Entry Data',
  'cbp-bwt': 'CBP Border Wait Times, historical averages',
  hourly: 'Hourly average delays (Cascade Gateway border data warehouse, Whatcom Council of Governments)',
};
const round1 = (x: number) => Math.round(x * 10) / 10;
/** Refusals of flow operations are answered 403: the operations and ports are public knowledge. */
const guarded = { hide: false } as const;

export class FlowService {
  ctx: Ctx;
  lanes: LanesService;
  predictors = new Map<string, { predictor: WaitPredictor; lastHour: number }>();
  /** Resolves once the lanes module's ports are loaded and every one of them has a known time zone. */
  ready: Promise<void>;
  constructor(ctx: Ctx, lanes: LanesService) {
    this.ctx = ctx;
    this.lanes = lanes;
    // An unknown zone is an error at load, never a default: every port the lanes module holds is placed now, and the
    // process stops if one cannot be (an error of the lanes module's own loading is reported by its own `ready`).
    this.ready = lanes.ready.then(() => this.checkZones());
    this.ready.catch((e) => {
      if (!(e instanceof UnknownTimeZoneError)) return;
      ctx.log.fatal({ err: e.message }, 'a port without a time zone');
      throw e;
    });
  }
  private zonesChecked = 0;
  /** Places every port in its zone (again after the lanes module reloads its ports); throws for an unknown one. */
  private checkZones() {
    if (this.lanes.ports.size === this.zonesChecked) return;
    for (const p of this.lanes.ports.values()) portTimeZone(p);
    this.zonesChecked = this.lanes.ports.size;
  }
  get db() {
    return this.ctx.db;
  }

  // ---------- ports (the lanes module's, with their zones) ----------
  port(portId: string): FlowPort {
    const p = this.lanes.ports.get(portId);
    if (!p) throw notFound();
    return p;
  }
  /** The land port of a country with a 4-digit CBP port code (a partner crossing carries the US port's code). */
  portByCode(country: CountryCode, code: string): FlowPort {
    for (const p of this.lanes.ports.values())
      if (p.country === country && p.code === code && p.kind === 'land') return p;
    throw notFound();
  }
  /** The busiest land ports (those with a board worth showing), by name; of one country when given. */
  majorLandPorts(country?: CountryCode): FlowPort[] {
    return [...this.lanes.ports.values()]
      .filter((p) => p.major && p.kind === 'land' && (!country || p.country === country))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  timeZone(p: FlowPort): string {
    return portTimeZone(p);
  }

  // ---------- imports ----------
  /**
   * Parses then writes in one transaction: with any bad row, nothing changes and every bad row is reported; with
   * `skipInvalid` the good rows are written and the bad ones reported as skipped (docs/decisions/0008). An empty or
   * header-only file, or one that cannot be decoded, is always refused and recorded nowhere. `actor` null is the
   * system (the CLI, the demo's seeding); a user must pass canImportFlowData for the rows' owner (refusals audited).
   */
  async importFile(
    actor: User | null,
    kind: ImportKind,
    fileName: string,
    content: string | Uint8Array,
    opts: {
      portCode?: string;
      laneType?: string;
      country?: CountryCode;
      onProgress?: (d: number, t: number) => void;
      /** how content given as bytes is encoded; default: a BOM, else UTF-8 */
      encoding?: Encoding;
      skipInvalid?: boolean;
    } = {},
  ): Promise<ImportResult> {
    const fixed = SOURCE_COUNTRY[kind];
    if (fixed && opts.country && opts.country !== fixed)
      return { ok: false, errors: [{ line: 0, fatal: true, message: `${kind} files describe ${fixed} ports only` }] };
    const owner = importOwner(kind, opts.country);
    if (actor) await this.ctx.guard.require(actor, canImportFlowData, owner, `flow-imports:${owner.country}`, guarded);
    const decoded = fileText(content, opts.encoding);
    if (!decoded.ok) return { ok: false, errors: [decoded.error] };
    const text = decoded.text;
    const sha = crypto.createHash('sha256').update(content).digest('hex');
    const importId = crypto.randomUUID();
    // every bad line is reported (and counted when skipped)
    const progress = { onProgress: opts.onProgress, maxErrors: 1_000_000 };
    /** The parse's verdict: refused (a fatal problem, or bad lines without skipInvalid, or no row), else skipped. */
    const verdict = (r: { rows: unknown[]; errors: ImportError[] }): ImportResult | ImportError[] => {
      const errors = printableProblems(r.errors);
      if (errors.some((e) => e.fatal) || (errors.length && !opts.skipInvalid)) return { ok: false, errors };
      if (r.rows.length === 0)
        return {
          ok: false,
          errors: [{ line: 0, fatal: true, message: 'the file has no valid rows: nothing was imported' }],
        };
      return errors;
    };
    const base = {
      id: importId,
      kind,
      file_name: fileName,
      sha256: sha,
      source: SOURCES[kind],
      actor_id: actor?.id ?? null,
      country: owner.country,
      agency: owner.agency,
    };
    let skipped: ImportError[] = [];
    const audit = (rows: number, port?: string) => ({
      actor: actorOf(actor),
      purpose: 'border flow data import',
      subject: `flow-import:${importId}`,
      action: 'flow.imported' as const,
      detail: {
        kind,
        rows,
        country: owner.country,
        ...(port ? { port } : {}),
        ...(skipped.length ? { skipped: skipped.length } : {}),
      },
    });
    if (kind === 'bts') {
      const r = parseBtsCrossings(text, progress);
      const v = verdict(r);
      if (!Array.isArray(v)) return v;
      skipped = v;
      // Several source rows can name the same port, month and measure (ports with two crossings): they add up.
      const sums = new Map<string, { portCode: string; month: string; measure: string; value: number }>();
      for (const row of r.rows) {
        const portCode = row.portCode.padStart(4, '0');
        const k = `${portCode}|${row.month}|${row.measure}`;
        const e = sums.get(k) ?? { portCode, month: row.month, measure: row.measure, value: 0 };
        e.value += row.value;
        sums.set(k, e);
      }
      await this.db.transaction().execute(async (trx) => {
        await store.insertImport(trx, { ...base, rows: r.rows.length, port_code: null, lane_type: null });
        const entries = [...sums.values()];
        for (let i = 0; i < entries.length; i += 5000)
          await store.upsertMonthly(trx, owner, importId, entries.slice(i, i + 5000));
        await this.ctx.audit.append(trx, audit(r.rows.length));
      });
      return { ok: true, rows: r.rows.length, importId, skipped };
    }
    if (kind === 'cbp-bwt') {
      const port = (opts.portCode ?? '2504').padStart(4, '0');
      const r = parseCbpBwtHistorical(text, progress);
      const v = verdict(r);
      if (!Array.isArray(v)) return v;
      skipped = v;
      const rows: { laneType: string; month: number; weekday: number; hour: number; minutes: number }[] = [];
      for (const row of r.rows)
        for (const l of BWT_LANES) {
          const v = row.waits[l];
          if (v !== undefined)
            rows.push({
              laneType: BWT_LANE_TYPE[l],
              month: row.month,
              weekday: row.weekday,
              hour: row.hour,
              minutes: v,
            });
        }
      await this.db.transaction().execute(async (trx) => {
        await store.insertImport(trx, { ...base, rows: r.rows.length, port_code: port, lane_type: null });
        await store.upsertWaitProfile(trx, owner, port, importId, rows);
        await this.ctx.audit.append(trx, audit(r.rows.length, port));
      });
      return { ok: true, rows: r.rows.length, importId, skipped };
    }
    const port = (opts.portCode ?? '3004').padStart(4, '0');
    const lane = opts.laneType ?? 'general';
    const r = parseHourlyWaits(text, progress);
    const v = verdict(r);
    if (!Array.isArray(v)) return v;
    skipped = v;
    await this.db.transaction().execute(async (trx) => {
      await store.insertImport(trx, { ...base, rows: r.rows.length, port_code: port, lane_type: lane });
      for (let i = 0; i < r.rows.length; i += 10000)
        await store.upsertHourly(
          trx,
          owner,
          port,
          lane,
          importId,
          r.rows.slice(i, i + 10000).map((x) => ({ hour: x.hour, minutes: Math.max(0, x.value) })),
        );
      await this.ctx.audit.append(trx, audit(r.rows.length, port));
    });
    this.predictors.delete(`${owner.country}|${port}|${lane}`);
    return { ok: true, rows: r.rows.length, importId, skipped };
  }
  /** How many imports the database holds (the demo imports the shipped files once). */
  async importCount(): Promise<number> {
    return store.importCount(this.db);
  }

  // ---------- history (published figures of one country's port) ----------
  async monthlyVolumes(country: CountryCode, portCode: string) {
    return store.monthlyVolumes(this.db, country, portCode);
  }
  /**
   * The port's typical wait by hour on one local day: its hourly history (general lanes) for that weekday where held,
   * else CBP's historical averages for that month and weekday, by lane type.
   */
  async typicalWaits(
    country: CountryCode,
    portCode: string,
    day: { weekday: number; month: number },
  ): Promise<ProfilePoint[]> {
    const hourly = await store.hourlyProfile(this.db, country, portCode, 'general');
    if (hourly.length)
      return hourly
        .filter((r) => r.weekday === day.weekday)
        .map((r) => ({ hour: r.hour, laneType: 'general', minutes: r.minutes }));
    const profile = await store.waitProfile(this.db, country, portCode, day.month, day.weekday);
    return profile.map((r) => ({ hour: r.hour, laneType: r.lane_type, minutes: r.minutes }));
  }
  /** CBP's historical averages of a month, Monday to Friday, by `laneType|hour` (sum and count of the weekdays). */
  async observedWaits(country: CountryCode, portCode: string, month: number) {
    const observed = new Map<string, { sum: number; n: number }>();
    for (let wd = 1; wd <= 5; wd++)
      for (const r of await store.waitProfile(this.db, country, portCode, month, wd)) {
        const k = `${r.lane_type}|${r.hour}`;
        const e = observed.get(k) ?? { sum: 0, n: 0 };
        e.sum += r.minutes;
        e.n++;
        observed.set(k, e);
      }
    return observed;
  }

  // ---------- planning (planners only, their own country's rows) ----------
  /** The planner's scope for the dashboard; a refusal is audited and answered 403. */
  async planningScope(user: User): Promise<FlowScope> {
    await this.ctx.guard.require(user, canViewPlanning, null, 'flow:planning', guarded);
    const scope = planningScope(user);
    if (!scope) throw await this.ctx.guard.denied(user, canViewPlanning.name, 'flow:planning', guarded);
    return scope;
  }
  /** Runs a scenario for a planner (refusals audited); replications capped (10 by default). */
  async simulate(user: User, text: string, opts: { maxReplications?: number } = {}) {
    await this.ctx.guard.require(user, canSimulate, null, 'flow:simulation', { hide: false, operation: 'simulate' });
    return runScenarioText(text, opts);
  }
  /** The example scenarios shipped in examples/scenarios (a missing folder is an installation error). */
  exampleScenarios(): ExampleScenario[] {
    return fs
      .readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => {
        const text = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
        let name = f;
        try {
          const parsed: unknown = JSON.parse(text);
          if (parsed && typeof parsed === 'object' && 'name' in parsed && typeof parsed.name === 'string')
            name = parsed.name;
        } catch {
          /* listed by file name */
        }
        return { file: f, name, text };
      });
  }

  // ---------- measured waits ----------
  /** Waits measured at a port over the last hours, for its country's planners and border officers (audited). */
  async measuredWaits(user: User, portId: string, hours: number, now = new Date()): Promise<MeasuredBucket[]> {
    const port = this.port(portId);
    await this.ctx.guard.require(user, canViewMeasuredWaits, port, `port:${portId}`, {
      hide: false,
      operation: 'measured',
    });
    return this.measured(portId, new Date(now.getTime() - hours * 3600000), now);
  }
  /** Waits measured from crossing timestamps (booth start − queue joined), by lane type and 15-minute bucket. */
  async measured(portId: string, from: Date, to: Date): Promise<MeasuredBucket[]> {
    const rows: CrossingTimes[] = await this.lanes.crossingsBetween(portId, from, to);
    const buckets = new Map<string, { laneType: string; bucket: number; n: number; sum: number; waits: number[] }>();
    for (const r of rows) {
      if (!r.queue_joined_at) continue;
      const wait = (new Date(r.booth_started_at).getTime() - new Date(r.queue_joined_at).getTime()) / 60000;
      if (!(wait >= 0)) continue;
      const b = Math.floor(new Date(r.decided_at).getTime() / 900000) * 900000;
      const k = `${r.lane_type}|${b}`;
      const e = buckets.get(k) ?? { laneType: flowLaneType(r.lane_type), bucket: b, n: 0, sum: 0, waits: [] };
      e.n++;
      e.sum += wait;
      e.waits.push(wait);
      buckets.set(k, e);
    }
    return [...buckets.values()]
      .sort((a, b) => a.bucket - b.bucket)
      .map((e) => {
        e.waits.sort((a, b) => a - b);
        return {
          laneType: e.laneType,
          bucketStart: new Date(e.bucket).toISOString(),
          crossings: e.n,
          meanWait: e.sum / e.n,
          p90Wait: e.waits[Math.min(e.waits.length - 1, Math.floor(e.waits.length * 0.9))],
          method: 'measured' as const,
        };
      });
  }

  // ---------- forecasts ----------
  private async predictorFor(country: CountryCode, portCode: string, laneType: string) {
    const key = `${country}|${portCode}|${laneType}`;
    const cached = this.predictors.get(key);
    if (cached) return cached;
    const rows = await store.hourlySeries(this.db, country, portCode, laneType);
    const last = rows.at(-1);
    if (rows.length < 24 * 14 || !last) return null;
    const predictor = new WaitPredictor();
    for (const r of rows) predictor.observe(r.hour, r.minutes);
    const entry = { predictor, lastHour: last.hour };
    this.predictors.set(key, entry);
    return entry;
  }
  /**
   * Forecast of the wait at an arrival time at a country's port (by its CBP port code), on the port's own clock. With
   * hourly history: the predictor's value and its empirical error band (predicted). With only historical averages
   * (CBP month × weekday × hour): that average, labelled estimated, no band.
   */
  async forecast(country: CountryCode, portCode: string, laneType: string, at: Date): Promise<Forecast> {
    await this.ready;
    this.checkZones();
    const clock = localClock(at, portTimeZone(this.portByCode(country, portCode)));
    const p = await this.predictorFor(country, portCode, laneType);
    if (p) {
      const target = naiveHourOf(at, clock.offsetHours);
      // The history may end long before the arrival time: forecast the same hour of the week within the week after the
      // last observation (horizon 1–168 h), with that horizon's error band.
      const ahead = ((((target - p.lastHour - 1) % 168) + 168) % 168) + 1;
      const pred: Prediction = p.predictor.predict(p.lastHour + ahead);
      return {
        method: 'predicted',
        minutes: round1(pred.value),
        low: round1(pred.low),
        high: round1(pred.high),
        basis: 'hourly history',
        horizonHours: pred.horizon,
      };
    }
    const avg = await store.waitAverage(this.db, country, portCode, laneType, {
      month: clock.month,
      weekday: clock.weekday,
      hour: clock.hour,
    });
    if (avg !== null) return { method: 'estimated', minutes: round1(avg), basis: 'CBP historical average' };
    return { method: 'none', minutes: null, basis: '' };
  }

  // ---------- the board ----------
  /** The port's lanes by board type, lanes open (from the booth schedules, on the port's clock), wait and method. */
  async board(portId: string, now = new Date()): Promise<Board> {
    await this.ready;
    this.checkZones();
    const port = this.port(portId);
    const zone = portTimeZone(port);
    const clock = localClock(now, zone);
    const lanes: (FlowLane & ScheduledLane)[] = this.lanes.lanesOf(portId);
    const measured = await this.measured(portId, new Date(now.getTime() - 3600000), now);
    const out: BoardLane[] = [];
    for (const type of BOARD_TYPES) {
      const ofType = lanes.filter((l) => flowLaneType(l.laneType) === type);
      if (!ofType.length) continue;
      const open = ofType.reduce((s, l) => s + boothsOpenAt(l, clock.weekday, clock.hour), 0);
      const max = ofType.reduce((s, l) => s + l.booths, 0);
      const recent = measured.filter((m) => m.laneType === type);
      const n = recent.reduce((s, m) => s + m.crossings, 0);
      const last = recent.at(-1);
      if (n >= 3 && last) {
        const mean = recent.reduce((s, m) => s + m.meanWait * m.crossings, 0) / n;
        out.push({
          laneType: type,
          lanesOpen: open,
          maxLanes: max,
          waitMinutes: Math.round(mean),
          method: 'measured',
          samples: n,
          updatedAt: last.bucketStart,
        });
      } else {
        const f = await this.forecast(port.country, port.code, type, now);
        out.push({
          laneType: type,
          lanesOpen: open,
          maxLanes: max,
          waitMinutes: f.minutes === null ? null : Math.round(f.minutes),
          method: f.method,
          low: f.low,
          high: f.high,
          updatedAt: new Date(Math.floor(now.getTime() / 900000) * 900000).toISOString(),
        });
      }
    }
    return {
      portId,
      name: port.name,
      code: port.code,
      timeZone: zone,
      hours: portHoursText(lanes),
      status: portOpenAt(lanes, clock.weekday, clock.hour) ? 'Open' : 'Closed',
      lanes: out,
    };
  }

  /** The busiest US land ports, the set CBP's own feed covers. */
  async feedPorts(): Promise<string[]> {
    await this.ready;
    return this.majorLandPorts('US').map((p) => p.id);
  }
  /** The board in the field names of CBP's Border Wait Times feed, with each port's own hours and status. */
  async cbpFeed(portIds: string[], now = new Date()): Promise<FeedRecord[]> {
    const out: FeedRecord[] = [];
    for (const id of portIds) {
      const port = this.port(id);
      const b = await this.board(id, now);
      const c = localClock(now, b.timeZone);
      const date = `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
      out.push(feedRecord(b, port, date));
    }
    return out;
  }
}
