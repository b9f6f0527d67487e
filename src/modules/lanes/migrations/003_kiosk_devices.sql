-- Self-service kiosks registered as devices: each one for one port, with its own credential (a random token, of which
-- only the SHA-256 is kept), revocable. A kiosk decides only with a valid credential for its port, and its crossings
-- record which device decided (ln_crossings.kiosk_id holds the device id; before this migration it held the lane).
create table ln_kiosks (
  id uuid primary key,
  port_id text not null references ln_ports(id),
  label text not null check (length(label) between 1 and 120),
  credential_hash text not null unique,
  status text not null default 'active' check (status in ('active', 'revoked')),
  -- the administrator who registered it; null: the command line (smartborder kiosk register)
  registered_by uuid,
  registered_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_seen_at timestamptz
);
create index ln_kiosks_port on ln_kiosks(port_id);
