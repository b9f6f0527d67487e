// The flow module: measured and predicted wait times, the public board and feed, planners' dashboards, simulation.
// This file is the module's only public surface: other modules, the CLI and the demo use nothing else of it.
import type { App } from '../../kernel/http.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { LanesService } from '../lanes/index.ts';
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

/** The module's CLI commands, loaded only when run. */
export const flowCommands = {
  simulate: async (...a: Parameters<typeof import('./simulate-command.ts').simulateCommand>) =>
    (await import('./simulate-command.ts')).simulateCommand(...a),
  import: async (...a: Parameters<typeof import('./import-command.ts').flowImportCommand>) =>
    (await import('./import-command.ts')).flowImportCommand(...a),
};
