import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { testPlatform, bearer, engine, type TestPlatform } from '../helpers.ts';
import { canadianApplicant } from './fixtures.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform();
});
after(async () => {
  await p?.close();
});

async function newApplicant(email: string) {
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accounts',
    payload: { email, password: 'correct horse battery', displayName: 'Marie Tremblay', locale: 'fr' },
  });
  assert.equal(r.statusCode, 201, r.body);
  return { authorization: `Bearer ${r.json().token}` };
}

test(
  'the whole path: apply for NEXUS and Global Entry, joint vetting, interview, membership, ' + 'lanes look-up',
  async () => {
    const me = await newApplicant('marie@example.test');
    const created = await p.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: me,
      payload: { programmes: ['NEXUS', 'GLOBAL_ENTRY'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    assert.equal(created.json().status.stage, 'draft');

    // Incomplete drafts cannot be submitted, and nothing is half-saved.
    const early = await p.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/submit`,
      headers: { ...me, 'accept-language': 'fr' },
    });
    assert.equal(early.statusCode, 422);
    assert.ok(early.json().errors.length >= 1);

    const saved = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/draft`,
      headers: me,
      payload: canadianApplicant({ country: 'US' }),
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const elig = (await p.app.inject({ url: `/api/v1/applications/${id}/eligibility`, headers: me })).json();
    assert.deepEqual(
      elig.eligibility.map((e: any) => [e.programme, e.eligible]),
      [
        ['NEXUS', true],
        ['GLOBAL_ENTRY', true],
      ],
    );
    assert.deepEqual(elig.problems, []);

    const submitted = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: me });
    assert.equal(submitted.statusCode, 200, submitted.body);
    const st = submitted.json().status;
    assert.equal(st.stage, 'under_review');
    assert.deepEqual([...st.holders].sort(), ['CBP', 'CBSA']);
    // Screened through the lookouts module's screen(): no lookout matches this applicant.
    assert.equal(st.screening, 'clear');
    // A double submission is idempotent.
    const again = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: me });
    assert.equal(again.statusCode, 200);
    assert.equal(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from tt_actions where application_id = ${id} and kind = 'submitted'`.execute(
          p.ctx.db,
        )
      ).rows[0].n,
      1,
    );

    const cbsa = await bearer(p, 'vetting.cbsa@demo.smartborder.test');
    const cbp = await bearer(p, 'vetting.cbp@demo.smartborder.test');
    const inm = await bearer(p, 'vetting.inm@demo.smartborder.test');
    // Scopes: INM does not vet NEXUS or Global Entry, so it does not even see the application.
    assert.equal((await p.app.inject({ url: `/api/v1/vetting/${id}`, headers: inm })).statusCode, 404);
    assert.ok(
      (await p.app.inject({ url: '/api/v1/vetting/queue', headers: cbsa }))
        .json()
        .items.some((w: any) => w.applicationId === id),
    );

    const view = await p.app.inject({ url: `/api/v1/vetting/${id}`, headers: cbsa });
    assert.equal(view.json().personal.identity.passportNumber, 'AB123456');
    assert.equal(view.json().risk.document.ok, true);
    const ask = await p.app.inject({
      method: 'POST',
      url: `/api/v1/vetting/${id}/decision`,
      headers: cbp,
      payload: { kind: 'request_info', question: 'Please explain your 2023 trip to France.' },
    });
    assert.equal(ask.json().stage, 'awaiting_applicant');
    // While the question is open, nobody can approve.
    assert.equal(
      (
        await p.app.inject({
          method: 'POST',
          url: `/api/v1/vetting/${id}/decision`,
          headers: cbsa,
          payload: { kind: 'approve' },
        })
      ).statusCode,
      409,
    );
    await p.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${id}/answer`,
      headers: me,
      payload: { answer: 'A two-week holiday in Lyon.' },
    });

    const a1 = await p.app.inject({
      method: 'POST',
      url: `/api/v1/vetting/${id}/decision`,
      headers: cbsa,
      payload: { kind: 'approve' },
    });
    assert.deepEqual(a1.json().holders, ['CBP']);
    const a2 = await p.app.inject({
      method: 'POST',
      url: `/api/v1/vetting/${id}/decision`,
      headers: cbp,
      payload: { kind: 'approve' },
    });
    assert.equal(a2.json().stage, 'conditionally_approved');

    const centres = (await p.app.inject({ url: `/api/v1/applications/${id}/centres`, headers: me })).json().centres;
    assert.ok(centres.length > 0);
    const slots = (await p.app.inject({ url: `/api/v1/centres/${centres[0].id}/slots`, headers: me })).json().slots;
    const booked = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/interview`,
      headers: me,
      payload: { slotId: slots[0].id },
    });
    assert.equal(booked.json().status.stage, 'interview_scheduled');

    const enrol = await bearer(p, 'enrolment.cbsa@demo.smartborder.test');
    const bad = await p.app.inject({
      method: 'POST',
      url: `/api/v1/enrolment/${id}/membership`,
      headers: enrol,
      payload: { documentsVerified: false, photoRef: 'PH-1', biometricRef: 'FP-1' },
    });
    assert.equal(bad.statusCode, 400);
    const issued = await p.app.inject({
      method: 'POST',
      url: `/api/v1/enrolment/${id}/membership`,
      headers: enrol,
      payload: { documentsVerified: true, photoRef: 'PHOTO-0001', biometricRef: 'FP-0001' },
    });
    assert.equal(issued.statusCode, 201, issued.body);
    assert.match(issued.json().membershipNumber, /^\d{9}$/);
    const expires = new Date(issued.json().expiresAt);
    assert.equal(expires.getUTCFullYear(), new Date().getUTCFullYear() + 5);
    assert.equal(
      (await p.app.inject({ url: `/api/v1/applications/${id}`, headers: me })).json().status.stage,
      'member',
    );

    const border = await bearer(p, 'border.cbp@demo.smartborder.test');
    const found = await p.app.inject({
      method: 'POST',
      url: '/api/v1/memberships/lookup',
      headers: border,
      payload: { passportNumber: 'AB123456', passportCountry: 'US' },
    });
    assert.deepEqual(
      [found.json().found, found.json().active, found.json().programmes],
      [true, true, ['NEXUS', 'GLOBAL_ENTRY']],
    );

    // Lost card: the old card stops working at once.
    const mid = issued.json().membershipId;
    const replaced = await p.app.inject({
      method: 'POST',
      url: `/api/v1/memberships/${mid}/card-replacement`,
      headers: me,
    });
    assert.equal(replaced.statusCode, 201);
    const again2 = await p.app.inject({
      method: 'POST',
      url: `/api/v1/memberships/${mid}/card-replacement`,
      headers: me,
    });
    const oldCard = replaced.json().cardNumber;
    const oldLookup = await p.app.inject({
      method: 'POST',
      url: '/api/v1/memberships/lookup',
      headers: border,
      payload: { cardNumber: oldCard },
    });
    assert.deepEqual(
      [oldLookup.json().found, oldLookup.json().active, oldLookup.json().cardStatus],
      [true, false, 'lost'],
    );
    const newLookup = await p.app.inject({
      method: 'POST',
      url: '/api/v1/memberships/lookup',
      headers: border,
      payload: { cardNumber: again2.json().cardNumber },
    });
    assert.equal(newLookup.json().active, true);

    // Revocation by a vetting agency ends privileges.
    await p.app.inject({
      method: 'POST',
      url: `/api/v1/memberships/${mid}/status`,
      headers: cbp,
      payload: { status: 'revoked', reason: 'violation' },
    });
    assert.equal(
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/v1/memberships/lookup',
          headers: border,
          payload: { cardNumber: again2.json().cardNumber },
        })
      ).json().active,
      false,
    );

    // Officers' views and decisions are in the audit chain, and the chain verifies.
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where subject = ${'application:' + id}`.execute(p.ctx.db);
    const actions = audit.rows.map((r) => r.action);
    for (const a of ['application.submitted', 'application.viewed', 'vetting.approved', 'vetting.info_requested'])
      assert.ok(actions.includes(a), a);
    assert.equal((await p.ctx.audit.verify(p.ctx.db)).ok, true);
    // The applicant was notified at each step, in French.
    const mails = (
      await sql<{ subject: string }>`select subject from outbox where to_address = 'marie@example.test'`.execute(
        p.ctx.db,
      )
    ).rows;
    assert.ok(mails.length >= 4);
  },
);

