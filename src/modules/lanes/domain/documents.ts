// Reading one occupant's document at the booth, as a pure function: an MRZ (passport TD3 or card TD1) or a card
// number read over RFID. An unreadable or invalid document is a fact for the decision (a reason to refer), never an
// error.
import { isValidCardNumber, parseMrz } from '../../travellers/index.ts';
import type { OccupantFacts } from './decide.ts';

export interface OccupantInput {
  mrz?: string;
  cardNumber?: string;
}

export interface DocumentRead {
  kind: OccupantFacts['document']['kind'];
  ok: boolean;
  /** Message keys of what is wrong with a readable document (expired, check digit, invalid). */
  problems: string[];
  rfidCapable: boolean;
  name: string | null;
  birthDate: string | undefined;
  nationality: string | undefined;
  documentNumber: string | null;
  issuing: string | null;
  td1: boolean;
}

const NONE: DocumentRead = {
  kind: 'none',
  ok: false,
  problems: [],
  rfidCapable: false,
  name: null,
  birthDate: undefined,
  nationality: undefined,
  documentNumber: null,
  issuing: null,
  td1: false,
};

const problemOf = (key: string) =>
  key === 'travellers.mrz.expired'
    ? 'lanes.reason.document_expired'
    : /check_digit/.test(key)
      ? 'lanes.reason.document_check_digit'
      : 'lanes.reason.document_invalid';

/** Reads one occupant's document as of `today` (YYYY-MM-DD). */
export function readDocument(o: OccupantInput, today: string): DocumentRead {
  if (o.mrz?.trim()) {
    const m = parseMrz(o.mrz, { today });
    const f = m.fields;
    const unreadable = !f.documentNumber && !f.surname;
    return {
      kind: unreadable ? 'none' : m.format === 'TD1' ? 'card' : 'passport',
      ok: m.ok,
      problems: unreadable ? [] : [...new Set(m.errors.map((e) => problemOf(e.key)))],
      rfidCapable: m.format === 'TD1',
      name: f.surname ? `${f.givenNames ?? ''} ${f.surname}`.trim() : null,
      birthDate: f.birthDate ?? undefined,
      nationality: f.nationality?.alpha2 ?? undefined,
      documentNumber: f.documentNumber ?? null,
      issuing: f.issuingCountry?.alpha2 ?? null,
      td1: m.format === 'TD1',
    };
  }
  if (o.cardNumber?.trim()) {
    const c = o.cardNumber.trim().toUpperCase();
    const ok = isValidCardNumber(c);
    return { ...NONE, kind: ok ? 'rfid' : 'none', ok, rfidCapable: true, documentNumber: ok ? c : null, td1: true };
  }
  return { ...NONE };
}

/** A trusted-traveller card (RFID, or a TD1 card MRZ holding a card number) is looked up by its number. */
export const isMembershipCard = (d: DocumentRead) =>
  d.documentNumber !== null && (d.kind === 'rfid' || (d.td1 && isValidCardNumber(d.documentNumber)));
