// Property-based fuzzing of every operation in the committed OpenAPI document, against the real platform on the engine
// of the run: hostile paths, queries, bodies, content types and languages, anonymous and signed in as several roles.
// Invariants: never a 5xx; every /api refusal an RFC 9457 problem, localized; security headers on every answer; and
// afterwards the server still serves the others and Object.prototype is untouched.
// SMARTBORDER_FUZZ_SEED and SMARTBORDER_FUZZ_RUNS (per operation) reproduce or widen a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { engine, testPlatform, type TestPlatform } from '../helpers.ts';
import { t, isLocale } from '../../src/kernel/i18n.ts';
import { seedDemo } from '../../src/demo.ts';
import { DEMO_PASSWORD } from '../../src/seed.ts';
import {
  acceptLanguage,
  hostileBody,
  hostileSegment,
  hostileString,
  hostileValue,
  rawBody,
  type JsonSchema,
} from './arbitraries.ts';

const SEED = Number(process.env.SMARTBORDER_FUZZ_SEED ?? 20261308);
const RUNS = Number(process.env.SMARTBORDER_FUZZ_RUNS ?? 100);
const doc = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
};
interface Operation {
  parameters?: { in: 'path' | 'query'; name: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
/** Messages without arguments: a localized answer carries exactly the language's text. */
const PLAIN_KEYS = new Set([
  'errors.not_found',
  'errors.forbidden',
  'errors.unauthorized',
  'errors.validation',
  'errors.bad_request',
  'errors.too_deep',
  'errors.too_large',
  'errors.url_too_long',
  'errors.unsupported_media_type',
  'errors.conflict',
]);
/** Roles the requests are sent as (the final sign-in uses an account outside this list and the document's examples). */
const ROLES = [
  'applicant@demo.smartborder.test',
  'marie.tremblay@demo.smartborder.test',
  'vetting.cbsa@demo.smartborder.test',
  'enrolment.cbp@demo.smartborder.test',
  'border.cbp@demo.smartborder.test',
  'analyst.cbsa@demo.smartborder.test',
  'planner.inm@demo.smartborder.test',
  'admin.cbsa@demo.smartborder.test',
  'auditor.cbp@demo.smartborder.test',
];
const BYSTANDER = 'enrolment.cbsa@demo.smartborder.test';

let p: TestPlatform;
const tokens = new Map<string, string>();
/** Ids that exist (applications, memberships, lookouts, hits), so some requests reach the services. */
const goodIds: string[] = [];
const goodPorts = ['US-0901', 'CA-0427', 'MX-2402'];

/** Signs in through the API from an address of its own, so the fuzz's sign-ins never meet the rate limit. */
let signIns = 0;
async function signIn(email: string) {
  signIns++;
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    payload: { email, password: DEMO_PASSWORD },
    remoteAddress: `10.200.${signIns >> 8}.${signIns % 256}`,
  });
  assert.equal(r.statusCode, 201, `sign-in of ${email}: ${r.body}`);
  return `Bearer ${r.json().token}`;
}

before(async () => {
  // the fuzz signs the same accounts in again after each sign-out it sends: the per-account rate would refuse them
  p = await testPlatform({ env: { SMARTBORDER_SIGN_IN_PER_ACCOUNT: '100000' } });
  // members, an application under review, lookouts and hits: records for the requests to reach
  await seedDemo(p);
  for (const email of ROLES) tokens.set(email, await signIn(email));
  const get = async (email: string, url: string) =>
    (await p.app.inject({ method: 'GET', url, headers: { authorization: tokens.get(email)! } })).json();
  const collect = (v: unknown) => {
    const s = JSON.stringify(v ?? null);
    for (const m of s.matchAll(/"(?:id|applicationId|membershipId|lookoutId)":"([0-9a-f-]{36})"/g)) goodIds.push(m[1]);
  };
  collect(await get('applicant@demo.smartborder.test', '/api/v1/applications'));
  collect(await get('marie.tremblay@demo.smartborder.test', '/api/v1/memberships'));
  collect(await get('vetting.cbsa@demo.smartborder.test', '/api/v1/vetting/queue'));
  collect(await get('analyst.cbsa@demo.smartborder.test', '/api/v1/lookouts'));
  collect(await get('analyst.cbsa@demo.smartborder.test', '/api/v1/hits'));
  if (!goodIds.length) goodIds.push('3f2b8c1e-9d4a-4e6f-8b2a-7c5d1e0f9a34');
});
after(async () => {
  await p?.close();
});

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}
interface Violation {
  op: string;
  why: string;
  sent: Sent;
  status: number;
  body: string;
}

