/**
 * Bottleneck ranking (pure): from per-port, per-hour, per-lane-type utilisation and waits (measured
 * or simulated), rank where delay accumulates, flag trusted-traveller lanes that saturate (their
 * wait catches up with the general lanes', so enrolment no longer buys time) and places where
 * FAST's advantage over standard commercial processing vanishes.
 */
import type { SimResult } from './results.ts';

export interface BottleneckInput {
  port: string;
  /** hour of day (0–23) or of week (0–167) */
  hour: number;
  laneType: string;
  /** busy / open booth time, 0–1 (may be NaN when unknown) */
  utilisation: number;
  /** mean wait in seconds */
  meanWait: number;
  /** mean wait + inspection, seconds (optional; FAST comparisons use it when present) */
  meanTransit?: number;
  /** vehicles per hour (optional; weights the ranking by how many are delayed) */
  volume?: number;
}

export interface Bottleneck extends BottleneckInput {
  rank: number;
  /** delay burden: vehicle-seconds of waiting per hour when volume is known, else the mean wait */
  score: number;
  /** message keys: flow.bottleneck.reason.* */
  reasons: string[];
}

export interface LaneComparisonFlag {
  port: string;
  hour: number;
  /** the premium lane type (trusted, ready, fast, pedestrian_ready) */
  laneType: string;
  /** the lane type it is compared with (general, commercial, pedestrian) */
  versus: string;
  premiumWait: number;
  standardWait: number;
  /** (standard − premium) / standard; ≤ 0 means no advantage left */
  advantage: number;
}

export interface BottleneckReport {
  ranking: Bottleneck[];
  /** trusted (and Ready) lanes whose wait is at least the general lanes' wait */
  trustedSaturated: LaneComparisonFlag[];
  /** FAST lanes whose advantage over commercial lanes is below `minFastAdvantage` */
  fastAdvantageLost: LaneComparisonFlag[];
}

export interface BottleneckOptions {
  /** utilisation from which a lane counts as near capacity (default 0.9) */
  nearCapacity?: number;
  /** FAST must save at least this fraction of the commercial time (default 0.25) */
  minFastAdvantage?: number;
  /** ignore comparisons where both waits are below this many seconds (default 60) */
  minWait?: number;
  /** keep the top N of the ranking (default all) */
  top?: number;
}

const PAIRS_TRUSTED: [string, string][] = [
  ['trusted', 'general'],
  ['ready', 'general'],
  ['pedestrian_ready', 'pedestrian'],
];

export function rankBottlenecks(rows: BottleneckInput[], options: BottleneckOptions = {}): BottleneckReport {
  const nearCapacity = options.nearCapacity ?? 0.9;
  const minFast = options.minFastAdvantage ?? 0.25;
  const minWait = options.minWait ?? 60;

  const key = (port: string, hour: number) => `${port}\u0000${hour}`;
  const cells = new Map<string, Map<string, BottleneckInput>>();
  for (const r of rows) {
    const k = key(r.port, r.hour);
    let m = cells.get(k);
    if (!m) cells.set(k, (m = new Map()));
    m.set(r.laneType, r);
  }

  const compare = (premium: string, standard: string, useTransit: boolean): LaneComparisonFlag[] => {
    const out: LaneComparisonFlag[] = [];
    for (const m of cells.values()) {
      const p = m.get(premium);
      const s = m.get(standard);
      if (!p || !s) continue;
      const pw = useTransit && p.meanTransit !== undefined ? p.meanTransit : p.meanWait;
      const sw = useTransit && s.meanTransit !== undefined ? s.meanTransit : s.meanWait;
      if (!(Number.isFinite(pw) && Number.isFinite(sw))) continue;
      if (Math.max(pw, sw) < minWait) continue;
      out.push({
        port: p.port,
        hour: p.hour,
        laneType: premium,
        versus: standard,
        premiumWait: pw,
        standardWait: sw,
        advantage: sw > 0 ? (sw - pw) / sw : pw > 0 ? -Infinity : 0,
      });
    }
    return out;
  };

  const trustedSaturated = PAIRS_TRUSTED.flatMap(([p, s]) =>
    compare(p, s, false).filter((f) => f.premiumWait >= f.standardWait),
  );
  const fastAdvantageLost = compare('fast', 'commercial', true).filter((f) => f.advantage < minFast);
  const satKeys = new Set(trustedSaturated.map((f) => `${key(f.port, f.hour)}\u0000${f.laneType}`));
  const fastKeys = new Set(fastAdvantageLost.map((f) => key(f.port, f.hour)));

  const ranked: Bottleneck[] = rows
    .filter((r) => Number.isFinite(r.meanWait))
    .map((r) => {
      const reasons: string[] = [];
      if (r.utilisation >= 1) reasons.push('flow.bottleneck.reason.overCapacity');
      else if (r.utilisation >= nearCapacity) reasons.push('flow.bottleneck.reason.nearCapacity');
      if (satKeys.has(`${key(r.port, r.hour)}\u0000${r.laneType}`))
        reasons.push('flow.bottleneck.reason.trustedSaturated');
      if (r.laneType === 'fast' && fastKeys.has(key(r.port, r.hour)))
        reasons.push('flow.bottleneck.reason.fastAdvantageLost');
      const score = r.volume !== undefined ? r.meanWait * r.volume : r.meanWait;
      return { ...r, rank: 0, score, reasons };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        (b.utilisation || 0) - (a.utilisation || 0) ||
        a.port.localeCompare(b.port) ||
        a.hour - b.hour,
    );
  ranked.forEach((b, i) => (b.rank = i + 1));
  return { ranking: options.top ? ranked.slice(0, options.top) : ranked, trustedSaturated, fastAdvantageLost };
}

/** Rows for rankBottlenecks from a simulation result (by lane type and hour). */
export function bottleneckRowsFromResult(port: string, result: SimResult): BottleneckInput[] {
  const rows: BottleneckInput[] = [];
  for (const t of result.types) {
    for (const h of t.hours) {
      if (h.perDay === 0 && h.booths === 0) continue;
      rows.push({
        port,
        hour: h.hour,
        laneType: t.type,
        utilisation: h.utilisation,
        meanWait: h.meanWait,
        meanTransit: h.meanTransit,
        volume: h.perDay,
      });
    }
  }
  return rows;
}
