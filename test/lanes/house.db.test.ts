// Every decision audited with its officer or kiosk; owner columns on crossings and referrals; refusals audited as
// access.denied; the secondary queue's scope applied before its LIMIT.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { findUserByEmail, type User } from '../../src/kernel/auth.ts';
import { bearer, type TestPlatform, testPlatform } from '../helpers.ts';
import { canadianApplicant, makeMember } from '../travellers/fixtures.ts';

let p: TestPlatform;
let cbp: Record<string, string>, cbsa: Record<string, string>;
let cbpUser: User, cbsaUser: User;
let memberMrz: string;
const GARBLED = 'P<CAN%%%% this is not an mrz';

interface AuditRow {
  actor_id: string | null;
  actor_agency: string | null;
  actor_roles: string[];
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}
const auditOf = async (subject: string) =>
  (
    await sql<AuditRow>`select actor_id, actor_agency, actor_roles, action, subject, detail from audit_log
      where subject = ${subject} order by seq`.execute(p.ctx.db)
  ).rows;
interface CrossingOwner {
  country: string;
  agency: string;
  officer_id: string | null;
  kiosk_id: string | null;
  mode: string;
}
const crossing = async (id: string) =>
  (
    await sql<CrossingOwner>`select country, agency, officer_id, kiosk_id, mode from ln_crossings
      where id = ${id}`.execute(p.ctx.db)
  ).rows[0];
const deniedCount = async (policy: string) =>
  (
    await sql<{ n: number }>`select count(*)::int as n from audit_log
      where action = 'access.denied' and detail->>'policy' = ${policy}`.execute(p.ctx.db)
  ).rows[0].n;

before(async () => {
  p = await testPlatform();
  cbp = await bearer(p, 'border.cbp@demo.smartborder.test');
  cbsa = await bearer(p, 'border.cbsa@demo.smartborder.test');
  const u1 = await findUserByEmail(p.ctx.db, 'border.cbp@demo.smartborder.test');
  const u2 = await findUserByEmail(p.ctx.db, 'border.cbsa@demo.smartborder.test');
  assert.ok(u1 && u2);
  cbpUser = u1;
  cbsaUser = u2;
  const person = { surname: 'TREMBLAY', givenNames: 'ANNE', passportNumber: 'HT112233', birthDate: '1979-03-14' };
  await makeMember(p, 'house@example.test', person);
  memberMrz = canadianApplicant(person).identity.mrz;
});
after(async () => {
  await p?.close();
});

const decide = async (h: Record<string, string>, body: Record<string, unknown>) => {
  const r = await p.app.inject({ method: 'POST', url: '/api/v1/lanes/decisions', headers: h, payload: body });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { crossingId: string; outcome: string; referralId: string | null };
};

test('an officer decision: crossing.decided with the officer; the crossing carries owner and officer', async () => {
  const d = await decide(cbp, { portId: 'US-0901', laneId: 'US-0901-trusted', occupants: [{ mrz: memberMrz }] });
  assert.equal(d.outcome, 'admit');
  assert.deepEqual(await crossing(d.crossingId), {
    country: 'US',
    agency: 'CBP',
    officer_id: cbpUser.id,
    kiosk_id: null,
    mode: 'primary',
  });
  const audit = await auditOf(`crossing:${d.crossingId}`);
  assert.equal(audit.length, 1);
  assert.equal(audit[0].action, 'crossing.decided');
  assert.equal(audit[0].actor_id, cbpUser.id);
  assert.equal(audit[0].actor_agency, 'CBP');
  assert.deepEqual(audit[0].detail, { outcome: 'admit', reasons: [], port: 'US-0901', lane: 'US-0901-trusted' });

  const c = await decide(cbsa, { portId: 'CA-0901', laneId: 'CA-0901-general', occupants: [{ mrz: GARBLED }] });
  assert.equal(c.outcome, 'refer');
  assert.deepEqual(await crossing(c.crossingId), {
    country: 'CA',
    agency: 'CBSA',
    officer_id: cbsaUser.id,
    kiosk_id: null,
    mode: 'primary',
  });
  const referral = (
    await sql<{ country: string; agency: string }>`select country, agency from ln_referrals
      where id = ${c.referralId}`.execute(p.ctx.db)
  ).rows[0];
  assert.deepEqual({ ...referral }, { country: 'CA', agency: 'CBSA' });
  const [entry] = await auditOf(`crossing:${c.crossingId}`);
  assert.equal(entry.action, 'crossing.decided');
  assert.equal(entry.actor_id, cbsaUser.id);
  assert.deepEqual(entry.detail.reasons, ['lanes.reason.document_unreadable']);
});

