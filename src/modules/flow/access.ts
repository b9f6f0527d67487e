// Who may do what with border-flow data. The wait board, its CBP-format feed, forecasts and BTS volumes are public
// by design (published figures). Imports, measured waits, the planners' dashboard and simulation are not: each asks a
// named policy here, and a refusal is audited (`access.denied`) through ctx.guard. A planner's dashboard reads only
// the rows its country owns (planningScope), as a condition of the query.
import { policy } from '../../kernel/access.ts';
import { agencyCountry, type CountryCode } from '../../kernel/agencies.ts';
import { hasRole, type User } from '../../kernel/auth.ts';
import type { FlowOwner } from './store.ts';

/** The flow rows a reader may see: those owned by one country. */
export interface FlowScope {
  country: CountryCode;
}

const countryOf = (u: User): CountryCode | null => (u.kind === 'officer' ? agencyCountry(u.agency) : null);

/** A planner (or an administrator) of the owning agency imports data about that agency's ports. */
export const canImportFlowData = policy(
  'canImportFlowData',
  (u: User, owner: FlowOwner) =>
    hasRole(u, 'planner', 'administrator') && u.kind === 'officer' && u.agency === owner.agency,
);

/** Simulation is a planning tool: planners only (it reads no stored record, only the scenario given). */
export const canSimulate = policy('canSimulate', (u: User, _scenario: null) => hasRole(u, 'planner'));

/** The planners' dashboard: a planner of one of the agencies (it then shows that country's ports). */
export const canViewPlanning = policy(
  'canViewPlanning',
  (u: User, _dashboard: null) => hasRole(u, 'planner') && countryOf(u) !== null,
);

/** Waits measured from crossings at a port: that port's country's planners and border officers. */
export const canViewMeasuredWaits = policy(
  'canViewMeasuredWaits',
  (u: User, port: { country: string }) =>
    hasRole(u, 'planner', 'border_officer') && countryOf(u) !== null && countryOf(u) === port.country,
);

/** The flow rows a planner's dashboard reads: their own country's; none for anyone else. */
export function planningScope(u: User): FlowScope | null {
  const country = countryOf(u);
  return hasRole(u, 'planner') && country ? { country } : null;
}
