// The interview and membership events of the audit catalogue, each from the path that causes it, with its detail.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { findUserByEmail } from '../../src/kernel/auth.ts';
import { bearer, type TestPlatform, testPlatform } from '../helpers.ts';
import { canadianApplicant, makeMember } from './fixtures.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform();
});
after(() => p.close());

/** The audit entries of one subject, oldest first: event names and details. */
async function audited(subject: string) {
  const rows = await sql<{ action: string; detail: Record<string, unknown> }>`
    select action, detail from audit_log where subject = ${subject} order by seq`.execute(p.ctx.db);
  return rows.rows;
}

test('an interview booked, moved to another slot and cancelled: interview.booked, .moved, .cancelled', async () => {
  const acct = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accounts',
    payload: {
      email: 'interview@example.test',
      password: 'correct horse battery',
      displayName: 'Ines Interview',
      locale: 'en',
    },
  });
  const me = { authorization: `Bearer ${acct.json().token}` };
  const id = (
    await p.app.inject({ method: 'POST', url: '/api/v1/applications', headers: me, payload: { programmes: ['NEXUS'] } })
  ).json().id;
  await p.app.inject({
    method: 'PUT',
    url: `/api/v1/applications/${id}/draft`,
    headers: me,
    payload: canadianApplicant({ passportNumber: 'IV445566' }),
  });
  const submitted = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: me });
  assert.equal(submitted.statusCode, 200, submitted.body);
  for (const a of ['cbsa', 'cbp'])
    await p.app.inject({
      method: 'POST',
      url: `/api/v1/vetting/${id}/decision`,
      headers: await bearer(p, `vetting.${a}@demo.smartborder.test`),
      payload: { kind: 'approve' },
    });
  const centres = (await p.app.inject({ url: `/api/v1/applications/${id}/centres`, headers: me })).json().centres;
  const slots = (await p.app.inject({ url: `/api/v1/centres/${centres[0].id}/slots`, headers: me })).json().slots;
  assert.ok(slots.length >= 2, 'two slots to move between');
  for (const slot of [slots[0], slots[1]]) {
    const booked = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/interview`,
      headers: me,
      payload: { slotId: slot.id },
    });
    assert.equal(booked.statusCode, 200, booked.body);
  }
  const cancelled = await p.app.inject({ method: 'DELETE', url: `/api/v1/applications/${id}/interview`, headers: me });
  assert.ok(cancelled.statusCode < 300, cancelled.body);
  const events = (await audited(`application:${id}`)).filter((e) => e.action.startsWith('interview.'));
  assert.deepEqual(
    events.map((e) => e.action),
    ['interview.booked', 'interview.moved', 'interview.cancelled'],
  );
  assert.equal(events[0].detail.centre, centres[0].id);
});

test('an officer reads, suspends and reinstates a membership; a renewal denied is audited as such', async () => {
  const m = await makeMember(p, 'lifecycle@example.test', { passportNumber: 'LC112233' });
  const ref = `membership:${m.membershipId}`;
  const vetting = await bearer(p, 'vetting.cbsa@demo.smartborder.test');
  const officer = await findUserByEmail(p.ctx.db, 'enrolment.cbsa@demo.smartborder.test');
  assert.ok(officer);
  const read = await p.modules.travellers.membershipForOfficer(officer, m.membershipId);
  assert.equal(read.id, m.membershipId);
  for (const [status, reason] of [
    ['suspended', 'investigation'],
    ['active', 'other'],
  ]) {
    const r = await p.app.inject({
      method: 'POST',
      url: `/api/v1/memberships/${m.membershipId}/status`,
      headers: vetting,
      payload: { status, reason },
    });
    assert.ok(r.statusCode < 300, r.body);
  }
  // a renewal asked within the last year of validity, then denied by one of the agencies
  await sql`update tt_memberships set expires_at = ${new Date(Date.now() + 120 * 86400000)}
    where id = ${m.membershipId}`.execute(p.ctx.db);
  await p.modules.travellers.directory.changed(m.membershipId);
  const asked = await p.app.inject({
    method: 'POST',
    url: `/api/v1/memberships/${m.membershipId}/renewal`,
    headers: m.headers,
  });
  assert.equal(asked.statusCode, 202, asked.body);
  const denied = await p.app.inject({
    method: 'POST',
    url: `/api/v1/memberships/${m.membershipId}/renewal/decision`,
    headers: vetting,
    payload: { approve: false },
  });
  assert.ok(denied.statusCode < 300, denied.body);
  const events = await audited(ref);
  const names = events.map((e) => e.action);
  for (const name of ['membership.viewed', 'membership.suspended', 'membership.reinstated'])
    assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  assert.deepEqual(events.find((e) => e.action === 'membership.suspended')?.detail, { reason: 'investigation' });
  // the denial is its own event, never mislabelled as a suspension
  assert.equal(names.filter((n) => n === 'membership.renewal_denied').length, 1);
  assert.equal(names.filter((n) => n === 'membership.suspended').length, 1);
});
