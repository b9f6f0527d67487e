import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testPlatform, bearer, type TestPlatform } from '../helpers.ts';
import { makeMember, canadianApplicant } from '../travellers/fixtures.ts';

let p: TestPlatform;
let cbsa: Record<string, string>, cbp: Record<string, string>, inm: Record<string, string>;
before(async () => {
  p = await testPlatform();
  cbsa = await bearer(p, 'analyst.cbsa@demo.smartborder.test');
  cbp = await bearer(p, 'analyst.cbp@demo.smartborder.test');
  inm = await bearer(p, 'analyst.inm@demo.smartborder.test');
});
after(async () => {
  await p?.close();
});

const person = (names: string[], extra: Record<string, unknown> = {}) => ({
  subjectType: 'person',
  category: 'serious_crime',
  reason: 'Wanted for armed robbery (warrant 2026-114)',
  recommendedAction: 'refer_secondary',
  identifiers: {
    names,
    birthDates: ['1971-06-14'],
    nationalities: ['RU'],
    documents: [{ type: 'passport', number: '752019384', country: 'RU' }],
  },
  ...extra,
});
const post = async (h: Record<string, string>, lookout: unknown, activate = true) => {
  const r = await p.app.inject({ method: 'POST', url: '/api/v1/lookouts', headers: h, payload: { lookout, activate } });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id as string;
};
const screen = async (h: Record<string, string>, subject: Record<string, unknown>) =>
  (await p.app.inject({ method: 'POST', url: '/api/v1/screen', headers: h, payload: subject })).json();

test(
  'a lookout shared with CBP is screened for CBP but not for INM; ' + 'transliteration and order are handled',
  async () => {
    const id = await post(cbsa, person(['Иван Сергеевич Петров', 'PETROV, Ivan'], { sharingAgencies: ['CBP'] }));
    const forCbp = await screen(cbp, { type: 'person', name: 'Ivan Petrov', birthDate: '1971-06-14' });
    assert.equal(forCbp.status, 'hits');
    assert.equal(forCbp.hits[0].lookoutId, id);
    assert.ok(forCbp.hits[0].reasons.some((r: any) => r.field === 'name'));
    assert.ok(forCbp.hits[0].reasons.some((r: any) => r.field === 'birthDate'));
    const forInm = await screen(inm, { type: 'person', name: 'Ivan Petrov', birthDate: '1971-06-14' });
    assert.equal(forInm.hits.filter((h: any) => h.lookoutId === id).length, 0);
    // INM cannot even read it.
    assert.equal((await p.app.inject({ url: `/api/v1/lookouts/${id}`, headers: inm })).statusCode, 404);
    // An unrelated traveller raises no alert.
    assert.equal(
      (await screen(cbp, { type: 'person', name: 'Margaret Okafor', birthDate: '1990-01-01' })).status,
      'clear',
    );
  },
);