test('at a preclearance site the decision is preclearance.decided, owned by the United States and CBP', async () => {
  const d = await decide(cbp, { portId: 'PC-YYZ', laneId: 'PC-YYZ-preclearance', occupants: [{ mrz: memberMrz }] });
  const row = await crossing(d.crossingId);
  assert.deepEqual([row.country, row.agency, row.mode, row.officer_id], ['US', 'CBP', 'preclearance', cbpUser.id]);
  const [entry] = await auditOf(`crossing:${d.crossingId}`);
  assert.equal(entry.action, 'preclearance.decided');
  assert.equal(entry.actor_id, cbpUser.id);
});

test('a kiosk decision is audited with the kiosk device (no officer), at a land port and at preclearance', async () => {
  const lanes = p.modules.lanes;
  const { kiosk } = await lanes.registerKiosk(null, 'US-0901', 'Detroit hall kiosk 1');
  const d = await lanes.decideAtKiosk(kiosk, 'US-0901', memberMrz);
  assert.equal(d.outcome, 'admit');
  assert.deepEqual(await crossing(d.crossingId), {
    country: 'US',
    agency: 'CBP',
    officer_id: null,
    kiosk_id: kiosk.id,
    mode: 'kiosk',
  });
  const [entry] = await auditOf(`crossing:${d.crossingId}`);
  assert.equal(entry.action, 'crossing.decided');
  assert.equal(entry.actor_id, null);
  assert.deepEqual(entry.actor_roles, ['kiosk']);
  assert.equal(entry.detail.kiosk, kiosk.id);

  const stranger = canadianApplicant({ surname: 'KOWALSKI', givenNames: 'JAN', passportNumber: 'JK998877' }).identity
    .mrz;
  const { kiosk: yyz } = await lanes.registerKiosk(null, 'PC-YYZ', 'Toronto Pearson T1 kiosk');
  const pc = await lanes.decideAtKiosk(yyz, 'PC-YYZ', stranger);
  assert.equal(pc.outcome, 'refer');
  const [pcEntry] = await auditOf(`crossing:${pc.crossingId}`);
  assert.equal(pcEntry.action, 'preclearance.decided');
  assert.equal(pcEntry.detail.kiosk, yyz.id);
  assert.equal((await crossing(pc.crossingId)).kiosk_id, yyz.id);
  // A kiosk decides only at its own port; a port without a members' lane has no kiosk.
  await assert.rejects(lanes.decideAtKiosk(yyz, 'US-0901', memberMrz), { status: 403 });
  await assert.rejects(lanes.decideAtKiosk(kiosk, 'US-0103', memberMrz), { status: 404 });
  assert.equal((await p.ctx.audit.verify(p.ctx.db)).ok, true);
});

