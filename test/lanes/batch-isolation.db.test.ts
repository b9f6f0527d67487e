// One bad decision in a group-commit batch is refused alone: its neighbours are recorded and answered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { testPlatform, type TestPlatform } from '../helpers.ts';
import { CrossingWriter, type CrossingRecord } from '../../src/modules/lanes/service/crossing-writer.ts';
import { AppError } from '../../src/kernel/errors.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform();
});
after(async () => {
  await p?.close();
});

const record = (officerId: string | null): CrossingRecord => {
  const id = crypto.randomUUID();
  const now = new Date();
  return {
    crossing: {
      id,
      portId: 'US-0901',
      laneId: 'US-0901-trusted',
      laneType: 'trusted',
      direction: 'US',
      mode: 'primary',
      queueJoinedAt: null,
      boothStartedAt: now,
      decidedAt: now,
      outcome: 'admit',
      reasons: ['lanes.reason.member'],
      occupants: 1,
      members: 1,
      hits: 0,
      processingMicros: 10,
      country: 'US',
      agency: 'CBP',
      officerId,
      kioskId: null,
    },
    audit: {
      actor: { id: null, agency: 'CBP', roles: ['border_officer'] },
      purpose: 'primary inspection',
      subject: `crossing:${id}`,
      action: 'crossing.decided',
      detail: { outcome: 'admit', reasons: ['lanes.reason.member'], port: 'US-0901', lane: 'US-0901-trusted' },
    },
    referral: null,
    screens: [],
  };
};

test('a record the database refuses fails alone; the six others of its batch are committed', async () => {
  const writer = new CrossingWriter(p.ctx, p.modules.lookouts);
  // 'not-a-uuid' is refused by the database (uuid column): the whole batch's statement fails with it
  const records = [record(null), record(null), record(null), record('not-a-uuid'), record(null), record(null)];
  records.push(record(null));
  const settled = await Promise.allSettled(records.map((r) => writer.write(r)));
  const refused = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ i, reason: s.reason }] : []));
  assert.equal(refused.length, 1, JSON.stringify(refused));
  assert.equal(refused[0].i, 3);
  assert.ok(refused[0].reason instanceof AppError);
  assert.equal(refused[0].reason.status, 422);
  assert.equal(refused[0].reason.key, 'lanes.err.not_recordable');
  const ids = records.map((r) => r.crossing.id);
  const rows = (
    await sql<{ id: string }>`select id from ln_crossings where id = any(${ids}::uuid[])`.execute(p.ctx.db)
  ).rows.map((r) => r.id);
  assert.deepEqual(rows.sort(), ids.filter((_, i) => i !== 3).sort());
  // the refused record left no audit entry behind, and the chain is whole
  const subjects = records.map((r) => r.audit.subject);
  const audited = (
    await sql<{ subject: string }>`select subject from audit_log where subject = any(${subjects}::text[])`.execute(
      p.ctx.db,
    )
  ).rows.map((r) => r.subject);
  assert.equal(audited.length, 6);
  assert.ok(!audited.includes(subjects[3]));
  assert.equal((await p.ctx.audit.verify(p.ctx.db)).ok, true);
});
