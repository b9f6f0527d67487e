// Entry-level evidence besides the name: birth date, nationality, subject type; and the operating threshold.
import { bestDateMatch, formatDate, type PartialDate } from './dates.ts';
import type { MatchReason, SubjectType } from './types.ts';

/**
 * The documented operating threshold: a hit at or above it is an alert. Chosen on the dev split of the L20k
 * benchmark (docs/benchmarks.md, "Screening"; never on the held-out split): the point of the sweep that keeps false
 * alerts on the dev negatives near 1.5 per 1,000 (a third of the budget of 5, for lists and populations other than
 * ours), where alias recall is 0.035 higher than at the former 0.78 and recall@1 on the yente positives is unchanged.
 */
export const DEFAULT_THRESHOLD = 0.74;

export const NATIONALITY_AGREE = 0.03;
export const NATIONALITY_DISAGREE = -0.06;
export const TYPE_DISAGREE = -0.15;
/** The most that date and nationality agreement add to a name score. */
export const MAX_BONUS = 0.1;

export interface EntryFacts {
  type?: SubjectType;
  dobs: PartialDate[];
  nats: string[];
}

export interface QueryFacts {
  type?: SubjectType;
  dob: PartialDate | null;
  dobRaw?: string;
  nat?: string;
  natRaw?: string;
}

/** Sum of the adjustments; reasons appended when `reasons` is given. */
export function adjustments(q: QueryFacts, e: EntryFacts, reasons?: MatchReason[]): number {
  let delta = 0;
  const dm = bestDateMatch(q.dob, e.dobs);
  if (dm) {
    delta += dm.delta;
    reasons?.push({
      field: 'birthDate',
      method: dm.method,
      score: round(dm.delta),
      query: q.dobRaw,
      listed: formatDate(dm.listed),
    });
  }
  if (q.nat && e.nats.length) {
    const agree = e.nats.includes(q.nat);
    const d = agree ? NATIONALITY_AGREE : NATIONALITY_DISAGREE;
    delta += d;
    reasons?.push({
      field: 'nationality',
      method: agree ? 'agree' : 'disagree',
      score: d,
      query: q.natRaw ?? q.nat,
      listed: agree ? q.nat : e.nats.join(', '),
    });
  }
  if (q.type && e.type && q.type !== e.type) {
    // persons and organisations are told apart; vessels, aircraft and organisations are all "things with a name"
    const thing = (t: SubjectType) => t === 'organization' || t === 'vessel' || t === 'aircraft';
    if (!(thing(q.type) && thing(e.type))) {
      delta += TYPE_DISAGREE;
      reasons?.push({ field: 'type', method: 'disagree', score: TYPE_DISAGREE, query: q.type, listed: e.type });
    }
  }
  return delta;
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
