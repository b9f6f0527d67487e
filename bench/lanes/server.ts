// The server under test, in its own process (the load generator runs in the parent): either the whole platform
// (createPlatform, which loads the membership directory and the screening index from the database, then listen on
// loopback), or a bare Fastify app answering a small JSON (the ceiling). Reports over IPC (ready, CPU time used, CPU
// profile of a window); 'exit' stops it cleanly, SIGKILL from the parent simulates a crash.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import cluster, { type Worker } from 'node:cluster';
import Fastify from 'fastify';
import pino from 'pino';

export interface ServerSpec {
  mode: 'platform' | 'bare';
  env?: Record<string, string>;
  schema?: string;
  workers?: number;
}
export type ServerMessage =
  | {
      ready: true;
      port: number;
      startMs: number;
      heapMB: number;
      rssMB: number;
      members?: number;
      lookouts?: number;
      pids: number[];
    }
  | { error: string }
  | { profiled: string }
  | { stats: Record<string, number> };
export type ServerCommand = 'exit' | 'stats' | { profileStart: true } | { profileStop: string };

const spec: ServerSpec = JSON.parse(process.env.BENCH_LANES_SERVER ?? '{}');
const send = (m: ServerMessage) => process.send?.(m);

async function main() {
  const t0 = performance.now();
  if ((spec.workers ?? 1) > 1 && cluster.isPrimary) return supervise(spec.workers!, t0);
  if (spec.mode === 'bare') {
    const app = Fastify({ logger: false });
    app.get('/ping', async () => ({ ok: true, id: crypto.randomUUID() }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    send({
      ready: true,
      port: typeof addr === 'object' && addr ? addr.port : 0,
      startMs: performance.now() - t0,
      heapMB: 0,
      rssMB: Math.round(process.memoryUsage().rss / 1048576),
      pids: [process.pid],
    });
    process.on('message', async (m: ServerCommand) => {
      if (m === 'exit') {
        await app.close();
        process.exit(0);
      }
    });
    return;
  }
  const { loadConfig } = await import('../../src/kernel/config.ts');
  const { createPlatform } = await import('../../src/app.ts');
  const config = loadConfig({ ...process.env, ...spec.env });
  const platform = await createPlatform({ config, schema: spec.schema, log: pino({ level: 'warn' }) });
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const startMs = performance.now() - t0;
  const addr = platform.app.server.address();
  const mem = process.memoryUsage();
  send({
    ready: true,
    port: typeof addr === 'object' && addr ? addr.port : 0,
    startMs,
    heapMB: Math.round(mem.heapUsed / 1048576),
    rssMB: Math.round(mem.rss / 1048576),
    members: platform.modules.travellers.directory.size,
    lookouts: platform.modules.lookouts.index.size,
    pids: [process.pid],
  });
  // CPU profile of a chosen window only (not of the start-up), through the inspector: same data as --cpu-prof.
  let session: Session | null = null;
  process.on('message', async (m: ServerCommand) => {
    if (m === 'exit') {
      await platform.close().catch(() => {});
      process.exit(0);
    }
    if (m === 'stats')
      send({
        stats: {
          ...platform.modules.lookouts.screeningCacheStats(),
          registeredIndexed: Object.values(platform.modules.lookouts.registeredIndexed()).reduce((t, n) => t + n, 0),
        },
      });
    if (typeof m === 'object' && 'profileStart' in m) {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 500 });
      await session.post('Profiler.start');
    }
    if (typeof m === 'object' && 'profileStop' in m && session) {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(m.profileStop, JSON.stringify(profile));
      session.disconnect();
      session = null;
      send({ profiled: m.profileStop });
    }
  });
}

/**
 * `serve --workers N` as the product runs it (superviseWorkers): this process forks the workers, which run the
 * platform on a shared port; it reports ready once all listen. The profile covers the first worker only.
 */
async function supervise(n: number, t0: number) {
  const { superviseWorkers } = await import('../../src/server.ts');
  const ready: Extract<ServerMessage, { ready: true }>[] = [];
  const workers: Worker[] = [];
  cluster.on('fork', (w) => {
    workers.push(w);
    w.on('message', (m: ServerMessage) => {
      if ('ready' in m) {
        ready.push(m);
        if (ready.length === n)
          send({
            ...ready[0],
            startMs: performance.now() - t0,
            heapMB: ready.reduce((t, r) => t + r.heapMB, 0),
            rssMB: ready.reduce((t, r) => t + r.rssMB, 0),
            pids: [process.pid, ...ready.map((r) => r.pids[0])],
          });
      } else if ('stats' in m) {
        // summed over the workers
        stats.push(m.stats);
        if (stats.length === n)
          send({
            stats: stats.reduce((t, x) => {
              for (const [k, v] of Object.entries(x)) t[k] = (t[k] ?? 0) + v;
              return t;
            }, {}),
          });
      } else send(m);
    });
  });
  let stats: Record<string, number>[] = [];
  const { stop } = superviseWorkers(n, { log: (s) => process.stderr.write(s + '\n') });
  process.on('message', async (m: ServerCommand) => {
    if (m === 'exit') {
      await stop();
      process.exit(0);
    }
    if (m === 'stats') {
      stats = [];
      for (const w of workers) w.send(m);
    }
    if (typeof m === 'object') workers[0]?.send(m);
  });
}

main().catch((e) => {
  send({ error: String(e?.stack ?? e) });
  process.exit(1);
});
