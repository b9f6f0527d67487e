-- The chain's head (last sequence number and hash, with a keyed MAC), updated with every append: removing entries
-- from the end of the log, which leaves a valid shorter chain, is detected against it.
create table audit_head (
  id int primary key check (id = 1),
  seq bigint not null,
  hash text not null,
  mac text not null
);
