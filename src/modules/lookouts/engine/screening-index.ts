// The in-memory screening index.
//
// Candidate generation is token blocking over an interned vocabulary:
//  - every distinct folded token is interned once (token id); a name is a short run of token ids in a pooled
//    Int32Array; each token id has a posting list of name ids;
//  - a query token is expanded, at the vocabulary level (not the name level), to the listed tokens it may match:
//    the same token, tokens with the same phonetic key, tokens one edit away as written or in their spelling-
//    normalised form (deletion neighbourhoods: each listed form is indexed under itself and its one-letter deletions,
//    SymSpell style), tokens with the
//    same consonant skeleton when one side is unvocalised, and joins/splits of adjacent tokens;
//  - posting lists are walked rarest query token first into a typed-array accumulator (name id -> matched query
//    weight, and a bit mask of the query tokens already credited); very common tokens ("mohammed", "al") are
//    skipped once rarer tokens already carry half of the query's weight, since a name that matches only them
//    cannot reach the threshold;
//  - candidates are bounded: an upper bound of each touched name's score is computed from the accumulator, those
//    below the floor dropped, and only the best K (by a histogram cut, no sort of all candidates) are rescored
//    by the full token alignment (align.ts), with every query-token / listed-token similarity computed at most
//    once per query.
// Names are aggregated to entries (best alias), then birth date, nationality and type adjust the score; document
// numbers, plates and containers are exact-key look-ups after normalisation.
//
// Live updates: upsert/remove mark names dead and append new ones; posting lists skip dead names and are
// compacted (with renumbering) once a quarter of the postings are dead.
import { Aligner, MAX_TOKENS, UNMATCHED_LISTED, UNMATCHED_QUERY } from './align.ts';
import { countryCode } from './countries.ts';
import { parseDate, type PartialDate } from './dates.ts';
import {
  compactId,
  documentKey,
  jurisdictionKey,
  jurisdictionsAgree,
  parseContainer,
  plateKey,
} from './identifiers.ts';
import { adjustments, DEFAULT_THRESHOLD, MAX_BONUS, round, type EntryFacts, type QueryFacts } from './score.ts';
import { tokenMethod, tokenSim, tokInfoFlags, MIN_TOKEN_SIM, type TokInfo } from './similarity.ts';
import { F_LEGAL, F_PARTICLE, F_PATRONYMIC, F_TITLE, F_STOP, prepareName, type PreparedName } from './text.ts';
import type { Hit, ListEntry, MatchReason, ScreenOptions, ScreenQuery, SubjectType } from './types.ts';

// An index may hold a million entries (registered people for recurrent vetting): each entry's record keeps only what
// screening reads, in arrays of exactly their length (shared empty ones when none), because every object here is
// walked by the garbage collector. The ListEntry itself is not kept.
interface EntryRec {
  id: string;
  /** the entry's first name as given, shown in hits */
  name: string;
  slot: number;
  facts: EntryFacts;
  nameIds: number[];
  docs: { key: string; compact: string; raw: string; country?: string }[];
  plates: { key: string; compact: string; raw: string; jur: string }[];
  containers: { base: string; raw: string }[];
}

type IdList = number | number[];

function addTo(map: Map<string, IdList>, key: string, id: number): void {
  const cur = map.get(key);
  if (cur === undefined) map.set(key, id);
  else if (typeof cur === 'number') {
    if (cur !== id) map.set(key, [cur, id]);
  } else if (cur[cur.length - 1] !== id) cur.push(id);
}

function forEachId(v: IdList | undefined, fn: (id: number) => void): void {
  if (v === undefined) return;
  if (typeof v === 'number') fn(v);
  else for (let i = 0; i < v.length; i++) fn(v[i]);
}

/** The shared empty list (never written to). */
const NONE: never[] = Object.freeze([]) as never[];
/** An array of exactly its length (a pushed-to array keeps spare capacity), or the shared empty one. */
function exact<T>(a: T[]): T[] {
  return a.length ? a.slice() : NONE;
}

function growI32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2, 1024));
  b.set(a);
  return b;
}
function growF32(a: Float32Array<ArrayBuffer>, need: number): Float32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Float32Array(Math.max(need, a.length * 2, 1024));
  b.set(a);
  return b;
}
function growU8(a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, a.length * 2, 1024));
  b.set(a);
  return b;
}
function growU32(a: Uint32Array<ArrayBuffer>, need: number): Uint32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint32Array(Math.max(need, a.length * 2, 1024));
  b.set(a);
  return b;
}

/**
 * Similarities of the query tokens with listed tokens, computed at most once per query: typed arrays indexed by
 * token id, cleared by a stamp (no allocation per query).
 */
class SimCache {
  private stamp = new Int32Array(0);
  private vals = new Float32Array(0);
  private cur = 0;
  private nq = 0;

  begin(vocabSize: number, nq: number): void {
    if (this.stamp.length < vocabSize) {
      const cap = vocabSize + (vocabSize >> 2) + 1024;
      this.stamp = new Int32Array(cap);
      this.vals = new Float32Array(cap * MAX_TOKENS);
      this.cur = 0;
    }
    if (this.cur > 2_000_000_000) {
      this.stamp.fill(0);
      this.cur = 0;
    }
    this.cur++;
    this.nq = nq;
  }

  /** similarity, or -1 when not computed yet */
  get(i: number, tid: number): number {
    return this.stamp[tid] === this.cur ? this.vals[tid * MAX_TOKENS + i] : -1;
  }

  set(i: number, tid: number, s: number): void {
    const base = tid * MAX_TOKENS;
    if (this.stamp[tid] !== this.cur) {
      this.stamp[tid] = this.cur;
      this.vals.fill(-1, base, base + this.nq);
    }
    this.vals[base + i] = s;
  }
}