test('a denial carries a reason, an explanation and the redress path', async () => {
  const me = await newApplicant('denied@example.test');
  const id = (
    await p.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: me,
      payload: { programmes: ['GLOBAL_ENTRY'] },
    })
  ).json().id;
  // A Canadian gets Global Entry benefits through NEXUS: submission is refused with that explanation.
  await p.app.inject({
    method: 'PUT',
    url: `/api/v1/applications/${id}/draft`,
    headers: me,
    payload: canadianApplicant({ passportNumber: 'ZX998877' }),
  });
  const r = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: me });
  assert.equal(r.statusCode, 422);
  assert.ok(r.json().errors.some((e: any) => e.path === 'programmes'));
  await p.app.inject({
    method: 'PUT',
    url: `/api/v1/applications/${id}/draft`,
    headers: me,
    payload: canadianApplicant({ passportNumber: 'ZX998877', country: 'US' }),
  });
  assert.equal(
    (await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: me })).statusCode,
    200,
  );
  const cbp = await bearer(p, 'vetting.cbp@demo.smartborder.test');
  const short = await p.app.inject({
    method: 'POST',
    url: `/api/v1/vetting/${id}/decision`,
    headers: cbp,
    payload: { kind: 'deny', reasonCode: 'other', explanation: 'short' },
  });
  assert.equal(short.statusCode, 400);
  const d = await p.app.inject({
    method: 'POST',
    url: `/api/v1/vetting/${id}/decision`,
    headers: cbp,
    payload: {
      kind: 'deny',
      reasonCode: 'customs_violation',
      explanation: 'A 2019 seizure of undeclared goods at Detroit was found.',
    },
  });
  assert.equal(d.json().stage, 'denied');
  const mine = (await p.app.inject({ url: `/api/v1/applications/${id}`, headers: me })).json().status;
  assert.deepEqual(mine.deniedBy, [
    {
      agency: 'CBP',
      reasonCode: 'customs_violation',
      explanation: 'A 2019 seizure of undeclared goods at Detroit was found.',
    },
  ]);
  // The applicant's status page names the agency, the reason and the redress path, in the applicant's language.
  const cookie = me.authorization.slice(7);
  const page = await p.app.inject({ url: `/fr/applications/${id}`, cookies: { sb_session: cookie } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /seizure of undeclared goods/);
  assert.match(page.body, /DHS TRIP/);
});

