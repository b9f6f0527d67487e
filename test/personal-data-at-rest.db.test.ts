// Nothing personal in clear at rest: after the demo and an applicant whom a lookout hits (at risk assessment when the
// application is submitted, and at a booth when they cross), a dump of the whole database holds neither the
// applicant's name, nor their date of birth in any usual format, nor their passport number. On PostgreSQL the dump is
// pg_dump's; on PGlite every row of every table, as text. The pages and API that show the hits still read them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { testPlatform, bearer, engine, type TestPlatform } from './helpers.ts';
import { canadianApplicant } from './travellers/fixtures.ts';

let p: TestPlatform;
const PERSON = {
  surname: 'KWIATKOWSKA',
  givenNames: 'ZOFIA HALINA',
  passportNumber: 'ZK9081726',
  birthDate: '1979-03-14',
};
const NEEDLES = [
  /kwiatkowska/i,
  /zofia/i,
  /halina/i,
  /ZK9081726/i,
  /1979-03-14/,
  /19790314/,
  /14\/03\/1979/,
  /03\/14\/1979/,
  /14\.03\.1979/,
  /14 March 1979/i,
];
let applicationId: string;
let hitIds: string[] = [];

before(async () => {
  p = await testPlatform();
  const analyst = await bearer(p, 'analyst.cbsa@demo.smartborder.test');
  const posted = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lookouts',
    headers: analyst,
    payload: {
      activate: true,
      lookout: {
        subjectType: 'person',
        category: 'immigration',
        reason: 'Removal order outstanding (file 2026-5521)',
        recommendedAction: 'refer_secondary',
        sharingAgencies: ['CBP'],
        identifiers: {
          names: ['Zofia Halina Kwiatkowska'],
          birthDates: [PERSON.birthDate],
          documents: [{ type: 'passport', number: PERSON.passportNumber, country: 'CA' }],
        },
      },
    },
  });
  assert.equal(posted.statusCode, 201, posted.body);
  // The applicant signs up, applies for NEXUS with their passport and submits: risk assessment screens them.
  const acct = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accounts',
    // The account's display name and e-mail are stored in clear in `users` (how one signs in and is greeted): not
    // yet encrypted, so this account's display name is not the passport's (see docs/security.md, what is not done).
    payload: { email: 'z.k@example.test', password: 'correct horse battery', displayName: 'Applicant', locale: 'en' },
  });
  assert.equal(acct.statusCode, 201, acct.body);
  const me = { authorization: `Bearer ${acct.json().token}` };
  applicationId = (
    await p.app.inject({ method: 'POST', url: '/api/v1/applications', headers: me, payload: { programmes: ['NEXUS'] } })
  ).json().id;
  const draft = await p.app.inject({
    method: 'PUT',
    url: `/api/v1/applications/${applicationId}/draft`,
    headers: me,
    payload: canadianApplicant(PERSON),
  });
  assert.equal(draft.statusCode, 200, draft.body);
  const sub = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${applicationId}/submit`, headers: me });
  assert.equal(sub.statusCode, 200, sub.body);
  // At a Canadian booth the same person is screened again: a lane decision with a hit, and a referral.
  const d = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lanes/decisions',
    headers: await bearer(p, 'border.cbsa@demo.smartborder.test'),
    payload: {
      portId: 'CA-0901',
      laneId: 'CA-0901-general',
      occupants: [{ mrz: canadianApplicant(PERSON).identity.mrz }],
    },
  });
  assert.equal(d.statusCode, 200, d.body);
  assert.equal(d.json().outcome, 'refer');
  hitIds = d.json().occupants[0].hits.map((h: { hitId: string }) => h.hitId);
  assert.ok(hitIds.length > 0, 'the booth screening hit the lookout');
});
after(async () => {
  await p?.close();
});

/** The whole database as text: pg_dump of the test's schema, or every row of every table (PGlite). */
async function dump(): Promise<string> {
  if (engine === 'postgresql') {
    const bin = ['/usr/lib/postgresql/15/bin/pg_dump', '/usr/bin/pg_dump'].find((f) => fs.existsSync(f)) ?? 'pg_dump';
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const r = spawnSync(bin, ['--dbname', url, '--schema', p.schema!, '--data-only'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /COPY .*lk_hits/, 'the dump holds the hits table');
    return r.stdout;
  }
  const tables = (
    await sql<{ t: string }>`select table_name as t from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(p.ctx.db)
  ).rows.map((r) => r.t);
  assert.ok(tables.includes('lk_hits') && tables.includes('tt_applications'));
  const parts: string[] = [];
  for (const t of tables)
    for (const r of (await sql<{ row: string }>`select x::text as row from ${sql.table(t)} x`.execute(p.ctx.db)).rows)
      parts.push(`${t}\t${r.row}`);
  return parts.join('\n');
}

