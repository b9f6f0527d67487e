// UN Security Council consolidated list (XML, https://scsanctions.un.org/resources/xml/en/consolidated.xml).
// The structure is regular (CONSOLIDATED_LIST > INDIVIDUALS > INDIVIDUAL, ENTITIES > ENTITY), so a small tag reader
// does: elements, text, CDATA, the five predefined entities and numeric references; no DTD, no namespaces needed.
import { readXml, type XmlNode } from './xml.ts';
import type { ListDocument } from '../engine/index.ts';
import type { OnProgress, ParseError, ParseResult, SourceEntry } from './types.ts';
import { entryProblem } from './limits.ts';

const child = (n: XmlNode, tag: string): XmlNode | undefined => n.children.find((c) => c.tag === tag);
const children = (n: XmlNode, tag: string): XmlNode[] => n.children.filter((c) => c.tag === tag);
const text = (n: XmlNode | undefined): string => (n ? n.text.replace(/\s+/g, ' ').trim() : '');
const values = (n: XmlNode | undefined): string[] => (n ? children(n, 'VALUE').map(text).filter(Boolean) : []);

/** Splits "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)" into its names. */
function splitNames(s: string): string[] {
  return s
    .split(/\s+;\s+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function birthDates(n: XmlNode): string[] {
  const out: string[] = [];
  for (const d of children(n, 'INDIVIDUAL_DATE_OF_BIRTH')) {
    const kind = text(child(d, 'TYPE_OF_DATE')).toUpperCase();
    const date = text(child(d, 'DATE'));
    const year = text(child(d, 'YEAR'));
    const from = +text(child(d, 'FROM_YEAR'));
    const to = +text(child(d, 'TO_YEAR'));
    if (kind === 'BETWEEN' && from && to && to >= from) {
      for (let y = from; y <= to && y - from < 12; y++) out.push(String(y));
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(date)) out.push(date);
    else if (/^\d{4}$/.test(year)) out.push(year);
    else if (/^\d{4}/.test(date)) out.push(date.slice(0, 4));
  }
  return [...new Set(out)];
}

function documents(n: XmlNode): ListDocument[] {
  const out: ListDocument[] = [];
  for (const d of children(n, 'INDIVIDUAL_DOCUMENT')) {
    const number = text(child(d, 'NUMBER'));
    if (!number) continue;
    const type = (text(child(d, 'TYPE_OF_DOCUMENT')) || 'other').toLowerCase();
    const country = text(child(d, 'ISSUING_COUNTRY')) || text(child(d, 'COUNTRY_OF_ISSUE'));
    out.push(country ? { type, number, country } : { type, number });
  }
  return out;
}

function record(n: XmlNode, kind: 'person' | 'organization', errors: ParseError[]): SourceEntry | null {
  const id = text(child(n, 'DATAID'));
  if (!id) {
    errors.push({ line: n.line, message: `${n.tag} without DATAID` });
    return null;
  }
  const parts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
    .map((t) => text(child(n, t)))
    .filter(Boolean);
  if (parts.length === 0) {
    errors.push({ line: n.line, message: `${n.tag} ${id} has no name` });
    return null;
  }
  const names = kind === 'organization' ? splitNames(parts.join(' ')) : [parts.join(' ')];
  const original = text(child(n, 'NAME_ORIGINAL_SCRIPT'));
  if (original) names.push(original);
  const aliasTag = kind === 'person' ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS';
  for (const a of children(n, aliasTag)) for (const name of splitNames(text(child(a, 'ALIAS_NAME')))) names.push(name);
  const e: SourceEntry = {
    id: `un-${id}`,
    type: kind,
    names: [...new Set(names)],
    source: 'un-consolidated',
    sourceRef: text(child(n, 'REFERENCE_NUMBER')) || id,
  };
  const listType = text(child(n, 'UN_LIST_TYPE'));
  if (listType) {
    e.programs = [listType];
    e.category = listType;
  }
  const remarks = text(child(n, 'COMMENTS1'));
  if (remarks) e.remarks = remarks;
  if (kind === 'person') {
    const dobs = birthDates(n);
    if (dobs.length) e.birthDates = dobs;
    const nats = values(child(n, 'NATIONALITY'));
    if (nats.length) e.nationalities = nats;
    const docs = documents(n);
    if (docs.length) e.documents = docs;
  }
  const addrTag = kind === 'person' ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS';
  for (const a of children(n, addrTag)) {
    const addr = {
      address: text(child(a, 'STREET')) || undefined,
      city: text(child(a, 'CITY')) || undefined,
      country: text(child(a, 'COUNTRY')) || undefined,
    };
    if (addr.address || addr.city || addr.country) (e.addresses ??= []).push(addr);
  }
  return e;
}

/** Parses the UN consolidated list. Never throws on bad input: problems come back as line-numbered errors. */
export function parseUnConsolidated(xml: string, onProgress?: OnProgress): ParseResult {
  const errors: ParseError[] = [];
  const entries: SourceEntry[] = [];
  const root = readXml(xml, errors, onProgress);
  if (!root) return { entries, errors: errors.map((e) => ({ ...e, fatal: true })) };
  if (root.tag !== 'CONSOLIDATED_LIST') {
    const message = `expected a CONSOLIDATED_LIST document, found <${root.tag}>`;
    errors.push({ line: root.line, message, fatal: true });
    return { entries, errors };
  }
  let records = 0;
  const add = (n: XmlNode, kind: 'person' | 'organization') => {
    records++;
    const e = record(n, kind, errors);
    if (!e) return;
    const problem = entryProblem(e);
    if (problem) errors.push({ line: n.line, message: `${n.tag} ${e.id.slice(3)}: ${problem}` });
    else entries.push(e);
  };
  for (const group of root.children) {
    if (group.tag === 'INDIVIDUALS') for (const n of children(group, 'INDIVIDUAL')) add(n, 'person');
    else if (group.tag === 'ENTITIES') for (const n of children(group, 'ENTITY')) add(n, 'organization');
  }
  if (records === 0)
    errors.push({
      line: root.line,
      message: 'the list has no INDIVIDUAL or ENTITY (an empty or truncated file)',
      fatal: true,
    });
  return { entries, errors };
}
