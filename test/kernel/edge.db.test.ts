// The request edge, one regression test per defect the probe found: prototype keys in form names, NUL and lone
// surrogates, multipart without a boundary, router errors without security headers or language, database errors
// logged with the values they quote.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { bearer, testPlatform, type TestPlatform } from '../helpers.ts';
import { createLogger } from '../../src/kernel/log.ts';
import { t } from '../../src/kernel/i18n.ts';
import { DEMO_PASSWORD } from '../../src/seed.ts';

const lines: string[] = [];
let p: TestPlatform;
let address = 0;
/** A fresh client address per sign-in, so the tests never meet the sign-in rate limit. */
const from = () => `10.31.0.${++address}`;

before(async () => {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  p = await testPlatform({ log: createLogger('info', sink) });
});
after(async () => {
  await p?.close();
});

/** A browser signed in through the sign-in page: its cookie header and the CSRF token bound to its session. */
async function signedIn(email: string) {
  const page = await p.app.inject({ method: 'GET', url: '/en/sign-in', remoteAddress: from() });
  const presession = [page.headers['set-cookie']]
    .flat()
    .find((c) => c?.startsWith('sb_presession='))!
    .split(';')[0];
  const preToken = page.body.match(/name="_csrf" value="([^"]+)"/)![1];
  const r = await p.app.inject({
    method: 'POST',
    url: '/en/sign-in',
    headers: { cookie: presession, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: preToken, email, password: DEMO_PASSWORD }).toString(),
    remoteAddress: from(),
  });
  assert.equal(r.statusCode, 303);
  const session = [r.headers['set-cookie']]
    .flat()
    .find((c) => c?.startsWith('sb_session='))!
    .split(';')[0];
  // the session's own token, as any page after sign-in renders it
  const home = await p.app.inject({ method: 'GET', url: '/en/', headers: { cookie: session } });
  const csrf = home.body.match(/name="_csrf" value="([^"]+)"/)![1];
  return { cookie: session, csrf, token: session.split('=')[1] };
}

/** The applicant's draft and a poster for its wizard steps (url-encoded bodies, as the browser sends them). */
async function draftPoster() {
  const b = await signedIn('applicant@demo.smartborder.test');
  const created = await p.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: { authorization: `Bearer ${b.token}` },
    payload: { programmes: ['NEXUS'] },
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  return (step: string, body: string) =>
    p.app.inject({
      method: 'POST',
      url: `/en/applications/${id}/edit/${step}`,
      headers: { cookie: b.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(b.csrf)}&${body}`,
    });
}

test('a form field named __proto__.x or constructor.prototype.x is refused and pollutes nothing', async () => {
  const post = await draftPoster();
  for (const body of [
    '__proto__.name=polluted',
    'addresses.__proto__.isAdmin=yes',
    'constructor.prototype.polluted=yes',
    'addresses.0.constructor=x',
  ]) {
    const r = await post('history', body);
    assert.equal(r.statusCode, 400, `${body}: ${r.statusCode}`);
    assert.match(r.body, /field name that is not allowed/);
    assert.deepEqual(Object.keys(Object.prototype), []);
    assert.equal(({} as Record<string, unknown>).name, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  }
  // the others are still served: a sign-in and a page
  const other = await signedIn('vetting.cbsa@demo.smartborder.test');
  const page = await p.app.inject({ method: 'GET', url: '/en/vetting', headers: { cookie: other.cookie } });
  assert.equal(page.statusCode, 200);
});

test('huge indices, names too deep and a field that is both a value and a group are refused, fast', async () => {
  const post = await draftPoster();
  for (const body of [
    'addresses.99999999.line=x',
    'travel.100.to=x',
    'a.b.c.d.e=x',
    'addresses=x&addresses.0.line=y',
  ]) {
    const started = Date.now();
    const r = await post('history', body);
    assert.equal(r.statusCode, 400, `${body}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    assert.ok(Date.now() - started < 2000, `${body} took ${Date.now() - started} ms`);
  }
  // rows within the bounds are still read
  const ok = await post('history', 'addresses.2.line=1%20Main&addresses.2.city=Ottawa&action=more');
  assert.equal(ok.statusCode, 200);
  assert.match(ok.body, /1 Main/);
});

