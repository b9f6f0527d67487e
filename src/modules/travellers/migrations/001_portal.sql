-- Trusted-traveller portal: applications (state derived from their action log), vetting work items, enrolment
-- centres and interview slots, memberships and cards. Personal fields are AES-GCM ciphertext (*_enc) with keyed-hash
-- (blind) indexes (*_bidx) for look-ups; owning country/agency on every record for a later split into national nodes.
create table tt_applications (
  id uuid primary key,
  user_id uuid not null,
  reference text not null unique,
  programmes text[] not null default '{}',
  fast_region text check (fast_region in ('north', 'south')),
  applicant_name text not null default '',
  personal_enc text,
  doc_bidx text,
  risk jsonb,
  payments jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  version int not null default 1
);
create index tt_applications_user on tt_applications(user_id);
create index tt_applications_doc on tt_applications(doc_bidx);

create table tt_actions (
  seq bigint generated always as identity primary key,
  application_id uuid not null references tt_applications(id),
  at timestamptz not null default now(),
  actor_id uuid,
  actor_agency text,
  kind text not null,
  agency text,
  detail jsonb not null default '{}'
);
create index tt_actions_app on tt_actions(application_id, seq);

create table tt_work_items (
  id uuid primary key,
  application_id uuid references tt_applications(id),
  membership_id uuid,
  agency text not null,
  country text not null,
  kind text not null check (kind in ('vetting', 'recurrent', 'renewal')),
  programmes text[] not null,
  risk_score real not null default 0,
  summary jsonb not null default '{}',
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  outcome text
);
create index tt_work_items_queue on tt_work_items(agency, closed_at, risk_score desc, opened_at);

create table tt_centres (
  id text primary key,
  name text not null,
  city text not null,
  country text not null,
  agency text not null,
  programmes text[] not null,
  enrolment_on_arrival boolean not null default false,
  port_code text,
  timezone text not null
);

create table tt_slots (
  id uuid primary key,
  centre_id text not null references tt_centres(id),
  starts_at timestamptz not null,
  capacity int not null check (capacity > 0),
  booked int not null default 0 check (booked >= 0 and booked <= capacity),
  unique (centre_id, starts_at)
);
create index tt_slots_centre on tt_slots(centre_id, starts_at);

create table tt_bookings (
  application_id uuid primary key references tt_applications(id),
  slot_id uuid not null references tt_slots(id),
  booked_at timestamptz not null default now()
);

create table tt_memberships (
  id uuid primary key,
  user_id uuid not null,
  application_id uuid not null unique references tt_applications(id),
  membership_number text not null unique,
  programmes text[] not null,
  fast_region text,
  holder_name text not null,
  personal_enc text not null,
  doc_bidx text,
  country text not null,
  agency text not null,
  issued_at timestamptz not null,
  expires_at timestamptz not null,
  status text not null check (status in ('active', 'suspended', 'revoked')),
  status_reason text,
  renewal_requested_at timestamptz,
  biometrics_enc text
);
create index tt_memberships_doc on tt_memberships(doc_bidx);
create index tt_memberships_user on tt_memberships(user_id);

create table tt_cards (
  id uuid primary key,
  membership_id uuid not null references tt_memberships(id),
  card_bidx text not null unique,
  card_enc text not null,
  last4 text not null,
  status text not null check (status in ('active', 'replaced', 'lost', 'cancelled')),
  issued_at timestamptz not null default now(),
  deactivated_at timestamptz
);
create index tt_cards_membership on tt_cards(membership_id);

create table tt_membership_events (
  seq bigint generated always as identity primary key,
  membership_id uuid not null references tt_memberships(id),
  at timestamptz not null default now(),
  actor_id uuid,
  actor_agency text,
  kind text not null,
  detail jsonb not null default '{}'
);
