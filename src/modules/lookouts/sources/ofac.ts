// OFAC SDN list, legacy CSV files (sdn.csv, alt.csv, add.csv): no header row, `-0-` for an empty field.
//   sdn: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner,
//        Remarks
//   alt: ent_num, alt_num, alt_type, alt_name, alt_remarks
//   add: ent_num, add_num, address, city/state/postal, country, add_remarks
// Birth dates, nationalities and identity documents are extracted from the Remarks ("DOB 01 Jan 1960; POB ...;
// nationality Iran; Passport A123 (Iran)"). Names are kept as written ("LAST, First"): the engine reads them.
import type { ListDocument, SubjectType } from '../engine/index.ts';
import { fieldProblem, IMPORT_LIMITS } from '../../../kernel/import-text.ts';
import { readCsv, type CsvProblem } from '../../../kernel/csv.ts';
import type { OnProgress, ParseError, ParseResult, SourceEntry } from './types.ts';

export interface OfacFiles {
  sdn: string;
  alt?: string;
  add?: string;
}

const EMPTY = '-0-';
const COLUMNS = {
  'sdn.csv': [
    'ent_num',
    'SDN_Name',
    'SDN_Type',
    'Program',
    'Title',
    'Call_Sign',
    'Vess_type',
    'Tonnage',
    'GRT',
    'Vess_flag',
    'Vess_owner',
    'Remarks',
  ],
  'alt.csv': ['ent_num', 'alt_num', 'alt_type', 'alt_name', 'alt_remarks'],
  'add.csv': ['ent_num', 'add_num', 'address', 'city', 'country', 'add_remarks'],
} as const;

/** The first field of a record over its limit or not storable (NUL, lone surrogate), named by its column. */
function badField(file: keyof typeof COLUMNS, f: string[]): string | undefined {
  for (let k = 0; k < f.length; k++) {
    const column = COLUMNS[file][k];
    const long = column === 'Remarks' || column === 'alt_remarks' || column === 'add_remarks';
    const p = fieldProblem(f[k], long ? IMPORT_LIMITS.longFieldChars : IMPORT_LIMITS.fieldChars);
    if (p) return `${column} ${p}`;
  }
  return undefined;
}
const val = (s: string | undefined): string | undefined => (s === undefined || s === EMPTY || s === '' ? undefined : s);

const TYPES: Record<string, SubjectType> = { individual: 'person', vessel: 'vessel', aircraft: 'aircraft' };

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*';

/** Birth dates of one "DOB ..." remark: "01 Jan 1960", "Jan 1960", "1960", "circa 1960", "1960 to 1962". */
export function ofacDates(s: string): string[] {
  const t = s.trim().replace(/^circa\s+/i, '');
  const range = /^(\d{4})\s+to\s+(\d{4})$/.exec(t);
  if (range) {
    const a = +range[1],
      b = +range[2];
    const out: string[] = [];
    for (let y = a; y <= b && out.length < 12; y++) out.push(String(y));
    return out;
  }
  const m = new RegExp(`^(\\d{1,2} ${MONTH} \\d{4}|${MONTH} \\d{4}|\\d{4})$`, 'i').exec(t);
  if (m) return [toIso(m[1])];
  // "01 Jan 1960 to 05 Feb 1962": keep the first date
  const first = new RegExp(`^(\\d{1,2} ${MONTH} \\d{4}|${MONTH} \\d{4}|\\d{4})\\b`, 'i').exec(t);
  return first ? [toIso(first[1])] : [];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
function toIso(s: string): string {
  const p = s.split(/\s+/);
  if (p.length === 1) return p[0];
  if (p.length === 2) return `${p[1]}-${String(MONTHS.indexOf(p[0].slice(0, 3).toLowerCase()) + 1).padStart(2, '0')}`;
  const month = String(MONTHS.indexOf(p[1].slice(0, 3).toLowerCase()) + 1).padStart(2, '0');
  return `${p[2]}-${month}-${p[0].padStart(2, '0')}`;
}

// Document labels in Remarks, longest first; the number follows, then "(Country)", "issued ...", "expires ...".
const DOC_LABELS: [string, string][] = [
  ['Diplomatic Passport', 'diplomatic-passport'],
  ['Passport', 'passport'],
  ['National ID No.', 'national-id'],
  ['National Foreign ID Number', 'national-id'],
  ['Personal ID Card', 'national-id'],
  ['Identification Number IMO', 'imo'],
  ['Vessel Registration Identification IMO', 'imo'],
  ['Identification Number', 'national-id'],
  ['Cedula No.', 'cedula'],
  ['C.U.R.P. #', 'curp'],
  ['C.U.R.P.', 'curp'],
  ['R.F.C. #', 'rfc'],
  ['R.F.C.', 'rfc'],
  ['RFC', 'rfc'],
  ['D.N.I.', 'dni'],
  ['SSN', 'ssn'],
  ['NIT #', 'tax-id'],
  ['Tax ID No.', 'tax-id'],
  ['RUC #', 'tax-id'],
  ['RIF #', 'tax-id'],
  ["Driver's License No.", 'driving-licence'],
  ['Residency Number', 'residence-permit'],
  ['Electoral Registry No.', 'voter-id'],
  ['Credencial electoral', 'voter-id'],
  ['I.F.E.', 'voter-id'],
  ['Italian Fiscal Code', 'tax-id'],
  ['Birth Certificate Number', 'birth-certificate'],
  ['Registration ID', 'registration'],
  ['Registration Number', 'registration'],
  ['Company Number IMO', 'imo'],
  ['Company Number', 'registration'],
  ['Business Registration Number', 'registration'],
  ['Commercial Registry Number', 'registration'],
  ['MMSI', 'mmsi'],
  ["Aircraft Manufacturer's Serial Number (MSN)", 'aircraft-msn'],
  ['Aircraft Tail Number', 'aircraft-tail'],
];

function parseDocument(part: string): ListDocument | null {
  for (const [label, type] of DOC_LABELS) {
    if (!part.startsWith(label + ' ')) continue;
    const rest = part.slice(label.length + 1);
    const m = /^(.+?)(?:\s*\(([^)]*)\))?(?:[, ]+(?:issued|expires|Expiration|Date of Issue).*)?\.?$/.exec(rest);
    if (!m) return null;
    const number = m[1].replace(/\s+(issued|expires).*$/, '').trim();
    if (!/[0-9]/.test(number)) return null;
    return m[2] ? { type, number, country: m[2].trim() } : { type, number };
  }
  return null;
}

