// Property-based fuzzing of every HTML form, on the engine of the run. Each user (anonymous, applicants, officers of
// several roles and agencies) signs in through the sign-in page and crawls the pages it can reach; every form found
// (method="post") is then posted with a valid CSRF token and session cookie and hostile fields: wrong, huge, NUL,
// bidi and combining text, repeated fields, dotted names with prototype keys, huge indices, other encodings.
// Invariants: never a 5xx; security headers; a refused post (4xx) leaves the records' tables as they were; afterwards
// the server still serves the others and Object.prototype is untouched.
// SMARTBORDER_FUZZ_SEED and SMARTBORDER_FUZZ_RUNS (per form) reproduce or widen a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { engine, testPlatform, type TestPlatform } from '../helpers.ts';
import { seedDemo } from '../../src/demo.ts';
import { DEMO_PASSWORD } from '../../src/seed.ts';
import { t } from '../../src/kernel/i18n.ts';
import { hostileSegment, hostileString, multipart, urlEncoded, wellFormed } from './arbitraries.ts';

const SEED = Number(process.env.SMARTBORDER_FUZZ_SEED ?? 20261308);
const RUNS = Number(process.env.SMARTBORDER_FUZZ_RUNS ?? 25);
/** Tables a refused post must leave as they were (records, not the audit log: refusals are audited). */
const TABLES = [
  'users',
  'tt_applications',
  'tt_memberships',
  'tt_cards',
  'tt_bookings',
  'lk_lookouts',
  'lk_hits',
  'ln_crossings',
  'ln_referrals',
  'fl_imports',
];
const USERS: (string | null)[] = [
  null,
  'applicant@demo.smartborder.test',
  'lucia.hernandez@demo.smartborder.test',
  'marie.tremblay@demo.smartborder.test',
  'vetting.cbsa@demo.smartborder.test',
  'vetting.cbp@demo.smartborder.test',
  'enrolment.cbsa@demo.smartborder.test',
  'border.cbp@demo.smartborder.test',
  'border.cbsa@demo.smartborder.test',
  'analyst.cbsa@demo.smartborder.test',
  'analyst.cbp@demo.smartborder.test',
  'planner.cbp@demo.smartborder.test',
  'auditor.cbsa@demo.smartborder.test',
];
/** Pages no link leads to from home, where forms are. */
const START = [
  '/en/',
  '/en/sign-up',
  '/en/kiosk/US-0901',
  '/en/lanes/console',
  '/en/lanes/secondary',
  '/en/lookouts/hits',
  '/en/lookouts',
  '/en/enrolment',
  '/en/vetting',
  '/en/applications',
];
/** Forms that end the session they are posted in: posting them would leave the rest of the run signed out. */
const SKIP = /\/sign-out/;
const CSRF_TEXTS = ['en', 'fr', 'es'].map((l) => t(l as 'en', 'errors.csrf'));

let p: TestPlatform;
let addresses = 0;
/** The next client address: the sign-in rate limit counts per address, and the fuzz is not what it is about. */
const nextAddress = () => {
  addresses++;
  return `10.77.${(addresses >> 8) % 250}.${addresses % 250}`;
};

/** A browser: its cookies, and the requests it sends with them. */
class Browser {
  cookies = new Map<string, string>();
  async send(method: 'GET' | 'POST', url: string, payload?: string, contentType?: string) {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (contentType !== undefined) headers['content-type'] = contentType;
    const r = await p.app.inject({ method, url, headers, payload, remoteAddress: nextAddress() });
    const set = r.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i),
        value = pair.slice(i + 1);
      if (value && !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return r;
  }
}

interface Form {
  who: string | null;
  browser: Browser;
  action: string;
  enctype: string;
  /** The form's fields as the page renders them (name, value), the CSRF token included. */
  fields: [string, string][];
  /** The named submit buttons (name, value): a post sends one or none. */
  buttons: [string, string][];
}
const attr = (tag: string, name: string) =>
  tag
    .match(new RegExp(`\\s${name}="([^"]*)"`))?.[1]
    ?.replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');

