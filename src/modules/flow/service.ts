// Border flow: imports with provenance, measured waits from the lanes module's crossings, the public wait board and
// its CBP-compatible feed, forecasts with error bands, and what-if simulation of a port.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { User } from '../../kernel/auth.ts';
import type { LanesService, Lane } from '../lanes/service.ts';
import { parseBtsCrossings } from './sources/bts.ts';
import { parseCbpBwtHistorical, BWT_LANES, BWT_LANE_TYPE } from './sources/cbp-bwt.ts';
import { parseHourlyWaits } from './sources/hourly-waits.ts';
import { WaitPredictor, type Prediction } from './predict/predictor.ts';

export type ImportKind = 'bts' | 'cbp-bwt' | 'hourly';
export interface ImportError {
  line: number;
  message: string;
}
/** Lanes-module lane types → the flow module's names (CBP's "Ready" pedestrian lanes include SENTRI pedestrians). */
export const flowLaneType = (t: string) => (t === 'pedestrian_trusted' ? 'pedestrian_ready' : t);
export const BOARD_TYPES = [
  'general',
  'ready',
  'trusted',
  'fast',
  'commercial',
  'pedestrian',
  'pedestrian_ready',
] as const;

export interface BoardLane {
  laneType: string;
  lanesOpen: number;
  maxLanes: number;
  waitMinutes: number | null;
  method: 'measured' | 'estimated' | 'predicted' | 'none';
  low?: number;
  high?: number;
  samples?: number;
  updatedAt: string;
}

/** Naive local hour number (hours since 1970-01-01 on the port's clock) for a Date and a UTC offset. */
export const naiveHourOf = (d: Date, offsetHours: number) => Math.floor(d.getTime() / 3600000) + offsetHours;
/** Standard-time UTC offsets of the ports we hold hourly history for (the files are on local clock). */
const PORT_OFFSET: Record<string, number> = { '3004': -8, '2504': -8 };

export class FlowService {
  ctx: Ctx;
  lanes: LanesService;
  predictors = new Map<string, { predictor: WaitPredictor; lastHour: number }>();
  constructor(ctx: Ctx, lanes: LanesService) {
    this.ctx = ctx;
    this.lanes = lanes;
  }
  get db() {
    return this.ctx.db;
  }

  // ---------- imports ----------
  /** Parses then writes in one transaction: with any bad row, nothing changes. */
  async importFile(
    actor: User | null,
    kind: ImportKind,
    fileName: string,
    text: string,
    opts: { portCode?: string; laneType?: string; onProgress?: (d: number, t: number) => void } = {},
  ): Promise<{ ok: true; rows: number; importId: string } | { ok: false; errors: ImportError[] }> {
    const sha = crypto.createHash('sha256').update(text).digest('hex');
    const importId = crypto.randomUUID();
    if (kind === 'bts') {
      const r = parseBtsCrossings(text, { onProgress: opts.onProgress, maxErrors: 100 });
      if (r.errors.length) return { ok: false, errors: r.errors };
      // Several source rows can name the same port, month and measure (ports with two crossings): they add up.
      const sums = new Map<string, number>();
      for (const row of r.rows) {
        const k = `${row.portCode.padStart(4, '0')}|${row.month}|${row.measure}`;
        sums.set(k, (sums.get(k) ?? 0) + row.value);
      }
      await this.db.transaction().execute(async (trx) => {
        await sql`insert into fl_imports (id, kind, file_name, sha256, rows, source, actor_id) values (${importId}, 'bts', ${fileName}, ${sha}, ${r.rows.length}, 'US Bureau of Transportation Statistics, Border Crossing Entry Data', ${actor?.id ?? null})`.execute(
          trx,
        );
        const entries = [...sums.entries()];
        for (let i = 0; i < entries.length; i += 5000) {
          const chunk = entries
            .slice(i, i + 5000)
            .map(([k, v]) => [...k.split('|'), v] as [string, string, string, number]);
          await sql`insert into fl_monthly (port_code, month, measure, value, import_id)
            select p, m, me, v, ${importId}::uuid from unnest(${chunk.map((c) => c[0])}::text[], ${chunk.map((c) => c[1])}::text[], ${chunk.map((c) => c[2])}::text[], ${chunk.map((c) => c[3])}::bigint[]) as t(p, m, me, v)
            on conflict (port_code, month, measure) do update set value = excluded.value, import_id = excluded.import_id`.execute(
            trx,
          );
        }
      });
      return { ok: true, rows: r.rows.length, importId };
    }
    if (kind === 'cbp-bwt') {
      const port = (opts.portCode ?? '2504').padStart(4, '0');
      const r = parseCbpBwtHistorical(text, { onProgress: opts.onProgress, maxErrors: 100 });
      if (r.errors.length) return { ok: false, errors: r.errors };
      const rows: [string, number, number, number, number][] = [];
      for (const row of r.rows)
        for (const l of BWT_LANES) {
          const v = row.waits[l];
          if (v !== undefined) rows.push([BWT_LANE_TYPE[l], row.month, row.weekday, row.hour, v]);
        }
      await this.db.transaction().execute(async (trx) => {
        await sql`insert into fl_imports (id, kind, file_name, sha256, rows, port_code, source, actor_id) values (${importId}, 'cbp-bwt', ${fileName}, ${sha}, ${r.rows.length}, ${port}, 'CBP Border Wait Times, historical averages', ${actor?.id ?? null})`.execute(
          trx,
        );
        await sql`insert into fl_wait_profile (port_code, lane_type, month, weekday, hour, minutes, import_id)
          select ${port}, l, mo, wd, h, mi, ${importId}::uuid from unnest(${rows.map((x) => x[0])}::text[], ${rows.map((x) => x[1])}::int[], ${rows.map((x) => x[2])}::int[], ${rows.map((x) => x[3])}::int[], ${rows.map((x) => x[4])}::real[]) as t(l, mo, wd, h, mi)
          on conflict (port_code, lane_type, month, weekday, hour) do update set minutes = excluded.minutes, import_id = excluded.import_id`.execute(
          trx,
        );
      });
      return { ok: true, rows: r.rows.length, importId };
    }
    const port = (opts.portCode ?? '3004').padStart(4, '0'),
      lane = opts.laneType ?? 'general';
    const r = parseHourlyWaits(text, { onProgress: opts.onProgress, maxErrors: 100 });
    if (r.errors.length) return { ok: false, errors: r.errors };
    await this.db.transaction().execute(async (trx) => {
      await sql`insert into fl_imports (id, kind, file_name, sha256, rows, port_code, lane_type, source, actor_id) values (${importId}, 'hourly', ${fileName}, ${sha}, ${r.rows.length}, ${port}, ${lane}, 'Hourly average delays (Cascade Gateway border data warehouse, Whatcom Council of Governments)', ${actor?.id ?? null})`.execute(
        trx,
      );
      for (let i = 0; i < r.rows.length; i += 10000) {
        const c = r.rows.slice(i, i + 10000);
        await sql`insert into fl_hourly (port_code, lane_type, hour, minutes, import_id)
          select ${port}, ${lane}, h, m, ${importId}::uuid from unnest(${c.map((x) => x.hour)}::int[], ${c.map((x) => Math.max(0, x.value))}::real[]) as t(h, m)
          on conflict (port_code, lane_type, hour) do update set minutes = excluded.minutes, import_id = excluded.import_id`.execute(
          trx,
        );
      }
    });
    this.predictors.delete(`${port}|${lane}`);
    return { ok: true, rows: r.rows.length, importId };
  }
  async imports() {
    return (await sql<any>`select * from fl_imports order by imported_at desc limit 50`.execute(this.db)).rows;
  }

