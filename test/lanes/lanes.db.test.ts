import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testPlatform, bearer, type TestPlatform } from '../helpers.ts';
import { makeMember, canadianApplicant } from '../travellers/fixtures.ts';

let p: TestPlatform;
let cbp: Record<string, string>, cbsa: Record<string, string>;
let member: Awaited<ReturnType<typeof makeMember>>;
let memberMrz: string;
before(async () => {
  p = await testPlatform();
  cbp = await bearer(p, 'border.cbp@demo.smartborder.test');
  cbsa = await bearer(p, 'border.cbsa@demo.smartborder.test');
  member = await makeMember(p, 'crosser@example.test', {
    surname: 'GAGNON',
    givenNames: 'LUC',
    passportNumber: 'HK445566',
    birthDate: '1982-09-30',
  });
  memberMrz = canadianApplicant({
    surname: 'GAGNON',
    givenNames: 'LUC',
    passportNumber: 'HK445566',
    birthDate: '1982-09-30',
  }).identity.mrz;
});
after(async () => {
  await p?.close();
});

const decide = async (h: Record<string, string>, body: Record<string, unknown>, lang = 'en') => {
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lanes/decisions?include=photo',
    headers: { ...h, 'accept-language': lang },
    payload: body,
  });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};
const NEXUS_INTO_US = { portId: 'US-0901', laneId: 'US-0901-trusted' };
const NEXUS_INTO_CA = { portId: 'CA-0901', laneId: 'CA-0901-trusted' };

const NEXUS_BOTH_WAYS =
  'a NEXUS member from the portal is admitted in a NEXUS lane, in both directions, and the crossing is recorded';
test(NEXUS_BOTH_WAYS, async () => {
  const d = await decide(cbp, {
    ...NEXUS_INTO_US,
    occupants: [{ mrz: memberMrz }],
    queueJoinedAt: new Date(Date.now() - 300_000).toISOString(),
  });
  assert.equal(d.outcome, 'admit', JSON.stringify(d.reasons));
  assert.deepEqual(d.occupants[0].membership.programmes, ['NEXUS']);
  assert.equal(d.occupants[0].membership.photoRef, 'PHOTO-1');
  const row = (await sql<any>`select * from ln_crossings where id = ${d.crossingId}`.execute(p.ctx.db)).rows[0];
  assert.equal(row.outcome, 'admit');
  assert.equal(row.lane_type, 'trusted');
  assert.ok(new Date(row.queue_joined_at) < new Date(row.decided_at));
  assert.equal((await decide(cbsa, { ...NEXUS_INTO_CA, occupants: [{ mrz: memberMrz }] })).outcome, 'admit');
  // A CBSA officer does not decide entries into the US.
  assert.equal(
    (
      await p.app.inject({
        method: 'POST',
        url: '/api/v1/lanes/decisions',
        headers: cbsa,
        payload: { ...NEXUS_INTO_US, occupants: [{ mrz: memberMrz }] },
      })
    ).statusCode,
    403,
  );
});

