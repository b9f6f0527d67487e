// The flow module: measured and predicted wait times, the public board and feed, planners' dashboards, simulation.
import type { App } from '../../kernel/http.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { LanesService } from '../lanes/service.ts';
import { FlowService } from './service.ts';
import { registerApi } from './api.ts';
import { registerPages } from './pages.ts';

export function createFlow(app: App, ctx: Ctx, deps: { lanes: LanesService }) {
  const service = new FlowService(ctx, deps.lanes);
  registerApi(app, service);
  registerPages(app, service);
  return service;
}
export type { FlowService };
