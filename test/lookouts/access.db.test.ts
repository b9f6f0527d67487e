// Access in the lookouts module, end to end: owner columns, the named policies and their audited refusals, the queue
// scopes applied before the limit, and the audit events the module emits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testPlatform, bearer, type TestPlatform } from '../helpers.ts';
import { findUserByEmail, type User } from '../../src/kernel/auth.ts';

let p: TestPlatform;
type Headers = Record<string, string>;
let cbsa: Headers, cbp: Headers, inm: Headers, borderCbp: Headers;
const users: Record<string, User> = {};
before(async () => {
  p = await testPlatform();
  cbsa = await bearer(p, 'analyst.cbsa@demo.smartborder.test');
  cbp = await bearer(p, 'analyst.cbp@demo.smartborder.test');
  inm = await bearer(p, 'analyst.inm@demo.smartborder.test');
  borderCbp = await bearer(p, 'border.cbp@demo.smartborder.test');
  for (const who of ['analyst.cbsa', 'analyst.cbp', 'border.cbp', 'border.cbsa']) {
    const u = await findUserByEmail(p.ctx.db, `${who}@demo.smartborder.test`);
    assert.ok(u, who);
    users[who] = u;
  }
});
after(async () => {
  await p?.close();
});

const lookout = (name: string, extra: Record<string, unknown> = {}) => ({
  subjectType: 'person',
  category: 'serious_crime',
  reason: 'Warrant 2026-500 (synthetic test record)',
  recommendedAction: 'refer_secondary',
  identifiers: { names: [name], birthDates: ['1970-01-01'] },
  ...extra,
});
async function post(h: Headers, body: unknown, activate = true): Promise<string> {
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lookouts',
    headers: h,
    payload: { lookout: body, activate },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id;
}
async function screen(h: Headers, name: string) {
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/screen',
    headers: h,
    payload: { type: 'person', name, birthDate: '1970-01-01' },
  });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { status: string; hits: { lookoutId: string; hitId: string }[] };
}
interface AuditRow {
  action: string;
  subject: string;
  actor_agency: string | null;
  detail: Record<string, unknown>;
}
const audited = async (action: string, subject: string) =>
  (
    await sql<AuditRow>`select action, subject, actor_agency, detail from audit_log
      where action = ${action} and subject = ${subject} order by seq`.execute(p.ctx.db)
  ).rows;
const hitRow = async (id: string) =>
  (
    await sql<{ agency: string | null; country: string | null; status: string }>`select agency, country, status
      from lk_hits where id = ${id}`.execute(p.ctx.db)
  ).rows[0];

test(
  'owner columns: a lookout belongs to its agency and country, its hits to the same; ' + 'public lists to none',
  async () => {
    const id = await post(cbsa, lookout('Radomir Kestrelovich', { sharingAgencies: ['CBP'] }));
    const row = (
      await sql<{ agency: string | null; country: string | null }>`select agency, country from lk_lookouts
      where id = ${id}`.execute(p.ctx.db)
    ).rows[0];
    assert.deepEqual(row, { agency: 'CBSA', country: 'CA' });
    // A CBP screen raises the hit; it is CBSA's (the lookout's owner), not CBP's.
    const hit = (await screen(cbp, 'Radomir Kestrelovich')).hits.find((h) => h.lookoutId === id);
    assert.ok(hit);
    assert.deepEqual(await hitRow(hit.hitId), { agency: 'CBSA', country: 'CA', status: 'open' });
    const imported = await p.app.inject({
      method: 'POST',
      url: '/api/v1/lookouts/import',
      headers: cbp,
      payload: {
        format: 'jsonl',
        files: { jsonl: '{"id":"x1","names":["Ottokar Zwiebelmann"]}\n' },
        sourceName: 'Own',
      },
    });
    assert.equal(imported.statusCode, 201, imported.body);
    const ref = (
      await sql<{ agency: string | null; country: string | null }>`select agency, country from lk_lookouts
      where import_id = ${imported.json().importId}`.execute(p.ctx.db)
    ).rows;
    assert.deepEqual(ref, [{ agency: null, country: null }]);
    // An agency lookout without an owner is refused by the database.
    await assert.rejects(
      sql`update lk_lookouts set agency = null where id = ${id}`.execute(p.ctx.db),
      /lk_lookouts_owned/,
    );
  },
);

