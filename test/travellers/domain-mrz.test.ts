import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  alpha3ToAlpha2,
  buildTd1,
  buildTd3,
  checkDigit,
  mrzText,
  parseMrz,
  type MrzInput,
} from '../../src/modules/travellers/domain/mrz.ts';

const TODAY = '2025-06-15';
const keys = (r: ReturnType<typeof parseMrz>) =>
  r.errors.map((e) => `${e.field}:${e.key.replace('travellers.mrz.', '')}`).sort();

const passport: MrzInput = {
  issuingCountry: 'CAN',
  surname: 'Tremblay',
  givenNames: 'Marie-Ève',
  documentNumber: 'AB123456',
  nationality: 'CAN',
  birthDate: '1985-02-28',
  sex: 'F',
  expiryDate: '2031-06-30',
};

/** Replace the character at (line, col) of an MRZ text. */
function poke(text: string, line: number, col: number, ch: string): string {
  const lines = text.split('\n');
  lines[line] = lines[line].slice(0, col) + ch + lines[line].slice(col + 1);
  return lines.join('\n');
}
/** Overwrite a field and its check digit in place (so that only what we mean to break is broken). */
function setWithDigit(text: string, line: number, col: number, value: string): string {
  let t = text;
  for (let i = 0; i < value.length; i++) t = poke(t, line, col + i, value[i]);
  return poke(t, line, col + value.length, String(checkDigit(value)));
}

describe('ICAO 9303 check digit', () => {
  it('matches the worked examples of Doc 9303', () => {
    // Specimen passport of Doc 9303 Part 4: L898902C3 / 740812 / 120415 / ZE184226B, composite 0.
    assert.equal(checkDigit('L898902C3'), 6);
    assert.equal(checkDigit('740812'), 2);
    assert.equal(checkDigit('120415'), 9);
    assert.equal(checkDigit('ZE184226B<<<<<'), 1);
    assert.equal(checkDigit('L898902C36' + '7408122' + '1204159ZE184226B<<<<<1'), 0);
    assert.equal(checkDigit('520727'), 3); // Part 3 example
    assert.equal(checkDigit('<<<<<'), 0);
  });
  it('refuses characters outside the MRZ alphabet', () => {
    assert.throws(() => checkDigit('ab1'), RangeError);
  });
});

