// Whose a flow row is: the country whose port the data measures, and that country's border agency.
import { countryAgency, type CountryCode } from '../../../kernel/agencies.ts';
import type { FlowOwner, ImportKind } from '../store.ts';

/** Sources that publish one country's ports only: BTS entries and CBP wait times are US ports. */
export const SOURCE_COUNTRY: Readonly<Partial<Record<ImportKind, CountryCode>>> = { bts: 'US', 'cbp-bwt': 'US' };

export function ownerOf(country: CountryCode): FlowOwner {
  const agency = countryAgency(country);
  if (!agency) throw new Error(`no border agency for country ${country}`);
  return { country, agency };
}

/** The owner of an import: fixed by the source where it publishes one country only, else the country given. */
export function importOwner(kind: ImportKind, country: CountryCode | undefined): FlowOwner {
  return ownerOf(SOURCE_COUNTRY[kind] ?? country ?? 'US');
}