test('canReviewHit: a CBP analyst cannot clear a hit on a CBSA lookout (audited); the CBSA analyst can', async () => {
  const id = await post(cbsa, lookout('Wojciech Stalmaszczyk', { sharingAgencies: ['CBP'] }));
  const hit = (await screen(cbp, 'Wojciech Stalmaszczyk')).hits.find((h) => h.lookoutId === id);
  assert.ok(hit);
  const review = (h: Headers, decision: string) =>
    p.app.inject({ method: 'POST', url: `/api/v1/hits/${hit.hitId}/review`, headers: h, payload: { decision } });
  const refused = await review(cbp, 'false_positive');
  assert.equal(refused.statusCode, 403, refused.body);
  const denied = await audited('access.denied', `hit:${hit.hitId}`);
  assert.deepEqual(
    denied.map((d) => [d.actor_agency, d.detail.policy, d.detail.operation]),
    [['CBP', 'canReviewHit', 'false_positive']],
  );
  assert.equal((await hitRow(hit.hitId)).status, 'open', 'still open');
  // INM does not even see the lookout: the hit is not found for it.
  assert.equal((await review(inm, 'confirmed')).statusCode, 404);
  // The queues: CBSA reviews it, CBP does not.
  const queue = async (h: Headers) =>
    ((await p.app.inject({ url: '/api/v1/hits', headers: h })).json().hits as { id: string }[]).map((x) => x.id);
  assert.ok((await queue(cbsa)).includes(hit.hitId));
  assert.ok(!(await queue(cbp)).includes(hit.hitId));
  assert.equal((await review(cbsa, 'confirmed')).statusCode, 200);
  assert.equal((await hitRow(hit.hitId)).status, 'confirmed');
  const subject = `api:${users['analyst.cbp'].id}`;
  assert.ok((await audited('hit.confirmed', subject)).some((e) => e.detail.lookoutId === id));
  assert.ok((await audited('screening.performed', subject)).some((e) => (e.detail.hits as string[]).includes(id)));
});

test(
  "secondary inspection clears a hit on its own agency's lookout, " + "and leaves a partner's open (audited)",
  async () => {
    const svc = p.modules.lookouts;
    const cbsaId = await post(cbsa, lookout('Evandro Quillfeather', { sharingAgencies: ['CBP'] }));
    const cbpId = await post(cbp, lookout('Evandro Quillfeather'));
    const hits = (await screen(cbp, 'Evandro Quillfeather')).hits;
    const onCbsa = hits.find((h) => h.lookoutId === cbsaId);
    const onCbp = hits.find((h) => h.lookoutId === cbpId);
    assert.ok(onCbsa && onCbp);
    const officer = users['border.cbp'];
    const note = 'secondary inspection: namesake';
    assert.equal(await svc.review(officer, onCbp.hitId, 'false_positive', note, { fromSecondary: true }), 'reviewed');
    assert.equal(await svc.review(officer, onCbsa.hitId, 'false_positive', note, { fromSecondary: true }), 'left_open');
    assert.equal((await hitRow(onCbp.hitId)).status, 'false_positive');
    assert.equal((await hitRow(onCbsa.hitId)).status, 'open');
    const denied = await audited('access.denied', `hit:${onCbsa.hitId}`);
    assert.deepEqual(
      denied.map((d) => d.detail.policy),
      ['canClearHitAtSecondary'],
    );
    assert.equal((await audited('hit.false_positive', `api:${users['analyst.cbp'].id}`)).length >= 1, true);
    // The pair CBP cleared no longer alerts; CBSA's lookout still does.
    const again = (await screen(cbp, 'Evandro Quillfeather')).hits.map((h) => h.lookoutId);
    assert.ok(again.includes(cbsaId) && !again.includes(cbpId), JSON.stringify(again));
  },
);

