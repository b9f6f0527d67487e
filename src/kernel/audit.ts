// The audit log: every view of a person's record and every decision, appended to a keyed hash chain.
// The chain key is derived from the master key, so someone who can write to the database but does not hold the key
// cannot rebuild the chain after changing or deleting an entry.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { z } from 'zod';
import { sql, type RawBuilder } from 'kysely';
import { executeTogether, type DB } from './db.ts';
import { AUDIT_ACTIONS, AUDIT_CATALOGUE, type AuditAction, type AuditDetail } from './audit-catalogue.ts';
import type { AuditLogRow } from './tables.ts';

export interface Actor {
  id: string | null;
  agency: string | null;
  roles: string[];
}
export const SYSTEM_ACTOR: Actor = { id: null, agency: null, roles: ['system'] };

/** One entry of the log: an event of the closed catalogue (audit-catalogue.ts), with a detail of its declared shape. */
export type AuditEntry = {
  [A in AuditAction]: {
    actor: Actor;
    purpose: string;
    subject: string;
    action: A;
  } & DetailOf<A>;
}[AuditAction];
/** The detail may be left out only for an event whose detail has no required field. */
type DetailOf<A extends AuditAction> =
  {} extends AuditDetail<A> ? { detail?: AuditDetail<A> } : { detail: AuditDetail<A> };
export type { AuditAction };
export { AUDIT_ACTIONS };
export type AuditRow = AuditLogRow;

const GENESIS = '0'.repeat(64);

function entryHash(key: Buffer, r: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([
    r.seq,
    new Date(r.at).toISOString(),
    r.actor_id,
    r.actor_agency,
    r.actor_roles,
    r.purpose,
    r.subject,
    r.action,
    sortKeys(r.detail),
    r.prev_hash,
  ]);
  return crypto.createHmac('sha256', key).update(canonical).digest('hex');
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof Date))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/**
 * When set (by the test suite), the names of the events appended are also written to this file, one per line: the
 * suite proves with it that every entry of the catalogue is emitted by some tested code path.
 */
const TRACE_FILE = process.env.SMARTBORDER_AUDIT_TRACE;

/** The entry's detail, checked against its catalogue schema: an unknown event or an undeclared field is refused. */
function checkedDetail(e: AuditEntry): Record<string, unknown> {
  const schema: z.ZodType<Record<string, unknown>> | undefined = AUDIT_CATALOGUE[e.action];
  if (!schema) throw new Error(`audit: '${e.action}' is not in the audit catalogue`);
  const r = schema.safeParse(e.detail ?? {});
  if (!r.success)
    throw new Error(`audit: the detail of '${e.action}' does not match the catalogue: ${r.error.message}`);
  return r.data;
}

