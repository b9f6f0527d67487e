// The request and response schemas of the travellers API (zod 4, with examples for the OpenAPI document), and the
// decision and enrolment schemas the officers' pages share with it.
import { z } from 'zod';
import { PROGRAMME_CODES, type ProgrammeCode } from '../domain/programmes.ts';
import { draftSchema } from '../personal.ts';
import { DENIAL_REASONS, SUSPENSION_REASONS, type ApplicationView, type TravellersService } from '../service.ts';
import type { User } from '../../../kernel/auth.ts';

export const tags = ['trusted travellers'];
export { idParams } from './common.ts';
export const ok = z.object({ ok: z.literal(true) });

const iso = (example: string) => z.string().meta({ example });
const agency = z.string().meta({ example: 'CBSA' });
const country = z.string().meta({ example: 'CA' });
const programme = z
  .enum(PROGRAMME_CODES as unknown as readonly [ProgrammeCode, ...ProgrammeCode[]])
  .meta({ example: 'NEXUS' });
export const programmes = z.array(programme).min(1).max(5);
const stage = z
  .enum([
    'draft',
    'submitted',
    'under_review',
    'awaiting_applicant',
    'denied',
    'conditionally_approved',
    'interview_scheduled',
    'member',
    'withdrawn',
  ])
  .meta({ example: 'under_review' });
const screening = z.enum(['pending', 'clear', 'hits']).meta({ example: 'clear' });
/** A message key and its arguments, to be translated by the client (or shown as is). */
const keyArgs = {
  key: z.string().meta({ example: 'travellers.elig.citizen_ok' }),
  args: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
};

// ---------- applications ----------
export const statusOut = z.object({
  stage,
  since: iso('2026-03-02T14:05:00.000Z').nullable(),
  holders: z.array(agency),
  approvedBy: z.array(agency),
  deniedBy: z.array(
    z.object({
      agency,
      reasonCode: z.string().meta({ example: 'criminal_record' }),
      explanation: z.string().meta({ example: 'A conviction in 2019 makes the applicant ineligible.' }),
    }),
  ),
  openQuestion: z
    .object({ agency, question: z.string().meta({ example: 'Please explain your trip to Brazil in 2024.' }) })
    .nullable(),
  screening: screening.nullable(),
  interview: z
    .object({
      centreId: z.string().meta({ example: 'ca-yvr' }),
      startsAt: iso('2026-04-10T16:30:00.000Z').nullable(),
      onArrival: z.boolean(),
    })
    .nullable(),
  membershipId: z.uuid().nullable(),
});
export const appOut = z.object({
  id: z.uuid(),
  reference: z.string().meta({ example: 'TT-2026-4F7K9Q' }),
  programmes: z.array(programme),
  fastRegion: z.enum(['north', 'south']).nullable(),
  version: z.number().int().meta({ example: 3 }),
  submittedAt: iso('2026-03-02T14:05:00.000Z').nullable(),
  status: statusOut,
  requiredAgencies: z.array(agency),
});
export type AppOut = z.infer<typeof appOut>;

/** An application and its derived status, for whoever canReadApplication allows (the service asks and audits). */
export async function applicationOut(svc: TravellersService, user: User, appId: string): Promise<AppOut> {
  return viewOut(svc, await svc.getForViewer(user, appId, 'api'));
}
/** An application already read (and its read audited) by this request, as the API answers it. */
export function viewOut(svc: TravellersService, v: ApplicationView): AppOut {
  const s = v.status;
  return {
    id: v.app.id,
    reference: v.app.reference,
    programmes: v.app.programmes,
    fastRegion: v.app.fastRegion,
    version: v.app.version,
    submittedAt: v.app.submittedAt ? new Date(v.app.submittedAt).toISOString() : null,
    requiredAgencies: svc.requiredAgencies(v.app),
    status: {
      stage: s.stage,
      holders: s.holders,
      approvedBy: s.approvedBy,
      deniedBy: s.deniedBy,
      screening: s.screening,
      membershipId: s.membershipId,
      since: s.since ? new Date(s.since).toISOString() : null,
      openQuestion: s.openQuestion ? { agency: s.openQuestion.agency, question: s.openQuestion.question } : null,
      interview: s.interview
        ? { centreId: s.interview.centreId, startsAt: s.interview.startsAt, onArrival: s.interview.onArrival }
        : null,
    },
  };
}