test(
  'the index follows changes: a draft is not screened, activation is, ' +
    'an update and a withdrawal take effect at once',
  async () => {
    const id = await post(cbsa, person(['Dmitri Volkonsky']), false);
    assert.equal((await screen(cbsa, { name: 'Dmitri Volkonsky' })).status, 'clear');
    await p.app.inject({ method: 'POST', url: `/api/v1/lookouts/${id}/activate`, headers: cbsa });
    assert.equal((await screen(cbsa, { name: 'Dmitri Volkonsky' })).hits[0]?.lookoutId, id);
    const upd = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/lookouts/${id}`,
      headers: cbsa,
      payload: person(['Anatoly Kuragin']),
    });
    assert.equal(upd.statusCode, 200);
    assert.equal(
      (await screen(cbsa, { name: 'Dmitri Volkonsky' })).hits.filter((h: any) => h.lookoutId === id).length,
      0,
    );
    assert.equal((await screen(cbsa, { name: 'Anatoly Kuragin' })).hits[0]?.lookoutId, id);
    // Only the originator may change it.
    assert.equal(
      (await p.app.inject({ method: 'PUT', url: `/api/v1/lookouts/${id}`, headers: cbp, payload: person(['X Y']) }))
        .statusCode,
      404,
    );
    await p.app.inject({ method: 'POST', url: `/api/v1/lookouts/${id}/withdraw`, headers: cbsa, payload: {} });
    assert.equal(
      (await screen(cbsa, { name: 'Anatoly Kuragin' })).hits.filter((h: any) => h.lookoutId === id).length,
      0,
    );
    const states = (
      await sql<{ kind: string }>`select kind from lk_events where lookout_id = ${id} order by seq`.execute(p.ctx.db)
    ).rows.map((r) => r.kind);
    assert.deepEqual(states, ['created', 'activated', 'updated', 'withdrawn']);
  },
);

test('an expired lookout no longer alerts', async () => {
  const id = await post(cbp, person(['Hortensia Valdebenito'], { validFrom: '2020-01-01', validUntil: '2021-01-01' }));
  assert.equal(
    (await screen(cbp, { name: 'Hortensia Valdebenito' })).hits.filter((h: any) => h.lookoutId === id).length,
    0,
  );
});

test('a false positive is suppressed until the subject data changes', async () => {
  const id = await post(
    cbp,
    person(['Jose Antonio Ramirez Flores'], {
      identifiers: { names: ['Jose Antonio Ramirez Flores'], birthDates: ['1980'] },
    }),
  );
  const subject = { name: 'José Ramírez Flores', birthDate: '1980-05-05' };
  const first = await screen(cbp, subject);
  assert.equal(first.hits[0]?.lookoutId, id);
  const hits = (await p.app.inject({ url: '/api/v1/hits', headers: cbp })).json().hits;
  const hit = hits.find((h: any) => h.lookoutId === id);
  assert.ok(hit);
  assert.equal(
    (
      await p.app.inject({
        method: 'POST',
        url: `/api/v1/hits/${hit.id}/review`,
        headers: cbp,
        payload: { decision: 'false_positive', note: 'different person, verified DOB' },
      })
    ).statusCode,
    200,
  );
  assert.equal((await screen(cbp, subject)).hits.filter((h: any) => h.lookoutId === id).length, 0);
  // Different subject data (another birth date) is screened afresh.
  assert.equal((await screen(cbp, { ...subject, birthDate: '1980-07-07' })).hits[0]?.lookoutId, id);
  assert.equal(
    (
      await p.app.inject({
        method: 'POST',
        url: `/api/v1/hits/${hit.id}/review`,
        headers: cbp,
        payload: { decision: 'confirmed' },
      })
    ).statusCode,
    409,
  );
});

test('a list import is all or nothing, with line numbers; a valid one becomes reference lookouts', async () => {
  const bad = '{"id":"a1","names":["Good Entry"]}\n{"id":"a2"}\nnot json\n';
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lookouts/import',
    headers: cbp,
    payload: { format: 'jsonl', files: { jsonl: bad } },
  });
  assert.equal(r.statusCode, 422);
  const paths = r.json().errors.map((e: any) => e.path);
  assert.ok(
    paths.some((x: string) => x.endsWith(':2')) && paths.some((x: string) => x.endsWith(':3')),
    JSON.stringify(paths),
  );
  assert.equal(
    (await sql<{ n: number }>`select count(*)::int as n from lk_lookouts where kind = 'reference'`.execute(p.ctx.db))
      .rows[0].n,
    0,
  );
  const good =
    '{"id":"r1","type":"organization","names":["Golden Crescent Trading LLC"]}\n' +
    '{"id":"r2","type":"person","names":["Abdul Qadir Nasiri"],"birthDates":["1962"]}\n';
  const ok = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lookouts/import',
    headers: cbp,
    payload: { format: 'jsonl', files: { jsonl: good }, sourceName: 'Test list' },
  });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().imported, 2);
  // Public lists are screened for every agency; the legal form is not needed to match.
  assert.equal(
    (await screen(inm, { type: 'organization', name: 'Golden Crescent Trading' })).hits[0]?.name,
    'Golden Crescent Trading LLC',
  );
  // Re-importing the same source replaces it; replacing all of it is a mass withdrawal, to be said so.
  const replace = (allowMassWithdrawal?: boolean) =>
    p.app.inject({
      method: 'POST',
      url: '/api/v1/lookouts/import',
      headers: cbp,
      payload: {
        format: 'jsonl',
        files: { jsonl: '{"id":"r3","names":["Someone Else Entirely"]}\n' },
        sourceName: 'Test list',
        allowMassWithdrawal,
      },
    });
  assert.equal((await replace()).statusCode, 422);
  assert.equal((await screen(inm, { type: 'organization', name: 'Golden Crescent Trading' })).status, 'hits');
  assert.equal((await replace(true)).statusCode, 201);
  assert.equal((await screen(inm, { type: 'organization', name: 'Golden Crescent Trading' })).status, 'clear');
});

test(
  'an applicant matching a lookout gets an explained hit ' + 'in the risk summary of the agencies that may see it',
  async () => {
    await post(cbsa, {
      ...person(['Olga Nikolaevna Smirnova']),
      identifiers: {
        names: ['Olga Nikolaevna Smirnova'],
        birthDates: ['1985-04-23'],
        nationalities: [],
        documents: [],
      },
    });
    const acct = await p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/accounts',
      payload: { email: 'olga@example.test', password: 'correct horse battery', displayName: 'Olga', locale: 'en' },
    });
    const me = { authorization: `Bearer ${acct.json().token}` };
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
      payload: canadianApplicant({ surname: 'SMIRNOVA', givenNames: 'OLGA', passportNumber: 'GK554433' }),
    });
    const sub = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: me });
    assert.equal(sub.json().status.screening, 'hits');
    const vc = await bearer(p, 'vetting.cbsa@demo.smartborder.test');
    const risk = (await p.app.inject({ url: `/api/v1/vetting/${id}`, headers: vc })).json().risk;
    assert.ok(risk.hits[0].visibleTo.includes('CBSA'));
    assert.ok(!risk.hits[0].visibleTo.includes('CBP'), 'the lookout was not shared with CBP');
    assert.ok(risk.score >= 0.5);
    // Work items are ordered by risk: this one comes before a clean application.
    const queue = (await p.app.inject({ url: '/api/v1/vetting/queue', headers: vc })).json().items;
    assert.equal(queue[0].applicationId, id);
  },
);

test(
  'recurrent vetting: a new lookout that hits an existing member ' + 'opens a work item for each vetting agency',
  async () => {
    const m = await makeMember(p, 'member-rv@example.test', {
      surname: 'KOWALCZYK',
      givenNames: 'TOMASZ',
      passportNumber: 'EK1234567',
      birthDate: '1979-02-11',
    });
    await post(cbp, {
      ...person(['Tomasz Kowalczyk']),
      identifiers: { names: ['Tomasz Kowalczyk'], birthDates: ['1979-02-11'], nationalities: [], documents: [] },
    });
    await p.modules.lookouts.pendingVetting;
    const items = (
      await sql<{ agency: string; kind: string }>`select agency, kind from tt_work_items
      where membership_id = ${m.membershipId} order by agency`.execute(p.ctx.db)
    ).rows;
    assert.deepEqual(
      items.map((i) => [i.agency, i.kind]),
      [
        ['CBP', 'recurrent'],
        ['CBSA', 'recurrent'],
      ],
    );
    const q = (
      await p.app.inject({
        url: '/api/v1/vetting/queue',
        headers: await bearer(p, 'vetting.cbsa@demo.smartborder.test'),
      })
    ).json().items;
    assert.ok(q.some((w: any) => w.kind === 'recurrent' && w.membershipId === m.membershipId));
  },
);

test(
  'recurrent vetting follows membership changes: ' + 'a member issued later is vetted, a revoked one no longer',
  async () => {
    // The index of registered people was built by the previous test's lookout; these changes reach it one by one.
    const workItems = async (membershipId: string) =>
      (
        await sql<{ lookout: string }>`select summary->>'lookoutId' as lookout from tt_work_items
        where membership_id = ${membershipId} and kind = 'recurrent'`.execute(p.ctx.db)
      ).rows.map((r) => r.lookout);
    const later = await makeMember(p, 'member-rv2@example.test', {
      surname: 'ZIELINSKA',
      givenNames: 'MARTA',
      passportNumber: 'EK7654321',
      birthDate: '1984-07-19',
    });
    const marta = (names: string[]) => ({
      ...person(names),
      identifiers: { names, birthDates: ['1984-07-19'], nationalities: [], documents: [] },
    });
    const first = await post(cbp, marta(['Marta Zielinska']));
    await p.modules.lookouts.pendingVetting;
    assert.deepEqual(await workItems(later.membershipId), [first, first], 'one work item per vetting agency');
    const vet = await bearer(p, 'vetting.cbp@demo.smartborder.test');
    assert.equal(
      (
        await p.app.inject({
          method: 'POST',
          url: `/api/v1/memberships/${later.membershipId}/status`,
          headers: vet,
          payload: { status: 'revoked', reason: 'violation' },
        })
      ).statusCode,
      200,
    );
    await post(cbp, marta(['Marta Zielińska']));
    await p.modules.lookouts.pendingVetting;
    assert.deepEqual(await workItems(later.membershipId), [first, first], 'a revoked member is not vetted again');
  },
);

test("a lookout's name is stored only encrypted: lists show it, the raw row does not hold it", async () => {
  const id = await post(cbp, person(['Wendeline Quarrington-Vosk'], { sharingAgencies: ['CBSA'] }), false);
  const row = (await sql<any>`select * from lk_lookouts where id = ${id}`.execute(p.ctx.db)).rows[0];
  assert.equal(row.display_label, '');
  assert.ok(!JSON.stringify(row).includes('Quarrington'));
  const listed = (await p.app.inject({ url: '/api/v1/lookouts', headers: cbp })).json();
  const mine = (listed.lookouts ?? listed).find((l: any) => l.id === id);
  assert.equal(mine.label, 'Wendeline Quarrington-Vosk');
});
