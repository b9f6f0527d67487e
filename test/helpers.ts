// Test platform on the engine chosen by the runner: PGlite in a temporary folder, or PostgreSQL in a private schema.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import pino from 'pino';
import pg from 'pg';
import { createPlatform, type Platform } from '../src/app.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { seedAll } from '../src/seed.ts';

export const engine = process.env.SMARTBORDER_TEST_ENGINE === 'postgresql' ? 'postgresql' : 'pglite';

export interface TestPlatform extends Platform {
  dataDir: string;
  schema?: string;
}

/**
 * A platform for a test file. `env` adds configuration (e.g. SMARTBORDER_TRUST_PROXY); `log` captures what it logs.
 * Every request a test injects comes from one address (127.0.0.1), so the per-address sign-in rate is raised unless
 * `env` sets it: the throttling tests (test/kernel/sign-in.db.test.ts) run with the production default.
 */
export async function testPlatform(
  opts: { seed?: boolean; env?: Record<string, string>; log?: pino.Logger } = {},
): Promise<TestPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-test-'));
  const schema = engine === 'postgresql' ? 't_' + crypto.randomBytes(6).toString('hex') : undefined;
  const config = loadConfig({
    SMARTBORDER_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    SMARTBORDER_KEY: crypto.randomBytes(32).toString('base64'),
    SMARTBORDER_SIGN_IN_PER_IP: '100000',
    ...opts.env,
    ...(engine === 'postgresql'
      ? { DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' }
      : {}),
  });
  const p = await createPlatform({ config, schema, log: opts.log ?? pino({ level: 'silent' }) });
  if (opts.seed !== false) {
    await seedAll(p.ctx, { demo: true });
    await p.modules.lanes.load();
  }
  const close = async () => {
    await p.close();
    if (schema) {
      const c = new pg.Client({
        connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { ...p, dataDir, schema, close };
}

/** Signs in through the API and returns an authorization header. */
export async function bearer(p: Platform, email: string, password = 'demo-password-2026') {
  const r = await p.app.inject({ method: 'POST', url: '/api/v1/auth/sessions', payload: { email, password } });
  if (r.statusCode !== 201) throw new Error(`sign-in of ${email} failed: ${r.statusCode} ${r.body}`);
  return { authorization: `Bearer ${r.json().token}` };
}

/**
 * The CSRF token that a page's forms carry for these cookies (the page is fetched and its `_csrf` field read), and the
 * cookies to post it with (a new visitor also gets a pre-session cookie, which the token is bound to).
 */
export async function formToken(p: Platform, url: string, cookies: Record<string, string> = {}) {
  const r = await p.app.inject({ url, cookies });
  const token = r.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error(`no _csrf field on ${url} (${r.statusCode})`);
  const pre = r.cookies.find((c) => c.name === 'sb_presession')?.value;
  return { token, cookies: { ...cookies, ...(pre ? { sb_presession: pre } : {}) } };
}

/**
 * The real `smartborder` command in a sandbox of its own: an empty embedded database in a temporary folder, a fresh
 * master key, never the PostgreSQL server of the run (DATABASE_URL is dropped).
 */
export function cliSandbox(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SMARTBORDER_DATA_DIR: dir,
    SMARTBORDER_KEY: crypto.randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const bin = path.resolve(import.meta.dirname, '../bin/smartborder');
  const cli = (...args: string[]) => spawnSync(bin, args, { env, encoding: 'utf8', timeout: 120_000 });
  return { dir, env, bin, cli };
}
