// Pure list parsers: text in, `{ entries, errors }` out; no I/O, no throw on bad input.
export type { SourceEntry, SourceKind, ParseError, ParseResult, OnProgress } from './types.ts';
export { parseOfac, parseRemarks, ofacDates, type OfacFiles } from './ofac.ts';
export { parseUnConsolidated } from './un.ts';
export {
  parseListJsonl,
  parseJsonLines,
  listLineSchema,
  queryLineSchema,
  pairLineSchema,
  type QueryLine,
  type PairLine,
} from './jsonl.ts';
export { readCsv } from '../../../kernel/csv.ts';
export { readXml } from './xml.ts';
