// Localized validation messages: zod issues become message keys with arguments, for API problems and forms alike.
import type { ZodError } from 'zod';
import type { T } from './i18n.ts';

export interface FieldError {
  path: string;
  message: string;
  /** Where the error summary links when the field is on another page (a submission that names a wizard's step). */
  href?: string;
}

/** The parts of a zod issue (or of a Fastify validation error's params) that a message is made of. */
export interface IssueLike {
  code?: string;
  minimum?: unknown;
  maximum?: unknown;
  format?: string;
  message?: string;
  values?: unknown[];
  origin?: string;
  input?: unknown;
  expected?: string;
  params?: { key?: string; args?: Record<string, unknown> };
}

export function issueMessage(t: T, issue: IssueLike): string {
  if (issue.code === 'custom' && issue.params?.key) return t(issue.params.key, issue.params.args);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? t('errors.field.required')
          : t('errors.field.too_short', { min: Number(issue.minimum) });
      if (issue.origin === 'array') return t('errors.field.too_few', { min: Number(issue.minimum) });
      return t('errors.field.too_small', { min: String(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return t('errors.field.too_long', { max: Number(issue.maximum) });
      if (issue.origin === 'array') return t('errors.field.too_many', { max: Number(issue.maximum) });
      return t('errors.field.too_big', { max: String(issue.maximum) });
    case 'invalid_format':
      return issue.format === 'email' ? t('errors.field.email') : t('errors.field.format');
    case 'invalid_value':
      return t('errors.field.choice');
    case 'invalid_type':
      return issue.input === undefined ? t('errors.field.required') : t('errors.field.type');
    case 'unrecognized_keys':
      return t('errors.field.unknown');
    default:
      return t('errors.field.invalid');
  }
}

export function zodFieldErrors(t: T, err: ZodError): FieldError[] {
  return err.issues.map((i) => ({ path: i.path.join('.'), message: issueMessage(t, i as IssueLike) }));
}

/** How deep a request's objects and arrays may nest (JSON, forms): far beyond any schema, far below the stack. */
export const MAX_DEPTH = 32;

/** A field path safe to show back: well-formed, without NUL, at most 100 characters. */
export const shownPath = (path: string) => path.replace(LONE_SURROGATE, '\uFFFD').replace(/\0/g, '').slice(0, 100);
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (not well-formed UTF-16). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormed = (s: string) => {
  LONE_SURROGATE.lastIndex = 0;
  return !LONE_SURROGATE.test(s);
};

/**
 * Text at the edge, for every request: a NUL (U+0000) or a lone surrogate anywhere in a value or a field name is
 * refused with the field's path (PostgreSQL cannot store NUL in text, and a lone surrogate does not survive UTF-8),
 * and every string is normalised to NFC so that the same name typed two ways compares and hashes the same.
 * Objects and arrays are changed in place (their prototypes, often null, are kept); files (buffers) are left alone.
 * Throws the AppError-like refusal the caller gives; returns the cleaned value.
 */
export function cleanText(value: unknown, path: string, refuse: TextRefusal, depth = 0): unknown {
  if (typeof value === 'string') {
    // most text on the hot paths (lane decisions) is printable ASCII: already NFC, no surrogates, no NUL
    if (ASCII.test(value)) return value;
    if (value.includes('\0')) throw refuse('errors.text.nul', path || 'body');
    if (!wellFormed(value)) throw refuse('errors.text.surrogate', path || 'body');
    return value.normalize('NFC');
  }
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return value;
  if (depth >= MAX_DEPTH) throw refuse('errors.too_deep', path || 'body');
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = cleanText(value[i], join(path, String(i)), refuse, depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const at = join(path, key);
    if (key.includes('\0')) throw refuse('errors.text.nul', at);
    if (!wellFormed(key)) throw refuse('errors.text.surrogate', at);
    const before = record[key],
      after = cleanText(before, at, refuse, depth + 1);
    // defineProperty, not assignment: an own key named __proto__ must stay a plain field
    if (after !== before) Object.defineProperty(record, key, { value: after, writable: true, enumerable: true });
  }
  return value;
}
const ASCII = /^[\x01-\x7f]*$/;
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
export type TextRefusal = (key: 'errors.text.nul' | 'errors.text.surrogate' | 'errors.too_deep', path: string) => Error;
