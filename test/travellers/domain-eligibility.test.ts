// Eligibility matrix: every programme against citizenship, residence, age and existing memberships. The expected
// outcomes below are written out by hand from the published rules (see programmes.ts sources), not computed:
//   NEXUS    citizen or PR of CA/US; Mexican national who is a Viajero Confiable member (2016 arrangement)
//   GE       US citizen or LPR; citizen of an arrangement country (MX among those here, FR is not);
//            Canadian citizens/residents get the benefits through NEXUS instead
//   SENTRI   any nationality
//   FAST     commercial drivers, 18+; north: citizen or PR of CA/US; south: also Mexican nationals
//   VC       Mexican citizen; CA/US citizen who is a NEXUS or Global Entry member; CA/US citizen with PR in Mexico
//   all      minors need a parent's or guardian's consent; an active member cannot apply again (renewal aside)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkAll,
  checkEligibility,
  feeFor,
  membershipEnd,
  renewalOpensOn,
  requiredAgencies,
  validityEnd,
  type Applicant,
  type EligibilityResult,
} from '../../src/modules/travellers/domain/eligibility.ts';
import {
  PROGRAMMES,
  PROGRAMME_CODES,
  feeOn,
  lanesFor,
  type ProgrammeCode,
  type FastRegion,
} from '../../src/modules/travellers/domain/programmes.ts';

const TODAY = '2025-06-15';
const ADULT = '1985-04-02';

const PROFILES: Record<string, Pick<Applicant, 'citizenships' | 'residences'>> = {
  'CA/citizen': { citizenships: ['CA'], residences: [{ country: 'CA', status: 'citizen' }] },
  'CA/PR-US': { citizenships: ['CA'], residences: [{ country: 'US', status: 'permanent_resident' }] },
  'CA/PR-MX': { citizenships: ['CA'], residences: [{ country: 'MX', status: 'permanent_resident' }] },
  'CA/none': { citizenships: ['CA'], residences: [] },
  'US/citizen': { citizenships: ['US'], residences: [{ country: 'US', status: 'citizen' }] },
  'US/PR-CA': { citizenships: ['US'], residences: [{ country: 'CA', status: 'permanent_resident' }] },
  'US/PR-MX': { citizenships: ['US'], residences: [{ country: 'MX', status: 'permanent_resident' }] },
  'US/none': { citizenships: ['US'], residences: [] },
  'MX/citizen': { citizenships: ['MX'], residences: [{ country: 'MX', status: 'citizen' }] },
  'MX/PR-US': { citizenships: ['MX'], residences: [{ country: 'US', status: 'permanent_resident' }] },
  'MX/PR-CA': { citizenships: ['MX'], residences: [{ country: 'CA', status: 'permanent_resident' }] },
  'MX/none': { citizenships: ['MX'], residences: [] },
  'FR/citizen': { citizenships: ['FR'], residences: [{ country: 'FR', status: 'citizen' }] },
  'FR/PR-CA': { citizenships: ['FR'], residences: [{ country: 'CA', status: 'permanent_resident' }] },
  'FR/PR-US': { citizenships: ['FR'], residences: [{ country: 'US', status: 'permanent_resident' }] },
  'FR/PR-MX': { citizenships: ['FR'], residences: [{ country: 'MX', status: 'permanent_resident' }] },
  'FR/none': { citizenships: ['FR'], residences: [{ country: 'US', status: 'other' }] },
};
const MEMBERSHIPS: Record<string, Applicant['memberships']> = {
  none: [],
  VC: [{ programme: 'VIAJERO_CONFIABLE', status: 'active' }],
  NEXUS: [{ programme: 'NEXUS', status: 'active' }],
  GE: [{ programme: 'GLOBAL_ENTRY', status: 'active' }],
};

// Failure reasons (suffixes of travellers.elig.*); 'Y' = eligible.
const NE = 'nationality_not_eligible';
const CAN = 'ca_apply_through_nexus';
const MXVC = 'mx_requires_vc_membership';
const OTHER = 'fast_other_region_only';
const VCREQ = 'vc_requires_nexus_or_ge';
const AM = 'already_member';

