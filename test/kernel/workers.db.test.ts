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
import { engine } from '../helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-workers-'));
const baseEnv: Record<string, string> = { ...(process.env as Record<string, string>), SMARTBORDER_DATA_DIR: dir, SMARTBORDER_KEY: crypto.randomBytes(32).toString('base64'), LOG_LEVEL: 'warn' };
delete baseEnv.DATABASE_URL;
delete baseEnv.SMARTBORDER_WORKERS;
const bin = path.resolve('bin/smartborder');
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => { for (const c of cleanups.reverse()) await c(); fs.rmSync(dir, { recursive: true, force: true }); });

test('several workers are refused on the embedded database, with the reason', () => {
  const r = spawnSync(bin, ['serve', '--workers', '2'], { env: baseEnv, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /several workers need a PostgreSQL server \(DATABASE_URL\)/);
  const bad = spawnSync(bin, ['serve', '--workers', 'many'], { env: baseEnv, encoding: 'utf8', timeout: 60_000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--workers must be a whole number from 1 to 64/);
});

const children = (pid: number): number[] => {
  try { return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter(Boolean); } catch { return []; } // ps exits 1 when there are none
};
const waitFor = async (what: string, ok: () => boolean | Promise<boolean>, ms = 60_000) => {
  const until = Date.now() + ms;
  while (!(await ok())) { if (Date.now() > until) throw new Error('timed out waiting for ' + what); await new Promise((r) => setTimeout(r, 100)); }
};

test('two workers share the port on PostgreSQL, a dead worker is replaced, SIGTERM stops them all', { skip: engine !== 'postgresql' && 'PostgreSQL only' }, async () => {
  // A database of its own: `serve` migrates it as an operator's would be.
  const name = 'sb_workers_' + crypto.randomBytes(4).toString('hex');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  cleanups.push(async () => { await admin.query(`drop database if exists ${name} with (force)`); await admin.end(); });
  const url = new URL(serverUrl); url.pathname = '/' + name;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const env = { ...baseEnv, DATABASE_URL: url.toString(), PORT: String(port), HOST: '127.0.0.1' };
  const server: ChildProcess = spawn(bin, ['serve', '--workers', '2'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => { if (server.exitCode === null) server.kill('SIGKILL'); });
  let out = '', err = '';
  server.stdout!.on('data', (d) => { out += d; });
  server.stderr!.on('data', (d) => { err += d; });
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
  await waitFor('a replacement worker', () => /stopped \(SIGKILL\); starting another/.test(err) && children(primary).length === 2 && !children(primary).includes(workers[0]));
  await waitFor('the port answers', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true);
  const all = [primary, ...children(primary)];
  process.kill(primary, 'SIGTERM');
  await waitFor('every process stopped', () => all.every((p) => { try { process.kill(p, 0); return false; } catch { return true; } }), 30_000);
  assert.equal(await exited, 0);
});
