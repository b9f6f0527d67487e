// Accuracy and latency metrics of one system on one list.
import type { BenchQuery } from './data.ts';

export interface Ranked {
  id: string;
  score: number;
  name?: string;
}

export interface SetMetrics {
  n: number;
  recall1: number;
  recall10: number;
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[k];
}

/** Recall of positives at a threshold: the top hit (recall@1) or any of the first 10 (recall@10) is a truth id. */
export function recallAt(
  queries: BenchQuery[],
  results: Ranked[][],
  threshold: number,
  filter?: (q: BenchQuery) => boolean,
): SetMetrics {
  let n = 0,
    r1 = 0,
    r10 = 0;
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i];
    if (!q.truth || (filter && !filter(q))) continue;
    n++;
    const hits = results[i].filter((h) => h.score >= threshold).slice(0, 10);
    // rank 1 = among the hits with the top score: identically named entries score the same, and which of them
    // comes first is arbitrary
    if (hits.length && hits.some((h) => h.score === hits[0].score && q.truth!.includes(h.id))) r1++;
    if (hits.some((h) => q.truth!.includes(h.id))) r10++;
  }
  return { n, recall1: n ? r1 / n : NaN, recall10: n ? r10 / n : NaN };
}

/** False alerts per 1,000 negative screens: screens with at least one hit at or above the threshold. */
export function falseAlertsPer1000(
  queries: BenchQuery[],
  results: Ranked[][],
  threshold: number,
): { n: number; alerts: number; per1000: number } {
  let n = 0,
    alerts = 0;
  for (let i = 0; i < queries.length; i++) {
    if (queries[i].set !== 'negative') continue;
    n++;
    if (results[i].some((h) => h.score >= threshold)) alerts++;
  }
  return { n, alerts, per1000: n ? (alerts / n) * 1000 : NaN };
}

/** The lowest threshold whose false alerts stay at or under `maxPer1000` (for systems without a calibrated score). */
export function calibrate(queries: BenchQuery[], results: Ranked[][], maxPer1000: number): number {
  const tops: number[] = [];
  for (let i = 0; i < queries.length; i++)
    if (queries[i].set === 'negative') tops.push(results[i].length ? results[i][0].score : -Infinity);
  tops.sort((a, b) => b - a);
  const allowed = Math.floor((tops.length * maxPer1000) / 1000);
  const at = tops[allowed];
  if (at === undefined || at === -Infinity) return -Infinity;
  // strictly above the (allowed+1)-th highest negative score
  return nextUp(at);
}

function nextUp(x: number): number {
  return x + Math.max(Math.abs(x) * 1e-9, 1e-12);
}
