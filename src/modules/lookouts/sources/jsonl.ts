// Generic JSON Lines lists and queries, validated with zod. Every bad line is reported with its line number.
//   LIST line:    {"id": "...", "type": "person|organization|vessel|aircraft|vehicle", "names": ["..."],
//                  "birthDates": ["1965", "1970-03-02"], "nationalities": ["af"],
//                  "documents": [{"type": "passport", "number": "...", "country": "AF"}]}
//   QUERIES line: {"id": "...", "name": "...", "type": "...", "birthDate": "...", "nationality": "..."}
//   PAIRS line:   {"id": "...", "type": "person|organization", "a": "name", "b": "name"}
import { z } from 'zod';
import { SUBJECT_TYPES, type ScreenQuery, type SubjectType } from '../engine/index.ts';
import type { OnProgress, ParseError, ParseResult, SourceEntry } from './types.ts';
import { entryProblem } from './limits.ts';

const subjectType = z.enum(SUBJECT_TYPES as [SubjectType, ...SubjectType[]]);
const nonEmpty = z.string().trim().min(1);
const document = z.strictObject({ type: z.string(), number: nonEmpty, country: z.string().optional() });
const plate = z.strictObject({ number: nonEmpty, jurisdiction: z.string().optional() });

export const listLineSchema = z.strictObject({
  id: nonEmpty,
  type: subjectType.optional(),
  names: z.array(nonEmpty).min(1),
  birthDates: z.array(z.string()).optional(),
  nationalities: z.array(z.string()).optional(),
  documents: z.array(document).optional(),
  plates: z.array(plate).optional(),
  containers: z.array(nonEmpty).optional(),
  category: z.string().optional(),
  remarks: z.string().optional(),
  programs: z.array(z.string()).optional(),
});

export const queryLineSchema = z.strictObject({
  id: nonEmpty,
  name: nonEmpty,
  type: subjectType.optional(),
  birthDate: z.string().optional(),
  nationality: z.string().optional(),
  documents: z.array(document).optional(),
  plate: plate.optional(),
  container: z.string().optional(),
});

export const pairLineSchema = z.strictObject({
  id: nonEmpty,
  type: subjectType.optional(),
  a: z.string(),
  b: z.string(),
});

export type QueryLine = z.infer<typeof queryLineSchema> & ScreenQuery;
export type PairLine = z.infer<typeof pairLineSchema>;

function describe(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message)
    .join('; ');
}

/** Reads JSON Lines with a schema; blank lines are skipped; a duplicate `id` is an error. */
export function parseJsonLines<T extends { id: string }>(
  text: string,
  schema: z.ZodType<T>,
  onProgress?: OnProgress,
): { items: { line: number; value: T }[]; errors: ParseError[] } {
  const items: { line: number; value: T }[] = [];
  const errors: ParseError[] = [];
  const seen = new Map<string, number>();
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const lineNo = k + 1;
    const raw = lines[k].replace(/\r$/, '').replace(/^\ufeff/, '');
    if (onProgress && k % 5000 === 0) onProgress(k, lines.length);
    if (!raw.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      errors.push({
        line: lineNo,
        message: `invalid JSON (${(err as Error).message.replace(/^Unexpected/, 'unexpected')})`,
      });
      continue;
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      errors.push({ line: lineNo, message: 'expected a JSON object' });
      continue;
    }
    const r = schema.safeParse(json);
    if (!r.success) {
      errors.push({ line: lineNo, message: describe(r.error.issues) });
      continue;
    }
    // Limits and storable text (NUL, lone surrogates: JSON escapes can write them) on every string of the line.
    const problem = entryProblem(r.data);
    if (problem) {
      errors.push({ line: lineNo, message: problem });
      continue;
    }
    const prev = seen.get(r.data.id);
    if (prev !== undefined) {
      errors.push({ line: lineNo, message: `duplicate id ${JSON.stringify(r.data.id)} (first on line ${prev})` });
      continue;
    }
    seen.set(r.data.id, lineNo);
    items.push({ line: lineNo, value: r.data });
  }
  onProgress?.(lines.length, lines.length);
  if (items.length === 0 && errors.length === 0)
    errors.push({ line: 1, message: 'the file has no lines (an empty file)', fatal: true });
  return { items, errors };
}

/** Parses a list in the generic JSON Lines format. */
export function parseListJsonl(text: string, onProgress?: OnProgress): ParseResult {
  const { items, errors } = parseJsonLines(text, listLineSchema, onProgress);
  const entries: SourceEntry[] = items.map(({ value }) => ({
    ...value,
    source: 'jsonl',
    // The id is the entry's reference in its list (a re-import matches on it); the line is for error messages only.
    sourceRef: value.id,
  }));
  return { entries, errors };
}
