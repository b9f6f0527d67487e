// Who may read or change what in the portal: named policies (asked through ctx.guard, which audits a refusal as
// `access.denied`) and the queue scopes that the store applies as SQL conditions before any LIMIT.
//
// An application is the applicant's; once submitted, the officers of an agency that vets one of its programmes see it
// (vetting officers decide, enrolment officers enrol). A draft is the applicant's alone: no officer reads it. A
// membership is its holder's; the officers of an agency that vets one of its programmes review and change it.
import { policy } from '../../kernel/access.ts';
import { agencyCountry } from '../../kernel/agencies.ts';
import { hasRole, type User } from '../../kernel/auth.ts';
import { requiredAgencies } from './domain/eligibility.ts';
import type { ProgrammeCode } from './domain/programmes.ts';

/** What a policy needs of an application or a membership: whose it is and which agencies vet it. */
export interface ScopedRecord {
  userId: string;
  programmes: readonly ProgrammeCode[];
  fastRegion: 'north' | 'south' | null;
}

/** The agencies that vet a record's programmes (the FAST region decides whether CBSA takes part). */
export const vettingAgencies = (r: Pick<ScopedRecord, 'programmes' | 'fastRegion'>): string[] =>
  requiredAgencies(r.programmes, { fastRegion: r.fastRegion ?? undefined });

/** An application: a scoped record that is a draft until submitted. */
export interface ApplicationRecord extends ScopedRecord {
  submittedAt: Date | string | null;
}

const isOwner = (u: User, r: ScopedRecord) => r.userId === u.id;
/** Officers see an application only once submitted: a draft is its applicant's alone. */
const submitted = (a: ApplicationRecord) => a.submittedAt !== null;
/** An officer of an agency that vets the record, in that agency's country. */
const vettedByOfficersAgency = (u: User, r: ScopedRecord) =>
  u.kind === 'officer' && !!u.agency && u.country === agencyCountry(u.agency) && vettingAgencies(r).includes(u.agency);

// ---------- applications ----------
/** The applicant; once submitted, a vetting or enrolment officer of an agency that vets the application. */
export const canReadApplication = policy(
  'canReadApplication',
  (u, a: ApplicationRecord) =>
    isOwner(u, a) ||
    (submitted(a) && hasRole(u, 'vetting_officer', 'enrolment_officer') && vettedByOfficersAgency(u, a)),
);
/** Only the applicant changes the draft, submits, answers a question or withdraws. */
export const canEditDraft = policy('canEditDraft', (u, a: ScopedRecord) => isOwner(u, a));
/** Only the applicant books, moves or cancels the interview. */
export const canBookInterview = policy('canBookInterview', (u, a: ScopedRecord) => isOwner(u, a));
/** A vetting officer of an agency that vets the application, once submitted. */
export const canDecideVetting = policy(
  'canDecideVetting',
  (u, a: ApplicationRecord) => submitted(a) && hasRole(u, 'vetting_officer') && vettedByOfficersAgency(u, a),
);
/** An enrolment officer of an agency that vets the application, once submitted. */
export const canIssueMembership = policy(
  'canIssueMembership',
  (u, a: ApplicationRecord) => submitted(a) && hasRole(u, 'enrolment_officer') && vettedByOfficersAgency(u, a),
);

// ---------- memberships ----------
/** The holder, or a vetting or enrolment officer of an agency that vets the membership's programmes. */
export const canReadMembership = policy(
  'canReadMembership',
  (u, m: ScopedRecord) =>
    isOwner(u, m) || (hasRole(u, 'vetting_officer', 'enrolment_officer') && vettedByOfficersAgency(u, m)),
);
/** Suspend, revoke, reinstate: a vetting or enrolment officer of an agency that vets the membership. */
export const canChangeMembership = policy(
  'canChangeMembership',
  (u, m: ScopedRecord) => hasRole(u, 'vetting_officer', 'enrolment_officer') && vettedByOfficersAgency(u, m),
);
/** Renewal decisions and recurrent-vetting reviews: a vetting officer of an agency that vets the membership. */
export const canDecideRenewal = policy(
  'canDecideRenewal',
  (u, m: ScopedRecord) => hasRole(u, 'vetting_officer') && vettedByOfficersAgency(u, m),
);
/** Only the holder asks for a renewal. */
export const canRequestRenewal = policy('canRequestRenewal', (u, m: ScopedRecord) => isOwner(u, m));
/**
 * A lost card: the holder, or an enrolment officer of an agency that enrols the membership's programmes (the agencies
 * that vet them run the enrolment interviews and issue the cards).
 */
export const canReplaceCard = policy(
  'canReplaceCard',
  (u, m: ScopedRecord) => isOwner(u, m) || (hasRole(u, 'enrolment_officer') && vettedByOfficersAgency(u, m)),
);
/**
 * The full number of a new card: its holder only (it is mailed to them). An officer who replaced it sees the last
 * four digits, as on every other screen.
 */
export const canReadCardNumber = policy('canReadCardNumber', (u, m: ScopedRecord) => isOwner(u, m));

// ---------- desks: operations that read no record yet (asked before any is read; a refusal is audited, 403) ----------
const officerOfAgency = (u: User) => u.kind === 'officer' && !!u.agency && agencyCountry(u.agency) !== null;
/** Start an application: a member of the public with the applicant role (officers apply as private persons). */
export const canApply = policy('canApply', (u, _: null) => u.kind === 'public' && hasRole(u, 'applicant'));
/** The vetting desk (a case with its risk summary): vetting officers of an agency. */
export const canWorkVettingDesk = policy(
  'canWorkVettingDesk',
  (u, _: null) => officerOfAgency(u) && hasRole(u, 'vetting_officer'),
);
/** The enrolment desk (an interview case): enrolment officers of an agency. */
export const canWorkEnrolmentDesk = policy(
  'canWorkEnrolmentDesk',
  (u, _: null) => officerOfAgency(u) && hasRole(u, 'enrolment_officer'),
);
/** The officers' page of a membership (suspend, revoke, renewals): vetting and enrolment officers of an agency. */
export const canWorkMembershipDesk = policy(
  'canWorkMembershipDesk',
  (u, _: null) => officerOfAgency(u) && hasRole(u, 'vetting_officer', 'enrolment_officer'),
);
/** Look a card or a passport up (is it an active member?): border and enrolment officers of an agency. */
export const canLookUpMembership = policy(
  'canLookUpMembership',
  (u, _: null) => officerOfAgency(u) && hasRole(u, 'border_officer', 'enrolment_officer'),
);

// ---------- queue scopes (conditions of the store's queries, before the LIMIT) ----------
export interface VettingQueueScope {
  agency: string;
  country: string;
}
export type EnrolmentQueueScope = VettingQueueScope;

/** A vetting officer works their own agency's items, in its country; anyone else has no vetting queue. */
export function vettingQueueScope(u: User): VettingQueueScope | null {
  const country = agencyCountry(u.agency);
  return u.kind === 'officer' && u.agency && country && hasRole(u, 'vetting_officer')
    ? { agency: u.agency, country }
    : null;
}
/** An enrolment officer enrols the applications their agency vetted (and approved, with every other agency). */
export function enrolmentQueueScope(u: User): EnrolmentQueueScope | null {
  const country = agencyCountry(u.agency);
  return u.kind === 'officer' && u.agency && country && hasRole(u, 'enrolment_officer')
    ? { agency: u.agency, country }
    : null;
}
