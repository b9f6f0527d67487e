// The screening engine of the `lookouts` module: pure and in memory (no database, no HTTP).
export type {
  SubjectType,
  ListDocument,
  ListEntry,
  ScreenQuery,
  MatchReason,
  Hit,
  ScreenOptions,
  ReasonField,
} from './types.ts';
export { SUBJECT_TYPES } from './types.ts';
export { DEFAULT_THRESHOLD } from './score.ts';
export { ScreeningIndex } from './screening-index.ts';
export { scoreNames } from './names.ts';
export { prepareName, foldText, normForm, phoneticKey, skeleton } from './text.ts';
export { tokenSim, tokInfo, editDistance } from './similarity.ts';
export { parseDate, compareDate, type PartialDate } from './dates.ts';
export { countryCode } from './countries.ts';
export {
  documentKey,
  ocrFold,
  compactId,
  parseContainer,
  isValidContainer,
  iso6346CheckDigit,
  plateKey,
} from './identifiers.ts';
export { METHODS, FIELDS } from './methods.ts';
