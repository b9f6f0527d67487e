-- A hit's reasons hold the values that matched (the screened person's name, birth date and document number, and the
-- lookout's): they are personal data, stored encrypted (reasons_enc, bound to its column). The clear column keeps
-- only what is not personal: the field, the method and the score of each reason. Rows written before this migration
-- are encrypted and reduced by the lookouts module at start-up (encryption needs the platform key, which SQL does not
-- have).
alter table lk_hits add column reasons_enc text;