test('canReadLookout, canChangeLookout, canPostLookout, canImportList: refusals are audited', async () => {
  const id = await post(cbsa, lookout('Theodric Wallenbeck', { sharingAgencies: ['CBP'] }), false);
  const ref = `lookout:${id}`;
  // Not shared with INM: not found, and audited.
  assert.equal((await p.app.inject({ url: `/api/v1/lookouts/${id}`, headers: inm })).statusCode, 404);
  // Shared with CBP: readable, but not CBP's to change.
  assert.equal((await p.app.inject({ url: `/api/v1/lookouts/${id}`, headers: cbp })).statusCode, 200);
  assert.equal((await audited('lookout.viewed', ref)).length, 1);
  const put = await p.app.inject({
    method: 'PUT',
    url: `/api/v1/lookouts/${id}`,
    headers: cbp,
    payload: lookout('Someone Else'),
  });
  assert.equal(put.statusCode, 403, put.body);
  const act = await p.app.inject({ method: 'POST', url: `/api/v1/lookouts/${id}/activate`, headers: cbp });
  assert.equal(act.statusCode, 403);
  // A border officer reads no lookout record.
  assert.equal((await p.app.inject({ url: `/api/v1/lookouts/${id}`, headers: borderCbp })).statusCode, 404);
  assert.deepEqual(
    (await audited('access.denied', ref)).map((d) => [d.actor_agency, d.detail.policy, d.detail.operation]),
    [
      ['INM', 'canReadLookout', 'read'],
      ['CBP', 'canChangeLookout', 'update'],
      ['CBP', 'canChangeLookout', 'activate'],
      ['CBP', 'canReadLookout', 'read'],
    ],
  );
  const posted = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lookouts',
    headers: borderCbp,
    payload: { lookout: lookout('Nobody At All') },
  });
  assert.equal(posted.statusCode, 403);
  assert.deepEqual(
    (await audited('access.denied', 'lookout:new')).map((d) => d.detail.policy),
    ['canPostLookout'],
  );
  const imported = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lookouts/import',
    headers: borderCbp,
    payload: { format: 'jsonl', files: { jsonl: '{"id":"z","names":["Z Z"]}\n' }, sourceName: 'Border list' },
  });
  assert.equal(imported.statusCode, 403);
  assert.deepEqual(
    (await audited('access.denied', 'import:Border list')).map((d) => d.detail.policy),
    ['canImportList'],
  );
});

test('the lookout list scope is applied before the limit: my lookout is listed behind many I may not see', async () => {
  const mine = await post(inm, lookout('Leocadia Fernandez-Urquiza'));
  // Newer lookouts of another agency, not shared with INM: they come first in an unscoped list.
  for (let i = 0; i < 4; i++) await post(cbsa, lookout(`Unshared Person ${i} Zbrozek`), false);
  const list = async (q: string) => {
    const r = await p.app.inject({ url: `/api/v1/lookouts?${q}`, headers: inm });
    assert.equal(r.statusCode, 200, r.body);
    return (r.json().lookouts as { id: string; agency: string | null }[]).map((l) => l.id);
  };
  assert.ok((await list('kind=lookout&limit=2')).includes(mine));
  assert.deepEqual(await list('kind=lookout&limit=3&text=fernandez-urquiza'), [mine]);
  assert.deepEqual(await list('kind=lookout&state=draft&text=zbrozek'), [], 'not shared with INM');
  const cbsaDrafts = (
    (await p.app.inject({ url: '/api/v1/lookouts?state=draft&text=zbrozek&limit=3', headers: cbsa })).json()
      .lookouts as { agency: string; state: string }[]
  ).map((l) => [l.agency, l.state]);
  // The effective state (dates) is a condition of the query too.
  const expired = await post(
    inm,
    lookout('Casimira Expiredova', { validFrom: '2020-01-01', validUntil: '2021-01-01' }),
  );
  const scheduled = await post(inm, lookout('Casimira Laterova', { validFrom: '2999-01-01' }));
  const byState = async (state: string) => list(`kind=lookout&state=${state}&text=casimira`);
  assert.deepEqual(await byState('expired'), [expired]);
  assert.deepEqual(await byState('scheduled'), [scheduled]);
  assert.deepEqual(await byState('active'), []);
  assert.deepEqual(await list('kind=lookout&state=active&text=fernandez'), [mine]);
  assert.deepEqual(cbsaDrafts, [
    ['CBSA', 'draft'],
    ['CBSA', 'draft'],
    ['CBSA', 'draft'],
  ]);
});

