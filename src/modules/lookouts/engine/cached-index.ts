// An exact result cache in front of the screening index: travellers cross again and again while the lookout list
// barely changes, so the same subject is screened many times against the same entries.
//
// Why not screen only the changed entries (a small "delta" index) and merge with the cached hits: the index's
// result for a query is not a function of the per-entry scores alone. Candidate generation depends on the rest of
// the corpus: posting-list lengths decide which query tokens are walked and which only probed, the best K
// candidates by upper bound are rescored (others dropped although they might pass), the "rarer half" of a split
// token is chosen by posting length, and ties (equal scores, equal-scoring aliases of one entry) keep the order in
// which names were met. A small index therefore finds hits the full index does not (measured on 30,000 lookouts:
// "Abdul Rahman" — 6 entries that pass alone are not returned by the full index) and may pick another alias.
//
// So a cached result is reused as is, or recomputed by the full index; never merged. It is reused only when no
// change since it was computed can have altered the full index's answer:
//  - a change (upsert or remove) can only alter the answer to a query through the posting lists of the listed
//    tokens the query's tokens expand to, the listed tokens that are a join of two adjacent query tokens or a
//    half of a long query token, and the document / plate / container keys the query looks up. A query token only
//    expands to listed tokens with tokenSim >= MIN_TOKEN_SIM (the engine's own test), so a change whose entry (old
//    and new version) has no token within that similarity of a query token, no such join or half, and no such
//    key, leaves every posting list the query reads, and every candidate, bound and order, as it was;
//  - a compaction of the index (after many removals) shortens posting lists that held removed names, which can
//    change results of any query: the whole cache is dropped when the index reports one.
// A cached result is checked against the changes made since it was computed (at most `window` of them; older
// results are recomputed). Callers get copies: nothing they mutate reaches the cache.
import { DEFAULT_THRESHOLD } from './score.ts';
import { ScreeningIndex } from './screening-index.ts';
import { documentKey, parseContainer, plateKey } from './identifiers.ts';
import { MIN_TOKEN_SIM, tokenSim, tokInfo, type TokInfo } from './similarity.ts';
import { prepareName } from './text.ts';
import type { Hit, ListEntry, ScreenOptions, ScreenQuery } from './types.ts';

export interface CachedIndexOptions {
  /** Most results kept; the least recently used are evicted first. Default 200,000. */
  maxEntries?: number;
  /** Changes a cached result may lag behind and still be checked (instead of recomputed). Default 64. */
  window?: number;
}

export interface ScreeningCacheStats {
  /** results held */
  entries: number;
  /** screens answered from the cache, without the index (including results checked against changes) */
  hits: number;
  /** screens with no cached result */
  misses: number;
  /** cached results checked against the changes made since and found unaffected (counted in hits too) */
  validations: number;
  /** cached results recomputed by the index because a change may have affected them or they lagged more than
   *  `window` changes (hits + misses + rescreens = cacheable screens) */
  rescreens: number;
  evictions: number;
  /** whole-cache drops (index compactions) */
  flushes: number;
  /** screens with a query the cache does not key (non-string fields): passed straight to the index */
  uncacheable: number;
  /** upserts and removes since the index was built */
  changes: number;
}

/** What a change touches: the tokens and identifier keys of the old and the new version of the entry. */
interface Change {
  seq: number;
  /** may touch anything */
  all: boolean;
  toks: TokInfo[];
  words: Set<string>;
  keys: Set<string>;
}

interface Cached {
  /** change sequence number up to which `hits` is known to be the index's answer */
  seq: number;
  hits: Hit[];
}

/** What a query reads: its tokens (expanded by similarity), joins and halves (looked up as is), identifier keys. */
interface Reads {
  toks: TokInfo[];
  /** adjacent tokens written together */
  joins: string[];
  /** tokens long enough to be looked up as two halves */
  long: string[];
  keys: string[];
}

const NO_HITS: Hit[] = [];

export class CachedScreeningIndex {
  /** The index itself (every entry): the answer of record; the cache only remembers its answers. */
  readonly main: ScreeningIndex;
  private readonly cache = new Map<string, Cached>();
  /** The entries as given (the index keeps only what screening reads): a change is described against the old one. */
  private readonly entries = new Map<string, ListEntry>();
  private readonly maxEntries: number;
  private readonly window: number;
  /** the last `window` changes, by seq % window */
  private readonly ring: (Change | undefined)[];
  private seq = 0;
  private compactionsSeen: number;
  private readonly stats = {
    hits: 0,
    misses: 0,
    validations: 0,
    rescreens: 0,
    evictions: 0,
    flushes: 0,
    uncacheable: 0,
  };

  constructor(entries?: Iterable<ListEntry>, opts: CachedIndexOptions = {}) {
    const list = entries ? [...entries] : [];
    this.main = new ScreeningIndex(list);
    for (const e of list) this.entries.set(e.id, e);
    this.maxEntries = Math.max(1, Math.floor(opts.maxEntries ?? 200_000));
    this.window = Math.max(1, Math.floor(opts.window ?? 64));
    this.ring = new Array(this.window);
    this.compactionsSeen = this.main.compactions;
  }

