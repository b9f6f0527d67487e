-- The agency that reviewed a hit. A false positive on an agency's lookout (decided by that agency) suppresses the pair
-- for every screen; a public list belongs to no agency, so a false positive on one of its hits suppresses the pair only
-- in the screens of the agency that decided it: one partner's review never silences another's hit at its own ports.
-- Reviews recorded before this migration carry no agency: their public-list suppressions lapse (the pair alerts again
-- and is reviewed again), the safe way to be wrong.
alter table lk_hits add column reviewed_agency text references agencies(code);
