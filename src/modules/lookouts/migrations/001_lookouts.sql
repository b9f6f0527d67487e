-- Lookouts with compatible criteria (the same fields in the three countries), their lifecycle as events, imported
-- reference lists with provenance, screening hits and their review. Identifiers (names, birth dates, documents,
-- plates) are personal data: stored only as ciphertext and loaded into the in-memory screening index at start.
create table lk_lookouts (
  id uuid primary key,
  kind text not null check (kind in ('lookout', 'reference')),
  subject_type text not null check (subject_type in ('person', 'organization', 'vehicle', 'vessel', 'aircraft', 'container', 'document')),
  category text not null check (category in ('terrorism', 'serious_crime', 'immigration', 'customs_smuggling', 'health_agriculture', 'sanctions')),
  reason text not null default '',
  recommended_action text not null check (recommended_action in ('refer_secondary', 'hold', 'notify_originator')),
  origin_agency text not null,
  origin_country text not null,
  sharing_agencies text[] not null default '{}',
  sharing_countries text[] not null default '{}',
  valid_from date,
  valid_until date,
  legal_reference text not null default '',
  display_label text not null default '',
  identifiers_enc text not null,
  import_id uuid,
  source_ref text,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index lk_lookouts_import on lk_lookouts(import_id);
create index lk_lookouts_origin on lk_lookouts(origin_agency);

-- Lifecycle draft -> active -> expired (by date) or withdrawn; the state is the latest lifecycle event.
create table lk_events (
  seq bigint generated always as identity primary key,
  lookout_id uuid not null references lk_lookouts(id),
  at timestamptz not null default now(),
  actor_id uuid,
  actor_agency text,
  kind text not null check (kind in ('created', 'updated', 'activated', 'withdrawn')),
  detail jsonb not null default '{}'
);
create index lk_events_lookout on lk_events(lookout_id, seq);

create table lk_imports (
  id uuid primary key,
  source text not null,
  files jsonb not null,
  entries int not null,
  imported_at timestamptz not null default now(),
  actor_id uuid,
  note text not null default ''
);

create table lk_hits (
  id uuid primary key,
  lookout_id uuid not null references lk_lookouts(id),
  lookout_version int not null,
  subject_fingerprint text not null,
  subject_ref text not null,
  context text not null,
  screening_agency text,
  score real not null,
  reasons jsonb not null,
  status text not null default 'open' check (status in ('open', 'confirmed', 'false_positive')),
  created_at timestamptz not null default now(),
  reviewed_by uuid,
  reviewed_at timestamptz,
  review_note text
);
create index lk_hits_open on lk_hits(status, created_at);
create index lk_hits_pair on lk_hits(lookout_id, subject_fingerprint);
