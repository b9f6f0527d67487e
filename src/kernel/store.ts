// Every query of the kernel's own tables (accounts, sessions, outbox, audit listing), typed. The audit chain's
// statements live with the chain in audit.ts, the migration bookkeeping in migrate.ts.
import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { NewUserRow, UserRow } from './tables.ts';

// ---------- accounts ----------
export const userByEmail = (db: DB, email: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const userById = (db: DB, id: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

/** The new account, or undefined when the e-mail is taken (also by a concurrent sign-up: no unique-violation error). */
export const insertUser = (db: DB, row: NewUserRow): Promise<UserRow | undefined> =>
  db
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();

/** Accounts as `smartborder users list` shows them: agencies' officers by agency, the public first. */
export const listUsers = (db: DB) =>
  db
    .selectFrom('users')
    .select(['email', 'kind', 'agency', 'roles'])
    .orderBy('agency', (o) => o.nullsFirst())
    .orderBy('email')
    .execute();

// ---------- sign-in throttling (keys are keyed hashes: see throttle.ts) ----------
/**
 * Counts one attempt against a key in a fixed window, atomically (an upsert: every worker counts the same row); a
 * window that has ended starts again at `now`. Returns the attempts in the current window and when it started.
 */
export const countSignInAttempt = (db: DB, key: string, now: Date, windowMs: number) => {
  const ended = new Date(now.getTime() - windowMs);
  return db
    .insertInto('sign_in_counters')
    .values({ key, window_start: now, attempts: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        attempts: sql<number>`case when sign_in_counters.window_start <= ${ended} then 1
          else sign_in_counters.attempts + 1 end`,
        window_start: sql<Date>`case when sign_in_counters.window_start <= ${ended} then ${now}::timestamptz
          else sign_in_counters.window_start end`,
      }),
    )
    .returning(['attempts', 'window_start'])
    .executeTakeFirstOrThrow();
};

export const signInFailures = (db: DB, account: string, address: string) =>
  db
    .selectFrom('sign_in_failures')
    .select(['failures', 'paused_until', 'last_success_at'])
    .where('account', '=', account)
    .where('address', '=', address)
    .executeTakeFirst();

/** One more consecutive failure of an account from an address; returns the new count. */
export const addSignInFailure = (db: DB, account: string, address: string, now: Date) =>
  db
    .insertInto('sign_in_failures')
    .values({ account, address, failures: 1, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['account', 'address']).doUpdateSet({
        failures: sql<number>`sign_in_failures.failures + 1`,
        updated_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();

export async function pauseSignIn(db: DB, account: string, address: string, until: Date) {
  await db
    .updateTable('sign_in_failures')
    .set({ paused_until: until })
    .where('account', '=', account)
    .where('address', '=', address)
    .execute();
}

/** A successful sign-in clears the failures of that account from that address and remembers the address. */
export async function signInSucceeded(db: DB, account: string, address: string, now: Date) {
  await db
    .insertInto('sign_in_failures')
    .values({ account, address, failures: 0, last_success_at: now, updated_at: now })
    .onConflict((oc) =>
      oc
        .columns(['account', 'address'])
        .doUpdateSet({ failures: 0, paused_until: null, last_success_at: now, updated_at: now }),
    )
    .execute();
}

/** Forgets counters whose window ended and failure records not touched since `before`. */
export async function pruneSignInThrottle(db: DB, windowEnded: Date, before: Date) {
  await db.deleteFrom('sign_in_counters').where('window_start', '<', windowEnded).execute();
  await db
    .deleteFrom('sign_in_failures')
    .where('updated_at', '<', before)
    .where((eb) => eb.or([eb('paused_until', 'is', null), eb('paused_until', '<', before)]))
    .execute();
}

// ---------- sessions ----------
export async function insertSession(db: DB, tokenHash: string, userId: string, expiresAt: Date) {
  await db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute();
}

/** The account behind a live session, with the session's end; nothing for an expired session or a disabled account. */
export const userOfSession = (db: DB, tokenHash: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select('s.expires_at as session_expires')
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', new Date())
    .where('u.disabled', '=', false)
    .executeTakeFirst();

export async function deleteSession(db: DB, tokenHash: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}
export async function deleteSessionsOf(db: DB, userId: string) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

// ---------- outbox ----------
export async function insertNotification(
  db: DB,
  n: { id: string; userId: string | null; to: string; subject: string; body: string },
) {
  await db
    .insertInto('outbox')
    .values({ id: n.id, user_id: n.userId, to_address: n.to, subject: n.subject, body: n.body })
    .execute();
}

/** E-mails not yet sent, oldest first. */
export const pendingEmails = (db: DB, limit: number) =>
  db
    .selectFrom('outbox')
    .select(['id', 'to_address', 'subject', 'body'])
    .where('sent_at', 'is', null)
    .where('channel', '=', 'email')
    .orderBy('created_at')
    .limit(limit)
    .execute();

/** Marks a notification as being sent; false when another instance claimed it first. */
export async function claimNotification(db: DB, id: string): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ sent_at: new Date() })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Puts a notification whose sending failed back in the queue. */
export async function releaseNotification(db: DB, id: string) {
  await db.updateTable('outbox').set({ sent_at: null }).where('id', '=', id).execute();
}

/** The newest notifications a reader may see: their own, or every one for `all` (administrators). */
export const outboxFor = (db: DB, scope: { all: true } | { userId: string }, limit: number) =>
  db
    .selectFrom('outbox')
    .select(['to_address', 'subject', 'body', 'created_at'])
    .$if(!('all' in scope), (q) => q.where('user_id', '=', 'userId' in scope ? scope.userId : ''))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();

// ---------- audit log, as auditors browse it ----------
/** Which entries an auditor may read: those of their own agency's officers, and those of the public and the system. */
export interface AuditScope {
  agency: string | null;
}

/** A page of the log, newest first; the scope and the filters are conditions of the query, applied before the limit. */
export const auditPage = (
  db: DB,
  scope: AuditScope,
  f: { subject?: string; action?: string; before?: number },
  limit: number,
) =>
  db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'actor_id', 'actor_agency', 'actor_roles', 'purpose', 'subject', 'action', 'detail'])
    .where((eb) =>
      scope.agency === null
        ? eb('actor_agency', 'is', null)
        : eb.or([eb('actor_agency', 'is', null), eb('actor_agency', '=', scope.agency)]),
    )
    .$if(!!f.subject, (q) => q.where('subject', '=', f.subject ?? ''))
    .$if(!!f.action, (q) => q.where('action', '=', f.action ?? ''))
    .$if(f.before !== undefined, (q) => q.where('seq', '<', f.before ?? 0))
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
