-- Border-flow data with provenance: BTS monthly crossings, CBP historical wait averages (month × weekday × hour),
-- hourly observed delays; each row points to the import that brought it.
create table fl_imports (
  id uuid primary key,
  kind text not null check (kind in ('bts', 'cbp-bwt', 'hourly')),
  file_name text not null,
  sha256 text not null,
  rows int not null,
  port_code text,
  lane_type text,
  source text not null,
  imported_at timestamptz not null default now(),
  actor_id uuid
);

create table fl_monthly (
  port_code text not null,
  month text not null check (month ~ '^\d{4}-\d{2}$'),
  measure text not null,
  value bigint not null check (value >= 0),
  import_id uuid not null references fl_imports(id),
  primary key (port_code, month, measure)
);

create table fl_wait_profile (
  port_code text not null,
  lane_type text not null,
  month int not null check (month between 1 and 12),
  weekday int not null check (weekday between 0 and 6),
  hour int not null check (hour between 0 and 23),
  minutes real not null check (minutes >= 0),
  import_id uuid not null references fl_imports(id),
  primary key (port_code, lane_type, month, weekday, hour)
);

-- hour: hours since 1970-01-01 00:00 on the port's local clock (as the source files give it)
create table fl_hourly (
  port_code text not null,
  lane_type text not null,
  hour int not null,
  minutes real not null check (minutes >= 0),
  import_id uuid not null references fl_imports(id),
  primary key (port_code, lane_type, hour)
);
