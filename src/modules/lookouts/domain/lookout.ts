// What a lookout is, as plain data: its criteria (the same fields in the three countries), its input schema, its
// lifecycle state derived from its events and dates, and what screening and recurrent vetting exchange.
import { z } from 'zod';
import { AGENCY_CODES, COUNTRIES } from '../../../kernel/agencies.ts';
import type { Actor } from '../../../kernel/audit.ts';
import type { Hit, ListEntry, SubjectType } from '../engine/index.ts';

export const CATEGORIES = [
  'terrorism',
  'serious_crime',
  'immigration',
  'customs_smuggling',
  'health_agriculture',
  'sanctions',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const ACTIONS = ['refer_secondary', 'hold', 'notify_originator'] as const;
export type RecommendedAction = (typeof ACTIONS)[number];
export const LOOKOUT_SUBJECTS = [
  'person',
  'organization',
  'vehicle',
  'vessel',
  'aircraft',
  'container',
  'document',
] as const satisfies readonly SubjectType[];
export type LookoutSubject = (typeof LOOKOUT_SUBJECTS)[number];
/** An agency's lookout, or an entry of a public reference list (sanctions lists: visible to every agency). */
export type LookoutKind = 'lookout' | 'reference';
/** The lifecycle events; the latest of created / activated / withdrawn is the recorded state. */
export type LookoutEventKind = 'created' | 'updated' | 'activated' | 'withdrawn';
export const LOOKOUT_STATES = ['draft', 'active', 'expired', 'withdrawn', 'scheduled'] as const;
export type LookoutState = (typeof LOOKOUT_STATES)[number];
export const HIT_STATUSES = ['open', 'confirmed', 'false_positive'] as const;
export type HitStatus = (typeof HIT_STATUSES)[number];
export type HitDecision = Exclude<HitStatus, 'open'>;
export const IMPORT_FORMATS = ['ofac', 'un', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const country2 = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/)
  .meta({ example: 'RU' });
export const identifiersSchema = z.object({
  names: z
    .array(z.string().trim().min(1).max(200))
    .max(50)
    .default([])
    .meta({ example: ['PETROV, Ivan', 'Иван Петров'] }),
  originalScriptNames: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  birthDates: z
    .array(z.string().regex(PARTIAL_DATE))
    .max(10)
    .default([])
    .meta({ example: ['1971-06-14'] }),
  nationalities: z.array(country2).max(5).default([]),
  documents: z
    .array(
      z.object({
        type: z.string().trim().min(1).max(40).meta({ example: 'passport' }),
        number: z.string().trim().min(3).max(40).meta({ example: '752019384' }),
        country: country2.optional(),
      }),
    )
    .max(10)
    .default([]),
  plates: z
    .array(
      z.object({
        number: z.string().trim().min(2).max(15).meta({ example: '8ABC123' }),
        jurisdiction: z.string().trim().max(10).optional().meta({ example: 'CA' }),
      }),
    )
    .max(10)
    .default([]),
  containers: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z]{4}\s?\d{6}\s?\d$/)
        .meta({ example: 'MSCU 123456 7' }),
    )
    .max(10)
    .default([]),
});
export type Identifiers = z.infer<typeof identifiersSchema>;

export const lookoutInput = z
  .object({
    subjectType: z.enum(LOOKOUT_SUBJECTS),
    identifiers: identifiersSchema,
    category: z.enum(CATEGORIES),
    reason: z.string().trim().min(5).max(2000).meta({ example: 'Wanted for armed robbery (warrant 2026-114)' }),
    recommendedAction: z.enum(ACTIONS),
    sharingAgencies: z
      .array(z.enum(AGENCY_CODES))
      .max(3)
      .default([])
      .meta({ example: ['CBP'] }),
    sharingCountries: z.array(z.enum(COUNTRIES)).max(3).default([]),
    validFrom: z.string().regex(DATE).optional().meta({ example: '2026-01-01' }),
    validUntil: z.string().regex(DATE).optional().meta({ example: '2026-12-31' }),
    legalReference: z.string().trim().max(300).default('').meta({ example: 'Criminal Code s. 344' }),
  })
  .refine(
    (l) =>
      l.identifiers.names.length +
        l.identifiers.documents.length +
        l.identifiers.plates.length +
        l.identifiers.containers.length >
      0,
    { path: ['identifiers', 'names'], params: { key: 'lookouts.err.no_identifier' } },
  )
  .refine((l) => !l.validFrom || !l.validUntil || l.validFrom <= l.validUntil, {
    path: ['validUntil'],
    params: { key: 'lookouts.err.validity' },
  });
export type LookoutInput = z.infer<typeof lookoutInput>;
/** The fields of a lookout that a change may touch, as `lookout.updated` names them in the audit log. */
export const LOOKOUT_FIELDS = [
  'subjectType',
  'identifiers',
  'category',
  'reason',
  'recommendedAction',
  'sharingAgencies',
  'sharingCountries',
  'validFrom',
  'validUntil',
  'legalReference',
] as const;
export type LookoutField = (typeof LOOKOUT_FIELDS)[number];

