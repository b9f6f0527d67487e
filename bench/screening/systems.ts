// The systems compared: our ScreeningIndex, and minisearch, flexsearch and fuse.js as peers. Peers index every
// name (primary and aliases) as a document pointing to its entry, and get the same folding as ours (NFKC,
// any-ascii transliteration, lowercase), so that they are not sunk by scripts they cannot read.
import FlexSearch from 'flexsearch';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import {
  DEFAULT_THRESHOLD,
  ScreeningIndex,
  foldText,
  type ListEntry,
  type ScreenQuery,
} from '../../src/modules/lookouts/engine/index.ts';
import type { Ranked } from './metrics.ts';

export interface System {
  name: string;
  /** how "alert" is decided */
  operating: string;
  build(entries: Iterable<ListEntry>): void;
  /** best first, one per entry, at most 10 */
  search(q: ScreenQuery, mode: 'operating' | 'ranked'): Ranked[];
  /** a score threshold for the operating point; undefined = calibrate on the negatives */
  threshold?: number;
}

const fold = (s: string) =>
  foldText(s)
    .text.replace(/[^a-z0-9]+/g, ' ')
    .trim();

function dedupe(ids: Iterable<[string, number]>, k = 10): Ranked[] {
  const out: Ranked[] = [];
  const seen = new Set<string>();
  for (const [id, score] of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id, score });
    if (out.length >= k) break;
  }
  return out;
}

export function ours(): System {
  let idx: ScreeningIndex;
  return {
    name: 'smartborder',
    operating: `score ≥ ${DEFAULT_THRESHOLD} (DEFAULT_THRESHOLD)`,
    threshold: DEFAULT_THRESHOLD,
    build(entries) {
      idx = new ScreeningIndex(entries);
    },
    search(q, mode) {
      const hits = idx.screen(q, mode === 'operating' ? { top: 10 } : { threshold: 0.5, top: 10 });
      return hits.map((h) => ({ id: h.id, score: h.score, name: h.name }));
    },
  };
}

export function minisearch(): System {
  let ms: MiniSearch<{ i: number; t: string }>;
  let entryOf: string[] = [];
  return {
    name: 'minisearch 7 (fuzzy 0.2, OR)',
    operating: 'BM25 score ≥ threshold calibrated to 5 false alerts / 1,000 on the negatives',
    build(entries) {
      ms = new MiniSearch({ fields: ['t'], idField: 'i' });
      entryOf = [];
      const docs: { i: number; t: string }[] = [];
      for (const e of entries)
        for (const n of e.names) {
          docs.push({ i: entryOf.length, t: fold(n) });
          entryOf.push(e.id);
        }
      ms.addAll(docs);
    },
    search(q) {
      const res = ms.search(fold(q.name ?? ''), { fuzzy: 0.2, combineWith: 'OR' });
      return dedupe(res.map((r) => [entryOf[r.id as number], r.score] as [string, number]));
    },
  };
}

export function flexsearch(): System {
  let fx: InstanceType<typeof FlexSearch.Index>;
  let entryOf: string[] = [];
  return {
    name: 'flexsearch 0.8 (LatinAdvanced encoder, AND)',
    operating: 'any result (every query token matched after phonetic encoding); no score',
    threshold: 0,
    build(entries) {
      fx = new FlexSearch.Index({ tokenize: 'strict', encoder: FlexSearch.Charset.LatinAdvanced });
      entryOf = [];
      for (const e of entries)
        for (const n of e.names) {
          fx.add(entryOf.length, fold(n));
          entryOf.push(e.id);
        }
    },
    search(q) {
      const res = fx.search(fold(q.name ?? ''), { limit: 50 }) as number[];
      // flexsearch ranks but gives no score: rank r gets 1 - r/100 so that "any result" is an alert
      return dedupe(res.map((id, r) => [entryOf[id], 1 - r / 100] as [string, number]));
    },
  };
}

export function fuse(): System {
  let f: Fuse<{ t: string; e: string }>;
  return {
    name: 'fuse.js 7 (Bitap, ignoreLocation)',
    operating: '1 − Fuse score ≥ threshold calibrated to 5 false alerts / 1,000 on the negatives',
    build(entries) {
      const docs: { t: string; e: string }[] = [];
      for (const e of entries) for (const n of e.names) docs.push({ t: fold(n), e: e.id });
      f = new Fuse(docs, { keys: ['t'], includeScore: true, ignoreLocation: true, threshold: 0.5 });
    },
    search(q) {
      const res = f.search(fold(q.name ?? ''), { limit: 50 });
      return dedupe(res.map((r) => [r.item.e, 1 - (r.score ?? 1)] as [string, number]));
    },
  };
}

export const SYSTEMS: Record<string, () => System> = { smartborder: ours, minisearch, flexsearch, fuse };
