// Every query of the kernel's own tables (accounts, sessions, outbox, audit listing), typed. The audit chain's
// statements live with the chain in audit.ts, the migration bookkeeping in migrate.ts.
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

export async function setSignInFailures(db: DB, userId: string, failed: number, lockedUntil: Date | null) {
  await db
    .updateTable('users')
    .set({ failed_attempts: failed, locked_until: lockedUntil })
    .where('id', '=', userId)
    .execute();
}

/** Accounts as `smartborder users list` shows them: agencies' officers by agency, the public first. */
export const listUsers = (db: DB) =>
  db
    .selectFrom('users')
    .select(['email', 'kind', 'agency', 'roles'])
    .orderBy('agency', (o) => o.nullsFirst())
    .orderBy('email')
    .execute();

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
