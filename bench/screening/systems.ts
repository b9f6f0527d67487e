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
  /**
   * The same search with one name of one entry taken out of the index (alias leave-one-out). Ours takes it out
   * (upsert without it, then back); peers, which index one document per name, drop that document from their
   * results, which is the same but for the document-count statistics of their scores.
   */
  searchWithout(q: ScreenQuery, entry: ListEntry, name: string, mode: 'operating' | 'ranked'): Ranked[];
  /** a score threshold for the operating point; undefined = calibrate on the negatives */
  threshold?: number;
}

const fold = (s: string) =>
  foldText(s)
    .text.replace(/[^a-z0-9]+/g, ' ')
    .trim();

function dedupe(ids: Iterable<[string, number]>, k = 10): Ranked[] {
  return dedupeExcept(ids, k);
}

/** One result per entry, best first; `skip(position)` drops a document of the input. */
function dedupeExcept(ids: Iterable<[string, number]>, k = 10, skip?: (position: number) => boolean): Ranked[] {
  const out: Ranked[] = [];
  const seen = new Set<string>();
  let pos = -1;
  for (const [id, score] of ids) {
    pos++;
    if (skip?.(pos)) continue;
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
    searchWithout(q, entry, name, mode) {
      idx.upsert({ ...entry, names: entry.names.filter((n) => n !== name) });
      try {
        return idx
          .screen(q, mode === 'operating' ? { top: 10 } : { threshold: 0.5, top: 10 })
          .map((h) => ({ id: h.id, score: h.score, name: h.name }));
      } finally {
        idx.upsert(entry);
      }
    },
  };
}

export function minisearch(): System {
  let ms: MiniSearch<{ i: number; t: string }>;
  let entryOf: string[] = [];
  // the position of each document's name in its entry (leave-one-out), small integers: no strings kept alive
  let posOf: number[] = [];
  return {
    name: 'minisearch 7 (fuzzy 0.2, OR)',
    operating: 'BM25 score ≥ threshold calibrated to 5 false alerts / 1,000 on the negatives',
    build(entries) {
      ms = new MiniSearch({ fields: ['t'], idField: 'i' });
      entryOf = [];
      const docs: { i: number; t: string }[] = [];
      posOf = [];
      for (const e of entries)
        for (let k = 0; k < e.names.length; k++) {
          docs.push({ i: entryOf.length, t: fold(e.names[k]) });
          entryOf.push(e.id);
          posOf.push(k);
        }
      ms.addAll(docs);
    },
    search(q) {
      const res = ms.search(fold(q.name ?? ''), { fuzzy: 0.2, combineWith: 'OR' });
      return dedupe(res.map((r) => [entryOf[r.id as number], r.score] as [string, number]));
    },
    searchWithout(q, entry, name) {
      const res = ms.search(fold(q.name ?? ''), { fuzzy: 0.2, combineWith: 'OR' });
      return dedupeExcept(
        res.map((r) => [entryOf[r.id as number], r.score] as [string, number]),
        10,
        (p) => entryOf[res[p].id as number] === entry.id && entry.names[posOf[res[p].id as number]] === name,
      );
    },
  };
}

export function flexsearch(): System {
  let fx: InstanceType<typeof FlexSearch.Index>;
  let entryOf: string[] = [];
  // the position of each document's name in its entry (leave-one-out), small integers: no strings kept alive
  let posOf: number[] = [];
  return {
    name: 'flexsearch 0.8 (LatinAdvanced encoder, AND)',
    operating: 'any result (every query token matched after phonetic encoding); no score',
    threshold: 0,
    build(entries) {
      fx = new FlexSearch.Index({ tokenize: 'strict', encoder: FlexSearch.Charset.LatinAdvanced });
      entryOf = [];
      posOf = [];
      for (const e of entries)
        for (let k = 0; k < e.names.length; k++) {
          fx.add(entryOf.length, fold(e.names[k]));
          entryOf.push(e.id);
          posOf.push(k);
        }
    },
    search(q) {
      const res = fx.search(fold(q.name ?? ''), { limit: 50 }) as number[];
      // flexsearch ranks but gives no score: rank r gets 1 - r/100 so that "any result" is an alert
      return dedupe(res.map((id, r) => [entryOf[id], 1 - r / 100] as [string, number]));
    },
    searchWithout(q, entry, name) {
      const res = fx.search(fold(q.name ?? ''), { limit: 51 }) as number[];
      const kept = res.filter((id) => !(entryOf[id] === entry.id && entry.names[posOf[id]] === name)).slice(0, 50);
      return dedupe(kept.map((id, r) => [entryOf[id], 1 - r / 100] as [string, number]));
    },
  };
}

export function fuse(): System {
  let f: Fuse<{ t: string; e: string; n: string }>;
  return {
    name: 'fuse.js 7 (Bitap, ignoreLocation)',
    operating: '1 − Fuse score ≥ threshold calibrated to 5 false alerts / 1,000 on the negatives',
    build(entries) {
      const docs: { t: string; e: string; n: string }[] = [];
      for (const e of entries) for (const n of e.names) docs.push({ t: fold(n), e: e.id, n });
      f = new Fuse(docs, { keys: ['t'], includeScore: true, ignoreLocation: true, threshold: 0.5 });
    },
    search(q) {
      const res = f.search(fold(q.name ?? ''), { limit: 50 });
      return dedupe(res.map((r) => [r.item.e, 1 - (r.score ?? 1)] as [string, number]));
    },
    searchWithout(q, entry, name) {
      const res = f
        .search(fold(q.name ?? ''), { limit: 51 })
        .filter((r) => !(r.item.e === entry.id && r.item.n === name));
      return dedupe(res.map((r) => [r.item.e, 1 - (r.score ?? 1)] as [string, number]));
    },
  };
}

export const SYSTEMS: Record<string, () => System> = { smartborder: ours, minisearch, flexsearch, fuse };