test('referrals carry the right reasons: non-member, garbled MRZ, bad check digit, lookout hit', async () => {
  const stranger = canadianApplicant({ surname: 'NOVAK', givenNames: 'PETRA', passportNumber: 'NN100200' }).identity
    .mrz;
  const nonMember = await decide(cbp, { ...NEXUS_INTO_US, occupants: [{ mrz: memberMrz }, { mrz: stranger }] }, 'fr');
  assert.equal(nonMember.outcome, 'refer');
  assert.deepEqual(
    nonMember.reasons.map((r: any) => r.key),
    ['lanes.reason.not_member'],
  );
  assert.equal(nonMember.reasons[0].args.n, 2);
  assert.match(nonMember.reasons[0].message, /Occupant 2|occupant 2/i);
  assert.notEqual(nonMember.reasons[0].message, 'Occupant 2: not a member of a programme for this lane.');
  assert.ok(nonMember.referralId);

  const garbled = await decide(cbp, { ...NEXUS_INTO_US, occupants: [{ mrz: 'P<CAN%%%% this is not an mrz' }] });
  assert.equal(garbled.outcome, 'refer');
  assert.ok(
    garbled.reasons.some((r: any) => r.key === 'lanes.reason.document_unreadable'),
    JSON.stringify(garbled.reasons),
  );

  const lines = memberMrz.split('\n');
  const wrongDigit = lines[0] + '\n' + lines[1].slice(0, 9) + ((Number(lines[1][9]) + 1) % 10) + lines[1].slice(10);
  const cd = await decide(cbp, { ...NEXUS_INTO_US, occupants: [{ mrz: wrongDigit }] });
  assert.ok(
    cd.reasons.some((r: any) => r.key === 'lanes.reason.document_check_digit'),
    JSON.stringify(cd.reasons),
  );

  const analyst = await bearer(p, 'analyst.cbp@demo.smartborder.test');
  await p.app.inject({
    method: 'POST',
    url: '/api/v1/lookouts',
    headers: analyst,
    payload: {
      activate: true,
      lookout: {
        subjectType: 'person',
        category: 'customs_smuggling',
        reason: 'Suspected courier, seizure report 2026-77',
        recommendedAction: 'refer_secondary',
        identifiers: { names: ['Petra Novak'], birthDates: ['1985-04-23'] },
      },
    },
  });
  const general = await decide(cbp, { portId: 'US-0901', laneId: 'US-0901-general', occupants: [{ mrz: stranger }] });
  assert.equal(general.outcome, 'refer');
  assert.deepEqual(
    general.reasons.map((r: any) => r.key),
    ['lanes.reason.lookout'],
  );
  assert.match(general.reasons[0].message, /Customs and smuggling/);
  assert.ok(general.occupants[0].hits[0].hitId);
  // The crossing, its referral, the hit to review and both audit entries were committed together.
  const hitRow = (
    await sql<{ lookout_id: string; context: string; screening_agency: string }>`select lookout_id, context,
      screening_agency from lk_hits where id = ${general.occupants[0].hits[0].hitId}`.execute(p.ctx.db)
  ).rows[0];
  assert.deepEqual([hitRow?.context, hitRow?.screening_agency], ['primary inspection', 'CBP']);
  const refRow = (
    await sql<{ hit_ids: string[] }>`select hit_ids from ln_referrals where id = ${general.referralId}`.execute(
      p.ctx.db,
    )
  ).rows[0];
  assert.deepEqual(refRow?.hit_ids, [general.occupants[0].hits[0].hitId]);
  const audited = (
    await sql<{ action: string }>`select action from audit_log
      where subject in (${`crossing:${general.crossingId}`}, 'crossing-occupant:US-0901')
        and action in ('crossing.decided', 'screening.performed') and at > now() - interval '1 minute'`.execute(
      p.ctx.db,
    )
  ).rows.map((r) => r.action);
  assert.ok(audited.includes('crossing.decided') && audited.includes('screening.performed'), audited.join());
  assert.equal((await p.ctx.audit.verify(p.ctx.db)).ok, true);

  // Secondary: the officer finds a false positive; the hit is fed back and that pair no longer alerts.
  const refs = (await p.app.inject({ url: '/api/v1/lanes/referrals', headers: cbp })).json().referrals;
  const ref = refs.find((r: any) => r.crossingId === general.crossingId);
  assert.ok(ref);
  assert.equal(
    (
      await p.app.inject({
        method: 'POST',
        url: `/api/v1/lanes/referrals/${ref.id}/outcome`,
        headers: cbp,
        payload: { outcome: 'admitted', note: 'namesake, different person', falsePositive: true },
      })
    ).statusCode,
    200,
  );
  assert.equal(
    (await decide(cbp, { portId: 'US-0901', laneId: 'US-0901-general', occupants: [{ mrz: stranger }] })).outcome,
    'admit',
  );
  assert.equal(
    (
      await p.app.inject({
        method: 'POST',
        url: `/api/v1/lanes/referrals/${ref.id}/outcome`,
        headers: cbp,
        payload: { outcome: 'refused' },
      })
    ).statusCode,
    409,
  );
});

