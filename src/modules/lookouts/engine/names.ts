// scoreNames: the name score of two names on their own (no index, no list statistics). The index computes the
// same score for a query and a listed name.
import { Aligner, MAX_TOKENS } from './align.ts';
import { tokenSim, tokInfoFlags, MIN_TOKEN_SIM } from './similarity.ts';
import { prepareName } from './text.ts';
import type { SubjectType } from './types.ts';

const aligner = new Aligner();

export function scoreNames(a: string, b: string, type?: SubjectType): number {
  const pa = prepareName(a, type);
  const pb = prepareName(b, type);
  const na = Math.min(pa.tokens.length, MAX_TOKENS);
  const nb = Math.min(pb.tokens.length, MAX_TOKENS);
  if (na === 0 || nb === 0) return 0;
  const qa = pa.tokens.slice(0, na).map((t, i) => tokInfoFlags(t, pa.flags[i]));
  const qb = pb.tokens.slice(0, nb).map((t, i) => tokInfoFlags(t, pb.flags[i]));
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      const s = tokenSim(qa[i], qb[j]);
      aligner.sim[i * MAX_TOKENS + j] = s < MIN_TOKEN_SIM ? 0 : s;
    }
  }
  return Math.round(aligner.align(na, nb, qa, pa.weights, qb, pb.weights) * 1000) / 1000;
}
