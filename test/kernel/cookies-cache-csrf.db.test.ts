// Behind a TLS proxy (SMARTBORDER_TRUST_PROXY) cookies are Secure; every cookie HttpOnly and SameSite=Lax; nothing
// personal is cached (Cache-Control: no-store unless a route is explicitly public); CSRF tokens bound to the session.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, formToken, type TestPlatform, testPlatform } from '../helpers.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform({ env: { SMARTBORDER_TRUST_PROXY: '127.0.0.1/32, ::1' } });
});
after(() => p.close());

const EMAIL = 'applicant@demo.smartborder.test';
const PASSWORD = 'demo-password-2026';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const setCookies = (h: string | string[] | undefined) => (Array.isArray(h) ? h : h ? [h] : []);

async function pageSignIn(email: string, headers: Record<string, string> = {}) {
  const form = await formToken(p, '/en/sign-in');
  return p.app.inject({
    method: 'POST',
    url: '/en/sign-in',
    cookies: form.cookies,
    headers: { ...FORM, ...headers },
    payload: new URLSearchParams({ email, password: PASSWORD, _csrf: form.token }).toString(),
  });
}
const sessionOf = (r: { cookies: { name: string; value: string }[] }) =>
  r.cookies.find((c) => c.name === 'sb_session')?.value ?? '';

test('behind a trusted TLS proxy (X-Forwarded-Proto: https) cookies are Secure, HttpOnly, SameSite=Lax', async () => {
  const page = await p.app.inject({ url: '/en/sign-in', headers: { 'x-forwarded-proto': 'https' } });
  const pre = setCookies(page.headers['set-cookie']);
  assert.equal(pre.length, 1);
  assert.match(pre[0], /^sb_presession=/);
  const signIn = await pageSignIn(EMAIL, { 'x-forwarded-proto': 'https' });
  assert.equal(signIn.statusCode, 303);
  const set = setCookies(signIn.headers['set-cookie']);
  const session = set.find((c) => c.startsWith('sb_session='));
  assert.ok(session, set.join('\n'));
  for (const c of [pre[0], session])
    for (const attribute of [/; Secure/, /; HttpOnly/, /; SameSite=Lax/, /; Path=\//]) assert.match(c, attribute);
  // The pre-session cookie (and its CSRF token) is dropped at sign-in.
  assert.ok(
    set.some((c) => /^sb_presession=;/.test(c) && /Expires=Thu, 01 Jan 1970/.test(c)),
    set.join('\n'),
  );
  // Over plain http the same cookies are not Secure (a browser would drop a Secure cookie sent over http).
  const plain = setCookies((await pageSignIn(EMAIL)).headers['set-cookie']).find((c) => c.startsWith('sb_session='));
  assert.ok(plain);
  assert.doesNotMatch(plain, /Secure/);
  assert.match(plain, /HttpOnly/);
});

test('X-Forwarded-Proto from an address outside SMARTBORDER_TRUST_PROXY is ignored', async () => {
  const page = await p.app.inject({
    url: '/en/sign-in',
    remoteAddress: '10.9.9.9',
    headers: { 'x-forwarded-proto': 'https' },
  });
  const [cookie] = setCookies(page.headers['set-cookie']);
  assert.match(cookie, /^sb_presession=.*HttpOnly/);
  assert.doesNotMatch(cookie, /Secure/);
});

test('Cache-Control: no-store on pages and on API answers, public only where a route says so', async () => {
  const auth = await bearer(p, EMAIL);
  const officer = await bearer(p, 'border.cbsa@demo.smartborder.test');
  const session = sessionOf(await pageSignIn(EMAIL));
  const noStore = [
    { url: '/api/v1/me', headers: auth },
    { url: '/api/v1/applications', headers: auth },
    { url: '/api/v1/memberships', headers: auth },
    { url: '/api/v1/lanes/referrals', headers: officer },
    { url: '/api/v1/ports' },
    { url: '/api/v1/no-such-thing', headers: auth },
    { url: '/en/', cookies: { sb_session: session } },
    { url: '/en/applications', cookies: { sb_session: session } },
    { url: '/en/sign-in' },
    { url: '/fr/no-such-page' },
  ];
  for (const r of noStore) {
    const res = await p.app.inject({ url: r.url, headers: r.headers, cookies: r.cookies });
    assert.ok(res.statusCode < 500, `${r.url}: ${res.statusCode}`);
    assert.equal(res.headers['cache-control'], 'no-store', `${r.url} (${res.statusCode})`);
  }
  const failed = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    payload: { email: EMAIL, password: 'wrong-password' },
  });
  assert.equal(failed.statusCode, 401);
  assert.equal(failed.headers['cache-control'], 'no-store');
  // Public: the CBP-format wait-time feed and static assets.
  assert.equal((await p.app.inject({ url: '/api/v1/flow/bwt' })).headers['cache-control'], 'public, max-age=60');
  assert.match(
    String((await p.app.inject({ url: '/assets/app.css' })).headers['cache-control']),
    /public, max-age=\d+/,
  );
});

