// Identity workflows that every sign-in path shares (pages and API): each one audited in the transaction of its change.
import { actorOf, createSession, createUser, endAllSessions, endSession, signIn, type User } from './auth.ts';
import type { Ctx } from './context.ts';

/** Signs in; the attempt is audited against the account when one exists (success, failure, lock-out). */
export async function signInAudited(ctx: Ctx, email: string, password: string) {
  const r = await signIn(ctx.db, email, password);
  const user = r.user;
  if (user) {
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'authentication',
        subject: `user:${user.id}`,
        action: r.ok ? 'auth.sign_in' : r.lockedNow ? 'auth.locked' : 'auth.sign_in_failed',
      }),
    );
  }
  return r;
}

/** Creates an applicant's account and its first session, in one transaction. */
export async function registerApplicant(
  ctx: Ctx,
  b: { email: string; password: string; displayName: string; locale: string },
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const user = await createUser(trx, {
      email: b.email,
      password: b.password,
      kind: 'public',
      roles: ['applicant'],
      displayName: b.displayName,
      locale: b.locale,
    });
    await ctx.audit.append(trx, {
      actor: actorOf(user),
      purpose: 'registration',
      subject: `user:${user.id}`,
      action: 'user.created',
      detail: { roles: ['applicant'], agency: null },
    });
    return createSession(trx, user.id);
  });
}

/**
 * Ends one session: `auth.sign_out` from the pages (a person signing out), `session.ended` when an API client ends
 * its bearer token.
 */
export async function signOut(ctx: Ctx, user: User, token: string, via: 'page' | 'api') {
  await endSession(ctx.db, token);
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(trx, {
      actor: actorOf(user),
      purpose: 'authentication',
      subject: `user:${user.id}`,
      action: via === 'page' ? 'auth.sign_out' : 'session.ended',
    }),
  );
}

/** Ends every session of the account, on every device and API client. */
export async function signOutEverywhere(ctx: Ctx, user: User) {
  await endAllSessions(ctx.db, user.id);
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(trx, {
      actor: actorOf(user),
      purpose: 'authentication',
      subject: `user:${user.id}`,
      action: 'auth.sign_out_everywhere',
    }),
  );
}
