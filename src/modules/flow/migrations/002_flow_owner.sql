-- Every flow row carries its owner: the country whose port it measures and that country's border agency. The keys
-- begin with the country (one country's figures never overwrite another's for the same port code, and the tables can
-- be distributed by country). Every import so far measured US ports (BTS entries into the US, CBP Border Wait Times,
-- Peace Arch southbound delays): existing rows belong to the US and CBP.
alter table fl_imports add column country text, add column agency text;
update fl_imports set country = 'US', agency = 'CBP';
alter table fl_imports
  alter column country set not null,
  alter column agency set not null,
  add constraint fl_imports_country check (country in ('CA', 'US', 'MX')),
  add constraint fl_imports_agency foreign key (agency) references agencies(code);
create index fl_imports_owner on fl_imports(country, agency, imported_at);

alter table fl_monthly add column country text, add column agency text;
update fl_monthly m set country = i.country, agency = i.agency from fl_imports i where i.id = m.import_id;
alter table fl_monthly
  alter column country set not null,
  alter column agency set not null,
  add constraint fl_monthly_country check (country in ('CA', 'US', 'MX')),
  add constraint fl_monthly_agency foreign key (agency) references agencies(code),
  drop constraint fl_monthly_pkey,
  add primary key (country, port_code, month, measure);
create index fl_monthly_agency_idx on fl_monthly(agency, port_code);

alter table fl_wait_profile add column country text, add column agency text;
update fl_wait_profile w set country = i.country, agency = i.agency from fl_imports i where i.id = w.import_id;
alter table fl_wait_profile
  alter column country set not null,
  alter column agency set not null,
  add constraint fl_wait_profile_country check (country in ('CA', 'US', 'MX')),
  add constraint fl_wait_profile_agency foreign key (agency) references agencies(code),
  drop constraint fl_wait_profile_pkey,
  add primary key (country, port_code, lane_type, month, weekday, hour);
create index fl_wait_profile_agency_idx on fl_wait_profile(agency, port_code);

alter table fl_hourly add column country text, add column agency text;
update fl_hourly h set country = i.country, agency = i.agency from fl_imports i where i.id = h.import_id;
alter table fl_hourly
  alter column country set not null,
  alter column agency set not null,
  add constraint fl_hourly_country check (country in ('CA', 'US', 'MX')),
  add constraint fl_hourly_agency foreign key (agency) references agencies(code),
  drop constraint fl_hourly_pkey,
  add primary key (country, port_code, lane_type, hour);
create index fl_hourly_agency_idx on fl_hourly(agency, port_code);
