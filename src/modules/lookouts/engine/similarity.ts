// Token similarity: a weighted Damerau-Levenshtein (optimal string alignment) distance on the spelling-normalised
// form, where replacing a vowel by another vowel costs half, plus floors for a one-letter typo, an equal phonetic
// key and an equal consonant skeleton of an unvocalised transliteration.
import { charMask, isCommonName, normForm, phoneticKey, skeleton, F_VOWELLESS } from './text.ts';

export interface TokInfo {
  /** folded token */
  t: string;
  norm: string;
  key: string;
  skel: string;
  vowelless: boolean;
  /** bit set of the consonants (and digits) of norm, for a cheap lower bound of the edit distance */
  cm: number;
  /** bit set of the characters of t */
  rm: number;
  /** the digits of t ("" for most names): tokens with different digits never match ("STAR 1" / "STAR 2") */
  dg: string;
  /** one of the commonest name words (text.ts) */
  common: boolean;
}

// Token forms recur from query to query and change to change (given names, surnames, joined pairs) and cost some twenty
// regular-expression replacements each: memoised (bounded, forgotten all at once when full). The objects are shared,
// hence frozen.
const tokMemo = new Map<string, TokInfo>();
export function tokInfo(t: string): TokInfo {
  let info = tokMemo.get(t);
  if (info === undefined) {
    const norm = normForm(t);
    info = Object.freeze({
      t,
      norm,
      key: phoneticKey(norm),
      skel: skeleton(norm),
      vowelless: t.length >= 2 && !/[aeiou0-9]/.test(t),
      cm: charMask(norm.replace(/[aeiouy]/g, '')),
      rm: charMask(t),
      dg: t.replace(/[^0-9]/g, ''),
      common: isCommonName(t),
    });
    if (tokMemo.size >= 50_000) tokMemo.clear();
    tokMemo.set(t, info);
  }
  return info;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function tokInfoFlags(t: string, flags: number): TokInfo {
  const info = tokInfo(t);
  const vowelless = (flags & F_VOWELLESS) !== 0;
  return info.vowelless === vowelless ? info : { ...info, vowelless };
}

/** Below this a token pair is not a match. */
export const MIN_TOKEN_SIM = 0.7;

const MAXLEN = 64;
let r0 = new Float64Array(MAXLEN + 1);
let r1 = new Float64Array(MAXLEN + 1);
let r2 = new Float64Array(MAXLEN + 1);

function isVowel(c: number): boolean {
  return c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121;
}

/**
 * Optimal-string-alignment distance where a vowel-for-vowel substitution costs 0.5. Returns a value > max as soon
 * as the distance is known to exceed max.
 */
export function editDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (lb > MAXLEN || la > MAXLEN) {
    if (lb + 1 > r0.length || la + 1 > r0.length) {
      const n = Math.max(la, lb) + 1;
      r0 = new Float64Array(n);
      r1 = new Float64Array(n);
      r2 = new Float64Array(n);
    }
  }
  let prev2 = r0;
  let prev = r1;
  let cur = r2;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    const ca = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let cost = 0;
      if (ca !== cb) cost = isVowel(ca) && isVowel(cb) ? 0.5 : 1;
      let v = prev[j - 1] + cost;
      const del = prev[j] + 1;
      if (del < v) v = del;
      const ins = cur[j - 1] + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb && ca !== cb) {
        const tr = prev2[j - 2] + 1;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb];
}

export type TokenMethod = 'exact' | 'phonetic' | 'typo' | 'initial' | 'joined';

/** Similarity of two tokens in 0..1. */
export function tokenSim(x: TokInfo, y: TokInfo): number {
  if (x.t === y.t) return 1;
  if (x.dg !== y.dg) return 0;
  const lx = x.t.length;
  const ly = y.t.length;
  if (x.norm === y.norm) return 0.95;
  // two different common names are two names, not a misspelling of one ("Mahmoud" / "Mohammed", "Ali" / "Alia" is
  // not in the table): unless they sound the same ("Mohamed" / "Muhammad", "Hassan" / "Hasan")
  if (x.common && y.common && x.key !== y.key) return 0;
  if (lx === 1 || ly === 1) {
    // an initial stands for any name with that first letter
    return x.t.charCodeAt(0) === y.t.charCodeAt(0) && (lx === 1) !== (ly === 1) ? 0.75 : 0;
  }
  let s = 0;
  const nx = x.norm.length;
  const ny = y.norm.length;
  const nl = nx > ny ? nx : ny;
  const maxD = nl >= 8 ? 3 : nl >= 5 ? 2 : 1;
  // each consonant present in one form only costs at least half an edit
  if (Math.abs(nx - ny) <= maxD && popcount(x.cm ^ y.cm) <= 2 * maxD) {
    const d = editDistance(x.norm, y.norm, maxD);
    if (d <= maxD) s = 1 - d / nl;
  }
  const minL = lx < ly ? lx : ly;
  if (s < 0.88 && minL >= 4 && Math.abs(lx - ly) <= 1 && popcount(x.rm ^ y.rm) <= 2 && editDistance(x.t, y.t, 1) <= 1)
    s = minL >= 5 ? 0.88 : 0.84;
  // an equal phonetic key from four letters: three-letter keys join too many short names ("yan" / "yun", "min" / "man")
  if (s < 0.8 && x.key === y.key && x.key.length >= 4) s = 0.8;
  if (x.vowelless !== y.vowelless) {
    const u = unvocalisedSim(x.vowelless ? x : y, x.vowelless ? y : x);
    if (u > s) s = u;
  } else if (s < 0.8 && x.vowelless && x.skel === y.skel && x.skel.length >= 2 && minL >= 3) s = 0.8;
  return s;
}

