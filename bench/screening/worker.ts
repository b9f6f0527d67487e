// One benchmark run: one system on one list, in its own process (so that memory is measured alone).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  loadL20k,
  negativeQueries,
  ofacPerturbedQueries,
  syntheticEntries,
  yenteQueries,
  PERTURBATIONS,
  type BenchQuery,
} from './data.ts';
import { calibrate, falseAlertsPer1000, percentile, recallAt, type Ranked } from './metrics.ts';
import { Rng } from './rng.ts';
import { SYSTEMS } from './systems.ts';
import { aliasQueries, namePairs, pairMetrics, splitOf, type PairMetrics, type Script, type Split } from './aliases.ts';
import { scoreNames, type ListEntry, type ScreenQuery } from '../../src/modules/lookouts/engine/index.ts';

export interface WorkerArgs {
  system: string;
  list: 'L20k' | 'L1M';
  /** at most this many negatives (a seeded sample), and positives per set */
  negatives?: number;
  positives?: number;
  perKind: number;
  dev?: boolean;
  sweep?: boolean;
  /** evaluate the dev split only (while tuning: the held-out split is not looked at) */
  devOnly?: boolean;
}

export interface AliasMetrics {
  n: number;
  recall1: number;
  recall10: number;
  byScript: Partial<Record<Script, { n: number; recall1: number; recall10: number }>>;
  byList: Record<string, { n: number; recall1: number; recall10: number }>;
  byType: Record<string, { n: number; recall1: number; recall10: number }>;
}

export interface RunResult {
  system: string;
  systemLabel: string;
  operating: string;
  list: string;
  entries: number;
  names: number;
  syntheticNames: number;
  buildMs: number;
  heapMB: number;
  /** resident set size of the worker process after the build */
  rssMb: number;
  queries: { yente: number; ofac: number; negatives: number; sampled: boolean };
  latencyMicros: { p50: number; p99: number; mean: number; max: number };
  /** process CPU time per query (this process only, GC threads included): the engine's cost on a shared machine */
  cpuMicros: { p50: number; p99: number };
  /** 1-minute load average at the end of the run */
  loadAverage: number;
  threshold: number;
  calibrated: boolean;
  yente: { recall1: number; recall10: number };
  ofac: { recall1: number; recall10: number };
  ofacByKind: Record<string, { recall1: number; recall10: number; n: number }>;
  falseAlerts: { alerts: number; per1000: number };
  /** the same, on the negatives of each split (by a hash of the row number, as the entries) */
  falseAlertsBySplit: Partial<Record<Split, { n: number; alerts: number; per1000: number }>>;
  /** our engine: alias recall@1, pair F1 and false alerts of the dev split at thresholds around the operating one */
  devSweep?: { threshold: number; alias1: number; alias10: number; pairsF1: number; fa: number; yente1: number }[];
  ranked?: { yente: { recall1: number; recall10: number }; ofac: { recall1: number; recall10: number } };
  sweep?: { threshold: number; yente1: number; ofac1: number; fa: number }[];
  unmatchedYente: number;
  /** alias leave-one-out, per split, at the operating point */
  aliases: Partial<Record<Split, AliasMetrics>>;
  /** name pairs (our engine only: peers have no pair score), per split, at the operating threshold */
  pairs?: Partial<Record<Split, PairMetrics>>;
  /** persons' aliases queried with the entry's birth date and nationality, per split */
  aliasesWithFacts?: Partial<Record<Split, { n: number; recall1: number }>>;
  /** the held-out figures (dev when --dev-only): alias recall@1 and @10, pair F1 */
  recallAt1: number;
  recallAt10: number;
  pairsF1?: number;
}