export const createBody = z.object({
  programmes,
  fastRegion: z.enum(['north', 'south']).nullable().default(null).meta({ example: 'north' }),
});
export const draftBody = draftSchema.extend({
  programmes: programmes.optional(),
  version: z.number().int().optional().meta({ example: 3 }),
});
export const answerBody = z.object({
  answer: z.string().trim().min(2).max(4000).meta({ example: 'I visited family in Recife for three weeks.' }),
});

const reason = z.object({ ...keyArgs, effect: z.enum(['pass', 'fail', 'info']) });
export const eligibilityOut = z.object({
  eligibility: z
    .array(
      z.object({
        programme,
        eligible: z.boolean(),
        reasons: z.array(reason),
        fastRegions: z.array(z.enum(['north', 'south'])).optional(),
        renewal: z.boolean().optional(),
      }),
    )
    .nullable(),
  fee: z
    .object({
      lines: z.array(
        z.object({
          programme,
          currency: z.enum(['USD', 'MXN', 'CAD']).meta({ example: 'CAD' }),
          amount: z.number().meta({ example: 50 }),
          fullAmount: z.number().meta({ example: 50 }),
          waived: z.boolean(),
          reasons: z.array(reason),
          source: z.object({
            title: z.string().meta({ example: 'NEXUS: fees' }),
            url: z.string().meta({ example: 'https://www.cbsa-asfc.gc.ca/prog/nexus/menu-eng.html' }),
            checked: z.string().optional().meta({ example: '2026-01' }),
            note: z.string().optional(),
            verified: z.boolean().optional(),
          }),
        }),
      ),
      totals: z.record(z.string(), z.number()).meta({ example: { CAD: 50 } }),
    })
    .nullable(),
  problems: z.array(z.object({ path: z.string().meta({ example: 'history.addresses' }), ...keyArgs })),
});

// ---------- machine-readable zones ----------
export const mrzBody = z.object({
  text: z.string().max(200).meta({
    example: 'P<CANTREMBLAY<<MARIE<<<<<<<<<<<<<<<<<<<<<<<<\nAB12345671CAN8501019F3001019<<<<<<<<<<<<<<00',
  }),
});
const countryRef = z.object({ alpha3: z.string().meta({ example: 'CAN' }), alpha2: country.nullable() });
export const mrzOut = z.object({
  ok: z.boolean(),
  format: z.enum(['TD1', 'TD3']).nullable(),
  lines: z.array(z.string()),
  fields: z.object({
    documentType: z.string().nullable().meta({ example: 'P' }),
    issuingCountry: countryRef.nullable(),
    documentNumber: z.string().nullable().meta({ example: 'AB1234567' }),
    surname: z.string().nullable().meta({ example: 'TREMBLAY' }),
    givenNames: z.string().nullable().meta({ example: 'MARIE' }),
    nationality: countryRef.nullable(),
    birthDate: z.string().nullable().meta({ example: '1985-01-01' }),
    sex: z.enum(['M', 'F', 'X']).nullable(),
    expiryDate: z.string().nullable().meta({ example: '2030-01-01' }),
    optionalData: z.string().nullable(),
  }),
  errors: z.array(z.object({ field: z.string().meta({ example: 'birthDate' }), ...keyArgs })),
});

// ---------- interviews ----------
const centreId = z.string().max(80).meta({ example: 'ca-yvr' });
export const centreParams = z.object({ centreId });
export const centresOut = z.object({
  centres: z.array(
    z.object({
      id: centreId,
      name: z.string().meta({ example: 'Vancouver International Airport NEXUS Enrolment Centre' }),
      city: z.string().meta({ example: 'Richmond' }),
      country,
      enrolmentOnArrival: z.boolean(),
    }),
  ),
});
export const slotsOut = z.object({
  slots: z.array(
    z.object({
      id: z.uuid(),
      startsAt: iso('2026-04-10T16:30:00.000Z'),
      free: z.number().int().meta({ example: 2 }),
    }),
  ),
});
export const bookingBody = z.union([z.object({ slotId: z.uuid() }), z.object({ onArrivalCentreId: centreId })]);

