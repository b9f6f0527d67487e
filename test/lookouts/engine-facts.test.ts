// Birth dates, nationalities, document numbers, plates and containers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareDate,
  parseDate,
  countryCode,
  documentKey,
  ocrFold,
  iso6346CheckDigit,
  isValidContainer,
  parseContainer,
  ScreeningIndex,
} from '../../src/modules/lookouts/engine/index.ts';

test('birth dates are parsed in the forms lists use', () => {
  assert.deepEqual(parseDate('1965'), { y: 1965, m: 0, d: 0 });
  assert.deepEqual(parseDate('1970-03-02'), { y: 1970, m: 3, d: 2 });
  assert.deepEqual(parseDate('1969-7-16'), { y: 1969, m: 7, d: 16 });
  assert.deepEqual(parseDate('01 Jan 1960'), { y: 1960, m: 1, d: 1 });
  assert.deepEqual(parseDate('Jan 1960'), { y: 1960, m: 1, d: 0 });
  assert.deepEqual(parseDate('circa 1951'), { y: 1951, m: 0, d: 0 });
  assert.deepEqual(parseDate('1974-01-32'), { y: 1974, m: 1, d: 0 }, 'an impossible day is dropped, the rest kept');
  assert.equal(parseDate('unknown'), null);
});

test('date comparison: exact, year only, one year off, day and month swapped, disagreement', () => {
  const p = (s: string) => parseDate(s)!;
  const exact = compareDate(p('1960-06-29'), p('1960-06-29'));
  const yearOnly = compareDate(p('1960'), p('1960-06-29'));
  const swapped = compareDate(p('1960-03-04'), p('1960-04-03'));
  const oneOff = compareDate(p('1961-06-29'), p('1960-06-29'));
  const far = compareDate(p('1975'), p('1960-06-29'));
  assert.equal(exact.method, 'exact');
  assert.equal(yearOnly.method, 'year-only');
  assert.equal(swapped.method, 'day-month-swapped');
  assert.equal(oneOff.method, 'one-year-off');
  assert.equal(far.method, 'disagree');
  assert.ok(
    exact.delta > yearOnly.delta && yearOnly.delta > swapped.delta && swapped.delta > 0,
    'agreement raises the score, more for more precision',
  );
  assert.ok(oneOff.delta < 0 && oneOff.delta > far.delta, 'one year off lowers a little, a clear disagreement more');
});

test('dates and nationality move the score of the same name', () => {
  const idx = new ScreeningIndex([
    {
      id: 'p1',
      type: 'person',
      names: ['Tharwat Salah Shihata'],
      birthDates: ['1960-06-29'],
      nationalities: ['Egypt'],
    },
  ]);
  const s = (q: object) => idx.screen({ name: 'Tharwat Salah Shihata', type: 'person', ...q }, { threshold: 0 })[0];
  const none = s({}).score;
  const exact = s({ birthDate: '1960-06-29' });
  const swapped = s({ birthDate: '1960-29-06' });
  const year = s({ birthDate: '1960' });
  const off = s({ birthDate: '1961-06-29' });
  const far = s({ birthDate: '1980-01-01' });
  const natAgree = s({ nationality: 'eg' });
  const natDisagree = s({ nationality: 'Jordan' });
  assert.equal(none, 1);
  assert.equal(exact.reasons.find((r) => r.field === 'birthDate')?.method, 'exact');
  assert.equal(year.reasons.find((r) => r.field === 'birthDate')?.method, 'year-only');
  assert.ok(off.score < none && far.score < off.score, `${off.score} ${far.score}`);
  assert.equal(far.reasons.find((r) => r.field === 'birthDate')?.method, 'disagree');
  assert.equal(natAgree.reasons.find((r) => r.field === 'nationality')?.method, 'agree');
  assert.ok(natDisagree.score < none);
  assert.equal(natDisagree.reasons.find((r) => r.field === 'nationality')?.method, 'disagree');
  // "1960-29-06" is not a valid date (month 29), so only the year is used
  assert.equal(swapped.reasons.find((r) => r.field === 'birthDate')?.method, 'year-only');
  const swappedReal = s({ birthDate: '1960-03-04' });
  const idx2 = new ScreeningIndex([{ id: 'p2', type: 'person', names: ['Ana Lima'], birthDates: ['1960-04-03'] }]);
  assert.equal(
    idx2
      .screen({ name: 'Ana Lima', birthDate: '1960-03-04' }, { threshold: 0 })[0]
      .reasons.find((r) => r.field === 'birthDate')?.method,
    'day-month-swapped',
  );
  assert.ok(swappedReal.score < exact.score);
});

