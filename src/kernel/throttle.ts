// Sign-in throttling, one for every credential route (the sign-in page, the API session, sign-up in both): a rate
// limit per client address and per account, counted together across routes, and a progressive pause per (account,
// address) instead of an account lock-out. The counters are rows in the database (store.ts: sign_in_counters,
// sign_in_failures), updated by atomic upserts, so `serve --workers N` counts every attempt once whichever process
// answers it; an in-memory counter would let each worker grant the whole allowance again.
//
// Nothing here can lock an account: a pause applies only to the address that failed, and the per-account ceiling
// (against guessing spread over many addresses) only slows the account for the rest of a one-minute window, and spares
// the addresses that signed in to it recently. Keys are keyed hashes of the e-mail address and of the client address
// (HMAC, blind-index key), built the same way whether or not the account exists.
import crypto from 'node:crypto';
import type { Config } from './config.ts';
import type { DB } from './db.ts';
import * as store from './store.ts';

export const WINDOW_MS = 60_000;
/** Failures of one account from one address before a pause. */
export const FREE_FAILURES = 5;
/** The first pause; each further failure (once the pause is over) doubles it, up to MAX_PAUSE_MS. */
export const FIRST_PAUSE_MS = 60_000;
export const MAX_PAUSE_MS = 24 * 3600_000;
/** How long an address that signed in to an account is spared that account's ceiling. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;

/** The pause after `failures` consecutive failures of an account from an address (0: none). Pure. */
export function pauseAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.min(failures - FREE_FAILURES, 30));
}

export interface ThrottleKeys {
  account: string;
  address: string;
}
/** Keyed hashes of the e-mail address (as typed, trimmed and lower-cased) and of the client address. */
export function throttleKeys(indexKey: Buffer, email: string, address: string): ThrottleKeys {
  const h = (kind: string, v: string) =>
    crypto.createHmac('sha256', indexKey).update(`sign-in\u0000${kind}\u0000${v}`).digest('base64url').slice(0, 32);
  return { account: h('account', email.trim().toLowerCase()), address: h('address', address) };
}

export type Gate = { ok: true; paused: boolean } | { ok: false; retryAfterSeconds: number };

let attemptsSincePrune = 0;

/**
 * Counts an attempt and says whether it may go on: refused (429, with the seconds until the window ends) over the
 * per-address or per-account rate; `paused` when this address is paused for this account (the attempt then goes on,
 * so that it costs and answers exactly as a wrong password, but cannot succeed).
 */
export async function admitAttempt(
  db: DB,
  config: Pick<Config, 'SMARTBORDER_SIGN_IN_PER_IP' | 'SMARTBORDER_SIGN_IN_PER_ACCOUNT'>,
  keys: ThrottleKeys,
  now = new Date(),
): Promise<Gate> {
  if (++attemptsSincePrune >= 500) {
    attemptsSincePrune = 0;
    await store.pruneSignInThrottle(
      db,
      new Date(now.getTime() - WINDOW_MS),
      new Date(now.getTime() - KNOWN_ADDRESS_MS),
    );
  }
  const retry = (windowStart: Date) => ({
    ok: false as const,
    retryAfterSeconds: Math.max(1, Math.ceil((new Date(windowStart).getTime() + WINDOW_MS - now.getTime()) / 1000)),
  });
  const byAddress = await store.countSignInAttempt(db, `ip:${keys.address}`, now, WINDOW_MS);
  if (byAddress.attempts > config.SMARTBORDER_SIGN_IN_PER_IP) return retry(byAddress.window_start);
  const pair = await store.signInFailures(db, keys.account, keys.address);
  const known = !!pair?.last_success_at && new Date(pair.last_success_at).getTime() > now.getTime() - KNOWN_ADDRESS_MS;
  if (!known) {
    const byAccount = await store.countSignInAttempt(db, `account:${keys.account}`, now, WINDOW_MS);
    if (byAccount.attempts > config.SMARTBORDER_SIGN_IN_PER_ACCOUNT) return retry(byAccount.window_start);
  }
  return { ok: true, paused: !!pair?.paused_until && new Date(pair.paused_until) > now };
}

/** A failed attempt (not one refused during a pause): returns the pause it starts, in milliseconds (0: none). */
export async function recordFailure(db: DB, keys: ThrottleKeys, now = new Date()): Promise<number> {
  const { failures } = await store.addSignInFailure(db, keys.account, keys.address, now);
  const pause = pauseAfter(failures);
  if (pause) await store.pauseSignIn(db, keys.account, keys.address, new Date(now.getTime() + pause));
  return pause;
}

export async function recordSuccess(db: DB, keys: ThrottleKeys, now = new Date()) {
  await store.signInSucceeded(db, keys.account, keys.address, now);
}