test('repeated form fields are a 4xx with a message, never a 5xx', async () => {
  const post = await draftPoster();
  for (const [step, body] of [
    ['declarations', 'criminalConviction=yes&criminalConviction=no&truthful=on&truthful=on'],
    ['declarations', 'explanation=a&explanation=b'],
    ['identity', 'surname=A&surname=B&mrz=x&mrz=y'],
    ['eligibility', 'birthDate=2026-13-45&birthDate=1980-01-01&programmes=NEXUS'],
    ['history', 'addresses.0.line=a&addresses.0.line=b'],
  ]) {
    const r = await post(step, body);
    assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${step} ${body}: ${r.statusCode}`);
    assert.match(r.headers['content-type'] as string, /text\/html/);
    assert.match(r.body, /usa-alert|usa-error-message/);
  }
});

test('NUL and lone surrogates are refused in a body, query or path, naming the field, localized', async () => {
  const signUp = (displayName: string, lang = 'en') =>
    p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/accounts',
      headers: { 'accept-language': lang },
      payload: { email: `edge${++address}@example.com`, password: 'a long enough password', displayName },
      remoteAddress: from(),
    });
  const nul = await signUp('Ann\u0000e', 'fr');
  assert.equal(nul.statusCode, 400);
  assert.equal(nul.json().code, 'errors.text.nul');
  assert.equal(nul.json().detail, t('fr', 'errors.text.nul', { field: 'displayName' }));
  assert.equal(nul.json().errors[0].path, 'displayName');
  const lone = await signUp('Ann\ud800e', 'es');
  assert.equal(lone.statusCode, 400);
  assert.equal(lone.json().detail, t('es', 'errors.text.surrogate', { field: 'displayName' }));
  const { count } = (
    await sql<{ count: number }>`select count(*)::int as count from users where email like 'edge%'`.execute(p.ctx.db)
  ).rows[0];
  assert.equal(count, 0, 'a refused sign-up created an account');

  const auditor = await bearer(p, 'auditor.cbsa@demo.smartborder.test');
  const query = await p.app.inject({ method: 'GET', url: '/api/v1/audit?subject=%00', headers: auditor });
  assert.equal(query.statusCode, 400);
  assert.equal(query.json().errors[0].path, 'query.subject');
  const analyst = await bearer(p, 'analyst.cbsa@demo.smartborder.test');
  const param = await p.app.inject({ method: 'GET', url: '/api/v1/lookouts/a%00b', headers: analyst });
  assert.equal(param.statusCode, 400);
  assert.equal(param.json().code, 'errors.text.nul');
  const screen = await p.app.inject({
    method: 'POST',
    url: '/api/v1/screen',
    headers: analyst,
    payload: { subject: { type: 'person', name: 'x\u0000' }, purpose: 'test' },
  });
  assert.equal(screen.statusCode, 400);
});

test('text is stored in NFC: a name typed with a combining accent is the precomposed name', async () => {
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accounts',
    payload: { email: 'amelie.nfc@example.com', password: 'a long enough password', displayName: 'Ame\u0301lie' },
    remoteAddress: from(),
  });
  assert.equal(r.statusCode, 201, r.body);
  const me = await p.app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: { authorization: `Bearer ${r.json().token}` },
  });
  assert.equal(me.json().displayName, 'Am\u00e9lie');
});

test('multipart without a boundary, a cut multipart body, deep JSON: 400 problems on open routes', async () => {
  for (const [type, payload] of [
    ['multipart/form-data', 'email=a'],
    ['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="email"\r\n\r\nx'],
    ['application/json', '['.repeat(5000) + ']'.repeat(5000)],
  ]) {
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sessions',
      headers: { 'content-type': type, 'accept-language': 'fr' },
      payload,
      remoteAddress: from(),
    });
    assert.equal(r.statusCode, 400, `${type}: ${r.statusCode} ${r.body}`);
    assert.match(r.headers['content-type'] as string, /^application\/problem\+json/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  }
  const page = await p.app.inject({
    method: 'POST',
    url: '/en/sign-in',
    headers: { 'content-type': 'multipart/form-data' },
    payload: 'x',
    remoteAddress: from(),
  });
  assert.equal(page.statusCode, 400);
  assert.match(page.body, new RegExp(t('en', 'errors.bad_request').replace(/\./g, '\\.')));
  const xml = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    headers: { 'content-type': 'application/xml', 'accept-language': 'es' },
    payload: '<a/>',
    remoteAddress: from(),
  });
  assert.equal(xml.statusCode, 415);
  assert.equal(xml.json().detail, t('es', 'errors.unsupported_media_type'));
});

test('router errors are localized problems (or error pages) with the security headers', async () => {
  const bad = await p.app.inject({ method: 'GET', url: '/api/v1/lookouts/%', headers: { 'accept-language': 'fr' } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.headers['content-type'] as string, /^application\/problem\+json/);
  assert.equal(bad.json().detail, t('fr', 'errors.bad_request'));
  assert.ok(bad.headers['content-security-policy']);
  assert.equal(bad.headers['x-content-type-options'], 'nosniff');
  const long = await p.app.inject({ method: 'GET', url: `/api/v1/lookouts/${'a'.repeat(120)}` });
  assert.equal(long.statusCode, 414);
  assert.equal(long.json().code, 'errors.url_too_long');
  assert.ok(long.headers['content-security-policy']);
  const page = await p.app.inject({ method: 'GET', url: '/es/%' });
  assert.equal(page.statusCode, 400);
  assert.match(page.headers['content-type'] as string, /text\/html/);
  assert.match(page.body, /<html lang="es">/);
  assert.ok(page.headers['content-security-policy']);
});

test('an unhandled database error is logged by code, never with the values its message quotes', async () => {
  const secret = 'Zyx-4471-SECRET';
  const analyst = await bearer(p, 'analyst.cbsa@demo.smartborder.test');
  const list = p.modules.lookouts.list;
  // a service that lets a value reach a uuid column: PostgreSQL and PGlite quote it in the message
  p.modules.lookouts.list = async () => {
    await sql`select ${secret}::uuid`.execute(p.ctx.db);
    return [];
  };
  try {
    lines.length = 0;
    const r = await p.app.inject({ method: 'GET', url: '/api/v1/lookouts', headers: analyst });
    assert.equal(r.statusCode, 500);
    assert.equal(r.json().code, 'errors.internal');
    assert.ok(!r.body.includes(secret));
    const logged = lines.join('');
    assert.match(logged, /unhandled error/);
    assert.match(logged, /22P02/);
    assert.ok(!logged.includes(secret), `the value was logged: ${logged}`);
  } finally {
    p.modules.lookouts.list = list;
  }
});

test('a photo still uploads as multipart (fields and file read by the edge), and two files are refused', async () => {
  const b = await signedIn('applicant@demo.smartborder.test');
  const created = await p.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: { authorization: `Bearer ${b.token}` },
    payload: { programmes: ['NEXUS'] },
  });
  const id = created.json().id as string;
  const png = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/face.png'));
  const part = (name: string, value: string | Buffer, file = false) => {
    const disposition = `form-data; name="${name}"${file ? '; filename="face.png"' : ''}`;
    const head = `--zz\r\nContent-Disposition: ${disposition}\r\n${file ? 'Content-Type: image/png\r\n' : ''}\r\n`;
    return Buffer.concat([Buffer.from(head), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from('\r\n')]);
  };
  const send = (parts: Buffer[]) =>
    p.app.inject({
      method: 'POST',
      url: `/en/applications/${id}/edit/photo`,
      headers: { cookie: b.cookie, 'content-type': 'multipart/form-data; boundary=zz' },
      payload: Buffer.concat([...parts, Buffer.from('--zz--\r\n')]),
    });
  const ok = await send([part('_csrf', b.csrf), part('photo', png, true)]);
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
  assert.match(String(ok.headers.location), /edit\/review$/);
  const stored = await p.app.inject({
    method: 'GET',
    url: `/en/applications/${id}/photo`,
    headers: { cookie: b.cookie },
  });
  assert.equal(stored.statusCode, 200);
  assert.deepEqual(stored.rawPayload, png);
  const two = await send([part('_csrf', b.csrf), part('photo', png, true), part('other', png, true)]);
  assert.equal(two.statusCode, 413);
});
