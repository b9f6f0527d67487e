// Kiosks are registered devices: the kiosk page and API decide only with an active credential of that port's kiosk;
// the screen is enrolled once (HttpOnly device cookie); decisions record the device; revocation ends it at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { DEMO_KIOSK_PORTS, demoKioskCredential, seedDemoKiosks } from '../../src/demo.ts';
import { bearer, formToken, type TestPlatform, testPlatform } from '../helpers.ts';

let p: TestPlatform;
let yul: { id: string; credential: string };
let yyz: { id: string; credential: string };
before(async () => {
  p = await testPlatform();
  const a = await p.modules.lanes.registerKiosk(null, 'PC-YUL', 'Montréal-Trudeau kiosk 1');
  const b = await p.modules.lanes.registerKiosk(null, 'PC-YYZ', 'Toronto Pearson kiosk 1');
  yul = { id: a.kiosk.id, credential: a.credential };
  yyz = { id: b.kiosk.id, credential: b.credential };
});
after(() => p.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
const kioskApi = (credential: string | null, port: string, document = 'NX1234567') =>
  p.app.inject({
    method: 'POST',
    url: '/api/v1/lanes/kiosk/decisions',
    headers: credential ? { authorization: `Bearer ${credential}` } : {},
    payload: { port, document },
  });

async function enrol(port: string, credential: string, locale = 'en') {
  const form = await formToken(p, `/${locale}/kiosk/${port}/enrol`);
  const r = await p.app.inject({
    method: 'POST',
    url: `/${locale}/kiosk/${port}/enrol`,
    cookies: form.cookies,
    headers: FORM,
    payload: new URLSearchParams({ credential, _csrf: form.token }).toString(),
  });
  const device = r.cookies.find((c) => c.name === 'sb_device');
  return { r, cookies: { ...form.cookies, ...(device ? { sb_device: device.value } : {}) } };
}
async function scan(port: string, cookies: Record<string, string>, card: string) {
  // The enrolment page carries the visitor's token too (an unenrolled screen is sent there).
  const form = await formToken(p, `/en/kiosk/${port}/enrol`, cookies);
  return p.app.inject({
    method: 'POST',
    url: `/en/kiosk/${port}`,
    cookies: form.cookies,
    headers: FORM,
    payload: new URLSearchParams({ card, _csrf: form.token }).toString(),
  });
}

test('registration stores only the SHA-256 of the credential, and is audited as kiosk.registered', async () => {
  assert.match(yul.credential, /^sbk_[A-Za-z0-9_-]{43}$/);
  const rows = (
    await sql<{ credential_hash: string; status: string; port_id: string }>`select credential_hash, status, port_id
      from ln_kiosks where id = ${yul.id}`.execute(p.ctx.db)
  ).rows;
  assert.equal(rows.length, 1);
  assert.equal(rows[0].status, 'active');
  assert.equal(rows[0].port_id, 'PC-YUL');
  assert.match(rows[0].credential_hash, /^[0-9a-f]{64}$/);
  assert.notEqual(rows[0].credential_hash, yul.credential);
  const audit = (
    await sql<{ action: string; detail: Record<string, unknown> }>`select action, detail from audit_log
      where subject = ${`kiosk:${yul.id}`}`.execute(p.ctx.db)
  ).rows;
  assert.deepEqual(audit, [{ action: 'kiosk.registered', detail: { port: 'PC-YUL' } }]);
  await assert.rejects(p.modules.lanes.registerKiosk(null, 'US-0103', 'no members lane'), {
    status: 422,
    key: 'lanes.err.no_kiosk_lane',
  });
});

test('an anonymous screen is no kiosk: the page asks for enrolment, a decision is refused', async () => {
  const page = await p.app.inject({ url: '/en/kiosk/PC-YUL' });
  assert.equal(page.statusCode, 302);
  assert.equal(page.headers.location, '/en/kiosk/PC-YUL/enrol');
  const enrolPage = await p.app.inject({ url: '/fr/kiosk/PC-YUL/enrol' });
  assert.equal(enrolPage.statusCode, 200);
  assert.match(enrolPage.body, /Enregistrer cette borne/);
  const refused = await scan('PC-YUL', {}, 'NX1234567');
  assert.equal(refused.statusCode, 401);
  assert.match(refused.body, /not an enrolled kiosk of this port/);
  const before = await crossingsAt('PC-YUL');
  assert.equal((await kioskApi(null, 'PC-YUL')).statusCode, 401);
  // A person's session is no kiosk credential either.
  const officer = await bearer(p, 'border.cbp@demo.smartborder.test');
  const asOfficer = await p.app.inject({
    method: 'POST',
    url: '/api/v1/lanes/kiosk/decisions',
    headers: officer,
    payload: { port: 'PC-YUL', document: 'NX1234567' },
  });
  assert.equal(asOfficer.statusCode, 401);
  assert.equal(asOfficer.json().code, 'lanes.kiosk.not_enrolled');
  assert.equal(await crossingsAt('PC-YUL'), before);
});

const crossingsAt = async (port: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ln_crossings where port_id = ${port}`.execute(p.ctx.db))
    .rows[0].n;

test('enrolling with the credential of that port sets an HttpOnly device cookie; decisions record it', async () => {
  const wrong = await enrol('PC-YUL', yyz.credential);
  assert.equal(wrong.r.statusCode, 401);
  assert.match(wrong.r.body, /not valid for a kiosk of this port/);
  assert.equal(wrong.cookies.sb_device, undefined);
  const garbage = await enrol('PC-YUL', 'sbk_not-a-credential');
  assert.equal(garbage.r.statusCode, 401);

  const { r, cookies } = await enrol('PC-YUL', yul.credential);
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, '/en/kiosk/PC-YUL');
  const set = [r.headers['set-cookie']].flat().find((c) => String(c).startsWith('sb_device='));
  assert.match(String(set), /HttpOnly/);
  assert.match(String(set), /SameSite=Lax/);
  assert.equal((await p.app.inject({ url: '/en/kiosk/PC-YUL', cookies })).statusCode, 200);
  const d = await scan('PC-YUL', cookies, 'NX1234567');
  assert.equal(d.statusCode, 200);
  assert.match(d.body, /sb-decision--refer/);
  const last = (
    await sql<{ kiosk_id: string; mode: string; officer_id: string | null }>`select kiosk_id, mode, officer_id
      from ln_crossings where port_id = 'PC-YUL' order by decided_at desc limit 1`.execute(p.ctx.db)
  ).rows[0];
  assert.deepEqual(last, { kiosk_id: yul.id, mode: 'kiosk', officer_id: null });
  // The device cookie of the YUL kiosk is worthless at YYZ.
  assert.equal((await p.app.inject({ url: '/en/kiosk/PC-YYZ', cookies })).statusCode, 302);
  assert.equal((await scan('PC-YYZ', cookies, 'NX1234567')).statusCode, 403);
  // the refusal is audited once, against the device
  const denied = (
    await sql<{ detail: Record<string, unknown> }>`select detail from audit_log
      where action = 'access.denied' and subject = ${`kiosk:${yul.id}`}`.execute(p.ctx.db)
  ).rows.map((r) => r.detail);
  assert.deepEqual(denied, [{ policy: 'kioskMayDecide', operation: 'decide' }]);
  const seen = (
    await sql<{ last_seen_at: Date | null }>`select last_seen_at from ln_kiosks where id = ${yul.id}`.execute(p.ctx.db)
  ).rows[0];
  assert.ok(seen.last_seen_at);
});

test('the API decides with the device credential as bearer token, for its own port only', async () => {
  const ok = await kioskApi(yyz.credential, 'PC-YYZ');
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().outcome, 'refer');
  assert.deepEqual(Object.keys(ok.json()).sort(), ['crossingId', 'outcome']);
  const row = (
    await sql<{ kiosk_id: string }>`select kiosk_id from ln_crossings where id = ${ok.json().crossingId}`.execute(
      p.ctx.db,
    )
  ).rows[0];
  assert.equal(row.kiosk_id, yyz.id);
  const otherPort = await kioskApi(yyz.credential, 'PC-YUL');
  assert.equal(otherPort.statusCode, 403);
  assert.equal(otherPort.headers['content-type'], 'application/problem+json; charset=utf-8');
});

test('a revoked kiosk decides nothing more, in the pages or the API; revocation is audited', async () => {
  const reg = await p.modules.lanes.registerKiosk(null, 'PC-YUL', 'Montréal-Trudeau kiosk 2');
  const { cookies } = await enrol('PC-YUL', reg.credential);
  assert.equal((await scan('PC-YUL', cookies, 'NX1234567')).statusCode, 200);
  assert.equal(await p.modules.lanes.revokeKiosk(null, reg.kiosk.id), true);
  assert.equal(await p.modules.lanes.revokeKiosk(null, reg.kiosk.id), false);
  // a revoked credential is no credential: the screen is anonymous again, as the API says too
  assert.equal((await scan('PC-YUL', cookies, 'NX1234567')).statusCode, 401);
  assert.equal((await p.app.inject({ url: '/en/kiosk/PC-YUL', cookies })).statusCode, 302);
  assert.equal((await kioskApi(reg.credential, 'PC-YUL')).statusCode, 401);
  const audit = (
    await sql<{ action: string }>`select action from audit_log where subject = ${`kiosk:${reg.kiosk.id}`}
      order by seq`.execute(p.ctx.db)
  ).rows.map((r) => r.action);
  assert.deepEqual(audit, ['kiosk.registered', 'kiosk.revoked']);
  const listed = await p.modules.lanes.kiosks('PC-YUL');
  assert.deepEqual(
    listed.map((k) => [k.label, k.status]),
    [
      ['Montréal-Trudeau kiosk 1', 'active'],
      ['Montréal-Trudeau kiosk 2', 'revoked'],
    ],
  );
});

test('the demo registers one kiosk per demo port, once, whose printed credential decides there', async () => {
  await seedDemoKiosks(p);
  await seedDemoKiosks(p);
  for (const port of DEMO_KIOSK_PORTS) {
    const demo = (await p.modules.lanes.kiosks(port)).filter((k) => k.label === 'Demo kiosk (synthetic)');
    assert.equal(demo.length, 1, port);
    const r = await kioskApi(demoKioskCredential(p, port), port);
    assert.equal(r.statusCode, 200, `${port}: ${r.body}`);
  }
  assert.equal((await kioskApi(demoKioskCredential(p, 'PC-YUL'), 'PC-YYZ')).statusCode, 403);
});

test('administrators of the agency deciding on the kiosk lane register, list and revoke kiosks (API)', async () => {
  const cbp = await bearer(p, 'admin.cbp@demo.smartborder.test');
  const cbsa = await bearer(p, 'admin.cbsa@demo.smartborder.test');
  const border = await bearer(p, 'border.cbp@demo.smartborder.test');
  const register = (headers: Record<string, string>, port = 'PC-YUL') =>
    p.app.inject({
      method: 'POST',
      url: '/api/v1/lanes/kiosks',
      headers,
      payload: { port, label: 'Hall B kiosk 3' },
    });
  const denied = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from audit_log
        where action = 'access.denied' and detail->>'policy' = 'canAdministerKiosk'`.execute(p.ctx.db)
    ).rows[0].n;
  // At a US preclearance site in Canada, the kiosk lane is CBP's: a CBSA administrator may not register there.
  const before = await denied();
  const refused = await register(cbsa);
  assert.equal(refused.statusCode, 403);
  assert.equal(await denied(), before + 1);
  assert.equal((await register(border)).statusCode, 403);
  const ok = await register(cbp);
  assert.equal(ok.statusCode, 201, ok.body);
  const { kiosk, credential } = ok.json();
  assert.match(credential, /^sbk_/);
  assert.equal(kiosk.status, 'active');
  const [row] = (
    await sql<{ registered_by: string }>`select registered_by from ln_kiosks where id = ${kiosk.id}`.execute(p.ctx.db)
  ).rows;
  assert.equal(row.registered_by, (await p.app.inject({ url: '/api/v1/me', headers: cbp })).json().id);
  assert.equal((await kioskApi(credential, 'PC-YUL')).statusCode, 200);
  const listed = (headers: Record<string, string>) =>
    p.app.inject({ url: '/api/v1/lanes/kiosks?port=PC-YUL', headers }).then((r) => r.json().kiosks);
  assert.ok((await listed(cbp)).some((k: { id: string }) => k.id === kiosk.id));
  assert.deepEqual(await listed(cbsa), []);
  assert.equal((await register(cbp, 'US-0103')).statusCode, 422);
  const revokeAs = (headers: Record<string, string>) =>
    p.app.inject({ method: 'DELETE', url: `/api/v1/lanes/kiosks/${kiosk.id}`, headers });
  assert.equal((await revokeAs(cbsa)).statusCode, 403);
  assert.equal((await revokeAs(cbp)).statusCode, 204);
  assert.equal((await revokeAs(cbp)).statusCode, 404);
  assert.equal((await kioskApi(credential, 'PC-YUL')).statusCode, 401);
});
