-- An application's risk summary holds the screening hits with the values that matched (the applicant's name, birth
-- date and passport number) and the applicant's declarations: it is personal data, stored encrypted (risk_enc, bound
-- to its column). The clear column stays, null: rows written before this migration are encrypted and cleared by the
-- travellers module at start-up (encryption needs the platform key, which SQL does not have).
alter table tt_applications add column risk_enc text;