  get size(): number {
    return this.main.size;
  }
  get nameCountLive(): number {
    return this.main.nameCountLive;
  }
  get vocabularySize(): number {
    return this.main.vocabularySize;
  }
  /** Work done by the index's last screen (a cache hit does none). */
  get lastStats() {
    return this.main.lastStats;
  }
  has(id: string): boolean {
    return this.main.has(id);
  }
  get(id: string): ListEntry | undefined {
    return this.entries.get(id);
  }

  upsert(e: ListEntry): void {
    const c = describeChange(this.entries.get(e.id), e);
    this.entries.set(e.id, e); // first: if the index throws half-way, it holds (part of) the new entry
    try {
      this.main.upsert(e);
    } finally {
      this.record(c); // also when the index threw half-way through
    }
  }

  remove(id: string): void {
    const old = this.entries.get(id);
    if (!old) return; // nothing changes
    const c = describeChange(old, undefined);
    try {
      this.main.remove(id);
      this.entries.delete(id);
    } finally {
      this.record(c);
    }
  }

  private record(c: Change): void {
    c.seq = ++this.seq;
    this.ring[c.seq % this.window] = c;
    if (this.main.compactions !== this.compactionsSeen) {
      this.compactionsSeen = this.main.compactions;
      this.cache.clear();
      this.stats.flushes++;
    }
  }

  screen(q: ScreenQuery, opts: ScreenOptions = {}): Hit[] {
    const key = cacheKey(q, opts);
    if (key === null) {
      this.stats.uncacheable++;
      return this.main.screen(q, opts);
    }
    const c = this.cache.get(key);
    if (c === undefined) {
      this.stats.misses++;
      const hits = this.main.screen(q, opts);
      this.put(key, { seq: this.seq, hits: hits.length ? hits : NO_HITS });
      return copyHits(hits);
    }
    if (c.seq === this.seq) this.stats.hits++;
    else if (this.unaffected(key, c.seq)) {
      this.stats.validations++;
      this.stats.hits++;
      c.seq = this.seq;
    } else {
      this.stats.rescreens++;
      const hits = this.main.screen(q, opts);
      c.hits = hits.length ? hits : NO_HITS;
      c.seq = this.seq;
    }
    // most recently used last (Map order), so that eviction takes the least recently used
    this.cache.delete(key);
    this.cache.set(key, c);
    return copyHits(c.hits);
  }

  /** True when none of the changes after `since` can have altered the answer to the query behind `key`. */
  private unaffected(key: string, since: number): boolean {
    if (this.seq - since > this.window) return false;
    const r = readsOf(key);
    for (let s = since + 1; s <= this.seq; s++) {
      const c = this.ring[s % this.window];
      if (!c || c.seq !== s || affects(c, r)) return false;
    }
    return true;
  }

  private put(key: string, c: Cached): void {
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) {
        this.cache.delete(oldest.value);
        this.stats.evictions++;
      }
    }
    this.cache.set(key, c);
  }

  /** Drops every cached result (the index is untouched). */
  clearCache(): void {
    this.cache.clear();
  }

  cacheStats(): ScreeningCacheStats {
    return { entries: this.cache.size, ...this.stats, changes: this.seq };
  }
}

function copyHits(hits: Hit[]): Hit[] {
  const out: Hit[] = new Array(hits.length);
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i];
    const reasons = new Array(h.reasons.length);
    for (let j = 0; j < h.reasons.length; j++) reasons[j] = { ...h.reasons[j] };
    out[i] = { id: h.id, score: h.score, name: h.name, reasons };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// keys

class Uncacheable extends Error {}
const UNCACHEABLE = new Uncacheable();

/** A scalar field: undefined -> 0, null -> 1, a string as is; anything else is not keyed. */
function scalar(v: unknown): string | number {
  if (v === undefined) return 0;
  if (v === null) return 1;
  if (typeof v === 'string') return v;
  throw UNCACHEABLE;
}
function unscalar(v: unknown): string | null | undefined {
  return v === 0 ? undefined : v === 1 ? null : (v as string);
}

/**
 * Every input the index's answer depends on, raw (reasons quote the query as written), with the options as the
 * index normalises them; null for a query with non-string fields (not cached).
 */