test('without a screening service, screening stays pending, never a fake clear', async () => {
  const port = p.modules.travellers.screening;
  p.modules.travellers.screening = null;
  try {
    const me = await newApplicant('pending@example.test');
    const id = (
      await p.app.inject({
        method: 'POST',
        url: '/api/v1/applications',
        headers: me,
        payload: { programmes: ['NEXUS'] },
      })
    ).json().id;
    await p.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/draft`,
      headers: me,
      payload: canadianApplicant({ passportNumber: 'PD556677' }),
    });
    const r = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: me });
    assert.equal(r.json().status.screening, 'pending');
    const page = await p.app.inject({
      url: `/en/applications/${id}`,
      cookies: { sb_session: me.authorization.slice(7) },
    });
    assert.match(page.body, /Screening against lookouts: pending/);
  } finally {
    p.modules.travellers.screening = port;
  }
});

test(
  'drafts are validated and never stored in clear; ' + 'the raw database holds no plaintext passport number or name',
  async () => {
    const me = await newApplicant('raw@example.test');
    const id = (
      await p.app.inject({
        method: 'POST',
        url: '/api/v1/applications',
        headers: me,
        payload: { programmes: ['NEXUS'] },
      })
    ).json().id;
    const bad = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/draft`,
      headers: { ...me, 'accept-language': 'es' },
      payload: { identity: { ...canadianApplicant().identity, passportExpiry: '2025-02-30' } },
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().errors.some((e: any) => e.path === 'identity.passportExpiry'));
    const stale = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/draft`,
      headers: me,
      payload: { ...canadianApplicant({ passportNumber: 'QZ7K41X9P' }), version: 99 },
    });
    assert.equal(stale.statusCode, 409);
    const ok = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/draft`,
      headers: me,
      payload: canadianApplicant({ passportNumber: 'QZ7K41X9P', birthDate: '1977-11-05', surname: 'QUARTZWELL' }),
    });
    assert.equal(ok.statusCode, 200);
    const row = (await sql<any>`select * from tt_applications where id = ${id}`.execute(p.ctx.db)).rows[0];
    assert.ok(!JSON.stringify(row).includes('QZ7K41X9P'));
    assert.ok(!JSON.stringify(row).includes('1977-11-05'));
    assert.ok(!JSON.stringify(row).includes('QUARTZWELL'));
    assert.equal(row.applicant_name, '');
    assert.equal(
      (await p.modules.travellers.getRow(p.ctx.db, id))?.applicantName,
      'MARIE CLAIRE QUARTZWELL',
      'decrypted when read',
    );
    if (engine === 'pglite') {
      await p.ctx.database.exec('checkpoint');
      const hits: string[] = [];
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const f = path.join(d, e.name);
          if (e.isDirectory()) walk(f);
          else {
            const b = fs.readFileSync(f);
            if (b.includes('QZ7K41X9P') || b.includes('1977-11-05') || b.includes('QUARTZWELL')) hits.push(f);
          }
        }
      };
      walk(p.dataDir);
      assert.deepEqual(hits, []);
      // The scan can find things: the account's e-mail address is stored in clear (it is how one signs in).
      const found: string[] = [];
      const walk2 = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const f = path.join(d, e.name);
          if (e.isDirectory()) walk2(f);
          else if (fs.readFileSync(f).includes('raw@example.test')) found.push(f);
        }
      };
      walk2(p.dataDir);
      assert.ok(found.length > 0, 'the raw scan sees data written to the files');
    }
  },
);

