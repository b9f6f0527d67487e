// Starts the HTTP server of a platform; used by `smartborder serve`.
import type { Platform } from './app.ts';

export async function serve(platform: Platform, opts: { onListening?: (url: string) => void } = {}) {
  const { config } = platform.ctx;
  await platform.app.listen({ port: config.PORT, host: config.HOST });
  opts.onListening?.(`http://localhost:${config.PORT}`);
  if (config.SMARTBORDER_SMTP_URL) {
    const { deliverOutbox } = await import('./kernel/mail.ts');
    const timer = setInterval(() => { deliverOutbox(platform.ctx.db, config.SMARTBORDER_SMTP_URL!, config.SMARTBORDER_MAIL_FROM).catch((e) => platform.ctx.log.warn({ err: e?.message }, 'mail delivery failed; will retry')); }, 5000);
    timer.unref();
  }
  const stop = async () => { await platform.close(); process.exit(0); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return platform;
}
