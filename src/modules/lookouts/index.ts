// The lookouts module: shared lookouts, the screening engine behind screen(), hit review, recurrent vetting.
// This file is the module's only public surface: other modules, the CLI and the demo use nothing else of it.
import type { App } from '../../kernel/http.ts';
import type { Ctx } from '../../kernel/context.ts';
import { LookoutsService } from './service.ts';
import { lookoutRoutes } from './routes/lookouts.ts';
import { screeningRoutes } from './routes/screening.ts';
import { hitRoutes } from './routes/hits.ts';
import { importRoutes } from './routes/imports.ts';

export function createLookouts(app: App, ctx: Ctx) {
  const service = new LookoutsService(ctx);
  lookoutRoutes(app, service);
  screeningRoutes(app, service);
  hitRoutes(app, service);
  importRoutes(app, service);
  return service;
}
export type { LookoutsService };
export type {
  LookoutInput,
  LookoutMeta,
  ScreeningHit,
  ScreenRecord,
  ScreenSubject,
  ScreenContext,
  RegisteredSubject,
  RegisteredSubjectsProvider,
} from './domain/lookout.ts';
/** How a hit is explained to an officer (the lanes console shows it beside the decision). */
export { hitExplanation } from './views/screening.ts';

/** The module's CLI commands, loaded only when run (the screening command starts cold in a few milliseconds). */
export const lookoutsCommands = {
  import: async (...a: Parameters<typeof import('./import-command.ts').importCommand>) =>
    (await import('./import-command.ts')).importCommand(...a),
  screen: async (...a: Parameters<typeof import('./screen-command.ts').screenCommand>) =>
    (await import('./screen-command.ts')).screenCommand(...a),
};
