// The travellers module: the single application portal, joint vetting, interviews and memberships.
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
