// Regression tests for the scope leaks of issue 13, through the real routes: a partner's false positive that
// silenced another agency's hit, a replaced card's number shown to an officer, officers reading drafts, role refusals
// that were never audited, and a vetting file whose read was logged twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { testPlatform, type TestPlatform } from './helpers.ts';
import { canadianApplicant, makeMember } from './travellers/fixtures.ts';
import { actorOf } from '../src/kernel/auth.ts';

let p: TestPlatform;
type Headers = Record<string, string>;
const demo = (who: string) => `${who}@demo.smartborder.test`;
// One sign-in per demo account, each from its own address (sign-in is rate-limited per address; not tested here).
const signedIn = new Map<string, Headers>();
async function bearer(_p: TestPlatform, email: string): Promise<Headers> {
  const known = signedIn.get(email);
  if (known) return known;
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    payload: { email, password: 'demo-password-2026' },
    remoteAddress: `10.13.0.${signedIn.size + 1}`,
  });
  assert.equal(r.statusCode, 201, r.body);
  const h = { authorization: `Bearer ${r.json().token}` };
  signedIn.set(email, h);
  return h;
}
before(async () => {
  p = await testPlatform();
});
after(async () => {
  await p?.close();
});

interface Entry {
  action: string;
  subject: string;
  actor_id: string | null;
  detail: Record<string, unknown>;
}
const lastSeq = async () =>
  Number((await sql<{ s: string | null }>`select max(seq) as s from audit_log`.execute(p.ctx.db)).rows[0].s ?? 0);
/** The audit entries appended since `seq`. */
const since = async (seq: number) =>
  (
    await sql<Entry>`select action, subject, actor_id, detail from audit_log where seq > ${seq} order by seq`.execute(
      p.ctx.db,
    )
  ).rows;
const of = (entries: Entry[], action: string) => entries.filter((e) => e.action === action);

async function signUp(email: string): Promise<Headers> {
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accounts',
    payload: { email, password: 'correct horse battery', displayName: 'Leak Test', locale: 'en' },
  });
  assert.equal(r.statusCode, 201, r.body);
  return { authorization: `Bearer ${r.json().token}` };
}

test('a public-list false positive marked by CBP does not silence the hit at a Canadian port', async () => {
  const lookouts = p.modules.lookouts;
  const cbp = await bearer(p, demo('analyst.cbp'));
  const imported = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lookouts/import',
    headers: cbp,
    payload: {
      format: 'jsonl',
      files: { jsonl: '{"id":"leak-1","names":["Gudbrand Oxenstierna"],"birthDates":["1961-02-03"]}\n' },
      sourceName: 'Leak list',
    },
  });
  assert.equal(imported.statusCode, 201, imported.body);
  const person = { type: 'person' as const, name: 'Gudbrand Oxenstierna', birthDate: '1961-02-03' };
  const system = actorOf(null);
  // a joint NEXUS vetting screen, for CBSA and CBP: the hit is on a public list, raised by both agencies' screen
  const joint = await lookouts.screen(person, {
    actor: system,
    agency: ['CBSA', 'CBP'],
    purpose: 'application vetting',
    subjectRef: 'application:leak',
  });
  const hit = joint.hits.find((h) => h.kind === 'reference');
  assert.ok(hit?.hitId, JSON.stringify(joint));
  const review = await p.app.inject({
    method: 'POST',
    url: `/api/v1/hits/${hit.hitId}/review`,
    headers: cbp,
    payload: { decision: 'false_positive', note: 'namesake' },
  });
  assert.equal(review.statusCode, 200, review.body);
  const at = (agency: string) =>
    lookouts.screen(person, { actor: system, agency, purpose: 'primary inspection', subjectRef: `crossing:${agency}` });
  assert.equal((await at('CBSA')).status, 'hits', 'a Canadian port still gets the hit');
  assert.equal((await at('CBP')).status, 'clear', 'CBP silenced it for its own screens');
  // the same after a restart: suppressions are read back from the database with their agency
  lookouts.suppressed.clear();
  await lookouts.load();
  assert.equal((await at('CBSA')).status, 'hits');
  assert.equal((await at('CBP')).status, 'clear');
});

