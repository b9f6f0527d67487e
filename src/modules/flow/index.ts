// The flow module: measured and predicted wait times, the public board and feed, planners' dashboards, simulation.
// This file is the module's only public surface: other modules, the CLI and the demo use nothing else of it.
import type { Ctx } from '../../kernel/context.ts';
import type { App } from '../../kernel/http.ts';
import type { LanesService } from '../lanes/index.ts';
import { importRoutes } from './routes/imports.ts';
import { planningRoutes } from './routes/planning.ts';
import { volumeRoutes } from './routes/volumes.ts';
import { waitRoutes } from './routes/waits.ts';
import { FlowService } from './service.ts';

export function createFlow(app: App, ctx: Ctx, deps: { lanes: LanesService }) {
  const service = new FlowService(ctx, deps.lanes);
  waitRoutes(app, service);
  volumeRoutes(app, service);
  importRoutes(app, service);
  planningRoutes(app, service);
  return service;
}
export type { FlowService };
export type { Board, BoardLane, FeedRecord, Forecast, ImportKind, ImportResult, MeasuredBucket } from './service.ts';
export type { FlowScope } from './access.ts';

/** The module's CLI commands, loaded only when run. */
export const flowCommands = {
  simulate: async (...a: Parameters<typeof import('./simulate-command.ts').simulateCommand>) =>
    (await import('./simulate-command.ts')).simulateCommand(...a),
  import: async (...a: Parameters<typeof import('./import-command.ts').flowImportCommand>) =>
    (await import('./import-command.ts')).flowImportCommand(...a),
};
