// The page shell as a user meets it: a form's error summary that takes focus and links to fields of the page, a
// language switch that leads to a page after a POST, a favicon.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { formToken, type TestPlatform, testPlatform } from '../helpers.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform();
});
after(() => p.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ids = (page: string) => new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
const summaryOf = (page: string) =>
  page.match(/<div class="usa-alert usa-alert--error"[^>]*id="error-summary"[\s\S]*?<\/ul>/)?.[0];
const switchLinks = (page: string) =>
  [...page.matchAll(/<a href="([^"]+)" lang="(?:en|fr|es)" hreflang="(?:en|fr|es)">/g)].map((m) => m[1]);

async function assertSummary(page: string, cookies: Record<string, string> = {}) {
  const summary = summaryOf(page);
  assert.ok(summary, 'the page shows an error summary');
  assert.match(summary, /tabindex="-1"/);
  assert.match(summary, /role="alert"/);
  assert.match(summary, /aria-labelledby="error-summary-title"/);
  assert.match(page, /<h2 class="usa-alert__heading" id="error-summary-title">/);
  // The summary is focused on load by a same-origin script (the CSP allows no inline script).
  assert.match(page, /<script src="\/assets\/error-summary.js" defer><\/script>/);
  // Each link leads to a field: of this page, or of the page (a wizard's step) that holds it.
  const links = [...summary.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
  assert.ok(links.length > 0, summary);
  for (const link of links) {
    const [url, id] = link.split('#');
    assert.ok(id, link);
    let target = page;
    if (url) {
      const r = await p.app.inject({ url, cookies });
      assert.equal(r.statusCode, 200, link);
      target = r.body;
    }
    assert.ok(ids(target).has(id), `the summary links to ${link}, a field that page does not have`);
  }
}

test('a 422 page: the error summary is focusable, named, focused on load and links to fields of the page', async () => {
  const form = await formToken(p, '/fr/sign-up');
  const r = await p.app.inject({
    method: 'POST',
    url: '/fr/sign-up',
    cookies: form.cookies,
    headers: FORM,
    payload: new URLSearchParams({
      _csrf: form.token,
      displayName: '',
      email: 'not-an-email',
      password: 'x',
    }).toString(),
  });
  assert.equal(r.statusCode, 422);
  await assertSummary(r.body);
  assert.match(r.body, /<title>Il y a un problème\u202f: /u);
  const js = await p.app.inject({ url: '/assets/error-summary.js' });
  assert.equal(js.statusCode, 200);
  assert.match(String(js.headers['content-type']), /javascript/);
  assert.match(js.body, /getElementById\('error-summary'\)\?\.focus\(\)/);
  // A page without errors loads no script.
  const clean = await p.app.inject({ url: '/fr/sign-up' });
  assert.doesNotMatch(clean.body, /<script/);
});

test('the language switch after a POST leads to a page that exists, not to the action URL', async () => {
  const login = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    payload: { email: 'applicant@demo.smartborder.test', password: 'demo-password-2026' },
  });
  const session = { sb_session: login.json().token as string };
  const created = await p.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: { authorization: `Bearer ${session.sb_session}` },
    payload: { programmes: ['NEXUS'] },
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  const form = await formToken(p, `/fr/applications/${id}/edit/review`, session);
  const r = await p.app.inject({
    method: 'POST',
    url: `/fr/applications/${id}/submit`,
    cookies: form.cookies,
    headers: FORM,
    payload: new URLSearchParams({ _csrf: form.token }).toString(),
  });
  assert.equal(r.statusCode, 422, r.body.slice(0, 300));
  await assertSummary(r.body, session);
  const links = switchLinks(r.body);
  assert.deepEqual(links.sort(), [`/en/applications/${id}`, `/es/applications/${id}`]);
  for (const href of links) assert.equal((await p.app.inject({ url: href, cookies: session })).statusCode, 200, href);
  // After a POST whose own URL is a page (sign-in), the switch keeps it.
  const signIn = await formToken(p, '/es/sign-in');
  const bad = await p.app.inject({
    method: 'POST',
    url: '/es/sign-in',
    cookies: signIn.cookies,
    headers: FORM,
    payload: new URLSearchParams({ _csrf: signIn.token, email: 'nobody@example.test', password: 'wrong' }).toString(),
  });
  assert.deepEqual(switchLinks(bad.body).sort(), ['/en/sign-in', '/fr/sign-in']);
});

test('a favicon: linked from every page, /favicon.ico answers it', async () => {
  const page = await p.app.inject({ url: '/en/' });
  assert.match(page.body, /<link rel="icon" href="\/assets\/favicon.svg" type="image\/svg\+xml">/);
  const ico = await p.app.inject({ url: '/favicon.ico' });
  assert.notEqual(ico.statusCode, 404);
  assert.equal(ico.statusCode, 301);
  assert.equal(ico.headers.location, '/assets/favicon.svg');
  const svg = await p.app.inject({ url: '/assets/favicon.svg' });
  assert.equal(svg.statusCode, 200);
  assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
  assert.match(svg.body, /^<svg /);
});
