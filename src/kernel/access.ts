// The access contract every module's access.ts is written on. A policy has a name and one home: it answers whether an
// actor may read or change one record. A refusal is audited (`access.denied`, with actor, policy and subject) in its
// own transaction, so the entry stays although the request fails, and is answered as "not found" when telling that
// the record exists would already say too much. Queue scopes are not policies over one record but SQL conditions that
// each module's store applies before any LIMIT (see the modules' access.ts).
import type { User } from './auth.ts';
import { actorOf } from './auth.ts';
import type { AuditLog } from './audit.ts';
import type { DB } from './db.ts';
import { AppError, forbidden, notFound } from './errors.ts';

export interface Policy<S> {
  /** The policy's name, as the audit log and docs/architecture.md give it (e.g. `canReadApplication`). */
  readonly name: string;
  allows(user: User, subject: S): boolean;
}

/** Names a policy: `export const canReadLookout = policy('canReadLookout', (u, l: LookoutRow) => …)`. */
export function policy<S>(name: string, allows: (user: User, subject: S) => boolean): Policy<S> {
  return { name, allows };
}

export interface Guard {
  /**
   * Asks the policy; when it refuses, audits `access.denied` and throws 404 (`hide`, the default: the record's
   * existence is itself protected) or 403.
   */
  require<S>(
    user: User,
    p: Policy<S>,
    subject: S,
    ref: string,
    opts?: { hide?: boolean; operation?: string },
  ): Promise<void>;
  /**
   * A desk or an operation that reads no record yet (a queue page, the screening form, the console): the signed-in
   * user when the policy (over `null`) admits them; refused, audited and 403. Nobody signed in is 401 and is not
   * audited (there is no actor: anyone could fill the log with anonymous requests).
   */
  admit(user: User | null | undefined, p: Policy<null>, ref: string, opts?: { operation?: string }): Promise<User>;
  /** Audits a refusal decided elsewhere (a role check before any record is read) and returns the error to throw. */
  denied(
    user: User | null,
    policyName: string,
    ref: string,
    opts?: { hide?: boolean; operation?: string },
  ): Promise<Error>;
}

export function createGuard(deps: { db: DB; audit: AuditLog }): Guard {
  const denied: Guard['denied'] = async (user, policyName, ref, opts = {}) => {
    await deps.db.transaction().execute((trx) =>
      deps.audit.append(trx, {
        actor: actorOf(user),
        purpose: 'access control',
        subject: ref,
        action: 'access.denied',
        detail: { policy: policyName, ...(opts.operation ? { operation: opts.operation } : {}) },
      }),
    );
    return opts.hide === false ? forbidden() : notFound();
  };
  const require: Guard['require'] = async (user, p, subject, ref, opts = {}) => {
    if (p.allows(user, subject)) return;
    throw await denied(user, p.name, ref, opts);
  };
  return {
    denied,
    require,
    async admit(user, p, ref, opts = {}) {
      if (!user) throw new AppError(401, 'errors.unauthorized');
      await require(user, p, null, ref, { ...opts, hide: false });
      return user;
    },
  };
}
