// The travellers module: the single application portal, joint vetting, interviews and memberships.
// This file is the module's only public surface: other modules, the CLI and the demo use nothing else of it.
import type { App } from '../../kernel/http.ts';
import type { Ctx } from '../../kernel/context.ts';
import { TravellersService } from './service.ts';
import { registerPages } from './pages.ts';
import { registerApi } from './api.ts';

export function createTravellers(app: App, ctx: Ctx) {
  const service = new TravellersService(ctx);
  registerPages(app, service);
  registerApi(app, service);
  return service;
}
export type { TravellersService };
// Pure rules that the lanes module applies at the booth and the demo uses to make synthetic documents.
export { parseMrz, buildTd1, buildTd3 } from './domain/mrz.ts';
export { isValidCardNumber } from './domain/numbers.ts';
export { lanesFor, type LaneCode, type ProgrammeCode } from './domain/programmes.ts';
