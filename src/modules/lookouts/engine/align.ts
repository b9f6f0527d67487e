// Name score: an order-independent alignment of the tokens of two names. Pairs are taken greedily by similarity;
// then an unmatched token may match two adjacent unmatched tokens of the other name joined ("abdulrahman" /
// "abdul rahman", "xijinping" / "xi jinping"). The score is a weighted Dice coefficient in which unmatched tokens
// count for less than matched ones (a missing middle name or an extra part costs, but does not sink the score).
import { tokenSim, tokInfo, MIN_TOKEN_SIM, type TokInfo } from './similarity.ts';

export const MAX_TOKENS = 24;
/** Weight of an unmatched query token, relative to a matched one. */
export const UNMATCHED_QUERY = 0.6;
/** Weight of an unmatched listed token, relative to a matched one. */
export const UNMATCHED_LISTED = 0.6;
/**
 * Extra weight of each unmatched full-weight part of one name beyond its first, when the parts that matched are all
 * common names: one part left out (a middle name, a second family name) is usual, but two common names are not half
 * of a four-part name ("Mohammad Ali" is not "Mohammad Ali Hassan Khan").
 */
export const UNMATCHED_EXTRA = 0.3;

/** The weight of the unmatched full-weight tokens of one name, the first one left out. */
function unmatchedBeyondFirst(used: Int8Array, w: ArrayLike<number>, n: number): number {
  let sum = 0;
  let first = true;
  for (let i = 0; i < n; i++) {
    if (used[i] || w[i] < 0.7) continue;
    if (first) first = false;
    else sum += w[i];
  }
  return sum;
}

/** Minimum similarity for a joined-token match. */
const MIN_JOIN_SIM = 0.85;

/** A weak token pair counts for less than its similarity: 0.85 and above count as is, 0.7 counts 0.475. */
export function contribution(s: number): number {
  return s >= 0.85 ? s : s - (0.85 - s) * 1.5;
}

/** Cheap test before a join is scored: `whole` starts like `left` and ends like `right`. */
function joinable(whole: string, left: string, right: string): boolean {
  if (whole.charCodeAt(0) !== left.charCodeAt(0)) return false;
  return (
    whole.charCodeAt(whole.length - 1) === right.charCodeAt(right.length - 1) ||
    whole.charCodeAt(whole.length - 2) === right.charCodeAt(right.length - 2)
  );
}

export class Aligner {
  /** sim[i * MAX_TOKENS + j]: similarity of query token i and listed token j; filled by the caller. */
  readonly sim = new Float32Array(MAX_TOKENS * MAX_TOKENS);
  readonly qUsed = new Int8Array(MAX_TOKENS);
  readonly cUsed = new Int8Array(MAX_TOKENS);
  // pairs: query token(s) [pq, pq2] with listed token(s) [pc, pc2] (pq2/pc2 = -1 when single)
  readonly pq = new Int16Array(MAX_TOKENS);
  readonly pq2 = new Int16Array(MAX_TOKENS);
  readonly pc = new Int16Array(MAX_TOKENS);
  readonly pc2 = new Int16Array(MAX_TOKENS);
  readonly ps = new Float32Array(MAX_TOKENS);
  nPairs = 0;

  /**
   * Aligns nq query tokens with nc listed tokens, given the filled similarity matrix, and returns the name score.
   * q / c give the token strings (for joined-token matches); qw / cw the token weights.
   */
  align(
    nq: number,
    nc: number,
    q: ArrayLike<TokInfo>,
    qw: ArrayLike<number>,
    c: ArrayLike<TokInfo>,
    cw: ArrayLike<number>,
  ): number {
    const sim = this.sim;
    const qUsed = this.qUsed;
    const cUsed = this.cUsed;
    qUsed.fill(0, 0, nq);
    cUsed.fill(0, 0, nc);
    let n = 0;
    for (;;) {
      let best = MIN_TOKEN_SIM - 1e-6;
      let bi = -1;
      let bj = -1;
      for (let i = 0; i < nq; i++) {
        if (qUsed[i]) continue;
        const row = i * MAX_TOKENS;
        for (let j = 0; j < nc; j++) {
          if (cUsed[j]) continue;
          const s = sim[row + j];
          // ties go to the pair closest to the diagonal, so that "ali ali" aligns in order
          if (s > best || (s === best && bi >= 0 && Math.abs(i - j) < Math.abs(bi - bj))) {
            best = s;
            bi = i;
            bj = j;
          }
        }
      }
      if (bi < 0) break;
      qUsed[bi] = 1;
      cUsed[bj] = 1;
      this.pq[n] = bi;
      this.pq2[n] = -1;
      this.pc[n] = bj;
      this.pc2[n] = -1;
      this.ps[n] = best;
      n++;
    }
    // a join needs a token left unmatched on one side
    if (n < nq || n < nc) n = this.joins(n, nq, nc, q, c);
    this.nPairs = n;
    let num = 0;
    let den = 0;
    for (let k = 0; k < n; k++) {
      let w = qw[this.pq[k]] + cw[this.pc[k]];
      if (this.pq2[k] >= 0) w += qw[this.pq2[k]];
      if (this.pc2[k] >= 0) w += cw[this.pc2[k]];
      num += contribution(this.ps[k]) * w;
      den += w;
    }
    if (num === 0) return 0;
    for (let i = 0; i < nq; i++) if (!qUsed[i]) den += UNMATCHED_QUERY * qw[i];
    for (let j = 0; j < nc; j++) if (!cUsed[j]) den += UNMATCHED_LISTED * cw[j];
    // only when what matched is common names: rarer matched parts identify the name on their own
    let allCommon = true;
    for (let k = 0; k < n && allCommon; k++) if (!q[this.pq[k]].common || this.pq2[k] >= 0) allCommon = false;
    if (allCommon) {
      const extra = unmatchedBeyondFirst(qUsed, qw, nq) + unmatchedBeyondFirst(cUsed, cw, nc);
      den += UNMATCHED_EXTRA * extra;
    }
    return num / den;
  }

