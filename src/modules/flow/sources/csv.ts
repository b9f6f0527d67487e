/**
 * Minimal CSV reading shared by the source parsers: RFC 4180 fields (quotes, doubled quotes,
 * commas inside quotes), one record per line (no line breaks inside fields in these sources),
 * 1-based line numbers for error messages, progress every few thousand lines.
 */

export interface ParseError {
  /** 1-based line number in the file */
  line: number;
  message: string;
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

/** Splits one CSV line into fields. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let inQ = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQ) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else inQ = false;
      } else cur += ch;
    } else if (ch === '"') inQ = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
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
  if (total === 0) return { rows, errors: [{ line: 1, message: 'empty file' }], header: [] };
  const header = splitCsvLine(ls[0]).map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const missing = required.filter((r) => !header.includes(r));
  if (missing.length > 0) {
    return { rows, errors: [{ line: 1, message: `missing column(s): ${missing.join(', ')}` }], header };
  }
  const addError = (line: number, message: string) => {
    if (errors.length < maxErrors) errors.push({ line, message });
  };
  for (let i = 1; i < total; i++) {
    const line = i + 1;
    const raw = ls[i];
    if (raw.trim() === '') continue;
    const fields = splitCsvLine(raw);
    if (fields.length !== header.length) {
      addError(line, `expected ${header.length} fields, found ${fields.length}`);
    } else {
      const rec: Record<string, string> = {};
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

/** A finite number, or undefined (empty or not a number). */
export function num(s: string): number | undefined {
  if (s === '') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}
