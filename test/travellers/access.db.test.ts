// The portal's named policies and queue scopes (access.ts): each allows and refuses as it says, a refusal is audited
// as `access.denied`, queue scopes apply before the LIMIT, and every record carries its owning country and agency.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { testPlatform, bearer, type TestPlatform } from '../helpers.ts';
import { canadianApplicant, makeMember } from './fixtures.ts';
import type { User } from '../../src/kernel/auth.ts';
import {
  canBookInterview,
  canChangeMembership,
  canDecideRenewal,
  canDecideVetting,
  canEditDraft,
  canIssueMembership,
  canReadApplication,
  canReadMembership,
  canReplaceCard,
  canRequestRenewal,
  enrolmentQueueScope,
  vettingQueueScope,
  type ApplicationRecord,
} from '../../src/modules/travellers/access.ts';
import * as store from '../../src/modules/travellers/store.ts';

const officer = (agency: string, country: string, ...roles: User['roles']): User => ({
  id: crypto.randomUUID(),
  email: `${agency}@x.test`,
  kind: 'officer',
  agency,
  country,
  roles,
  displayName: agency,
  locale: 'en',
});
const applicant: User = {
  id: crypto.randomUUID(),
  email: 'a@x.test',
  kind: 'public',
  agency: null,
  country: null,
  roles: ['applicant'],
  displayName: 'A',
  locale: 'en',
};
const submittedAt = new Date();
const nexus: ApplicationRecord = { userId: applicant.id, programmes: ['NEXUS'], fastRegion: null, submittedAt };
const fastSouth: ApplicationRecord = { userId: applicant.id, programmes: ['FAST'], fastRegion: 'south', submittedAt };
const cbsaVet = officer('CBSA', 'CA', 'vetting_officer');
const cbsaEnrol = officer('CBSA', 'CA', 'enrolment_officer');
const inmVet = officer('INM', 'MX', 'vetting_officer');
const cbpBorder = officer('CBP', 'US', 'border_officer');

test('policies allow the applicant and the officers of an agency that vets the record, and nobody else', () => {
  const someoneElse = { ...applicant, id: crypto.randomUUID() };
  for (const p of [canReadApplication, canEditDraft, canBookInterview, canReadMembership, canRequestRenewal])
    assert.equal(p.allows(applicant, nexus), true, p.name);
  for (const p of [canReadApplication, canEditDraft, canBookInterview, canReadMembership, canRequestRenewal])
    assert.equal(p.allows(someoneElse, nexus), false, p.name);
  assert.equal(canReadApplication.allows(cbsaVet, nexus), true);
  assert.equal(canReadApplication.allows(inmVet, nexus), false);
  assert.equal(canReadApplication.allows(cbpBorder, nexus), false, 'a border officer does not read applications');
  assert.equal(canEditDraft.allows(cbsaVet, nexus), false, 'officers never edit a draft');
  assert.equal(canDecideVetting.allows(cbsaVet, nexus), true);
  assert.equal(canDecideVetting.allows(cbsaVet, fastSouth), false, 'southern FAST is vetted by CBP alone');
  assert.equal(canDecideVetting.allows(cbsaEnrol, nexus), false);
  assert.equal(canIssueMembership.allows(cbsaEnrol, nexus), true);
  assert.equal(canIssueMembership.allows(cbsaVet, nexus), false);
  assert.equal(canChangeMembership.allows(cbsaVet, nexus), true);
  assert.equal(canChangeMembership.allows(inmVet, nexus), false);
  assert.equal(canChangeMembership.allows(applicant, nexus), false);
  assert.equal(canDecideRenewal.allows(cbsaVet, nexus), true);
  assert.equal(canDecideRenewal.allows(cbsaEnrol, nexus), false);
  assert.equal(canReplaceCard.allows(applicant, nexus), true);
  assert.equal(canReplaceCard.allows(cbsaEnrol, nexus), true);
  assert.equal(canReplaceCard.allows(officer('INM', 'MX', 'enrolment_officer'), nexus), false);
  assert.deepEqual(vettingQueueScope(cbsaVet), { agency: 'CBSA', country: 'CA' });
  assert.equal(vettingQueueScope(cbsaEnrol), null);
  assert.equal(vettingQueueScope(applicant), null);
  assert.deepEqual(enrolmentQueueScope(cbsaEnrol), { agency: 'CBSA', country: 'CA' });
  assert.equal(enrolmentQueueScope(cbsaVet), null);
});

