// Assembles the platform: kernel context, HTTP application, kernel routes, then each module.
import type { App } from './kernel/http.ts';
import { loadConfig, type Config } from './kernel/config.ts';
import { createContext, type Ctx } from './kernel/context.ts';
import { buildHttp } from './kernel/http.ts';
import { registerKernelRoutes } from './kernel/routes.ts';
import type { Logger } from 'pino';

export interface Platform {
  ctx: Ctx;
  app: App;
  modules: import('./modules/index.ts').Modules;
  close(): Promise<void>;
}

export async function createPlatform(opts: { config?: Config; schema?: string; log?: Logger } = {}): Promise<Platform> {
  const config = opts.config ?? loadConfig();
  const ctx = await createContext(config, { schema: opts.schema, log: opts.log });
  const app = await buildHttp(ctx);
  registerKernelRoutes(app, ctx);
  const modules = await import('./modules/index.ts');
  const registered = await modules.registerModules(app, ctx);
  await app.ready();
  return {
    ctx,
    app,
    modules: registered,
    close: async () => {
      await app.close();
      await ctx.database.close();
    },
  };
}