test('CSRF tokens are bound to the session: another session’s token, or the pre-session one, is refused', async () => {
  const a = sessionOf(await pageSignIn(EMAIL));
  const b = sessionOf(await pageSignIn(EMAIL));
  assert.ok(a && b && a !== b);
  const tokenA = (await formToken(p, '/en/', { sb_session: a })).token;
  const tokenB = (await formToken(p, '/en/', { sb_session: b })).token;
  assert.notEqual(tokenA, tokenB);
  const anonymous = await formToken(p, '/en/sign-in');
  const post = (session: string, token: string, extra: Record<string, string> = {}) =>
    p.app.inject({
      method: 'POST',
      url: '/en/sign-out',
      cookies: { sb_session: session, ...extra },
      headers: { ...FORM, accept: 'text/html' },
      payload: new URLSearchParams({ _csrf: token }).toString(),
    });
  for (const [what, r] of [
    ['the token of another session', await post(a, tokenB)],
    ['the pre-session token, with a session', await post(a, anonymous.token, anonymous.cookies)],
    ['no token', await post(a, '')],
  ] as const) {
    assert.equal(r.statusCode, 403, what);
    assert.match(r.body, /form expired/, what);
  }
  // The session is still there (nothing was done), and its own token works.
  assert.equal((await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${a}` } })).statusCode, 200);
  const out = await post(a, tokenA);
  assert.equal(out.statusCode, 303);
  assert.equal((await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${a}` } })).statusCode, 401);
  // An anonymous form: the token of another visitor's pre-session is refused too.
  const other = await formToken(p, '/en/sign-in');
  const crossed = await p.app.inject({
    method: 'POST',
    url: '/en/sign-in',
    cookies: other.cookies,
    headers: { ...FORM, accept: 'text/html' },
    payload: new URLSearchParams({ email: EMAIL, password: PASSWORD, _csrf: anonymous.token }).toString(),
  });
  assert.equal(crossed.statusCode, 403);
  // An API client with a bearer token needs no CSRF token.
  const api = await bearer(p, EMAIL);
  assert.equal(
    (await p.app.inject({ method: 'DELETE', url: '/api/v1/auth/sessions/current', headers: api })).statusCode,
    204,
  );
});

test('static assets, the API and its docs set no cookie; an empty token never matches a missing one', async () => {
  for (const url of ['/assets/app.css', '/api/v1/ports', '/api/v1/flow/bwt', '/openapi.json', '/healthz', '/docs'])
    assert.equal((await p.app.inject({ url })).headers['set-cookie'], undefined, url);
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `email=${encodeURIComponent(EMAIL)}&password=${PASSWORD}&_csrf=`,
  });
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().code, 'errors.csrf');
});
