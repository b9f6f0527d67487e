// Accounts, Argon2id passwords, server-side sessions, roles and agency scopes (sign-in throttling: throttle.ts).
import crypto from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { DB } from './db.ts';
import { agencyCountry } from './agencies.ts';
import * as store from './store.ts';
import type { UserRow } from './tables.ts';
import { randomToken, sha256 } from './crypto.ts';
import type { Actor } from './audit.ts';
import { AppError } from './errors.ts';

export const ROLES = [
  'applicant',
  'vetting_officer',
  'enrolment_officer',
  'border_officer',
  'targeting_analyst',
  'trade_user',
  'planner',
  'administrator',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];
const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

export interface User {
  id: string;
  email: string;
  kind: 'public' | 'officer';
  agency: string | null;
  country: string | null;
  roles: Role[];
  displayName: string;
  locale: 'en' | 'fr' | 'es';
}
export const actorOf = (u: User | null | undefined): Actor => ({
  id: u?.id ?? null,
  agency: u?.agency ?? null,
  roles: u?.roles ?? [],
});
export const hasRole = (u: User | null | undefined, ...roles: Role[]) => !!u && roles.some((r) => u.roles.includes(r));

// OWASP's Argon2id minimum: 19 MiB memory, 2 iterations, parallelism 1.
const ARGON = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
export const hashPassword = (pw: string) => argonHash(pw, ARGON);
let dummyHash: Promise<string> | undefined;

export const SESSION_TTL_MS = 12 * 3600_000;

function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    kind: r.kind,
    agency: r.agency,
    country: agencyCountry(r.agency),
    roles: r.roles.filter(isRole),
    displayName: r.display_name,
    locale: r.locale,
  };
}

export async function createUser(
  db: DB,
  u: {
    email: string;
    password: string;
    kind: 'public' | 'officer';
    agency?: string | null;
    roles: Role[];
    displayName: string;
    locale?: string;
  },
): Promise<User> {
  const id = crypto.randomUUID();
  const ph = await hashPassword(u.password);
  const locale = u.locale === 'fr' || u.locale === 'es' ? u.locale : 'en';
  const row = await store.insertUser(db, {
    id,
    email: u.email.toLowerCase(),
    kind: u.kind,
    agency: u.agency ?? null,
    roles: u.roles,
    display_name: u.displayName,
    password_hash: ph,
    locale,
  });
  if (!row) throw new AppError(409, 'auth.email_taken');
  return toUser(row);
}

export async function findUserByEmail(db: DB, email: string): Promise<User | null> {
  const row = await store.userByEmail(db, email);
  return row ? toUser(row) : null;
}
export async function getUser(db: DB, id: string): Promise<User | null> {
  const row = await store.userById(db, id);
  return row ? toUser(row) : null;
}

export type SignInResult = { ok: true; user: User; token: string } | { ok: false; user?: User };

/**
 * Checks a password. Argon2 runs for every attempt — against a dummy hash when the e-mail has no account (or a disabled
 * one) and also when `refuse` is set (a paused attempt, throttle.ts) — so that an unknown account, a wrong password
 * and a paused attempt cost the same time and give the same answer. `user` (for the audit) when the account exists.
 */
export async function signIn(
  db: DB,
  email: string,
  password: string,
  opts: { refuse?: boolean } = {},
): Promise<SignInResult> {
  const row = await store.userByEmail(db, email);
  const usable = row && !row.disabled ? row : null;
  dummyHash ??= hashPassword(randomToken(16));
  const good = await argonVerify(usable?.password_hash ?? (await dummyHash), password).catch(() => false);
  if (!usable) return { ok: false };
  if (!good || opts.refuse) return { ok: false, user: toUser(usable) };
  const token = await createSession(db, usable.id);
  return { ok: true, user: toUser(usable), token };
}

export async function createSession(db: DB, userId: string): Promise<string> {
  const token = randomToken();
  await store.insertSession(db, sha256(token), userId, new Date(Date.now() + SESSION_TTL_MS));
  return token;
}

/**
 * Sessions are checked in the database, with a short in-memory cache so that busy API clients (a booth console
 * deciding thousands of crossings) do not cost a query per request. Signing out clears this instance's cache at once;
 * another instance honours it within SESSION_CACHE_MS.
 */
export const SESSION_CACHE_MS = 10_000;
const sessionCache = new Map<string, { user: User; until: number }>();
export async function userForToken(db: DB, token: string): Promise<User | null> {
  const key = sha256(token);
  const hit = sessionCache.get(key);
  if (hit && hit.until > Date.now()) return hit.user;
  const row = await store.userOfSession(db, key);
  if (!row) {
    sessionCache.delete(key);
    return null;
  }
  const user = toUser(row);
  if (sessionCache.size > 10_000) sessionCache.clear();
  sessionCache.set(key, {
    user,
    until: Math.min(Date.now() + SESSION_CACHE_MS, new Date(row.session_expires).getTime()),
  });
  return user;
}
export async function endSession(db: DB, token: string) {
  sessionCache.delete(sha256(token));
  await store.deleteSession(db, sha256(token));
}
export async function endAllSessions(db: DB, userId: string) {
  for (const [k, v] of sessionCache) if (v.user.id === userId) sessionCache.delete(k);
  await store.deleteSessionsOf(db, userId);
}

/**
 * Scopes: an officer sees records of their agency's country only, and for vetting, only programmes their agency vets.
 * Applicants see only their own records. Auditors read the audit log; administrators manage accounts.
 */
export function sameCountry(u: User, country: string) {
  return u.kind === 'officer' && u.country === country;
}