function cacheKey(q: ScreenQuery, opts: ScreenOptions): string | null {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const top = Math.max(1, Math.floor(opts.top ?? 10));
  if (typeof threshold !== 'number') return null;
  try {
    let docs: unknown = 0;
    if (q.documents === null) docs = 1;
    else if (q.documents !== undefined) {
      if (!Array.isArray(q.documents)) return null;
      const a: unknown[] = [];
      for (const d of q.documents) {
        if (d === null || typeof d !== 'object') return null;
        a.push([scalar(d.number), scalar(d.country)]);
      }
      docs = a;
    }
    let plate: unknown = 0;
    if (q.plate === null) plate = 1;
    else if (q.plate !== undefined) {
      if (typeof q.plate !== 'object') return null;
      plate = [scalar(q.plate.number), scalar(q.plate.jurisdiction)];
    }
    return JSON.stringify([
      scalar(q.type),
      scalar(q.name),
      scalar(q.birthDate),
      scalar(q.nationality),
      docs,
      plate,
      scalar(q.container),
      String(threshold),
      String(top),
    ]);
  } catch (e) {
    if (e === UNCACHEABLE) return null;
    throw e;
  }
}

/** The query behind a key (only the fields that decide what it reads). */
function queryOf(key: string): ScreenQuery {
  const [type, name, , , docs, plate, container] = JSON.parse(key) as unknown[];
  const q: ScreenQuery = {
    type: unscalar(type) as ScreenQuery['type'],
    name: unscalar(name) ?? undefined,
    container: unscalar(container) ?? undefined,
  };
  if (Array.isArray(docs))
    q.documents = docs.map((d: unknown[]) => ({
      type: '',
      number: unscalar(d[0]) as string,
      country: unscalar(d[1]) ?? undefined,
    }));
  if (Array.isArray(plate))
    q.plate = { number: unscalar(plate[0]) as string, jurisdiction: unscalar(plate[1]) ?? undefined };
  return q;
}

// ---------------------------------------------------------------------------------------------------------------
// what a query reads, what a change touches

function readsOf(key: string): Reads {
  const q = queryOf(key);
  const toks: TokInfo[] = [];
  const joins: string[] = [];
  const long: string[] = [];
  const keys: string[] = [];
  if (typeof q.name === 'string' && q.name.trim()) {
    const t = prepareName(q.name, q.type).tokens;
    const seen = new Set<string>();
    for (let i = 0; i < t.length; i++) {
      // adjacent query tokens written together in a listed name ("abdul rahman" / "abdulrahman")
      if (i + 1 < t.length) joins.push(t[i] + t[i + 1]);
      if (seen.has(t[i])) continue;
      seen.add(t[i]);
      // a long query token written apart in a listed name: the index looks up its halves
      if (t[i].length >= 6) long.push(t[i]);
      // one-letter query tokens are not expanded; tokInfo (unlike the index's query tokens) marks every token
      // without vowels as unvocalised, which can only raise tokenSim: a superset of the index's expansion
      if (t[i].length > 1) toks.push(tokInfo(t[i]));
    }
  }
  for (const d of q.documents ?? []) {
    const k = documentKey(d.number);
    if (k) keys.push('d' + k);
  }
  if (q.plate) {
    const k = plateKey(q.plate.number);
    if (k) keys.push('p' + k);
  }
  if (q.container) {
    const c = parseContainer(q.container);
    if (c) keys.push('c' + c.base);
  }
  return { toks, joins, long, keys };
}

/** What a change touches; a change that cannot be described (malformed entry) is taken to touch everything. */
function describeChange(before: ListEntry | undefined, after: ListEntry | undefined): Change {
  try {
    return describe(before, after);
  } catch {
    return { seq: 0, all: true, toks: [], words: new Set(), keys: new Set() };
  }
}

function describe(before: ListEntry | undefined, after: ListEntry | undefined): Change {
  const c: Change = { seq: 0, all: false, toks: [], words: new Set(), keys: new Set() };
  for (const e of [before, after]) {
    if (!e) continue;
    for (const raw of e.names) {
      if (typeof raw !== 'string' || !raw.trim()) continue;
      for (const t of prepareName(raw, e.type).tokens) {
        if (c.words.has(t)) continue;
        c.words.add(t);
        c.toks.push(tokInfo(t));
      }
    }
    for (const d of e.documents ?? []) {
      const k = documentKey(d.number);
      if (k) c.keys.add('d' + k);
    }
    for (const p of e.plates ?? []) {
      const k = plateKey(p.number);
      if (k) c.keys.add('p' + k);
    }
    for (const x of e.containers ?? []) {
      const pc = parseContainer(x);
      if (pc) c.keys.add('c' + pc.base);
    }
  }
  return c;
}

function affects(c: Change, r: Reads): boolean {
  if (c.all) return true;
  for (const k of r.keys) if (c.keys.has(k)) return true;
  for (const w of r.joins) if (c.words.has(w)) return true;
  for (const y of c.toks) {
    // a half of a long query token: its first or last 2 .. length-2 letters
    const w = y.t;
    for (const t of r.long)
      if (w.length >= 2 && w.length <= t.length - 2 && (t.startsWith(w) || t.endsWith(w))) return true;
    for (const x of r.toks) if (tokenSim(x, y) >= MIN_TOKEN_SIM) return true;
  }
  return false;
}
