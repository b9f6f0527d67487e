// List parsers: small inline fixtures, bad input, and the real lists the project ships in data/lists/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  parseOfac,
  parseRemarks,
  ofacDates,
  parseUnConsolidated,
  parseListJsonl,
  readCsv,
} from '../../src/modules/lookouts/sources/index.ts';
import { ScreeningIndex } from '../../src/modules/lookouts/engine/index.ts';

const LISTS = path.resolve(import.meta.dirname, '../../data/lists');
/** A list file the project ships: a missing one fails the test with its path (never a silent skip). */
function listFile(name: string, encoding: BufferEncoding): string {
  const file = path.join(LISTS, name);
  assert.ok(fs.existsSync(file), `missing reference list: ${file}`);
  return fs.readFileSync(file, encoding);
}

const SDN = [
  '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
  '2676,"AL-ZAWAHIRI, Ayman","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,' +
    '"DOB 19 Jun 1951; POB Giza, Egypt; nationality Egypt; Passport 1084010 (Egypt); alt. Passport 19820215; ' +
    'National ID No. 12-34 (Egypt) issued 2000."',
  '9999,"OCEAN STAR","vessel","IRAN] [SDGT",-0- ,"9XYZ","Crude Oil Tanker",-0- ,-0- ,"Iran",-0- ,' +
    '"Vessel Registration Identification IMO 9187629."',
  '\x1a',
].join('\r\n');
const ALT = ['36,12,"aka","AERO-CARIBBEAN",-0- ', '2676,13,"aka","AL-ZAWAHIRI, Aiman Muhammad Rabi",-0- '].join('\r\n');
const ADD = ['36,25,-0- ,"Havana","Cuba",-0- '].join('\r\n');

test('OFAC legacy CSV: records, aliases, addresses and facts from the remarks', () => {
  const r = parseOfac({ sdn: SDN, alt: ALT, add: ADD });
  assert.deepEqual(r.errors, []);
  assert.equal(r.entries.length, 3);
  const [air, zaw, ship] = r.entries;
  assert.deepEqual(air.names, ['AEROCARIBBEAN AIRLINES', 'AERO-CARIBBEAN']);
  assert.equal(air.type, 'organization');
  assert.deepEqual(air.programs, ['CUBA']);
  assert.deepEqual(air.addresses, [{ address: undefined, city: 'Havana', country: 'Cuba' }]);
  assert.equal(zaw.id, 'ofac-2676');
  assert.equal(zaw.type, 'person');
  assert.equal(zaw.source, 'ofac-sdn');
  assert.equal(zaw.sourceRef, '2676');
  assert.deepEqual(zaw.names, ['AL-ZAWAHIRI, Ayman', 'AL-ZAWAHIRI, Aiman Muhammad Rabi']);
  assert.deepEqual(zaw.birthDates, ['1951-06-19']);
  assert.deepEqual(zaw.nationalities, ['Egypt']);
  assert.deepEqual(zaw.documents, [
    { type: 'passport', number: '1084010', country: 'Egypt' },
    { type: 'passport', number: '19820215' },
    { type: 'national-id', number: '12-34', country: 'Egypt' },
  ]);
  assert.equal(ship.type, 'vessel');
  assert.deepEqual(ship.programs, ['IRAN', 'SDGT']);
  assert.deepEqual(ship.documents, [{ type: 'imo', number: '9187629' }]);
  // the parsed entries screen
  const idx = new ScreeningIndex(r.entries);
  assert.equal(idx.screen({ name: 'Ayman al Zawahiri', birthDate: '1951-06-19' })[0]?.id, 'ofac-2676');
});

test('OFAC remarks: date forms', () => {
  assert.deepEqual(ofacDates('01 Jan 1960'), ['1960-01-01']);
  assert.deepEqual(ofacDates('Feb 1971'), ['1971-02']);
  assert.deepEqual(ofacDates('circa 1955'), ['1955']);
  assert.deepEqual(ofacDates('1960 to 1962'), ['1960', '1961', '1962']);
  const f = parseRemarks('DOB 1958; alt. DOB 1959; POB Kandahar; citizen Afghanistan; alt. nationality Pakistan.');
  assert.deepEqual(f.birthDates, ['1958', '1959']);
  assert.deepEqual(f.nationalities, ['Afghanistan', 'Pakistan']);
});