test(
  'renewal: opens one year before expiry, privileges kept while pending, ' + 'approved by every agency extends 5 years',
  async () => {
    const { makeMember } = await import('./fixtures.ts');
    const m = await makeMember(p, 'renewer@example.test', {
      surname: 'ROY',
      givenNames: 'ELISE',
      passportNumber: 'RN778899',
    });
    const early = await p.app.inject({
      method: 'POST',
      url: `/api/v1/memberships/${m.membershipId}/renewal`,
      headers: m.headers,
    });
    assert.equal(early.statusCode, 422);
    const soon = new Date(Date.now() + 120 * 86400000);
    await sql`update tt_memberships set expires_at = ${soon} where id = ${m.membershipId}`.execute(p.ctx.db);
    await p.modules.travellers.directory.changed(m.membershipId);
    assert.equal(
      (await p.app.inject({ method: 'POST', url: `/api/v1/memberships/${m.membershipId}/renewal`, headers: m.headers }))
        .statusCode,
      202,
    );
    // Time passes: the renewal was asked 10 days before expiry, and the membership expired yesterday while it is
    // pending. The lanes still see it active.
    await sql`update tt_memberships set renewal_requested_at = ${new Date(Date.now() - 11 * 86400000)},
    expires_at = ${new Date(Date.now() - 86400000)} where id = ${m.membershipId}`.execute(p.ctx.db);
    await p.modules.travellers.directory.changed(m.membershipId);
    assert.equal(
      (await p.modules.travellers.lookupMembership({ passportNumber: 'RN778899', passportCountry: 'CA' }))!.active,
      true,
    );
    const cbsa = await bearer(p, 'vetting.cbsa@demo.smartborder.test'),
      cbp = await bearer(p, 'vetting.cbp@demo.smartborder.test');
    assert.ok(
      (await p.app.inject({ url: '/api/v1/vetting/queue', headers: cbsa }))
        .json()
        .items.some((w: any) => w.kind === 'renewal' && w.membershipId === m.membershipId),
    );
    assert.equal(
      (
        await p.app.inject({
          method: 'POST',
          url: `/api/v1/memberships/${m.membershipId}/renewal/decision`,
          headers: cbsa,
          payload: { approve: true },
        })
      ).statusCode,
      200,
    );
    const before = (
      await sql<any>`select expires_at from tt_memberships where id = ${m.membershipId}`.execute(p.ctx.db)
    ).rows[0].expires_at;
    assert.equal(
      (
        await p.app.inject({
          method: 'POST',
          url: `/api/v1/memberships/${m.membershipId}/renewal/decision`,
          headers: cbp,
          payload: { approve: true },
        })
      ).statusCode,
      200,
    );
    const after = (
      await sql<any>`select expires_at, renewal_requested_at from tt_memberships where id = ${m.membershipId}`.execute(
        p.ctx.db,
      )
    ).rows[0];
    assert.equal(new Date(after.expires_at).getUTCFullYear(), new Date(before).getUTCFullYear() + 5);
    assert.equal(after.renewal_requested_at, null);
    assert.equal(
      (
        await p.app.inject({
          method: 'POST',
          url: `/api/v1/memberships/${m.membershipId}/renewal/decision`,
          headers: cbp,
          payload: { approve: true },
        })
      ).statusCode,
      409,
    );
  },
);

