// Application errors carry a message key and arguments; the HTTP layer renders them as localized RFC 9457 problems.
export class AppError extends Error {
  status: number;
  key: string;
  args: Record<string, string | number>;
  fields?: Record<string, { key: string; args?: Record<string, string | number> }>;
  constructor(status: number, key: string, args: Record<string, string | number> = {}, fields?: AppError['fields']) {
    super(key);
    this.status = status;
    this.key = key;
    this.args = args;
    this.fields = fields;
  }
}
export const notFound = (what = 'resource') => new AppError(404, 'errors.not_found', { what });
export const forbidden = () => new AppError(403, 'errors.forbidden');
export const unauthorized = () => new AppError(401, 'errors.unauthorized');
export const conflict = (key: string, args: Record<string, string | number> = {}) => new AppError(409, key, args);
export const invalid = (key: string, args: Record<string, string | number> = {}, fields?: AppError['fields']) =>
  new AppError(422, key, args, fields);

/**
 * An import refused (422): every bad line (the first 50) as a field, named `FILE:LINE` (lists: `file:LINE` for a single
 * file) or `line N` (flow data, one file), a whole-file problem as `FILE` (or `file`); the parsers' messages are
 * English, the problem's title and the line labels are localized.
 */
export function importProblem(
  key: string,
  errors: { line: number; message: string; file?: string }[],
  naming: 'file:line' | 'line N',
): AppError {
  const fields: NonNullable<AppError['fields']> = {};
  for (const e of errors.slice(0, 50)) {
    const file = e.file ?? 'file';
    const where = e.line <= 0 ? file : naming === 'line N' ? `line ${e.line}` : `${file}:${e.line}`;
    fields[where] =
      e.line > 0
        ? { key: 'lookouts.err.line', args: { line: e.line, message: e.message } }
        : { key: 'lookouts.err.file', args: { message: e.message } };
  }
  return new AppError(422, key, { count: errors.length }, fields);
}
