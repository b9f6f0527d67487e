// Localized validation messages: zod issues become message keys with arguments, for API problems and forms alike.
import type { ZodError } from 'zod';
import type { T } from './i18n.ts';

export interface FieldError {
  path: string;
  message: string;
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
