-- Applicants' and members' names are encrypted at rest like the rest of their personal data (decision 0003). The
-- clear columns stay, blank: rows written before this migration are encrypted and blanked by the travellers module at
-- start-up (encryption needs the platform key, which SQL does not have).
alter table tt_applications add column applicant_name_enc text;
alter table tt_memberships add column holder_name_enc text;
