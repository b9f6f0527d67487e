// A complete, valid application as an applicant would enter it (dates relative to today so it never goes stale).
import { buildTd3 } from '../../src/modules/travellers/domain/mrz.ts';

const ym = (monthsAgo: number) => { const d = new Date(); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() - monthsAgo); return d.toISOString().slice(0, 7); };
const inYears = (n: number) => { const d = new Date(); d.setUTCFullYear(d.getUTCFullYear() + n); return d.toISOString().slice(0, 10); };

/** A citizen of `country` (CA or US) living there; a US citizen may hold NEXUS and Global Entry together. */
export function canadianApplicant(overrides: { surname?: string; givenNames?: string; passportNumber?: string; birthDate?: string; country?: 'CA' | 'US' } = {}) {
  const c = overrides.country ?? 'CA', c3 = c === 'CA' ? 'CAN' : 'USA';
  const surname = overrides.surname ?? 'TREMBLAY', givenNames = overrides.givenNames ?? 'MARIE CLAIRE';
  const passportNumber = overrides.passportNumber ?? 'AB123456', birthDate = overrides.birthDate ?? '1985-04-23', expiry = inYears(6);
  const mrz = buildTd3({ issuingCountry: c3, surname, givenNames, documentNumber: passportNumber, nationality: c3, birthDate, sex: 'F', expiryDate: expiry });
  return {
    facts: { citizenships: [c], residenceCountry: c, residenceStatus: 'citizen' as const, birthDate, commercialDriver: false, guardianName: '', guardianConsent: false },
    identity: { surname, givenNames, sex: 'F' as const, birthCountry: c, passportNumber, passportCountry: c, passportExpiry: expiry, mrz },
    history: {
      addresses: [{ line: '1200 rue Sainte-Catherine Ouest', city: 'Montréal', country: 'CA', from: ym(70), to: '' }],
      employment: [{ employer: 'Hydro-Québec', occupation: 'Engineer', country: 'CA', from: ym(80), to: '' }],
      travel: [{ country: 'FR', year: 2023 }],
    },
    declarations: { criminalConviction: false, customsViolation: false, immigrationViolation: false, explanation: '', truthful: true as const },
  };
}
