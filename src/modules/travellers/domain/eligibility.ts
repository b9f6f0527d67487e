// Who may apply for which programme, what it costs and how long it lasts: plain functions over plain data.
// Every answer comes with reasons — i18n message keys (travellers.elig.*, travellers.fee.*) with their arguments — so
// that the applicant and the officer see why, in English, French or Spanish.
import {
  AGENCY_CODES,
  PROGRAMMES,
  PROGRAMME_CODES,
  feeOn,
  type AgencyCode,
  type Currency,
  type EligibilityBasis,
  type FastRegion,
  type ProgrammeCode,
  type ResidenceStatus,
  type Source,
} from './programmes.ts';
import { addMonths, addYears, ageOn, daysInMonth, formatDate, parseDate } from './dates.ts';

export type MembershipStatus = 'active' | 'pending' | 'expired' | 'revoked' | 'suspended' | 'denied';
export interface Residence {
  country: string;
  status: ResidenceStatus;
}
export interface Membership {
  programme: ProgrammeCode;
  status: MembershipStatus;
  expiresOn?: string;
  fastRegion?: FastRegion;
}

export interface Applicant {
  /** ISO 3166-1 alpha-2 codes. */
  citizenships: readonly string[];
  /** Countries where the applicant holds a status; a 'citizen' entry counts as a citizenship too. */
  residences: readonly Residence[];
  birthDate: string;
  memberships: readonly Membership[];
  commercialDriver?: boolean;
  /** For minors: a parent or legal guardian has consented in writing. */
  guardianConsent?: boolean;
  /** FAST only: which border the driver applies for (north: CBSA+CBP, south: CBP). */
  fastRegion?: FastRegion;
  /** For minors' fees: programmes a parent or legal guardian belongs to or is applying for at the same time. */
  guardianProgrammes?: readonly ProgrammeCode[];
}

export type Effect = 'pass' | 'fail' | 'info';
export interface Reason {
  key: string;
  args?: Record<string, string | number>;
  effect: Effect;
}
export interface EligibilityResult {
  programme: ProgrammeCode;
  eligible: boolean;
  reasons: Reason[];
  /** FAST: the regions the applicant qualifies for (both are checked when none is given). */
  fastRegions?: FastRegion[];
  /** True when the applicant is a member whose renewal window is open: the application is a renewal. */
  renewal?: boolean;
}
export interface Options {
  today: string;
}

const up = (s: string) => s.trim().toUpperCase();
const citizenshipsOf = (a: Applicant): string[] => [
  ...new Set([
    ...a.citizenships.map(up),
    ...a.residences.filter((r) => r.status === 'citizen').map((r) => up(r.country)),
  ]),
];
const prCountriesOf = (a: Applicant): string[] => [
  ...new Set(a.residences.filter((r) => r.status === 'permanent_resident').map((r) => up(r.country))),
];
const activeMemberships = (a: Applicant): ProgrammeCode[] =>
  a.memberships.filter((m) => m.status === 'active').map((m) => m.programme);

const pass = (key: string, args?: Reason['args']): Reason =>
  args ? { key, args, effect: 'pass' } : { key, effect: 'pass' };
const fail = (key: string, args?: Reason['args']): Reason =>
  args ? { key, args, effect: 'fail' } : { key, effect: 'fail' };
const info = (key: string, args?: Reason['args']): Reason =>
  args ? { key, args, effect: 'info' } : { key, effect: 'info' };

interface BasisOutcome {
  passed: Reason[];
  failKeys: Reason[];
}