test('OFAC: bad lines are reported with file and line number, never thrown', () => {
  const sdn = [
    '36,"GOOD CO",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
    '37,"SHORT",-0-',
    'abc,"BAD NUM",-0- ,"X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
    '38,"OPEN QUOTE,-0- ',
  ].join('\n');
  const alt = ['99,1,"aka","ORPHAN",-0- '].join('\n');
  const r = parseOfac({ sdn, alt });
  assert.equal(r.entries.length, 1);
  assert.deepEqual(
    r.errors.map((e) => `${e.file}:${e.line}`),
    ['alt.csv:1', 'sdn.csv:2', 'sdn.csv:3', 'sdn.csv:4'],
  );
  assert.match(r.errors[0].message, /unknown ent_num 99/);
  assert.match(r.errors[1].message, /expected 12 fields, found 3/);
  assert.match(r.errors[3].message, /unterminated quoted field/);
});

test('CSV reader: quotes, escaped quotes, line breaks inside quotes, line numbers', () => {
  const problems: { line: number; message: string }[] = [];
  const recs = [...readCsv('a,"b ""c"", d",e\r\n"multi\nline",x\n\nlast,1\n', problems)];
  assert.deepEqual(problems, []);
  assert.deepEqual(
    recs.map((r) => r.fields),
    [
      ['a', 'b "c", d', 'e'],
      ['multi\nline', 'x'],
      ['last', '1'],
    ],
  );
  assert.deepEqual(
    recs.map((r) => r.line),
    [1, 2, 5],
  );
});

const UN_XML = `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>6907993</DATAID>
      <FIRST_NAME>ERIC</FIRST_NAME>
      <SECOND_NAME>BADEGE</SECOND_NAME>
      <UN_LIST_TYPE>DRC</UN_LIST_TYPE>
      <REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>
      <NAME_ORIGINAL_SCRIPT>ЭРИК БАДЕГЕ</NAME_ORIGINAL_SCRIPT>
      <NATIONALITY><VALUE>Democratic Republic of the Congo</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Eric B &amp; Co</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1971</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1973</FROM_YEAR>
        <TO_YEAR>1974</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1978-04-28</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>OB 0243318</NUMBER>
        <ISSUING_COUNTRY>Democratic Republic of the Congo</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
      <COMMENTS1><![CDATA[Fled to <Rwanda>]]></COMMENTS1>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>6908026</DATAID>
      <FIRST_NAME>COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)</FIRST_NAME>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>GLBC</ALIAS_NAME></ENTITY_ALIAS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>`;

test('UN consolidated XML: individuals and entities with aliases, dates, nationalities, documents', () => {
  const r = parseUnConsolidated(UN_XML);
  assert.deepEqual(r.errors, []);
  assert.equal(r.entries.length, 2);
  const [p, e] = r.entries;
  assert.equal(p.id, 'un-6907993');
  assert.equal(p.sourceRef, 'CDi.001');
  assert.equal(p.type, 'person');
  assert.deepEqual(p.names, ['ERIC BADEGE', 'ЭРИК БАДЕГЕ', 'Eric B & Co']);
  assert.deepEqual(p.birthDates, ['1971', '1973', '1974', '1978-04-28']);
  assert.deepEqual(p.nationalities, ['Democratic Republic of the Congo']);
  assert.deepEqual(p.documents, [
    { type: 'passport', number: 'OB 0243318', country: 'Democratic Republic of the Congo' },
  ]);
  assert.equal(p.remarks, 'Fled to <Rwanda>');
  assert.equal(e.type, 'organization');
  assert.deepEqual(e.names, [
    'COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)',
    'GREAT LAKES BUSINESS COMPANY (GLBC)',
    'GLBC',
  ]);
});

