// The audit chain against someone who can write to the database but holds neither the key nor the checkpoint file:
// every kind of tampering makes verify fail and names every break (not only the first), on both engines; text that
// the database cannot hold as given (a lone surrogate, NUL) is stored so that the chain still verifies after reading.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { testPlatform, type TestPlatform } from '../helpers.ts';
import { actorOf } from '../../src/kernel/auth.ts';
import { AuditCheckpoints, CheckpointError } from '../../src/kernel/audit-checkpoint.ts';
import type { AuditBreak } from '../../src/kernel/audit.ts';

let p: TestPlatform;
type Row = Record<string, unknown>;
let pristine: { log: Row[]; head: Row[] };

const entry = (i: number, reason = `r${i}`) => ({
  actor: actorOf(null),
  purpose: 'tamper test',
  subject: `crossing:${i}`,
  action: 'crossing.decided' as const,
  detail: { outcome: 'admit', reasons: [reason], port: 'US-2504', lane: 'US-2504-general' },
});
const db = () => p.ctx.db;
const verify = (checkpoints?: Parameters<typeof p.ctx.audit.verify>[1]) => p.ctx.audit.verify(db(), checkpoints);
const lastSeq = async () =>
  Number((await sql<{ n: number }>`select coalesce(max(seq), 0)::int as n from audit_log`.execute(db())).rows[0].n);
const b = (reason: AuditBreak['reason'], from: number, to = from): AuditBreak => ({ reason, from, to });

async function snapshot() {
  const log = (await sql<Row>`select * from audit_log order by seq`.execute(db())).rows.map((r) => ({
    ...r,
    at: new Date(r.at as string).toISOString(),
  }));
  const head = (await sql<Row>`select * from audit_head`.execute(db())).rows;
  return { log, head };
}
async function restore(s: { log: Row[]; head: Row[] }) {
  await db()
    .transaction()
    .execute(async (trx) => {
      await sql`delete from audit_log`.execute(trx);
      await sql`delete from audit_head`.execute(trx);
      const log = JSON.stringify(s.log),
        head = JSON.stringify(s.head);
      await sql`insert into audit_log select * from json_populate_recordset(null::audit_log, ${log}::json)`.execute(
        trx,
      );
      await sql`insert into audit_head select * from json_populate_recordset(null::audit_head, ${head}::json)`.execute(
        trx,
      );
    });
}

before(async () => {
  p = await testPlatform({ seed: false });
  for (let i = 0; i < 12; i++)
    await db()
      .transaction()
      .execute((trx) => p.ctx.audit.append(trx, entry(i)));
  pristine = await snapshot();
});
after(async () => {
  await p?.close();
});
// Every case starts from the intact chain of 12+ entries, anchored by one clean verify (which writes a checkpoint).
beforeEach(async () => {
  await restore(pristine);
  fs.rmSync(p.ctx.audit.checkpoints!.file, { force: true });
  const v = await verify();
  assert.deepEqual(v.breaks, []);
});

test('an intact chain verifies and is anchored in a signed checkpoint outside the database', async () => {
  const n = await lastSeq();
  const v = await verify();
  assert.equal(v.ok, true);
  assert.equal(v.entries, n);
  assert.equal(v.checkpoint?.seq, n, 'compared with the checkpoint the first verify wrote');
  const lines = fs.readFileSync(p.ctx.audit.checkpoints!.file, 'utf8').trim().split('\n');
  assert.equal(lines.length, 1, 'a second verify of the same head writes no new line');
  const line = JSON.parse(lines[0]);
  assert.equal(line.seq, n);
  const head = (await sql<{ hash: string }>`select hash from audit_log where seq = ${n}`.execute(db())).rows[0].hash;
  assert.equal(line.hash, head);
  // The signature is a plain Ed25519 JWS: anyone with the public key checks it.
  const [h, payload, sig] = String(line.jws).split('.');
  const pub = crypto.createPublicKey({ key: p.ctx.audit.checkpoints!.publicJwk, format: 'jwk' });
  assert.equal(crypto.verify(null, Buffer.from(`${h}.${payload}`), pub, Buffer.from(sig, 'base64url')), true);
  assert.deepEqual(JSON.parse(Buffer.from(payload, 'base64url').toString()), { seq: n, hash: head, at: line.at });
});

test('one entry changed: verify fails and names it', async () => {
  const forged = JSON.stringify({ outcome: 'refer', reasons: [], port: 'US-2504', lane: 'x' });
  await sql`update audit_log set detail = ${forged}::jsonb where seq = 4`.execute(db());
  const v = await verify();
  assert.equal(v.ok, false);
  assert.deepEqual(v.breaks, [b('changed', 4)]);
});

