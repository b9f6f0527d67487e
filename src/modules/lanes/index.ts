// The lanes module: ports of entry, primary-inspection and preclearance decisions, crossings, secondary inspection.
import type { App } from '../../kernel/http.ts';
import type { Ctx } from '../../kernel/context.ts';
import { translator } from '../../kernel/i18n.ts';
import type { TravellersService } from '../travellers/index.ts';
import type { LookoutsService } from '../lookouts/index.ts';
import { LanesService } from './service.ts';
import { registerApi } from './api.ts';
import { registerPages, reasonText } from './pages.ts';

export function createLanes(app: App, ctx: Ctx, deps: { travellers: TravellersService; lookouts: LookoutsService }) {
  const service = new LanesService(ctx, deps.travellers, deps.lookouts);
  registerApi(app, service, (locale, r) => reasonText(translator(locale), r));
  registerPages(app, service);
  return service;
}
export type { LanesService };