  // ---------- history ----------
  async monthlyVolumes(portCode: string) {
    return (
      await sql<{
        month: string;
        measure: string;
        value: number;
      }>`select month, measure, value from fl_monthly where port_code = ${portCode} order by month, measure`.execute(
        this.db,
      )
    ).rows;
  }
  /** Average wait by hour of day for a weekday (0 Sunday) and month, per lane type (CBP historical averages). */
  async waitProfile(portCode: string, month: number, weekday: number) {
    return (
      await sql<{
        lane_type: string;
        hour: number;
        minutes: number;
      }>`select lane_type, hour, minutes from fl_wait_profile where port_code = ${portCode} and month = ${month} and weekday = ${weekday} order by lane_type, hour`.execute(
        this.db,
      )
    ).rows;
  }
  async hourlyProfile(portCode: string, laneType = 'general') {
    // Mean observed delay by weekday and hour over the whole hourly history.
    return (
      await sql<{
        weekday: number;
        hour: number;
        minutes: number;
        n: number;
      }>`select ((hour / 24 + 4) % 7)::int as weekday, (hour % 24)::int as hour, avg(minutes)::real as minutes, count(*)::int as n
      from fl_hourly where port_code = ${portCode} and lane_type = ${laneType} group by 1, 2 order by 1, 2`.execute(
        this.db,
      )
    ).rows;
  }

