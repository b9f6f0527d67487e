// `npm run bench:lanes [-- --engine pglite|postgresql|both] [--members N] [--lookouts N] [--duration S] [--json]`
//
// Primary-inspection decisions through the real HTTP server on loopback: loads a demo with N active trusted-traveller
// members (bulk SQL into the portal's tables, with the platform's blind indexes and field encryption) and M active
// lookouts, starts the platform in a child process (createPlatform + listen on 127.0.0.1, so the membership directory
// and the screening index load from the database as in production), drives POST /api/v1/lanes/decisions with
// autocannon from this process with a realistic mix, and measures in the same run, just before each engine's decisions,
// a bare Fastify JSON endpoint as the ceiling. Afterwards the server is killed (SIGKILL, no clean shut-down), the
// database is reopened, and every acknowledged crossingId (each 200 answer) is looked up in ln_crossings.
//
// Options: --connections C (32), --warmup S (5), --pool N (20,000 distinct bodies), --profile (CPU profile of the
// server over an extra --profile-seconds window, summarized), --components (CPU cost of each step of a decision,
// measured in one process by bench/lanes/components.ts, per engine), --docs / --no-docs (write the "## Lanes" section
// of docs/benchmarks.md; default: only for full-size runs), --pg-url URL (postgres://postgres@127.0.0.1:5432/test),
// --workers N (server processes on PostgreSQL, 1), --churn R (lookouts posted per second during the run, 0.2),
// --server-flags="..." (Node flags of the server processes, e.g. --server-flags=--single-threaded-gc), --help.
// A small run (a smoke test, not a measurement): --engine pglite --members 2000 --lookouts 2000 --pool 2000
// --duration 2 --warmup 1 --no-docs. Data: the OFAC SDN list in data/lists (data/README.md); a missing file fails.
import { parseArgs } from 'node:util';
import { fork, execSync, execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/kernel/config.ts';
import { createContext } from '../src/kernel/context.ts';
import { openDatabase, type Database } from '../src/kernel/db.ts';
import { seedAll, DEMO_PASSWORD } from '../src/seed.ts';
import { loadLookouts, loadMembers, lookoutRows, requestPool, type PoolStats } from './lanes/data.ts';
import { ceilingRun, decisionsRun, type LoadResult } from './lanes/load.ts';
import { summarizeProfile, type ProfileSummary } from './lanes/profile.ts';
import type { ServerMessage, ServerSpec, ServerCommand } from './lanes/server.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values: a } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    members: { type: 'string', default: '1000000' },
    lookouts: { type: 'string', default: '30000' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    pool: { type: 'string', default: '20000' },
    json: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'profile-seconds': { type: 'string', default: '10' },
    docs: { type: 'boolean' },
    'no-docs': { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'server-heap': { type: 'string' },
    'server-flags': { type: 'string' },
    churn: { type: 'string', default: '0.2' },
    workers: { type: 'string', default: '1' },
    components: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (a.help) {
  // the header comment of this file, as usage
  const head = fs.readFileSync(import.meta.filename, 'utf8').split('\n');
  const usage = head
    .slice(
      0,
      head.findIndex((l) => !l.startsWith('//')),
    )
    .map((l) => l.replace(/^\/\/ ?/, ''));
  process.stdout.write(`${usage.join('\n')}\n`);
  process.exit(0);
}
type Engine = 'pglite' | 'postgresql';
const engines: Engine[] | null =
  a.engine === 'both'
    ? ['pglite', 'postgresql']
    : a.engine === 'pglite' || a.engine === 'postgresql'
      ? [a.engine]
      : null;
if (!engines) {
  process.stderr.write('--engine must be pglite, postgresql or both\n');
  process.exit(2);
}
const N = {
  members: Number(a.members),
  lookouts: Number(a.lookouts),
  duration: Number(a.duration),
  warmup: Number(a.warmup),
  connections: Number(a.connections),
  pool: Number(a.pool),
  profileSeconds: Number(a['profile-seconds']),
};
// Server processes (serve --workers) on PostgreSQL: one by default (on two cores shared with the load generator and
// PostgreSQL, a second worker costs more than it brings; see docs/benchmarks.md); PGlite belongs to one process.
const workersFor = (engine: Engine) =>
  engine === 'pglite' ? 1 : a.workers === 'auto' ? os.cpus().length : Number(a.workers);
if (a.workers !== 'auto' && !(Number.isInteger(Number(a.workers)) && Number(a.workers) >= 1)) {
  process.stderr.write('--workers must be auto or a whole number\n');
  process.exit(2);
}
// Lookouts posted by an analyst (through the API) per second during the measured run: each one invalidates cached
// screening answers it could change and is screened against every member (recurrent vetting).
const CHURN = Number(a.churn);
if (!(CHURN >= 0 && CHURN <= 50)) {
  process.stderr.write('--churn must be a number of lookouts per second from 0 to 50\n');
  process.exit(2);
}
const TARGET = { perSecond: 3000, p99Ms: 20 };
const OFFICER = 'border.cbp@demo.smartborder.test';

const log = (s: string) => process.stderr.write(`[bench:lanes] ${s}\n`);
const secs = (ms: number) => Math.round(ms / 100) / 10;
const since = (t: number) => performance.now() - t;
const cleanups = new Set<() => Promise<void> | void>();
const onSignal = async () => {
  for (const c of cleanups) await c();
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

// ---------- server child ----------
/** SIGKILL to the server's process group (the server and its workers), no clean shut-down. */
function crash(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
interface Server {
  child: ChildProcess;
  port: number;
  ready: Extract<ServerMessage, { ready: true }>;
  exited: Promise<number | null>;
}
async function startServer(spec: ServerSpec, timeoutMs = 15 * 60_000): Promise<Server> {
  const execArgv = [
    ...(a['server-heap'] ? [`--max-old-space-size=${a['server-heap']}`] : []),
    ...(a['server-flags'] ? a['server-flags'].split(' ').filter(Boolean) : []),
  ];
  // The server's stdout goes to our stderr, so that --json output stays one JSON object.
  // detached: its own process group, so that a crash (SIGKILL to the group) takes the workers of --workers too
  const child = fork(path.join(root, 'bench/lanes/server.ts'), [], {
    execArgv,
    detached: true,
    env: { ...process.env, BENCH_LANES_SERVER: JSON.stringify(spec) },
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = () => crash(child);
  cleanups.add(kill);
  const ready = await new Promise<Extract<ServerMessage, { ready: true }>>((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`server did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('message', (m: ServerMessage) => {
      if ('ready' in m) {
        clearTimeout(timer);
        resolve(m);
      }
      if ('error' in m) {
        clearTimeout(timer);
        reject(new Error('server failed: ' + m.error));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready`));
    });
  });
  return { child, port: ready.port, ready, exited };
}
const command = (s: Server, m: ServerCommand) => s.child.send(m);
/** The screening result cache's counters (summed over workers). */
function cacheStats(s: Server): Promise<Record<string, number>> {
  return new Promise((resolve) => {
    const on = (m: ServerMessage) => {
      if ('stats' in m) {
        s.child.off('message', on);
        resolve(m.stats);
      }
    };
    s.child.on('message', on);
    command(s, 'stats');
  });
}
async function profileWindow(s: Server, file: string, run: () => Promise<unknown>) {
  command(s, { profileStart: true });
  await new Promise((r) => setTimeout(r, 200));
  await run();
  const done = new Promise<void>((resolve) =>
    s.child.on('message', (m: ServerMessage) => {
      if ('profiled' in m) resolve();
    }),
  );
  command(s, { profileStop: file });
  await done;
}

// ---------- CPU accounting: the machine is shared, so CPU time per decision is reported next to throughput ----------
const TICK_MS = 10; // USER_HZ = 100 on Linux
interface CpuSnap {
  at: number;
  busy: number;
  steal: number;
  server: number;
  self: number;
  pg: number;
  pgByPid: Map<number, number>;
}
function machineTicks() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
  return {
    busy: (user + nice + system + irq + softirq) * TICK_MS,
    steal: (steal ?? 0) * TICK_MS,
    idle: (idle + iowait) * TICK_MS,
  };
}
function procMs(pid: number) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}
/** The server's processes (with --workers, the supervising primary and each worker), from /proc. */
const serverCpuMs = (s: Server) => s.ready.pids.reduce((t, p) => t + procMs(p), 0);
async function snap(s: Server, pgPids: number[]): Promise<CpuSnap> {
  const m = machineTicks(),
    me = process.cpuUsage();
  const pgByPid = new Map(pgPids.map((p) => [p, procMs(p)] as const));
  return {
    at: performance.now(),
    busy: m.busy,
    steal: m.steal,
    server: serverCpuMs(s),
    self: (me.user + me.system) / 1000,
    pg: 0,
    pgByPid,
  };
}
/**
 * PostgreSQL backends' CPU between two snapshots: the pool opens and closes connections, so backends are matched by
 * pid; one that exited before the end is left out (its last reading is gone), one that started during the run counts
 * in full.
 */
function withPostgres(a0: CpuSnap, a1: CpuSnap): [CpuSnap, CpuSnap] {
  let delta = 0;
  for (const [pid, ms] of a1.pgByPid) if (ms > 0) delta += ms - (a0.pgByPid.get(pid) ?? 0);
  return [
    { ...a0, pg: 0 },
    { ...a1, pg: Math.max(0, delta) },
  ];
}
function cpuReport(a0: CpuSnap, a1: CpuSnap, decisions: number) {
  const wall = a1.at - a0.at,
    d = (k: Exclude<keyof CpuSnap, 'pgByPid'>) => a1[k] - a0[k];
  const cores = (ms: number) => Math.round((ms / wall) * 100) / 100;
  const per = (ms: number) => Math.round((ms / Math.max(1, decisions)) * 1000) / 1000;
  return {
    serverMsPerDecision: per(d('server')),
    postgresMsPerDecision: per(d('pg')),
    generatorMsPerRequest: per(d('self')),
    serverCores: cores(d('server')),
    postgresCores: cores(d('pg')),
    generatorCores: cores(d('self')),
    otherCores: cores(Math.max(0, d('busy') - d('server') - d('pg') - d('self'))),
    machineBusyCores: cores(d('busy')),
    stealCores: cores(d('steal')),
  };
}
async function backendPids(schemaName: string | undefined): Promise<number[]> {
  if (!schemaName) return [];
  const c = new pg.Client({ connectionString: a['pg-url'] });
  await c.connect();
  const r = await c.query<{ pid: number }>(`select pid from pg_stat_activity where application_name = $1`, [
    schemaName,
  ]);
  await c.end();
  return r.rows.map((x) => x.pid);
}

/** The ceiling, measured next to each engine's run so that both see the same machine: a bare Fastify JSON endpoint. */
async function measureCeiling(label: string, workers: number) {
  const bare = await startServer({ mode: 'bare', workers });
  try {
    await ceilingRun(bare.port, { connections: N.connections, seconds: 2 });
    const c0 = await snap(bare, []);
    const result = await ceilingRun(bare.port, { connections: N.connections, seconds: N.duration });
    const cpu = cpuReport(c0, await snap(bare, []), result.ok);
    log(
      `${label}: ceiling (bare Fastify) ${result.perSecond} req/s, p50 ${result.p50Ms} ms, ` +
        `p99 ${result.p99Ms} ms; CPU per request: server ${cpu.serverMsPerDecision} ms, ` +
        `load generator ${cpu.generatorMsPerRequest} ms; cores: server ${cpu.serverCores}, ` +
        `generator ${cpu.generatorCores}, other ${cpu.otherCores}`,
    );
    return { ...result, cpu };
  } finally {
    bare.child.send('exit');
    await bare.exited;
  }
}

async function signIn(port: number, email = OFFICER): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (r.status !== 201) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** Posts synthetic lookouts as a CBP analyst at CHURN per second until stopped; returns how many and how fast. */
async function startChurn(port: number, seconds: number) {
  if (!CHURN) return async () => ({ posted: 0, failed: 0, p50Ms: 0 });
  const auth = `Bearer ${await signIn(port, 'analyst.cbp@demo.smartborder.test')}`;
  const times: number[] = [];
  let failed = 0,
    n = 0;
  const post = async () => {
    const t = performance.now();
    const lookout = {
      subjectType: 'person',
      category: 'serious_crime',
      reason: 'Benchmark churn',
      recommendedAction: 'refer_secondary',
      sharingCountries: ['CA', 'MX'],
      identifiers: { names: [`Churnname${n} Bench${n++ % 97}`], birthDates: ['1970-01-01'] },
    };
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/lookouts`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ activate: true, lookout }),
    });
    if (r.status === 201) times.push(performance.now() - t);
    else failed++;
  };
  const inFlight: Promise<void>[] = [];
  const timer = setInterval(() => inFlight.push(post()), 1000 / CHURN);
  const stop = setTimeout(() => clearInterval(timer), seconds * 1000);
  return async () => {
    clearInterval(timer);
    clearTimeout(stop);
    await Promise.all(inFlight);
    times.sort((x, y) => x - y);
    return { posted: times.length, failed, p50Ms: Math.round(times[Math.floor(times.length / 2)] ?? 0) };
  };
}

// ---------- durability and mix ----------
async function verify(db: Database, acknowledged: string[]) {
  const unique = [...new Set(acknowledged)];
  let found = 0;
  for (let i = 0; i < unique.length; i += 10_000) {
    found += (
      await sql<{
        n: number;
      }>`select count(*)::int as n from ln_crossings where id = any(${unique.slice(i, i + 10_000)}::uuid[])`.execute(
        db.db,
      )
    ).rows[0].n;
  }
  const m = (
    await sql<CrossingStats>`select count(*)::int as total, count(*) filter (where outcome = 'refer')::int as refer,
      count(*) filter (where 'lanes.reason.lookout' = any(reasons))::int as lookout,
      count(*) filter (where 'lanes.reason.plate_lookout' = any(reasons))::int as plate,
      count(*) filter (where 'lanes.reason.document_unreadable' = any(reasons))::int as unreadable,
      count(*) filter (where 'lanes.reason.not_member' = any(reasons))::int as not_member,
      count(*) filter (where lane_type = 'trusted')::int as trusted,
      coalesce(sum(occupants), 0)::int as occupants, coalesce(sum(members), 0)::int as members,
      coalesce(percentile_cont(0.5) within group (order by processing_micros), 0)::int as p50_us,
      coalesce(percentile_cont(0.99) within group (order by processing_micros), 0)::int as p99_us
    from ln_crossings`.execute(db.db)
  ).rows[0];
  const referrals = (await sql<{ n: number }>`select count(*)::int as n from ln_referrals`.execute(db.db)).rows[0].n;
  const hits = (await sql<{ n: number }>`select count(*)::int as n from lk_hits`.execute(db.db)).rows[0].n;
  const audit = (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db.db)).rows[0].n;
  const pct = (x: number) => (m.total ? Math.round((x / m.total) * 1000) / 10 : 0);
  return {
    durability: {
      acknowledged: unique.length,
      duplicates: acknowledged.length - unique.length,
      found,
      missing: unique.length - found,
      recorded: m.total,
      ok: found === unique.length,
    },
    mix: {
      crossings: m.total,
      trustedLanePct: pct(m.trusted),
      referPct: pct(m.refer),
      lookoutHitPct: pct(m.lookout),
      plateHitPct: pct(m.plate),
      unreadablePct: pct(m.unreadable),
      notMemberPct: pct(m.not_member),
      occupantsPerVehicle: m.total ? Math.round((m.occupants / m.total) * 100) / 100 : 0,
      memberOccupantPct: m.occupants ? Math.round((m.members / m.occupants) * 1000) / 10 : 0,
      referrals,
      lookoutHitsRecorded: hits,
      auditEntries: audit,
    },
    serviceMicros: { p50: m.p50_us, p99: m.p99_us },
  };
}

/** Totals of ln_crossings after a run (one row). */
interface CrossingStats {
  total: number;
  refer: number;
  lookout: number;
  plate: number;
  unreadable: number;
  not_member: number;
  trusted: number;
  occupants: number;
  members: number;
  p50_us: number;
  p99_us: number;
}

// ---------- one engine ----------
interface EngineResult {
  workers: number;
  lookoutsPosted: { posted: number; failed: number; p50Ms: number };
  screeningCache: { screens: number; hits: number; misses: number; rescreens: number; hitRate: number };
  engine: 'pglite' | 'postgresql';
  members: number;
  lookouts: number;
  loadSeconds: { migrateAndSeed: number; members: number; lookouts: number; total: number };
  startSeconds: number;
  server: { heapMB: number; rssMB: number; directory: number; index: number };
  decisionsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  ceilingPerSecond: number;
  ceiling: LoadResult & { cpu: ReturnType<typeof cpuReport> };
  warmup: LoadResult;
  run: LoadResult;
  cpu: ReturnType<typeof cpuReport>;
  durability: Awaited<ReturnType<typeof verify>>['durability'];
  mix: Awaited<ReturnType<typeof verify>>['mix'];
  serviceMicros: { p50: number; p99: number };
  errorSample: Record<string, string>;
  profile?: ProfileSummary & { file: string };
  targetsMet: boolean;
}

async function runEngine(
  engine: 'pglite' | 'postgresql',
  lk: ReturnType<typeof lookoutRows>,
  pool: Awaited<ReturnType<typeof requestPool>>['pool'],
): Promise<EngineResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-lanes-'));
  const schema = engine === 'postgresql' ? 'bench_lanes_' + crypto.randomBytes(5).toString('hex') : undefined;
  // The server's PostgreSQL connections carry the schema name as application_name, to find their backends' CPU time.
  const pgUrl = schema
    ? `${a['pg-url']}${a['pg-url']!.includes('?') ? '&' : '?'}application_name=${schema}`
    : undefined;
  const env: Record<string, string> = {
    SMARTBORDER_DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    SMARTBORDER_KEY: crypto.randomBytes(32).toString('base64'),
    ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
  };
  const open = () =>
    openDatabase(
      engine === 'postgresql' ? { databaseUrl: a['pg-url'], schema } : { dataDir: path.join(dir, 'pglite') },
    );
  const cleanup = async () => {
    if (schema) {
      const d = await open();
      await d.exec(`drop schema if exists "${schema}" cascade`).catch(() => {});
      await d.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(cleanup);
  let server: Server | undefined;
  try {
    log(
      `${engine}: loading ${N.members.toLocaleString('en')} members and ${lk.rows.length.toLocaleString('en')} ` +
        `lookouts${schema ? ` into schema ${schema}` : ` into ${dir}`}`,
    );
    let t = performance.now();
    const ctx = await createContext(loadConfig(env), { schema, log: pino({ level: 'silent' }) });
    await seedAll(ctx, { demo: true });
    const seedMs = since(t);
    t = performance.now();
    let lastLog = 0;
    await loadMembers(ctx, N.members, {
      onProgress: (d) => {
        if (performance.now() - lastLog > 10_000 || d === N.members) {
          lastLog = performance.now();
          log(`${engine}:   ${d.toLocaleString('en')} members (${secs(since(t))} s)`);
        }
      },
    });
    const membersMs = since(t);
    t = performance.now();
    await loadLookouts(ctx, lk.rows);
    const lookoutsMs = since(t);
    if (engine === 'postgresql')
      await ctx.database.exec(
        'analyze tt_memberships; analyze tt_cards; analyze lk_lookouts; analyze lk_events; ' +
          'analyze users; analyze sessions',
      );
    await ctx.database.close();
    log(
      `${engine}: loaded in ${secs(seedMs + membersMs + lookoutsMs)} s (migrate+seed ${secs(seedMs)}, members ` +
        `${secs(membersMs)}, lookouts ${secs(lookoutsMs)}); starting the server`,
    );

    const workers = workersFor(engine);
    server = await startServer({ mode: 'platform', env, schema, workers });
    log(
      `${engine}: server (${workers} worker process${workers > 1 ? 'es' : ''}) up in ` +
        `${secs(server.ready.startMs)} s on 127.0.0.1:${server.port} (directory ${server.ready.members}, index ` +
        `${server.ready.lookouts}, heap ${server.ready.heapMB} MB, rss ${server.ready.rssMB} MB)`,
    );
    const token = await signIn(server.port);
    // Members are indexed for recurrent vetting in the background after start-up; measure once that is done.
    const tIdx = performance.now();
    while ((await cacheStats(server)).registeredIndexed < N.members * workers)
      await new Promise((r) => setTimeout(r, 500));
    log(`${engine}: members indexed for recurrent vetting ${secs(since(tIdx))} s after start-up`);
    const ceiling = await measureCeiling(engine, workers);
    const acknowledged: string[] = [];
    const statusSample = new Map<number, string>();
    log(`${engine}: warm-up ${N.warmup} s`);
    const warmup = await decisionsRun(server.port, token, pool, {
      connections: N.connections,
      seconds: N.warmup,
      acknowledged,
      statusSample,
    });
    log(`${engine}: run ${N.duration} s, ${N.connections} connections`);
    const pids = await backendPids(schema);
    const stats0 = await cacheStats(server);
    const before = await snap(server, pids);
    const churn = await startChurn(server.port, N.duration);
    const run = await decisionsRun(server.port, token, pool, {
      connections: N.connections,
      seconds: N.duration,
      start: 7919,
      acknowledged,
      statusSample,
    });
    const lookoutsPosted = await churn();
    log(
      `${engine}: ${lookoutsPosted.posted} lookouts posted during the run (${lookoutsPosted.failed} refused), p50 ` +
        `${lookoutsPosted.p50Ms} ms each`,
    );
    const cpu = cpuReport(
      ...withPostgres(before, await snap(server, [...new Set([...pids, ...(await backendPids(schema))])])),
      run.ok + run.non2xx,
    );
    const stats1 = await cacheStats(server);
    const dStat = (k: string) => (stats1[k] ?? 0) - (stats0[k] ?? 0);
    const screens = dStat('hits') + dStat('misses') + dStat('uncacheable');
    const screeningCache = {
      screens,
      hits: dStat('hits'),
      misses: dStat('misses'),
      rescreens: dStat('rescreens'),
      hitRate: screens ? Math.round((dStat('hits') / screens) * 1000) / 1000 : 0,
    };
    log(
      `${engine}: screening cache during the run: ${screens} screens, hit rate ${screeningCache.hitRate} ` +
        `(${screeningCache.rescreens} recomputed after a lookout change)`,
    );
    log(
      `${engine}: ${run.perSecond} decisions/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, non-2xx ${run.non2xx}, ` +
        `errors ${run.errors}; CPU per decision: server ${cpu.serverMsPerDecision} ms` +
        `${schema ? `, PostgreSQL ${cpu.postgresMsPerDecision} ms (${pids.length} backends)` : ''}; ` +
        `cores used: server ${cpu.serverCores}, load generator ${cpu.generatorCores}, ` +
        `other processes ${cpu.otherCores}, steal ${cpu.stealCores}`,
    );
    let profile: EngineResult['profile'];
    if (a.profile) {
      const file = path.join(os.tmpdir(), `bench-lanes-${engine}-${Date.now()}.cpuprofile`);
      log(`${engine}: CPU profile over ${N.profileSeconds} s -> ${file}`);
      await profileWindow(server, file, () =>
        decisionsRun(server!.port, token, pool, {
          connections: N.connections,
          seconds: N.profileSeconds,
          start: 104729,
          acknowledged,
        }),
      );
      profile = { file, ...summarizeProfile(file) };
    }
    // Crash, not a clean shut-down: whatever was acknowledged must already be in the database.
    crash(server.child);
    await server.exited;
    const db = await open();
    const v = await verify(db, acknowledged);
    await db.close();
    log(
      `${engine}: durability ${v.durability.ok ? 'OK' : 'FAILED'}: ` +
        `${v.durability.found}/${v.durability.acknowledged} acknowledged crossings found after SIGKILL ` +
        `(${v.durability.recorded} recorded)`,
    );
    const targetsMet = run.perSecond >= TARGET.perSecond && run.p99Ms <= TARGET.p99Ms && v.durability.ok;
    return {
      engine,
      workers,
      members: N.members,
      lookouts: lk.rows.length,
      loadSeconds: {
        migrateAndSeed: secs(seedMs),
        members: secs(membersMs),
        lookouts: secs(lookoutsMs),
        total: secs(seedMs + membersMs + lookoutsMs),
      },
      startSeconds: secs(server.ready.startMs),
      server: {
        heapMB: server.ready.heapMB,
        rssMB: server.ready.rssMB,
        directory: server.ready.members ?? 0,
        index: server.ready.lookouts ?? 0,
      },
      decisionsPerSecond: run.perSecond,
      p50Ms: run.p50Ms,
      p90Ms: run.p90Ms,
      p99Ms: run.p99Ms,
      maxMs: run.maxMs,
      ceilingPerSecond: ceiling.perSecond,
      ceiling,
      warmup,
      run,
      cpu,
      screeningCache,
      lookoutsPosted,
      ...v,
      errorSample: Object.fromEntries([...statusSample].map(([k, b]) => [String(k), b])),
      profile,
      targetsMet,
    };
  } finally {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      crash(server.child);
      await server.exited;
    }
    await cleanup();
    cleanups.delete(cleanup);
  }
}

// ---------- cost of each step ----------
interface Components {
  engine: string;
  members: number;
  lookouts: number;
  rows: { step: string; cpuMicros: number; wallMicros: number }[];
}
function components(engine: Engine): Components {
  log(`${engine}: cost of each step (bench/lanes/components.ts, 20,000 members)`);
  const out = execFileSync(
    process.execPath,
    [path.join(root, 'bench/lanes/components.ts'), '--engine', engine, '--json', '--pg-url', a['pg-url']!],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20 * 60_000 },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

// ---------- report ----------
function machine() {
  let model = os.cpus()[0]?.model ?? 'unknown';
  try {
    model = /Model name:\s*(.+)/.exec(execSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim() ?? model;
  } catch {
    /* lscpu missing */
  }
  let pg = '';
  try {
    pg = execSync(`psql "${a['pg-url']}" -Atc "show server_version"`, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    /* no psql */
  }
  return {
    cpu: model,
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: pg,
    date: new Date().toISOString().slice(0, 10),
  };
}

function markdown(
  res: EngineResult[],
  stats: PoolStats,
  m: ReturnType<typeof machine>,
  cmd: string,
  comps: Components[],
) {
  const yes = (b: boolean) => (b ? 'yes' : '**no**');
  const mixShares = Object.entries(stats.byKind)
    .map(([k, v]) => `${k} ${Math.round((v / stats.size) * 1000) / 10} %`)
    .join(', ');
  const pg = (r: EngineResult, text: string) => (r.engine === 'postgresql' ? text : '');
  const cpuSentence = (r: EngineResult) =>
    `${r.engine}: server ${r.cpu.serverMsPerDecision} ms per decision` +
    pg(r, ` + PostgreSQL backends ${r.cpu.postgresMsPerDecision} ms`) +
    `, load generator ${r.cpu.generatorMsPerRequest} ms per request; ` +
    `during the run the server used ${r.cpu.serverCores} cores` +
    pg(r, `, PostgreSQL ${r.cpu.postgresCores}`) +
    `, the load generator ${r.cpu.generatorCores}, other processes ${r.cpu.otherCores}; ` +
    `the ceiling's server took ${r.ceiling.cpu.serverMsPerDecision} ms per request ` +
    `(other processes ${r.ceiling.cpu.otherCores} cores)`;
  const oneCoreRate = (r: EngineResult) =>
    `${Math.round(1000 / r.cpu.serverMsPerDecision).toLocaleString('en')} decisions/s (${r.engine}; ` +
    `bare endpoint ${Math.round(1000 / r.ceiling.cpu.serverMsPerDecision).toLocaleString('en')} requests/s)`;
  const profileAreas = (r: EngineResult) =>
    (r.profile?.areas ?? [])
      .slice(0, 10)
      .map((x) => `${x.area} ${x.share} %`)
      .join(', ');
  const profileInclusive = (r: EngineResult) =>
    (r.profile?.inclusive ?? [])
      .filter((x) => x.share >= 0.5)
      .map((x) => `${x.fn} ${x.share} %`)
      .join(', ');
  const lines = [
    '## Lanes',
    '',
    `Primary-inspection decisions (POST /api/v1/lanes/decisions) through the real HTTP server on loopback. ` +
      `Command: \`${cmd}\`.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB; Node ${m.node}` +
      `${m.postgres ? `; PostgreSQL ${m.postgres} (local, default settings: synchronous_commit on)` : ''}; ` +
      `${m.date}.`,
    `Load: autocannon in the benchmark process, ${N.connections} connections, pipelining 1, ${N.warmup} s warm-up ` +
      `then ${N.duration} s measured; the server is ` +
      `${res.map((r) => `${r.workers} process${r.workers > 1 ? 'es' : ''} on ${r.engine}`).join(', ')} ` +
      `(\`serve --workers\`). Ceiling: a bare Fastify app answering a small JSON (GET), with the same number of ` +
      `processes, same settings, measured just before each engine's decisions. During each measured run a CBP ` +
      `analyst posts ${CHURN} lookouts per second through the API (each invalidates the cached screening answers it ` +
      `could change and is screened against every member); the screening result cache starts empty at server start.`,
    '',
    '| engine | members | lookouts | load | server start | decisions/s | p50 | p99 | ceiling/s | durability ' +
      '(after SIGKILL) | targets (≥3,000/s, p99 ≤ 20 ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...res.map(
      (r) =>
        `| ${r.engine} | ${r.members.toLocaleString('en')} | ${r.lookouts.toLocaleString('en')} | ` +
        `${r.loadSeconds.total} s | ${r.startSeconds} s | ${r.decisionsPerSecond.toLocaleString('en')} | ` +
        `${r.p50Ms} ms | ${r.p99Ms} ms | ${r.ceilingPerSecond.toLocaleString('en')} | ` +
        `${r.durability.found.toLocaleString('en')} / ${r.durability.acknowledged.toLocaleString('en')} ` +
        `acknowledged found${r.durability.ok ? '' : ' **FAILED**'} | ${yes(r.targetsMet)} |`,
    ),
    '',
    `Mix (pool of ${stats.size.toLocaleString('en')} distinct bodies, drawn in turn): ${mixShares}; ` +
      `${Math.round((stats.occupants / stats.size) * 100) / 100} occupants per vehicle; ` +
      `plates on ${Math.round((stats.plates / stats.size) * 100)} %. Traveller names that the screening engine ` +
      `flagged by accident were drawn again (${stats.accidentalHitsReplaced}).`,
    ...res.map(
      (r) =>
        `Recorded on ${r.engine}: ${r.mix.crossings.toLocaleString('en')} crossings, ` +
        `referred ${r.mix.referPct} %, lookout hits ${r.mix.lookoutHitPct} %, ` +
        `unreadable documents ${r.mix.unreadablePct} %, trusted lanes ${r.mix.trustedLanePct} %; ` +
        `service time (processing_micros) p50 ${r.serviceMicros.p50} µs, p99 ${r.serviceMicros.p99} µs; ` +
        `screening cache hit rate during the run ${r.screeningCache.hitRate} of ` +
        `${r.screeningCache.screens.toLocaleString('en')} screens ` +
        `(${r.screeningCache.rescreens} recomputed after a lookout change); ` +
        `${r.lookoutsPosted.posted} lookouts posted (p50 ${r.lookoutsPosted.p50Ms} ms); ` +
        `server heap after start ${r.server.heapMB} MB (rss ${r.server.rssMB} MB); ` +
        `load ${r.loadSeconds.members} s members + ${r.loadSeconds.lookouts} s lookouts + ` +
        `${r.loadSeconds.migrateAndSeed} s migrations and demo seed.`,
    ),
    '',
    `CPU time (throughput depends on what else runs on the machine, CPU time per decision much less; "other ` +
      `processes" shows what else ran): ${res.map(cpuSentence).join('; ')}. ` +
      `One core at the measured CPU cost would give about ${res.map(oneCoreRate).join(' and ')}.`,
    ...res
      .filter((r) => r.profile)
      .flatMap((r) => [
        '',
        `Profile (${r.engine}, ${N.profileSeconds} s under the same load, sampled by the inspector; ` +
          `share of the server's busy time): ${profileAreas(r)}. ` +
          `Synchronous inclusive time: ${profileInclusive(r)}.`,
      ]),
    ...(comps.length
      ? [
          '',
          `Cost of each step (\`node bench/lanes/components.ts --engine E\`: one process, ` +
            `${comps[0].members.toLocaleString('en')} members, ${comps[0].lookouts.toLocaleString('en')} lookouts, ` +
            `CPU µs per operation):`,
          '',
          `| step | ${comps.map((c) => c.engine).join(' | ')} |`,
          `|---|${comps.map(() => '---:').join('|')}|`,
          ...comps[0].rows.map((r, i) => `| ${r.step} | ${comps.map((c) => c.rows[i]?.cpuMicros ?? '').join(' | ')} |`),
        ]
      : []),
    '',
    'Data: members are inserted with multi-row `insert … select from unnest(…)` (10,000 per batch and table) into ' +
      'tt_applications, tt_memberships and tt_cards, with blind indexes and membership/card ciphertexts computed ' +
      "per row by the platform's cipher (ids are version-4 UUIDs whose first bits count up, and the three indexes " +
      'on keyed hashes are dropped during the load and rebuilt after it, so that the load does not slow down as the ' +
      'indexes outgrow the cache); the application draft (`tt_applications.personal_enc`, never read by the lanes) ' +
      'is one encrypted template per batch; no user accounts, actions or membership events are created for them. ' +
      'Lookouts: the OFAC SDN 2021 entries as reference lookouts plus synthetic agency lookouts (CBP, CBSA and INM, ' +
      "most shared with the US; 2 % vehicles), each with 'created' and 'activated' events.",
    'Durability: every crossingId answered with 200 is kept by the load generator; after the run the server is ' +
      'killed with SIGKILL, the database reopened, and each id looked up in ln_crossings.',
  ];
  return lines.join('\n') + '\n';
}

function writeDocs(section: string) {
  const file = path.join(root, 'docs/benchmarks.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const cur = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = cur.search(/^## Lanes[ \t]*$/m);
  let next: string;
  if (start < 0) next = cur.replace(/\n*$/, '\n\n') + section;
  else {
    const rest = cur.slice(start + 1);
    const end = rest.search(/^## /m);
    next = cur.slice(0, start) + section + (end < 0 ? '' : '\n' + rest.slice(end));
  }
  fs.writeFileSync(file, next);
  log(`wrote the "## Lanes" section of ${path.relative(root, file)}`);
}

// ---------- main ----------
async function main() {
  const m = machine();
  log(`${m.cpu}, ${m.cores} cores, Node ${m.node}`);
  let t = performance.now();
  const lk = lookoutRows(N.lookouts);
  const { pool, stats } = requestPool(N.pool, N.members, lk.persons, lk.entries);
  log(
    `data: ${lk.rows.length.toLocaleString('en')} lookouts (${lk.ofac} OFAC), ${pool.length.toLocaleString('en')} ` +
      `request bodies ${JSON.stringify(stats.byKind)}, ${stats.accidentalHitsReplaced} accidental name hits drawn ` +
      `again (${secs(since(t))} s)`,
  );

  const res: EngineResult[] = [];
  for (const e of engines!) res.push(await runEngine(e, lk, pool));

  const cmd = `npm run bench:lanes${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`;
  const fullSize = N.members >= 1_000_000 && N.lookouts >= 30_000;
  const comps = a.components ? engines!.map(components) : [];
  if (a.docs || (fullSize && !a['no-docs'])) writeDocs(markdown(res, stats, m, cmd, comps));

  // With both engines, the top-level figures are those of the slower one (the targets must hold on both).
  const worst = res.reduce((w, r) => (r.decisionsPerSecond < w.decisionsPerSecond ? r : w));
  const summary = {
    engine: res.length === 1 ? res[0].engine : 'both',
    reportedEngine: worst.engine,
    decisionsPerSecond: worst.decisionsPerSecond,
    p50Ms: worst.p50Ms,
    p99Ms: worst.p99Ms,
    ceilingPerSecond: worst.ceilingPerSecond,
    durable: res.every((r) => r.durability.ok),
    targetsMet: res.every((r) => r.targetsMet),
    targets: TARGET,
    members: N.members,
    lookouts: lk.rows.length,
    connections: N.connections,
    seconds: N.duration,
    machine: m,
    pool: stats,
    engines: Object.fromEntries(res.map((r) => [r.engine, r])),
    components: comps,
  };
  if (a.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    const row = (cells: (string | number)[]) => '| ' + cells.join(' | ') + ' |';
    process.stdout.write(
      [
        '',
        row(['engine', 'decisions/s', 'p50 ms', 'p99 ms', 'ceiling/s', 'durable', 'load s', 'start s', 'targets met']),
        ...res.map((r) =>
          row([
            r.engine,
            r.decisionsPerSecond,
            r.p50Ms,
            r.p99Ms,
            r.ceilingPerSecond,
            `${r.durability.found}/${r.durability.acknowledged}`,
            r.loadSeconds.total,
            r.startSeconds,
            r.targetsMet ? 'yes' : 'NO',
          ]),
        ),
        '',
      ].join('\n'),
    );
    for (const r of res)
      if (r.profile) {
        process.stdout.write(
          `\nCPU profile (${r.engine}, ${r.profile.file}): busy time by area\n` +
            r.profile.areas.map((x) => `  ${String(x.share).padStart(5)} %  ${x.area}`).join('\n') +
            '\n  inclusive (synchronous part): ' +
            r.profile.inclusive.map((x) => `${x.fn} ${x.share} %`).join(', ') +
            '\n  hottest functions:\n' +
            r.profile.functions.map((f) => `  ${String(f.share).padStart(5)} %  ${f.fn}`).join('\n') +
            '\n',
        );
      }
  }
  return summary.durable ? 0 : 1; // missed targets are a result, a lost crossing is a failure
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    process.stderr.write(`[bench:lanes] failed: ${e?.stack ?? e}\n`);
    for (const c of cleanups) await c();
    process.exit(2);
  },
);
