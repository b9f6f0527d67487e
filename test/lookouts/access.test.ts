// The lookouts module's named policies and scopes, as plain functions over plain data (no database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Role, User } from '../../src/kernel/auth.ts';
import {
  canChangeLookout,
  canClearHitAtSecondary,
  canImportList,
  canPostLookout,
  canReadLookout,
  canReviewHit,
  hitReviewScope,
  lookoutScope,
  lookoutVisibleTo,
  type LookoutSharing,
} from '../../src/modules/lookouts/access.ts';

const user = (agency: string | null, ...roles: Role[]): User => ({
  id: `u-${agency}-${roles.join('-')}`,
  email: 'x@example.test',
  kind: 'officer',
  agency,
  country: agency === 'CBSA' ? 'CA' : agency === 'CBP' ? 'US' : agency === 'INM' ? 'MX' : null,
  roles,
  displayName: 'X',
  locale: 'en',
});
const analyst = (a: string) => user(a, 'targeting_analyst');
const cbsaLookout: LookoutSharing = { kind: 'lookout', agency: 'CBSA', sharingAgencies: ['CBP'], sharingCountries: [] };
const publicEntry: LookoutSharing = { kind: 'reference', agency: null, sharingAgencies: [], sharingCountries: [] };

test('canReadLookout: the owner and the agencies or countries it is shared with; public lists to every analyst', () => {
  assert.equal(canReadLookout.name, 'canReadLookout');
  assert.ok(canReadLookout.allows(analyst('CBSA'), cbsaLookout));
  assert.ok(canReadLookout.allows(analyst('CBP'), cbsaLookout));
  assert.ok(!canReadLookout.allows(analyst('INM'), cbsaLookout), 'not shared with INM');
  assert.ok(canReadLookout.allows(analyst('INM'), { ...cbsaLookout, sharingCountries: ['MX'] }), 'shared with MX');
  assert.ok(!canReadLookout.allows(user('CBSA', 'border_officer'), cbsaLookout), 'analysts only');
  assert.ok(canReadLookout.allows(analyst('INM'), publicEntry));
  // Screening asks the sharing rule alone (no role): an agency, or nobody for public lists only.
  assert.ok(lookoutVisibleTo(cbsaLookout, 'CBP'));
  assert.ok(!lookoutVisibleTo(cbsaLookout, null));
  assert.ok(lookoutVisibleTo(publicEntry, null));
});

test("canChangeLookout and canPostLookout: the owning agency's analysts; public lists never", () => {
  assert.ok(canChangeLookout.allows(analyst('CBSA'), cbsaLookout));
  assert.ok(!canChangeLookout.allows(analyst('CBP'), cbsaLookout), 'shared with, not owned by');
  assert.ok(!canChangeLookout.allows(user('CBSA', 'border_officer'), cbsaLookout));
  assert.ok(!canChangeLookout.allows(analyst('CBSA'), publicEntry));
  assert.ok(canPostLookout.allows(analyst('INM'), null));
  assert.ok(!canPostLookout.allows(user('INM', 'border_officer'), null));
  assert.ok(!canPostLookout.allows(user(null, 'targeting_analyst'), null), 'a lookout belongs to an agency');
});

test(
  'canReviewHit: only an analyst of the agency that owns the lookout; ' + 'a public-list hit, its screening agency',
  () => {
    const onCbsa = { agency: 'CBSA', screeningAgencies: ['CBP'] };
    assert.ok(canReviewHit.allows(analyst('CBSA'), onCbsa));
    assert.ok(!canReviewHit.allows(analyst('CBP'), onCbsa), 'CBP screened it but does not clear a CBSA hit');
    assert.ok(!canReviewHit.allows(user('CBSA', 'border_officer'), onCbsa));
    const onPublic = { agency: null, screeningAgencies: ['CBSA', 'CBP'] };
    assert.ok(canReviewHit.allows(analyst('CBP'), onPublic));
    assert.ok(!canReviewHit.allows(analyst('INM'), onPublic));
    // Secondary inspection: a border officer of the owning agency.
    assert.ok(canClearHitAtSecondary.allows(user('CBSA', 'border_officer'), onCbsa));
    assert.ok(!canClearHitAtSecondary.allows(user('CBP', 'border_officer'), onCbsa));
    assert.ok(!canClearHitAtSecondary.allows(analyst('CBSA'), onCbsa));
  },
);

test('canImportList: analysts and administrators', () => {
  assert.ok(canImportList.allows(analyst('CBP'), { source: 'UN' }));
  assert.ok(canImportList.allows(user('CBP', 'administrator'), { source: 'UN' }));
  assert.ok(!canImportList.allows(user('CBP', 'border_officer'), { source: 'UN' }));
});

test('scopes are plain data: the lookout list scope and the hit-review scope', () => {
  assert.deepEqual(lookoutScope(analyst('INM')), { agency: 'INM', country: 'MX' });
  assert.deepEqual(lookoutScope(user(null, 'auditor')), { agency: null, country: null });
  assert.deepEqual(hitReviewScope(analyst('CBSA')), { agency: 'CBSA' });
  assert.equal(hitReviewScope(user('CBSA', 'border_officer')), null);
});
