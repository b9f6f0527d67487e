// Starts the HTTP server; used by `smartborder serve`.
import { createPlatform } from './app.ts';

export async function serve(opts: { onListening?: (url: string) => void } = {}) {
  const platform = await createPlatform();
  const { config } = platform.ctx;
  await platform.app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://localhost:${config.PORT}`;
  opts.onListening?.(url);
  const stop = async () => { await platform.close(); process.exit(0); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return platform;
}
