// The lanes module: ports of entry, primary-inspection and preclearance decisions, crossings, secondary inspection,
// the members' kiosk. This file is the module's only public surface: other modules, the CLI and the demo use nothing
// else of it.
import type { Ctx } from '../../kernel/context.ts';
import type { App } from '../../kernel/http.ts';
import type { LookoutsService } from '../lookouts/index.ts';
import type { TravellersService } from '../travellers/index.ts';
import { decisionRoutes } from './routes/decisions.ts';
import { kioskRoutes } from './routes/kiosk.ts';
import { kioskDeviceRoutes } from './routes/kiosk-devices.ts';
import { portRoutes } from './routes/ports.ts';
import { referralRoutes } from './routes/referrals.ts';
import { LanesService } from './service/lanes.ts';

export function createLanes(app: App, ctx: Ctx, deps: { travellers: TravellersService; lookouts: LookoutsService }) {
  const service = new LanesService(ctx, deps.travellers, deps.lookouts);
  portRoutes(app, service);
  decisionRoutes(app, service);
  referralRoutes(app, service);
  kioskRoutes(app, service);
  kioskDeviceRoutes(app, service);
  return service;
}
export type { LanesService };
export type { Decision, DecisionInput, KioskDevice, OccupantView, ReferralView } from './service/lanes.ts';
export type { Lane, Port, ScheduleSlot } from './domain/ports.ts';
export type { LaneType, Reason } from './domain/decide.ts';
export type { CrossingTimes } from './store.ts';
/** Ports and lanes reference data, for the platform's seeding (src/modules/seeders.ts). */
export { lanesSeeder } from './seed.ts';
/** The module's CLI commands (`smartborder kiosk …`), loaded only when run. */
export const lanesCommands = {
  kiosk: async (...a: Parameters<typeof import('./kiosk-command.ts').kioskCommand>) =>
    (await import('./kiosk-command.ts')).kioskCommand(...a),
};
