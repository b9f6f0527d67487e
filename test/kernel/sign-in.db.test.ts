// Sign-in throttling: one rate per client address and per account across every credential route, a progressive pause
// per (account, address) that cannot lock the owner out, one answer for unknown, wrong and paused; counters shared by
// server processes. The platform trusts the proxy, so that X-Forwarded-For gives each test its own client address.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { createPlatform, type Platform } from '../../src/app.ts';
import * as store from '../../src/kernel/store.ts';
import { FIRST_PAUSE_MS, FREE_FAILURES, MAX_PAUSE_MS, pauseAfter, WINDOW_MS } from '../../src/kernel/throttle.ts';
import { engine, formToken, type TestPlatform, testPlatform } from '../helpers.ts';

let p: TestPlatform;
before(async () => {
  // The production defaults: 30 attempts a minute per address, 10 per account.
  p = await testPlatform({
    env: { SMARTBORDER_TRUST_PROXY: 'true', SMARTBORDER_SIGN_IN_PER_IP: '30', SMARTBORDER_SIGN_IN_PER_ACCOUNT: '10' },
  });
});
after(() => p.close());

const PASSWORD = 'demo-password-2026';
const from = (ip: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, ...extra });
const apiSignIn = (app: Platform['app'], ip: string, email: string, password: string, lang = 'en') =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    headers: from(ip, { 'accept-language': lang }),
    payload: { email, password },
  });

async function pageSignIn(ip: string, email: string, password: string) {
  const form = await formToken(p, '/en/sign-in');
  return p.app.inject({
    method: 'POST',
    url: '/en/sign-in',
    cookies: form.cookies,
    headers: from(ip, { 'content-type': 'application/x-www-form-urlencoded' }),
    payload: new URLSearchParams({ email, password, _csrf: form.token }).toString(),
  });
}

async function actionsOf(email: string) {
  const r = await sql<{ action: string; detail: Record<string, unknown> }>`select a.action, a.detail
    from audit_log a join users u on a.subject = 'user:' || u.id where u.email = ${email} order by a.seq`.execute(
    p.ctx.db,
  );
  return r.rows;
}

test('the pause grows exponentially after five failures and stops at a day', () => {
  assert.equal(FREE_FAILURES, 5);
  assert.deepEqual([0, 1, 4].map(pauseAfter), [0, 0, 0]);
  assert.equal(pauseAfter(5), FIRST_PAUSE_MS);
  assert.equal(pauseAfter(6), 2 * FIRST_PAUSE_MS);
  assert.equal(pauseAfter(8), 8 * FIRST_PAUSE_MS);
  assert.equal(pauseAfter(40), MAX_PAUSE_MS);
  assert.equal(pauseAfter(10_000), MAX_PAUSE_MS);
});

test('one rate per address across sign-in page, API session and sign-up: the 31st attempt is a 429', async () => {
  const ip = '198.51.100.1';
  const codes: number[] = [];
  // Ten of each route, each with a different e-mail (so that no per-account rate or pause is reached).
  for (let i = 0; i < 10; i++) {
    codes.push((await apiSignIn(p.app, ip, `nobody${i}@example.test`, 'wrong-password')).statusCode);
    codes.push((await pageSignIn(ip, `nobody-page${i}@example.test`, 'wrong-password')).statusCode);
    const up = await p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/accounts',
      headers: from(ip),
      payload: { email: `new${i}@example.test`, password: 'a long enough password', displayName: 'New Person' },
    });
    codes.push(up.statusCode);
  }
  assert.deepEqual(codes, Array.from({ length: 10 }, () => [401, 401, 201]).flat());
  const limited = await apiSignIn(p.app, ip, 'applicant@demo.smartborder.test', PASSWORD, 'es');
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8');
  const wait = Number(limited.headers['retry-after']);
  assert.ok(wait >= 1 && wait <= 60, `Retry-After ${limited.headers['retry-after']}`);
  assert.equal(limited.json().code, 'errors.rate_limited');
  assert.match(limited.json().detail, new RegExp(`Espere ${wait} segundos`));
  // The page answers with the form, the reason and Retry-After; sign-up is refused too.
  const page = await pageSignIn(ip, 'applicant@demo.smartborder.test', PASSWORD);
  assert.equal(page.statusCode, 429);
  assert.ok(Number(page.headers['retry-after']) >= 1);
  assert.match(page.body, /Too many requests\. Wait \d+ seconds/);
  assert.match(page.body, /name="password"/);
  const up = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accounts',
    headers: from(ip),
    payload: { email: 'late@example.test', password: 'a long enough password', displayName: 'Late Person' },
  });
  assert.equal(up.statusCode, 429);
  // Another address is not affected.
  assert.equal((await apiSignIn(p.app, '198.51.100.2', 'applicant@demo.smartborder.test', PASSWORD)).statusCode, 201);
});