/** The letter classes a written long vowel of an unvocalised form stands for in a vocalised spelling. */
function longVowelMatches(c: number, d: number): boolean {
  // a (alif): a, e, o ("Omar" / "Umar"); i (yeh): i, e, y; v (waw, w in normForm): u, o, v; e (ayn): every vowel
  if (c === 101) return d === 97 || d === 101 || d === 105 || d === 111 || d === 117;
  if (c === 97) return d === 97 || d === 101 || d === 111;
  if (c === 105 || c === 121) return d === 105 || d === 101 || d === 121;
  if (c === 118) return d === 117 || d === 111 || d === 118;
  return c === d;
}
function vowelish(d: number): boolean {
  return d === 97 || d === 101 || d === 105 || d === 111 || d === 117 || d === 121 || d === 118;
}

/**
 * The unvocalised form's letters, long vowels included, appear in order in the vocalised one, with only vowels
 * in between: "hsin" (حسين) in "husin" (Hussein), not in "hasan" (Hassan).
 */
function fitsVocalised(u: string, v: string): boolean {
  let j = 0;
  for (let i = 0; i < u.length; i++) {
    const c = u.charCodeAt(i);
    if (vowelish(c)) {
      // a written long vowel: the next letter is of its class, or a vowel then one of its class ("ei"), or it is
      // left out of the Latin spelling ("Mahmd") when a consonant follows; another vowel is a misfit ("Hassan")
      // a final long vowel is written in Latin too (the nisba "-i" of "Muhammadi" is not "Muhammad")
      if (j >= v.length) return false;
      const d = v.charCodeAt(j);
      if (longVowelMatches(c, d)) j++;
      else if (i === 0)
        return false; // a name that starts with a vowel (or ayn) is spelt with one
      else if (vowelish(d)) {
        if (j + 1 < v.length && longVowelMatches(c, v.charCodeAt(j + 1))) j += 2;
        else return false;
      }
      continue;
    }
    for (;;) {
      if (j >= v.length) return false;
      const d = v.charCodeAt(j++);
      if (d === c) break;
      if (!vowelish(d)) return false;
    }
  }
  for (; j < v.length; j++) if (!vowelish(v.charCodeAt(j))) return false;
  return true;
}

/**
 * An unvocalised transliteration (Arabic script without vowel marks, arabic.ts) against a vocalised spelling:
 * only the consonants can be compared. The same consonant skeleton is strong evidence when the written long vowels
 * fit too (0.92 from three consonants; from two, 0.88 when an initial vowel or ayn fits too), else weaker (0.8);
 * a skeleton one consonant off
 * (four or more) is a weak match.
 */
export function unvocalisedSim(u: TokInfo, v: TokInfo): number {
  const ls = u.skel.length;
  if (ls < 2 || v.skel.length < 2) return 0;
  if (u.skel === v.skel) {
    // two consonants say little ("sl" fits "Salah", "Sallu", "Sool" ...), unless a vowel or ayn at the start fits
    // too ("ezt", عزت, and "Izzat")
    if (fitsVocalised(u.norm, v.norm)) {
      if (ls >= 3) return 0.92;
      if (vowelish(u.norm.charCodeAt(0)) && u.norm.charCodeAt(0) !== 118 && u.norm.charCodeAt(0) !== 121) return 0.88;
    }
    return 0.8;
  }
  if (ls >= 4 && Math.abs(ls - v.skel.length) <= 1 && editDistance(u.skel, v.skel, 1) <= 1) return 0.75;
  return 0;
}

/** How two matched tokens relate, for the explanation. */
export function tokenMethod(x: TokInfo, y: TokInfo): TokenMethod {
  if (x.t === y.t) return 'exact';
  if (x.norm === y.norm) return 'phonetic';
  if (x.t.length === 1 || y.t.length === 1) return 'initial';
  if (x.key === y.key || ((x.vowelless || y.vowelless) && x.skel === y.skel)) return 'phonetic';
  return 'typo';
}
