// The five trusted-traveller programmes of North America, as data. Each rule carries the official page or arrangement
// it comes from (`source`), so an officer or a reviewer can check it, and the date it was last checked against that
// source (`checked`). Eligibility logic (eligibility.ts) interprets these rules; it holds no programme facts itself.
//
// Facts are as of the author's knowledge (checked 2025); where a fact could not be confirmed from an official page the
// rule says so in `note` and carries `verified: false`. Verify before production use.

import type { AgencyCode, CountryCode } from '../../../kernel/agencies.ts';
// Agencies and countries are the kernel's (src/kernel/agencies.ts), defined there once.
export { AGENCIES, AGENCY_CODES, agencyCountry, isAgencyCode } from '../../../kernel/agencies.ts';
export type { AgencyCode, CountryCode } from '../../../kernel/agencies.ts';
export type ProgrammeCode = 'NEXUS' | 'GLOBAL_ENTRY' | 'SENTRI' | 'FAST' | 'VIAJERO_CONFIABLE';
export type FastRegion = 'north' | 'south';
export type Currency = 'USD' | 'MXN' | 'CAD';

export const PROGRAMME_CODES: readonly ProgrammeCode[] = [
  'NEXUS',
  'GLOBAL_ENTRY',
  'SENTRI',
  'FAST',
  'VIAJERO_CONFIABLE',
];
export const FAST_REGIONS: readonly FastRegion[] = ['north', 'south'];

export const isProgrammeCode = (s: unknown): s is ProgrammeCode =>
  typeof s === 'string' && (PROGRAMME_CODES as readonly string[]).includes(s);

