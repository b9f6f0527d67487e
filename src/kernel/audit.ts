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
import type { AuditCheckpoints, Checkpoint } from './audit-checkpoint.ts';

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

/**
 * Text as the database gives it back: a lone surrogate (which the drivers write as U+FFFD) and NUL (which PostgreSQL
 * refuses in text and jsonb) become U+FFFD. Entries are hashed and stored in this form, so that an entry read back
 * hashes as it did when it was appended: without it, one such character broke the chain for ever.
 */
export function storedText(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g, '\uFFFD');
}
/** Every string of a JSON value (keys too) in its stored form. */
function storedJson(v: unknown): unknown {
  if (typeof v === 'string') return storedText(v);
  if (Array.isArray(v)) return v.map(storedJson);
  if (v && typeof v === 'object' && !(v instanceof Date))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storedText(k), storedJson(x)]));
  return v;
}

/**
 * The hashed form of an entry: JSON with object keys sorted by UTF-16 code units and numbers as ECMAScript prints them,
 * which is the JSON Canonicalization Scheme (RFC 8785) for the values an entry holds.
 */
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

/** What `verify` found wrong, over a range of sequence numbers (`from` = `to` for one entry). */
export type BreakReason =
  /** the entry's content no longer matches its keyed hash */
  | 'changed'
  /** entries removed: the sequence numbers jump */
  | 'missing'
  /** the entry does not follow the entry before it (its previous hash differs) */
  | 'broken_link'
  /** the head row is missing, forged, or does not match the last entry */
  | 'head'
  /** the newest entries are gone: the head or a checkpoint shows a later sequence number than the log has */
  | 'truncated'
  /** the entry at a checkpoint's sequence number has another hash, or a checkpoint line's signature fails */
  | 'checkpoint';
