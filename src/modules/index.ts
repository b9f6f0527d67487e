// Each module registers its routes and services; cross-module calls go through the services wired here.
import type { App } from '../kernel/http.ts';
import type { Ctx } from '../kernel/context.ts';
import { createTravellers } from './travellers/index.ts';

export interface Modules { travellers: ReturnType<typeof createTravellers> }

export async function registerModules(app: App, ctx: Ctx): Promise<Modules> {
  const travellers = createTravellers(app, ctx);
  return { travellers };
}
