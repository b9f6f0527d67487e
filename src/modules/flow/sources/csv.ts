import { type CsvRecord, readCsv } from '../../../kernel/csv.ts';
import { fieldProblem, IMPORT_LIMITS } from '../../../kernel/import-text.ts';

/**
 * The flow data files as tables with a header, read by the project's CSV reader one record per line (no line breaks
 * inside fields in these sources, so a quote left open spoils only its line); 1-based line numbers for error
 * messages, progress every few thousand lines.
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
  const problems: { line: number; message: string }[] = [];
  const records: CsvRecord[] = [...readCsv(text, problems, { multiline: false })];
  const rows: T[] = [];
  const errors: ParseError[] = [];
  const maxErrors = opts.maxErrors ?? 1000;
  const every = opts.progressEvery ?? 5000;
  const total = records.length;
  const fatal = (line: number, message: string, header: string[] = []) => ({
    rows,
    errors: [{ line, message, fatal: true }],
    header,
  });
  if (total === 0) return fatal(problems[0]?.line ?? 1, problems[0] ? problems[0].message : 'empty file');
  if (problems.length && problems[0].line <= records[0].line)
    return fatal(problems[0].line, `the header: ${problems[0].message}`);
  const header = records[0].fields.map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const headerLine = records[0].line;
  if (header.length > IMPORT_LIMITS.columns)
    return fatal(headerLine, `the header has ${header.length} columns, over the limit of ${IMPORT_LIMITS.columns}`);
  const badHeader = header.map((h) => fieldProblem(h)).find((p) => p);
  if (badHeader) return fatal(headerLine, `a column name ${badHeader}`);
  const twice = header.find((h, k) => header.indexOf(h) !== k);
  if (twice !== undefined) return fatal(headerLine, `column "${twice}" appears twice in the header`);
  const missing = required.filter((r) => !header.includes(r));
  if (missing.length > 0) return fatal(headerLine, `missing column(s): ${missing.join(', ')}`, header);
  // A header and nothing else is a truncated or empty export, never "no rows any more".
  if (total === 1 && !problems.length) return fatal(headerLine + 1, 'the file has a header but no data rows', header);
  const addError = (line: number, message: string) => {
    if (errors.length < maxErrors) errors.push({ line, message });
  };
  // the lines the reader refused (a quote out of place), in order with the records
  for (const pr of problems) addError(pr.line, pr.message);
  for (let i = 1; i < total; i++) {
    const { line, fields } = records[i];
    const bad = fields.findIndex((f) => fieldProblem(f) !== undefined);
    if (fields.length !== header.length) {
      addError(line, `expected ${header.length} fields, found ${fields.length}`);
    } else if (bad >= 0) {
      addError(line, `${header[bad]} ${fieldProblem(fields[bad])}`);
    } else {
      // keyed by the file's own column names: no prototype to reach through a column named __proto__
      const rec: Record<string, string> = Object.create(null);
      for (let k = 0; k < header.length; k++) rec[header[k]] = fields[k];
      const r = parseRow(rec, line);
      if (typeof r === 'string') addError(line, r);
      else rows.push(r);
    }
    if (opts.onProgress && i % every === 0) opts.onProgress(i, total - 1);
  }
  errors.sort((x, y) => x.line - y.line);
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