// ---------- vetting ----------
export const decisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approve') }),
  z.object({
    kind: z.literal('deny'),
    reasonCode: z.enum(DENIAL_REASONS).meta({ example: 'criminal_record' }),
    explanation: z
      .string()
      .trim()
      .min(20)
      .max(4000)
      .meta({ example: 'A conviction in 2019 makes the applicant ineligible.' }),
  }),
  z.object({
    kind: z.literal('request_info'),
    question: z.string().trim().min(10).max(4000).meta({ example: 'Please explain your trip to Brazil in 2024.' }),
  }),
]);
export const vettingQueueOut = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(['vetting', 'recurrent', 'renewal']),
      applicationId: z.uuid().nullable(),
      membershipId: z.uuid().nullable(),
      reference: z.string().nullable().meta({ example: 'TT-2026-4F7K9Q' }),
      programmes: z.array(programme),
      riskScore: z.number().meta({ example: 0.35 }),
      openedAt: iso('2026-03-02T14:05:00.000Z'),
    }),
  ),
});
const risk = z.object({
  score: z.number().meta({ example: 0.35 }),
  document: z.object({ ok: z.boolean(), problems: z.array(z.string()) }),
  eligibility: z.object({ ok: z.boolean(), problems: z.array(z.string()) }),
  screening,
  hits: z.array(
    z.object({
      lookoutId: z.string().meta({ example: '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }),
      score: z.number().meta({ example: 0.92 }),
      name: z.string().meta({ example: 'Ivan Petrov' }),
      reasons: z.array(z.unknown()).meta({ example: [{ field: 'name', method: 'transliteration' }] }),
      visibleTo: z.array(agency),
    }),
  ),
  declarations: z.array(z.string().meta({ example: 'customsViolation' })),
});
export const vettingCaseOut = z.object({ application: appOut, risk: risk.nullable(), personal: draftSchema });
export const decisionOut = z.object({ stage, holders: z.array(agency), approvedBy: z.array(agency) });

// ---------- enrolment ----------
export const issueSchema = z.object({
  documentsVerified: z.literal(true),
  photoRef: z.string().trim().min(4).max(200).meta({ example: 'PHOTO-YVR-2026-000123' }),
  biometricRef: z.string().trim().min(4).max(200).meta({ example: 'BIO-YVR-2026-000123' }),
});
export const enrolmentQueueOut = z.object({
  items: z.array(
    z.object({
      applicationId: z.uuid(),
      reference: z.string().meta({ example: 'TT-2026-4F7K9Q' }),
      stage,
      startsAt: iso('2026-04-10T16:30:00.000Z').nullable(),
    }),
  ),
});
export const issuedOut = z.object({
  membershipId: z.uuid(),
  membershipNumber: z.string().meta({ example: '150123456' }),
  expiresAt: iso('2031-04-10T00:00:00.000Z'),
  programmes: z.array(programme),
});

// ---------- memberships ----------
const membershipStatus = z.enum(['active', 'suspended', 'revoked']).meta({ example: 'active' });
export const membershipsOut = z.object({
  memberships: z.array(
    z.object({
      id: z.uuid(),
      membershipNumber: z.string().meta({ example: '150123456' }),
      programmes: z.array(programme),
      status: membershipStatus,
      expiresAt: iso('2031-04-10T00:00:00.000Z'),
      renewalPending: z.boolean(),
      cards: z.array(
        z.object({
          last4: z.string().meta({ example: '4821' }),
          status: z.string().meta({ example: 'active' }),
        }),
      ),
    }),
  ),
});
export const replacedCardOut = z.object({
  last4: z.string().meta({ example: '4821' }),
  /** The full new number: to the holder only (an officer who replaced the card gets the last four digits). */
  cardNumber: z.string().optional().meta({ example: '50412345674821' }),
});
export const statusBody = z.object({
  status: z.enum(['suspended', 'revoked', 'active']).meta({ example: 'suspended' }),
  reason: z.enum(SUSPENSION_REASONS).meta({ example: 'investigation' }),
});
export const renewalDecisionBody = z.object({ approve: z.boolean() });
export const recurrentOutcome = z.enum(['no_action', 'membership_suspended', 'membership_revoked']);
export const recurrentBody = z.object({ outcome: recurrentOutcome.meta({ example: 'no_action' }) });
export const lookupBody = z.union([
  z.object({ cardNumber: z.string().min(5).max(20).meta({ example: '50412345674821' }) }),
  z.object({
    passportNumber: z.string().min(5).max(20).meta({ example: 'AB1234567' }),
    passportCountry: z.string().length(2).meta({ example: 'CA' }),
  }),
]);
export const lookupOut = z.object({
  found: z.boolean(),
  active: z.boolean().optional(),
  programmes: z.array(programme).optional(),
  status: z.string().optional().meta({ example: 'active' }),
  cardStatus: z.string().nullable().optional().meta({ example: 'active' }),
  expiresAt: iso('2031-04-10T00:00:00.000Z').optional(),
  renewalPending: z.boolean().optional(),
});