let p: TestPlatform;
before(async () => {
  p = await testPlatform();
});
after(async () => {
  await p?.close();
});

const denials = async (subject: string) =>
  (
    await sql<{ detail: { policy: string; operation?: string } }>`select detail from audit_log
      where action = 'access.denied' and subject = ${subject}`.execute(p.ctx.db)
  ).rows.map((r) => r.detail.policy);

test('a refused read or change of an application answers 404 and is audited as access.denied', async () => {
  const m = await makeMember(p, 'scoped@example.test', { passportNumber: 'SC112233' });
  const ref = `application:${m.applicationId}`;
  const inm = await bearer(p, 'vetting.inm@demo.smartborder.test');
  assert.equal((await p.app.inject({ url: `/api/v1/vetting/${m.applicationId}`, headers: inm })).statusCode, 404);
  assert.deepEqual(await denials(ref), ['canReadApplication']);
  const other = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accounts',
    payload: { email: 'nosy@example.test', password: 'correct horse battery', displayName: 'Nosy', locale: 'en' },
  });
  const nosy = { authorization: `Bearer ${other.json().token}` };
  const put = await p.app.inject({
    method: 'PUT',
    url: `/api/v1/applications/${m.applicationId}/draft`,
    headers: nosy,
    payload: {},
  });
  assert.equal(put.statusCode, 404);
  assert.deepEqual(await denials(ref), ['canReadApplication', 'canEditDraft']);
  // an agency that does not vet NEXUS may not change the membership
  const status = await p.app.inject({
    method: 'POST',
    url: `/api/v1/memberships/${m.membershipId}/status`,
    headers: inm,
    payload: { status: 'suspended', reason: 'investigation' },
  });
  assert.equal(status.statusCode, 404);
  assert.deepEqual(await denials(`membership:${m.membershipId}`), ['canChangeMembership']);
  // the owner columns: the application led by CBSA, the membership and its card issued by CBSA
  const app = await store.applicationById(p.ctx.db, m.applicationId);
  assert.deepEqual([app?.country, app?.agency], ['CA', 'CBSA']);
  const ms = await store.membershipById(p.ctx.db, m.membershipId);
  assert.deepEqual([ms?.country, ms?.agency], ['CA', 'CBSA']);
  const cards = await sql<{ country: string; agency: string }>`select country, agency from tt_cards
    where membership_id = ${m.membershipId}`.execute(p.ctx.db);
  assert.deepEqual(cards.rows, [{ country: 'CA', agency: 'CBSA' }]);
});

test('draft saves are audited with section names only; an applicant withdraws a pending application', async () => {
  const acct = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accounts',
    payload: { email: 'withdraw@example.test', password: 'correct horse battery', displayName: 'Wanda', locale: 'en' },
  });
  assert.equal(acct.statusCode, 201, acct.body);
  const me = { authorization: `Bearer ${acct.json().token}` };
  const created = await p.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: me,
    payload: { programmes: ['SENTRI'] },
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  const a = await store.applicationById(p.ctx.db, id);
  assert.deepEqual([a?.country, a?.agency], ['US', 'CBP'], 'SENTRI is led by CBP');
  const draft = canadianApplicant({ passportNumber: 'WD445566' });
  await p.app.inject({ method: 'PUT', url: `/api/v1/applications/${id}/draft`, headers: me, payload: draft });
  const updated = await sql<{ detail: { sections: string[] } }>`select detail from audit_log
    where action = 'application.updated' and subject = ${`application:${id}`}`.execute(p.ctx.db);
  assert.deepEqual(
    updated.rows.map((r) => [...r.detail.sections].sort()),
    [['declarations', 'facts', 'history', 'identity', 'photo']],
  );
  assert.ok(!JSON.stringify(updated.rows).includes('WD445566'));
  const sub = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: me });
  assert.equal(sub.statusCode, 200, sub.body);
  const w = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/withdrawal`, headers: me });
  assert.equal(w.statusCode, 200, w.body);
  assert.equal(w.json().status.stage, 'withdrawn');
  const cbp = await bearer(p, 'vetting.cbp@demo.smartborder.test');
  const queue = (await p.app.inject({ url: '/api/v1/vetting/queue', headers: cbp })).json().items;
  assert.ok(!queue.some((i: { applicationId: string }) => i.applicationId === id), 'its vetting work is closed');
  const again = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/withdrawal`, headers: me });
  assert.equal(again.statusCode, 409);
  const audited = await sql<{ detail: { stage: string } }>`select detail from audit_log
    where action = 'application.withdrawn' and subject = ${`application:${id}`}`.execute(p.ctx.db);
  assert.deepEqual(
    audited.rows.map((r) => r.detail),
    [{ stage: 'under_review' }],
  );
});