export interface AuditBreak {
  reason: BreakReason;
  from: number;
  to: number;
}
export interface VerifyResult {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** Every break found, in sequence order. */
  breaks: AuditBreak[];
  /** The latest checkpoint the chain was compared with (local or given), if any. */
  checkpoint: Checkpoint | null;
}
type Head = { seq: number; hash: string; mac: string };

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
  /** The signed checkpoints outside the database (none for a log opened without a data directory). */
  checkpoints: AuditCheckpoints | null;
  constructor(key: Buffer, checkpoints: AuditCheckpoints | null = null) {
    this.key = key;
    this.checkpoints = checkpoints;
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
    const details = entries.map((e) => storedJson(checkedDetail(e)) as Record<string, unknown>);
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
        actor_agency: e.actor.agency === null ? null : storedText(e.actor.agency),
        actor_roles: e.actor.roles.map(storedText),
        purpose: storedText(e.purpose),
        subject: storedText(e.subject),
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
  private async readHead(db: DB): Promise<Head | null> {
    const h = (await sql<Head>`select seq, hash, mac from audit_head where id = 1`.execute(db)).rows[0];
    return h ? { seq: Number(h.seq), hash: h.hash, mac: h.mac } : null;
  }

  /**
   * The current head, checked (its MAC, and the entry it names), for a checkpoint; null when the log is empty. A head
   * that does not check is refused: a checkpoint must never anchor a forged state.
   */
  async currentHead(db: DB): Promise<Checkpoint | null> {
    const head = await this.readHead(db);
    if (!head) return null;
    if (head.mac !== this.headMac(head.seq, head.hash)) throw new Error('audit: the head of the chain was altered');
    const entry = (await sql<{ hash: string }>`select hash from audit_log where seq = ${head.seq}`.execute(db)).rows[0];
    if (entry?.hash !== head.hash) throw new Error(`audit: the head names entry ${head.seq}, which does not match`);
    return { seq: head.seq, hash: head.hash, at: new Date().toISOString() };
  }

  /**
   * Writes a checkpoint of the current head to the local file when the head has moved past the latest one. Returns
   * what it wrote (null when nothing was new). A head behind the latest checkpoint is an error: entries were removed.
   */
  async anchor(db: DB): Promise<Checkpoint | null> {
    if (!this.checkpoints) return null;
    const head = await this.currentHead(db);
    if (!head) return null;
    const { checkpoint: latest } = await this.checkpoints.latest();
    if (latest && head.seq < latest.seq)
      throw new Error(`audit: the chain ends at ${head.seq}, but a checkpoint recorded entry ${latest.seq}`);
    if (latest && head.seq === latest.seq) return null;
    return this.checkpoints.append(head);
  }

  /**
   * Walks the whole chain and reports every break (not only the first): changed entries, removed ones (gaps), broken
   * links, a head that is forged or does not match, and newest entries removed (the head or a checkpoint shows a later
   * sequence number). The chain is compared with the latest local checkpoint and with `checkpoints` given. When it is
   * intact, a checkpoint of its head is written (`anchor`).
   */
  async verify(
    db: DB,
    opts: { onProgress?: (done: number, total: number) => void; checkpoints?: Checkpoint[] } = {},
  ): Promise<VerifyResult> {
    const local = this.checkpoints ? await this.checkpoints.latest() : { checkpoint: null, forged: [] };
    const anchors = [...(local.checkpoint ? [local.checkpoint] : []), ...(opts.checkpoints ?? [])];
    // Only the hashes at anchored sequence numbers are kept (not the whole chain in memory).
    const wanted = new Set(anchors.map((a) => a.seq));
    const anchoredHashes = new Map<number, string>();
    const breaks: AuditBreak[] = [];
    const add = (reason: BreakReason, from: number, to = from) => {
      const prev = breaks.at(-1);
      if (prev && prev.reason === reason && prev.to === from - 1) prev.to = to;
      else breaks.push({ reason, from, to });
    };
    for (const seq of local.forged) add('checkpoint', seq);
    const total = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db)).rows[0].n);
    let prevHash = GENESIS,
      lastSeq = 0,
      entries = 0;
    const walk = async (upTo: number | null) => {
      for (;;) {
        const rows = (
          await sql<AuditRow>`select * from audit_log where seq > ${lastSeq}
            ${upTo === null ? sql`` : sql`and seq <= ${upTo}`} order by seq limit ${5000}`.execute(db)
        ).rows;
        if (rows.length === 0) return;
        for (const r of rows) {
          const seq = Number(r.seq);
          if (seq !== lastSeq + 1) add('missing', lastSeq + 1, seq - 1);
          else if (r.prev_hash !== prevHash) add('broken_link', seq);
          const { hash, ...rest } = r;
          if (entryHash(this.key, { ...rest, seq }) !== hash) add('changed', seq);
          prevHash = hash;
          lastSeq = seq;
          entries++;
          if (wanted.has(seq)) anchoredHashes.set(seq, hash);
        }
        opts.onProgress?.(entries, Math.max(total, entries));
      }
    };
    await walk(null);
    // Entries and head are committed together, so entries appended while the walk ran are all visible once their head
    // is read: they are walked too, and only then is the head compared with the end of the chain.
    const head = await this.readHead(db);
    const headOk = head !== null && head.mac === this.headMac(head.seq, head.hash);
    if (headOk && head.seq > lastSeq) await walk(head.seq);
    if (!head) {
      if (entries > 0) add('head', lastSeq);
    } else if (!headOk) add('head', head.seq);
    else if (head.seq < lastSeq || (head.seq === lastSeq && head.hash !== prevHash)) add('head', head.seq);
    // The newest entries removed: the (genuine) head or a checkpoint names an entry past the end of the log.
    const furthest = Math.max(headOk ? head.seq : 0, ...anchors.map((a) => a.seq));
    if (furthest > lastSeq) add('truncated', lastSeq + 1, furthest);
    for (const a of anchors) {
      const h = anchoredHashes.get(a.seq);
      if (h !== undefined && h !== a.hash) add('checkpoint', a.seq);
    }
    breaks.sort((x, y) => x.from - y.from || x.to - y.to);
    const latest = anchors.reduce<Checkpoint | null>((b, a) => (!b || a.seq > b.seq ? a : b), null);
    const result = { ok: breaks.length === 0, entries, breaks, checkpoint: latest };
    if (result.ok) await this.anchor(db).catch(() => null);
    return result;
  }
}
