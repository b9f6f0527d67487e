import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testPlatform, bearer, engine, type TestPlatform } from '../helpers.ts';
import { migrate, listMigrations } from '../../src/kernel/migrate.ts';
import { actorOf } from '../../src/kernel/auth.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform();
});
after(async () => {
  await p?.close();
});

test('migrations are recorded with checksums and re-running applies nothing', async () => {
  const rows = (await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(p.ctx.db)).rows[0].n;
  assert.equal(rows, listMigrations().length);
  assert.deepEqual(await migrate(p.ctx.database), []);
});

test('a migration changed after it ran is refused', async () => {
  const first = listMigrations()[0];
  await sql`update schema_migrations set checksum = 'tampered'
    where module = ${first.module} and name = ${first.name}`.execute(p.ctx.db);
  await assert.rejects(migrate(p.ctx.database), /was changed after it was applied/);
  await sql`update schema_migrations set checksum = ${first.checksum}
    where module = ${first.module} and name = ${first.name}`.execute(p.ctx.db);
});

test('sign-in issues a session with the agency and country of the account', async () => {
  const ok = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    payload: { email: 'planner.cbp@demo.smartborder.test', password: 'demo-password-2026' },
  });
  assert.equal(ok.statusCode, 201);
  const me = await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${ok.json().token}` } });
  assert.equal(me.json().agency, 'CBP');
  assert.equal(me.json().country, 'US');
});

test('sign-out everywhere ends every session of the account', async () => {
  const a = await bearer(p, 'auditor.inm@demo.smartborder.test');
  const b = await bearer(p, 'auditor.inm@demo.smartborder.test');
  assert.equal((await p.app.inject({ method: 'DELETE', url: '/api/v1/auth/sessions', headers: a })).statusCode, 204);
  assert.equal((await p.app.inject({ url: '/api/v1/me', headers: b })).statusCode, 401);
});

test('errors are RFC 9457 problems in the requested language', async () => {
  const r = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sessions',
    headers: { 'accept-language': 'fr-CA' },
    payload: { email: 'not-an-email', password: '' },
  });
  assert.equal(r.statusCode, 400);
  const body = r.json();
  assert.equal(body.status, 400);
  assert.ok(body.errors.some((e: any) => e.path === 'email'));
  assert.notEqual(body.detail, 'The request has invalid fields.');
});

test('forms without the CSRF token are refused', async () => {
  const r = await p.app.inject({
    method: 'POST',
    url: '/en/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: 'email=a%40b.c&password=x',
  });
  assert.equal(r.statusCode, 403);
  assert.match(r.body, /form expired/);
});

test('pages, API answers and errors carry the security headers (CSP, HSTS, nosniff, no framing)', async () => {
  for (const url of ['/en/', '/api/v1/ports', '/api/v1/no-such-thing']) {
    const r = await p.app.inject({ url });
    assert.match(String(r.headers['content-security-policy']), /default-src 'self'.*frame-ancestors 'none'/, url);
    assert.match(String(r.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/, url);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', url);
    assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN', url);
  }
});

test('the OpenAPI 3.1 document lists the API', async () => {
  const r = await p.app.inject({ url: '/openapi.json' });
  assert.equal(r.json().openapi, '3.1.0');
  assert.ok(r.json().paths['/api/v1/auth/sessions']);
});

test('the audit log refuses an event outside the catalogue and a detail of another shape', async () => {
  const base = { actor: actorOf(null), purpose: 'test', subject: 'catalogue:check' };
  await assert.rejects(
    p.ctx.db.transaction().execute((trx) =>
      // @ts-expect-error an event name the catalogue does not hold
      p.ctx.audit.append(trx, { ...base, action: 'crossing.teleported' }),
    ),
    /not in the audit catalogue/,
  );
  await assert.rejects(
    p.ctx.db.transaction().execute((trx) =>
      // @ts-expect-error a field the catalogue does not declare (personal data must never slip into a detail)
      p.ctx.audit.append(trx, { ...base, action: 'auth.sign_in', detail: { name: 'Marie Tremblay' } }),
    ),
    /does not match the catalogue/,
  );
  const n = await sql<{
    n: number;
  }>`select count(*)::int as n from audit_log where subject = 'catalogue:check'`.execute(p.ctx.db);
  assert.equal(n.rows[0].n, 0);
});

test('entries appended together extend the chain in order, and vanish with their transaction', async () => {
  const before = (await sql<{ seq: number }>`select coalesce(max(seq), 0)::int as seq from audit_log`.execute(p.ctx.db))
    .rows[0].seq;
  const entry = (i: number) => ({
    actor: actorOf(null),
    purpose: 'test',
    subject: `batch:${i}`,
    action: 'crossing.decided' as const,
    detail: { outcome: 'admit', reasons: [`r${i}`], port: 'US-2504', lane: 'US-2504-general' },
  });
  await p.ctx.db.transaction().execute(async (trx) => {
    await p.ctx.audit.appendMany(trx, [entry(1), entry(2), entry(3)]);
    await p.ctx.audit.append(trx, entry(4));
  });
  await assert.rejects(
    p.ctx.db.transaction().execute(async (trx) => {
      await p.ctx.audit.appendMany(trx, [entry(5), entry(6)]);
      throw new Error('crash mid-way');
    }),
  );
  const rows = (await sql<any>`select seq, subject from audit_log where seq > ${before} order by seq`.execute(p.ctx.db))
    .rows;
  assert.deepEqual(
    rows.map((r) => [Number(r.seq), r.subject]),
    [1, 2, 3, 4].map((i) => [before + i, `batch:${i}`]),
  );
  const v4 = await p.ctx.audit.verify(p.ctx.db);
  assert.deepEqual([v4.ok, v4.entries, v4.breaks], [true, before + 4, []]);
});

test('concurrent transactions appending to the audit chain wait for one another, leaving one valid chain', async () => {
  const before = (await sql<{ seq: number }>`select coalesce(max(seq), 0)::int as seq from audit_log`.execute(p.ctx.db))
    .rows[0].seq;
  const entry = (i: number) => ({
    actor: actorOf(null),
    purpose: 'test',
    subject: `concurrent:${i}`,
    action: 'auth.sign_in' as const,
  });
  // On PostgreSQL these run on several pooled connections at once; each holds the chain from its head read to commit.
  await Promise.all(
    Array.from({ length: 24 }, (_, i) =>
      p.ctx.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await p.ctx.audit.appendMany(trx, [entry(2 * i), entry(2 * i + 1)]);
      }),
    ),
  );
  const seqs = (
    await sql<{ seq: number }>`select seq from audit_log where seq > ${before} order by seq`.execute(p.ctx.db)
  ).rows.map((r) => Number(r.seq));
  assert.deepEqual(
    seqs,
    Array.from({ length: 48 }, (_, i) => before + i + 1),
  );
  const v48 = await p.ctx.audit.verify(p.ctx.db);
  assert.deepEqual([v48.ok, v48.entries, v48.breaks], [true, before + 48, []]);
});

test('audit verify detects a changed and a removed entry', async () => {
  for (let i = 0; i < 3; i++)
    await p.ctx.db.transaction().execute((trx) =>
      p.ctx.audit.append(trx, {
        actor: actorOf(null),
        purpose: 'test',
        subject: `test:${i}`,
        action: 'application.viewed',
      }),
    );
  assert.equal((await p.ctx.audit.verify(p.ctx.db)).ok, true);
  const last = (await sql<{ seq: number }>`select max(seq)::int as seq from audit_log`.execute(p.ctx.db)).rows[0].seq;
  await sql`update audit_log set subject = 'test:forged' where seq = ${last - 1}`.execute(p.ctx.db);
  const changed = await p.ctx.audit.verify(p.ctx.db);
  assert.deepEqual(changed.breaks, [{ reason: 'changed', from: last - 1, to: last - 1 }]);
  await sql`update audit_log set subject = 'test:1' where seq = ${last - 1}`.execute(p.ctx.db);
  assert.equal((await p.ctx.audit.verify(p.ctx.db)).ok, true);
  // Removing the newest entries leaves a valid shorter chain: the keyed head catches it.
  const tail = (await sql<any>`select * from audit_log where seq = ${last}`.execute(p.ctx.db)).rows[0];
  await sql`delete from audit_log where seq = ${last}`.execute(p.ctx.db);
  assert.deepEqual((await p.ctx.audit.verify(p.ctx.db)).breaks, [{ reason: 'truncated', from: last, to: last }]);
  const prior = (await sql<{ hash: string }>`select hash from audit_log where seq = ${last - 1}`.execute(p.ctx.db))
    .rows[0].hash;
  await sql`update audit_head set seq = ${last - 1}, hash = ${prior} where id = 1`.execute(p.ctx.db);
  assert.deepEqual(
    (await p.ctx.audit.verify(p.ctx.db)).breaks.map((b) => b.reason),
    // the head rewritten without the key is refused; the checkpoint written by the last clean verify names `last`
    ['head', 'truncated'],
  );
  const restored = JSON.stringify({ ...tail, at: new Date(tail.at).toISOString() });
  await sql`insert into audit_log select * from json_populate_record(null::audit_log, ${restored}::json)`.execute(
    p.ctx.db,
  );
  const mac = p.ctx.audit.headMac(last, tail.hash);
  await sql`update audit_head set seq = ${last}, hash = ${tail.hash}, mac = ${mac} where id = 1`.execute(p.ctx.db);
  assert.equal((await p.ctx.audit.verify(p.ctx.db)).ok, true);
  await sql`delete from audit_log where seq = ${last - 2}`.execute(p.ctx.db);
  const removed = await p.ctx.audit.verify(p.ctx.db);
  assert.equal(removed.ok, false);
  assert.deepEqual(removed.breaks, [{ reason: 'missing', from: last - 2, to: last - 2 }]);
});

test("auditors browse the entries of their own agency (and of the public), not other agencies'", async () => {
  await bearer(p, 'vetting.cbsa@demo.smartborder.test');
  await bearer(p, 'vetting.inm@demo.smartborder.test');
  const entries = (
    await p.app.inject({
      url: '/api/v1/audit?limit=500',
      headers: await bearer(p, 'auditor.cbsa@demo.smartborder.test'),
    })
  ).json().entries;
  assert.ok(entries.some((e: any) => e.agency === 'CBSA'));
  assert.ok(entries.every((e: any) => e.agency === null || e.agency === 'CBSA'));
  assert.equal(
    (await p.app.inject({ url: '/api/v1/audit', headers: await bearer(p, 'applicant@demo.smartborder.test') }))
      .statusCode,
    403,
  );
});

test('serve on PGlite gives the planner statistics (PGlite runs no autovacuum)', {
  skip: engine !== 'pglite' && 'PostgreSQL analyses by itself',
}, async () => {
  const { serve } = await import('../../src/server.ts');
  const tuples = async () =>
    Number(
      (
        await sql<{ n: number }>`select reltuples::float8 as n from pg_class where relname = 'ln_ports'`.execute(
          p.ctx.db,
        )
      ).rows[0].n,
    );
  assert.equal(await tuples(), -1, 'never analysed before');
  await serve(p);
  for (let i = 0; i < 100 && (await tuples()) < 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok((await tuples()) > 0);
});