  // ---------- measured waits ----------
  /** Waits measured from crossing timestamps (booth start − queue joined), by lane type and 15-minute bucket. */
  async measured(portId: string, from: Date, to: Date) {
    const rows = await this.lanes.crossingsBetween(portId, from, to);
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
  private async predictorFor(portCode: string, laneType: string) {
    const key = `${portCode}|${laneType}`;
    const cached = this.predictors.get(key);
    if (cached) return cached;
    const rows = (
      await sql<{
        hour: number;
        minutes: number;
      }>`select hour, minutes from fl_hourly where port_code = ${portCode} and lane_type = ${laneType} order by hour`.execute(
        this.db,
      )
    ).rows;
    if (rows.length < 24 * 14) return null;
    const predictor = new WaitPredictor();
    for (const r of rows) predictor.observe(r.hour, r.minutes);
    const entry = { predictor, lastHour: rows.at(-1)!.hour };
    this.predictors.set(key, entry);
    return entry;
  }
  /**
   * Forecast of the wait at an arrival time. With hourly history: the predictor's value and its empirical error band
   * (predicted). With only historical averages (CBP month × weekday × hour): that average, labelled estimated, no band.
   */
  async forecast(
    portCode: string,
    laneType: string,
    at: Date,
  ): Promise<{
    method: 'predicted' | 'estimated' | 'none';
    minutes: number | null;
    low?: number;
    high?: number;
    basis: string;
    horizonHours?: number;
  }> {
    const offset = PORT_OFFSET[portCode] ?? -6;
    const p = await this.predictorFor(portCode, laneType);
    if (p) {
      const target = naiveHourOf(at, offset);
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
    const local = new Date(at.getTime() + offset * 3600000);
    const r = (
      await sql<{
        minutes: number;
      }>`select minutes from fl_wait_profile where port_code = ${portCode} and lane_type = ${laneType} and month = ${local.getUTCMonth() + 1} and weekday = ${local.getUTCDay()} and hour = ${local.getUTCHours()}`.execute(
        this.db,
      )
    ).rows[0];
    if (r) return { method: 'estimated', minutes: round1(r.minutes), basis: 'CBP historical average' };
    return { method: 'none', minutes: null, basis: '' };
  }

  // ---------- the board ----------
  async board(
    portId: string,
    now = new Date(),
  ): Promise<{ portId: string; name: string; code: string; lanes: BoardLane[] }> {
    await this.lanes.ready;
    const port = this.lanes.ports.get(portId);
    if (!port) throw new Error('unknown port');
    const lanes = this.lanes.lanesOf(portId);
    const measured = await this.measured(portId, new Date(now.getTime() - 3600000), now);
    const out: BoardLane[] = [];
    for (const type of BOARD_TYPES) {
      const ofType = lanes.filter((l: Lane) => flowLaneType(l.laneType) === type);
      if (!ofType.length) continue;
      const open = ofType.reduce((s, l) => s + this.lanes.openBooths(l, now), 0),
        max = ofType.reduce((s, l) => s + l.booths, 0);
      const recent = measured.filter((m) => m.laneType === type);
      const n = recent.reduce((s, m) => s + m.crossings, 0);
      if (n >= 3) {
        const mean = recent.reduce((s, m) => s + m.meanWait * m.crossings, 0) / n;
        out.push({
          laneType: type,
          lanesOpen: open,
          maxLanes: max,
          waitMinutes: Math.round(mean),
          method: 'measured',
          samples: n,
          updatedAt: recent.at(-1)!.bucketStart,
        });
      } else {
        const f = await this.forecast(port.code, type, now);
        out.push({
          laneType: type,
          lanesOpen: open,
          maxLanes: max,
          waitMinutes: f.minutes === null ? null : Math.round(f.minutes),
          method: f.method === 'none' ? 'none' : f.method,
          low: f.low,
          high: f.high,
          updatedAt: new Date(Math.floor(now.getTime() / 900000) * 900000).toISOString(),
        });
      }
    }
    return { portId, name: port.name, code: port.code, lanes: out };
  }

  /** The board in the field names of CBP's Border Wait Times feed, so that existing wait-time apps can read it. */
  async cbpFeed(portIds: string[], now = new Date()) {
    const out = [];
    for (const id of portIds) {
      const port = this.lanes.ports.get(id);
      if (!port) continue;
      const b = await this.board(id, now);
      const lane = (t: string) => {
        const l = b.lanes.find((x) => x.laneType === t);
        if (!l) return { update_time: '', operational_status: 'N/A', delay_minutes: '', lanes_open: '' };
        return {
          update_time: `At ${new Date(l.updatedAt).toISOString().slice(11, 16)} UTC`,
          operational_status:
            l.lanesOpen === 0
              ? 'Lanes Closed'
              : l.waitMinutes === null
                ? 'Update Pending'
                : l.waitMinutes === 0
                  ? 'no delay'
                  : 'delay',
          delay_minutes: l.waitMinutes === null ? '' : String(l.waitMinutes),
          lanes_open: String(l.lanesOpen),
          method: l.method,
        };
      };
      const max = (t: string) => String(b.lanes.find((x) => x.laneType === t)?.maxLanes ?? 'N/A');
      out.push({
        port_number: port.code + '01',
        border:
          port.border === 'north' ? 'Canadian Border' : port.border === 'south' ? 'Mexican Border' : 'Preclearance',
        port_name: port.name,
        crossing_name: '',
        hours: '24 hrs/day',
        date: now.toISOString().slice(0, 10),
        port_status: 'Open',
        passenger_vehicle_lanes: {
          maximum_lanes: max('general'),
          standard_lanes: lane('general'),
          NEXUS_SENTRI_lanes: lane('trusted'),
          ready_lanes: lane('ready'),
        },
        pedestrian_lanes: {
          maximum_lanes: max('pedestrian'),
          standard_lanes: lane('pedestrian'),
          ready_lanes: lane('pedestrian_ready'),
        },
        commercial_vehicle_lanes: {
          maximum_lanes: max('commercial'),
          standard_lanes: lane('commercial'),
          FAST_lanes: lane('fast'),
        },
        construction_notice: '',
      });
    }
    return out;
  }
}
const round1 = (x: number) => Math.round(x * 10) / 10;