/** The post forms of a page, with their fields. */
function formsOf(html: string, who: string | null, browser: Browser): Form[] {
  const out: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, head, inner] = m;
    if ((attr(head, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const action = attr(head, 'action');
    if (!action || SKIP.test(action)) continue;
    const fields: [string, string][] = [];
    const buttons: [string, string][] = [];
    for (const [tag] of inner.matchAll(/<input\b[^>]*>/g)) {
      const name = attr(tag, 'name');
      if (!name) continue;
      const type = attr(tag, 'type') ?? 'text';
      if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(tag) && fields.some(([n]) => n === name))
        continue;
      if (type === 'file') continue;
      fields.push([name, attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : '')]);
    }
    for (const s of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(s[1], 'name');
      const option = s[2].match(/<option\b[^>]*value="([^"]+)"/)?.[1];
      if (name) fields.push([name, option ?? '']);
    }
    for (const a of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attr(a[1], 'name');
      if (name) fields.push([name, a[2]]);
    }
    for (const [tag] of inner.matchAll(/<button\b[^>]*>/g)) {
      const name = attr(tag, 'name');
      if (name) buttons.push([name, attr(tag, 'value') ?? '']);
    }
    out.push({
      who,
      browser,
      action,
      enctype: attr(head, 'enctype') ?? 'application/x-www-form-urlencoded',
      fields,
      buttons,
    });
  }
  return out;
}

const forms = new Map<string, Form>();
/** The pages each user reached, to be asked again with hostile ids and queries. */
const pages: { browser: Browser; url: string }[] = [];
/** A form's kind: its action with ids as :id (the first user to find it posts it; the anonymous come first). */
const kindOf = (f: Form) => f.action.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');

async function signIn(email: string): Promise<Browser> {
  const b = new Browser();
  const page = await b.send('GET', '/en/sign-in');
  const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
  const r = await b.send(
    'POST',
    '/en/sign-in',
    urlEncoded([
      ['_csrf', csrf],
      ['email', email],
      ['password', DEMO_PASSWORD],
    ]),
    'application/x-www-form-urlencoded',
  );
  assert.equal(r.statusCode, 303, `sign-in of ${email}: ${r.statusCode}`);
  assert.ok(b.cookies.has('sb_session'), `no session cookie for ${email}`);
  return b;
}

/** Visits what a user can reach from the start pages (same language, GET only), collecting the forms. */
async function crawl(who: string | null, b: Browser, limit = 70) {
  const seen = new Set<string>();
  const queue = [...START];
  while (queue.length && seen.size < limit) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const r = await b.send('GET', url);
    if (r.statusCode !== 200 || !String(r.headers['content-type']).includes('text/html')) continue;
    pages.push({ browser: b, url });
    for (const f of formsOf(r.body, who, b)) if (!forms.has(kindOf(f))) forms.set(kindOf(f), f);
    for (const [, href] of r.body.matchAll(/href="(\/en\/[^"#]*)"/g)) {
      const link = href.replace(/&amp;/g, '&');
      if (!seen.has(link) && !/sign-out|\.csv|download/.test(link)) queue.push(link);
    }
  }
}

async function counts(): Promise<Record<string, number>> {
  const select = TABLES.map((tb) => `(select count(*) from ${tb})::int as ${tb}`).join(', ');
  const { rows } = await sql<Record<string, number>>`${sql.raw(`select ${select}`)}`.execute(p.ctx.db);
  return rows[0];
}