/** Tests every basis; `passed` has one reason per basis that holds, `failKeys` the specific reasons of near misses. */
function evaluateBases(bases: readonly EligibilityBasis[], a: Applicant, code: ProgrammeCode): BasisOutcome {
  const cits = citizenshipsOf(a),
    prs = prCountriesOf(a),
    active = activeMemberships(a);
  const out: BasisOutcome = { passed: [], failKeys: [] };
  for (const b of bases) {
    switch (b.kind) {
      case 'citizen': {
        const c = cits.find((x) => b.countries.includes(x));
        if (c) out.passed.push(pass(b.key, { country: c, programme: code }));
        break;
      }
      case 'permanent_resident': {
        const c = prs.find((x) => b.countries.includes(x));
        if (c) out.passed.push(pass(b.key, { country: c, programme: code }));
        break;
      }
      case 'citizen_with_membership': {
        const c = cits.find((x) => b.countries.includes(x));
        if (!c) break;
        const m = b.memberships.find((p) => active.includes(p));
        if (m) out.passed.push(pass(b.key, { country: c, membership: m, programme: code }));
        else out.failKeys.push(fail(b.failKey, { country: c, programme: code }));
        break;
      }
      case 'citizen_resident_of': {
        const c = cits.find((x) => b.citizenOf.includes(x));
        if (c && prs.includes(b.residentOf))
          out.passed.push(pass(b.key, { country: c, residence: b.residentOf, programme: code }));
        break;
      }
      case 'any_nationality':
        if (cits.length > 0) out.passed.push(pass(b.key, { programme: code }));
        break;
    }
  }
  return out;
}

function statusReasons(a: Applicant, code: ProgrammeCode): { reasons: Reason[]; fastRegions?: FastRegion[] } {
  const p = PROGRAMMES[code];
  if (citizenshipsOf(a).length === 0) return { reasons: [fail('travellers.elig.citizenship_missing')] };

  if (p.eligibility.basesByRegion) {
    const byRegion = p.eligibility.basesByRegion;
    const asked: FastRegion[] = a.fastRegion ? [a.fastRegion] : ['north', 'south'];
    const ok: FastRegion[] = [];
    const reasons: Reason[] = [];
    for (const region of asked) {
      const o = evaluateBases(byRegion[region], a, code);
      if (o.passed.length) {
        ok.push(region);
        reasons.push(...o.passed.map((r) => ({ ...r, args: { ...r.args, region } })));
        reasons.push(pass('travellers.elig.fast_region_ok', { region }));
      }
    }
    if (ok.length) return { reasons, fastRegions: ok };
    // None of the asked regions admits the applicant: say whether the other region would.
    if (a.fastRegion) {
      const other: FastRegion = a.fastRegion === 'north' ? 'south' : 'north';
      if (evaluateBases(byRegion[other], a, code).passed.length) {
        return { reasons: [fail('travellers.elig.fast_other_region_only', { region: other })], fastRegions: [] };
      }
    }
    return { reasons: [fail('travellers.elig.nationality_not_eligible', { programme: code })], fastRegions: [] };
  }

  const o = evaluateBases(p.eligibility.bases ?? [], a, code);
  if (o.passed.length) return { reasons: o.passed };
  if (o.failKeys.length) return { reasons: o.failKeys };
  const cits = citizenshipsOf(a),
    prs = prCountriesOf(a);
  for (const r of p.eligibility.redirects ?? []) {
    const hit = r.countries.find(
      (c) =>
        (r.statuses.includes('citizen') && cits.includes(c)) ||
        (r.statuses.includes('permanent_resident') && prs.includes(c)),
    );
    if (hit) return { reasons: [fail(r.key, { country: hit, programme: code })] };
  }
  return { reasons: [fail('travellers.elig.nationality_not_eligible', { programme: code })] };
}

function ageReasons(a: Applicant, code: ProgrammeCode, today: string): Reason[] {
  const rule = PROGRAMMES[code].age;
  if (!parseDate(a.birthDate) || a.birthDate > today) return [fail('travellers.elig.birth_date_invalid')];
  const age = ageOn(a.birthDate, today);
  if (rule.minimumAge !== null && age < rule.minimumAge) {
    return [
      fail(rule.underMinimumKey ?? 'travellers.elig.under_minimum_age', { minimum: rule.minimumAge, programme: code }),
    ];
  }
  if (age < rule.adultAge) {
    if (!rule.minorsNeedConsent) return [pass('travellers.elig.minor_ok', { adultAge: rule.adultAge })];
    return a.guardianConsent
      ? [pass('travellers.elig.minor_consent_ok', { adultAge: rule.adultAge })]
      : [fail('travellers.elig.minor_needs_consent', { adultAge: rule.adultAge })];
  }
  return [pass('travellers.elig.adult_ok', { adultAge: rule.adultAge })];
}

