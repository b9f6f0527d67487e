// `smartborder serve --workers N`: several processes share the port on PostgreSQL; a worker that dies is replaced;
// SIGTERM stops them all. On the embedded database it is refused with a clear message (PGlite belongs to one process).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import pino from 'pino';
import { engine, testPlatform, bearer } from '../helpers.ts';
import { createPlatform } from '../../src/app.ts';
import { makeMember, canadianApplicant } from '../travellers/fixtures.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-workers-'));
const baseEnv: Record<string, string> = {
  ...(process.env as Record<string, string>),
  SMARTBORDER_DATA_DIR: dir,
  SMARTBORDER_KEY: crypto.randomBytes(32).toString('base64'),
  LOG_LEVEL: 'warn',
};
delete baseEnv.DATABASE_URL;
delete baseEnv.SMARTBORDER_WORKERS;
const bin = path.resolve('bin/smartborder');
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('several workers are refused on the embedded database, with the reason', () => {
  const r = spawnSync(bin, ['serve', '--workers', '2'], { env: baseEnv, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /several workers need a PostgreSQL server \(DATABASE_URL\)/);
  const bad = spawnSync(bin, ['serve', '--workers', 'many'], { env: baseEnv, encoding: 'utf8', timeout: 60_000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--workers must be a whole number from 1 to 64/);
});

const children = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter(Boolean);
  } catch {
    return [];
  } // ps exits 1 when there are none
};
const waitFor = async (what: string, ok: () => boolean | Promise<boolean>, ms = 60_000) => {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 100));
  }
};

test('two workers share the port on PostgreSQL, a dead worker is replaced, SIGTERM stops them all', {
  skip: engine !== 'postgresql' && 'PostgreSQL only',
}, async () => {
  // A database of its own: `serve` migrates it as an operator's would be.
  const name = 'sb_workers_' + crypto.randomBytes(4).toString('hex');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  cleanups.push(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  const url = new URL(serverUrl);
  url.pathname = '/' + name;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const env = { ...baseEnv, DATABASE_URL: url.toString(), PORT: String(port), HOST: '127.0.0.1' };
  const server: ChildProcess = spawn(bin, ['serve', '--workers', '2'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });
  let out = '',
    err = '';
  server.stdout!.on('data', (d) => {
    out += d;
  });
  server.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  await waitFor('two workers listening', () => /listening on .*2 worker processes/.test(out), 120_000);

  // bin/smartborder execs node: its process is the primary, the workers are its children.
  const primary = server.pid!;
  const workers = children(primary);
  assert.equal(workers.length, 2, `two worker processes (${out}${err})`);
  for (let i = 0; i < 4; i++) {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.deepEqual(await r.json(), { ok: true, engine: 'postgresql' });
  }
  // A crashed worker is replaced; the port keeps answering meanwhile.
  process.kill(workers[0], 'SIGKILL');
  await waitFor(
    'a replacement worker',
    () =>
      /stopped \(SIGKILL\); starting another/.test(err) &&
      children(primary).length === 2 &&
      !children(primary).includes(workers[0]),
  );
  await waitFor(
    'the port answers',
    async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true,
  );
  const all = [primary, ...children(primary)];
  process.kill(primary, 'SIGTERM');
  await waitFor(
    'every process stopped',
    () =>
      all.every((p) => {
        try {
          process.kill(p, 0);
          return false;
        } catch {
          return true;
        }
      }),
    30_000,
  );
  assert.equal(await exited, 0);
});

test('two instances on one PostgreSQL database stay in step: lookouts, false positives and card status', {
  skip: engine !== 'postgresql' && 'PostgreSQL only',
}, async () => {
  const a = await testPlatform();
  cleanups.push(() => a.close());
  // A second instance of the same installation (same key, same schema), as a second worker is.
  const b = await createPlatform({ config: a.ctx.config, schema: a.schema, log: pino({ level: 'silent' }) });
  cleanups.push(() => b.close());
  await b.modules.lanes.load();
  const eventually = (what: string, ok: () => Promise<boolean>) => waitFor(what, ok, 10_000);
  const analystA = await bearer(a, 'analyst.cbp@demo.smartborder.test');
  const analystB = await bearer(b, 'analyst.cbp@demo.smartborder.test');
  const subject = { type: 'person', name: 'Dmitri Alekseyevich Volkov', birthDate: '1969-02-11' };
  const screenB = async () =>
    (await b.app.inject({ method: 'POST', url: '/api/v1/screen', headers: analystB, payload: subject })).json();
  assert.equal((await screenB()).status, 'clear');
  // Posted on A, screened on B (B had cached its clear answer).
  const posted = await a.app.inject({
    method: 'POST',
    url: '/api/v1/lookouts',
    headers: analystA,
    payload: {
      activate: true,
      lookout: {
        subjectType: 'person',
        category: 'serious_crime',
        reason: 'Warrant 2026-301',
        recommendedAction: 'refer_secondary',
        identifiers: { names: ['Dmitri Volkov'], birthDates: ['1969-02-11'] },
      },
    },
  });
  assert.equal(posted.statusCode, 201, posted.body);
  await eventually(
    'B screens the new lookout',
    async () => (await screenB()).hits?.[0]?.lookoutId === posted.json().id,
  );
  // Marked a false positive on A: B stops alerting on that pair.
  const hit = (await a.app.inject({ url: '/api/v1/hits', headers: analystA }))
    .json()
    .hits.find((h: any) => h.lookoutId === posted.json().id);
  assert.equal(
    (
      await a.app.inject({
        method: 'POST',
        url: `/api/v1/hits/${hit.id}/review`,
        headers: analystA,
        payload: { decision: 'false_positive', note: 'namesake' },
      })
    ).statusCode,
    200,
  );
  await eventually('B suppresses the pair', async () => (await screenB()).status === 'clear');
  // A membership revoked on A is refused in B's lanes.
  const who = { surname: 'BERGERON', givenNames: 'ANNE', passportNumber: 'HK990011', birthDate: '1979-03-03' };
  const member = {
    ...(await makeMember(a, 'bergeron.member@example.test', who)),
    mrz: canadianApplicant(who).identity.mrz,
  };
  const officerB = await bearer(b, 'border.cbp@demo.smartborder.test');
  const cross = async () =>
    (
      await b.app.inject({
        method: 'POST',
        url: '/api/v1/lanes/decisions',
        headers: officerB,
        payload: { portId: 'US-0901', laneId: 'US-0901-trusted', occupants: [{ mrz: member.mrz }] },
      })
    ).json();
  await eventually('B admits the new member', async () => (await cross()).outcome === 'admit');
  const vet = await bearer(a, 'vetting.cbp@demo.smartborder.test');
  assert.equal(
    (
      await a.app.inject({
        method: 'POST',
        url: `/api/v1/memberships/${member.membershipId}/status`,
        headers: vet,
        payload: { status: 'revoked', reason: 'violation' },
      })
    ).statusCode,
    200,
  );
  await eventually(
    'B refers the revoked card',
    async () => (await cross()).reasons?.[0]?.key === 'lanes.reason.membership_revoked',
  );
});
