import type { ListEntry } from '../engine/index.ts';

export type SourceKind = 'ofac-sdn' | 'un-consolidated' | 'jsonl';

export interface SourceEntry extends ListEntry {
  category?: string;
  remarks?: string;
  programs?: string[];
  source?: SourceKind;
  /** the record's reference in its source (OFAC ent_num, UN reference number, JSONL line) */
  sourceRef?: string;
  addresses?: { address?: string; city?: string; country?: string }[];
}

export interface ParseError {
  line: number;
  message: string;
  /** the file the line is in, when a parser reads several */
  file?: string;
  /** the problem concerns the whole file (empty, not the expected document, encoding): never skipped */
  fatal?: boolean;
}

export interface ParseResult {
  entries: SourceEntry[];
  errors: ParseError[];
}

export type OnProgress = (done: number, total: number) => void;