export interface Source {
  title: string;
  url: string;
  /** When this rule was last compared with the source (YYYY-MM). */
  checked?: string;
  note?: string;
  /** false when the fact could not be confirmed from an official page. */
  verified?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Sources, named once and cited by the rules below.
export const SOURCES = {
  cbsaNexusEligibility: {
    title: 'CBSA — Apply for, renew or replace a NEXUS card: Who is eligible',
    url: 'https://www.cbsa-asfc.gc.ca/services/travel-voyage/prog/nexus/nexus-2-eng.html',
    checked: '2025-01',
  },
  cbsaNexusMinors: {
    title: 'CBSA — NEXUS eligibility: minors require a signed letter of consent from a parent or legal guardian',
    url: 'https://www.cbsa-asfc.gc.ca/prog/nexus/elig-admis-eng.html',
    checked: '2025-01',
  },
  nattArrangement: {
    title:
      'Joint Declaration / Arrangement on the North American Trusted Traveler network (DHS, Public Safety Canada, ' +
      'SEGOB Mexico, signed 10 July 2015; applications opened 2016)',
    url: 'https://editorials.voa.gov/a/us-mexico-and-canada-expand-travel-opportunities/2949983.html',
    checked: '2025-01',
    note:
      'Mexican Viajero Confiable members may apply for NEXUS; Canadian NEXUS members may apply for Viajero ' +
      'Confiable; US citizens already could through existing CBP–INM and CBP–CBSA partnerships.',
  },
  frNexusFee2024: {
    title:
      'Federal Register 89 FR 22733 (2 April 2024), CBP notice: Increase in the NEXUS Application Fee and Change in ' +
      'the NEXUS Application Fee for Certain Minors',
    url: 'https://www.federalregister.gov/documents/2024/04/02/2024-06852',
    checked: '2025-01',
  },
  frGeSentriFee2024: {
    title:
      'Federal Register 89 FR 22607 (2 April 2024), CBP Dec. 24-08: Harmonization of the Fees and Application ' +
      'Procedures for the Global Entry and SENTRI Programs (effective 1 October 2024)',
    url: 'https://www.federalregister.gov/documents/2024/04/02/2024-06851',
    checked: '2025-01',
  },
  cbpGlobalEntryEligibility: {
    title:
      'CBP — Global Entry: Eligibility (U.S. citizens, U.S. lawful permanent residents, Mexican nationals and ' +
      'citizens of arrangement countries; Canadian citizens and residents through NEXUS)',
    url: 'https://www.cbp.gov/travel/trusted-traveler-programs/global-entry/eligibility',
    checked: '2025-01',
  },
  cbpGlobalEntryArrangements: {
    title: 'CBP — Global Entry international arrangements',
    url: 'https://www.cbp.gov/travel/trusted-traveler-programs/global-entry/international-arrangements',
    checked: '2025-01',
    note: 'The list of arrangement countries changes; some require vetting by the home country first.',
    verified: false,
  },
  cbpTtpValidityRenewal: {
    title:
      'CBP — Trusted Traveler Programs: membership valid five years; renewal may be requested up to one year before ' +
      'expiry',
    url: 'https://www.cbp.gov/travel/trusted-traveler-programs/global-entry/how-apply',
    checked: '2025-01',
    note:
      "Global Entry memberships are widely reported to end on the member's birthday; the exact rule was not " +
      'confirmed from an official page, so validity is modelled as five years from issue (anchor could become ' +
      '"birthday").',
    verified: false,
  },
  cbpSentri: {
    title:
      'CBP — SENTRI: open to all nationalities admissible to the United States; dedicated lanes into the US at ' +
      'southern land ports',
    url: 'https://www.cbp.gov/travel/trusted-traveler-programs/sentri',
    checked: '2025-01',
  },
  cbpFast: {
    title:
      'CBP — Free and Secure Trade (FAST) for commercial vehicles: commercial drivers; northern FAST jointly with ' +
      'CBSA, southern FAST by CBP',
    url: 'https://www.cbp.gov/travel/trusted-traveler-programs/fast',
    checked: '2025-01',
  },
  cbsaFast: {
    title:
      'CBSA — Free and Secure Trade (FAST): commercial drivers who are citizens or permanent residents of Canada or ' +
      'the United States',
    url: 'https://www.cbsa-asfc.gc.ca/prog/fast-expres/menu-eng.html',
    checked: '2025-01',
  },
  fastDriverAge: {
    title:
      'Commercial driver licensing age: 49 CFR 391.11(b)(1) (21 for interstate US driving; 18 intrastate) and ' +
      'provincial Class 1/A licences (18+)',
    url: 'https://www.ecfr.gov/current/title-49/subtitle-B/chapter-III/subchapter-B/part-391/subpart-B/section-391.11',
    checked: '2025-01',
    note:
      'FAST is a card for commercial drivers; no jurisdiction licenses a commercial driver under 18, so a minor ' +
      'cannot qualify, with or without consent.',
  },
  inmViajeroConfiable: {
    title:
      'INM — Viajero Confiable (gob.mx): Mexican citizens; US citizens in Global Entry; Canadian citizens in NEXUS; ' +
      'permanent residents in Mexico of US or Canadian nationality; no minimum age; membership valid five years; ' +
      'interview at an INM office at a participating airport',
    url: 'https://www.gob.mx/inm/acciones-y-programas/viajero-confiable-mexico-en',
    checked: '2025-01',
  },
  inmViajeroConfiableFee: {
    title:
      'Ley Federal de Derechos, derecho por la membresía del Programa Viajero Confiable (amount updated every year)',
    url: 'https://www.diputados.gob.mx/LeyesBiblio/pdf/LFD.pdf',
    checked: '2025-01',
    note:
      'MXN 1,461 is the last amount the author could find quoted (third-party guide, circa 2019–2020); earlier ' +
      'quotes were MXN 1,372. Check the current Ley Federal de Derechos before charging.',
    verified: false,
  },
  cbsaServiceStandards: {
    title: 'CBSA service standards — Trusted Traveller Programs: risk assessment of NEXUS applications within 30 days',
    url: 'https://www.cbsa-asfc.gc.ca/services/serving-servir/standards-normes-eng.html',
    checked: '2025-01',
    note:
      'Standard as recorded in the project reference notes (shared/data/README.md); wording on the CBSA page to be ' +
      're-checked each fiscal year.',
  },
  ttpComparison: {
    title:
      'CBP — Trusted Traveler Programs: compare benefits (NEXUS members receive Global Entry and SENTRI benefits; ' +
      'Global Entry members may use NEXUS lanes into the US and SENTRI lanes; eligible SENTRI members may use ' +
      'Global Entry kiosks)',
    url: 'https://www.cbp.gov/travel/trusted-traveler-programs',
    checked: '2025-01',
  },
} as const satisfies Record<string, Source>;

// ---------------------------------------------------------------------------------------------------------------
// Lanes a membership opens (consumed by the lanes module through the travellers service).
export type LaneCode =
  | 'NORTH_LAND_TT_INTO_US' // NEXUS lanes at northern land ports, entering the US
  | 'NORTH_LAND_TT_INTO_CA' // NEXUS lanes at northern land ports, entering Canada
  | 'SOUTH_LAND_TT_INTO_US' // SENTRI vehicle and pedestrian lanes at southern land ports, entering the US
  | 'FAST_NORTH_INTO_US' // FAST commercial lanes, northern border, entering the US
  | 'FAST_NORTH_INTO_CA' // FAST commercial lanes, northern border, entering Canada
  | 'FAST_SOUTH_INTO_US' // FAST commercial lanes, southern border, entering the US
  | 'AIR_US_KIOSK' // Global Entry kiosks / touchless portals at US airports and US preclearance
  | 'AIR_CA_NEXUS' // NEXUS kiosks and eGates at Canadian airports
  | 'AIR_MX_KIOSK' // Viajero Confiable kiosks at participating Mexican airports
  | 'MARINE_NORTH_TRC'; // NEXUS marine reporting by telephone (Canada and US)

export type Mode = 'land' | 'air' | 'marine';
export interface Lane {
  code: LaneCode;
  mode: Mode;
  border: FastRegion | null;
  into: CountryCode | 'CA_US';
  commercial: boolean;
  nameKey: string;
}
export const LANES: Record<LaneCode, Lane> = {
  NORTH_LAND_TT_INTO_US: {
    code: 'NORTH_LAND_TT_INTO_US',
    mode: 'land',
    border: 'north',
    into: 'US',
    commercial: false,
    nameKey: 'travellers.lane.NORTH_LAND_TT_INTO_US',
  },
  NORTH_LAND_TT_INTO_CA: {
    code: 'NORTH_LAND_TT_INTO_CA',
    mode: 'land',
    border: 'north',
    into: 'CA',
    commercial: false,
    nameKey: 'travellers.lane.NORTH_LAND_TT_INTO_CA',
  },
  SOUTH_LAND_TT_INTO_US: {
    code: 'SOUTH_LAND_TT_INTO_US',
    mode: 'land',
    border: 'south',
    into: 'US',
    commercial: false,
    nameKey: 'travellers.lane.SOUTH_LAND_TT_INTO_US',
  },
  FAST_NORTH_INTO_US: {
    code: 'FAST_NORTH_INTO_US',
    mode: 'land',
    border: 'north',
    into: 'US',
    commercial: true,
    nameKey: 'travellers.lane.FAST_NORTH_INTO_US',
  },
  FAST_NORTH_INTO_CA: {
    code: 'FAST_NORTH_INTO_CA',
    mode: 'land',
    border: 'north',
    into: 'CA',
    commercial: true,
    nameKey: 'travellers.lane.FAST_NORTH_INTO_CA',
  },
  FAST_SOUTH_INTO_US: {
    code: 'FAST_SOUTH_INTO_US',
    mode: 'land',
    border: 'south',
    into: 'US',
    commercial: true,
    nameKey: 'travellers.lane.FAST_SOUTH_INTO_US',
  },
  AIR_US_KIOSK: {
    code: 'AIR_US_KIOSK',
    mode: 'air',
    border: null,
    into: 'US',
    commercial: false,
    nameKey: 'travellers.lane.AIR_US_KIOSK',
  },
  AIR_CA_NEXUS: {
    code: 'AIR_CA_NEXUS',
    mode: 'air',
    border: null,
    into: 'CA',
    commercial: false,
    nameKey: 'travellers.lane.AIR_CA_NEXUS',
  },
  AIR_MX_KIOSK: {
    code: 'AIR_MX_KIOSK',
    mode: 'air',
    border: null,
    into: 'MX',
    commercial: false,
    nameKey: 'travellers.lane.AIR_MX_KIOSK',
  },
  MARINE_NORTH_TRC: {
    code: 'MARINE_NORTH_TRC',
    mode: 'marine',
    border: 'north',
    into: 'CA_US',
    commercial: false,
    nameKey: 'travellers.lane.MARINE_NORTH_TRC',
  },
};

/** A lane a programme grants; `condition` names an extra requirement checked at the lane (an i18n key). */
export interface LaneGrant {
  lane: LaneCode;
  region?: FastRegion;
  condition?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Eligibility rules as data. A programme admits an applicant when ANY basis holds (for FAST, any basis of the region).
export type ResidenceStatus = 'citizen' | 'permanent_resident' | 'other';
export type EligibilityBasis =
  /** A citizen of one of `countries`. */
  | { kind: 'citizen'; countries: readonly string[]; key: string; source: Source }
  /** A permanent resident of one of `countries`. */
  | { kind: 'permanent_resident'; countries: readonly string[]; key: string; source: Source }
  /** A citizen of one of `countries` holding an active membership in one of `memberships`. */
  | {
      kind: 'citizen_with_membership';
      countries: readonly string[];
      memberships: readonly ProgrammeCode[];
      key: string;
      failKey: string;
      source: Source;
    }
  /** A citizen of one of `citizenOf` who is a permanent resident of `residentOf`. */
  | { kind: 'citizen_resident_of'; citizenOf: readonly string[]; residentOf: string; key: string; source: Source }
  /** Any nationality (admissibility is for the vetting agency). */
  | { kind: 'any_nationality'; key: string; source: Source };

/** A citizenship that is told apart with its own reason when no basis holds (e.g. Canadians and Global Entry). */
export interface Redirect {
  countries: readonly string[];
  statuses: readonly ResidenceStatus[];
  key: string;
  source: Source;
}

export interface AgeRule {
  adultAge: number;
  /** Youngest age at which one may apply at all (null = no minimum). */
  minimumAge: number | null;
  minorsNeedConsent: boolean;
  /** Key given when the applicant is under minimumAge. */
  underMinimumKey?: string;
  source: Source;
  note?: string;
}

export interface Fee {
  currency: Currency;
  amount: number;
  /** Inclusive first day the fee applies (YYYY-MM-DD); undefined = since the programme began. */
  from?: string;
  /** Inclusive last day; undefined = still in force. */
  until?: string;
  /** How minors (under 18) are charged under this fee. */
  minors: 'same' | 'exempt' | 'exempt_if_guardian_in_cbp_ttp' | 'unknown';
  source: Source;
  note?: string;
}

export interface Programme {
  code: ProgrammeCode;
  nameKey: string;
  descriptionKey: string;
  /** Agency that runs the programme and its enrolment. */
  leadAgency: AgencyCode;
  /** Agencies that must each vet (and approve) an applicant; for FAST per region. */
  vetting: { agencies: readonly AgencyCode[]; byRegion?: Record<FastRegion, readonly AgencyCode[]>; source: Source };
  eligibility: {
    bases?: readonly EligibilityBasis[];
    basesByRegion?: Record<FastRegion, readonly EligibilityBasis[]>;
    redirects?: readonly Redirect[];
    requiresCommercialDriver?: boolean;
    source: Source;
  };
  age: AgeRule;
  lanes: readonly LaneGrant[];
  lanesSource: Source;
  /** Other programmes whose benefits this membership already includes (used to avoid double charging). */
  includesBenefitsOf: readonly ProgrammeCode[];
  fees: readonly Fee[];
  validity: { years: number; anchor: 'birthday' | 'issue_date'; source: Source };
  renewal: { opensMonthsBeforeExpiry: number; source: Source };
  interview: { required: true; enrolmentOnArrival: boolean; source: Source };
  serviceStandard?: { agency: AgencyCode; days: number; what: string; source: Source };
}

const CA_US = ['CA', 'US'] as const;
const ADULT = 18;

/** Countries whose citizens may apply for Global Entry under an arrangement with CBP (besides US citizens/LPRs). */
export const GLOBAL_ENTRY_PARTNER_COUNTRIES: readonly string[] = [
  'AR',
  'BH',
  'BR',
  'CO',
  'DE',
  'GB',
  'IN',
  'KR',
  'MX',
  'NL',
  'PA',
  'SG',
  'CH',
  'TW',
];

const cbpMinorFees = {
  minors: 'exempt_if_guardian_in_cbp_ttp' as const,
  note:
    'Applicants under 18 pay no fee when a parent or legal guardian is a member of, or is concurrently applying ' +
    'for, NEXUS, Global Entry or SENTRI.',
};

export const PROGRAMMES: Record<ProgrammeCode, Programme> = {
  NEXUS: {
    code: 'NEXUS',
    nameKey: 'travellers.programme.NEXUS.name',
    descriptionKey: 'travellers.programme.NEXUS.description',
    leadAgency: 'CBSA',
    vetting: { agencies: ['CBSA', 'CBP'], source: SOURCES.cbsaNexusEligibility },
    eligibility: {
      bases: [
        { kind: 'citizen', countries: CA_US, key: 'travellers.elig.citizen_ok', source: SOURCES.cbsaNexusEligibility },
        {
          kind: 'permanent_resident',
          countries: CA_US,
          key: 'travellers.elig.pr_ok',
          source: SOURCES.cbsaNexusEligibility,
        },
        {
          kind: 'citizen_with_membership',
          countries: ['MX'],
          memberships: ['VIAJERO_CONFIABLE'],
          key: 'travellers.elig.mx_vc_member_ok',
          failKey: 'travellers.elig.mx_requires_vc_membership',
          source: SOURCES.nattArrangement,
        },
      ],
      source: SOURCES.cbsaNexusEligibility,
    },
    age: { adultAge: ADULT, minimumAge: null, minorsNeedConsent: true, source: SOURCES.cbsaNexusMinors },
    lanes: [
      { lane: 'NORTH_LAND_TT_INTO_US' },
      { lane: 'NORTH_LAND_TT_INTO_CA' },
      { lane: 'AIR_CA_NEXUS' },
      { lane: 'AIR_US_KIOSK' },
      { lane: 'MARINE_NORTH_TRC' },
      { lane: 'SOUTH_LAND_TT_INTO_US', condition: 'travellers.lane.condition.vehicle_registered' },
    ],
    lanesSource: SOURCES.ttpComparison,
    includesBenefitsOf: ['GLOBAL_ENTRY'],
    fees: [
      {
        currency: 'USD',
        amount: 50,
        until: '2024-09-30',
        minors: 'exempt',
        source: SOURCES.cbsaNexusMinors,
        note: 'Fee before the 2024 harmonisation; no fee under 18.',
      },
      { currency: 'USD', amount: 120, from: '2024-10-01', ...cbpMinorFees, source: SOURCES.frNexusFee2024 },
    ],
    validity: { years: 5, anchor: 'issue_date', source: SOURCES.cbpTtpValidityRenewal },
    renewal: { opensMonthsBeforeExpiry: 12, source: SOURCES.cbpTtpValidityRenewal },
    interview: { required: true, enrolmentOnArrival: true, source: SOURCES.cbsaNexusEligibility },
    serviceStandard: { agency: 'CBSA', days: 30, what: 'risk_assessment', source: SOURCES.cbsaServiceStandards },
  },

  GLOBAL_ENTRY: {
    code: 'GLOBAL_ENTRY',
    nameKey: 'travellers.programme.GLOBAL_ENTRY.name',
    descriptionKey: 'travellers.programme.GLOBAL_ENTRY.description',
    leadAgency: 'CBP',
    vetting: { agencies: ['CBP'], source: SOURCES.cbpGlobalEntryEligibility },
    eligibility: {
      bases: [
        {
          kind: 'citizen',
          countries: ['US'],
          key: 'travellers.elig.citizen_ok',
          source: SOURCES.cbpGlobalEntryEligibility,
        },
        {
          kind: 'permanent_resident',
          countries: ['US'],
          key: 'travellers.elig.pr_ok',
          source: SOURCES.cbpGlobalEntryEligibility,
        },
        {
          kind: 'citizen',
          countries: GLOBAL_ENTRY_PARTNER_COUNTRIES,
          key: 'travellers.elig.partner_country_ok',
          source: SOURCES.cbpGlobalEntryArrangements,
        },
      ],
      // Canadian citizens and residents obtain Global Entry benefits through NEXUS membership (NEXUS includes
      // them); CBP does not take their Global Entry applications directly.
      redirects: [
        {
          countries: ['CA'],
          statuses: ['citizen', 'permanent_resident'],
          key: 'travellers.elig.ca_apply_through_nexus',
          source: SOURCES.cbpGlobalEntryEligibility,
        },
      ],
      source: SOURCES.cbpGlobalEntryEligibility,
    },
    age: { adultAge: ADULT, minimumAge: null, minorsNeedConsent: true, source: SOURCES.cbpGlobalEntryEligibility },
    lanes: [
      { lane: 'AIR_US_KIOSK' },
      { lane: 'NORTH_LAND_TT_INTO_US', condition: 'travellers.lane.condition.whti_document' },
      { lane: 'SOUTH_LAND_TT_INTO_US', condition: 'travellers.lane.condition.vehicle_registered' },
    ],
    lanesSource: SOURCES.ttpComparison,
    includesBenefitsOf: [],
    fees: [
      {
        currency: 'USD',
        amount: 100,
        until: '2024-09-30',
        minors: 'same',
        source: SOURCES.frGeSentriFee2024,
        note: 'Fee before the 2024 harmonisation; minors paid the full fee.',
      },
      { currency: 'USD', amount: 120, from: '2024-10-01', ...cbpMinorFees, source: SOURCES.frGeSentriFee2024 },
    ],
    validity: { years: 5, anchor: 'issue_date', source: SOURCES.cbpTtpValidityRenewal },
    renewal: { opensMonthsBeforeExpiry: 12, source: SOURCES.cbpTtpValidityRenewal },
    interview: { required: true, enrolmentOnArrival: true, source: SOURCES.cbpGlobalEntryEligibility },
  },

  SENTRI: {
    code: 'SENTRI',
    nameKey: 'travellers.programme.SENTRI.name',
    descriptionKey: 'travellers.programme.SENTRI.description',
    leadAgency: 'CBP',
    vetting: { agencies: ['CBP'], source: SOURCES.cbpSentri },
    eligibility: {
      bases: [{ kind: 'any_nationality', key: 'travellers.elig.any_nationality_ok', source: SOURCES.cbpSentri }],
      source: SOURCES.cbpSentri,
    },
    age: { adultAge: ADULT, minimumAge: null, minorsNeedConsent: true, source: SOURCES.cbpSentri },
    lanes: [
      { lane: 'SOUTH_LAND_TT_INTO_US', condition: 'travellers.lane.condition.vehicle_registered' },
      { lane: 'AIR_US_KIOSK', condition: 'travellers.lane.condition.sentri_ge_eligible' },
    ],
    lanesSource: SOURCES.ttpComparison,
    includesBenefitsOf: [],
    fees: [
      {
        currency: 'USD',
        amount: 122.25,
        until: '2024-09-30',
        minors: 'same',
        source: SOURCES.frGeSentriFee2024,
        note:
          'Before 1 Oct 2024 SENTRI was charged à la carte: $25 application + $17 fingerprint + $80.25 system cost, ' +
          'with a family cap.',
      },
      { currency: 'USD', amount: 120, from: '2024-10-01', ...cbpMinorFees, source: SOURCES.frGeSentriFee2024 },
    ],
    validity: { years: 5, anchor: 'issue_date', source: SOURCES.cbpTtpValidityRenewal },
    renewal: { opensMonthsBeforeExpiry: 12, source: SOURCES.cbpTtpValidityRenewal },
    interview: { required: true, enrolmentOnArrival: false, source: SOURCES.cbpSentri },
  },

  FAST: {
    code: 'FAST',
    nameKey: 'travellers.programme.FAST.name',
    descriptionKey: 'travellers.programme.FAST.description',
    leadAgency: 'CBP',
    vetting: {
      agencies: ['CBSA', 'CBP'],
      byRegion: { north: ['CBSA', 'CBP'], south: ['CBP'] },
      source: SOURCES.cbpFast,
    },
    eligibility: {
      basesByRegion: {
        north: [
          { kind: 'citizen', countries: CA_US, key: 'travellers.elig.citizen_ok', source: SOURCES.cbsaFast },
          { kind: 'permanent_resident', countries: CA_US, key: 'travellers.elig.pr_ok', source: SOURCES.cbsaFast },
        ],
        south: [
          {
            kind: 'citizen',
            countries: ['CA', 'US', 'MX'],
            key: 'travellers.elig.citizen_ok',
            source: SOURCES.cbpFast,
          },
          { kind: 'permanent_resident', countries: CA_US, key: 'travellers.elig.pr_ok', source: SOURCES.cbpFast },
        ],
      },
      requiresCommercialDriver: true,
      source: SOURCES.cbpFast,
    },
    age: {
      adultAge: ADULT,
      minimumAge: ADULT,
      minorsNeedConsent: true,
      underMinimumKey: 'travellers.elig.fast_adults_only',
      source: SOURCES.fastDriverAge,
      note:
        'FAST cards are issued to commercial drivers, and commercial driving licences are not issued under 18 (21 ' +
        'for interstate driving in the US).',
    },
    lanes: [
      { lane: 'FAST_NORTH_INTO_US', region: 'north' },
      { lane: 'FAST_NORTH_INTO_CA', region: 'north' },
      { lane: 'FAST_SOUTH_INTO_US', region: 'south' },
    ],
    lanesSource: SOURCES.cbpFast,
    includesBenefitsOf: [],
    fees: [
      {
        currency: 'USD',
        amount: 50,
        minors: 'same',
        source: SOURCES.cbpFast,
        note: 'Minors cannot apply (see age rule).',
      },
    ],
    validity: { years: 5, anchor: 'issue_date', source: SOURCES.cbpTtpValidityRenewal },
    renewal: { opensMonthsBeforeExpiry: 12, source: SOURCES.cbpTtpValidityRenewal },
    interview: { required: true, enrolmentOnArrival: false, source: SOURCES.cbpFast },
  },

  VIAJERO_CONFIABLE: {
    code: 'VIAJERO_CONFIABLE',
    nameKey: 'travellers.programme.VIAJERO_CONFIABLE.name',
    descriptionKey: 'travellers.programme.VIAJERO_CONFIABLE.description',
    leadAgency: 'INM',
    vetting: { agencies: ['INM'], source: SOURCES.inmViajeroConfiable },
    eligibility: {
      bases: [
        { kind: 'citizen', countries: ['MX'], key: 'travellers.elig.citizen_ok', source: SOURCES.inmViajeroConfiable },
        {
          kind: 'citizen_with_membership',
          countries: CA_US,
          memberships: ['NEXUS', 'GLOBAL_ENTRY'],
          key: 'travellers.elig.partner_member_ok',
          failKey: 'travellers.elig.vc_requires_nexus_or_ge',
          source: SOURCES.nattArrangement,
        },
        {
          kind: 'citizen_resident_of',
          citizenOf: CA_US,
          residentOf: 'MX',
          key: 'travellers.elig.mx_pr_ok',
          source: SOURCES.inmViajeroConfiable,
        },
      ],
      source: SOURCES.inmViajeroConfiable,
    },
    age: {
      adultAge: ADULT,
      minimumAge: null,
      minorsNeedConsent: true,
      source: SOURCES.inmViajeroConfiable,
      note:
        'INM sets no minimum age; consent of whoever holds parental authority (patria potestad) is assumed to be ' +
        'required for minors, as for any INM procedure.',
    },
    lanes: [{ lane: 'AIR_MX_KIOSK' }],
    lanesSource: SOURCES.inmViajeroConfiable,
    includesBenefitsOf: [],
    fees: [
      {
        currency: 'MXN',
        amount: 1461,
        minors: 'unknown',
        source: SOURCES.inmViajeroConfiableFee,
        note: 'Unverified amount; see source note.',
      },
    ],
    validity: { years: 5, anchor: 'issue_date', source: SOURCES.inmViajeroConfiable },
    renewal: {
      opensMonthsBeforeExpiry: 12,
      source: {
        ...SOURCES.inmViajeroConfiable,
        note: 'INM publishes no renewal window; the one-year window of the partner programmes is assumed.',
        verified: false,
      },
    },
    interview: { required: true, enrolmentOnArrival: false, source: SOURCES.inmViajeroConfiable },
  },
};

export const programme = (code: ProgrammeCode): Programme => PROGRAMMES[code];

/** The fee in force on `date` (YYYY-MM-DD), or undefined if none covers it. */
export function feeOn(code: ProgrammeCode, date: string): Fee | undefined {
  return PROGRAMMES[code].fees.find(
    (f) => (f.from === undefined || f.from <= date) && (f.until === undefined || date <= f.until),
  );
}

/** Lanes a membership opens; FAST lanes depend on the region it was vetted for. */
export function lanesFor(code: ProgrammeCode, fastRegion?: FastRegion): LaneGrant[] {
  return PROGRAMMES[code].lanes.filter(
    (g) => g.region === undefined || fastRegion === undefined || g.region === fastRegion,
  );
}