test('cards: a replaced card refers, the new card admits, a revoked membership refers', async () => {
  const first = (
    await p.app.inject({
      method: 'POST',
      url: `/api/v1/memberships/${member.membershipId}/card-replacement`,
      headers: member.headers,
    })
  ).json().cardNumber;
  const second = (
    await p.app.inject({
      method: 'POST',
      url: `/api/v1/memberships/${member.membershipId}/card-replacement`,
      headers: member.headers,
    })
  ).json().cardNumber;
  const old = await decide(cbp, { ...NEXUS_INTO_US, occupants: [{ cardNumber: first }] });
  assert.deepEqual(
    old.reasons.map((r: any) => r.key),
    ['lanes.reason.card_lost'],
  );
  assert.equal((await decide(cbp, { ...NEXUS_INTO_US, occupants: [{ cardNumber: second }] })).outcome, 'admit');
  // A NEXUS card is not valid in a FAST lane.
  const fast = await decide(cbp, { portId: 'US-0901', laneId: 'US-0901-fast', occupants: [{ cardNumber: second }] });
  assert.ok(fast.reasons.some((r: any) => r.key === 'lanes.reason.lane_not_granted'));
  const vet = await bearer(p, 'vetting.cbp@demo.smartborder.test');
  await p.app.inject({
    method: 'POST',
    url: `/api/v1/memberships/${member.membershipId}/status`,
    headers: vet,
    payload: { status: 'revoked', reason: 'violation' },
  });
  const revoked = await decide(cbp, { ...NEXUS_INTO_US, occupants: [{ cardNumber: second }] });
  assert.deepEqual(
    revoked.reasons.map((r: any) => r.key),
    ['lanes.reason.membership_revoked'],
  );
});

test('preclearance at a Canadian airport records the admissibility decision before boarding', async () => {
  const traveller = canadianApplicant({ surname: 'OKAFOR', givenNames: 'GRACE', passportNumber: 'GB778899' }).identity
    .mrz;
  const d = await decide(cbp, { portId: 'PC-YYZ', laneId: 'PC-YYZ-preclearance', occupants: [{ mrz: traveller }] });
  assert.equal(d.outcome, 'admit');
  const row = (await sql<any>`select mode, direction from ln_crossings where id = ${d.crossingId}`.execute(p.ctx.db))
    .rows[0];
  assert.deepEqual([row.mode, row.direction], ['preclearance', 'US']);
  // Global Entry kiosk lane: a non-member is sent to an officer.
  assert.equal(
    (await decide(cbp, { portId: 'PC-YYZ', laneId: 'PC-YYZ-preclearance_trusted', occupants: [{ mrz: traveller }] }))
      .outcome,
    'refer',
  );
});

test('bad requests get clear errors and record nothing', async () => {
  const before = (await sql<{ n: number }>`select count(*)::int as n from ln_crossings`.execute(p.ctx.db)).rows[0].n;
  const r1 = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lanes/decisions',
    headers: { ...cbp, 'accept-language': 'es' },
    payload: { portId: 'US-0901', laneId: 'US-9999-general', occupants: [{ mrz: memberMrz }] },
  });
  assert.equal(r1.statusCode, 422);
  assert.notEqual(r1.json().detail, 'This lane does not exist at this port.');
  const r2 = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lanes/decisions',
    headers: cbp,
    payload: { portId: 'US-0901', laneId: 'US-0901-general', occupants: [] },
  });
  assert.equal(r2.statusCode, 400);
  assert.equal(
    (await sql<{ n: number }>`select count(*)::int as n from ln_crossings`.execute(p.ctx.db)).rows[0].n,
    before,
  );
});
