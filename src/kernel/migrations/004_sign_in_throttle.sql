-- Sign-in throttling, in the database so that every server process (`serve --workers N`) counts the same attempts.
-- Accounts and client addresses are keyed by a keyed hash (HMAC with the blind-index key), never in clear, and the
-- same way whether or not an account exists, so that nothing here tells which e-mail addresses have accounts.

-- Attempts per key in a fixed window: `ip:<address>` and `account:<e-mail>`, every credential route counted together.
create table sign_in_counters (
  key text primary key,
  window_start timestamptz not null,
  attempts int not null
);

-- Consecutive failures of one account from one address: after a few, further attempts from that address are paused
-- for a time that doubles with each failure. The owner signing in from another address is not affected; an address
-- that signed in to the account recently is spared the per-account ceiling.
create table sign_in_failures (
  account text not null,
  address text not null,
  failures int not null default 0,
  paused_until timestamptz,
  last_success_at timestamptz,
  updated_at timestamptz not null,
  primary key (account, address)
);

-- The account lock-out these replace let anyone lock anyone out (and its answer told that the account existed).
alter table users drop column failed_attempts, drop column locked_until;
