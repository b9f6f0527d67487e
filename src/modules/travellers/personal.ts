// The applicant's personal details: validated here, stored only as ciphertext (tt_applications.personal_enc).
import { z } from 'zod';

// A format check (regex, literal) reports the generic localized message (errors.field.format / choice): zod 4 keeps
// `params` (a specific message key) only on custom issues, as the date's refine below does.
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s),
    { params: { key: 'errors.field.date' } },
  );
const month = z.string().regex(/^\d{4}-\d{2}$/);
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/);

export const addressSchema = z.object({
  line: z.string().trim().min(3).max(200),
  city: z.string().trim().min(1).max(100),
  country,
  from: month,
  to: z.union([month, z.literal('')]).default(''),
});
export const employmentSchema = z.object({
  employer: z.string().trim().min(1).max(200),
  occupation: z.string().trim().min(1).max(120),
  country,
  from: month,
  to: z.union([month, z.literal('')]).default(''),
});
export const travelSchema = z.object({ country, year: z.coerce.number().int().min(1950).max(2100) });

export const eligibilityFacts = z.object({
  citizenships: z.array(country).min(1).max(4),
  residenceCountry: country,
  residenceStatus: z.enum(['citizen', 'permanent_resident', 'other']),
  birthDate: date,
  commercialDriver: z.boolean().default(false),
  guardianName: z.string().trim().max(120).default(''),
  guardianConsent: z.boolean().default(false),
  fastRegion: z.enum(['north', 'south']).optional(),
});

export const identitySchema = z.object({
  surname: z.string().trim().min(1).max(80),
  givenNames: z.string().trim().min(1).max(120),
  sex: z.enum(['F', 'M', 'X']),
  birthCountry: country,
  passportNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9<]{5,20}$/),
  passportCountry: country,
  passportExpiry: date,
  mrz: z.string().max(200).default(''),
});

export const historySchema = z.object({
  addresses: z.array(addressSchema).min(1).max(12),
  employment: z.array(employmentSchema).min(1).max(12),
  travel: z.array(travelSchema).max(50).default([]),
});

export const declarationsSchema = z.object({
  criminalConviction: z.boolean(),
  customsViolation: z.boolean(),
  immigrationViolation: z.boolean(),
  explanation: z.string().trim().max(2000).default(''),
  truthful: z.literal(true),
});

/** A passport-style photo: JPEG or PNG, at most 1 MB, checked by its magic bytes rather than its declared type. */
export const photoSchema = z
  .object({ mediaType: z.enum(['image/jpeg', 'image/png']), base64: z.string().min(40).max(1_400_000) })
  .refine((p) => sniffImage(Buffer.from(p.base64, 'base64')) === p.mediaType, {
    path: ['base64'],
    params: { key: 'travellers.err.photo_type' },
  });
export function sniffImage(b: Buffer): 'image/jpeg' | 'image/png' | null {
  if (b.length > 8 && b[0] === 0x89 && b.toString('latin1', 1, 4) === 'PNG') return 'image/png';
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return null;
}

export const personalSchema = z.object({
  facts: eligibilityFacts,
  identity: identitySchema,
  history: historySchema,
  declarations: declarationsSchema,
  photo: photoSchema,
});
export type Personal = z.infer<typeof personalSchema>;
/** A draft may be incomplete: every section is optional until submission. */
export const draftSchema = z.object({
  facts: eligibilityFacts.optional(),
  identity: identitySchema.optional(),
  history: historySchema.optional(),
  declarations: declarationsSchema.partial().optional(),
  photo: photoSchema.optional(),
});
export type Draft = z.infer<typeof draftSchema>;

/** Months covered by a list of from/to periods, counting back from `today`. Five years of history are required. */
export function monthsCovered(periods: { from: string; to: string }[], today: Date): number {
  const idx = (ym: string) => {
    const [y, m] = ym.split('-').map(Number);
    return y * 12 + (m - 1);
  };
  const now = today.getUTCFullYear() * 12 + today.getUTCMonth();
  const start = now - 59;
  const covered = new Set<number>();
  for (const p of periods) {
    const a = Math.max(idx(p.from), start),
      b = Math.min(p.to ? idx(p.to) : now, now);
    for (let i = a; i <= b; i++) covered.add(i);
  }
  return covered.size;
}
