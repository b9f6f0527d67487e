// Starts the HTTP server of a platform; used by `smartborder serve`. With several workers, the primary process only
// supervises: it forks the workers, each of which runs the whole platform and shares the listening socket.
import cluster, { type Worker } from 'node:cluster';
import type { Platform } from './app.ts';
import { errorFacts } from './kernel/log.ts';
import type { Ctx } from './kernel/context.ts';

/** How often the server anchors the audit chain's head in the checkpoint file (when it has moved). */
const CHECKPOINT_EVERY_MS = 60_000;

/**
 * Writes a signed checkpoint of the audit chain's head outside the database, at start, every minute and at stop. One
 * process writes them: the single server, or the primary of `serve --workers` (its workers do not), so the file has
 * one writer; an operator's `audit verify` may append too, each line in one write.
 */
export function anchorAuditChain(ctx: Ctx): { stop(): Promise<void> } {
  const anchor = () =>
    ctx.audit.anchor(ctx.db).catch((e) => ctx.log.error({ err: errorFacts(e) }, 'audit checkpoint not written'));
  void anchor();
  const timer = setInterval(anchor, CHECKPOINT_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await anchor();
    },
  };
}

export async function serve(platform: Platform, opts: { onListening?: (url: string) => void } = {}) {
  const { config } = platform.ctx;
  await platform.app.listen({ port: config.PORT, host: config.HOST });
  opts.onListening?.(`http://localhost:${config.PORT}`);
  if (config.SMARTBORDER_SMTP_URL) {
    const { deliverOutbox } = await import('./kernel/mail.ts');
    const timer = setInterval(() => {
      deliverOutbox(platform.ctx.db, config.SMARTBORDER_SMTP_URL!, config.SMARTBORDER_MAIL_FROM).catch((e) =>
        platform.ctx.log.warn({ err: errorFacts(e) }, 'mail delivery failed; will retry'),
      );
    }, 5000);
    timer.unref();
  }
  // PGlite runs no autovacuum: without statistics the planner guesses, and some guesses sort a whole table for each
  // page of a paged read. Statistics are refreshed at start and every hour (ANALYZE samples ~30,000 rows per table:
  // about a second at a million members, during which this process's database answers nothing else).
  if (platform.ctx.database.engine === 'pglite') {
    const analyze = () =>
      platform.ctx.database
        .exec('analyze')
        .catch((e) => platform.ctx.log.warn({ err: errorFacts(e) }, 'analyze failed'));
    void analyze();
    setInterval(analyze, 3_600_000).unref();
  }
  const anchor = cluster.isWorker ? null : anchorAuditChain(platform.ctx);
  const stop = async () => {
    await anchor?.stop();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return platform;
}

/**
 * Forks `n` worker processes (node:cluster) that run the same entry script and share the listening socket; a worker
 * that dies is replaced (at most once a second, so that a worker failing at start cannot spin). Each worker holds
 * its own membership directory and screening index, kept fresh through PostgreSQL NOTIFY: this is why several workers
 * need PostgreSQL (an embedded PGlite database belongs to one process).
 */
export function superviseWorkers(n: number, opts: { log: (s: string) => void; env?: Record<string, string> }) {
  let stopping = false;
  let lastFork = 0;
  const fork = () => {
    const wait = Math.max(0, lastFork + 1000 - Date.now());
    lastFork = Date.now() + wait;
    setTimeout(() => {
      if (!stopping) cluster.fork(opts.env);
    }, wait);
  };
  cluster.on('exit', (w: Worker, code, signal) => {
    if (stopping) return;
    opts.log(`worker ${w.process.pid} stopped (${signal ?? code}); starting another`);
    fork();
  });
  for (let i = 0; i < n; i++) cluster.fork(opts.env);
  lastFork = Date.now();
  const stop = async () => {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    await Promise.all(
      alive.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
  };
  return { stop };
}
