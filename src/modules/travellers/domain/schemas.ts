// zod schemas for the domain's inputs, for routes and forms to validate with before calling the domain functions.
import { z } from 'zod';
import { isDate } from './dates.ts';
import { FAST_REGIONS, PROGRAMME_CODES } from './programmes.ts';

export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2');
export const dateSchema = z.string().refine(isDate, 'YYYY-MM-DD calendar date');
export const programmeCodeSchema = z
  .enum(PROGRAMME_CODES as [string, ...string[]])
  .transform((s) => s as (typeof PROGRAMME_CODES)[number]);
export const fastRegionSchema = z
  .enum(FAST_REGIONS as [string, ...string[]])
  .transform((s) => s as (typeof FAST_REGIONS)[number]);

export const residenceSchema = z.object({
  country: countryCodeSchema,
  status: z.enum(['citizen', 'permanent_resident', 'other']),
});
export const membershipSchema = z.object({
  programme: programmeCodeSchema,
  status: z.enum(['active', 'pending', 'expired', 'revoked', 'suspended', 'denied']),
  expiresOn: dateSchema.optional(),
  fastRegion: fastRegionSchema.optional(),
});
export const applicantSchema = z.object({
  citizenships: z.array(countryCodeSchema).min(1).max(5),
  residences: z.array(residenceSchema).max(10).default([]),
  birthDate: dateSchema,
  memberships: z.array(membershipSchema).max(10).default([]),
  commercialDriver: z.boolean().optional(),
  guardianConsent: z.boolean().optional(),
  fastRegion: fastRegionSchema.optional(),
  guardianProgrammes: z.array(programmeCodeSchema).max(5).optional(),
});
export type ApplicantInput = z.input<typeof applicantSchema>;
