// Who may read or change what in the lookouts module: named policies over one record (asked through ctx.guard, which
// audits every refusal) and the queue scopes, plain data that the store turns into SQL conditions applied before any
// LIMIT (store.ts: lookoutPage, hitReviewQueue).
import { policy } from '../../kernel/access.ts';
import { agencyCountry } from '../../kernel/agencies.ts';
import { hasRole, type User } from '../../kernel/auth.ts';
import type { LookoutMeta } from './domain/lookout.ts';

/** What sharing decides on: the owner, the partners it names, and whether it is a public list. */
export type LookoutSharing = Pick<LookoutMeta, 'kind' | 'agency' | 'sharingAgencies' | 'sharingCountries'>;
/** What hit review decides on: the owning agency (the lookout's) and the agencies whose screens raised the hit. */
export interface HitOwnership {
  agency: string | null;
  screeningAgencies: string[];
}

/**
 * Sharing scope: the owning agency, the partner agencies and countries it names; public lists are visible to all.
 * Screening asks it for each hit (hot path: plain comparisons only).
 */
export function lookoutVisibleTo(l: LookoutSharing, agency: string | null): boolean {
  if (l.kind === 'reference') return true;
  if (!agency) return false;
  return (
    l.agency === agency ||
    l.sharingAgencies.includes(agency) ||
    l.sharingCountries.includes(agencyCountry(agency) ?? '')
  );
}

/**
 * Read a lookout (its identifiers and history): a targeting analyst of its owner, or of an agency or country it is
 * shared with; public-list entries, any targeting analyst.
 */
export const canReadLookout = policy(
  'canReadLookout',
  (u: User, l: LookoutSharing) => hasRole(u, 'targeting_analyst') && lookoutVisibleTo(l, u.agency),
);

/** Screen a subject (the API, the screening page): targeting analysts, border officers and vetting officers. */
export const canScreen = policy('canScreen', (u: User, _: null) =>
  hasRole(u, 'targeting_analyst', 'border_officer', 'vetting_officer'),
);
/** Screen a batch (a manifest, up to 1,000 subjects): targeting analysts and border officers. */
export const canScreenBatch = policy('canScreenBatch', (u: User, _: null) =>
  hasRole(u, 'targeting_analyst', 'border_officer'),
);
/** List the lookouts the agency may see (lookoutScope then applies in SQL): targeting analysts and border officers. */
export const canListLookouts = policy('canListLookouts', (u: User, _: null) =>
  hasRole(u, 'targeting_analyst', 'border_officer'),
);

/** Post a lookout: a targeting analyst of an agency (the lookout then belongs to that agency). */
export const canPostLookout = policy(
  'canPostLookout',
  (u: User, _: null) => !!u.agency && hasRole(u, 'targeting_analyst'),
);

/** Change, activate or withdraw a lookout: the owning agency's targeting analysts; public lists are never changed. */
export const canChangeLookout = policy(
  'canChangeLookout',
  (u: User, l: LookoutSharing) =>
    l.kind === 'lookout' && !!u.agency && l.agency === u.agency && hasRole(u, 'targeting_analyst'),
);

/** The agency that decides on a hit: the lookout's owner; for a public list, an agency whose screen raised it. */
export function hitDecidedBy(h: HitOwnership, agency: string | null): boolean {
  if (!agency) return false;
  return h.agency ? h.agency === agency : h.screeningAgencies.includes(agency);
}
/**
 * Confirm a hit or mark it a false positive (which suppresses the pair for every agency): only a targeting analyst of
 * the agency that owns the lookout. A partner agency that screened against a shared lookout may see the hit, but does
 * not clear it.
 */
export const canReviewHit = policy(
  'canReviewHit',
  (u: User, h: HitOwnership) => hasRole(u, 'targeting_analyst') && hitDecidedBy(h, u.agency),
);
/**
 * The key of a false-positive suppression, and whose screens it silences. A hit on an agency's lookout is decided
 * by that agency alone (canReviewHit), so its false positive holds for every screen of the pair (`agency` null). A
 * public-list hit is decided by an agency whose screen raised it: its false positive holds only for that agency's
 * screens (`agency`), never for a partner's.
 */
export function suppressionKey(
  hit: { lookoutId: string; version: number; fingerprint: string },
  agency: string | null,
): string {
  return `${hit.lookoutId}|${hit.version}|${hit.fingerprint}${agency ? `|${agency}` : ''}`;
}

/**
 * A secondary inspection found the referral's hit a false positive: the border officer may clear it only when the
 * officer's agency owns the lookout; otherwise the hit stays open for the owner's analysts.
 */
export const canClearHitAtSecondary = policy(
  'canClearHitAtSecondary',
  (u: User, h: HitOwnership) => hasRole(u, 'border_officer') && hitDecidedBy(h, u.agency),
);

/** Import a public list as reference lookouts: targeting analysts and administrators (the CLI runs as the system). */
export const canImportList = policy('canImportList', (u: User, _: { source: string }) =>
  hasRole(u, 'targeting_analyst', 'administrator'),
);

/** The lookouts a user's lists show: public lists, and the lookouts shared with the user's agency or country. */
export interface LookoutScope {
  agency: string | null;
  country: string | null;
}
export function lookoutScope(u: User): LookoutScope {
  return { agency: u.agency, country: agencyCountry(u.agency) };
}

/** The hits an analyst reviews: those on the agency's lookouts, and public-list hits its own screens raised. */
export interface HitReviewScope {
  agency: string;
}
export function hitReviewScope(u: User): HitReviewScope | null {
  return u.agency && hasRole(u, 'targeting_analyst') ? { agency: u.agency } : null;
}
