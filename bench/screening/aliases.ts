// Alias leave-one-out and name-pair evaluations, built from the real aliases of the L20k lists (OFAC SDN alt.csv,
// the UN list's aliases and original-script names), with a committed, deterministic split by entity into a dev
// part (the only one tuned on) and a held-out part.
//
// Alias leave-one-out: query one alias of a listed entry, with that alias taken out of the index (the entry keeps
// its other names); the truth is the entry (and the same person or body listed under that exact name elsewhere, as
// in data.ts). Aliases that are only another spelling of a name the entry keeps (the same sorted folded tokens:
// "AL-QAIDA" / "AL QAIDA") are left out, since they would be found by the name that stays.
//
// Name pairs: labelled match / no-match pairs scored by scoreNames at the operating threshold. Matches: an entry's
// primary name with each of its aliases (same rule as above), and the UN original-script name with its Latin
// primary name (cross-script: Arabic, Cyrillic, CJK ... against Latin). Non-matches (hard negatives): the primary
// names of two different listed persons or bodies that share a name token (the pair sharing the most tokens is
// taken), and the original-script name of one UN person against the Latin name of another who shares a token with
// it. Two entries are never a negative pair when they share any name (possibly the same person on both lists).
import anyAscii from 'any-ascii';
import type { ListEntry, SubjectType } from '../../src/modules/lookouts/engine/index.ts';
import { Rng } from './rng.ts';