function membershipReasons(a: Applicant, code: ProgrammeCode, today: string): { reasons: Reason[]; renewal: boolean } {
  const reasons: Reason[] = [];
  let renewal = false;
  const sameRegion = (m: Membership) =>
    m.fastRegion === undefined || a.fastRegion === undefined || m.fastRegion === a.fastRegion;
  for (const m of a.memberships) {
    if (m.programme === code && sameRegion(m)) {
      if (m.status === 'active') {
        if (m.expiresOn && parseDate(m.expiresOn) && today >= renewalOpensOn(m.expiresOn, code)) {
          renewal = true;
          reasons.push(info('travellers.elig.renewal_open', { expiresOn: m.expiresOn, programme: code }));
        } else {
          reasons.push(fail('travellers.elig.already_member', { programme: code }));
        }
      } else if (m.status === 'pending') reasons.push(fail('travellers.elig.application_pending', { programme: code }));
      else if (m.status === 'suspended')
        reasons.push(fail('travellers.elig.membership_suspended', { programme: code }));
    }
    // A revocation or denial anywhere is not a bar by itself, but every vetting agency will weigh it.
    if (m.status === 'revoked') reasons.push(info('travellers.elig.prior_revocation', { programme: m.programme }));
    if (m.status === 'active' && m.programme !== code && PROGRAMMES[m.programme].includesBenefitsOf.includes(code)) {
      reasons.push(info('travellers.elig.benefits_included', { programme: code, membership: m.programme }));
    }
  }
  return { reasons, renewal };
}

/** May this applicant apply for `code` on `today`? */
export function checkEligibility(a: Applicant, code: ProgrammeCode, opts: Options): EligibilityResult {
  const p = PROGRAMMES[code];
  if (!p) throw new RangeError(`unknown programme: ${String(code)}`);
  const status = statusReasons(a, code);
  const reasons = [...status.reasons, ...ageReasons(a, code, opts.today)];
  if (p.eligibility.requiresCommercialDriver) {
    reasons.push(
      a.commercialDriver
        ? pass('travellers.elig.commercial_driver_ok')
        : fail('travellers.elig.fast_requires_commercial_driver'),
    );
  }
  const mem = membershipReasons(a, code, opts.today);
  reasons.push(...mem.reasons);
  const result: EligibilityResult = { programme: code, eligible: !reasons.some((r) => r.effect === 'fail'), reasons };
  if (status.fastRegions) result.fastRegions = status.fastRegions;
  if (mem.renewal) result.renewal = true;
  return result;
}

/** Every programme, in the canonical order. */
export function checkAll(a: Applicant, opts: Options): EligibilityResult[] {
  return PROGRAMME_CODES.map((c) => checkEligibility(a, c, opts));
}

/**
 * The agencies that must each vet an application for these programmes, in the order CBSA, CBP, INM. FAST depends on
 * the region: north is vetted jointly by CBSA and CBP, south by CBP alone; without a region both are assumed.
 */
export function requiredAgencies(
  programmes: readonly ProgrammeCode[],
  applicant: Pick<Applicant, 'fastRegion'> = {},
): AgencyCode[] {
  const need = new Set<AgencyCode>();
  for (const code of programmes) {
    const v = PROGRAMMES[code].vetting;
    const list = v.byRegion && applicant.fastRegion ? v.byRegion[applicant.fastRegion] : v.agencies;
    for (const ag of list) need.add(ag);
  }
  return AGENCY_CODES.filter((a) => need.has(a));
}

export interface FeeLine {
  programme: ProgrammeCode;
  currency: Currency;
  /** What is charged. */
  amount: number;
  /** The programme's fee before any exemption. */
  fullAmount: number;
  waived: boolean;
  reasons: Reason[];
  source: Source;
}
export interface FeeQuote {
  lines: FeeLine[];
  totals: Partial<Record<Currency, number>>;
}

const CBP_TTP: readonly ProgrammeCode[] = ['NEXUS', 'GLOBAL_ENTRY', 'SENTRI'];

/**
 * The fees for applying to `programmes` together on `today`, one line per programme, summed per currency (US dollars
 * and Mexican pesos are never added together). No double charging: a programme whose benefits another requested or
 * held programme already includes (Global Entry within NEXUS) is not charged.
 */
