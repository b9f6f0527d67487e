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