const HIST_BUCKETS = 256;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
/** Names rescored per query at least (more when `top` is large). */
const RESCORE_MIN = 50;

interface Gen {
  /** the query token (for repeated tokens) */
  tok: string;
  /** a join of two adjacent query tokens */
  join?: boolean;
  /** the last expansion is the rarer half of a split token */
  split?: boolean;
  bits: number;
  w: number;
  /** number of query tokens (more than one for a repeated token or a join) */
  n: number;
  /** expansions: token ids and similarities, best first */
  tids: number[];
  sims: number[];
  cost: number;
  low: boolean;
}

export class ScreeningIndex {
  // vocabulary
  private vocab = new Map<string, number>();
  private toks: TokInfo[] = [];
  private post: number[][] = [];
  private byKey = new Map<string, IdList>();
  private bySkel = new Map<string, IdList>();
  private vowellessBySkel = new Map<string, IdList>();
  private byDel = new Map<string, IdList>();
  // names
  private nameCount = 0;
  private deadPostings = 0;
  private livePostings = 0;
  private nameEntry = new Int32Array(1024);
  private nameStart = new Int32Array(1024);
  private nameLen = new Uint8Array(1024);
  private nameWsum = new Float32Array(1024);
  private nameAlive = new Uint8Array(1024);
  private nameRaw: string[] = [];
  private poolLen = 0;
  private tokPool = new Int32Array(4096);
  private wPool = new Float32Array(4096);
  // entries
  private slots: (EntryRec | undefined)[] = [];
  private freeSlots: number[] = [];
  private byId = new Map<string, EntryRec>();
  private docIndex = new Map<string, IdList>();
  private plateIndex = new Map<string, IdList>();
  private containerIndex = new Map<string, IdList>();
  // per-query scratch
  // per-name scratch record, interleaved so that one posting touches one cache line:
  // [4n] query stamp, [4n+1] bit mask of query tokens credited, [4n+2] accumulated weight (float),
  // [4n+3] total token weight of the name (float; -1 when the name is dead)
  private rec = new Int32Array(0);
  private recF = new Float32Array(0);
  private touched = new Int32Array(1024);
  private cand = new Int32Array(1024);
  private candB = new Float32Array(1024);
  private entStamp = new Int32Array(1024);
  private entBest = new Float32Array(1024);
  private entName = new Int32Array(1024);
  private qstamp = 0;
  private aligner = new Aligner();
  private cTok: TokInfo[] = new Array(MAX_TOKENS);
  private cW = new Float32Array(MAX_TOKENS);
  private hist = new Uint32Array(HIST_BUCKETS);
  private sc = new SimCache();
  // Expansions of query tokens, reused across queries (names are Zipfian: "mohammed", "al", "abdul" recur);
  // valid while the vocabulary does not grow.
  private expCache = new Map<string, { tids: number[]; sims: number[]; split: boolean }>();
  private expCacheVocab = 0;
  private probeOut = new Float64Array(2);
  /** per query token: how many expansions not walked yet cover it (screenName) */
  private cover = new Int32Array(MAX_TOKENS);
  /** Work done by the last screen() call (for benchmarks and tuning). */
  readonly lastStats = { expansions: 0, postings: 0, touched: 0, rescored: 0 };
  private compactionCount = 0;

  constructor(entries?: Iterable<ListEntry>) {
    if (entries) for (const e of entries) this.upsert(e);
  }

  /** Number of entries. */
  get size(): number {
    return this.byId.size;
  }

  /** Number of live names (primary names and aliases). */
  get nameCountLive(): number {
    let n = 0;
    for (const r of this.byId.values()) n += r.nameIds.length;
    return n;
  }

  /**
   * Number of compactions so far. A compaction shortens the posting lists that held removed names (and renumbers
   * names), which can change the candidates, hence the results, of queries near no changed entry: result caches
   * (cached-index.ts) drop everything when it moves.
   */
  get compactions(): number {
    return this.compactionCount;
  }

