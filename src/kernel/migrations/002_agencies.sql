-- The agencies of the three countries are reference data every installation needs, so they come with the schema.
insert into agencies (code, country, name) values
  ('CBSA', 'CA', 'Canada Border Services Agency'),
  ('CBP', 'US', 'U.S. Customs and Border Protection'),
  ('INM', 'MX', 'Instituto Nacional de Migración')
on conflict (code) do nothing;
