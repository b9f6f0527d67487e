import { fieldProblem, IMPORT_LIMITS } from '../../../kernel/import-text.ts';

/**
 * Minimal CSV reading shared by the source parsers: RFC 4180 fields (quotes, doubled quotes,
 * commas inside quotes), one record per line (no line breaks inside fields in these sources),
 * 1-based line numbers for error messages, progress every few thousand lines.
 */

export interface ParseError {
  /** 1-based line number in the file */
  line: number;
  message: string;
  /** the problem concerns the whole file (empty, header-only, missing columns): never skipped */
  fatal?: boolean;
}

export interface ParseResult<T> {
  rows: T[];
  errors: ParseError[];
}

export interface ParseOptions {
  /** called with (lines done, total lines) every `progressEvery` lines and at the end */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
  /** stop collecting errors after this many (the count of rows is still exact) */
  maxErrors?: number;
}

/** Splits one CSV line into fields; a quote out of place or left open is reported in `problems` when given. */
export function splitCsvLine(line: string, problems?: string[]): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let inQ = false;
  let start = true;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQ) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else inQ = false;
      } else cur += ch;
    } else if (ch === '"') {
      if (!start && cur.trim() !== '') problems?.push('a quote inside an unquoted field');
      inQ = true;
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
      start = true;
      continue;
    } else cur += ch;
    start = false;
  }
  if (inQ) problems?.push('unterminated quoted field');
  out.push(cur);
  return out;
}

/** Lines of a text (LF or CRLF), without a trailing empty line; a BOM is dropped. */
export function lines(text: string): string[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const ls = t.split(/\r?\n/);
  if (ls.length > 0 && ls[ls.length - 1] === '') ls.pop();
  return ls;
}

/**
 * Runs `parseRow` over the data lines of a CSV with a header. `parseRow` receives the fields keyed
 * by the normalised header name (lower case, spaces to underscores) and returns a row or an error
 * message.
 */
export function parseCsv<T>(
  text: string,
  required: string[],
  parseRow: (f: Record<string, string>, line: number) => T | string,
  opts: ParseOptions = {},
): ParseResult<T> & { header: string[] } {
  const ls = lines(text);
  const rows: T[] = [];
  const errors: ParseError[] = [];
  const maxErrors = opts.maxErrors ?? 1000;
  const every = opts.progressEvery ?? 5000;
  const total = ls.length;
  const fatal = (line: number, message: string, header: string[] = []) => ({
    rows,
    errors: [{ line, message, fatal: true }],
    header,
  });
  if (total === 0 || ls.every((l) => l.trim() === '')) return fatal(1, 'empty file');
  const header = splitCsvLine(ls[0]).map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  if (header.length > IMPORT_LIMITS.columns)
    return fatal(1, `the header has ${header.length} columns, over the limit of ${IMPORT_LIMITS.columns}`);
  const badHeader = header.map((h) => fieldProblem(h)).find((p) => p);
  if (badHeader) return fatal(1, `a column name ${badHeader}`);
  const twice = header.find((h, k) => header.indexOf(h) !== k);
  if (twice !== undefined) return fatal(1, `column "${twice}" appears twice in the header`);
  const missing = required.filter((r) => !header.includes(r));
  if (missing.length > 0) return fatal(1, `missing column(s): ${missing.join(', ')}`, header);
  // A header and nothing else is a truncated or empty export, never "no rows any more".
  if (ls.slice(1).every((l) => l.trim() === '')) return fatal(2, 'the file has a header but no data rows', header);
  const addError = (line: number, message: string) => {
    if (errors.length < maxErrors) errors.push({ line, message });
  };
  for (let i = 1; i < total; i++) {
    const line = i + 1;
    const raw = ls[i];
    if (raw.trim() === '') continue;
    const quoting: string[] = [];
    const fields = splitCsvLine(raw, quoting);
    const bad = fields.findIndex((f) => fieldProblem(f) !== undefined);
    if (quoting.length) {
      addError(line, quoting[0]);
    } else if (fields.length !== header.length) {
      addError(line, `expected ${header.length} fields, found ${fields.length}`);
    } else if (bad >= 0) {
      addError(line, `${header[bad]} ${fieldProblem(fields[bad])}`);
    } else {
      // keyed by the file's own column names: no prototype to reach through a column named __proto__
      const rec: Record<string, string> = Object.create(null);
      for (let k = 0; k < header.length; k++) rec[header[k]] = fields[k].trim();
      const r = parseRow(rec, line);
      if (typeof r === 'string') addError(line, r);
      else rows.push(r);
    }
    if (opts.onProgress && i % every === 0) opts.onProgress(i, total - 1);
  }
  opts.onProgress?.(total - 1, total - 1);
  return { rows, errors, header };
}

/**
 * The longest wait a file may report, in minutes (a week): more is a broken file, and a value past what the database's
 * `real` holds would fail the whole import.
 */
export const MAX_WAIT_MINUTES = 10_080;
/**
 * A wait in minutes kept to a thousandth (0.06 s): finer digits carry nothing, and a value as small as 1e-40 cannot be
 * stored as `real` (an underflow fails the whole import).
 */
export const waitMinutes = (v: number) => Math.round(v * 1000) / 1000;

/** A finite number, or undefined (empty or not a number). */
export function num(s: string): number | undefined {
  if (s === '') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}