/** Checks one answer against the invariants; returns what is wrong, or null. */
function check(sent: Sent, r: { statusCode: number; headers: Record<string, unknown>; body: string }): string | null {
  if (r.statusCode >= 500) return `status ${r.statusCode}`;
  if (r.headers['x-content-type-options'] !== 'nosniff') return 'no x-content-type-options';
  if (!r.headers['content-security-policy']) return 'no content-security-policy';
  // a HEAD answer has no body; '/api/v1/../x' is resolved by the client to a page's path
  if (r.statusCode < 400 || !sent.url.startsWith('/api/') || sent.method === 'HEAD' || sent.url.includes('/../'))
    return null;
  if (!String(r.headers['content-type']).startsWith('application/problem+json')) return 'not problem+json';
  let body: { type?: unknown; title?: unknown; status?: unknown; detail?: unknown; code?: unknown };
  try {
    body = JSON.parse(r.body);
  } catch {
    return 'problem is not JSON';
  }
  for (const k of ['type', 'title', 'detail', 'code'] as const)
    if (typeof body[k] !== 'string' || !body[k]) return `problem without ${k}`;
  if (body.status !== r.statusCode) return 'problem status differs';
  const lang = sent.headers['accept-language'];
  if ((lang === 'fr' || lang === 'es') && isLocale(lang) && PLAIN_KEYS.has(String(body.code))) {
    const code = String(body.code);
    if (body.detail !== t(lang, code)) return `detail not in ${lang}: ${String(body.detail)}`;
    if (t(lang, code) === t('en', code)) return `${code} has no ${lang} text`;
  }
  return null;
}

const requests = { total: 0, byStatus: new Map<number, number>(), byCode: new Map<string, number>() };
const violations: Violation[] = [];

async function send(op: string, sent: Sent) {
  requests.total++;
  const r = await p.app.inject({
    method: sent.method as 'GET',
    url: sent.url,
    headers: sent.headers,
    payload: sent.payload,
    remoteAddress: `10.9.${requests.total % 250}.${(requests.total >> 8) % 250}`,
  });
  requests.byStatus.set(r.statusCode, (requests.byStatus.get(r.statusCode) ?? 0) + 1);
  if (r.statusCode >= 400 && r.body && String(r.headers['content-type']).startsWith('application/problem+json')) {
    const code = String((JSON.parse(r.body) as { code?: unknown }).code);
    requests.byCode.set(code, (requests.byCode.get(code) ?? 0) + 1);
  }
  const why = check(sent, r);
  if (why) violations.push({ op, why, sent, status: r.statusCode, body: r.body.slice(0, 400) });
  // a request that ended its own session (sign-out) is signed in again, so later ones are not all 401
  if (sent.method === 'DELETE' && sent.url.startsWith('/api/v1/auth/sessions'))
    for (const [email, token] of tokens)
      if (token === sent.headers.authorization) tokens.set(email, await signIn(email));
}