export function feeFor(programmes: readonly ProgrammeCode[], applicant: Applicant, opts: Options): FeeQuote {
  const requested = [...new Set(programmes)];
  const held = activeMemberships(applicant);
  const minor =
    parseDate(applicant.birthDate) !== null &&
    applicant.birthDate <= opts.today &&
    ageOn(applicant.birthDate, opts.today) < 18;
  const guardianInTtp = (applicant.guardianProgrammes ?? []).some((p) => CBP_TTP.includes(p));
  const cents: Partial<Record<Currency, number>> = {};
  const lines: FeeLine[] = [];

  for (const code of requested) {
    const fee = feeOn(code, opts.today);
    if (!fee) throw new RangeError(`no fee for ${code} on ${opts.today}`);
    const reasons: Reason[] = [];
    let amount = fee.amount;
    const includer = [...requested.filter((c) => c !== code), ...held].find((c) =>
      PROGRAMMES[c].includesBenefitsOf.includes(code),
    );
    if (includer) {
      amount = 0;
      reasons.push(info('travellers.fee.included_in', { programme: code, includer }));
    } else if (minor && fee.minors === 'exempt') {
      amount = 0;
      reasons.push(info('travellers.fee.minor_exempt', { programme: code }));
    } else if (minor && fee.minors === 'exempt_if_guardian_in_cbp_ttp') {
      if (guardianInTtp) {
        amount = 0;
        reasons.push(info('travellers.fee.minor_guardian_exempt', { programme: code }));
      } else {
        reasons.push(info('travellers.fee.minor_pays_without_guardian', { programme: code }));
      }
    } else if (minor && fee.minors === 'unknown') {
      reasons.push(info('travellers.fee.minor_fee_unverified', { programme: code }));
    }
    if (amount > 0)
      reasons.unshift(info('travellers.fee.standard', { programme: code, amount, currency: fee.currency }));
    lines.push({
      programme: code,
      currency: fee.currency,
      amount,
      fullAmount: fee.amount,
      waived: amount === 0,
      reasons,
      source: fee.source,
    });
    cents[fee.currency] = (cents[fee.currency] ?? 0) + Math.round(amount * 100);
  }
  const totals: Partial<Record<Currency, number>> = {};
  for (const [c, v] of Object.entries(cents) as [Currency, number][]) totals[c] = v / 100;
  return { lines, totals };
}

/**
 * The last day of a membership issued on `issueDate` under a validity rule: the same day `years` later (29 February
 * falling back to 28 February in a common year), or, for a rule anchored on the birthday, the member's birthday in
 * that year.
 */
export function membershipEnd(
  issueDate: string,
  rule: { years: number; anchor: 'birthday' | 'issue_date' },
  birthDate?: string,
): string {
  const issue = parseDate(issueDate);
  if (!issue) throw new RangeError(`not a calendar date: ${issueDate}`);
  const birth = birthDate ? parseDate(birthDate) : null;
  if (birthDate && !birth) throw new RangeError(`not a calendar date: ${birthDate}`);
  if (rule.anchor === 'birthday' && birth) {
    const y = issue.y + rule.years;
    return formatDate({ y, m: birth.m, d: Math.min(birth.d, daysInMonth(y, birth.m)) });
  }
  return addYears(issueDate, rule.years);
}

/**
 * The last day of a membership of `code` issued on `issueDate` (plain five years without a programme). Global Entry
 * is widely reported to expire on the member's birthday, but the exact rule (birthday in the fifth year, or first
 * birthday after five years) could not be confirmed from an official page, so every programme is anchored on the
 * issue date for now and `birthDate` changes nothing until a programme's `validity.anchor` becomes 'birthday'.
 */
export function validityEnd(issueDate: string, birthDate?: string, code?: ProgrammeCode): string {
  return membershipEnd(issueDate, code ? PROGRAMMES[code].validity : { years: 5, anchor: 'issue_date' }, birthDate);
}

/** First day a member may apply to renew (one year before expiry, per the programme's rule). */
export function renewalOpensOn(expiresOn: string, code?: ProgrammeCode): string {
  const months = code ? PROGRAMMES[code].renewal.opensMonthsBeforeExpiry : 12;
  return addMonths(expiresOn, -months);
}
