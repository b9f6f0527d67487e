/**
 * Closed-form queueing results used to validate the simulation engine and to size booths quickly.
 *
 * Notation: λ arrival rate, μ service rate of one booth (1 / mean service time), c booths,
 * a = λ/μ offered load (Erlangs), ρ = a/c utilisation. All in consistent time units.
 *
 * - Erlang B by the stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
 * - Erlang C (probability of waiting in M/M/c): C = c·B / (c − a·(1 − B))  (e.g. Gross & Harris,
 *   Fundamentals of Queueing Theory).
 * - M/M/c mean wait in queue: Wq = C / (cμ − λ); Lq = λ·Wq (Little).
 * - Allen–Cunneen approximation for G/G/c (Allen, Probability, Statistics and Queueing Theory,
 *   1990): Wq ≈ Wq(M/M/c) · (ca² + cs²) / 2, with ca², cs² the squared coefficients of variation of
 *   inter-arrival and service times (ca² = 1 for Poisson arrivals, i.e. M/G/c).
 * - Kingman for G/G/1: Wq ≈ ρ/(1−ρ) · (ca² + cs²)/2 · E[S].
 */

export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Probability that an arrival waits in an M/M/c queue; 1 when the system is unstable (a ≥ c). */
export function erlangC(c: number, a: number): number {
  if (c <= 0) return 1;
  if (a >= c) return 1;
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

export interface MmcMetrics {
  utilisation: number;
  probWait: number;
  /** mean wait in queue */
  wq: number;
  /** mean time in system (wait + service) */
  w: number;
  lq: number;
  l: number;
  stable: boolean;
}

/** Steady-state M/M/c: λ arrivals per unit time, mean service time `meanService`, c booths. */
export function mmc(lambda: number, meanService: number, c: number): MmcMetrics {
  const mu = 1 / meanService;
  const a = lambda / mu;
  const rho = a / c;
  if (rho >= 1) {
    return { utilisation: rho, probWait: 1, wq: Infinity, w: Infinity, lq: Infinity, l: Infinity, stable: false };
  }
  const pw = erlangC(c, a);
  const wq = pw / (c * mu - lambda);
  return {
    utilisation: rho,
    probWait: pw,
    wq,
    w: wq + meanService,
    lq: lambda * wq,
    l: lambda * (wq + meanService),
    stable: true,
  };
}

/**
 * Allen–Cunneen mean wait in queue for G/G/c. `serviceScv` = Var(S)/E[S]²; `arrivalScv` = 1 for
 * Poisson arrivals (M/G/c).
 */
export function allenCunneenWq(
  lambda: number,
  meanService: number,
  c: number,
  serviceScv: number,
  arrivalScv = 1,
): number {
  const m = mmc(lambda, meanService, c);
  if (!m.stable) return Infinity;
  return (m.wq * (arrivalScv + serviceScv)) / 2;
}

/** Kingman's approximation for a single-server G/G/1 queue. */
export function kingmanWq(lambda: number, meanService: number, serviceScv: number, arrivalScv = 1): number {
  const rho = lambda * meanService;
  if (rho >= 1) return Infinity;
  return (rho / (1 - rho)) * ((arrivalScv + serviceScv) / 2) * meanService;
}

/** Smallest number of booths whose Allen–Cunneen mean wait is at most `maxWait` (up to `limit`). */
export function boothsForWait(
  lambda: number,
  meanService: number,
  maxWait: number,
  serviceScv = 1,
  limit = 1000,
): number | undefined {
  const minC = Math.max(1, Math.floor(lambda * meanService) + 1);
  for (let c = minC; c <= limit; c++) {
    if (allenCunneenWq(lambda, meanService, c, serviceScv) <= maxWait) return c;
  }
  return undefined;
}

/** Little's law: L = λ·W. Returns the relative gap |L − λW| / L between two measured sides. */
export function littleGap(l: number, lambda: number, w: number): number {
  return Math.abs(l - lambda * w) / Math.max(Math.abs(l), 1e-12);
}