test('a CBP analyst cannot clear a hit on a CBSA lookout: 403, audited once, still alerting', async () => {
  const cbsa = await bearer(p, demo('analyst.cbsa'));
  const cbp = await bearer(p, demo('analyst.cbp'));
  const posted = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lookouts',
    headers: cbsa,
    payload: {
      lookout: {
        subjectType: 'person',
        category: 'serious_crime',
        reason: 'Warrant 2026-913 (synthetic)',
        recommendedAction: 'refer_secondary',
        identifiers: { names: ['Hallvard Brynjolfsson'], birthDates: ['1959-09-09'] },
        sharingAgencies: ['CBP'],
      },
      activate: true,
    },
  });
  assert.equal(posted.statusCode, 201, posted.body);
  const person = { type: 'person' as const, name: 'Hallvard Brynjolfsson', birthDate: '1959-09-09' };
  const screen = (agency: string) =>
    p.modules.lookouts.screen(person, {
      actor: actorOf(null),
      agency,
      purpose: 'primary inspection',
      subjectRef: `crossing:${agency}`,
    });
  const hit = (await screen('CBP')).hits.find((h) => h.lookoutId === posted.json().id);
  assert.ok(hit?.hitId);
  const seq = await lastSeq();
  const r = await p.app.inject({
    method: 'POST',
    url: `/api/v1/hits/${hit.hitId}/review`,
    headers: cbp,
    payload: { decision: 'false_positive', note: '' },
  });
  assert.equal(r.statusCode, 403, r.body);
  const entries = await since(seq);
  assert.deepEqual(
    entries.map((e) => [e.action, e.subject, e.detail.policy]),
    [['access.denied', `hit:${hit.hitId}`, 'canReviewHit']],
  );
  assert.equal((await screen('CBSA')).status, 'hits');
});

test('a replaced card: another agency is refused; an entitled officer sees the last four digits', async () => {
  const m = await makeMember(p, 'card-leak@example.test', { passportNumber: 'CL220011' });
  const replace = (h: Headers) =>
    p.app.inject({ method: 'POST', url: `/api/v1/memberships/${m.membershipId}/card-replacement`, headers: h });
  const [inmOfficer, borderOfficer, cbpOfficer] = await Promise.all(
    ['enrolment.inm', 'border.cbsa', 'enrolment.cbp'].map((w) => bearer(p, demo(w))),
  );
  let seq = await lastSeq();
  const inm = await replace(inmOfficer);
  assert.equal(inm.statusCode, 404, 'INM does not enrol NEXUS');
  assert.deepEqual(
    (await since(seq)).map((e) => [e.action, e.subject, e.detail.policy]),
    [['access.denied', `membership:${m.membershipId}`, 'canReplaceCard']],
  );
  const border = await replace(borderOfficer);
  assert.equal(border.statusCode, 404, 'a border officer does not replace cards');
  seq = await lastSeq();
  const officer = await replace(cbpOfficer);
  assert.equal(officer.statusCode, 201, officer.body);
  assert.equal(officer.json().cardNumber, undefined, 'the officer does not read the new number');
  assert.match(officer.json().last4, /^\d{4}$/);
  assert.equal(of(await since(seq), 'membership.card_replaced').length, 1);
  const holder = await replace(m.headers);
  assert.equal(holder.statusCode, 201);
  assert.match(holder.json().cardNumber, /^[A-Z0-9]{8,}$/, 'the holder reads the new number');
  assert.equal(holder.json().cardNumber.slice(-4), holder.json().last4);
});

test('a draft is its applicant’s alone: officers are refused (404, audited once) until it is submitted', async () => {
  const me = await signUp('draft-leak@example.test');
  const id = (
    await p.app.inject({ method: 'POST', url: '/api/v1/applications', headers: me, payload: { programmes: ['NEXUS'] } })
  ).json().id;
  const draft = await p.app.inject({
    method: 'PUT',
    url: `/api/v1/applications/${id}/draft`,
    headers: me,
    payload: canadianApplicant({ passportNumber: 'DL778899' }),
  });
  assert.equal(draft.statusCode, 200, draft.body);
  const vetting = await bearer(p, demo('vetting.cbsa'));
  const enrolment = await bearer(p, demo('enrolment.cbp'));
  const reads = [
    { url: `/api/v1/vetting/${id}`, headers: vetting },
    { url: `/api/v1/applications/${id}`, headers: vetting },
    { url: `/api/v1/applications/${id}`, headers: enrolment },
    { url: `/en/vetting/${id}`, headers: vetting },
    { url: `/en/enrolment/${id}`, headers: enrolment },
    { url: `/en/applications/${id}/photo`, headers: vetting },
  ];
  for (const r of reads) {
    const seq = await lastSeq();
    const res = await p.app.inject(r);
    assert.equal(res.statusCode, 404, `${r.url}: ${res.statusCode}`);
    assert.ok(!res.body.includes('DL778899'), r.url);
    assert.deepEqual(
      (await since(seq)).map((e) => [e.action, e.detail.policy]),
      [['access.denied', 'canReadApplication']],
      r.url,
    );
  }
  const queue = (await p.app.inject({ url: '/api/v1/vetting/queue', headers: vetting })).json().items;
  assert.ok(!queue.some((i: { applicationId: string }) => i.applicationId === id), 'no draft in a queue');
  assert.equal(
    (await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: me })).statusCode,
    200,
  );
  assert.equal((await p.app.inject(reads[0])).statusCode, 200, 'submitted: the vetting officer reads it');
});