describe('parseMrz', () => {
  it('reads a TD3 passport it built', () => {
    const text = buildTd3(passport);
    const lines = text.split('\n');
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => l.length === 44));
    const r = parseMrz(text, { today: TODAY });
    assert.deepEqual(r.errors, []);
    assert.equal(r.ok, true);
    assert.equal(r.format, 'TD3');
    assert.deepEqual(r.fields, {
      documentType: 'P',
      issuingCountry: { alpha3: 'CAN', alpha2: 'CA' },
      documentNumber: 'AB123456',
      surname: 'TREMBLAY',
      givenNames: 'MARIE EVE',
      nationality: { alpha3: 'CAN', alpha2: 'CA' },
      birthDate: '1985-02-28',
      sex: 'F',
      expiryDate: '2031-06-30',
      optionalData: null,
    });
  });

  it('reads a TD1 card it built', () => {
    const text = buildTd1({
      documentType: 'IP',
      issuingCountry: 'US',
      surname: "O'Neil",
      givenNames: 'John Paul',
      documentNumber: 'C03005988',
      nationality: 'USA',
      birthDate: '2010-01-01',
      sex: 'M',
      expiryDate: '2030-01-01',
      optionalData: 'NX1234567',
    });
    const r = parseMrz(text, { today: TODAY });
    assert.deepEqual(r.errors, []);
    assert.equal(r.format, 'TD1');
    assert.equal(r.fields.documentType, 'IP');
    assert.equal(r.fields.documentNumber, 'C03005988');
    assert.equal(r.fields.surname, 'ONEIL');
    assert.equal(r.fields.givenNames, 'JOHN PAUL');
    assert.equal(r.fields.birthDate, '2010-01-01');
    assert.equal(r.fields.optionalData, 'NX1234567');
  });

  it('reads the ICAO TD1 specimen with a long document number, and flags the fictional state', () => {
    const r = parseMrz(
      'I<UTOD23145890<1233<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<2\nERIKSSON<<ANNA<MARIA<<<<<<<<<<',
      { today: TODAY },
    );
    assert.equal(r.format, 'TD1');
    assert.equal(r.fields.documentNumber, 'D23145890123');
    assert.equal(r.fields.surname, 'ERIKSSON');
    assert.equal(r.fields.givenNames, 'ANNA MARIA');
    assert.equal(r.fields.birthDate, '1974-08-12');
    assert.equal(r.fields.expiryDate, '2012-04-15');
    assert.deepEqual(keys(r), [
      'expiryDate:expired',
      'issuingCountry:unknown_issuing_country',
      'nationality:unknown_nationality',
    ]);
  });

  it('tolerates pasted text: lower case, CRLF, blank lines and stray spaces', () => {
    const [l1, l2] = buildTd3(passport).split('\n');
    const messy = `\r\n  ${l1.slice(0, 20).toLowerCase()} ${l1.slice(20)}  \r\n\r\n\t${l2.toLowerCase()}\r\n`;
    const r = parseMrz(messy, { today: TODAY });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.lines, [l1, l2]);
  });

  it('reports wrong line counts, lengths and characters', () => {
    const [l1, l2] = buildTd3(passport).split('\n');
    assert.deepEqual(parseMrz(l1, { today: TODAY }).errors, [
      { field: 'mrz', key: 'travellers.mrz.line_count', args: { count: 1 } },
    ]);
    assert.deepEqual(keys(parseMrz([l1, l2, l1, l2].join('\n'), { today: TODAY })), ['mrz:line_count']);
    const short = parseMrz(l1 + '\n' + l2.slice(0, 40), { today: TODAY });
    assert.equal(short.ok, false);
    assert.equal(short.format, 'TD3');
    assert.deepEqual(short.errors, [
      { field: 'line2', key: 'travellers.mrz.line_length', args: { line: 2, expected: 44, actual: 40 } },
    ]);
    assert.equal(short.fields.documentNumber, null);
    const td1short = parseMrz('I<CAN\nX\nY', { today: TODAY });
    assert.deepEqual(
      td1short.errors.map((e) => e.args?.expected),
      [30, 30, 30],
    );
    assert.deepEqual(keys(parseMrz(poke(buildTd3(passport), 0, 10, '#'), { today: TODAY })), [
      'line1:invalid_characters',
    ]);
  });

  it('reports a bad check digit on each field', () => {
    const good = buildTd3(passport);
    // Document number digit changed: its check digit and the composite fail.
    assert.deepEqual(keys(parseMrz(poke(good, 1, 3, '9'), { today: TODAY })), [
      'composite:check_digit_composite',
      'documentNumber:check_digit_document_number',
    ]);
    // Check digits themselves changed.
    const bd = Number(good.split('\n')[1][19]);
    assert.deepEqual(keys(parseMrz(poke(good, 1, 19, String((bd + 1) % 10)), { today: TODAY })), [
      'birthDate:check_digit_birth_date',
      'composite:check_digit_composite',
    ]);
    const ed = Number(good.split('\n')[1][27]);
    assert.deepEqual(keys(parseMrz(poke(good, 1, 27, String((ed + 1) % 10)), { today: TODAY })), [
      'composite:check_digit_composite',
      'expiryDate:check_digit_expiry_date',
    ]);
    const cd = Number(good.split('\n')[1][43]);
    assert.deepEqual(keys(parseMrz(poke(good, 1, 43, String((cd + 1) % 10)), { today: TODAY })), [
      'composite:check_digit_composite',
    ]);
    // The value whose check digit failed is still returned for the officer to see.
    assert.equal(parseMrz(poke(good, 1, 3, '9'), { today: TODAY }).fields.documentNumber, 'AB193456');
  });

  it('checks the personal number of a passport', () => {
    const withPn = buildTd3({ ...passport, optionalData: 'ZE184226B' });
    assert.deepEqual(parseMrz(withPn, { today: TODAY }).errors, []);
    assert.equal(parseMrz(withPn, { today: TODAY }).fields.optionalData, 'ZE184226B');
    assert.ok(
      keys(parseMrz(poke(withPn, 1, 30, '9'), { today: TODAY })).includes('optionalData:check_digit_personal_number'),
    );
  });

  it('reports an expired document given today, not one expiring today', () => {
    const exp = (expiryDate: string) => parseMrz(buildTd3({ ...passport, expiryDate }), { today: TODAY });
    assert.deepEqual(exp('2025-06-15').errors, []);
    assert.deepEqual(exp('2025-06-14').errors, [
      { field: 'expiryDate', key: 'travellers.mrz.expired', args: { expiryDate: '2025-06-14' } },
    ]);
  });

  it('resolves centuries: births in the past, expiries around today', () => {
    const birth = (birthDate: string) =>
      parseMrz(buildTd3({ ...passport, birthDate }), { today: TODAY }).fields.birthDate;
    assert.equal(birth('2005-01-01'), '2005-01-01');
    assert.equal(birth('2025-06-15'), '2025-06-15'); // born today
    assert.equal(birth('1925-06-16'), '1925-06-16'); // '250616' would be tomorrow in 2025
    assert.equal(birth('1930-12-31'), '1930-12-31');
    const expiry = (expiryDate: string) =>
      parseMrz(buildTd3({ ...passport, expiryDate }), { today: TODAY }).fields.expiryDate;
    assert.equal(expiry('2035-01-01'), '2035-01-01');
    assert.equal(expiry('2074-12-31'), '2074-12-31');
    assert.equal(expiry('1980-01-01'), '1980-01-01');
  });

  it('refuses dates that do not exist even with good check digits', () => {
    // 31 February, with its own check digit right (here the composite happens to stay right as well).
    const r = parseMrz(setWithDigit(buildTd3(passport), 1, 13, '850231'), { today: TODAY });
    assert.deepEqual(keys(r), ['birthDate:invalid_birth_date']);
    assert.equal(r.fields.birthDate, null);
    const badMonth = parseMrz(setWithDigit(buildTd3(passport), 1, 21, '311301'), { today: TODAY });
    assert.ok(keys(badMonth).includes('expiryDate:invalid_expiry_date'));
  });

  it('maps sexes and ICAO codes', () => {
    assert.equal(parseMrz(buildTd3({ ...passport, sex: 'X' }), { today: TODAY }).fields.sex, 'X');
    assert.equal(parseMrz(buildTd3({ ...passport, sex: 'M' }), { today: TODAY }).fields.sex, 'M');
    const de = parseMrz(buildTd3({ ...passport, issuingCountry: 'D', nationality: 'D' }), { today: TODAY });
    assert.deepEqual(de.errors, []);
    assert.deepEqual(de.fields.issuingCountry, { alpha3: 'D', alpha2: 'DE' });
    assert.equal(alpha3ToAlpha2('MEX'), 'MX');
    assert.equal(alpha3ToAlpha2('GBD'), 'GB');
    assert.equal(alpha3ToAlpha2('XXA'), null);
    assert.equal(alpha3ToAlpha2('ZZZ'), null);
    const stateless = parseMrz(buildTd3({ ...passport, nationality: 'XXA' }), { today: TODAY });
    assert.deepEqual(stateless.errors, []);
    assert.deepEqual(stateless.fields.nationality, { alpha3: 'XXA', alpha2: null });
  });

  it('reports a wrong document code for the format', () => {
    assert.deepEqual(keys(parseMrz(buildTd3({ ...passport, documentType: 'V' }), { today: TODAY })), [
      'documentType:invalid_document_type',
    ]);
  });
});

describe('building MRZ text', () => {
  it('transliterates names the ICAO way', () => {
    assert.equal(mrzText("Marie-Ève O'Brien"), 'MARIE<EVE<OBRIEN');
    assert.equal(mrzText('Strauß Øster Æsa'), 'STRAUSS<OESTER<AESA');
    assert.equal(mrzText('  José   Núñez '), 'JOSE<NUNEZ');
  });
  it('truncates long names and rejects oversize fields', () => {
    const long = buildTd3({ ...passport, surname: 'Wolfeschlegelsteinhausenbergerdorff', givenNames: 'Hubert Blaine' });
    assert.equal(long.split('\n')[0].length, 44);
    assert.deepEqual(parseMrz(long, { today: TODAY }).errors, []);
    assert.throws(() => buildTd3({ ...passport, documentNumber: 'AB1234567890' }), RangeError);
    assert.throws(() => buildTd3({ ...passport, birthDate: '1985-02-30' }), RangeError);
  });
});
