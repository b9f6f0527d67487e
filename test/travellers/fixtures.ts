// A complete, valid application as an applicant would enter it (dates relative to today so it never goes stale).
import { buildTd3 } from '../../src/modules/travellers/domain/mrz.ts';

const ym = (monthsAgo: number) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - monthsAgo);
  return d.toISOString().slice(0, 7);
};
const inYears = (n: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + n);
  return d.toISOString().slice(0, 10);
};

/** A citizen of `country` (CA or US) living there; a US citizen may hold NEXUS and Global Entry together. */
export function canadianApplicant(
  overrides: {
    surname?: string;
    givenNames?: string;
    passportNumber?: string;
    birthDate?: string;
    country?: 'CA' | 'US';
  } = {},
) {
  const c = overrides.country ?? 'CA',
    c3 = c === 'CA' ? 'CAN' : 'USA';
  const surname = overrides.surname ?? 'TREMBLAY',
    givenNames = overrides.givenNames ?? 'MARIE CLAIRE';
  const passportNumber = overrides.passportNumber ?? 'AB123456',
    birthDate = overrides.birthDate ?? '1985-04-23',
    expiry = inYears(6);
  const mrz = buildTd3({
    issuingCountry: c3,
    surname,
    givenNames,
    documentNumber: passportNumber,
    nationality: c3,
    birthDate,
    sex: 'F',
    expiryDate: expiry,
  });
  return {
    facts: {
      citizenships: [c],
      residenceCountry: c,
      residenceStatus: 'citizen' as const,
      birthDate,
      commercialDriver: false,
      guardianName: '',
      guardianConsent: false,
    },
    identity: {
      surname,
      givenNames,
      sex: 'F' as const,
      birthCountry: c,
      passportNumber,
      passportCountry: c,
      passportExpiry: expiry,
      mrz,
    },
    history: {
      addresses: [{ line: '1200 rue Sainte-Catherine Ouest', city: 'Montréal', country: 'CA', from: ym(70), to: '' }],
      employment: [{ employer: 'Hydro-Québec', occupation: 'Engineer', country: 'CA', from: ym(80), to: '' }],
      travel: [{ country: 'FR', year: 2023 }],
    },
    declarations: {
      criminalConviction: false,
      customsViolation: false,
      immigrationViolation: false,
      explanation: '',
      truthful: true as const,
    },
    photo: { mediaType: 'image/png' as const, base64: PHOTO_PNG },
  };
}
/** A tiny valid PNG (8×10 pixels) standing in for a passport photo. */
export const PHOTO_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAKCAIAAAAGpYjXAAAAEUlEQVR4nGM4sWoaVsQw3CUAbbuigTi6em8AAAAASUVORK5CYII=';

/** Drives the API from sign-up to an issued NEXUS membership; returns the membership and the applicant's headers. */
export async function makeMember(
  p: import('../../src/app.ts').Platform,
  email: string,
  overrides: Parameters<typeof canadianApplicant>[0] = {},
) {
  const signIn = async (e: string) => ({
    authorization: `Bearer ${
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sessions',
          payload: { email: e, password: 'demo-password-2026' },
        })
      ).json().token
    }`,
  });
  const acct = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accounts',
    payload: { email, password: 'correct horse battery', displayName: 'Member', locale: 'en' },
  });
  const me = { authorization: `Bearer ${acct.json().token}` };
  const id = (
    await p.app.inject({ method: 'POST', url: '/api/v1/applications', headers: me, payload: { programmes: ['NEXUS'] } })
  ).json().id;
  await p.app.inject({
    method: 'PUT',
    url: `/api/v1/applications/${id}/draft`,
    headers: me,
    payload: canadianApplicant(overrides),
  });
  const sub = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: me });
  if (sub.statusCode !== 200) throw new Error('submit failed: ' + sub.body);
  for (const a of ['cbsa', 'cbp'])
    await p.app.inject({
      method: 'POST',
      url: `/api/v1/vetting/${id}/decision`,
      headers: await signIn(`vetting.${a}@demo.smartborder.test`),
      payload: { kind: 'approve' },
    });
  const issued = await p.app.inject({
    method: 'POST',
    url: `/api/v1/enrolment/${id}/membership`,
    headers: await signIn('enrolment.cbsa@demo.smartborder.test'),
    payload: { documentsVerified: true, photoRef: 'PHOTO-1', biometricRef: 'FP-1' },
  });
  if (issued.statusCode !== 201) throw new Error('issue failed: ' + issued.body);
  return { applicationId: id, headers: me, ...(issued.json() as { membershipId: string; membershipNumber: string }) };
}
