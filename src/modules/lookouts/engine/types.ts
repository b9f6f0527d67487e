// Public types of the screening engine. Plain data only: the engine keeps no database handle.

export type SubjectType = 'person' | 'organization' | 'vessel' | 'aircraft' | 'vehicle' | 'container' | 'document';

export const SUBJECT_TYPES: readonly SubjectType[] = [
  'person',
  'organization',
  'vessel',
  'aircraft',
  'vehicle',
  'container',
  'document',
];

export interface ListDocument {
  type: string;
  number: string;
  country?: string;
}

export interface ListEntry {
  id: string;
  type?: SubjectType;
  names: string[];
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (other forms such as `01 Jan 1960` are parsed too). */
  birthDates?: string[];
  /** ISO 3166-1 alpha-2 codes or English country names. */
  nationalities?: string[];
  documents?: ListDocument[];
  plates?: { number: string; jurisdiction?: string }[];
  containers?: string[];
}

export interface ScreenQuery {
  name?: string;
  type?: SubjectType;
  birthDate?: string;
  nationality?: string;
  documents?: ListDocument[];
  plate?: { number: string; jurisdiction?: string };
  container?: string;
}

export type ReasonField = 'name' | 'birthDate' | 'nationality' | 'document' | 'plate' | 'container' | 'type';

export interface MatchReason {
  field: ReasonField;
  /** A stable key; its label is `lookouts.method.<method>` in the engine catalogs. */
  method: string;
  score: number;
  query?: string;
  listed?: string;
}

export interface Hit {
  id: string;
  score: number;
  name: string;
  reasons: MatchReason[];
}

export interface ScreenOptions {
  threshold?: number;
  top?: number;
}