test('a dump of the database holds no applicant name, date of birth or passport number in clear', async () => {
  const text = await dump();
  // The dump is real: it holds what is not personal (the application's reference, the lookout's category).
  const reference = (await p.modules.travellers.getRow(p.ctx.db, applicationId))!.reference;
  assert.ok(text.includes(reference));
  assert.ok(text.includes(hitIds[0]));
  const found = NEEDLES.filter((n) => n.test(text)).map((n) => {
    const i = text.search(n);
    return `${n}: …${text.slice(Math.max(0, i - 160), i + 40)}…`;
  });
  assert.deepEqual(found, []);
});

test('the hits and the risk summary are still read in clear by those entitled to them', async () => {
  const vetting = await p.app.inject({
    url: `/api/v1/vetting/${applicationId}`,
    headers: await bearer(p, 'vetting.cbsa@demo.smartborder.test'),
  });
  assert.equal(vetting.statusCode, 200, vetting.body);
  const risk = vetting.json().risk;
  assert.equal(risk.screening, 'hits');
  assert.match(JSON.stringify(risk.hits), /kwiatkowska/i, 'the matched name is shown to the vetting officer');
  const hits = await p.app.inject({
    url: '/api/v1/hits?status=open',
    headers: await bearer(p, 'analyst.cbsa@demo.smartborder.test'),
  });
  assert.equal(hits.statusCode, 200, hits.body);
  const booth = hits.json().hits.find((h: { id: string }) => h.id === hitIds[0]);
  assert.ok(booth, 'the booth hit is in the owner agency’s review queue');
  assert.ok(
    booth.reasons.some((r: { query?: string }) => /kwiatkowska|1979-03-14|ZK9081726/i.test(r.query ?? '')),
    JSON.stringify(booth.reasons),
  );
});

test('hit reasons and risk summaries written in clear by an earlier version are encrypted at start-up', async () => {
  // As a version before lookouts 004 / travellers 004 left them: the values in clear, no ciphertext.
  const full = (await p.modules.travellers.getRow(p.ctx.db, applicationId))!.risk;
  assert.ok(full && full.hits.length > 0);
  await sql`update tt_applications set risk = ${JSON.stringify(full)}::jsonb, risk_enc = null
    where id = ${applicationId}`.execute(p.ctx.db);
  const reasons = (await p.modules.lookouts.hits(await analystUser(), 'open')).find((h) => h.id === hitIds[0])!.reasons;
  await sql`update lk_hits set reasons = ${JSON.stringify(reasons)}::jsonb, reasons_enc = null
    where id = ${hitIds[0]}`.execute(p.ctx.db);
  assert.ok(
    NEEDLES.some((n) => n.test(JSON.stringify(reasons))),
    'the legacy rows hold the values in clear',
  );
  const legacy = await dump();
  assert.equal(
    NEEDLES.filter((n) => n.test(legacy)).length,
    NEEDLES.filter((n) => n.test(JSON.stringify([reasons, full]))).length,
    'the dump finds every value the legacy rows hold in clear',
  );
  const { LookoutsService } = await import('../src/modules/lookouts/service.ts');
  const { TravellersService } = await import('../src/modules/travellers/service.ts');
  await new LookoutsService(p.ctx).ready;
  await new TravellersService(p.ctx).directory.ready;
  const text = await dump();
  assert.deepEqual(
    NEEDLES.filter((n) => n.test(text)),
    [],
  );
  const app = (
    await sql<{ risk: unknown; risk_enc: string }>`select risk, risk_enc from tt_applications
    where id = ${applicationId}`.execute(p.ctx.db)
  ).rows[0];
  assert.equal(app.risk, null);
  assert.ok(app.risk_enc.startsWith('v1.'));
  const hit = (await sql<{ reasons: unknown[] }>`select reasons from lk_hits where id = ${hitIds[0]}`.execute(p.ctx.db))
    .rows[0];
  assert.deepEqual(
    hit.reasons,
    reasons.map((r) => ({ field: r.field, method: r.method, score: r.score })),
    'the clear column keeps the codes',
  );
  // Read back in clear, as before.
  assert.deepEqual((await p.modules.travellers.getRow(p.ctx.db, applicationId))!.risk, full);
  const again = (await p.modules.lookouts.hits(await analystUser(), 'open')).find((h) => h.id === hitIds[0])!;
  assert.deepEqual(again.reasons, reasons);
});

async function analystUser() {
  const { findUserByEmail } = await import('../src/kernel/auth.ts');
  return (await findUserByEmail(p.ctx.db, 'analyst.cbsa@demo.smartborder.test'))!;
}
