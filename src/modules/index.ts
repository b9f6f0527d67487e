// Each module registers its routes and services; cross-module calls go through the services wired here.
import type { App } from '../kernel/http.ts';
import type { Ctx } from '../kernel/context.ts';

export async function registerModules(_app: App, _ctx: Ctx): Promise<void> {
}
