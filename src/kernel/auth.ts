// Accounts, Argon2id passwords, server-side sessions, lock-out, roles and agency scopes.
import crypto from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { sql } from 'kysely';
import type { DB } from './db.ts';
import { randomToken, sha256 } from './crypto.ts';
import type { Actor } from './audit.ts';

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

export const AGENCIES = [
  { code: 'CBSA', country: 'CA', name: 'Canada Border Services Agency' },
  { code: 'CBP', country: 'US', name: 'U.S. Customs and Border Protection' },
  { code: 'INM', country: 'MX', name: 'Instituto Nacional de Migración' },
] as const;
export type AgencyCode = (typeof AGENCIES)[number]['code'];
export const agencyCountry = (code: string | null | undefined) =>
  AGENCIES.find((a) => a.code === code)?.country ?? null;
/** The border agency of a country (the agency that decides entry into it). */
export const countryAgency = (country: string) => AGENCIES.find((a) => a.country === country)?.code ?? null;

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
export const MAX_FAILED = 5;
export const LOCK_MS = 15 * 60_000;

function toUser(r: any): User {
  return {
    id: r.id,
    email: r.email,
    kind: r.kind,
    agency: r.agency,
    country: agencyCountry(r.agency),
    roles: r.roles,
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
  const r = await sql`insert into users (id, email, kind, agency, roles, display_name, password_hash, locale)
    values (${id}, ${u.email.toLowerCase()}, ${u.kind}, ${u.agency ?? null}, ${u.roles}, ${u.displayName}, ${ph}, ${u.locale ?? 'en'}) returning *`.execute(
    db,
  );
  return toUser(r.rows[0]);
}

export async function findUserByEmail(db: DB, email: string): Promise<User | null> {
  const r = await sql`select * from users where email = ${email.toLowerCase()}`.execute(db);
  return r.rows[0] ? toUser(r.rows[0]) : null;
}
export async function getUser(db: DB, id: string): Promise<User | null> {
  const r = await sql`select * from users where id = ${id}`.execute(db);
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

export type SignInResult =
  | { ok: true; user: User; token: string }
  | { ok: false; reason: 'invalid' | 'locked'; user?: User; lockedNow?: boolean };

/** Verifies a password with lock-out after MAX_FAILED consecutive failures; the same answer for unknown e-mail and bad password. */
export async function signIn(db: DB, email: string, password: string): Promise<SignInResult> {
  const r = await sql<any>`select * from users where email = ${email.toLowerCase()}`.execute(db);
  const row = r.rows[0];
  if (!row || row.disabled) {
    // Spend the same time as for a wrong password, so that response times do not reveal which e-mails have accounts.
    dummyHash ??= hashPassword(randomToken(16));
    await argonVerify(await dummyHash, password).catch(() => false);
    return { ok: false, reason: 'invalid' };
  }
  if (row.locked_until && new Date(row.locked_until) > new Date())
    return { ok: false, reason: 'locked', user: toUser(row) };
  const good = await argonVerify(row.password_hash, password).catch(() => false);
  if (!good) {
    const failed = row.failed_attempts + 1;
    const lock = failed >= MAX_FAILED ? new Date(Date.now() + LOCK_MS) : null;
    await sql`update users set failed_attempts = ${lock ? 0 : failed}, locked_until = ${lock} where id = ${row.id}`.execute(
      db,
    );
    return lock
      ? { ok: false, reason: 'locked', user: toUser(row), lockedNow: true }
      : { ok: false, reason: 'invalid', user: toUser(row) };
  }
  await sql`update users set failed_attempts = 0, locked_until = null where id = ${row.id}`.execute(db);
  const token = await createSession(db, row.id);
  return { ok: true, user: toUser(row), token };
}

export async function createSession(db: DB, userId: string): Promise<string> {
  const token = randomToken();
  await sql`insert into sessions (token_hash, user_id, expires_at) values (${sha256(token)}, ${userId}, ${new Date(Date.now() + SESSION_TTL_MS)})`.execute(
    db,
  );
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
  const r = await sql<any>`select u.*, s.expires_at as session_expires from sessions s join users u on u.id = s.user_id
    where s.token_hash = ${key} and s.expires_at > now() and not u.disabled`.execute(db);
  if (!r.rows[0]) {
    sessionCache.delete(key);
    return null;
  }
  const user = toUser(r.rows[0]);
  if (sessionCache.size > 10_000) sessionCache.clear();
  sessionCache.set(key, {
    user,
    until: Math.min(Date.now() + SESSION_CACHE_MS, new Date(r.rows[0].session_expires).getTime()),
  });
  return user;
}
export async function endSession(db: DB, token: string) {
  sessionCache.delete(sha256(token));
  await sql`delete from sessions where token_hash = ${sha256(token)}`.execute(db);
}
export async function endAllSessions(db: DB, userId: string) {
  for (const [k, v] of sessionCache) if (v.user.id === userId) sessionCache.delete(k);
  await sql`delete from sessions where user_id = ${userId}`.execute(db);
}

/**
 * Scopes: an officer sees records of their agency's country only, and for vetting, only programmes their agency vets.
 * Applicants see only their own records. Auditors read the audit log; administrators manage accounts.
 */
export function sameCountry(u: User, country: string) {
  return u.kind === 'officer' && u.country === country;
}