test('refusals are audited as access.denied with the policy: decide, record an outcome, read a queue', async () => {
  const beforeDecide = await deniedCount('canDecideAtPort');
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lanes/decisions',
    headers: cbsa,
    payload: { portId: 'PC-YYZ', laneId: 'PC-YYZ-preclearance', occupants: [{ mrz: memberMrz }] },
  });
  assert.equal(r.statusCode, 403);
  assert.equal(await deniedCount('canDecideAtPort'), beforeDecide + 1);
  const [denied] = await auditOf('lane:PC-YYZ-preclearance');
  assert.deepEqual([denied.action, denied.actor_id], ['access.denied', cbsaUser.id]);

  // A CBSA officer may not close (nor learn of) a CBP referral.
  const d = await decide(cbp, { portId: 'US-0901', laneId: 'US-0901-general', occupants: [{ mrz: GARBLED }] });
  assert.ok(d.referralId);
  const beforeOutcome = await deniedCount('canRecordSecondaryOutcome');
  const close = (h: Record<string, string>) =>
    p.app.inject({
      method: 'POST',
      url: `/api/v1/lanes/referrals/${d.referralId}/outcome`,
      headers: h,
      payload: { outcome: 'admitted' },
    });
  assert.equal((await close(cbsa)).statusCode, 404);
  assert.equal(await deniedCount('canRecordSecondaryOutcome'), beforeOutcome + 1);
  assert.equal((await auditOf(`referral:${d.referralId}`))[0].actor_id, cbsaUser.id);
  // The owner records it: secondary.outcome, with the officer.
  assert.equal((await close(cbp)).statusCode, 200);
  const outcome = (await auditOf(`crossing:${d.crossingId}`)).find((e) => e.action === 'secondary.outcome');
  assert.ok(outcome);
  assert.equal(outcome.actor_id, cbpUser.id);
  assert.deepEqual(outcome.detail, { outcome: 'admitted', falsePositive: false });

  // Someone without a queue (an analyst) is refused the list of referrals.
  const analyst = await bearer(p, 'analyst.cbp@demo.smartborder.test');
  const beforeQueue = await deniedCount('referralQueueScope');
  assert.equal((await p.app.inject({ url: '/api/v1/lanes/referrals', headers: analyst })).statusCode, 403);
  assert.equal(await deniedCount('referralQueueScope'), beforeQueue + 1);
});

test('the secondary queue is scoped before its LIMIT: a CBP referral behind 100 newer CBSA ones is shown', async () => {
  const lanes = p.modules.lanes;
  const mine = await lanes.decidePrimary(
    { portId: 'US-0901', laneId: 'US-0901-general', occupants: [{ mrz: GARBLED }] },
    cbpUser,
  );
  assert.ok(mine.referralId);
  // 105 newer referrals of another agency (written together by the crossing writer)
  const others = await Promise.all(
    Array.from({ length: 105 }, () =>
      lanes.decidePrimary({ portId: 'CA-0901', laneId: 'CA-0901-general', occupants: [{ mrz: GARBLED }] }, cbsaUser),
    ),
  );
  assert.ok(others.every((o) => o.referralId));
  const open = (
    await sql<{ n: number }>`select count(*)::int as n from ln_referrals where closed_at is null`.execute(p.ctx.db)
  ).rows[0].n;
  assert.ok(open > 100, `${open} open referrals`);
  const newest = (
    await sql<{ agency: string }>`select agency from ln_referrals where closed_at is null
      order by opened_at desc limit 100`.execute(p.ctx.db)
  ).rows;
  assert.ok(
    newest.every((r) => r.agency === 'CBSA'),
    'the CBP referral is beyond the first 100 of all open ones',
  );
  const listed = (await p.app.inject({ url: '/api/v1/lanes/referrals', headers: cbp })).json().referrals as {
    id: string;
  }[];
  assert.ok(listed.some((r) => r.id === mine.referralId));
  // and the CBSA queue holds only CBSA referrals, at most the limit
  const theirs = await lanes.referrals(cbsaUser);
  assert.equal(theirs.length, 100);
  assert.ok(theirs.every((r) => r.portId.startsWith('CA-')));
  assert.ok(!(await lanes.referrals(cbsaUser, undefined, 1000)).some((r) => r.id === mine.referralId));
});

test('owner columns: not null and indexed; every crossing has an owner', async () => {
  const cols = (
    await sql<{ table_name: string; column_name: string; is_nullable: string }>`select table_name, column_name,
      is_nullable from information_schema.columns where table_schema = current_schema()
      and table_name in ('ln_crossings', 'ln_referrals') and column_name in ('country', 'agency')`.execute(p.ctx.db)
  ).rows;
  assert.equal(cols.length, 4);
  assert.ok(cols.every((c) => c.is_nullable === 'NO'));
  const indexes = (
    await sql<{ indexname: string }>`select indexname from pg_indexes where schemaname = current_schema()
      and indexname in ('ln_crossings_owner', 'ln_referrals_owner_open')`.execute(p.ctx.db)
  ).rows.map((r) => r.indexname);
  assert.deepEqual(indexes.sort(), ['ln_crossings_owner', 'ln_referrals_owner_open']);
  const unowned = (
    await sql<{ n: number }>`select count(*)::int as n from ln_crossings c
      where c.agency <> (select code from agencies a where a.country = c.country)`.execute(p.ctx.db)
  ).rows[0].n;
  assert.equal(unowned, 0);
});