test('several tamperings: every break is reported, not only the first', async () => {
  await sql`update audit_log set purpose = 'forged' where seq = 2`.execute(db());
  await sql`delete from audit_log where seq in (5, 6, 7)`.execute(db());
  await sql`update audit_log set subject = 'crossing:other' where seq = 10`.execute(db());
  const v = await verify();
  assert.deepEqual(v.breaks, [b('changed', 2), b('missing', 5, 7), b('changed', 10)]);
  assert.equal(v.entries, (await lastSeq()) - 3);
});

test('entries deleted in the middle are reported as one range', async () => {
  await sql`delete from audit_log where seq between 3 and 8`.execute(db());
  assert.deepEqual((await verify()).breaks, [b('missing', 3, 8)]);
});

test('an entry moved (re-numbered) breaks its link', async () => {
  const n = await lastSeq();
  // Entry n, moved into the gap left by entry 6: its own hash still holds (the key made it), but not where it is.
  await sql`delete from audit_log where seq = 6`.execute(db());
  await sql`update audit_log set seq = 6 where seq = ${n}`.execute(db());
  const v = await verify();
  assert.ok(v.breaks.some((x) => x.reason === 'broken_link' && x.from === 6));
  assert.ok(v.breaks.some((x) => x.reason === 'truncated' && x.to === n));
});

test('every entry and the head deleted: verify fails (the checkpoint remembers the chain)', async () => {
  const n = await lastSeq();
  await sql`delete from audit_log`.execute(db());
  await sql`delete from audit_head`.execute(db());
  const v = await verify();
  assert.equal(v.ok, false);
  assert.equal(v.entries, 0);
  assert.deepEqual(v.breaks, [b('truncated', 1, n)]);
});

test('newest entries deleted and an older head put back: the checkpoint shows the later sequence number', async () => {
  const n = await lastSeq();
  // The attacker kept a copy of the head row (with its genuine MAC) from when the chain ended at entry 8.
  const old = (await sql<Row>`select hash from audit_log where seq = 8`.execute(db())).rows[0].hash as string;
  const oldHead = { seq: 8, hash: old, mac: p.ctx.audit.headMac(8, old) };
  await sql`delete from audit_log where seq > 8`.execute(db());
  await sql`update audit_head set seq = ${oldHead.seq}, hash = ${oldHead.hash}, mac = ${oldHead.mac}`.execute(db());
  const v = await verify();
  assert.equal(v.ok, false);
  assert.deepEqual(v.breaks, [b('truncated', 9, n)]);
  // The in-database head alone would have seen nothing: without the checkpoint the shorter chain looks whole.
  fs.rmSync(p.ctx.audit.checkpoints!.file);
  assert.deepEqual((await verify()).breaks, []);
});

test('a checkpoint kept elsewhere catches the truncation when the local file is gone too', async () => {
  const n = await lastSeq();
  const kept = await p.ctx.audit.checkpoints!.sign((await p.ctx.audit.currentHead(db()))!);
  const old = (await sql<Row>`select hash from audit_log where seq = 5`.execute(db())).rows[0].hash as string;
  await sql`delete from audit_log where seq > 5`.execute(db());
  await sql`update audit_head set seq = 5, hash = ${old}, mac = ${p.ctx.audit.headMac(5, old)}`.execute(db());
  fs.rmSync(p.ctx.audit.checkpoints!.file);
  const given = await p.ctx.audit.checkpoints!.parse(JSON.stringify(kept));
  const v = await verify({ checkpoints: given });
  assert.deepEqual(v.breaks, [b('truncated', 6, n)]);
  assert.equal(v.checkpoint?.seq, n);
});

test('a head rewritten without the key, deleted, or behind the last entry: a break', async () => {
  const n = await lastSeq();
  await sql`update audit_head set seq = ${n - 1}`.execute(db());
  assert.deepEqual((await verify()).breaks, [b('head', n - 1)]);
  await restore(pristine);
  await sql`delete from audit_head`.execute(db());
  assert.deepEqual((await verify()).breaks, [b('head', n)], 'the head row deleted');
  await restore(pristine);
  const h = (await sql<Row>`select hash from audit_log where seq = 3`.execute(db())).rows[0].hash as string;
  // A genuine older head left in place while the entries after it stay: the head is behind the chain.
  await sql`update audit_head set seq = 3, hash = ${h}, mac = ${p.ctx.audit.headMac(3, h)}`.execute(db());
  assert.deepEqual((await verify()).breaks, [b('head', 3)]);
});