/** The hostile request for an operation: its path, query, body, content type, language and caller. */
function requestFor(method: string, route: string, op: Operation): fc.Arbitrary<Sent> {
  const pathParams = (op.parameters ?? []).filter((x) => x.in === 'path');
  const queryParams = (op.parameters ?? []).filter((x) => x.in === 'query');
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const segment = (name: string) => hostileSegment(/port/i.test(name) ? goodPorts : goodIds);
  const pathArb = fc
    .tuple(...pathParams.map((x) => segment(x.name)), fc.constant(null))
    .map((values) => pathParams.reduce((u, x, i) => u.replace(`{${x.name}}`, values[i] as string), route));
  const queryValue = (s: JsonSchema) =>
    fc.oneof(
      fc.constant(JSON.stringify(s.example ?? s.enum?.[0] ?? s.default ?? '1').replace(/^"|"$/g, '')),
      hostileString,
    );
  const queryArb = fc
    .array(
      fc.tuple(
        queryParams.length ? fc.constantFrom(...queryParams) : fc.constant({ name: 'x', schema: {} as JsonSchema }),
        fc.integer({ min: 1, max: 3 }),
      ),
      { maxLength: 4 },
    )
    .chain((picked) =>
      fc
        .tuple(
          ...picked.map(([q, times]) => fc.array(queryValue(q.schema), { minLength: times, maxLength: times })),
          fc.constant(null),
        )
        .map((values) =>
          picked
            .flatMap(([q], i) =>
              (values[i] as string[]).map(
                (v) => `${encodeURIComponent(q.name)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'))}`,
              ),
            )
            .join('&'),
        ),
    );
  const caller = fc.oneof(
    {
      weight: 1,
      arbitrary: fc.constantFrom<string | undefined>(undefined, 'Bearer not-a-token', 'Bearer ', 'Basic x'),
    },
    { weight: 4, arbitrary: fc.constantFrom(...ROLES) },
  );
  const body =
    method === 'GET' || method === 'DELETE'
      ? fc.option(rawBody(hostileValue), { freq: 8 })
      : rawBody(hostileBody(bodySchema, goodIds[0]));
  return fc.record({ path: pathArb, query: queryArb, caller, lang: acceptLanguage, body }).map((g) => {
    const headers: Record<string, string> = {};
    if (g.caller?.includes('@')) headers.authorization = tokens.get(g.caller)!;
    else if (g.caller) headers.authorization = g.caller;
    if (g.lang) headers['accept-language'] = g.lang;
    if (g.body?.contentType !== undefined) headers['content-type'] = g.body.contentType;
    return {
      method,
      url: g.path + (g.query ? `?${g.query}` : ''),
      headers,
      payload: g.body?.payload,
    };
  });
}

const operations = Object.entries(doc.paths).flatMap(([route, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), route, op })),
);

test(`fuzz: every API operation (${operations.length}) on ${engine}, seed ${SEED}, ${RUNS} runs each`, async () => {
  const started = Date.now();
  for (const [i, { method, route, op }] of operations.entries()) {
    await fc.assert(
      fc.asyncProperty(requestFor(method, route, op), async (sent) => {
        await send(`${method} ${route}`, sent);
      }),
      { seed: SEED + i, numRuns: RUNS },
    );
  }
  // Requests the document does not describe: unknown routes, malformed URLs, methods no route has.
  const stray = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
    url: fc.oneof(
      fc.constantFrom('/%', '/api/%', '/api/v1/%E0%A4%A', '/api/v1/lookouts/%', '/fr/%', '//', '/api/v1/../../etc'),
      hostileString.map((s) => `/api/v1/${encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')).slice(0, 400)}`),
      fc.constantFrom(...operations.map((o) => o.route.replace(/\{[^}]+\}/g, 'x'.repeat(101)))),
    ),
    lang: acceptLanguage,
  });
  await fc.assert(
    fc.asyncProperty(stray, async (g) => {
      await send('stray', { method: g.method, url: g.url, headers: g.lang ? { 'accept-language': g.lang } : {} });
    }),
    { seed: SEED, numRuns: RUNS * 3 },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const statuses = [...requests.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`);
  console.log(`fuzz api ${engine}: seed ${SEED}, ${requests.total} requests in ${seconds} s; ${statuses.join(' ')}`);
  const codes = [...requests.byCode].sort(([, a], [, b]) => b - a).map(([c, n]) => `${c}:${n}`);
  console.log(`fuzz api ${engine}: refusals by code ${codes.join(' ')}`);
  const distinct = new Map<string, Violation>();
  for (const v of violations) distinct.set(`${v.op} ${v.why}`, v);
  assert.equal(
    violations.length,
    0,
    `${violations.length} answers broke an invariant (seed ${SEED}):\n` +
      [...distinct.values()]
        .slice(0, 30)
        .map((v) => `${v.op}: ${v.why}\n  ${JSON.stringify(v.sent).slice(0, 600)}\n  -> ${v.status} ${v.body}`)
        .join('\n'),
  );
});

test(`after the fuzz on ${engine}, the server still serves the others`, async () => {
  assert.deepEqual(Object.keys(Object.prototype), [], 'Object.prototype was polluted');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const h = { authorization: await signIn(BYSTANDER) };
  const me = await p.app.inject({ method: 'GET', url: '/api/v1/me', headers: h });
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().email, BYSTANDER);
  const ports = await p.app.inject({ method: 'GET', url: '/api/v1/ports' });
  assert.equal(ports.statusCode, 200);
  assert.ok(ports.json().ports.length > 0);
  const page = await p.app.inject({ method: 'GET', url: '/fr/sign-in' });
  assert.equal(page.statusCode, 200);
});
