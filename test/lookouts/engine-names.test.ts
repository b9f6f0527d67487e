// Name normalisation, transliteration and the name score.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  scoreNames,
  prepareName,
  foldText,
  normForm,
  phoneticKey,
  tokenSim,
  tokInfo,
  editDistance,
  DEFAULT_THRESHOLD,
} from '../../src/modules/lookouts/engine/index.ts';

test('NFKC, case and diacritic folding', () => {
  assert.equal(foldText('José Martínez').text, 'jose martinez');
  assert.equal(foldText('José Martínez').folded, true);
  assert.equal(foldText('ﬁnance Ⅻ').text, 'finance xii'); // compatibility forms
  assert.equal(foldText('Straße Øre Łódź').text, 'strasse ore lodz');
  assert.equal(scoreNames('José Martínez', 'JOSE MARTINEZ'), 1);
  assert.equal(scoreNames('ZÜRCHER, Ünal', 'Unal Zurcher'), 1);
});

test('transliteration of Cyrillic, Greek, Arabic and Chinese', () => {
  const cyr = prepareName('Владимир Путин');
  assert.deepEqual(cyr.tokens, ['vladimir', 'putin']);
  assert.equal(cyr.transliterated, true);
  assert.equal(scoreNames('Владимир Путин', 'Vladimir Putin'), 1);
  // Greek: "ου" comes out as "oy"; the spelling normalisation meets "ou" half-way
  assert.ok(scoreNames('Αλέξανδρος Παπαδόπουλος', 'Alexandros Papadopoulos') >= 0.9);
  // Chinese: any-ascii writes the syllables together; the joined-token match finds "Xi Jinping"
  assert.deepEqual(prepareName('习近平').tokens, ['xijinping']);
  assert.equal(scoreNames('习近平', 'Xi Jinping'), 1);
  // Arabic script without vowel marks: the commonest name words get their usual romanisation, others come out
  // unvocalised (long vowels only) and meet Latin spellings by their consonant skeleton (arabic.ts)
  assert.deepEqual(prepareName('محمد').tokens, ['muhammad']);
  assert.deepEqual(prepareName('جلالی').tokens, ['jlaly']);
  assert.ok(tokenSim(tokInfo('mhmd'), tokInfo('mohammed')) >= 0.8);
  assert.ok(scoreNames('محمد جلالی', 'Mohammad Jalali') > scoreNames('محمد جلالی', 'Mohammad Kazemi') + 0.2);
  // with vowel marks any-ascii writes the vowels: a close spelling variant
  assert.ok(scoreNames('مُحَمَّد', 'Muhammad') >= 0.9);
});

test('"LAST, First" is read as "First LAST", and token order does not matter', () => {
  const p = prepareName('AL-ZAWAHIRI, Ayman');
  assert.deepEqual(p.tokens, ['ayman', 'al', 'zawahiri']);
  assert.equal(p.lastFirst, true);
  assert.equal(scoreNames('SALEK, ABDULHAI', 'ABDULHAI SALEK'), 1);
  assert.equal(scoreNames('Kim Jong Un', 'Un Jong Kim'), 1);
  // a comma before a legal form is not a "LAST, First" comma
  assert.equal(prepareName('ANGLO-CARIBBEAN CO., LTD.').lastFirst, false);
  assert.equal(prepareName('SMITH, Jr').lastFirst, false);
});

