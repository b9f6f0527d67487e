// The lookouts module: shared lookouts, the screening engine behind screen(), hit review, recurrent vetting.
import type { App } from '../../kernel/http.ts';
import type { Ctx } from '../../kernel/context.ts';
import { LookoutsService } from './service.ts';
import { registerApi } from './api.ts';
import { registerPages } from './pages.ts';

export function createLookouts(app: App, ctx: Ctx) {
  const service = new LookoutsService(ctx);
  registerApi(app, service);
  registerPages(app, service);
  return service;
}
export type { LookoutsService };