test('one rate per account across addresses; the same for an e-mail without an account', async () => {
  for (const email of ['planner.inm@demo.smartborder.test', 'no-such-person@example.test']) {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++)
      codes.push((await apiSignIn(p.app, `203.0.113.${i + 1}`, email, `guess-${i}`)).statusCode);
    assert.deepEqual(codes, [...Array(10).fill(401), 429], email);
  }
});

test('an address that signed in to the account recently is spared the account ceiling', async () => {
  const email = 'trade.inm@demo.smartborder.test';
  assert.equal((await apiSignIn(p.app, '192.0.2.10', email, PASSWORD)).statusCode, 201);
  // Guessing spread over many addresses reaches the account's ceiling…
  const codes: number[] = [];
  for (let i = 0; i < 12; i++) codes.push((await apiSignIn(p.app, `192.0.2.${100 + i}`, email, 'guess')).statusCode);
  assert.equal(codes.at(-1), 429);
  assert.equal((await apiSignIn(p.app, '192.0.2.200', email, PASSWORD)).statusCode, 429);
  // …but the owner, from the address they used before, still signs in.
  assert.equal((await apiSignIn(p.app, '192.0.2.10', email, PASSWORD)).statusCode, 201);
});

test('five failures pause that address for that account only; the owner elsewhere signs in', async () => {
  const email = 'auditor.cbp@demo.smartborder.test';
  const attacker = '100.64.0.1';
  for (let i = 0; i < FREE_FAILURES; i++)
    assert.equal((await apiSignIn(p.app, attacker, email, `wrong-${i}`)).statusCode, 401);
  // Paused: even the right password is refused from that address, with the answer of a wrong password.
  const paused = await apiSignIn(p.app, attacker, email, PASSWORD);
  const wrong = await apiSignIn(p.app, '100.64.0.2', email, 'wrong-again');
  const unknown = await apiSignIn(p.app, '100.64.0.3', 'nobody.here@demo.smartborder.test', PASSWORD);
  for (const r of [paused, wrong, unknown]) {
    assert.equal(r.statusCode, 401);
    assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(r.headers['retry-after'], undefined);
  }
  assert.equal(paused.body, wrong.body);
  assert.equal(unknown.body, wrong.body);
  // The owner, from another address, is not affected.
  assert.equal((await apiSignIn(p.app, '100.64.0.9', email, PASSWORD)).statusCode, 201);
  const actions = (await actionsOf(email)).map((a) => a.action);
  assert.deepEqual(actions.slice(-8), [
    'auth.sign_in_failed',
    'auth.sign_in_failed',
    'auth.sign_in_failed',
    'auth.sign_in_failed',
    'auth.throttled',
    'auth.sign_in_failed',
    'auth.sign_in_failed',
    'auth.sign_in',
  ]);
  assert.deepEqual((await actionsOf(email)).find((a) => a.action === 'auth.throttled')?.detail, { seconds: 60 });
  // When the pause is over, one more failure pauses the address twice as long; a success clears it.
  await sql`update sign_in_failures set paused_until = now() - interval '1 second'`.execute(p.ctx.db);
  assert.equal((await apiSignIn(p.app, attacker, email, 'wrong-6')).statusCode, 401);
  assert.deepEqual((await actionsOf(email)).at(-1), { action: 'auth.throttled', detail: { seconds: 120 } });
  await sql`update sign_in_failures set paused_until = now() - interval '1 second'`.execute(p.ctx.db);
  assert.equal((await apiSignIn(p.app, attacker, email, PASSWORD)).statusCode, 201);
  assert.equal((await apiSignIn(p.app, attacker, email, 'wrong-7')).statusCode, 401);
  assert.equal((await apiSignIn(p.app, attacker, email, PASSWORD)).statusCode, 201);
});

