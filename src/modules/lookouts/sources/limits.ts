// The import limits applied to one list entry, whatever its format (src/kernel/import-text.ts holds the numbers).
import { fieldProblem, IMPORT_LIMITS, jsonStrings } from '../../../kernel/import-text.ts';
import type { SourceEntry } from './types.ts';

/** Why an entry cannot be imported (a field over its limit, NUL, lone surrogate, too many names…), or undefined. */
export function entryProblem(e: SourceEntry | Record<string, unknown>): string | undefined {
  for (const [field, v] of Object.entries(e))
    if (Array.isArray(v) && v.length > IMPORT_LIMITS.items)
      return `${field}: ${v.length.toLocaleString('en')} items, over the limit of ${IMPORT_LIMITS.items}`;
  for (const [field, s] of jsonStrings(e)) {
    const p = fieldProblem(s, field === 'remarks' ? IMPORT_LIMITS.longFieldChars : IMPORT_LIMITS.fieldChars);
    if (p) return `${field} ${p}`;
  }
  return undefined;
}
