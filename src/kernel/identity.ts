// Identity workflows that every sign-in path shares (pages and API): each one audited in the transaction of its change.
import { actorOf, createSession, createUser, endAllSessions, endSession, signIn, type User } from './auth.ts';
import type { Ctx } from './context.ts';
import { admitAttempt, recordFailure, recordSuccess, throttleKeys } from './throttle.ts';

export type SignInOutcome =
  | { ok: true; user: User; token: string }
  /** A wrong password, an unknown or disabled account, and an attempt from a paused address: one answer. */
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Signs in from a client address, throttled (throttle.ts); the attempt is audited against the account when one
 * exists: `auth.sign_in`, `auth.sign_in_failed`, or `auth.throttled` when this failure pauses the address.
 */
export async function signInAudited(
  ctx: Ctx,
  email: string,
  password: string,
  address: string,
): Promise<SignInOutcome> {
  const keys = throttleKeys(ctx.cipher.keys.index, email, address);
  const gate = await admitAttempt(ctx.db, ctx.config, keys);
  if (!gate.ok) return { ok: false, reason: 'rate_limited', retryAfterSeconds: gate.retryAfterSeconds };
  const r = await signIn(ctx.db, email, password, { refuse: gate.paused });
  let pause = 0;
  if (r.ok) await recordSuccess(ctx.db, keys);
  else if (!gate.paused) pause = await recordFailure(ctx.db, keys);
  const user = r.user;
  if (user) {
    const base = { actor: actorOf(user), purpose: 'authentication', subject: `user:${user.id}` };
    await ctx.db
      .transaction()
      .execute((trx) =>
        ctx.audit.append(
          trx,
          r.ok
            ? { ...base, action: 'auth.sign_in' }
            : pause
              ? { ...base, action: 'auth.throttled', detail: { seconds: pause / 1000 } }
              : { ...base, action: 'auth.sign_in_failed' },
        ),
      );
  }
  return r.ok ? r : { ok: false, reason: 'invalid' };
}

/**
 * Sign-up is a credential route too: it counts against the same per-address and per-account rates as signing in.
 * Returns the seconds to wait when refused, else null.
 */
export async function admitSignUp(ctx: Ctx, email: string, address: string): Promise<number | null> {
  const gate = await admitAttempt(ctx.db, ctx.config, throttleKeys(ctx.cipher.keys.index, email, address));
  return gate.ok ? null : gate.retryAfterSeconds;
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