export class AuditLog {
  key: Buffer;
  constructor(key: Buffer) {
    this.key = key;
  }
  /** Append within the caller's transaction, so the entry exists exactly when the change it records does. */
  async append(trx: DB, e: AuditEntry): Promise<void> {
    await this.appendMany(trx, [e]);
  }
  /** Several entries in one step of the chain (one lock, one head update, one insert): busy writers batch theirs. */
  async appendMany(trx: DB, entries: AuditEntry[]): Promise<void> {
    await executeTogether(trx, await this.chainStatements(trx, entries));
  }
  /**
   * Takes the chain (one writer at a time, until the caller's transaction ends), reads its head, and returns the two
   * statements that append the entries (head update, entry insert) for the caller to execute in that transaction,
   * alone or together with its own inserts (`executeTogether`): a busy writer then pays one round trip for its batch.
   */
  async chainStatements(trx: DB, entries: AuditEntry[]): Promise<RawBuilder<unknown>[]> {
    if (!entries.length) return [];
    // Checked before the chain is taken: a refused entry never holds the lock.
    const details = entries.map(checkedDetail);
    // The head row, locked: a concurrent writer waits here, then reads the head as that writer left it (READ COMMITTED
    // re-reads a row locked FOR UPDATE once the lock is released). Only the very first append has no head row yet.
    let last = (
      await sql<{ seq: number; hash: string }>`select seq, hash from audit_head where id = 1 for update`.execute(trx)
    ).rows[0];
    if (!last) {
      await sql`select pg_advisory_xact_lock(727274)`.execute(trx);
      last = (
        await sql<{ seq: number; hash: string }>`select seq, hash from audit_log order by seq desc limit 1`.execute(trx)
      ).rows[0];
    }
    let seq = Number(last?.seq ?? 0),
      prevHash = last?.hash ?? GENESIS;
    const at = new Date(Math.floor(Date.now()));
    const rows = entries.map((e, i) => {
      const row = {
        seq: ++seq,
        at,
        actor_id: e.actor.id,
        actor_agency: e.actor.agency,
        actor_roles: e.actor.roles,
        purpose: e.purpose,
        subject: e.subject,
        action: e.action,
        detail: details[i],
        prev_hash: prevHash,
      };
      prevHash = entryHash(this.key, row);
      return { ...row, hash: prevHash };
    });
    if (TRACE_FILE) fs.appendFileSync(TRACE_FILE, `${[...new Set(entries.map((e) => e.action))].join('\n')}\n`);
    return [
      sql`insert into audit_head (id, seq, hash, mac) values (1, ${seq}, ${prevHash}, ${this.headMac(seq, prevHash)})
        on conflict (id) do update set seq = excluded.seq, hash = excluded.hash, mac = excluded.mac`,
      sql`insert into audit_log
        (seq, at, actor_id, actor_agency, actor_roles, purpose, subject, action, detail, prev_hash, hash)
        values ${sql.join(
          rows.map(
            (r) => sql`(${r.seq}, ${r.at}, ${r.actor_id}, ${r.actor_agency}, ${r.actor_roles}, ${r.purpose},
              ${r.subject}, ${r.action}, ${JSON.stringify(r.detail)}::jsonb, ${r.prev_hash}, ${r.hash})`,
          ),
        )}`,
    ];
  }
  headMac(seq: number, hash: string) {
    return crypto.createHmac('sha256', this.key).update(`head|${seq}|${hash}`).digest('hex');
  }

  /** Walks the whole chain; reports the first entry that was changed, removed or inserted, and a truncated tail. */
  async verify(
    db: DB,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{
    ok: boolean;
    entries: number;
    problem?: { seq: number; reason: 'changed' | 'missing' | 'broken_link' | 'head' };
  }> {
    const total = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db)).rows[0].n);
    let prevHash = GENESIS,
      expectSeq = 1,
      done = 0;
    const page = 5000;
    for (;;) {
      const rows = (
        await sql<AuditRow>`select * from audit_log where seq >= ${expectSeq} order by seq limit ${page}`.execute(db)
      ).rows;
      if (rows.length === 0) break;
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== expectSeq) return { ok: false, entries: done, problem: { seq: expectSeq, reason: 'missing' } };
        if (r.prev_hash !== prevHash) return { ok: false, entries: done, problem: { seq, reason: 'broken_link' } };
        const { hash, ...rest } = r;
        if (entryHash(this.key, { ...rest, seq }) !== hash)
          return { ok: false, entries: done, problem: { seq, reason: 'changed' } };
        prevHash = hash;
        expectSeq++;
        done++;
      }
      onProgress?.(done, total);
    }
    const head = (
      await sql<{ seq: number; hash: string; mac: string }>`select seq, hash, mac from audit_head where id = 1`.execute(
        db,
      )
    ).rows[0];
    if (done > 0 || head) {
      if (!head || head.mac !== this.headMac(Number(head.seq), head.hash))
        return { ok: false, entries: done, problem: { seq: expectSeq, reason: 'head' } };
      if (Number(head.seq) !== expectSeq - 1 || head.hash !== prevHash)
        return { ok: false, entries: done, problem: { seq: expectSeq, reason: 'missing' } };
    }
    return { ok: true, entries: done };
  }
}