test('UN XML: malformed markup is reported with line numbers, never thrown', () => {
  const bad =
    '<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n<DATAID>1</DATAID>\n' +
    '<FIRST_NAME>A &bogus; B</FIRST_NAME>\n</INDIVIDUALS>\n';
  const r = parseUnConsolidated(bad);
  const lines = r.errors.map((e) => e.line);
  assert.ok(
    r.errors.some((e) => /unknown or unterminated entity &bogus;/.test(e.message) && e.line === 5),
    JSON.stringify(r.errors),
  );
  assert.ok(
    r.errors.some(
      (e) => /<INDIVIDUAL> \(line 3\) is not closed before <\/INDIVIDUALS>/.test(e.message) && e.line === 6,
    ),
  );
  assert.ok(r.errors.some((e) => /CONSOLIDATED_LIST> \(line 1\) is not closed at the end/.test(e.message)));
  assert.ok(lines.every((l) => l >= 1));
  assert.deepEqual(
    parseUnConsolidated('not xml at all').errors.map((e) => e.message),
    ['text outside the document element', 'no XML document element found'],
  );
  const wrong = parseUnConsolidated('<OTHER/>');
  assert.match(wrong.errors[0].message, /expected a CONSOLIDATED_LIST/);
  const noName = parseUnConsolidated(
    '<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>5</DATAID></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>',
  );
  assert.match(noName.errors[0].message, /INDIVIDUAL 5 has no name/);
});

test('JSON Lines list: validated, every bad line reported with its number', () => {
  const text = [
    '{"id": "a", "type": "person", "names": ["Ivan Petrov"], "birthDates": ["1965"], "nationalities": ["ru"], ' +
      '"documents": [{"type": "passport", "number": "X1", "country": "RU"}]}',
    '',
    '{"id": "b", "names": []}',
    '{"id": "c", "names": ["X"], "type": "alien"}',
    'not json',
    '{"id": "a", "names": ["dup"]}',
    '{"id": "d", "names": ["Y"], "nmaes": ["typo"]}',
    '[1, 2]',
    '{"id": "e", "names": ["Acme"], "type": "organization"}',
  ].join('\n');
  const r = parseListJsonl(text);
  assert.deepEqual(
    r.entries.map((e) => e.id),
    ['a', 'e'],
  );
  assert.equal(r.entries[0].source, 'jsonl');
  assert.deepEqual(
    r.errors.map((e) => e.line),
    [3, 4, 5, 6, 7, 8],
  );
  assert.match(r.errors[0].message, /names/);
  assert.match(r.errors[1].message, /type/);
  assert.match(r.errors[2].message, /invalid JSON/);
  assert.match(r.errors[3].message, /duplicate id "a" \(first on line 1\)/);
  assert.match(r.errors[4].message, /nmaes/);
  assert.match(r.errors[5].message, /expected a JSON object/);
});

test('the real OFAC 2021 files: 8,976 primary records and 11,910 aliases', () => {
  const read = (f: string) => listFile(`ofac-sdn-2021/${f}`, 'latin1');
  let calls = 0;
  const r = parseOfac({ sdn: read('sdn.csv'), alt: read('alt.csv'), add: read('add.csv') }, () => {
    calls++;
  });
  assert.deepEqual(r.errors, []);
  assert.equal(r.entries.length, 8976);
  assert.equal(
    r.entries.reduce((a, e) => a + e.names.length - 1, 0),
    11910,
  );
  assert.ok(calls > 3, 'progress is reported');
  const types = new Map<string, number>();
  for (const e of r.entries) types.set(e.type!, (types.get(e.type!) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(types), { organization: 3673, person: 4620, vessel: 406, aircraft: 277 });
  assert.ok(r.entries.filter((e) => e.birthDates).length > 4000);
  assert.ok(r.entries.filter((e) => e.documents?.some((d) => d.type === 'passport')).length > 900);
});

test('the real UN consolidated list: 730 individuals and 273 entities', () => {
  const r = parseUnConsolidated(listFile('un-consolidated-2026-02-27.xml', 'utf8'));
  assert.deepEqual(r.errors, []);
  assert.equal(r.entries.filter((e) => e.type === 'person').length, 730);
  assert.equal(r.entries.filter((e) => e.type === 'organization').length, 273);
  assert.ok(r.entries.reduce((a, e) => a + e.names.length, 0) > 4000);
  assert.ok(r.entries.filter((e) => e.birthDates?.length).length > 600);
  assert.ok(r.entries.filter((e) => e.documents?.length).length > 200);
});