  /**
   * Joined tokens: a query token that is two adjacent listed tokens written together, or the reverse. A join may
   * replace a weaker single-token pair of the same token ("xijinping" first paired with "jinping").
   */
  // (methods rather than closures: joins runs for every rescored candidate, and closures were its main allocation)
  /** The single-token pair of query token i among the first n pairs, or -1. */
  private pairOfQ(n: number, i: number): number {
    for (let k = 0; k < n; k++) if (this.pq[k] === i && this.pq2[k] < 0 && this.pc2[k] < 0) return k;
    return -1;
  }
  /** The single-token pair of listed token j among the first n pairs, or -1. */
  private pairOfC(n: number, j: number): number {
    for (let k = 0; k < n; k++) if (this.pc[k] === j && this.pq2[k] < 0 && this.pc2[k] < 0) return k;
    return -1;
  }
  /** Removes pair k of n (the last one takes its place); returns the new count. */
  private drop(n: number, k: number): number {
    this.qUsed[this.pq[k]] = 0;
    this.cUsed[this.pc[k]] = 0;
    n--;
    this.pq[k] = this.pq[n];
    this.pq2[k] = this.pq2[n];
    this.pc[k] = this.pc[n];
    this.pc2[k] = this.pc2[n];
    this.ps[k] = this.ps[n];
    return n;
  }
  private joins(n: number, nq: number, nc: number, q: ArrayLike<TokInfo>, c: ArrayLike<TokInfo>): number {
    const qUsed = this.qUsed;
    const cUsed = this.cUsed;
    // one query token = two adjacent listed tokens
    for (let i = 0; i < nq; i++) {
      if (q[i].t.length < 4) continue;
      const own = qUsed[i] ? this.pairOfQ(n, i) : -1;
      if (qUsed[i] && own < 0) continue;
      const ownS = own >= 0 ? this.ps[own] : 0;
      if (ownS >= 0.95) continue;
      const ownJ = own >= 0 ? this.pc[own] : -1;
      let best = Math.max(MIN_JOIN_SIM, ownS + 0.05);
      let bj = -1;
      for (let j = 0; j + 1 < nc; j++) {
        if ((cUsed[j] && j !== ownJ) || (cUsed[j + 1] && j + 1 !== ownJ)) continue;
        const len = c[j].t.length + c[j + 1].t.length;
        if (Math.abs(len - q[i].t.length) > 2 || !joinable(q[i].t, c[j].t, c[j + 1].t)) continue;
        const s = tokenSim(q[i], tokInfo(c[j].t + c[j + 1].t));
        if (s >= best) {
          best = s;
          bj = j;
        }
      }
      if (bj >= 0) {
        if (own >= 0) n = this.drop(n, own);
        qUsed[i] = 1;
        cUsed[bj] = 1;
        cUsed[bj + 1] = 1;
        this.pq[n] = i;
        this.pq2[n] = -1;
        this.pc[n] = bj;
        this.pc2[n] = bj + 1;
        this.ps[n] = best;
        n++;
      }
    }
    // one listed token = two adjacent query tokens
    for (let j = 0; j < nc; j++) {
      if (c[j].t.length < 4) continue;
      const own = cUsed[j] ? this.pairOfC(n, j) : -1;
      if (cUsed[j] && own < 0) continue;
      const ownS = own >= 0 ? this.ps[own] : 0;
      if (ownS >= 0.95) continue;
      const ownI = own >= 0 ? this.pq[own] : -1;
      let best = Math.max(MIN_JOIN_SIM, ownS + 0.05);
      let bi = -1;
      for (let i = 0; i + 1 < nq; i++) {
        if ((qUsed[i] && i !== ownI) || (qUsed[i + 1] && i + 1 !== ownI)) continue;
        const len = q[i].t.length + q[i + 1].t.length;
        if (Math.abs(len - c[j].t.length) > 2 || !joinable(c[j].t, q[i].t, q[i + 1].t)) continue;
        const s = tokenSim(tokInfo(q[i].t + q[i + 1].t), c[j]);
        if (s >= best) {
          best = s;
          bi = i;
        }
      }
      if (bi >= 0) {
        if (own >= 0) n = this.drop(n, own);
        qUsed[bi] = 1;
        qUsed[bi + 1] = 1;
        cUsed[j] = 1;
        this.pq[n] = bi;
        this.pq2[n] = bi + 1;
        this.pc[n] = j;
        this.pc2[n] = -1;
        this.ps[n] = best;
        n++;
      }
    }
    return n;
  }
}