test('checkpoints: a forged line in the file is a break; a checkpoint of another key is refused', async () => {
  const n = await lastSeq();
  fs.appendFileSync(
    p.ctx.audit.checkpoints!.file,
    `${JSON.stringify({ seq: n + 50, hash: 'x', at: 'y', jws: 'a.b.c' })}\n`,
  );
  assert.deepEqual((await verify()).breaks, [b('checkpoint', n + 50)]);
  const other = new AuditCheckpoints(crypto.randomBytes(32), p.dataDir);
  const foreign = await other.sign({ seq: 3, hash: 'f'.repeat(64), at: new Date().toISOString() });
  await assert.rejects(p.ctx.audit.checkpoints!.parse(foreign.jws), CheckpointError);
  // Signed by this key, but the entry at its sequence number has another hash: history was rewritten.
  fs.rmSync(p.ctx.audit.checkpoints!.file);
  const wrong = await p.ctx.audit.checkpoints!.sign({ seq: 3, hash: 'f'.repeat(64), at: new Date().toISOString() });
  const v = await verify({ checkpoints: await p.ctx.audit.checkpoints!.parse(wrong.jws) });
  assert.deepEqual(v.breaks, [b('checkpoint', 3)]);
});

test('a lone surrogate or NUL in an entry is stored as U+FFFD and the chain verifies after reading back', async () => {
  const n = await lastSeq();
  await db()
    .transaction()
    .execute((trx) =>
      p.ctx.audit.append(trx, {
        ...entry(99, 'lone \uD800 high, lone \uDC00 low, nul \u0000 end, pair \uD83D\uDE00 kept'),
        subject: 'crossing:\uDBFF',
        purpose: 'tamper test \u0000',
      }),
    );
  const row = (await sql<Row>`select subject, purpose, detail from audit_log where seq = ${n + 1}`.execute(db()))
    .rows[0];
  assert.equal(row.subject, 'crossing:\uFFFD');
  assert.equal(row.purpose, 'tamper test \uFFFD');
  assert.deepEqual((row.detail as { reasons: string[] }).reasons, [
    'lone \uFFFD high, lone \uFFFD low, nul \uFFFD end, pair \uD83D\uDE00 kept',
  ]);
  const v = await verify();
  assert.deepEqual(v.breaks, []);
  assert.equal(v.entries, n + 1);
});

test('the server anchors the head at start, as the chain grows, and at stop: whole lines, one writer', async () => {
  const { anchorAuditChain } = await import('../../src/server.ts');
  const file = p.ctx.audit.checkpoints!.file;
  fs.rmSync(file, { force: true });
  const n = await lastSeq();
  const anchor = anchorAuditChain(p.ctx);
  const lines = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  for (let i = 0; i < 50 && lines().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(lines().length, 1, 'anchored at start');
  await db()
    .transaction()
    .execute((trx) => p.ctx.audit.appendMany(trx, [entry(200), entry(201)]));
  await anchor.stop();
  const seqs = (await p.ctx.audit.checkpoints!.parse(lines().join('\n'))).map((c) => c.seq);
  assert.deepEqual(seqs, [n, n + 2]);
  // A stop with nothing new writes nothing.
  await p.ctx.audit.anchor(db());
  assert.equal(lines().length, 2);
  // A head behind the latest checkpoint is refused (entries were removed), and nothing is anchored.
  await restore(pristine);
  await assert.rejects(p.ctx.audit.anchor(db()), /a checkpoint recorded entry/);
  assert.equal(lines().length, 2);
});

test('auditors see every break on the page (localized) and in the API', async () => {
  const { createUser } = await import('../../src/kernel/auth.ts');
  const { bearer } = await import('../helpers.ts');
  const email = `auditor.${crypto.randomBytes(3).toString('hex')}@audit.test`;
  await createUser(db(), {
    email,
    password: 'long enough password',
    kind: 'officer',
    agency: 'CBSA',
    roles: ['auditor'],
    displayName: 'Auditor',
  });
  const h = await bearer(p, email, 'long enough password');
  await restore(pristine);
  const intact = await p.app.inject({ url: '/api/v1/audit/verify', headers: h });
  assert.equal(intact.statusCode, 200);
  assert.equal(intact.json().ok, true);
  await sql`update audit_log set purpose = 'forged' where seq in (2, 3)`.execute(db());
  await sql`delete from audit_log where seq = 7`.execute(db());
  const api = (await p.app.inject({ url: '/api/v1/audit/verify', headers: h })).json();
  assert.equal(api.ok, false);
  assert.deepEqual(api.breaks, [b('changed', 2, 3), b('missing', 7)]);
  const page = await p.app.inject({ url: '/fr/audit?verify=1', headers: h });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /2 ruptures trouvées/);
  assert.match(page.body, /Entrées 2 à 3\u202f: l’entrée a été modifiée/u);
  assert.match(page.body, /Entrée 7\u202f: supprimée du journal/u);
});