test("the enrolment queue scope applies before the LIMIT: other agencies' rows do not hide ours", async () => {
  // 230 approved applications that only INM enrols, all older than one that CBSA enrols
  const old = new Date(Date.now() - 30 * 86400000);
  const make = async (programmes: ['VIAJERO_CONFIABLE'] | ['NEXUS'], agency: string, country: string, at: Date) => {
    const id = crypto.randomUUID();
    await store.insertApplication(p.ctx.db, {
      id,
      user_id: crypto.randomUUID(),
      reference: `TT-${id.slice(0, 8).toUpperCase()}`,
      programmes,
      fast_region: null,
      applicant_name_enc: p.ctx.cipher.encrypt('Queue Filler', 'tt_applications.applicant_name_enc'),
      personal_enc: null,
      submitted_at: at,
      country,
      agency,
    });
    const agencies = programmes[0] === 'NEXUS' ? ['CBSA', 'CBP'] : ['INM'];
    for (const ag of agencies) {
      await store.addAction(p.ctx.db, {
        applicationId: id,
        actorId: null,
        actorAgency: ag,
        kind: 'vetting_approved',
        agency: ag,
        detail: {},
      });
    }
    await store.addAction(p.ctx.db, {
      applicationId: id,
      actorId: null,
      actorAgency: null,
      kind: 'submitted',
      agency: null,
      detail: {},
    });
    await store.insertWorkItems(
      p.ctx.db,
      agencies.map((ag) => ({
        id: crypto.randomUUID(),
        application_id: id,
        membership_id: null,
        agency: ag,
        country: ag === 'INM' ? 'MX' : ag === 'CBSA' ? 'CA' : 'US',
        kind: 'vetting' as const,
        programmes,
        closed_at: at,
        outcome: 'approved',
      })),
    );
    return id;
  };
  for (let i = 0; i < 230; i++) await make(['VIAJERO_CONFIABLE'], 'INM', 'MX', old);
  const ours = await make(['NEXUS'], 'CBSA', 'CA', new Date());
  const enrol = await bearer(p, 'enrolment.cbsa@demo.smartborder.test');
  const items = (await p.app.inject({ url: '/api/v1/enrolment/queue', headers: enrol })).json().items;
  assert.ok(
    items.some((i: { applicationId: string }) => i.applicationId === ours),
    'the CBSA application is in the CBSA queue',
  );
  const inm = await bearer(p, 'enrolment.inm@demo.smartborder.test');
  const inmItems = (await p.app.inject({ url: '/api/v1/enrolment/queue', headers: inm })).json().items;
  assert.equal(inmItems.length, 200, 'a full page');
  assert.ok(!inmItems.some((i: { applicationId: string }) => i.applicationId === ours));
});

test('a queue asked by an officer without the role is refused (403) and audited', async () => {
  await assert.rejects(p.modules.travellers.queue(cbpBorder), (e: { status?: number }) => e.status === 403);
  await assert.rejects(p.modules.travellers.enrolmentQueue(cbsaVet), (e: { status?: number }) => e.status === 403);
  assert.deepEqual(await denials('queue:vetting'), ['vettingQueueScope']);
  assert.deepEqual(await denials('queue:enrolment'), ['enrolmentQueueScope']);
});
