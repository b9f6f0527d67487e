-- The owning agency and country of every lookout and hit, which the access policies and queue scopes use (access.ts).
-- origin_agency / origin_country stay the provenance shown to officers (the posting agency, or the source of a public
-- list). A public list (kind 'reference') belongs to no agency: its owner columns stay null, and so do its hits'.
alter table lk_lookouts add column agency text references agencies(code);
alter table lk_lookouts add column country text;
update lk_lookouts set agency = origin_agency, country = origin_country where kind = 'lookout';
alter table lk_lookouts add constraint lk_lookouts_owned
  check (kind = 'reference' or (agency is not null and country is not null));
create index lk_lookouts_owner on lk_lookouts(country, agency);

-- A hit belongs to the lookout's owner: only that agency confirms it or marks it a false positive.
alter table lk_hits add column agency text references agencies(code);
alter table lk_hits add column country text;
update lk_hits h set agency = l.agency, country = l.country from lk_lookouts l where l.id = h.lookout_id;
create index lk_hits_owner on lk_hits(agency, status, created_at);