test('country names and codes', () => {
  assert.equal(countryCode('af'), 'af');
  assert.equal(countryCode('AF'), 'af');
  assert.equal(countryCode('Afghanistan'), 'af');
  assert.equal(countryCode('Iran (Islamic Republic of)'), 'ir');
  assert.equal(countryCode("Democratic People's Republic of Korea"), 'kp');
  assert.equal(countryCode('Democratic Republic of the Congo'), 'cd');
  assert.equal(countryCode('Syrian Arab Republic'), 'sy');
  assert.equal(countryCode('Russian Federation'), 'ru');
  assert.equal(countryCode('Hong Kong'), 'hk');
  assert.equal(countryCode('Atlantis'), undefined);
});

test('document numbers: separators removed, OCR-confusable characters folded', () => {
  assert.equal(documentKey('OB 0243318'), documentKey('0B-O243318'));
  assert.equal(documentKey('A-123.456/7'), documentKey('A1234567'));
  assert.equal(ocrFold('OILSBZG'), '0115826');
  assert.equal(documentKey('12'), '', 'too short to index');
  const idx = new ScreeningIndex([
    {
      id: 'd1',
      type: 'person',
      names: ['Someone Else'],
      documents: [{ type: 'passport', number: 'AB850901', country: 'TZ' }],
    },
  ]);
  const exact = idx.screen({ documents: [{ type: 'passport', number: 'ab 850-901' }] });
  assert.equal(exact[0]?.id, 'd1');
  assert.equal(exact[0].reasons[0].method, 'exact');
  const ocr = idx.screen({ documents: [{ type: 'passport', number: 'A8B5O9O1' }] });
  assert.equal(ocr[0]?.id, 'd1');
  assert.equal(ocr[0].reasons[0].method, 'ocr-confusable');
  assert.ok(ocr[0].score < 1);
  assert.equal(idx.screen({ documents: [{ type: 'passport', number: 'AB850902' }] }).length, 0);
  // a document hit stands even when the name disagrees
  assert.equal(
    idx.screen({ name: 'Totally Different', documents: [{ type: 'passport', number: 'AB850901' }] })[0]?.id,
    'd1',
  );
});

test('ISO 6346 container numbers: check digit validated', () => {
  assert.equal(iso6346CheckDigit('CSQU305438'), 3);
  assert.equal(isValidContainer('CSQU3054383'), true);
  assert.equal(isValidContainer('CSQU 305438-3'), true);
  assert.equal(isValidContainer('CSQU3054384'), false);
  assert.equal(isValidContainer('CSQX3054383'), false, 'the category letter must be U, J or Z');
  assert.equal(parseContainer('CSQU3O54383')?.valid, true, 'an O read for a 0 in the serial is repaired');
  assert.equal(parseContainer('XYZ'), null);
  const idx = new ScreeningIndex([
    { id: 'c1', type: 'container', names: ['container CSQU3054383'], containers: ['CSQU3054383'] },
  ]);
  const ok = idx.screen({ container: 'csqu 305438 3' });
  assert.equal(ok[0]?.id, 'c1');
  assert.equal(ok[0].reasons[0].method, 'exact');
  const bad = idx.screen({ container: 'CSQU3054380' });
  assert.equal(bad[0]?.reasons[0].method, 'check-digit-invalid');
  assert.ok(bad[0].score < ok[0].score);
});

test('vehicle plates with jurisdiction', () => {
  const idx = new ScreeningIndex([
    { id: 'v1', type: 'vehicle', names: ['grey van'], plates: [{ number: 'ABCD 123', jurisdiction: 'CA-ON' }] },
  ]);
  const same = idx.screen({ plate: { number: 'abcd-123', jurisdiction: 'ON' } });
  assert.equal(same[0]?.id, 'v1');
  assert.equal(same[0].score, 1);
  const unknown = idx.screen({ plate: { number: 'ABCD123' } });
  assert.equal(unknown[0]?.reasons[0].method, 'jurisdiction-unknown');
  assert.equal(
    idx.screen({ plate: { number: 'ABCD123', jurisdiction: 'US-TX' } }).length,
    0,
    'another jurisdiction is not an alert',
  );
  assert.equal(
    idx.screen({ plate: { number: 'ABCD123', jurisdiction: 'US-TX' } }, { threshold: 0 })[0].reasons[0].method,
    'jurisdiction-disagree',
  );
});
