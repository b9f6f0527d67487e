// The three countries of the platform and their border agencies: defined here once, used by every module.
// The `agencies` table (kernel migration 002) holds the same rows for foreign keys; a test keeps the two equal.

export const COUNTRIES = ['CA', 'US', 'MX'] as const;
export type CountryCode = (typeof COUNTRIES)[number];

export interface Agency {
  code: AgencyCode;
  country: CountryCode;
  name: string;
  /** Message key of the agency's name in the page's language. */
  nameKey: string;
  source: { title: string; url: string };
}

export const AGENCY_CODES = ['CBSA', 'CBP', 'INM'] as const;
export type AgencyCode = (typeof AGENCY_CODES)[number];

export const AGENCIES: Record<AgencyCode, Agency> = {
  CBSA: {
    code: 'CBSA',
    country: 'CA',
    name: 'Canada Border Services Agency',
    nameKey: 'agency.CBSA',
    source: { title: 'Canada Border Services Agency', url: 'https://www.cbsa-asfc.gc.ca/' },
  },
  CBP: {
    code: 'CBP',
    country: 'US',
    name: 'U.S. Customs and Border Protection',
    nameKey: 'agency.CBP',
    source: { title: 'U.S. Customs and Border Protection', url: 'https://www.cbp.gov/' },
  },
  INM: {
    code: 'INM',
    country: 'MX',
    name: 'Instituto Nacional de Migración',
    nameKey: 'agency.INM',
    source: { title: 'Instituto Nacional de Migración', url: 'https://www.gob.mx/inm' },
  },
};

export const isAgencyCode = (code: unknown): code is AgencyCode =>
  typeof code === 'string' && (AGENCY_CODES as readonly string[]).includes(code);
export const isCountryCode = (code: unknown): code is CountryCode =>
  typeof code === 'string' && (COUNTRIES as readonly string[]).includes(code);

/** The country of an agency, or null for no agency (the public, the system). */
export const agencyCountry = (code: string | null | undefined): CountryCode | null =>
  isAgencyCode(code) ? AGENCIES[code].country : null;

/** The border agency of a country: the agency that decides entry into it. */
export const countryAgency = (country: string): AgencyCode | null =>
  AGENCY_CODES.find((a) => AGENCIES[a].country === country) ?? null;