test(
  'names written in clear by an earlier version are encrypted at start-up, ' + 'and members are found by name again',
  async () => {
    const { makeMember } = await import('./fixtures.ts');
    const m = await makeMember(p, 'legacy@example.test', { surname: 'OLDCLEARNAME', passportNumber: 'LG123456' });
    // as an earlier version left it: the name in clear, no ciphertext
    await sql`update tt_memberships set holder_name = 'MARIE CLAIRE OLDCLEARNAME', holder_name_enc = null
    where id = ${m.membershipId}`.execute(p.ctx.db);
    await sql`update tt_applications set applicant_name = 'MARIE CLAIRE OLDCLEARNAME', applicant_name_enc = null
    where id = (select application_id from tt_memberships where id = ${m.membershipId})`.execute(p.ctx.db);
    const { TravellersService } = await import('../../src/modules/travellers/service.ts');
    const again = new TravellersService(p.ctx);
    await again.directory.ready;
    const rows = (
      await sql<any>`select m.holder_name, m.holder_name_enc, a.applicant_name, a.applicant_name_enc
      from tt_memberships m join tt_applications a on a.id = m.application_id
      where m.id = ${m.membershipId}`.execute(p.ctx.db)
    ).rows[0];
    assert.deepEqual([rows.holder_name, rows.applicant_name], ['', '']);
    assert.ok(rows.holder_name_enc && !rows.holder_name_enc.includes('OLDCLEARNAME'));
    assert.equal(
      again.lookupMembershipNow({ passportNumber: 'LG123456', passportCountry: 'CA' })?.holderName,
      'MARIE CLAIRE OLDCLEARNAME',
    );
  },
);
