-- Who owns and who decided each crossing and referral. A crossing belongs to the country that the lane leads into
-- and to that country's border agency (the agency that decides there: at a land port the port's own country, at a
-- US preclearance site abroad the United States and CBP); its referral to secondary belongs to the same owner.
-- A crossing records the officer who decided it, or the kiosk (its lane) for a member's self-service decision;
-- crossings decided before this migration have neither.
alter table ln_crossings
  add column country text,
  add column officer_id uuid,
  add column kiosk_id text;
update ln_crossings set country = direction where country is null;
update ln_crossings c set agency = a.code from agencies a where c.agency is null and a.country = c.direction;
alter table ln_crossings
  alter column country set not null,
  alter column agency set not null,
  add constraint ln_crossings_country_check check (country in ('CA', 'US', 'MX')),
  add constraint ln_crossings_decider_check check (officer_id is null or kiosk_id is null);
create index ln_crossings_owner on ln_crossings (country, agency, decided_at);

alter table ln_referrals
  add column country text,
  add column agency text;
update ln_referrals r set country = c.country, agency = c.agency from ln_crossings c where c.id = r.crossing_id;
alter table ln_referrals
  alter column country set not null,
  alter column agency set not null;
-- The secondary-inspection queue: open referrals of one owner, newest first.
create index ln_referrals_owner_open on ln_referrals (country, agency, opened_at) where closed_at is null;
