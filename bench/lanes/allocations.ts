// `node bench/lanes/allocations.ts`: bytes allocated per lane decision, by allocating function (V8's sampling heap
// profiler, objects collected by either garbage collector included), over 4,000 decisions through Fastify's inject
// (32 at a time; sockets left out) with 20,000 members and 30,000 lookouts on PGlite. Allocation rate drives how often
// the young generation is collected; see docs/benchmarks.md ("Lanes — runs of 2026-11-22/23 by hand").
import inspector from 'node:inspector/promises';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/kernel/config.ts';
import { createContext } from '../../src/kernel/context.ts';
import { createPlatform } from '../../src/app.ts';
import { seedAll, DEMO_PASSWORD } from '../../src/seed.ts';
import { loadMembers, loadLookouts, lookoutRows, requestPool } from './data.ts';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-alloc-'));
const config = loadConfig({
  SMARTBORDER_DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  SMARTBORDER_KEY: crypto.randomBytes(32).toString('base64'),
});
const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
await seedAll(ctx, { demo: true });
await loadMembers(ctx, 20000);
const lk = lookoutRows(30000);
await loadLookouts(ctx, lk.rows);
await ctx.database.close();
const p = await createPlatform({ config, log: pino({ level: 'silent' }) });
const { pool } = requestPool(20000, 20000, lk.persons, lk.entries);
const token = (
  await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    payload: { email: 'border.cbp@demo.smartborder.test', password: DEMO_PASSWORD },
  })
).json().token;
const run = async (from: number, n: number) => {
  let next = from;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < from + n) {
        const b = pool[next++ % pool.length];
        const r = await p.app.inject({
          method: 'POST',
          url: '/api/v1/lanes/decisions',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: b.body,
        });
        if (r.statusCode !== 200) throw new Error(r.body);
      }
    }),
  );
};
await run(0, 3000);
const s = new inspector.Session();
s.connect();
await s.post('HeapProfiler.enable');
await s.post('HeapProfiler.startSampling', {
  samplingInterval: 1024,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
} as any);
const N = 4000;
await run(3000, N);
const { profile } = (await s.post('HeapProfiler.stopSampling')) as any;
const agg = new Map<string, number>();
const walk = (n: any) => {
  const url = n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/');
  const k = `${n.callFrame.functionName || '(anon)'} ${url}:${n.callFrame.lineNumber + 1}`;
  agg.set(k, (agg.get(k) ?? 0) + n.selfSize);
  for (const c of n.children) walk(c);
};
walk(profile.head);
const total = [...agg.values()].reduce((a, b) => a + b, 0);
console.log('bytes per decision', Math.round(total / N));
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(String(Math.round(v / N)).padStart(7), k);
await p.close();
fs.rmSync(dir, { recursive: true, force: true });