function gcHeap(): number {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function sample<T>(arr: T[], n: number | undefined, seed: number): T[] {
  if (n === undefined || arr.length <= n) return arr;
  const rng = new Rng(seed);
  return rng.shuffle(arr.slice()).slice(0, n);
}

export function runWorker(a: WorkerArgs): RunResult {
  const base = loadL20k();
  const yente = yenteQueries(base.entries);
  let queries: BenchQuery[] = [
    ...sample(yente.queries, a.positives, 1),
    ...sample(ofacPerturbedQueries(base.entries, a.perKind), a.positives, 2),
    ...sample(negativeQueries(), a.negatives, 3),
  ];
  const sampled = a.negatives !== undefined || a.positives !== undefined;
  let entries: ListEntry[] = base.entries;
  let synthetic = 0;
  if (a.list === 'L1M') {
    const pad = [...syntheticEntries(1_000_000 - base.names)];
    synthetic = pad.reduce((s, e) => s + e.names.length, 0);
    entries = entries.concat(pad);
  }
  const names = entries.reduce((s, e) => s + e.names.length, 0);
  const entryCount = entries.length;
  const sys = SYSTEMS[a.system]();

  const heap0 = gcHeap();
  const t0 = performance.now();
  sys.build(entries);
  const buildMs = performance.now() - t0;
  if (a.list === 'L1M') entries = []; // the index holds what it needs; drop our references before measuring
  const heapMB = (gcHeap() - heap0) / 1048576;
  const rssMb = process.memoryUsage().rss / 1048576;

  // warm-up on a few queries (JIT), then the timed single-threaded pass in the operating mode
  for (let i = 0; i < Math.min(300, queries.length); i++)
    sys.search(queries[(i * 7919) % queries.length].query, 'operating');
  const lat = new Float64Array(queries.length);
  const cpu = new Float64Array(queries.length);
  const results: Ranked[][] = new Array(queries.length);
  for (let i = 0; i < queries.length; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    results[i] = sys.search(queries[i].query, 'operating');
    lat[i] = (performance.now() - t) * 1000;
    const d = process.cpuUsage(c);
    cpu[i] = d.user + d.system;
  }
  const cpuSorted = cpu.slice().sort();
  let sum = 0;
  for (const x of lat) sum += x;
  const sorted = lat.slice().sort();

  let threshold = sys.threshold;
  const calibrated = threshold === undefined;
  if (threshold === undefined) threshold = calibrate(queries, results, 5);
  const pos = (set: string, kind?: string) =>
    recallAt(queries, results, threshold!, (q) => q.set === set && (!kind || q.kind === kind));
  const fa = falseAlertsPer1000(queries, results, threshold);
  const ofacByKind: RunResult['ofacByKind'] = {};
  for (const k of PERTURBATIONS) {
    const m = pos('ofac-perturbed', k);
    ofacByKind[k] = { recall1: m.recall1, recall10: m.recall10, n: m.n };
  }

  const out: RunResult = {
    system: a.system,
    systemLabel: sys.name,
    operating: sys.operating,
    list: a.list,
    entries: entryCount,
    names,
    syntheticNames: synthetic,
    buildMs,
    heapMB,
    rssMb,
    queries: {
      yente: queries.filter((q) => q.set === 'yente').length,
      ofac: queries.filter((q) => q.set === 'ofac-perturbed').length,
      negatives: queries.filter((q) => q.set === 'negative').length,
      sampled,
    },
    latencyMicros: {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      mean: sum / lat.length,
      max: sorted[sorted.length - 1],
    },
    cpuMicros: { p50: percentile(cpuSorted, 50), p99: percentile(cpuSorted, 99) },
    loadAverage: os.loadavg()[0],
    threshold,
    calibrated,
    yente: pos('yente'),
    ofac: pos('ofac-perturbed'),
    ofacByKind,
    falseAlerts: { alerts: fa.alerts, per1000: fa.per1000 },
    falseAlertsBySplit: {},
    unmatchedYente: yente.unmatched,
    aliases: {},
    recallAt1: NaN,
    recallAt10: NaN,
  };

  // alias leave-one-out, untimed, at the operating point (the threshold calibrated above for peers)
  const splits: Split[] = a.devOnly ? ['dev'] : ['dev', 'heldout'];
  for (const sp of splits) {
    const sel = queries.map((q) => q.set === 'negative' && splitOf(q.qid) === sp);
    out.falseAlertsBySplit[sp] = falseAlertsPer1000(
      queries.filter((_, i) => sel[i]),
      results.filter((_, i) => sel[i]),
      threshold,
    );
  }
  const aq = sample(
    aliasQueries(base.entries).filter((x) => splits.includes(x.split)),
    a.positives,
    4,
  );
  const aRes = aq.map((x) => sys.searchWithout({ name: x.alias, type: x.type }, x.entry, x.alias, 'operating'));
  for (const sp of splits) {
    const m: AliasMetrics = { n: 0, recall1: 0, recall10: 0, byScript: {}, byList: {}, byType: {} };
    const add = (bucket: { n: number; recall1: number; recall10: number }, r1: boolean, r10: boolean) => {
      bucket.n++;
      if (r1) bucket.recall1++;
      if (r10) bucket.recall10++;
    };
    for (let i = 0; i < aq.length; i++) {
      const x = aq[i];
      if (x.split !== sp) continue;
      const hits = aRes[i].filter((h) => h.score >= threshold!).slice(0, 10);
      const r1 = hits.length > 0 && hits.some((h) => h.score === hits[0].score && x.truth.includes(h.id));
      const r10 = hits.some((h) => x.truth.includes(h.id));
      add(m, r1, r10);
      add((m.byScript[x.script] ??= { n: 0, recall1: 0, recall10: 0 }), r1, r10);
      add((m.byList[x.entry.id.split('-')[0]] ??= { n: 0, recall1: 0, recall10: 0 }), r1, r10);
      add((m.byType[x.type ?? 'any'] ??= { n: 0, recall1: 0, recall10: 0 }), r1, r10);
    }
    const norm = (b: { n: number; recall1: number; recall10: number }) => {
      b.recall1 = b.n ? b.recall1 / b.n : NaN;
      b.recall10 = b.n ? b.recall10 / b.n : NaN;
    };
    norm(m);
    for (const b of Object.values(m.byScript)) norm(b!);
    for (const b of Object.values(m.byList)) norm(b);
    for (const b of Object.values(m.byType)) norm(b);
    out.aliases[sp] = m;
  }
  if (a.dev) {
    console.error('--- alias leave-one-out misses (dev)');
    let k = 0;
    for (let i = 0; i < aq.length && k < 60; i++) {
      const x = aq[i];
      if (x.split !== 'dev') continue;
      const hits = aRes[i].filter((h) => h.score >= threshold!);
      if (hits.length && hits.some((h) => h.score === hits[0].score && x.truth.includes(h.id))) continue;
      k++;
      console.error(
        JSON.stringify(x.alias),
        x.truth[0],
        JSON.stringify(x.entry.names.filter((n) => n !== x.alias).slice(0, 4)),
        '=>',
        aRes[i]
          .slice(0, 2)
          .map((h) => `${h.id}:${h.score}:${h.name ?? ''}`)
          .join(' '),
      );
    }
  }
  if (a.system === 'smartborder') {
    // the same persons' aliases with the birth date and nationality the entry lists (as a passport gives them):
    // supporting evidence, reported beside the name-only figure
    out.aliasesWithFacts = {};
    for (const sp of splits) {
      let n = 0,
        r1 = 0;
      for (const x of aq) {
        if (x.split !== sp || x.type !== 'person' || !x.entry.birthDates?.length) continue;
        const q: ScreenQuery = { name: x.alias, type: x.type, birthDate: x.entry.birthDates[0] };
        if (x.entry.nationalities?.length) q.nationality = x.entry.nationalities[0];
        const hits = sys.searchWithout(q, x.entry, x.alias, 'operating').filter((h) => h.score >= threshold!);
        n++;
        if (hits.length && hits.some((h) => h.score === hits[0].score && x.truth.includes(h.id))) r1++;
      }
      out.aliasesWithFacts[sp] = { n, recall1: n ? r1 / n : NaN };
    }
  }
  const head = out.aliases[a.devOnly ? 'dev' : 'heldout']!;
  out.recallAt1 = head.recall1;
  out.recallAt10 = head.recall10;

  if (a.system === 'smartborder') {
    const pairs = namePairs(base.entries).filter((p) => splits.includes(p.split));
    const scores = pairs.map((p) => scoreNames(p.a, p.b, p.type));
    out.pairs = {};
    for (const sp of splits) {
      out.pairs[sp] = pairMetrics(pairs, scores, threshold, sp);
      for (const t of ['person', 'organization'] as const) {
        const sel = pairs.map((p) => p.type === t);
        out.pairs[sp]!.byType[t] = pairMetrics(
          pairs.filter((_, i) => sel[i]),
          scores.filter((_, i) => sel[i]),
          threshold,
          sp,
        );
      }
    }
    out.pairsF1 = out.pairs[a.devOnly ? 'dev' : 'heldout']!.f1;
    if (a.sweep) {
      // dev split only: the threshold is chosen on it
      const dq = aq.filter((x) => x.split === 'dev');
      const dRes = dq.map((x) => sys.searchWithout({ name: x.alias, type: x.type }, x.entry, x.alias, 'ranked'));
      const negSel = queries.map((q) => q.set === 'negative' && splitOf(q.qid) === 'dev');
      const negQ = queries.filter((_, i) => negSel[i]);
      const yq = queries.filter((q) => q.set === 'yente');
      const yRes = yq.map((q) => sys.search(q.query, 'ranked'));
      const negRes = negQ.map((q) => sys.search(q.query, 'ranked'));
      out.devSweep = [];
      for (let t = 0.68; t <= 0.861; t += 0.01) {
        const th = Math.round(t * 100) / 100;
        let r1 = 0,
          r10 = 0;
        for (let i = 0; i < dq.length; i++) {
          const hits = dRes[i].filter((h) => h.score >= th).slice(0, 10);
          if (hits.length && hits.some((h) => h.score === hits[0].score && dq[i].truth.includes(h.id))) r1++;
          if (hits.some((h) => dq[i].truth.includes(h.id))) r10++;
        }
        out.devSweep.push({
          threshold: th,
          alias1: r1 / dq.length,
          alias10: r10 / dq.length,
          pairsF1: pairMetrics(pairs, scores, th, 'dev').f1,
          fa: falseAlertsPer1000(negQ, negRes, th).per1000,
          yente1: recallAt(yq, yRes, th).recall1,
        });
      }
    }
    if (a.dev) {
      let k = 0;
      console.error('--- pair errors (dev)');
      for (let i = 0; i < pairs.length && k < 80; i++) {
        const p = pairs[i];
        if (p.split !== 'dev' || p.match === scores[i] >= threshold) continue;
        k++;
        console.error(p.kind, p.match ? 'MISS' : 'FALSE', scores[i], JSON.stringify(p.a), JSON.stringify(p.b));
      }
    }
  }

  if (a.sweep || a.dev) {
    // untimed pass with a low threshold: rank-only recall and the threshold sweep
    const low = queries.map((q) => sys.search(q.query, 'ranked'));
    const r = (set: string) => recallAt(queries, low, -Infinity, (q) => q.set === set);
    out.ranked = { yente: r('yente'), ofac: r('ofac-perturbed') };
    out.sweep = [];
    for (let t = 0.7; t <= 0.951; t += 0.01) {
      const th = Math.round(t * 100) / 100;
      out.sweep.push({
        threshold: th,
        yente1: recallAt(queries, low, th, (q) => q.set === 'yente').recall1,
        ofac1: recallAt(queries, low, th, (q) => q.set === 'ofac-perturbed').recall1,
        fa: falseAlertsPer1000(queries, low, th).per1000,
      });
    }
    if (a.dev) {
      const show = (label: string, pred: (q: BenchQuery, r: Ranked[]) => boolean, limit = 40) => {
        let k = 0;
        console.error(`--- ${label}`);
        for (let i = 0; i < queries.length && k < limit; i++) {
          if (!pred(queries[i], low[i])) continue;
          k++;
          console.error(
            JSON.stringify(queries[i].query),
            'truth',
            queries[i].truth?.slice(0, 2).join(','),
            '=>',
            low[i]
              .slice(0, 3)
              .map((h) => `${h.id}:${h.score}:${h.name ?? ''}`)
              .join(' '),
          );
        }
      };
      const th = threshold;
      show(
        'yente misses at the operating threshold',
        (q, r) => q.set === 'yente' && !(r.length && r[0].score >= th && q.truth!.includes(r[0].id)),
      );
      for (const k of PERTURBATIONS)
        show(
          `${k} misses`,
          (q, r) => q.kind === k && !(r.length && r[0].score >= th && q.truth!.includes(r[0].id)),
          15,
        );
      show('false alerts', (q, r) => q.set === 'negative' && r.length > 0 && r[0].score >= th, 60);
    }
  }
  return out;
}
