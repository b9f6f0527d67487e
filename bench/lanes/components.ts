// What one decision costs, piece by piece, in one process (no load generator): CPU time per operation of each step
// on the decision path, then the whole decision through the service and through Fastify (inject).
//   node bench/lanes/components.ts [--engine pglite|postgresql] [--members N] [--n N] [--json]
import { parseArgs } from 'node:util';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { sql } from 'kysely';
import { loadConfig } from '../../src/kernel/config.ts';
import { createContext } from '../../src/kernel/context.ts';
import { createPlatform } from '../../src/app.ts';
import { seedAll, DEMO_PASSWORD } from '../../src/seed.ts';
import { userForToken, findUserByEmail, actorOf } from '../../src/kernel/auth.ts';
import { parseMrz } from '../../src/modules/travellers/domain/mrz.ts';
import { loadMembers, loadLookouts, lookoutRows, requestPool } from './data.ts';

const { values: a } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    members: { type: 'string', default: '20000' },
    lookouts: { type: 'string', default: '30000' },
    n: { type: 'string', default: '2000' },
    json: { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const engine = a.engine === 'postgresql' ? 'postgresql' : 'pglite';
const N = Number(a.n);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-components-'));
const schema = engine === 'postgresql' ? 'bench_comp_' + crypto.randomBytes(5).toString('hex') : undefined;
const config = loadConfig({
  SMARTBORDER_DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  SMARTBORDER_KEY: crypto.randomBytes(32).toString('base64'),
  ...(schema ? { DATABASE_URL: a['pg-url'] } : {}),
});
const log = (s: string) => process.stderr.write(`[components] ${s}\n`);

const ctx = await createContext(config, { schema, log: pino({ level: 'silent' }) });
await seedAll(ctx, { demo: true });
await loadMembers(ctx, Number(a.members));
const lk = lookoutRows(Number(a.lookouts));
await loadLookouts(ctx, lk.rows);
await ctx.database.close();
const p = await createPlatform({ config, schema, log: pino({ level: 'silent' }) });
const rows: { step: string; cpuMicros: number; wallMicros: number }[] = [];
try {
  const { pool } = requestPool(3000, Number(a.members), lk.persons, lk.entries);
  const token = (
    await p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sessions',
      payload: { email: 'border.cbp@demo.smartborder.test', password: DEMO_PASSWORD },
    })
  ).json().token;
  const officer = (await findUserByEmail(p.ctx.db, 'border.cbp@demo.smartborder.test'))!;
  const bodies = pool.map((x) => JSON.parse(x.body));
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  async function time(step: string, f: (i: number) => unknown, n = N) {
    for (let i = 0; i < Math.min(200, n); i++) await f(i);
    const c = cpu(),
      t = performance.now();
    for (let i = 0; i < n; i++) await f(i);
    rows.push({
      step,
      cpuMicros: Math.round(((cpu() - c) * 1000) / n),
      wallMicros: Math.round(((performance.now() - t) * 1000) / n),
    });
    log(`${step}: ${rows.at(-1)!.cpuMicros} µs CPU`);
  }
  const today = new Date().toISOString().slice(0, 10);
  const mrzs: string[] = bodies.flatMap((b) => b.occupants.filter((o: any) => o.mrz).map((o: any) => o.mrz));
  const cards: string[] = bodies.flatMap((b) =>
    b.occupants.filter((o: any) => o.cardNumber).map((o: any) => o.cardNumber),
  );
  const people = mrzs
    .map((m) => parseMrz(m, { today }).fields)
    .filter((f) => f.surname)
    .map((f) => ({
      name: `${f.givenNames ?? ''} ${f.surname}`.trim(),
      birthDate: f.birthDate ?? undefined,
      nationality: f.nationality?.alpha2 ?? undefined,
    }));
  const memberIds = (await sql<{ id: string }>`select id from tt_memberships limit 2000`.execute(p.ctx.db)).rows.map(
    (r) => r.id,
  );
  const c = { actor: actorOf(officer), agency: 'CBP', purpose: 'benchmark', subjectRef: 'benchmark', record: false };

  await time('database round trip: select 1', () => sql`select 1`.execute(p.ctx.db));
  await time('session: userForToken, every request', () => userForToken(p.ctx.db, token));
  await time('document: parseMrz, per MRZ', (i) => parseMrz(mrzs[i % mrzs.length], { today }));
  await time('membership: lookupMembershipNow by card (HMAC + maps)', (i) =>
    p.modules.travellers.lookupMembershipNow({ cardNumber: cards[i % cards.length] }),
  );
  await time('membership: memberPersonal (one read + AES-GCM; the photo for the console)', (i) =>
    p.modules.travellers.memberPersonal(memberIds[i % memberIds.length]),
  );
  await time('screening: index.screen, per occupant name', (i) =>
    p.modules.lookouts.index.screen(
      { type: 'person', ...people[i % people.length] },
      { threshold: p.modules.lookouts.threshold, top: 20 },
    ),
  );
  await time('screening: lookouts.screen (scope filter), per occupant', (i) =>
    p.modules.lookouts.screen({ type: 'person', ...people[i % people.length] }, c),
  );
  await time('screening: lookouts.screen of a plate', (i) =>
    p.modules.lookouts.screen(
      { type: 'vehicle', plate: { number: 'ABC' + (1000 + (i % 9000)), jurisdiction: 'TX' } },
      c,
    ),
  );
  await time(
    'audit: one append in its own transaction (head row locked)',
    () =>
      p.ctx.db.transaction().execute((trx) =>
        p.ctx.audit.append(trx, {
          actor: actorOf(officer),
          purpose: 'benchmark',
          subject: 'benchmark',
          action: 'crossing.decided',
          detail: { outcome: 'admit', reasons: [], port: 'US-2504', lane: 'US-2504-general' },
        }),
      ),
    Math.min(N, 500),
  );
  // Whole decisions: one at a time (each waits for its own crossing batch) and 32 at a time (batches shared).
  await time(
    'decision: decidePrimary, one at a time',
    (i) => p.modules.lanes.decidePrimary(bodies[i % bodies.length], officer),
    Math.min(N, 1000),
  );
  {
    const c0 = cpu(),
      t0 = performance.now();
    let k = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (k < N) {
          const i = k++;
          await p.modules.lanes.decidePrimary(bodies[i % bodies.length], officer);
        }
      }),
    );
    rows.push({
      step: 'decision: decidePrimary, 32 concurrent',
      cpuMicros: Math.round(((cpu() - c0) * 1000) / N),
      wallMicros: Math.round(((performance.now() - t0) * 1000) / N),
    });
  }
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  {
    const c0 = cpu(),
      t0 = performance.now();
    let k = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (k < N) {
          const i = k++;
          await p.app.inject({
            method: 'POST',
            url: '/api/v1/lanes/decisions',
            headers,
            payload: pool[i % pool.length].body,
          });
        }
      }),
    );
    rows.push({
      step: 'decision: Fastify inject (whole HTTP stack but sockets), 32 concurrent',
      cpuMicros: Math.round(((cpu() - c0) * 1000) / N),
      wallMicros: Math.round(((performance.now() - t0) * 1000) / N),
    });
  }
  await time("Fastify inject GET /healthz (the platform's hooks, no work)", () =>
    p.app.inject({ method: 'GET', url: '/healthz' }),
  );
  if (a.json)
    process.stdout.write(JSON.stringify({ engine, members: Number(a.members), lookouts: lk.rows.length, rows }) + '\n');
  else
    process.stdout.write(
      `\n${engine}, ${Number(a.members).toLocaleString('en')} members, ${lk.rows.length.toLocaleString('en')} ` +
        'lookouts\n| step | CPU µs/op | wall µs/op |\n|---|---:|---:|\n' +
        rows.map((r) => `| ${r.step} | ${r.cpuMicros} | ${r.wallMicros} |`).join('\n') +
        '\n',
    );
} finally {
  if (schema) await p.ctx.database.exec(`drop schema if exists "${schema}" cascade`).catch(() => {});
  await p.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
