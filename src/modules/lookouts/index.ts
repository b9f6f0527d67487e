// The lookouts module: shared lookouts, the screening engine behind screen(), hit review, recurrent vetting.
// This file is the module's only public surface: other modules, the CLI and the demo use nothing else of it.
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
export type { ScreeningHit, ScreenRecord, ScreenSubject, ScreenContext } from './service.ts';
/** How a hit is explained to an officer (the lanes console shows it beside the decision). */
export { hitExplanation } from './pages.ts';

/** The module's CLI commands, loaded only when run (the screening command starts cold in a few milliseconds). */
export const lookoutsCommands = {
  import: async (...a: Parameters<typeof import('./import-command.ts').importCommand>) =>
    (await import('./import-command.ts')).importCommand(...a),
  screen: async (...a: Parameters<typeof import('./screen-command.ts').screenCommand>) =>
    (await import('./screen-command.ts')).screenCommand(...a),
};
