// Signing out, by a person in the pages and by an API client, ends the session and is audited as what it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { formToken, type TestPlatform, testPlatform } from '../helpers.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform();
});
after(() => p.close());

const EMAIL = 'applicant@demo.smartborder.test';
const PASSWORD = 'demo-password-2026';

async function lastAction(userId: string) {
  const r = await sql<{ action: string }>`select action from audit_log where subject = ${`user:${userId}`}
    order by seq desc limit 1`.execute(p.ctx.db);
  return r.rows[0]?.action;
}

test('an API client ending its bearer session: 204, the token no longer works, audited as session.ended', async () => {
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    payload: { email: EMAIL, password: PASSWORD },
  });
  assert.equal(r.statusCode, 201);
  const headers = { authorization: `Bearer ${r.json().token}` };
  const me = await p.app.inject({ url: '/api/v1/me', headers });
  assert.equal(me.statusCode, 200);
  const ended = await p.app.inject({ method: 'DELETE', url: '/api/v1/auth/sessions/current', headers });
  assert.equal(ended.statusCode, 204);
  assert.equal((await p.app.inject({ url: '/api/v1/me', headers })).statusCode, 401);
  assert.equal(await lastAction(me.json().id), 'session.ended');
});

test('ending every session through the API is audited as auth.sign_out_everywhere', async () => {
  const tokens = [];
  for (let i = 0; i < 2; i++)
    tokens.push(
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sessions',
          payload: { email: EMAIL, password: PASSWORD },
        })
      ).json().token,
    );
  const headers = { authorization: `Bearer ${tokens[0]}` };
  const id = (await p.app.inject({ url: '/api/v1/me', headers })).json().id;
  assert.equal((await p.app.inject({ method: 'DELETE', url: '/api/v1/auth/sessions', headers })).statusCode, 204);
  const other = await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${tokens[1]}` } });
  assert.equal(other.statusCode, 401);
  assert.equal(await lastAction(id), 'auth.sign_out_everywhere');
});

test('a person signing out in the pages: redirected to sign-in, session ended, audited as auth.sign_out', async () => {
  const form = await formToken(p, '/en/sign-in');
  const signIn = await p.app.inject({
    method: 'POST',
    url: '/en/sign-in',
    cookies: form.cookies,
    payload: new URLSearchParams({ email: EMAIL, password: PASSWORD, _csrf: form.token }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(signIn.statusCode, 303);
  const session = signIn.cookies.find((c) => c.name === 'sb_session')?.value ?? '';
  assert.ok(session);
  const id = (await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${session}` } })).json().id;
  // The token of the signed-in pages is bound to the session (the pre-session one no longer counts).
  const signedIn = await formToken(p, '/en/', { sb_session: session });
  const out = await p.app.inject({
    method: 'POST',
    url: '/en/sign-out',
    cookies: signedIn.cookies,
    payload: new URLSearchParams({ _csrf: signedIn.token }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(out.statusCode, 303);
  assert.match(String(out.headers.location), /\/en\/sign-in\?out=1$/);
  assert.equal(
    (await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${session}` } })).statusCode,
    401,
  );
  assert.equal(await lastAction(id), 'auth.sign_out');
});