/** What screening, lists and the access policies know of a lookout (kept in memory; identifiers only as a label). */
export interface LookoutMeta {
  id: string;
  kind: LookoutKind;
  subjectType: LookoutSubject;
  category: Category;
  recommendedAction: RecommendedAction;
  /** Provenance shown to officers: the posting agency, or the source of a public list. */
  originAgency: string;
  originCountry: string;
  /** The owning agency and its country (null for a public list, which belongs to no agency). */
  agency: string | null;
  country: string | null;
  sharingAgencies: string[];
  sharingCountries: string[];
  validFrom: string | null;
  validUntil: string | null;
  version: number;
  label: string;
  /** The recorded lifecycle state; `effectiveState` adds the dates. */
  state: 'draft' | 'active' | 'withdrawn';
}

/** The recorded state from the latest lifecycle event (created / activated / withdrawn). */
export function recordedState(latest: LookoutEventKind | null): LookoutMeta['state'] {
  return latest === 'activated' ? 'active' : latest === 'withdrawn' ? 'withdrawn' : 'draft';
}
export const today = () => new Date().toISOString().slice(0, 10);
/** An active lookout is expired after its last day and scheduled before its first. */
export function effectiveState(
  m: Pick<LookoutMeta, 'state' | 'validFrom' | 'validUntil'>,
  on: string = today(),
): LookoutState {
  if (m.state === 'active' && m.validUntil && m.validUntil < on) return 'expired';
  if (m.state === 'active' && m.validFrom && m.validFrom > on) return 'scheduled';
  return m.state;
}

/** What lists show for a lookout: its first name, else document, plate or container (never stored in clear). */
export function labelOf(i: Identifiers): string {
  return i.names?.[0] ?? i.documents?.[0]?.number ?? i.plates?.[0]?.number ?? i.containers?.[0] ?? '';
}
export function toEntry(id: string, type: SubjectType, ids: Identifiers): ListEntry {
  return {
    id,
    type,
    names: [...ids.names, ...ids.originalScriptNames],
    birthDates: ids.birthDates,
    nationalities: ids.nationalities,
    documents: ids.documents,
    plates: ids.plates,
    containers: ids.containers,
  };
}
/** The fields whose value differs between two versions of a lookout. */
export function changedFields(before: LookoutInput, after: LookoutInput): LookoutField[] {
  return LOOKOUT_FIELDS.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null));
}
/** A date column as `YYYY-MM-DD` (drivers give a Date or a string). */
export const isoDate = (d: Date | string | null): string | null =>
  d ? (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10)) : null;

// ---------- screening ----------
export interface ScreenSubject {
  type?: SubjectType;
  name?: string;
  birthDate?: string;
  nationality?: string;
  documents?: { type: string; number: string; country?: string }[];
  plate?: { number: string; jurisdiction?: string };
  container?: string;
}
export interface ScreeningHit {
  lookoutId: string;
  score: number;
  name: string;
  reasons: Hit['reasons'];
  category: string;
  recommendedAction: string;
  originAgency: string;
  kind: string;
  hitId?: string;
  /** which of the screening agencies may see this hit */
  visibleTo: string[];
}
/**
 * `agency`: the agency asking; several when one screen serves a joint process (each sees only the hits its scope
 * allows).
 */
export interface ScreenContext {
  actor: Actor;
  agency: string | null | string[];
  purpose: string;
  subjectRef: string;
  record?: boolean;
}
/** A screen whose hits are to be recorded. */
export interface ScreenRecord {
  subject: ScreenSubject;
  hits: ScreeningHit[];
  context: ScreenContext;
}

// ---------- recurrent vetting ----------
/** A registered person (a member) as recurrent vetting screens it. */
export interface RegisteredSubject {
  ref: string;
  name: string;
  birthDate?: string;
  nationality?: string;
  documents: { type: string; number: string; country?: string }[];
}
/** Modules with registered people or companies implement this for recurrent vetting. */
export interface RegisteredSubjectsProvider {
  name: string;
  subjects(): AsyncIterable<RegisteredSubject>;
  /** The subject as it is now, or null when it is no longer registered (revoked, expired ...). */
  subject(ref: string): Promise<RegisteredSubject | null>;
  reportHit(ref: string, hit: { lookoutId: string; score: number; reasons: unknown[] }): Promise<void>;
}
export const registeredEntry = (s: RegisteredSubject): ListEntry => ({
  id: s.ref,
  type: 'person',
  names: [s.name],
  birthDates: s.birthDate ? [s.birthDate] : [],
  nationalities: s.nationality ? [s.nationality] : [],
  documents: s.documents,
});