test('organisation legal forms are down-weighted', () => {
  const p = prepareName('GRUPO ALFA S.A. de C.V.', 'organization');
  assert.deepEqual(p.tokens, ['grupo', 'alfa', 's', 'a', 'de', 'c', 'v']);
  assert.ok(p.weights.slice(2).reduce((a, w) => a + w, 0) < 0.2, 'the legal form weighs little, as one unit');
  assert.ok(scoreNames('Grupo Alfa S.A. de C.V.', 'GRUPO ALFA', 'organization') >= 0.9);
  assert.ok(scoreNames('ANGLO-CARIBBEAN CO., LTD.', 'Anglo Caribbean Company Limited', 'organization') >= 0.9);
  assert.ok(scoreNames('Acme Trading GmbH', 'Acme Trading LLC', 'organization') >= 0.85);
  // the distinctive words still decide
  assert.ok(scoreNames('Acme Trading LLC', 'Zenith Trading LLC', 'organization') < DEFAULT_THRESHOLD);
  // a prefix legal form ("OOO") counts for little too
  assert.ok(scoreNames('OOO Romashka', 'ROMASHKA', 'organization') >= 0.85);
});

test('typos: substitutions, insertions, deletions and transpositions', () => {
  assert.ok(editDistance('abdul', 'abudl', 3) === 1, 'a transposition is one edit');
  assert.equal(editDistance('kitten', 'sitting', 5), 2.5, 'a vowel for a vowel costs half');
  assert.equal(editDistance('kitten', 'sittem', 5), 2);
  assert.ok(editDistance('abcdefgh', 'hgfedcba', 2) > 2, 'early exit above the bound');
  assert.ok(scoreNames('HAFIZ ABDUL SALAM BHUTTAVI', 'HAFIZ ABUDL SALAM BHUTTAVI') >= 0.95);
  assert.ok(scoreNames('MAGHOMED ABDURAKHMANOV', 'AMGHOMED ABDURAKHMANOV') >= 0.9);
  assert.ok(scoreNames('Ruben Pestano Lavilla', 'Ruben Pestano Lavila') >= 0.95);
  assert.ok(scoreNames('John Smith', 'Jane Smith') < DEFAULT_THRESHOLD, 'a different given name is not a typo');
});

test('phonetic spelling variants of transliterated names', () => {
  const key = (s: string) => phoneticKey(normForm(s));
  assert.equal(key('Mohammed'.toLowerCase()), key('muhammad'));
  assert.equal(key('mohamad'), key('muhammed'));
  assert.equal(key('yousef'), key('yusuf'));
  assert.equal(normForm('mukhammad'), normForm('muhamad'));
  assert.notEqual(key('mahmoud'), key('mohammed'));
  assert.ok(scoreNames('Mohammed Ali', 'Muhammad Aly') >= 0.9);
  assert.ok(scoreNames('Youssef Qasim', 'Yusuf Kasim') >= 0.9);
  assert.ok(scoreNames('Mahmoud Abbas', 'Mohammed Abbas') < DEFAULT_THRESHOLD);
});

test('missing and extra name parts, joined parts, initials', () => {
  const full = 'Mohammad Azam Elmi';
  assert.ok(scoreNames(full, 'Mohammad Elmi') > 0.8, 'a dropped middle name costs a little');
  assert.ok(scoreNames(full, 'Mohammad Elmi') < scoreNames(full, full));
  assert.ok(
    scoreNames('Mohammad Ali', 'Mohammad Ali Hassan Khan') < DEFAULT_THRESHOLD,
    'half of a long name is not enough',
  );
  assert.equal(scoreNames('Abdulrahman Khan', 'Abdul Rahman Khan'), 1);
  assert.equal(scoreNames('AL-DARI', 'ALDARI'), 1);
  assert.ok(scoreNames('J. Smith', 'John Smith') > scoreNames('K. Smith', 'John Smith'));
  assert.equal(scoreNames('', 'John Smith'), 0);
});

test('scores are symmetric enough and bounded', () => {
  for (const [a, b] of [
    ['Mohammad Azam Elmi', 'Elmi Mohammad'],
    ['Osama bin Laden', 'Usama bin Ladin'],
    ['Acme', 'Acme Holdings'],
  ]) {
    const ab = scoreNames(a, b);
    const ba = scoreNames(b, a);
    assert.ok(ab >= 0 && ab <= 1);
    assert.ok(Math.abs(ab - ba) < 1e-9, `${a} / ${b}: ${ab} vs ${ba}`);
  }
});