/** The API as a signed-in browser's user (its session token is also a bearer token). */
async function api(b: Browser, method: 'GET' | 'POST', url: string, payload?: object) {
  const r = await p.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${b.cookies.get('sb_session')}` },
    payload,
  });
  assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

before(async () => {
  // the fuzz signs the same accounts in again after each sign-out it sends: the per-account rate would refuse them
  p = await testPlatform({ env: { SMARTBORDER_SIGN_IN_PER_ACCOUNT: '100000' } });
  await seedDemo(p);
  const browsers = new Map<string | null, Browser>();
  for (const who of USERS) browsers.set(who, who ? await signIn(who) : new Browser());
  const as = (who: string) => browsers.get(who)!;
  // an application in draft, so the wizard's steps are there to be crawled
  const draft = await api(as('applicant@demo.smartborder.test'), 'POST', '/api/v1/applications', {
    programmes: ['NEXUS'],
  });
  for (const step of ['eligibility', 'identity', 'history', 'declarations', 'photo', 'review'])
    START.push(`/en/applications/${draft.id}/edit/${step}`);
  // a traveller sent to secondary at San Ysidro (not a member, in the trusted lane), for the secondary form
  await api(as('border.cbp@demo.smartborder.test'), 'POST', '/api/v1/lanes/decisions', {
    portId: 'US-2504',
    laneId: 'US-2504-trusted',
    occupants: [{ mrz: 'P<CANGAGNON<<LUC<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nHK445566<0CAN8209304M3101315<<<<<<<<<<<<<<04' }],
  });
  const membership = (await api(as('marie.tremblay@demo.smartborder.test'), 'GET', '/api/v1/memberships'))
    .memberships?.[0]?.id;
  if (membership) START.push(`/en/memberships/${membership}/officer`);
  const lucia = (await api(as('lucia.hernandez@demo.smartborder.test'), 'GET', '/api/v1/applications'))
    .applications?.[0]?.id;
  if (lucia) START.push(`/en/applications/${lucia}/interview`);
  for (const who of USERS) {
    // the vetting forms are crawled while Lucia's application waits; then both agencies approve it, for enrolment's
    if (who === 'enrolment.cbsa@demo.smartborder.test' && lucia)
      for (const officer of ['vetting.cbsa@demo.smartborder.test', 'vetting.cbp@demo.smartborder.test'])
        await p.app.inject({
          method: 'POST',
          url: `/api/v1/vetting/${lucia}/decision`,
          headers: { authorization: `Bearer ${as(officer).cookies.get('sb_session')}` },
          payload: { kind: 'approve' },
        });
    await crawl(who, browsers.get(who)!);
  }
});
after(async () => {
  await p?.close();
});

/** Field names that have broken form parsers: prototype keys on their own and dotted, huge indices, deep names. */
const hostileName = (known: string[]) =>
  fc.oneof(
    fc.constantFrom(
      '__proto__',
      '__proto__.polluted',
      'constructor.prototype.polluted',
      'addresses.0.__proto__',
      'addresses.__proto__.line',
      'prototype',
      'addresses.99999999.line',
      'travel.4294967295.to',
      'a.b.c.d.e.f.g',
      'x.',
      '.x',
      '..',
      'addresses.0',
      '',
      '\u0000',
    ),
    ...(known.length ? [fc.constantFrom(...known), fc.constantFrom(...known).map((k) => `${k}.sub`)] : []),
  );

/** A hostile post of a form: its fields kept, changed, dropped or repeated, extra names, another encoding. */
function postFor(f: Form) {
  const named = f.fields.filter(([n]) => n !== '_csrf');
  const csrf = f.fields.find(([n]) => n === '_csrf') ?? ['_csrf', ''];
  const fieldArb = ([name, value]: [string, string]) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<[string, string][]>([[name, value]]) },
      { weight: 3, arbitrary: hostileString.map((v): [string, string][] => [[name, v]]) },
      { weight: 1, arbitrary: fc.constant<[string, string][]>([]) },
      {
        weight: 1,
        arbitrary: hostileString.map((v): [string, string][] => [
          [name, value],
          [name, v],
        ]),
      },
    );
  return fc.record({
    fields: fc.tuple(...named.map(fieldArb), fc.constant<[string, string][]>([])),
    extra: fc.array(fc.tuple(hostileName(named.map(([n]) => n)), hostileString), { maxLength: 3 }),
    button: f.buttons.length ? fc.option(fc.constantFrom(...f.buttons)) : fc.constant(null),
    encoding: fc.constantFrom('form', 'form', 'form', 'form', 'form', 'multipart', 'no-boundary', 'json'),
    lang: fc.constantFrom('en', 'en', 'fr', 'es'),
    // the action's ids, now and then, replaced by something that is not one
    id: fc.option(hostileSegment(['3f2b8c1e-9d4a-4e6f-8b2a-7c5d1e0f9a34']), { freq: 6 }),
  });
}
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const posts = { total: 0, byStatus: new Map<number, number>() };
const violations: string[] = [];

test(`fuzz: every HTML form on ${engine}, seed ${SEED}, ${RUNS} posts each`, async () => {
  const started = Date.now();
  const kinds = [...forms.keys()].sort();
  const listed = kinds.map((k) => `${k} (${forms.get(k)!.who ?? 'anonymous'})`);
  console.log(`fuzz forms ${engine}: ${kinds.length} forms:\n  ${listed.join('\n  ')}`);
  assert.ok(kinds.length >= 15, `only ${kinds.length} forms found`);
  for (const [i, kind] of kinds.entries()) {
    const f = forms.get(kind)!;
    await fc.assert(
      fc.asyncProperty(postFor(f), async (g) => {
        const fields: [string, string][] = [
          // the token the page rendered for this browser's session (tokens are bound to the session)
          f.fields.find(([n]) => n === '_csrf') ?? ['_csrf', ''],
          ...g.fields.flat(),
          ...g.extra,
          ...(g.button ? [g.button] : []),
        ];
        const payload =
          g.encoding === 'json'
            ? JSON.stringify(Object.fromEntries(fields))
            : g.encoding === 'form'
              ? urlEncoded(fields)
              : multipart(fields.map(([k, v]) => [wellFormed(k).replace(/["\r\n]/g, ''), wellFormed(v)]));
        const type =
          g.encoding === 'json'
            ? 'application/json'
            : g.encoding === 'form'
              ? 'application/x-www-form-urlencoded'
              : g.encoding === 'multipart'
                ? 'multipart/form-data; boundary=fuzzboundary'
                : 'multipart/form-data';
        const action = g.id === null ? f.action : f.action.replace(UUID, g.id);
        const url = action.replace(/^\/en\//, `/${g.lang}/`);
        const before = await counts();
        posts.total++;
        const r = await f.browser.send('POST', url, payload, type);
        posts.byStatus.set(r.statusCode, (posts.byStatus.get(r.statusCode) ?? 0) + 1);
        const said = `${kind} [${g.encoding}] ${JSON.stringify(fields).slice(0, 500)} -> ${r.statusCode}`;
        if (r.statusCode >= 500) violations.push(`${said} ${r.body.match(/<p class="usa-alert__text">([^<]*)/)?.[1]}`);
        else if (r.headers['x-content-type-options'] !== 'nosniff' || !r.headers['content-security-policy'])
          violations.push(`${said}: no security headers`);
        else if (
          r.statusCode === 403 &&
          CSRF_TEXTS.some((c) => r.body.includes(c.replace(/’/g, '&#39;')) || r.body.includes(c))
        )
          violations.push(`${said}: refused as a forged post although the token was valid`);
        else if (r.statusCode >= 400) {
          const now = await counts();
          if (JSON.stringify(now) !== JSON.stringify(before))
            violations.push(`${said}: a refused post changed ${JSON.stringify(before)} to ${JSON.stringify(now)}`);
        }
      }),
      { seed: SEED + i, numRuns: RUNS },
    );
  }
  // The pages themselves, asked again with hostile ids in their paths and hostile, repeated query parameters.
  const page = fc.record({
    at: fc.nat(pages.length - 1),
    id: fc.option(hostileSegment(['3f2b8c1e-9d4a-4e6f-8b2a-7c5d1e0f9a34']), { freq: 2 }),
    query: fc.array(
      fc.tuple(
        fc.constantFrom('next', 'port', 'lane', 'subject', 'before', 'state', 'limit', 'centre', 'q', 'x'),
        hostileString,
      ),
      { maxLength: 4 },
    ),
  });
  await fc.assert(
    fc.asyncProperty(page, async (g) => {
      const { browser, url } = pages[g.at];
      const path = g.id === null ? url : url.replace(UUID, g.id);
      const query = urlEncoded(g.query);
      const target = query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
      posts.total++;
      const r = await browser.send('GET', target);
      posts.byStatus.set(r.statusCode, (posts.byStatus.get(r.statusCode) ?? 0) + 1);
      if (r.statusCode >= 500) violations.push(`GET ${target.slice(0, 300)} -> ${r.statusCode}`);
      else if (r.headers['x-content-type-options'] !== 'nosniff') violations.push(`GET ${target} without nosniff`);
    }),
    { seed: SEED, numRuns: RUNS * 10 },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const statuses = [...posts.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`);
  const summary = `${posts.total} requests (posts and pages) in ${seconds} s; ${statuses.join(' ')}`;
  console.log(`fuzz forms ${engine}: seed ${SEED}, ${summary}`);
  assert.equal(
    violations.length,
    0,
    `${violations.length} posts broke an invariant:\n${violations.slice(0, 30).join('\n')}`,
  );
});

test(`after the form fuzz on ${engine}, the server still serves the others`, async () => {
  assert.deepEqual(Object.keys(Object.prototype), [], 'Object.prototype was polluted');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const b = await signIn('analyst.cbp@demo.smartborder.test');
  const home = await b.send('GET', '/en/');
  assert.equal(home.statusCode, 200);
  const ports = await p.app.inject({ method: 'GET', url: '/api/v1/ports' });
  assert.equal(ports.statusCode, 200);
});
