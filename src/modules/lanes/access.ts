// Who may decide at which port, who sees which secondary referrals and records their outcome, and what a kiosk may
// decide. Policies are asked through ctx.guard (a refusal is audited as access.denied); the referral queue scope is
// plain data that the store turns into SQL conditions applied before the LIMIT.
import { type AgencyCode, type CountryCode, isAgencyCode, isCountryCode } from '../../kernel/agencies.ts';
import { policy } from '../../kernel/access.ts';
import { hasRole, type User } from '../../kernel/auth.ts';
import type { Lane, Port } from './domain/ports.ts';
import type { KioskRow, ReferralRow } from './store.ts';

const isBorderOfficer = (u: User) => u.kind === 'officer' && hasRole(u, 'border_officer') && !!u.country;

/**
 * The preclearance rule, written once: an officer works at the ports of their own country, and a US officer also at
 * the US preclearance sites abroad (Canadian airports).
 */
export function worksAtPort(u: User, port: Pick<Port, 'country' | 'kind'>): boolean {
  return isBorderOfficer(u) && (port.country === u.country || (port.kind === 'preclearance' && u.country === 'US'));
}

/** The booth console (choose a port and lane, then decide): border officers of an agency. */
export const canWorkConsole = policy('canWorkConsole', (u, _: null) => isBorderOfficer(u));

/**
 * A border officer decides on a lane of a port where they work, and only on entries into their own country (the
 * lane's direction): a CBSA officer never decides an entry into the United States, even at a Canadian airport.
 */
export const canDecideAtPort = policy('canDecideAtPort', (u, s: { port: Port; lane: Lane }) => {
  return worksAtPort(u, s.port) && s.lane.direction === u.country;
});

/** The ports where an officer decides on at least one lane (the booth console's choice of port). */
export function portsForOfficer(u: User, ports: Iterable<Port>, lanesOf: (portId: string) => Lane[]): Port[] {
  return [...ports].filter((port) => lanesOf(port.id).some((lane) => canDecideAtPort.allows(u, { port, lane })));
}

/** The owner of what is decided on a lane: the country it leads into and that country's border agency. */
export interface Owner {
  country: CountryCode;
  agency: AgencyCode;
}

/** The secondary-inspection queue of an officer: the open referrals owned by their agency, in their country. */
export type ReferralQueueScope = Owner;
export function referralQueueScope(u: User): ReferralQueueScope | null {
  if (!isBorderOfficer(u) || !isCountryCode(u.country) || !isAgencyCode(u.agency)) return null;
  return { country: u.country, agency: u.agency };
}

/**
 * A border officer records the outcome of a secondary inspection on a referral of their own agency and country, at a
 * port where they work (the same officers whose queue shows the referral).
 */
export const canRecordSecondaryOutcome = policy(
  'canRecordSecondaryOutcome',
  (u, s: { referral: Pick<ReferralRow, 'country' | 'agency'>; port: Port }) => {
    const scope = referralQueueScope(u);
    return (
      !!scope && s.referral.country === scope.country && s.referral.agency === scope.agency && worksAtPort(u, s.port)
    );
  },
);

/**
 * The self-service kiosk of a port decides only in the members' lane of that port (a NEXUS/SENTRI lane, or Global
 * Entry at a preclearance site), with no officer: its answer is "proceed" or "see an officer". Null: no kiosk here.
 */
export function kioskLane(lanes: Lane[]): Lane | null {
  return lanes.find((l) => l.laneType === 'preclearance_trusted' || l.laneType === 'trusted') ?? null;
}

/**
 * A registered kiosk device decides only at its own port, and only while it is active: a revoked device's credential,
 * or a credential of another port's kiosk, decides nothing.
 */
export function kioskMayDecide(device: Pick<KioskRow, 'status' | 'port_id'>, port: Pick<Port, 'id'>): boolean {
  return device.status === 'active' && device.port_id === port.id;
}

/**
 * An administrator registers and revokes the kiosks of the members' lanes their agency decides on: those leading into
 * their own country (at a US preclearance site in Canada, CBP's administrators).
 */
/** The kiosk administration desk: administrators of a border agency (which kiosks, canAdministerKiosk says). */
export const canAdministerKiosks = policy(
  'canAdministerKiosks',
  (u, _: null) => u.kind === 'officer' && hasRole(u, 'administrator') && !!u.country,
);

export const canAdministerKiosk = policy('canAdministerKiosk', (u, s: { lane: Lane }) => {
  return u.kind === 'officer' && hasRole(u, 'administrator') && !!u.country && s.lane.direction === u.country;
});
