// A crash of the server under load loses no acknowledged crossing (PostgreSQL): the server runs in a child process,
// decisions are sent concurrently for about two seconds, the child is killed with SIGKILL in the middle of the load,
// and every crossingId that was answered with 200 must then be in ln_crossings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildTd3 } from '../../src/modules/travellers/index.ts';

const onPostgres = process.env.SMARTBORDER_TEST_ENGINE === 'postgresql';
const URL_ = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 32,
  LOAD_MS = 2000;

/** Waits for the child's {"port": N} line; fails with its stderr if it exits or takes too long. */
function portOf(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '',
      err = '';
    const timer = setTimeout(
      () => reject(new Error(`server not listening after ${timeoutMs} ms: ${err.slice(-2000)}`)),
      timeoutMs,
    );
    child.stderr!.on('data', (d) => {
      err += d;
    });
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line).port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${err.slice(-2000)}`));
    });
  });
}

/** Non-members crossing a general lane into the US; one in ten with an unreadable document (a referral, audited). */
function bodies(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const mrz = buildTd3({
      issuingCountry: 'CA',
      surname: `CRASHTEST${String.fromCharCode(65 + (i % 26))}`,
      givenNames: 'ALEX',
      documentNumber: 'Z' + String(i).padStart(8, '0'),
      nationality: 'CA',
      birthDate: '1980-05-17',
      sex: 'F',
      expiryDate: '2031-01-31',
    });
    out.push(
      JSON.stringify({
        portId: 'US-0901',
        laneId: 'US-0901-general',
        occupants: [{ mrz: i % 10 === 9 ? 'P<CAN%%%% not an mrz' : mrz }],
        plate: { number: `CRT${1000 + i}`, jurisdiction: 'ON' },
      }),
    );
  }
  return out;
}

test('a crash of the server under load loses no acknowledged crossing (PostgreSQL)', {
  skip: !onPostgres && 'PostgreSQL only (SMARTBORDER_TEST_ENGINE=postgresql)',
  timeout: 60_000,
}, async (t) => {
  const schema = 't_crash_' + crypto.randomBytes(6).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-crash-'));
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'crash-server.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: URL_,
      SMARTBORDER_DATA_DIR: dataDir,
      SMARTBORDER_KEY: crypto.randomBytes(32).toString('base64'),
      CRASH_SCHEMA: schema,
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const port = await portOf(child, 30_000);
    const base = `http://127.0.0.1:${port}`;
    const signIn = await fetch(`${base}/api/v1/auth/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'border.cbp@demo.smartborder.test', password: 'demo-password-2026' }),
    });
    assert.equal(signIn.status, 201, await signIn.clone().text());
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${((await signIn.json()) as { token: string }).token}`,
    };
    const pool = bodies(500);

    const acknowledged: string[] = [];
    let killed = false,
      sent = 0,
      failed = 0,
      other = 0;
    const worker = async (w: number) => {
      for (let i = w; !killed && sent < 100_000; i += CONCURRENCY) {
        sent++;
        try {
          const r = await fetch(`${base}/api/v1/lanes/decisions`, {
            method: 'POST',
            headers,
            body: pool[i % pool.length],
            signal: AbortSignal.timeout(10_000),
          });
          const text = await r.text();
          if (r.status === 200) acknowledged.push((JSON.parse(text) as { crossingId: string }).crossingId);
          else other++;
        } catch {
          failed++;
        } // the connection died with the server: not acknowledged
      }
    };
    const workers = Array.from({ length: CONCURRENCY }, (_, w) => worker(w));
    await new Promise((r) => setTimeout(r, LOAD_MS));
    const atKill = acknowledged.length;
    child.kill('SIGKILL');
    killed = true;
    await exited;
    await Promise.all(workers);

    assert.ok(atKill > 0, 'no decision was acknowledged before the crash');
    assert.ok(failed > 0, 'the crash cut requests in flight (it happened under load)');
    assert.equal(other, 0, 'every decision before the crash was answered 200');
    const db = new pg.Client({ connectionString: URL_, options: `-c search_path=${schema}` });
    await db.connect();
    try {
      const ids = [...new Set(acknowledged)];
      assert.equal(ids.length, acknowledged.length, 'crossingIds are unique');
      const found = (
        await db.query<{ n: number }>('select count(*)::int as n from ln_crossings where id = any($1::uuid[])', [ids])
      ).rows[0].n;
      const recorded = (await db.query<{ n: number }>('select count(*)::int as n from ln_crossings')).rows[0].n;
      assert.equal(
        found,
        ids.length,
        `${ids.length - found} acknowledged crossings lost (acknowledged ${ids.length}, recorded ${recorded}, ` +
          `requests cut by the crash ${failed})`,
      );
      assert.ok(recorded >= found);
      t.diagnostic(
        `acknowledged ${ids.length} (${atKill} when killed), all found; recorded ${recorded}; ` +
          `requests cut by the crash ${failed}`,
      );
    } finally {
      await db.end();
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    const admin = new pg.Client({ connectionString: URL_ });
    await admin
      .connect()
      .then(() => admin.query(`drop schema if exists "${schema}" cascade`))
      .catch(() => {})
      .finally(() => admin.end().catch(() => {}));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
