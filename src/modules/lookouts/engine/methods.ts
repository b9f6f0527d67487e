// Stable keys of the match reasons. Labels: `lookouts.method.<key>` and `lookouts.field.<key>` in
// src/modules/lookouts/i18n/engine.{en,fr,es}.json.
export const METHODS = [
  'exact',
  'folded',
  'transliterated',
  'reordered',
  'last-first',
  'partial',
  'typo',
  'phonetic',
  'initial',
  'joined',
  'legal-form',
  'particle',
  'patronymic',
  'year-only',
  'one-year-off',
  'day-month-swapped',
  'same-year',
  'agree',
  'disagree',
  'ocr-confusable',
  'check-digit-invalid',
  'jurisdiction-disagree',
  'jurisdiction-unknown',
] as const;
export type Method = (typeof METHODS)[number];

export const FIELDS = ['name', 'birthDate', 'nationality', 'document', 'plate', 'container', 'type'] as const;