test('route-level refusals are audited exactly once as access.denied, with the named policy', async () => {
  const applicant = await bearer(p, demo('applicant'));
  const border = await bearer(p, demo('border.cbsa'));
  const trade = await bearer(p, demo('trade.cbp'));
  const app = { id: crypto.randomUUID() }; // the desk is asked before any record is read
  const cases: {
    method?: 'GET' | 'POST';
    url: string;
    headers: Headers;
    payload?: Record<string, unknown>;
    policy: string;
  }[] = [
    { url: `/api/v1/vetting/${app.id}`, headers: applicant, policy: 'canWorkVettingDesk' },
    { url: '/api/v1/vetting/queue', headers: border, policy: 'vettingQueueScope' },
    { url: '/api/v1/enrolment/queue', headers: border, policy: 'enrolmentQueueScope' },
    {
      method: 'POST',
      url: '/api/v1/applications',
      headers: border,
      payload: { programmes: ['NEXUS'] },
      policy: 'canApply',
    },
    {
      method: 'POST',
      url: '/api/v1/memberships/lookup',
      headers: applicant,
      payload: { cardNumber: '50400000000000' },
      policy: 'canLookUpMembership',
    },
    {
      method: 'POST',
      url: '/api/v1/screen',
      headers: trade,
      payload: { type: 'person', name: 'Anyone' },
      policy: 'canScreen',
    },
    { url: '/api/v1/lookouts', headers: trade, policy: 'canListLookouts' },
    { url: '/en/lanes/console', headers: trade, policy: 'canWorkConsole' },
    { url: '/en/lookouts/new', headers: border, policy: 'canPostLookout' },
  ];
  for (const c of cases) {
    const seq = await lastSeq();
    const res = await p.app.inject({ method: c.method ?? 'GET', url: c.url, headers: c.headers, payload: c.payload });
    assert.equal(res.statusCode, 403, `${c.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    const entries = await since(seq);
    assert.deepEqual(
      entries.map((e) => [e.action, e.detail.policy]),
      [['access.denied', c.policy]],
      c.url,
    );
  }
});

test('a permitted read of personal data is audited exactly once per request', async () => {
  const m = await makeMember(p, 'read-once@example.test', { passportNumber: 'RO334455' });
  const vetting = await bearer(p, demo('vetting.cbsa'));
  const [border, analyst, auditor] = await Promise.all(
    ['border.cbp', 'analyst.cbsa', 'auditor.cbsa'].map((w) => bearer(p, demo(w))),
  );
  const reads: {
    url: string;
    method?: 'GET' | 'POST';
    headers: Headers;
    payload?: Record<string, unknown>;
    action: string;
  }[] = [
    { url: `/api/v1/vetting/${m.applicationId}`, headers: vetting, action: 'application.viewed' },
    { url: `/en/vetting/${m.applicationId}`, headers: vetting, action: 'application.viewed' },
    { url: `/api/v1/applications/${m.applicationId}`, headers: vetting, action: 'application.viewed' },
    { url: `/en/memberships/${m.membershipId}/officer`, headers: vetting, action: 'membership.viewed' },
    {
      method: 'POST',
      url: '/api/v1/memberships/lookup',
      headers: border,
      payload: { passportNumber: 'RO334455', passportCountry: 'CA' },
      action: 'membership.viewed',
    },
    { url: '/api/v1/hits', headers: analyst, action: 'hits.viewed' },
    { url: '/api/v1/audit?limit=5', headers: auditor, action: 'audit.viewed' },
  ];
  for (const r of reads) {
    const seq = await lastSeq();
    const res = await p.app.inject({ method: r.method ?? 'GET', url: r.url, headers: r.headers, payload: r.payload });
    assert.equal(res.statusCode, 200, `${r.url}: ${res.body.slice(0, 200)}`);
    const entries = await since(seq);
    assert.equal(of(entries, r.action).length, 1, `${r.url}: ${JSON.stringify(entries.map((e) => e.action))}`);
    assert.equal(of(entries, 'access.denied').length, 0, r.url);
  }
  // the applicant reading their own application is no officer's read
  const seq = await lastSeq();
  await p.app.inject({ url: `/api/v1/applications/${m.applicationId}`, headers: m.headers });
  assert.equal(of(await since(seq), 'application.viewed').length, 0);
});
