// The request and response schemas of the lookouts API (zod 4, with examples for the OpenAPI document).
import { z } from 'zod';
import {
  ACTIONS,
  CATEGORIES,
  HIT_STATUSES,
  IMPORT_FORMATS,
  LOOKOUT_STATES,
  LOOKOUT_SUBJECTS,
} from '../domain/lookout.ts';

export const tags = ['lookouts'];
export const idParams = z.object({ id: z.uuid().meta({ example: '0b5f3c1e-6d2a-4f7e-9a41-2f8c3d5e7a90' }) });
export const ok = z.object({ ok: z.literal(true) });

const agency = z.string().meta({ example: 'CBSA' });
const country = z.string().meta({ example: 'CA' });
const day = z.string().meta({ example: '2026-03-01' });

export const screenSubject = z
  .object({
    type: z.enum(LOOKOUT_SUBJECTS).optional(),
    name: z.string().trim().min(1).max(300).optional().meta({ example: 'Ivan Petrov' }),
    birthDate: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
      .optional()
      .meta({ example: '1971-06-14' }),
    nationality: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/)
      .optional()
      .meta({ example: 'RU' }),
    documents: z
      .array(
        z.object({
          type: z.string().max(40).meta({ example: 'passport' }),
          number: z.string().trim().min(3).max(40).meta({ example: '752019384' }),
          country: z.string().length(2).optional().meta({ example: 'RU' }),
        }),
      )
      .max(5)
      .optional(),
    plate: z
      .object({
        number: z.string().trim().min(2).max(15).meta({ example: '8ABC123' }),
        jurisdiction: z.string().max(10).optional().meta({ example: 'CA' }),
      })
      .optional(),
    container: z.string().trim().max(15).optional().meta({ example: 'MSCU1234567' }),
  })
  .refine((s) => s.name || s.documents?.length || s.plate || s.container, {
    params: { key: 'lookouts.err.empty_query' },
  });

const reason = z.object({
  field: z.string().meta({ example: 'name' }),
  method: z.string().meta({ example: 'transliteration' }),
  score: z.number().meta({ example: 0.93 }),
  query: z.string().optional().meta({ example: 'Ivan Petrov' }),
  listed: z.string().optional().meta({ example: 'PETROV, Ivan' }),
});
export const hitOut = z.object({
  lookoutId: z.uuid(),
  score: z.number().meta({ example: 0.91 }),
  name: z.string().meta({ example: 'PETROV, Ivan' }),
  category: z.string().meta({ example: 'serious_crime' }),
  recommendedAction: z.string().meta({ example: 'refer_secondary' }),
  originAgency: z.string().meta({ example: 'CBSA' }),
  kind: z.string().meta({ example: 'lookout' }),
  reasons: z.array(reason),
  hitId: z.string().optional(),
});
export const screenOut = z.object({
  status: z.enum(['clear', 'hits']),
  hits: z.array(hitOut),
  micros: z.number().meta({ example: 85 }),
});

export const listQuery = z.object({
  state: z.enum(LOOKOUT_STATES).optional(),
  kind: z.enum(['lookout', 'reference']).optional(),
  text: z.string().max(100).optional().meta({ example: 'Petrov' }),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const lookoutItem = z.object({
  id: z.uuid(),
  kind: z.enum(['lookout', 'reference']),
  subjectType: z.enum(LOOKOUT_SUBJECTS),
  category: z.enum(CATEGORIES),
  recommendedAction: z.enum(ACTIONS),
  originAgency: z.string().meta({ example: 'CBSA', description: 'the posting agency, or the source of a public list' }),
  originCountry: country,
  agency: agency.nullable().meta({ description: 'the owning agency; null for a public list' }),
  country: country.nullable(),
  sharingAgencies: z.array(agency),
  sharingCountries: z.array(country),
  validFrom: day.nullable(),
  validUntil: day.nullable(),
  version: z.number().int().meta({ example: 1 }),
  label: z.string().meta({ example: 'PETROV, Ivan' }),
  state: z.enum(LOOKOUT_STATES),
});
export const lookoutDetail = lookoutItem.extend({
  reason: z.string().meta({ example: 'Wanted for armed robbery (warrant 2026-114)' }),
  legalReference: z.string().meta({ example: 'Criminal Code s. 344' }),
  identifiers: z.object({
    names: z.array(z.string()),
    originalScriptNames: z.array(z.string()),
    birthDates: z.array(z.string()),
    nationalities: z.array(z.string()),
    documents: z.array(z.object({ type: z.string(), number: z.string(), country: z.string().optional() })),
    plates: z.array(z.object({ number: z.string(), jurisdiction: z.string().optional() })),
    containers: z.array(z.string()),
  }),
  events: z.array(
    z.object({
      at: z.string().meta({ example: '2026-03-01T14:05:00.000Z' }),
      agency: agency.nullable(),
      kind: z.enum(['created', 'updated', 'activated', 'withdrawn']),
    }),
  ),
  sourceRef: z.string().nullable().meta({ example: '2676' }),
});

export const hitsQuery = z.object({
  status: z.enum(HIT_STATUSES).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const reviewHit = z.object({
  id: z.uuid(),
  lookoutId: z.uuid(),
  subjectRef: z.string().meta({ example: 'crossing-occupant:US-0901' }),
  context: z.string().meta({ example: 'primary inspection' }),
  score: z.number().meta({ example: 0.88 }),
  reasons: z.array(reason),
  status: z.enum(HIT_STATUSES),
  agency: agency.nullable().meta({ description: 'the agency that owns the lookout (and decides on the hit)' }),
  createdAt: z.string().meta({ example: '2026-03-01T14:05:00.000Z' }),
});
export const reviewBody = z.object({
  decision: z.enum(['confirmed', 'false_positive']),
  note: z.string().max(1000).default('').meta({ example: 'different person, verified date of birth' }),
});

export const importBody = z.object({
  format: z.enum(IMPORT_FORMATS),
  files: z
    .record(z.string().max(40).meta({ example: 'sdn' }), z.string().max(30_000_000))
    .meta({ example: { jsonl: '{"id":"r1","type":"person","names":["Abdul Qadir Nasiri"]}\n' } }),
  sourceName: z.string().max(120).optional().meta({ example: 'UN Security Council Consolidated List' }),
  skipInvalid: z
    .boolean()
    .optional()
    .meta({ description: 'import the valid entries and report the invalid lines, instead of refusing the list' }),
  allowMassWithdrawal: z
    .boolean()
    .optional()
    .meta({ description: 'allow an import that withdraws more than half of the entries of the previous import' }),
});
export const importOut = z.object({
  imported: z.number().int().meta({ example: 1003 }),
  importId: z.uuid(),
  skipped: z.number().int().meta({ example: 0, description: 'invalid lines left out (with skipInvalid)' }),
});
