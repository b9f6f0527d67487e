-- Owning country and agency on every record of the portal (the split into national nodes keys on them; access
-- policies and queue scopes read them).
-- An application is led by the first of the agencies that vet it (CBSA, then CBP, then INM: the order of
-- requiredAgencies()), the agency that enrols it. A card and a membership belong to the issuing agency; an interview
-- booking to the enrolment centre's agency. Vetting work items already carry the agency that works them.
alter table tt_applications add column country text;
alter table tt_applications add column agency text;
update tt_applications set agency = case
    when programmes && array['NEXUS']
      or (programmes && array['FAST'] and fast_region is distinct from 'south') then 'CBSA'
    when programmes && array['GLOBAL_ENTRY', 'SENTRI', 'FAST'] then 'CBP'
    else 'INM'
  end;
update tt_applications set country = case agency when 'CBSA' then 'CA' when 'CBP' then 'US' else 'MX' end;
alter table tt_applications alter column country set not null;
alter table tt_applications alter column agency set not null;
create index tt_applications_owner on tt_applications(country, agency);

alter table tt_cards add column country text;
alter table tt_cards add column agency text;
update tt_cards c set country = m.country, agency = m.agency from tt_memberships m where m.id = c.membership_id;
alter table tt_cards alter column country set not null;
alter table tt_cards alter column agency set not null;
create index tt_cards_owner on tt_cards(country, agency);

create index tt_memberships_owner on tt_memberships(country, agency);

alter table tt_bookings add column country text;
alter table tt_bookings add column agency text;
update tt_bookings b set country = c.country, agency = c.agency
  from tt_slots s join tt_centres c on c.id = s.centre_id where s.id = b.slot_id;
alter table tt_bookings alter column country set not null;
alter table tt_bookings alter column agency set not null;
create index tt_bookings_owner on tt_bookings(country, agency);

-- The enrolment queue finds the applications an agency vetted through their work items.
create index tt_work_items_application on tt_work_items(application_id, agency);
create index tt_work_items_owner on tt_work_items(country, agency);
