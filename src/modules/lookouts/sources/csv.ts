// A small RFC 4180 reader: quoted fields with "" escapes and line breaks inside quotes; CRLF or LF; a trailing
// Ctrl-Z (0x1A, end of file in the OFAC legacy files) and blank lines are skipped.

export interface CsvRecord {
  /** 1-based line number where the record starts */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
  fatal?: boolean;
}

export function* readCsv(text: string, problems: CsvProblem[]): Generator<CsvRecord> {
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
    let ended = false;
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
      if (c === '\r' && text[i + 1] === '\n') {
        i += 2;
        line++;
        ended = true;
        break;
      }
      if (c === '\n' || c === '\r') {
        i++;
        line++;
        ended = true;
        break;
      }
      field += c;
      i++;
    }
    if (inQuotes) {
      problems.push({
        line: startLine,
        message: 'unterminated quoted field (the file ends inside quotes)',
        fatal: true,
      });
      return;
    }
    fields.push(field.trim());
    void ended;
    if (fields.length === 1 && (fields[0] === '' || fields[0] === '\x1a')) continue;
    if (bad) continue;
    yield { line: startLine, fields };
  }
}
