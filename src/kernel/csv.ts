// The project's one CSV reader (RFC 4180): quoted fields with "" escapes, CRLF or LF, fields trimmed; a trailing
// Ctrl-Z (0x1A, end of file in the OFAC legacy files) and blank lines are skipped.
// Two framings, one reader: `multiline` (the default) lets a quoted field hold line breaks, as the OFAC files do;
// `multiline: false` ends every record at the end of its line, for files whose fields never hold one (the flow data):
// there a quote left open spoils only its own line, not every line after it.

export interface CsvRecord {
  /** 1-based line number where the record starts */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
  /** the problem concerns the whole file (it ends inside quotes): nothing after it was read */
  fatal?: boolean;
}

export interface CsvOptions {
  /** a quoted field may hold line breaks (default true) */
  multiline?: boolean;
}

/**
 * The records of a CSV text. A record with a quote out of place (or, one record per line, left open) is reported in
 * `problems` with its line and not yielded; reading goes on with the next record.
 */
export function* readCsv(text: string, problems: CsvProblem[], opts: CsvOptions = {}): Generator<CsvRecord> {
  const multiline = opts.multiline ?? true;
  const n = text.length;
  let i = 0;
  let line = 1;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let inQuotes = false;
    let bad = false;
    while (i < n) {
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          inQuotes = false;
          i++;
          continue;
        }
        if (!multiline && (c === '\n' || c === '\r')) break;
        if (c === '\n') line++;
        field += c;
        i++;
        continue;
      }
      if (c === '"') {
        if (field.trim() === '' && !quoted) {
          inQuotes = true;
          quoted = true;
          field = '';
          i++;
          continue;
        }
        if (!bad) problems.push({ line, message: 'unexpected quote inside an unquoted field' });
        bad = true;
        field += c;
        i++;
        continue;
      }
      if (c === ',') {
        fields.push(field.trim());
        field = '';
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n' || c === '\r') break;
      field += c;
      i++;
    }
    if (inQuotes) {
      if (multiline) {
        problems.push({
          line: startLine,
          message: 'unterminated quoted field (the file ends inside quotes)',
          fatal: true,
        });
        return;
      }
      if (!bad) problems.push({ line: startLine, message: 'unterminated quoted field' });
      bad = true;
    }
    // the line break that ended the record
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (i < n) i++;
    line++;
    fields.push(field.trim());
    if (fields.length === 1 && (fields[0] === '' || fields[0] === '\x1a')) continue;
    if (bad) continue;
    yield { line: startLine, fields };
  }
}