test('the pages: the same answer for an unknown e-mail, a wrong password and a paused address', async () => {
  const email = 'enrolment.inm@demo.smartborder.test';
  const ip = '100.64.1.1';
  for (let i = 0; i < FREE_FAILURES; i++) assert.equal((await pageSignIn(ip, email, `wrong-${i}`)).statusCode, 401);
  const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/, '').replace(/value="[^"]*@[^"]*"/, '');
  const paused = await pageSignIn(ip, email, PASSWORD);
  const wrong = await pageSignIn('100.64.1.2', email, 'wrong');
  const unknown = await pageSignIn('100.64.1.3', 'someone.else@demo.smartborder.test', PASSWORD);
  assert.deepEqual(
    [paused, wrong, unknown].map((r) => r.statusCode),
    [401, 401, 401],
  );
  assert.equal(strip(paused.body), strip(wrong.body));
  assert.equal(strip(unknown.body), strip(wrong.body));
  assert.doesNotMatch(wrong.body, /locked|verrouill|bloquead/i);
});

test('argon2 runs for an unknown account as for a wrong password (comparable time)', async () => {
  const time = async (email: string, i: number) => {
    const t0 = performance.now();
    await apiSignIn(p.app, `100.64.2.${i}`, email, 'not-the-password');
    return performance.now() - t0;
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const known: number[] = [],
    unknown: number[] = [];
  for (let i = 0; i < 5; i++) {
    known.push(await time(`vetting.inm@demo.smartborder.test`, i));
    unknown.push(await time(`ghost${i}@demo.smartborder.test`, 10 + i));
  }
  const [k, u] = [median(known), median(unknown)];
  assert.ok(u > k / 2 && u < k * 2, `unknown ${u.toFixed(1)} ms vs wrong password ${k.toFixed(1)} ms`);
});

test('old counters and failure records are pruned; recent ones are kept', async () => {
  const keys = async (table: 'sign_in_counters' | 'sign_in_failures') =>
    table === 'sign_in_counters'
      ? (await p.ctx.db.selectFrom(table).select('key').execute()).map((r) => r.key)
      : (await p.ctx.db.selectFrom(table).select('account').execute()).map((r) => r.account);
  const now = Date.now();
  await store.countSignInAttempt(p.ctx.db, 'ip:old', new Date(now - 3 * WINDOW_MS), WINDOW_MS);
  await store.addSignInFailure(p.ctx.db, 'old-account', 'old-address', new Date(now - 40 * 86400_000));
  const fresh = new Date(now);
  await store.countSignInAttempt(p.ctx.db, 'ip:fresh', fresh, WINDOW_MS);
  await store.addSignInFailure(p.ctx.db, 'fresh-account', 'fresh-address', fresh);
  await store.pruneSignInThrottle(p.ctx.db, new Date(now - WINDOW_MS), new Date(now - 30 * 86400_000));
  const [counters, failures] = [await keys('sign_in_counters'), await keys('sign_in_failures')];
  assert.ok(!counters.includes('ip:old') && counters.includes('ip:fresh'));
  assert.ok(!failures.includes('old-account') && failures.includes('fresh-account'));
});

test('two server processes on one database count the same attempts (serve --workers)', {
  skip: engine !== 'postgresql' && 'several processes share a PostgreSQL database only',
}, async () => {
  // A second platform on the same schema stands in for a second worker: its own HTTP server and memory.
  const second = await createPlatform({ config: p.ctx.config, schema: p.schema, log: pino({ level: 'silent' }) });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++)
      codes.push(
        (await apiSignIn(i % 2 ? second.app : p.app, `100.64.3.${i}`, 'shared@example.test', 'guess')).statusCode,
      );
    assert.deepEqual(codes, [...Array(10).fill(401), 429]);
  } finally {
    await second.close();
  }
});