// The evaluation sets must not move when the engine changes: names are keyed and tokenised here with any-ascii and
// a fixed list of minor words, not with the engine's prepareName.
const MINOR_WORDS = new Set(
  (
    'al el ul ad ar as at az an ash bin ben ibn bint abu abou bou ould de da del della der di do dos das du des la ' +
    'le lo los las van von den ter y e st mac mc mr mrs ms dr haji hajji mullah maulavi mawlawi sheikh shaykh qari ' +
    'sayed sayyid syed hafiz jr sr the of and for s a sa co ltd llc inc corp company limited'
  ).split(' '),
);
function benchTokens(name: string): string[] {
  let s = name.normalize('NFKC');
  const commas = s.split(',');
  if (commas.length === 2) s = `${commas[1]} ${commas[0]}`;
  return anyAscii(s.replace(/['`\u2018\u2019\u02bc\u02bb]/g, ''))
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
function nameKey(name: string, _type?: SubjectType): string {
  return benchTokens(name).sort().join(' ');
}

export type Split = 'dev' | 'heldout';

/** FNV-1a 32-bit. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The committed split: 30 % of entries (by a salted hash of the entry id) are held out. Do not change the salt. */
export function splitOf(entryId: string): Split {
  return fnv1a(`smartborder-screening-split-v1:${entryId}`) % 100 < 30 ? 'heldout' : 'dev';
}

export type Script = 'latin' | 'arabic' | 'cyrillic' | 'cjk' | 'other';

export function scriptOf(name: string): Script {
  if (/\p{Script=Arabic}/u.test(name)) return 'arabic';
  if (/\p{Script=Cyrillic}/u.test(name)) return 'cyrillic';
  if (/[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(name)) return 'cjk';
  if (/[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(name)) return 'other';
  return 'latin';
}

export interface AliasQuery {
  qid: string;
  entry: ListEntry;
  alias: string;
  split: Split;
  script: Script;
  type?: SubjectType;
  /** entry ids that count as right */
  truth: string[];
}

function keysOf(e: ListEntry): string[] {
  return e.names.map((n) => nameKey(n, e.type));
}

function byKey(entries: ListEntry[]): Map<string, ListEntry[]> {
  const m = new Map<string, ListEntry[]>();
  for (const e of entries)
    for (const k of new Set(keysOf(e))) {
      if (!k) continue;
      const l = m.get(k);
      if (l) l.push(e);
      else m.set(k, [e]);
    }
  return m;
}

function years(e: ListEntry): Set<string> {
  return new Set((e.birthDates ?? []).map((d) => d.slice(0, 4)).filter((y) => /^\d{4}$/.test(y)));
}

/**
 * Entries that are the same person or body as `e` on the other list, or listed again: of the same type, sharing a
 * name of two tokens or more (any of their names, not only the alias queried) and a birth year when both give one.
 */
function duplicates(e: ListEntry, idx: Map<string, ListEntry[]>): ListEntry[] {
  const out: ListEntry[] = [];
  const ye = years(e);
  for (const k of new Set(keysOf(e))) {
    if (!k.includes(' ')) continue;
    for (const o of idx.get(k) ?? []) {
      if (o === e || o.type !== e.type || out.includes(o)) continue;
      const yo = years(o);
      if (ye.size && yo.size && ![...ye].some((y) => yo.has(y))) continue;
      out.push(o);
    }
  }
  return out;
}

export function aliasQueries(entries: ListEntry[]): AliasQuery[] {
  const idx = byKey(entries);
  const out: AliasQuery[] = [];
  for (const e of entries) {
    if (e.type !== 'person' && e.type !== 'organization') continue;
    if (e.names.length < 2) continue;
    const keys = keysOf(e);
    for (let k = 1; k < e.names.length; k++) {
      const alias = e.names[k];
      const key = keys[k];
      if (!key) continue;
      // only another spelling of a name the entry keeps
      if (keys.some((o, j) => j !== k && o === key)) continue;
      if (!keys.some((o, j) => j !== k && o)) continue;
      const truth = [e.id];
      for (const o of idx.get(key) ?? []) if (o !== e && !truth.includes(o.id)) truth.push(o.id);
      for (const o of duplicates(e, idx)) if (!truth.includes(o.id)) truth.push(o.id);
      out.push({
        qid: `alias-${e.id}-${k}`,
        entry: e,
        alias,
        split: splitOf(e.id),
        script: scriptOf(alias),
        type: e.type,
        truth,
      });
    }
  }
  return out;
}

export type PairKind = 'alias' | 'cross-script' | 'shared-token' | 'cross-script-negative';

export interface NamePair {
  id: string;
  a: string;
  b: string;
  type?: SubjectType;
  match: boolean;
  kind: PairKind;
  split: Split;
  script: Script;
}

/** Tokens that say little on their own (particles, titles, short tokens) are not used to pick negatives. */
function contentTokens(name: string): string[] {
  return benchTokens(name).filter((t) => t.length >= 3 && !MINOR_WORDS.has(t));
}

export function namePairs(entries: ListEntry[], seed = 14): NamePair[] {
  const rng = new Rng(seed);
  const out: NamePair[] = [];
  const eligible = entries.filter((e) => e.type === 'person' || e.type === 'organization');
  // positives
  for (const e of eligible) {
    const keys = keysOf(e);
    const primary = e.names[0];
    const split = splitOf(e.id);
    for (let k = 1; k < e.names.length; k++) {
      if (!keys[k] || keys[k] === keys[0]) continue;
      const script = scriptOf(e.names[k]);
      const cross = script !== 'latin' && scriptOf(primary) === 'latin';
      out.push({
        id: `pos-${e.id}-${k}`,
        a: e.names[k],
        b: primary,
        type: e.type,
        match: true,
        kind: cross ? 'cross-script' : 'alias',
        split,
        script,
      });
    }
  }
  // hard negatives: within a split and a type, an entry and another sharing the most content tokens
  const tokenIdx = new Map<string, ListEntry[]>();
  const primaryTokens = new Map<ListEntry, string[]>();
  for (const e of eligible) {
    const toks = [...new Set(contentTokens(e.names[0]))];
    primaryTokens.set(e, toks);
    for (const t of toks) {
      const l = tokenIdx.get(t);
      if (l) l.push(e);
      else tokenIdx.set(t, [e]);
    }
  }
  // possibly the same person or body listed twice (OFAC and UN spell names differently): a shared name, document
  // number or full birth date, or a shared birth year with a shared nationality
  const sharesName = (a: ListEntry, b: ListEntry) => {
    const ka = new Set(keysOf(a));
    if (keysOf(b).some((k) => k && ka.has(k))) return true;
    const docs = new Set((a.documents ?? []).map((d) => d.number.replace(/[^0-9A-Za-z]/g, '')));
    if ((b.documents ?? []).some((d) => docs.has(d.number.replace(/[^0-9A-Za-z]/g, '')))) return true;
    const da = new Set(a.birthDates ?? []);
    if ((b.birthDates ?? []).some((d) => d.length >= 10 && da.has(d))) return true;
    const ya = years(a);
    const na = new Set((a.nationalities ?? []).map((n) => n.toLowerCase()));
    return [...years(b)].some((y) => ya.has(y)) && (b.nationalities ?? []).some((n) => na.has(n.toLowerCase()));
  };
  const partner = (e: ListEntry, toks: string[]): ListEntry | undefined => {
    const split = splitOf(e.id);
    const count = new Map<ListEntry, number>();
    for (const t of toks) {
      const l = tokenIdx.get(t)!;
      if (l.length > 200) continue; // a token this common picks no particular partner
      for (const o of l) if (o !== e) count.set(o, (count.get(o) ?? 0) + 1);
    }
    let best: ListEntry | undefined;
    let bestN = 0;
    const cands = [...count].filter(([o]) => o.type === e.type && splitOf(o.id) === split && !sharesName(e, o));
    rng.shuffle(cands);
    for (const [o, n] of cands)
      if (n > bestN) {
        best = o;
        bestN = n;
      }
    return best;
  };
  const positives = out.length;
  const latinPos = out.filter((p) => p.kind === 'alias').length;
  const crossPos = positives - latinPos;
  // as many shared-token negatives as alias positives, as many cross-script negatives as cross-script positives
  const order = rng.shuffle(eligible.slice());
  let made = 0;
  for (const e of order) {
    if (made >= latinPos) break;
    if (scriptOf(e.names[0]) !== 'latin') continue;
    const o = partner(e, primaryTokens.get(e)!);
    if (!o) continue;
    out.push({
      id: `neg-${e.id}-${o.id}`,
      a: e.names[0],
      b: o.names[0],
      type: e.type,
      match: false,
      kind: 'shared-token',
      split: splitOf(e.id),
      script: 'latin',
    });
    made++;
  }
  made = 0;
  const crossSrc = rng.shuffle(eligible.filter((e) => e.names.slice(1).some((n) => scriptOf(n) !== 'latin')));
  for (let round = 0; round < 3 && made < crossPos; round++)
    for (const e of crossSrc) {
      if (made >= crossPos) break;
      const orig = e.names.find((n) => scriptOf(n) !== 'latin')!;
      const o = partner(e, primaryTokens.get(e)!);
      if (!o || scriptOf(o.names[0]) !== 'latin') continue;
      const id = `xneg-${e.id}-${o.id}`;
      if (out.some((p) => p.id === id)) continue;
      out.push({
        id,
        a: orig,
        b: o.names[0],
        type: e.type,
        match: false,
        kind: 'cross-script-negative',
        split: splitOf(e.id),
        script: scriptOf(orig),
      });
      made++;
    }
  return out;
}

export interface PairMetrics {
  n: number;
  positives: number;
  precision: number;
  recall: number;
  f1: number;
  crossScriptRecall: number;
  crossScriptN: number;
  /** cross-script non-matches scored as matches, out of how many */
  crossScriptFalseMatches: number;
  crossScriptNegatives: number;
  byType: Record<string, Omit<PairMetrics, 'byType'>>;
}

export function pairMetrics(pairs: NamePair[], scores: number[], threshold: number, split: Split): PairMetrics {
  let tp = 0,
    fp = 0,
    fn = 0,
    xN = 0,
    xTp = 0,
    xnN = 0,
    xnFp = 0,
    n = 0,
    pos = 0;
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    if (p.split !== split) continue;
    n++;
    const yes = scores[i] >= threshold;
    if (p.match) {
      pos++;
      if (yes) tp++;
      else fn++;
      if (p.kind === 'cross-script') {
        xN++;
        if (yes) xTp++;
      }
    } else {
      if (yes) fp++;
      if (p.kind === 'cross-script-negative') {
        xnN++;
        if (yes) xnFp++;
      }
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : NaN;
  const recall = tp + fn ? tp / (tp + fn) : NaN;
  return {
    n,
    positives: pos,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    crossScriptRecall: xN ? xTp / xN : NaN,
    crossScriptN: xN,
    crossScriptFalseMatches: xnFp,
    crossScriptNegatives: xnN,
    byType: {},
  };
}
