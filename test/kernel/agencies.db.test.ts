// Agencies are defined once in code (src/kernel/agencies.ts); the agencies table that foreign keys point at holds the
// same rows, on both engines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { AGENCIES, agencyCountry, countryAgency } from '../../src/kernel/agencies.ts';
import { type TestPlatform, testPlatform } from '../helpers.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform({ seed: false });
});
after(() => p.close());

test('the agencies table holds exactly the agencies defined in code', async () => {
  const rows = await sql<{ code: string; country: string; name: string }>`
    select code, country, name from agencies order by code`.execute(p.ctx.db);
  const defined = Object.values(AGENCIES)
    .map((a) => ({ code: a.code, country: a.country, name: a.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  assert.deepEqual(rows.rows, defined);
});

test('an agency has one country and a country one border agency', () => {
  assert.equal(agencyCountry('CBSA'), 'CA');
  assert.equal(agencyCountry('INM'), 'MX');
  assert.equal(agencyCountry('FBI'), null);
  assert.equal(agencyCountry(null), null);
  assert.equal(countryAgency('US'), 'CBP');
  assert.equal(countryAgency('FR'), null);
});