test('the hit-review scope is applied before the limit: my hit is reviewed behind many of another agency', async () => {
  const svc = p.modules.lookouts;
  const mine = await post(inm, lookout('Gumersindo Aldecoa'));
  const theirs = await post(cbsa, lookout('Hieronim Brzeczyszczykiewicz'));
  const mineHit = (await screen(inm, 'Gumersindo Aldecoa')).hits.find((h) => h.lookoutId === mine);
  assert.ok(mineHit);
  // Newer hits on CBSA's lookout: an unscoped queue's first page holds only these.
  for (let i = 0; i < 6; i++)
    assert.ok((await screen(cbsa, 'Hieronim Brzeczyszczykiewicz')).hits.some((h) => h.lookoutId === theirs));
  const inmAnalyst = await findUserByEmail(p.ctx.db, 'analyst.inm@demo.smartborder.test');
  assert.ok(inmAnalyst);
  const page = await svc.hits(inmAnalyst, 'open', 5);
  assert.ok(
    page.some((h) => h.id === mineHit.hitId),
    'the scoped hit is on the first page',
  );
  assert.ok(page.every((h) => h.agency === 'INM' || h.agency === null));
  const api = await p.app.inject({ url: '/api/v1/hits?limit=5', headers: inm });
  assert.ok((api.json().hits as { id: string }[]).some((h) => h.id === mineHit.hitId));
  // A border officer has no review queue: refused and audited.
  assert.equal((await p.app.inject({ url: '/api/v1/hits', headers: borderCbp })).statusCode, 403);
  assert.ok((await audited('access.denied', 'hits:queue')).some((d) => d.detail.policy === 'canReviewHit'));
});

test(
  'audit: lookout.updated names the changed fields, lookout.withdrawn, ' + 'lookout.imported counts what it superseded',
  async () => {
    const id = await post(cbp, lookout('Bartholomew Quince'));
    const ref = `lookout:${id}`;
    const put = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/lookouts/${id}`,
      headers: cbp,
      payload: lookout('Bartholomew Quince', { category: 'immigration', recommendedAction: 'hold' }),
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(
      (await audited('lookout.updated', ref)).map((e) => e.detail),
      [{ fields: ['category', 'recommendedAction'] }],
    );
    const w = await p.app.inject({
      method: 'POST',
      url: `/api/v1/lookouts/${id}/withdraw`,
      headers: cbp,
      payload: { note: 'warrant executed' },
    });
    assert.equal(w.statusCode, 200);
    assert.deepEqual(
      (await audited('lookout.withdrawn', ref)).map((e) => e.detail),
      [{}],
    );
    const importList = async (jsonl: string, allowMassWithdrawal?: boolean) => {
      const r = await p.app.inject({
        method: 'POST',
        url: '/api/v1/lookouts/import',
        headers: cbp,
        payload: { format: 'jsonl', files: { jsonl }, sourceName: 'Audit test list', allowMassWithdrawal },
      });
      assert.equal(r.statusCode, 201, r.body);
      return audited('lookout.imported', `import:${r.json().importId}`);
    };
    await importList('{"id":"a","names":["Aurelio Pennywhistle"]}\n{"id":"b","names":["Benedetta Marchetti"]}\n');
    // c replaces a and b: a mass withdrawal, said so
    const second = await importList('{"id":"c","names":["Cornelius Ashdown"]}\n', true);
    assert.equal(second.length, 1);
    assert.deepEqual(
      { ...second[0].detail, files: Object.keys(second[0].detail.files as object) },
      { source: 'Audit test list', entries: 1, superseded: 2, files: ['jsonl'] },
    );
    assert.equal((await p.ctx.audit.verify(p.ctx.db)).ok, true);
  },
);

test('the demo asks the service, not the tables: importedFrom and agencyLookoutCount', async () => {
  const svc = p.modules.lookouts;
  assert.equal(await svc.importedFrom('Audit test list never imported'), false);
  const r = await svc.importList(
    null,
    'jsonl',
    { jsonl: '{"id":"d1","names":["Demo Person One"]}\n' },
    {
      sourceName: 'Demo source',
    },
  );
  assert.ok(r.ok);
  assert.equal(await svc.importedFrom('Demo source'), true);
  const before = await svc.agencyLookoutCount();
  await post(cbsa, lookout('Counted Person'), false);
  assert.equal(await svc.agencyLookoutCount(), before + 1);
});