type Row = [
  profile: string,
  membership: string,
  nexus: string,
  ge: string,
  sentri: string,
  fastNorth: string,
  fastSouth: string,
  vc: string,
];
// Adults, commercial drivers (so that FAST turns on nationality and region only).
const MATRIX: Row[] = [
  // profile       membership  NEXUS          GE             SENTRI FAST-N   FAST-S  VC
  ['CA/citizen', 'none', 'Y', CAN, 'Y', 'Y', 'Y', VCREQ],
  ['CA/PR-US', 'none', 'Y', 'Y', 'Y', 'Y', 'Y', VCREQ],
  ['CA/PR-MX', 'none', 'Y', CAN, 'Y', 'Y', 'Y', 'Y'],
  ['CA/none', 'none', 'Y', CAN, 'Y', 'Y', 'Y', VCREQ],
  ['US/citizen', 'none', 'Y', 'Y', 'Y', 'Y', 'Y', VCREQ],
  ['US/PR-CA', 'none', 'Y', 'Y', 'Y', 'Y', 'Y', VCREQ],
  ['US/PR-MX', 'none', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y'],
  ['US/none', 'none', 'Y', 'Y', 'Y', 'Y', 'Y', VCREQ],
  ['MX/citizen', 'none', MXVC, 'Y', 'Y', OTHER, 'Y', 'Y'],
  ['MX/PR-US', 'none', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y'],
  ['MX/PR-CA', 'none', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y'],
  ['MX/none', 'none', MXVC, 'Y', 'Y', OTHER, 'Y', 'Y'],
  ['FR/citizen', 'none', NE, NE, 'Y', NE, NE, NE],
  ['FR/PR-CA', 'none', 'Y', CAN, 'Y', 'Y', 'Y', NE],
  ['FR/PR-US', 'none', 'Y', 'Y', 'Y', 'Y', 'Y', NE],
  ['FR/PR-MX', 'none', NE, NE, 'Y', NE, NE, NE],
  ['FR/none', 'none', NE, NE, 'Y', NE, NE, NE],

  ['CA/citizen', 'VC', 'Y', CAN, 'Y', 'Y', 'Y', `${VCREQ}+${AM}`],
  ['CA/PR-US', 'VC', 'Y', 'Y', 'Y', 'Y', 'Y', `${VCREQ}+${AM}`],
  ['CA/PR-MX', 'VC', 'Y', CAN, 'Y', 'Y', 'Y', AM],
  ['CA/none', 'VC', 'Y', CAN, 'Y', 'Y', 'Y', `${VCREQ}+${AM}`],
  ['US/citizen', 'VC', 'Y', 'Y', 'Y', 'Y', 'Y', `${VCREQ}+${AM}`],
  ['US/PR-CA', 'VC', 'Y', 'Y', 'Y', 'Y', 'Y', `${VCREQ}+${AM}`],
  ['US/PR-MX', 'VC', 'Y', 'Y', 'Y', 'Y', 'Y', AM],
  ['US/none', 'VC', 'Y', 'Y', 'Y', 'Y', 'Y', `${VCREQ}+${AM}`],
  ['MX/citizen', 'VC', 'Y', 'Y', 'Y', OTHER, 'Y', AM],
  ['MX/PR-US', 'VC', 'Y', 'Y', 'Y', 'Y', 'Y', AM],
  ['MX/PR-CA', 'VC', 'Y', 'Y', 'Y', 'Y', 'Y', AM],
  ['MX/none', 'VC', 'Y', 'Y', 'Y', OTHER, 'Y', AM],
  ['FR/citizen', 'VC', NE, NE, 'Y', NE, NE, `${NE}+${AM}`],
  ['FR/PR-CA', 'VC', 'Y', CAN, 'Y', 'Y', 'Y', `${NE}+${AM}`],
  ['FR/PR-US', 'VC', 'Y', 'Y', 'Y', 'Y', 'Y', `${NE}+${AM}`],
  ['FR/PR-MX', 'VC', NE, NE, 'Y', NE, NE, `${NE}+${AM}`],
  ['FR/none', 'VC', NE, NE, 'Y', NE, NE, `${NE}+${AM}`],

  ['CA/citizen', 'NEXUS', AM, CAN, 'Y', 'Y', 'Y', 'Y'],
  ['CA/PR-US', 'NEXUS', AM, 'Y', 'Y', 'Y', 'Y', 'Y'],
  ['CA/PR-MX', 'NEXUS', AM, CAN, 'Y', 'Y', 'Y', 'Y'],
  ['CA/none', 'NEXUS', AM, CAN, 'Y', 'Y', 'Y', 'Y'],
  ['US/citizen', 'NEXUS', AM, 'Y', 'Y', 'Y', 'Y', 'Y'],
  ['US/PR-CA', 'NEXUS', AM, 'Y', 'Y', 'Y', 'Y', 'Y'],
  ['US/PR-MX', 'NEXUS', AM, 'Y', 'Y', 'Y', 'Y', 'Y'],
  ['US/none', 'NEXUS', AM, 'Y', 'Y', 'Y', 'Y', 'Y'],
  ['MX/citizen', 'NEXUS', `${MXVC}+${AM}`, 'Y', 'Y', OTHER, 'Y', 'Y'],
  ['MX/PR-US', 'NEXUS', AM, 'Y', 'Y', 'Y', 'Y', 'Y'],
  ['MX/PR-CA', 'NEXUS', AM, 'Y', 'Y', 'Y', 'Y', 'Y'],
  ['MX/none', 'NEXUS', `${MXVC}+${AM}`, 'Y', 'Y', OTHER, 'Y', 'Y'],
  ['FR/citizen', 'NEXUS', `${NE}+${AM}`, NE, 'Y', NE, NE, NE],
  ['FR/PR-CA', 'NEXUS', AM, CAN, 'Y', 'Y', 'Y', NE],
  ['FR/PR-US', 'NEXUS', AM, 'Y', 'Y', 'Y', 'Y', NE],
  ['FR/PR-MX', 'NEXUS', `${NE}+${AM}`, NE, 'Y', NE, NE, NE],
  ['FR/none', 'NEXUS', `${NE}+${AM}`, NE, 'Y', NE, NE, NE],

  ['CA/citizen', 'GE', 'Y', `${CAN}+${AM}`, 'Y', 'Y', 'Y', 'Y'],
  ['CA/PR-US', 'GE', 'Y', AM, 'Y', 'Y', 'Y', 'Y'],
  ['CA/PR-MX', 'GE', 'Y', `${CAN}+${AM}`, 'Y', 'Y', 'Y', 'Y'],
  ['CA/none', 'GE', 'Y', `${CAN}+${AM}`, 'Y', 'Y', 'Y', 'Y'],
  ['US/citizen', 'GE', 'Y', AM, 'Y', 'Y', 'Y', 'Y'],
  ['US/PR-CA', 'GE', 'Y', AM, 'Y', 'Y', 'Y', 'Y'],
  ['US/PR-MX', 'GE', 'Y', AM, 'Y', 'Y', 'Y', 'Y'],
  ['US/none', 'GE', 'Y', AM, 'Y', 'Y', 'Y', 'Y'],
  ['MX/citizen', 'GE', MXVC, AM, 'Y', OTHER, 'Y', 'Y'],
  ['MX/PR-US', 'GE', 'Y', AM, 'Y', 'Y', 'Y', 'Y'],
  ['MX/PR-CA', 'GE', 'Y', AM, 'Y', 'Y', 'Y', 'Y'],
  ['MX/none', 'GE', MXVC, AM, 'Y', OTHER, 'Y', 'Y'],
  ['FR/citizen', 'GE', NE, `${NE}+${AM}`, 'Y', NE, NE, NE],
  ['FR/PR-CA', 'GE', 'Y', `${CAN}+${AM}`, 'Y', 'Y', 'Y', NE],
  ['FR/PR-US', 'GE', 'Y', AM, 'Y', 'Y', 'Y', NE],
  ['FR/PR-MX', 'GE', NE, `${NE}+${AM}`, 'Y', NE, NE, NE],
  ['FR/none', 'GE', NE, `${NE}+${AM}`, 'Y', NE, NE, NE],
];

type Column = { programme: ProgrammeCode; fastRegion?: FastRegion };
const COLUMNS: Column[] = [
  { programme: 'NEXUS' },
  { programme: 'GLOBAL_ENTRY' },
  { programme: 'SENTRI' },
  { programme: 'FAST', fastRegion: 'north' },
  { programme: 'FAST', fastRegion: 'south' },
  { programme: 'VIAJERO_CONFIABLE' },
];

const failKeys = (r: EligibilityResult) =>
  r.reasons
    .filter((x) => x.effect === 'fail')
    .map((x) => x.key.replace('travellers.elig.', ''))
    .sort();

function assertOutcome(r: EligibilityResult, expected: string, label: string) {
  if (expected === 'Y') {
    assert.equal(r.eligible, true, `${label}: expected eligible, got ${JSON.stringify(failKeys(r))}`);
    assert.ok(
      r.reasons.some((x) => x.effect === 'pass'),
      `${label}: an eligible result says why`,
    );
  } else {
    assert.equal(r.eligible, false, `${label}: expected ${expected}, got eligible`);
    assert.deepEqual(failKeys(r), expected.split('+').sort(), label);
  }
}

describe('eligibility matrix (adults)', () => {
  it('covers every profile with every membership', () => {
    assert.equal(MATRIX.length, Object.keys(PROFILES).length * Object.keys(MEMBERSHIPS).length);
    const seen = new Set(MATRIX.map(([p, m]) => `${p}|${m}`));
    assert.equal(seen.size, MATRIX.length);
  });
  for (const [profile, membership, ...expected] of MATRIX) {
    it(`${profile} with ${membership} membership`, () => {
      COLUMNS.forEach((col, i) => {
        const a: Applicant = {
          ...PROFILES[profile],
          birthDate: ADULT,
          memberships: MEMBERSHIPS[membership],
          commercialDriver: true,
          ...(col.fastRegion ? { fastRegion: col.fastRegion } : {}),
        };
        const label = `${profile}/${membership} -> ${col.programme}${col.fastRegion ? ' ' + col.fastRegion : ''}`;
        assertOutcome(checkEligibility(a, col.programme, { today: TODAY }), expected[i], label);
      });
    });
  }
});

// Age: 17-year-olds with and without consent, a 5-year-old with consent; memberships none; commercial drivers.
const MINOR_17 = '2008-01-10';
const CHILD_5 = '2020-03-03';
const MNC = 'minor_needs_consent';
const FAO = 'fast_adults_only';
type AgeRow = [
  profile: string,
  birthDate: string,
  consent: boolean,
  nexus: string,
  ge: string,
  sentri: string,
  fastNorth: string,
  fastSouth: string,
  vc: string,
];
const AGE_MATRIX: AgeRow[] = [
  ['US/citizen', ADULT, false, 'Y', 'Y', 'Y', 'Y', 'Y', VCREQ],
  ['US/citizen', MINOR_17, true, 'Y', 'Y', 'Y', FAO, FAO, VCREQ],
  ['US/citizen', MINOR_17, false, MNC, MNC, MNC, FAO, FAO, `${VCREQ}+${MNC}`],
  ['US/citizen', CHILD_5, true, 'Y', 'Y', 'Y', FAO, FAO, VCREQ],
  ['CA/citizen', MINOR_17, true, 'Y', CAN, 'Y', FAO, FAO, VCREQ],
  ['CA/citizen', MINOR_17, false, MNC, `${CAN}+${MNC}`, MNC, FAO, FAO, `${VCREQ}+${MNC}`],
  ['MX/citizen', MINOR_17, true, MXVC, 'Y', 'Y', `${OTHER}+${FAO}`, FAO, 'Y'],
  ['MX/citizen', MINOR_17, false, `${MXVC}+${MNC}`, MNC, MNC, `${OTHER}+${FAO}`, FAO, MNC],
  ['MX/citizen', CHILD_5, true, MXVC, 'Y', 'Y', `${OTHER}+${FAO}`, FAO, 'Y'],
  ['FR/citizen', MINOR_17, true, NE, NE, 'Y', `${NE}+${FAO}`, `${NE}+${FAO}`, NE],
  ['FR/citizen', MINOR_17, false, `${NE}+${MNC}`, `${NE}+${MNC}`, MNC, `${NE}+${FAO}`, `${NE}+${FAO}`, `${NE}+${MNC}`],
  ['FR/PR-US', CHILD_5, false, MNC, MNC, MNC, FAO, FAO, `${NE}+${MNC}`],
];

describe('eligibility matrix (age)', () => {
  for (const [profile, birthDate, consent, ...expected] of AGE_MATRIX) {
    it(`${profile} born ${birthDate}, consent ${consent}`, () => {
      COLUMNS.forEach((col, i) => {
        const a: Applicant = {
          ...PROFILES[profile],
          birthDate,
          memberships: [],
          commercialDriver: true,
          guardianConsent: consent,
          ...(col.fastRegion ? { fastRegion: col.fastRegion } : {}),
        };
        assertOutcome(
          checkEligibility(a, col.programme, { today: TODAY }),
          expected[i],
          `${profile}/${birthDate}/${consent} -> ${col.programme} ${col.fastRegion ?? ''}`,
        );
      });
    });
  }

  it('turns adult on the 18th birthday, not the day before', () => {
    const base: Applicant = { citizenships: ['US'], residences: [], memberships: [], birthDate: '2007-06-15' };
    assert.equal(checkEligibility(base, 'NEXUS', { today: '2025-06-15' }).eligible, true);
    assert.deepEqual(failKeys(checkEligibility(base, 'NEXUS', { today: '2025-06-14' })), [MNC]);
    assert.deepEqual(failKeys(checkEligibility({ ...base, commercialDriver: true }, 'FAST', { today: '2025-06-14' })), [
      FAO,
    ]);
    assert.equal(checkEligibility({ ...base, commercialDriver: true }, 'FAST', { today: '2025-06-15' }).eligible, true);
  });

  it('refuses impossible or future birth dates', () => {
    const a: Applicant = { citizenships: ['US'], residences: [], memberships: [], birthDate: '2001-02-29' };
    assert.deepEqual(failKeys(checkEligibility(a, 'SENTRI', { today: TODAY })), ['birth_date_invalid']);
    assert.deepEqual(failKeys(checkEligibility({ ...a, birthDate: '2030-01-01' }, 'SENTRI', { today: TODAY })), [
      'birth_date_invalid',
    ]);
  });
});

describe('eligibility details', () => {
  const us: Applicant = { citizenships: ['US'], residences: [], memberships: [], birthDate: ADULT };

  it('requires FAST applicants to be commercial drivers', () => {
    for (const fastRegion of ['north', 'south'] as const) {
      assert.deepEqual(failKeys(checkEligibility({ ...us, fastRegion }, 'FAST', { today: TODAY })), [
        'fast_requires_commercial_driver',
      ]);
    }
  });

  it('checks both FAST regions when none is given', () => {
    const r = checkEligibility({ ...us, commercialDriver: true }, 'FAST', { today: TODAY });
    assert.equal(r.eligible, true);
    assert.deepEqual(r.fastRegions, ['north', 'south']);
    const mx = checkEligibility(
      { citizenships: ['MX'], residences: [], memberships: [], birthDate: ADULT, commercialDriver: true },
      'FAST',
      { today: TODAY },
    );
    assert.equal(mx.eligible, true);
    assert.deepEqual(mx.fastRegions, ['south']);
    const fr = checkEligibility(
      { citizenships: ['FR'], residences: [], memberships: [], birthDate: ADULT, commercialDriver: true },
      'FAST',
      { today: TODAY },
    );
    assert.deepEqual(failKeys(fr), [NE]);
  });

  it('gives positive reasons with their arguments', () => {
    const r = checkEligibility(
      {
        citizenships: ['mx'],
        residences: [],
        birthDate: ADULT,
        memberships: [{ programme: 'VIAJERO_CONFIABLE', status: 'active' }],
      },
      'NEXUS',
      { today: TODAY },
    );
    assert.equal(r.eligible, true);
    assert.deepEqual(r.reasons.find((x) => x.key === 'travellers.elig.mx_vc_member_ok')?.args, {
      country: 'MX',
      membership: 'VIAJERO_CONFIABLE',
      programme: 'NEXUS',
    });
    assert.ok(r.reasons.some((x) => x.key === 'travellers.elig.adult_ok' && x.effect === 'pass'));
  });

  it('notes that NEXUS already includes Global Entry, without refusing', () => {
    const r = checkEligibility({ ...us, memberships: [{ programme: 'NEXUS', status: 'active' }] }, 'GLOBAL_ENTRY', {
      today: TODAY,
    });
    assert.equal(r.eligible, true);
    assert.ok(
      r.reasons.some(
        (x) => x.key === 'travellers.elig.benefits_included' && x.effect === 'info' && x.args?.membership === 'NEXUS',
      ),
    );
  });

  it('lets a member renew from one year before expiry', () => {
    const m = (expiresOn: string): Applicant => ({
      ...us,
      memberships: [{ programme: 'NEXUS', status: 'active', expiresOn }],
    });
    const open = checkEligibility(m('2026-06-15'), 'NEXUS', { today: TODAY });
    assert.equal(open.eligible, true);
    assert.equal(open.renewal, true);
    assert.ok(open.reasons.some((x) => x.key === 'travellers.elig.renewal_open'));
    assert.deepEqual(failKeys(checkEligibility(m('2026-06-16'), 'NEXUS', { today: TODAY })), [AM]);
  });

  it('refuses a second application while one is pending, and notes past revocations', () => {
    assert.deepEqual(
      failKeys(
        checkEligibility({ ...us, memberships: [{ programme: 'SENTRI', status: 'pending' }] }, 'SENTRI', {
          today: TODAY,
        }),
      ),
      ['application_pending'],
    );
    assert.equal(
      checkEligibility({ ...us, memberships: [{ programme: 'SENTRI', status: 'expired' }] }, 'SENTRI', { today: TODAY })
        .eligible,
      true,
    );
    const r = checkEligibility({ ...us, memberships: [{ programme: 'GLOBAL_ENTRY', status: 'revoked' }] }, 'NEXUS', {
      today: TODAY,
    });
    assert.equal(r.eligible, true);
    assert.ok(r.reasons.some((x) => x.key === 'travellers.elig.prior_revocation' && x.effect === 'info'));
  });

  it('a FAST membership for one region does not block the other', () => {
    const driver: Applicant = {
      ...us,
      commercialDriver: true,
      memberships: [{ programme: 'FAST', status: 'active', fastRegion: 'north' }],
    };
    assert.equal(checkEligibility({ ...driver, fastRegion: 'south' }, 'FAST', { today: TODAY }).eligible, true);
    assert.deepEqual(failKeys(checkEligibility({ ...driver, fastRegion: 'north' }, 'FAST', { today: TODAY })), [AM]);
  });

  it('asks for a citizenship when none is given', () => {
    assert.deepEqual(
      failKeys(
        checkEligibility({ citizenships: [], residences: [], memberships: [], birthDate: ADULT }, 'SENTRI', {
          today: TODAY,
        }),
      ),
      ['citizenship_missing'],
    );
  });

  it('checkAll answers for every programme in order', () => {
    const all = checkAll({ ...us, commercialDriver: true }, { today: TODAY });
    assert.deepEqual(
      all.map((r) => r.programme),
      ['NEXUS', 'GLOBAL_ENTRY', 'SENTRI', 'FAST', 'VIAJERO_CONFIABLE'],
    );
    assert.deepEqual(
      all.map((r) => r.eligible),
      [true, true, true, true, false],
    );
  });
});

describe('vetting agencies', () => {
  it('names who must vet, FAST by region', () => {
    assert.deepEqual(requiredAgencies(['NEXUS']), ['CBSA', 'CBP']);
    assert.deepEqual(requiredAgencies(['GLOBAL_ENTRY']), ['CBP']);
    assert.deepEqual(requiredAgencies(['SENTRI']), ['CBP']);
    assert.deepEqual(requiredAgencies(['VIAJERO_CONFIABLE']), ['INM']);
    assert.deepEqual(requiredAgencies(['FAST'], { fastRegion: 'north' }), ['CBSA', 'CBP']);
    assert.deepEqual(requiredAgencies(['FAST'], { fastRegion: 'south' }), ['CBP']);
    assert.deepEqual(requiredAgencies(['FAST']), ['CBSA', 'CBP']);
    assert.deepEqual(requiredAgencies(['VIAJERO_CONFIABLE', 'SENTRI', 'NEXUS']), ['CBSA', 'CBP', 'INM']);
    assert.deepEqual(requiredAgencies([]), []);
  });
});

describe('fees', () => {
  const adult: Applicant = { citizenships: ['US'], residences: [], memberships: [], birthDate: ADULT };
  const minor: Applicant = { ...adult, birthDate: '2015-05-05', guardianConsent: true };

  it('charges the fee in force on the day', () => {
    assert.deepEqual(feeFor(['NEXUS'], adult, { today: '2024-09-30' }).totals, { USD: 50 });
    assert.deepEqual(feeFor(['NEXUS'], adult, { today: '2024-10-01' }).totals, { USD: 120 });
    assert.deepEqual(feeFor(['GLOBAL_ENTRY'], adult, { today: '2024-09-30' }).totals, { USD: 100 });
    assert.deepEqual(feeFor(['GLOBAL_ENTRY'], adult, { today: TODAY }).totals, { USD: 120 });
    assert.deepEqual(feeFor(['SENTRI'], adult, { today: '2024-09-30' }).totals, { USD: 122.25 });
    assert.deepEqual(feeFor(['SENTRI'], adult, { today: TODAY }).totals, { USD: 120 });
    assert.deepEqual(feeFor(['FAST'], adult, { today: TODAY }).totals, { USD: 50 });
    assert.deepEqual(feeFor(['VIAJERO_CONFIABLE'], adult, { today: TODAY }).totals, { MXN: 1461 });
  });

  it('adds per currency, to the cent', () => {
    assert.deepEqual(feeFor(['SENTRI', 'FAST'], adult, { today: '2024-09-30' }).totals, { USD: 172.25 });
    const q = feeFor(['GLOBAL_ENTRY', 'VIAJERO_CONFIABLE'], adult, { today: TODAY });
    assert.deepEqual(q.totals, { USD: 120, MXN: 1461 });
    assert.deepEqual(
      q.lines.map((l) => [l.programme, l.currency, l.amount]),
      [
        ['GLOBAL_ENTRY', 'USD', 120],
        ['VIAJERO_CONFIABLE', 'MXN', 1461],
      ],
    );
  });

  it('does not charge for Global Entry on top of NEXUS', () => {
    const q = feeFor(['NEXUS', 'GLOBAL_ENTRY'], adult, { today: TODAY });
    assert.deepEqual(q.totals, { USD: 120 });
    const ge = q.lines.find((l) => l.programme === 'GLOBAL_ENTRY')!;
    assert.equal(ge.waived, true);
    assert.equal(ge.fullAmount, 120);
    assert.deepEqual(
      ge.reasons.map((r) => r.key),
      ['travellers.fee.included_in'],
    );
    const held = feeFor(
      ['GLOBAL_ENTRY'],
      { ...adult, memberships: [{ programme: 'NEXUS', status: 'active' }] },
      { today: TODAY },
    );
    assert.deepEqual(held.totals, { USD: 0 });
    const expired = feeFor(
      ['GLOBAL_ENTRY'],
      { ...adult, memberships: [{ programme: 'NEXUS', status: 'expired' }] },
      { today: TODAY },
    );
    assert.deepEqual(expired.totals, { USD: 120 });
  });

  it('exempts minors whose parent or guardian is in a CBP programme (since Oct 2024)', () => {
    for (const p of ['NEXUS', 'GLOBAL_ENTRY', 'SENTRI'] as const) {
      assert.deepEqual(feeFor([p], minor, { today: TODAY }).totals, { USD: 120 }, `${p} without guardian`);
      assert.deepEqual(
        feeFor([p], { ...minor, guardianProgrammes: ['SENTRI'] }, { today: TODAY }).totals,
        { USD: 0 },
        `${p} with guardian`,
      );
    }
    // A guardian in Viajero Confiable (not a CBP programme) does not count.
    assert.deepEqual(
      feeFor(['GLOBAL_ENTRY'], { ...minor, guardianProgrammes: ['VIAJERO_CONFIABLE'] }, { today: TODAY }).totals,
      { USD: 120 },
    );
    // An adult never benefits from the guardian exemption.
    assert.deepEqual(feeFor(['GLOBAL_ENTRY'], { ...adult, guardianProgrammes: ['NEXUS'] }, { today: TODAY }).totals, {
      USD: 120,
    });
  });

  it('used the older minor rules before Oct 2024: NEXUS free under 18, Global Entry full fee', () => {
    assert.deepEqual(feeFor(['NEXUS'], minor, { today: '2024-09-30' }).totals, { USD: 0 });
    assert.deepEqual(
      feeFor(['GLOBAL_ENTRY'], { ...minor, guardianProgrammes: ['GLOBAL_ENTRY'] }, { today: '2024-09-30' }).totals,
      { USD: 100 },
    );
  });
});

describe('validity and renewal', () => {
  it('lasts five years from issue', () => {
    assert.equal(validityEnd('2025-03-15'), '2030-03-15');
    assert.equal(validityEnd('2024-02-29'), '2029-02-28');
    for (const code of PROGRAMME_CODES) assert.equal(validityEnd('2025-03-15', '1980-07-04', code), '2030-03-15', code);
  });
  it('can anchor on the birthday in the final year', () => {
    assert.equal(membershipEnd('2025-03-15', { years: 5, anchor: 'birthday' }, '1980-07-04'), '2030-07-04');
    assert.equal(membershipEnd('2025-03-15', { years: 5, anchor: 'birthday' }, '1980-01-04'), '2030-01-04');
    assert.equal(membershipEnd('2025-03-15', { years: 5, anchor: 'birthday' }, '2000-02-29'), '2030-02-28');
    assert.equal(membershipEnd('2025-03-15', { years: 5, anchor: 'birthday' }), '2030-03-15');
  });
  it('opens renewal one year before expiry', () => {
    assert.equal(renewalOpensOn('2030-03-15'), '2029-03-15');
    assert.equal(renewalOpensOn('2028-02-29', 'NEXUS'), '2027-02-28');
  });
  it('rejects bad dates', () => {
    assert.throws(() => validityEnd('2025-13-01'), RangeError);
    assert.throws(() => validityEnd('2025-01-01', 'yesterday'), RangeError);
  });
});

describe('programme data', () => {
  it('has a source for every rule and consistent agencies', () => {
    for (const code of PROGRAMME_CODES) {
      const p = PROGRAMMES[code];
      assert.equal(p.code, code);
      for (const s of [
        p.vetting.source,
        p.eligibility.source,
        p.age.source,
        p.lanesSource,
        p.validity.source,
        p.renewal.source,
        p.interview.source,
        ...p.fees.map((f) => f.source),
      ]) {
        assert.match(s.url, /^https:\/\//, `${code}: ${s.title}`);
        assert.ok(s.title.length > 10);
      }
      assert.equal(p.validity.years, 5);
      assert.equal(p.renewal.opensMonthsBeforeExpiry, 12);
      assert.ok(p.vetting.agencies.includes(p.leadAgency) || code === 'FAST');
    }
    assert.equal(PROGRAMMES.NEXUS.serviceStandard?.days, 30);
    assert.equal(PROGRAMMES.NEXUS.serviceStandard?.agency, 'CBSA');
  });
  it('has exactly one fee in force on any day, without gaps', () => {
    for (const code of PROGRAMME_CODES) {
      for (const day of ['2020-01-01', '2024-09-30', '2024-10-01', TODAY, '2035-12-31'])
        assert.ok(feeOn(code, day), `${code} ${day}`);
      const fees = PROGRAMMES[code].fees;
      for (const f of fees)
        for (const g of fees)
          if (f !== g)
            assert.ok(
              (f.until ?? '9999') < (g.from ?? '0000') || (g.until ?? '9999') < (f.from ?? '0000'),
              `${code}: overlapping fees`,
            );
    }
  });
  it('grants lanes per programme and FAST region', () => {
    const lanes = (c: ProgrammeCode, r?: FastRegion) =>
      lanesFor(c, r)
        .map((g) => g.lane)
        .sort();
    assert.deepEqual(lanes('FAST', 'north'), ['FAST_NORTH_INTO_CA', 'FAST_NORTH_INTO_US']);
    assert.deepEqual(lanes('FAST', 'south'), ['FAST_SOUTH_INTO_US']);
    assert.ok(
      lanes('NEXUS').includes('NORTH_LAND_TT_INTO_CA') &&
        lanes('NEXUS').includes('NORTH_LAND_TT_INTO_US') &&
        lanes('NEXUS').includes('AIR_CA_NEXUS'),
    );
    assert.ok(lanes('SENTRI').includes('SOUTH_LAND_TT_INTO_US'));
    assert.ok(
      !lanes('GLOBAL_ENTRY').includes('NORTH_LAND_TT_INTO_CA'),
      'Global Entry does not open NEXUS lanes into Canada',
    );
    assert.deepEqual(lanes('VIAJERO_CONFIABLE'), ['AIR_MX_KIOSK']);
  });
});
