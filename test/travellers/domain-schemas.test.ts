import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applicantSchema } from '../../src/modules/travellers/domain/schemas.ts';
import { checkEligibility, type Applicant } from '../../src/modules/travellers/domain/eligibility.ts';

describe('applicant schema', () => {
  it('accepts and normalises a well-formed applicant, usable by the rules', () => {
    const a = applicantSchema.parse({
      citizenships: [' ca '],
      birthDate: '1990-05-05',
      memberships: [{ programme: 'NEXUS', status: 'active', expiresOn: '2027-01-01' }],
    });
    assert.deepEqual(a.citizenships, ['CA']);
    assert.deepEqual(a.residences, []);
    const typed: Applicant = a;
    assert.equal(checkEligibility(typed, 'SENTRI', { today: '2025-01-01' }).eligible, true);
  });
  it('rejects bad codes, dates and programmes', () => {
    for (const bad of [
      { citizenships: [], birthDate: '1990-05-05' },
      { citizenships: ['CAN'], birthDate: '1990-05-05' },
      { citizenships: ['CA'], birthDate: '1990-02-30' },
      { citizenships: ['CA'], birthDate: '1990-05-05', memberships: [{ programme: 'TSA_PRECHECK', status: 'active' }] },
      { citizenships: ['CA'], birthDate: '1990-05-05', residences: [{ country: 'US', status: 'visitor' }] },
      { citizenships: ['CA'], birthDate: '1990-05-05', fastRegion: 'east' },
    ])
      assert.equal(applicantSchema.safeParse(bad).success, false, JSON.stringify(bad));
  });
});
