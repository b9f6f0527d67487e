-- Ports of entry, lanes and booth schedules, crossings (one per primary or preclearance decision, with the
-- timestamps the flow module measures waits from) and secondary referrals. Crossings hold no personal data: only
-- outcome, reasons and counts. In production, crossings are time-partitioned (monthly) on PostgreSQL.
create table ln_ports (
  id text primary key,
  code text not null,
  name text not null,
  country text not null check (country in ('CA', 'US', 'MX')),
  border text not null check (border in ('north', 'south', 'air')),
  kind text not null check (kind in ('land', 'preclearance')),
  partner_port_id text,
  state text,
  latitude double precision,
  longitude double precision,
  major boolean not null default false
);

create table ln_lanes (
  id text primary key,
  port_id text not null references ln_ports(id),
  lane_type text not null check (lane_type in ('general', 'trusted', 'ready', 'fast', 'commercial', 'pedestrian', 'pedestrian_trusted', 'preclearance', 'preclearance_trusted')),
  direction text not null check (direction in ('CA', 'US', 'MX')),
  booths int not null check (booths > 0),
  -- booth schedule: [{"days": [0..6], "from": 6, "to": 22, "open": 3}], hours in the port's local time
  schedule jsonb not null default '[]'
);
create index ln_lanes_port on ln_lanes(port_id);

create table ln_crossings (
  id uuid primary key,
  port_id text not null,
  lane_id text not null,
  lane_type text not null,
  direction text not null,
  mode text not null check (mode in ('primary', 'preclearance', 'kiosk')),
  queue_joined_at timestamptz,
  booth_started_at timestamptz not null,
  decided_at timestamptz not null,
  outcome text not null check (outcome in ('admit', 'refer')),
  reasons text[] not null default '{}',
  occupants int not null,
  members int not null default 0,
  hits int not null default 0,
  processing_micros int not null,
  agency text
);
create index ln_crossings_port_time on ln_crossings(port_id, decided_at);

create table ln_referrals (
  id uuid primary key,
  crossing_id uuid not null references ln_crossings(id),
  port_id text not null,
  reasons jsonb not null,
  hit_ids text[] not null default '{}',
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  outcome text check (outcome in ('admitted', 'refused', 'goods_seized', 'arrested', 'returned', 'admitted_with_conditions')),
  officer_id uuid,
  note text not null default '',
  false_positive boolean not null default false
);
create index ln_referrals_open on ln_referrals(port_id, closed_at);