  /** Number of distinct tokens interned. */
  get vocabularySize(): number {
    return this.toks.length;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  // ------------------------------------------------------------------------------------------------------------
  // updates

  upsert(e: ListEntry): void {
    if (this.byId.has(e.id)) this.removeRec(this.byId.get(e.id)!);
    const slot = this.freeSlots.length ? this.freeSlots.pop()! : this.slots.length;
    const rec: EntryRec = {
      id: e.id,
      name: e.names[0] ?? '',
      slot,
      facts: { type: e.type, dobs: this.datesOf(e.birthDates), nats: this.countriesOf(e.nationalities) },
      nameIds: NONE,
      docs: NONE,
      plates: NONE,
      containers: NONE,
    };
    this.slots[slot] = rec;
    this.byId.set(e.id, rec);
    const seen = new Set<string>();
    const nameIds: number[] = [];
    for (const raw of e.names) {
      if (typeof raw !== 'string' || !raw.trim() || seen.has(raw)) continue;
      seen.add(raw);
      const p = prepareName(raw, e.type);
      if (p.tokens.length === 0) continue;
      nameIds.push(this.addName(p, slot));
    }
    rec.nameIds = exact(nameIds);
    const docs: EntryRec['docs'] = [];
    for (const d of e.documents ?? []) {
      const key = documentKey(d.number);
      if (!key) continue;
      const compact = compactId(d.number);
      docs.push({ key, compact: compact === key ? key : compact, raw: d.number, country: countryCode(d.country) });
      addTo(this.docIndex, key, slot);
    }
    rec.docs = exact(docs);
    const plates: EntryRec['plates'] = [];
    for (const p of e.plates ?? []) {
      const key = plateKey(p.number);
      if (!key) continue;
      plates.push({ key, compact: compactId(p.number), raw: p.number, jur: jurisdictionKey(p.jurisdiction) });
      addTo(this.plateIndex, key, slot);
    }
    rec.plates = exact(plates);
    const containers: EntryRec['containers'] = [];
    for (const c of e.containers ?? []) {
      const pc = parseContainer(c);
      if (!pc) continue;
      containers.push({ base: pc.base, raw: c });
      addTo(this.containerIndex, pc.base, slot);
    }
    rec.containers = exact(containers);
  }

  // Birth dates and nationalities recur across entries (a million people share ~22,000 birth dates): one frozen array
  // per distinct list (up to 100,000 remembered, then forgotten all at once).
  private sharedLists = new Map<string, readonly unknown[]>();
  private datesOf(dates: string[] | undefined): PartialDate[] {
    return this.sharedList('d', dates, (d, out: PartialDate[]) => {
      const p = parseDate(d);
      if (p) out.push(p);
    });
  }
  private countriesOf(names: string[] | undefined): string[] {
    return this.sharedList('n', names, (n, out: string[]) => {
      const c = countryCode(n);
      if (c && !out.includes(c)) out.push(c);
    });
  }
  private sharedList<T>(kind: string, raw: string[] | undefined, add: (item: string, out: T[]) => void): T[] {
    if (!raw?.length) return NONE;
    const key = kind + raw.join('|');
    let l = this.sharedLists.get(key) as T[] | undefined;
    if (!l) {
      const out: T[] = [];
      for (const x of raw) add(x, out);
      l = Object.freeze(exact(out)) as T[];
      if (this.sharedLists.size >= 100_000) this.sharedLists.clear();
      this.sharedLists.set(key, l);
    }
    return l;
  }

  remove(id: string): void {
    const rec = this.byId.get(id);
    if (rec) this.removeRec(rec);
  }

  private removeRec(rec: EntryRec): void {
    for (const n of rec.nameIds) {
      this.nameAlive[n] = 0;
      if (4 * n + 3 < this.recF.length) this.recF[4 * n + 3] = -1;
      this.deadPostings += this.nameLen[n];
      this.livePostings -= this.nameLen[n];
    }
    const drop = (map: Map<string, IdList>, key: string) => {
      const cur = map.get(key);
      if (cur === undefined) return;
      if (typeof cur === 'number') {
        if (cur === rec.slot) map.delete(key);
        return;
      }
      const rest = cur.filter((s) => s !== rec.slot);
      if (rest.length === 0) map.delete(key);
      else map.set(key, rest.length === 1 ? rest[0] : rest);
    };
    for (const d of rec.docs) drop(this.docIndex, d.key);
    for (const p of rec.plates) drop(this.plateIndex, p.key);
    for (const c of rec.containers) drop(this.containerIndex, c.base);
    this.byId.delete(rec.id);
    this.slots[rec.slot] = undefined;
    this.freeSlots.push(rec.slot);
    if (this.deadPostings > 50_000 && this.deadPostings > this.livePostings / 4) this.compact();
  }

  private intern(t: string, flags: number): number {
    let id = this.vocab.get(t);
    if (id !== undefined) return id;
    id = this.toks.length;
    const info = tokInfoFlags(t, flags);
    this.vocab.set(t, id);
    this.toks.push(info);
    this.post.push([]);
    addTo(this.byKey, info.key, id);
    if (info.skel.length >= 2) {
      addTo(this.bySkel, info.skel, id);
      if (info.vowelless) addTo(this.vowellessBySkel, info.skel, id);
    }
    // deletion neighbourhoods (SymSpell) of the token as written and of its spelling-normalised form: each form
    // under itself and its 1-deletions, in one map (a match is verified by tokenSim anyway)
    this.addDeletions(t, id);
    if (info.norm !== t) this.addDeletions(info.norm, id);
    return id;
  }

  private addDeletions(f: string, id: number): void {
    if (f.length >= 3) addTo(this.byDel, f, id);
    if (f.length < 4) return;
    for (let i = 0; i < f.length; i++) {
      if (i > 0 && f.charCodeAt(i) === f.charCodeAt(i - 1)) continue; // same deletion as the previous position
      addTo(this.byDel, f.slice(0, i) + f.slice(i + 1), id);
    }
  }

  private lookupDeletions(f: string, cache: SimCache, i: number, qi: TokInfo, found: number[]): void {
    if (f.length >= 3) this.considerAll(cache, i, qi, this.byDel.get(f), found);
    if (f.length < 4) return;
    for (let k = 0; k < f.length; k++) {
      if (k > 0 && f.charCodeAt(k) === f.charCodeAt(k - 1)) continue;
      this.considerAll(cache, i, qi, this.byDel.get(f.slice(0, k) + f.slice(k + 1)), found);
    }
  }

  private addName(p: PreparedName, slot: number): number {
    const n = this.nameCount++;
    if (n >= this.nameEntry.length) {
      const need = n + 1;
      this.nameEntry = growI32(this.nameEntry, need);
      this.nameStart = growI32(this.nameStart, need);
      this.nameLen = growU8(this.nameLen, need);
      this.nameWsum = growF32(this.nameWsum, need);
      this.nameAlive = growU8(this.nameAlive, need);
    }
    const len = Math.min(p.tokens.length, MAX_TOKENS);
    this.tokPool = growI32(this.tokPool, this.poolLen + len);
    this.wPool = growF32(this.wPool, this.poolLen + len);
    let wsum = 0;
    for (let i = 0; i < len; i++) {
      const tid = this.intern(p.tokens[i], p.flags[i]);
      this.tokPool[this.poolLen + i] = tid;
      this.wPool[this.poolLen + i] = p.weights[i];
      wsum += p.weights[i];
      const pl = this.post[tid];
      if (pl[pl.length - 1] !== n) pl.push(n);
    }
    this.nameEntry[n] = slot;
    this.nameStart[n] = this.poolLen;
    this.nameLen[n] = len;
    this.nameWsum[n] = wsum;
    this.nameAlive[n] = 1;
    if (4 * n + 3 < this.recF.length) {
      this.recF[4 * n + 3] = wsum;
      this.rec[4 * n] = 0;
    }
    this.nameRaw[n] = p.raw;
    this.poolLen += len;
    this.livePostings += len;
    return n;
  }

  /** Renumbers live names densely and rebuilds the posting lists. */
  private compact(): void {
    this.compactionCount++;
    const oldEntry = this.nameEntry,
      oldStart = this.nameStart,
      oldLen = this.nameLen,
      oldW = this.nameWsum,
      oldAlive = this.nameAlive;
    const oldRaw = this.nameRaw,
      oldPool = this.tokPool,
      oldWPool = this.wPool,
      oldCount = this.nameCount;
    const remap = new Int32Array(oldCount).fill(-1);
    let live = 0;
    let pool = 0;
    for (let n = 0; n < oldCount; n++)
      if (oldAlive[n]) {
        remap[n] = live++;
        pool += oldLen[n];
      }
    this.nameEntry = new Int32Array(Math.max(live, 1024));
    this.nameStart = new Int32Array(Math.max(live, 1024));
    this.nameLen = new Uint8Array(Math.max(live, 1024));
    this.nameWsum = new Float32Array(Math.max(live, 1024));
    this.nameAlive = new Uint8Array(Math.max(live, 1024));
    this.tokPool = new Int32Array(Math.max(pool, 4096));
    this.wPool = new Float32Array(Math.max(pool, 4096));
    this.nameRaw = new Array(live);
    for (const pl of this.post) pl.length = 0;
    let p = 0;
    for (let n = 0; n < oldCount; n++) {
      const m = remap[n];
      if (m < 0) continue;
      this.nameEntry[m] = oldEntry[n];
      this.nameStart[m] = p;
      this.nameLen[m] = oldLen[n];
      this.nameWsum[m] = oldW[n];
      this.nameAlive[m] = 1;
      this.nameRaw[m] = oldRaw[n];
      for (let k = 0; k < oldLen[n]; k++) {
        const tid = oldPool[oldStart[n] + k];
        this.tokPool[p + k] = tid;
        this.wPool[p + k] = oldWPool[oldStart[n] + k];
        const pl = this.post[tid];
        if (pl[pl.length - 1] !== m) pl.push(m);
      }
      p += oldLen[n];
    }
    for (const rec of this.byId.values()) rec.nameIds = rec.nameIds.map((n) => remap[n]);
    this.nameCount = live;
    this.poolLen = p;
    this.livePostings = p;
    this.deadPostings = 0;
    this.rec = new Int32Array(0);
    this.recF = new Float32Array(0);
  }

  // ------------------------------------------------------------------------------------------------------------
  // screening

  screen(q: ScreenQuery, opts: ScreenOptions = {}): Hit[] {
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const top = Math.max(1, Math.floor(opts.top ?? 10));
    const facts: QueryFacts = {
      type: q.type,
      dob: q.birthDate ? parseDate(q.birthDate) : null,
      dobRaw: q.birthDate,
      nat: countryCode(q.nationality),
      natRaw: q.nationality,
    };
    this.ensureScratch();
    if (this.qstamp > 2_000_000_000) this.resetStamps();
    const qs = ++this.qstamp;
    const touchedEnt: number[] = [];
    const idScore = new Map<number, { score: number; reasons: MatchReason[] }>();

    // 1. identifiers
    if (q.documents?.length || q.plate || q.container) this.screenIdentifiers(q, idScore);

    // 2. names
    let qp: PreparedName | null = null;
    let qInfo: TokInfo[] = [];
    const cache = this.sc;
    if (q.name && q.name.trim()) {
      qp = prepareName(q.name, q.type);
      const nq = Math.min(qp.tokens.length, MAX_TOKENS);
      qInfo = qp.tokens.slice(0, nq).map((t, i) => tokInfoFlags(t, qp!.flags[i]));
      cache.begin(this.toks.length, nq);
      if (nq > 0) this.screenName(qp, qInfo, cache, threshold, top, touchedEnt, qs);
    }

    // 3. entry-level scores
    const scored: { slot: number; score: number; key: number; name: number }[] = [];
    for (const slot of touchedEnt) {
      const rec = this.slots[slot];
      if (!rec) continue;
      const ns = this.entBest[slot];
      if (ns + MAX_BONUS < threshold && idScore.size === 0) continue;
      const raw = ns + adjustments(facts, rec.facts);
      scored.push({ slot, score: round(Math.min(1, Math.max(0, raw))), key: raw, name: this.entName[slot] });
    }
    for (const [slot, v] of idScore) {
      const cur = scored.find((s) => s.slot === slot);
      if (cur) {
        if (v.score > cur.score) {
          cur.score = v.score;
          cur.key = Math.max(cur.key, v.score);
        }
      } else scored.push({ slot, score: v.score, key: v.score, name: -1 });
    }
    const passing = scored.filter((s) => s.score >= threshold);
    passing.sort((a, b) => b.key - a.key || b.score - a.score);
    const hits: Hit[] = [];
    for (const s of passing.slice(0, top)) {
      const rec = this.slots[s.slot]!;
      const reasons: MatchReason[] = [];
      let name = rec.name;
      if (s.name >= 0 && qp) {
        name = this.nameRaw[s.name];
        this.explainName(qp, qInfo, cache, s.name, rec, reasons);
        adjustments(facts, rec.facts, reasons);
      }
      const idr = idScore.get(s.slot);
      if (idr) reasons.push(...idr.reasons);
      hits.push({ id: rec.id, score: round(s.score), name, reasons });
    }
    return hits;
  }

  private ensureScratch(): void {
    const n = this.nameCount;
    const s = this.slots.length;
    let reset = false;
    if (this.rec.length < 4 * n) {
      const cap = Math.max(n, 1024) + (n >> 3);
      const buf = new ArrayBuffer(16 * cap);
      this.rec = new Int32Array(buf);
      this.recF = new Float32Array(buf);
      for (let k = 0; k < n; k++) this.recF[4 * k + 3] = this.nameAlive[k] ? this.nameWsum[k] : -1;
      this.touched = new Int32Array(cap);
      this.cand = new Int32Array(cap);
      this.candB = new Float32Array(cap);
      reset = true;
    }
    if (this.entStamp.length < s) {
      const cap = Math.max(s, 1024) + (s >> 3);
      this.entStamp = new Int32Array(cap);
      this.entBest = new Float32Array(cap);
      this.entName = new Int32Array(cap);
      reset = true;
    }
    if (reset) this.resetStamps();
  }

  private resetStamps(): void {
    for (let k = 0; k < this.rec.length; k += 4) this.rec[k] = 0;
    this.entStamp.fill(0);
    this.qstamp = 0;
  }

  private simOf(cache: SimCache, q: TokInfo[], i: number, tid: number): number {
    let s = cache.get(i, tid);
    if (s < 0) {
      // Pairs not met by the expansion of query token i can still match as an initial, or by two or three
      // edits between long forms; short forms within one edit were all met by the expansion.
      const x = q[i];
      const y = this.toks[tid];
      const nl = x.norm.length > y.norm.length ? x.norm.length : y.norm.length;
      s = x.t.length === 1 || y.t.length === 1 || nl >= 5 ? tokenSim(x, y) : 0;
      if (s < MIN_TOKEN_SIM) s = 0;
      cache.set(i, tid, s);
    }
    return s;
  }

  private consider(cache: SimCache, i: number, q: TokInfo, tid: number, found: number[]): void {
    if (cache.get(i, tid) >= 0) return;
    let s = tokenSim(q, this.toks[tid]);
    if (s < MIN_TOKEN_SIM) s = 0;
    cache.set(i, tid, s);
    if (s > 0) found.push(tid);
  }

  private considerAll(cache: SimCache, i: number, q: TokInfo, v: IdList | undefined, found: number[]): void {
    if (v === undefined) return;
    if (typeof v === 'number') this.consider(cache, i, q, v, found);
    else for (let k = 0; k < v.length; k++) this.consider(cache, i, q, v[k], found);
  }

  private expandCached(q: TokInfo[], i: number, cache: SimCache): Gen {
    if (this.expCacheVocab !== this.toks.length || this.expCache.size >= 50_000) {
      this.expCache.clear();
      this.expCacheVocab = this.toks.length;
    }
    const t = q[i].t;
    // the expansion depends on the token and on whether it is written without vowels (skeleton look-ups)
    const key = q[i].vowelless ? t + '\u0000v' : t;
    const hit = this.expCache.get(key);
    if (hit === undefined) {
      const g = this.expand(q, i, cache);
      this.expCache.set(key, { tids: g.tids, sims: g.sims, split: g.split === true });
      return g;
    }
    let cost = 0;
    for (let k = 0; k < hit.tids.length; k++) {
      const tid = hit.tids[k];
      // split halves (a listed token that is part of a joined query token) are not similarities of the token
      if (!hit.split || k < hit.tids.length - 1) cache.set(i, tid, hit.sims[k]);
      cost += this.post[tid].length;
    }
    return { bits: 1 << i, w: 0, n: 1, tids: hit.tids, sims: hit.sims, cost, low: false, tok: t };
  }

  /** Listed tokens a query token may match, with their similarities (cached), best first. */
  private expand(q: TokInfo[], i: number, cache: SimCache): Gen {
    const qi = q[i];
    const m = cache;
    const found: number[] = [];
    const t = qi.t;
    const exact = this.vocab.get(t);
    if (exact !== undefined) this.consider(m, i, qi, exact, found);
    this.considerAll(m, i, qi, this.byKey.get(qi.key), found);
    // tokens within one edit of the normalised form: same form, one letter more, one less, one changed or two swapped
    this.lookupDeletions(t, m, i, qi, found);
    if (qi.norm !== t) this.lookupDeletions(qi.norm, m, i, qi, found);
    if (qi.skel.length >= 2)
      this.considerAll(m, i, qi, qi.vowelless ? this.bySkel.get(qi.skel) : this.vowellessBySkel.get(qi.skel), found);
    // best first (insertion sort: lists are short)
    const sims: number[] = new Array(found.length);
    for (let a = 0; a < found.length; a++) {
      const tid = found[a];
      const s = m.get(i, tid);
      let b = a - 1;
      while (b >= 0 && sims[b] < s) {
        found[b + 1] = found[b];
        sims[b + 1] = sims[b];
        b--;
      }
      found[b + 1] = tid;
      sims[b + 1] = s;
    }
    // a long token may be two listed tokens written together ("abdulrahman"): the rarer half finds the names
    let split = false;
    if (t.length >= 6) {
      let bestTid = -1;
      let bestLen = Infinity;
      for (let p = 2; p <= t.length - 2; p++) {
        const l = this.vocab.get(t.slice(0, p));
        if (l === undefined) continue;
        const r = this.vocab.get(t.slice(p));
        if (r === undefined) continue;
        const rarer = this.post[l].length <= this.post[r].length ? l : r;
        if (this.post[rarer].length < bestLen) {
          bestLen = this.post[rarer].length;
          bestTid = rarer;
        }
      }
      if (bestTid >= 0 && !found.includes(bestTid)) {
        found.push(bestTid);
        sims.push(0.9);
        split = true;
      }
    }
    let cost = 0;
    for (let k = 0; k < found.length; k++) cost += this.post[found[k]].length;
    return { bits: 1 << i, w: 0, n: 1, tids: found, sims, cost, low: false, tok: qi.t, split };
  }

  private screenName(
    qp: PreparedName,
    q: TokInfo[],
    cache: SimCache,
    threshold: number,
    top: number,
    touchedEnt: number[],
    qs: number,
  ): void {
    const nq = q.length;
    const gens: Gen[] = [];
    let wq = 0;
    // query tokens that are neither walked nor probed (initials, tokens like nothing listed) are assumed matched
    // in the bounds, so that the bounds stay upper bounds
    let optW = 0;
    let optN = 0;
    for (let i = 0; i < nq; i++) {
      wq += qp.weights[i];
      if (q[i].t.length === 1) {
        optW += qp.weights[i];
        optN++;
        continue;
      }
      // a repeated query token ("mohamed ... mohamed") walks its postings once, for both
      let dup = -1;
      for (let k = 0; k < gens.length; k++) if (gens[k].tok === q[i].t) dup = k;
      if (dup >= 0) {
        gens[dup].bits |= 1 << i;
        gens[dup].w += qp.weights[i];
        gens[dup].n++;
        continue;
      }
      const g = this.expandCached(q, i, cache);
      g.w = qp.weights[i];
      g.low = qp.weights[i] < 1;
      if (g.tids.length) gens.push(g);
      else {
        optW += qp.weights[i];
        optN++;
      }
    }
    // two adjacent query tokens written apart that are one listed token ("abdul rahman")
    for (let i = 0; i + 1 < nq; i++) {
      const tid = this.vocab.get(q[i].t + q[i + 1].t);
      if (tid === undefined) continue;
      gens.push({
        bits: (1 << i) | (1 << (i + 1)),
        w: qp.weights[i] + qp.weights[i + 1],
        n: 2,
        tids: [tid],
        sims: [1],
        cost: this.post[tid].length,
        low: false,
        tok: '',
        join: true,
      });
    }
    const st = this.lastStats;
    st.expansions = 0;
    st.postings = 0;
    st.touched = 0;
    st.rescored = 0;
    for (const g of gens) st.expansions += g.tids.length;
    if (gens.length === 0) return;
    gens.sort((a, b) => a.cost - b.cost);
    const minName = Math.max(0.3, threshold - MAX_BONUS - 0.05);
    // Upper bound of the name score (align.ts) of a name with total token weight wc, given matched query weight a
    // (similarities included) over m matched query tokens: each matched query token pairs with one listed token
    // of weight at most 1, so the matched listed weight b is at most min(wc, m); similarities are at most 1.
    const ub = (a: number, m: number, wc: number) => {
      if (a > wq) a = wq;
      const b = m < wc ? m : wc;
      return (
        (a + b) /
        ((1 - UNMATCHED_QUERY) * a + (1 - UNMATCHED_LISTED) * b + UNMATCHED_QUERY * wq + UNMATCHED_LISTED * wc)
      );
    };

    // 1. accumulate over posting lists, rarest first (prefix filtering): once the query tokens not yet walked
    //    weigh so little that a name matching only them cannot reach the floor, the rest are only probed on the
    //    names already found. Particles and titles are probed, never walked, once a full token was walked.
    //    A name not touched yet can match only query tokens that some unwalked expansion still covers: a join
    //    ("abdul rahman" → listed "abdulrahman") covers two tokens even after each was walked on its own.
    const rec = this.rec,
      recF = this.recF,
      touched = this.touched;
    let nt = 0;
    const cover = this.cover;
    cover.fill(0, 0, nq);
    for (const g of gens) for (let i = 0; i < nq; i++) if (g.bits & (1 << i)) cover[i]++;
    let remW = optW;
    let remN = optN;
    for (let i = 0; i < nq; i++)
      if (cover[i] > 0) {
        remW += qp.weights[i];
        remN++;
      }
    let walkedFull = false;
    const probes: Gen[] = [];
    for (const g of gens) {
      // best score of a name that matches only the tokens not walked yet (and has no other token)
      const onlyRest = remN > 0 ? (remW + remN) / ((1 - UNMATCHED_QUERY) * remW + remN + UNMATCHED_QUERY * wq) : 0;
      if (nt > 0 && ((g.low && walkedFull) || onlyRest < minName)) {
        if (!g.join) probes.push(g);
        continue;
      }
      for (let i = 0; i < nq; i++)
        if (g.bits & (1 << i) && --cover[i] === 0) {
          remW -= qp.weights[i];
          remN--;
        }
      if (!g.low) walkedFull = true;
      st.postings += g.cost;
      const bits = g.bits;
      for (let k = 0; k < g.tids.length; k++) {
        const inc = g.w * g.sims[k];
        const pl = this.post[g.tids[k]];
        for (let p = 0; p < pl.length; p++) {
          const r = pl[p] << 2;
          if (rec[r] !== qs) {
            rec[r] = qs;
            rec[r + 1] = bits;
            recF[r + 2] = inc;
            touched[nt++] = pl[p];
          } else if ((rec[r + 1] & bits) === 0) {
            rec[r + 1] |= bits;
            recF[r + 2] += inc;
          }
        }
      }
    }
    // probed tokens whose postings are shorter than the probing would be are walked too, crediting only the
    // names already found (no new names)
    let probeW = 0;
    let probeN = 0;
    let np = 0;
    for (const g of probes) {
      if (g.cost > 2 * nt) {
        probes[np++] = g;
        probeW += g.w;
        probeN += g.n;
        continue;
      }
      st.postings += g.cost;
      const bits = g.bits;
      for (let k = 0; k < g.tids.length; k++) {
        const inc = g.w * g.sims[k];
        const pl = this.post[g.tids[k]];
        for (let p = 0; p < pl.length; p++) {
          const r = pl[p] << 2;
          if (rec[r] === qs && (rec[r + 1] & bits) === 0) {
            rec[r + 1] |= bits;
            recF[r + 2] += inc;
          }
        }
      }
    }
    probes.length = np;

    // 2. bound each touched name; names whose bound passes with the probed tokens assumed matched are probed
    //    (their own tokens looked up in the similarity cache); the best K by bound are kept by a histogram cut
    const K = Math.max(RESCORE_MIN, top * 5);
    const hist = this.hist;
    hist.fill(0);
    const cand = this.cand,
      candB = this.candB;
    const pr = this.probeOut;
    let nc = 0;
    for (let k = 0; k < nt; k++) {
      const n = touched[k];
      const r = n << 2;
      const wc = recF[r + 3];
      if (wc < 0) continue;
      const m = popcount(rec[r + 1]);
      let b = ub(recF[r + 2] + probeW + optW, m + probeN + optN, wc);
      if (b < minName) continue;
      if (probeN > 0) {
        this.probe(n, probes, cache);
        b = ub(recF[r + 2] + pr[0] + optW, m + pr[1] + optN, wc);
        if (b < minName) continue;
      }
      cand[nc] = n;
      candB[nc++] = b;
      hist[Math.min(HIST_BUCKETS - 1, (b * (HIST_BUCKETS - 1)) | 0)]++;
    }
    let cut = 0;
    if (nc > K) {
      let c = 0;
      for (cut = HIST_BUCKETS - 1; cut > 0; cut--) {
        c += hist[cut];
        if (c >= K) break;
      }
    }
    const cutVal = cut / (HIST_BUCKETS - 1);

    // 3. rescore
    let rescored = 0;
    const entStamp = this.entStamp,
      entBest = this.entBest,
      entName = this.entName;
    for (let k = 0; k < nc && rescored < K + 20; k++) {
      if (candB[k] < cutVal) continue;
      const n = cand[k];
      rescored++;
      const s = this.scoreName(qp, q, cache, n);
      if (s <= 0) continue;
      const slot = this.nameEntry[n];
      if (entStamp[slot] !== qs) {
        entStamp[slot] = qs;
        entBest[slot] = -1;
        touchedEnt.push(slot);
      }
      if (s > entBest[slot]) {
        entBest[slot] = s;
        entName[slot] = n;
      }
    }
    st.touched = nt;
    st.rescored = rescored;
  }

  /** Weight and number of the probed query tokens that name n matches (each at its best similarity): probeOut. */
  private probe(n: number, probes: Gen[], cache: SimCache): void {
    const start = this.nameStart[n];
    const len = this.nameLen[n];
    let a = 0;
    let m = 0;
    for (const g of probes) {
      const i = 31 - Math.clz32(g.bits & -g.bits); // expansions are cached under the first query token of the group
      let best = 0;
      for (let j = 0; j < len; j++) {
        const s = cache.get(i, this.tokPool[start + j]);
        if (s > best) best = s;
      }
      if (best > 0) {
        a += g.w * best;
        m += g.n;
      }
    }
    this.probeOut[0] = a;
    this.probeOut[1] = m;
  }

  /** Full alignment score of the query against listed name n. */
  private scoreName(qp: PreparedName, q: TokInfo[], cache: SimCache, n: number): number {
    const nq = q.length;
    const nc = this.nameLen[n];
    const start = this.nameStart[n];
    const sim = this.aligner.sim;
    const cTok = this.cTok,
      cW = this.cW;
    for (let j = 0; j < nc; j++) {
      const tid = this.tokPool[start + j];
      cTok[j] = this.toks[tid];
      cW[j] = this.wPool[start + j];
      for (let i = 0; i < nq; i++) sim[i * MAX_TOKENS + j] = this.simOf(cache, q, i, tid);
    }
    return this.aligner.align(nq, nc, q, qp.weights, cTok, cW);
  }

  private explainName(
    qp: PreparedName,
    q: TokInfo[],
    cache: SimCache,
    n: number,
    rec: EntryRec,
    reasons: MatchReason[],
  ): void {
    const score = this.scoreName(qp, q, cache, n);
    const lp = prepareName(this.nameRaw[n], rec.facts.type);
    reasons.push(...describeAlignment(this.aligner, qp, q, lp, this.cTok.slice(0, this.nameLen[n]), score));
  }

  private screenIdentifiers(q: ScreenQuery, out: Map<number, { score: number; reasons: MatchReason[] }>): void {
    const put = (slot: number, score: number, reason: MatchReason) => {
      const cur = out.get(slot);
      if (!cur) out.set(slot, { score, reasons: [reason] });
      else {
        cur.score = Math.max(cur.score, score);
        cur.reasons.push(reason);
      }
    };
    for (const d of q.documents ?? []) {
      const key = documentKey(d.number);
      if (!key) continue;
      const compact = compactId(d.number);
      const country = countryCode(d.country);
      forEachId(this.docIndex.get(key), (slot) => {
        const rec = this.slots[slot];
        if (!rec) return;
        for (const ld of rec.docs) {
          if (ld.key !== key) continue;
          let score = ld.compact === compact ? 1 : 0.95;
          const method = ld.compact === compact ? 'exact' : 'ocr-confusable';
          if (country && ld.country && country !== ld.country) score *= 0.9;
          put(slot, score, { field: 'document', method, score, query: d.number, listed: ld.raw });
        }
      });
    }
    if (q.plate) {
      const key = plateKey(q.plate.number);
      const jur = jurisdictionKey(q.plate.jurisdiction);
      const compact = compactId(q.plate.number);
      if (key) {
        forEachId(this.plateIndex.get(key), (slot) => {
          const rec = this.slots[slot];
          if (!rec) return;
          for (const lp of rec.plates) {
            if (lp.key !== key) continue;
            let score = lp.compact === compact ? 1 : 0.95;
            let method = lp.compact === compact ? 'exact' : 'ocr-confusable';
            if (jur && lp.jur) {
              if (!jurisdictionsAgree(jur, lp.jur)) {
                score = 0.5;
                method = 'jurisdiction-disagree';
              }
            } else if (jur || lp.jur) {
              score *= 0.9;
              method = 'jurisdiction-unknown';
            }
            put(slot, score, {
              field: 'plate',
              method,
              score,
              query: q.plate!.jurisdiction ? `${q.plate!.number} (${q.plate!.jurisdiction})` : q.plate!.number,
              listed: lp.jur ? `${lp.raw} (${lp.jur})` : lp.raw,
            });
          }
        });
      }
    }
    if (q.container) {
      const pc = parseContainer(q.container);
      if (pc) {
        forEachId(this.containerIndex.get(pc.base), (slot) => {
          const rec = this.slots[slot];
          if (!rec) return;
          for (const lc of rec.containers) {
            if (lc.base !== pc.base) continue;
            const score = pc.valid ? 1 : 0.9;
            put(slot, score, {
              field: 'container',
              method: pc.valid ? 'exact' : 'check-digit-invalid',
              score,
              query: q.container,
              listed: lc.raw,
            });
          }
        });
      }
    }
  }
}

/** Reasons for a name match, from an aligner that has just aligned the query with the listed name. */
export function describeAlignment(
  al: Aligner,
  qp: PreparedName,
  q: TokInfo[],
  lp: PreparedName,
  c: TokInfo[],
  score: number,
): MatchReason[] {
  const details: MatchReason[] = [];
  const methods = new Set<string>();
  const nq = q.length;
  const nc = c.length;
  const pairs: { qi: number; cj: number }[] = [];
  for (let k = 0; k < al.nPairs; k++) {
    const i = al.pq[k],
      i2 = al.pq2[k],
      j = al.pc[k],
      j2 = al.pc2[k];
    pairs.push({ qi: i, cj: j });
    const qt = i2 >= 0 ? q[i].t + ' ' + q[i2].t : q[i].t;
    const ct = j2 >= 0 ? c[j].t + ' ' + c[j2].t : c[j].t;
    const m: string = i2 >= 0 || j2 >= 0 ? 'joined' : tokenMethod(q[i], c[j]);
    if (m === 'exact') continue;
    methods.add(m);
    details.push({ field: 'name', method: m, score: round(al.ps[k]), query: qt, listed: ct });
  }
  const unmatched = (used: Int8Array, n: number, toks: TokInfo[], flags: number[]) => {
    const missing: string[] = [];
    const legal: string[] = [];
    const minor: string[] = [];
    const father: string[] = [];
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      if (flags[i] & F_LEGAL) legal.push(toks[i].t);
      else if (flags[i] & (F_PARTICLE | F_TITLE | F_STOP)) minor.push(toks[i].t);
      else if (flags[i] & F_PATRONYMIC) father.push(toks[i].t);
      else missing.push(toks[i].t);
    }
    return { missing, legal, minor, father };
  };
  const uq = unmatched(al.qUsed, nq, q, qp.flags);
  const uc = unmatched(al.cUsed, nc, c, lp.flags);
  // the name parts left out on either side, one explanation per kind (only a missing part costs score)
  const leftOut = [
    ['partial', uq.missing, uc.missing],
    ['legal-form', uq.legal, uc.legal],
    ['patronymic', uq.father, uc.father],
    ['particle', uq.minor, uc.minor],
  ] as const;
  for (const [method, query, listed] of leftOut) {
    if (!query.length && !listed.length) continue;
    methods.add(method);
    details.push({
      field: 'name',
      method,
      score: method === 'partial' ? round(score) : 0,
      query: query.join(' ') || undefined,
      listed: listed.join(' ') || undefined,
    });
  }
  pairs.sort((a, b) => a.qi - b.qi);
  let reordered = false;
  for (let k = 1; k < pairs.length; k++) if (pairs[k].cj < pairs[k - 1].cj) reordered = true;
  if (reordered) methods.add('reordered');
  if (qp.lastFirst !== lp.lastFirst) methods.add('last-first');
  if (qp.transliterated || lp.transliterated) methods.add('transliterated');
  if (qp.folded || lp.folded) methods.add('folded');
  const order = [
    'phonetic',
    'typo',
    'joined',
    'initial',
    'partial',
    'reordered',
    'legal-form',
    'patronymic',
    'particle',
    'last-first',
    'transliterated',
    'folded',
  ];
  let primary = order.find((m) => methods.has(m));
  if (!primary)
    primary =
      qp.raw.trim().toLowerCase().replace(/\s+/g, ' ') === lp.raw.trim().toLowerCase().replace(/\s+/g, ' ')
        ? 'exact'
        : 'folded';
  const out: MatchReason[] = [{ field: 'name', method: primary, score: round(score), query: qp.raw, listed: lp.raw }];
  if (reordered) out.push({ field: 'name', method: 'reordered', score: round(score) });
  if (qp.lastFirst !== lp.lastFirst) out.push({ field: 'name', method: 'last-first', score: round(score) });
  if (qp.transliterated || lp.transliterated)
    out.push({
      field: 'name',
      method: 'transliterated',
      score: round(score),
      query: q.map((t) => t.t).join(' '),
      listed: c.map((t) => t.t).join(' '),
    });
  return out.concat(details);
}

export type { SubjectType };
