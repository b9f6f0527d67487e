-- Agencies, accounts, sessions, the audit chain and the notification outbox: the kernel every module uses.
create table agencies (
  code text primary key,
  country text not null check (country ~ '^[A-Z]{2}$'),
  name text not null
);

create table users (
  id uuid primary key,
  email text not null unique,
  kind text not null check (kind in ('public', 'officer')),
  agency text references agencies(code),
  roles text[] not null,
  display_name text not null,
  password_hash text not null,
  locale text not null default 'en' check (locale in ('en', 'fr', 'es')),
  failed_attempts int not null default 0,
  locked_until timestamptz,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  check ((kind = 'officer') = (agency is not null))
);

create table sessions (
  token_hash text primary key,
  user_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions(user_id);

-- Append-only, hash-chained: each row's hash covers the previous row's hash, so a changed or removed row breaks the chain.
create table audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor_id uuid,
  actor_agency text,
  actor_roles text[] not null default '{}',
  purpose text not null,
  subject text not null,
  action text not null,
  detail jsonb not null default '{}',
  prev_hash text not null,
  hash text not null
);
create index audit_subject on audit_log(subject);
create index audit_actor on audit_log(actor_id);

-- Notifications are written in the same transaction as the change that causes them and sent after commit.
create table outbox (
  id uuid primary key,
  user_id uuid references users(id) on delete cascade,
  to_address text not null,
  subject text not null,
  body text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  channel text not null default 'email'
);
create index outbox_user on outbox(user_id, created_at desc);

-- Idempotency keys make double submissions of the same request return the first result.
create table idempotency (
  key text primary key,
  user_id uuid,
  response jsonb not null,
  created_at timestamptz not null default now()
);