export interface RemarkFacts {
  birthDates: string[];
  nationalities: string[];
  documents: ListDocument[];
}

/** Facts from an SDN Remarks field. */
export function parseRemarks(remarks: string | undefined): RemarkFacts {
  const out: RemarkFacts = { birthDates: [], nationalities: [], documents: [] };
  if (!remarks) return out;
  for (let part of remarks.split(/;\s*/)) {
    part = part
      .trim()
      .replace(/\.$/, '')
      .replace(/^alt\.\s+/, '');
    let m = /^DOB\s+(.+)$/.exec(part);
    if (m) {
      for (const d of ofacDates(m[1])) if (!out.birthDates.includes(d)) out.birthDates.push(d);
      continue;
    }
    m = /^(?:nationality|citizen)\s+(.+)$/i.exec(part);
    if (m) {
      const c = m[1].trim();
      if (!out.nationalities.includes(c)) out.nationalities.push(c);
      continue;
    }
    const doc = parseDocument(part);
    if (doc) out.documents.push(doc);
  }
  return out;
}

/** Parses the OFAC legacy CSV files. Never throws on bad input: problems come back as line-numbered errors. */
export function parseOfac(files: OfacFiles, onProgress?: OnProgress): ParseResult {
  const errors: ParseError[] = [];
  const entries: SourceEntry[] = [];
  const byNum = new Map<string, SourceEntry>();
  const lines = (s: string | undefined) => {
    if (!s) return 0;
    let n = 0;
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
    return n;
  };
  const total = onProgress ? lines(files.sdn) + lines(files.alt) + lines(files.add) : 0;
  let done = 0;
  const progress = () => {
    if (onProgress && ++done % 1000 === 0) onProgress(Math.min(done, total), total);
  };
  const problems = (file: string, list: CsvProblem[]) => {
    for (const p of list) errors.push({ file, line: p.line, message: p.message, ...(p.fatal ? { fatal: true } : {}) });
  };
  const empty = (file: string) =>
    errors.push({ file, line: 1, message: `${file} has no records (an empty or truncated file)`, fatal: true });

  // Records read (good or bad) per file: a file without any is empty or truncated, never "no entries any more".
  let sdnRecords = 0;
  let altRecords = 0;
  let addRecords = 0;
  const sdnProblems: CsvProblem[] = [];
  for (const rec of readCsv(files.sdn, sdnProblems)) {
    const f = rec.fields;
    progress();
    sdnRecords++;
    if (f.length !== 12) {
      errors.push({ file: 'sdn.csv', line: rec.line, message: `expected 12 fields, found ${f.length}` });
      continue;
    }
    const bad = badField('sdn.csv', f);
    if (bad) {
      errors.push({ file: 'sdn.csv', line: rec.line, message: bad });
      continue;
    }
    const num = f[0];
    if (!/^\d+$/.test(num)) {
      errors.push({ file: 'sdn.csv', line: rec.line, message: `ent_num is not a number: ${JSON.stringify(num)}` });
      continue;
    }
    const name = val(f[1]);
    if (!name) {
      errors.push({ file: 'sdn.csv', line: rec.line, message: 'SDN_Name is empty' });
      continue;
    }
    if (byNum.has(num)) {
      errors.push({ file: 'sdn.csv', line: rec.line, message: `duplicate ent_num ${num}` });
      continue;
    }
    const sdnType = val(f[2])?.toLowerCase();
    const type: SubjectType = sdnType ? (TYPES[sdnType] ?? 'organization') : 'organization';
    const remarks = val(f[11]);
    const facts = parseRemarks(remarks);
    const program = val(f[3]);
    const e: SourceEntry = {
      id: `ofac-${num}`,
      type,
      names: [name],
      source: 'ofac-sdn',
      sourceRef: num,
      category: sdnType ?? 'entity',
    };
    if (program)
      e.programs = program
        .split(/\]\s*\[/)
        .map((p) => p.replace(/[[\]]/g, '').trim())
        .filter(Boolean);
    if (remarks) e.remarks = remarks;
    if (facts.birthDates.length) e.birthDates = facts.birthDates;
    if (facts.nationalities.length) e.nationalities = facts.nationalities;
    if (facts.documents.length) e.documents = facts.documents;
    const vflag = val(f[9]);
    if (type === 'vessel' && vflag) e.nationalities = [vflag.replace(/\s*flag$/i, '')];
    byNum.set(num, e);
    entries.push(e);
  }
  problems('sdn.csv', sdnProblems);
  if (sdnRecords === 0 && !sdnProblems.length) empty('sdn.csv');

  if (files.alt !== undefined) {
    const altProblems: CsvProblem[] = [];
    for (const rec of readCsv(files.alt, altProblems)) {
      const f = rec.fields;
      progress();
      altRecords++;
      if (f.length !== 5) {
        errors.push({ file: 'alt.csv', line: rec.line, message: `expected 5 fields, found ${f.length}` });
        continue;
      }
      const bad = badField('alt.csv', f);
      if (bad) {
        errors.push({ file: 'alt.csv', line: rec.line, message: bad });
        continue;
      }
      const e = byNum.get(f[0]);
      if (!e) {
        errors.push({ file: 'alt.csv', line: rec.line, message: `alias of unknown ent_num ${f[0]}` });
        continue;
      }
      const name = val(f[3]);
      if (!name) {
        errors.push({ file: 'alt.csv', line: rec.line, message: 'alt_name is empty' });
        continue;
      }
      if (e.names.length >= IMPORT_LIMITS.items) {
        const message = `ent_num ${f[0]} has more than ${IMPORT_LIMITS.items} names`;
        errors.push({ file: 'alt.csv', line: rec.line, message });
        continue;
      }
      e.names.push(name);
    }
    problems('alt.csv', altProblems);
    if (altRecords === 0 && !altProblems.length) empty('alt.csv');
  }
  if (files.add !== undefined) {
    const addProblems: CsvProblem[] = [];
    for (const rec of readCsv(files.add, addProblems)) {
      const f = rec.fields;
      progress();
      addRecords++;
      if (f.length !== 6) {
        errors.push({ file: 'add.csv', line: rec.line, message: `expected 6 fields, found ${f.length}` });
        continue;
      }
      const bad = badField('add.csv', f);
      if (bad) {
        errors.push({ file: 'add.csv', line: rec.line, message: bad });
        continue;
      }
      const e = byNum.get(f[0]);
      if (!e) {
        errors.push({ file: 'add.csv', line: rec.line, message: `address of unknown ent_num ${f[0]}` });
        continue;
      }
      const a = { address: val(f[2]), city: val(f[3]), country: val(f[4]) };
      if (!(a.address || a.city || a.country)) continue;
      if ((e.addresses?.length ?? 0) >= IMPORT_LIMITS.items) {
        const message = `ent_num ${f[0]} has more than ${IMPORT_LIMITS.items} addresses`;
        errors.push({ file: 'add.csv', line: rec.line, message });
        continue;
      }
      (e.addresses ??= []).push(a);
    }
    problems('add.csv', addProblems);
    if (addRecords === 0 && !addProblems.length) empty('add.csv');
  }
  onProgress?.(total, total);
  errors.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line);
  return { entries, errors };
}
