import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CARD_PREFIX,
  cardProgramme,
  cryptoRandom,
  generateCardNumber,
  generateMembershipNumber,
  isValidCardNumber,
  isValidLuhn,
  isValidMembershipNumber,
  luhnCheckDigit,
  type RandomSource,
} from '../../src/modules/travellers/domain/numbers.ts';
import { buildTd1, parseMrz } from '../../src/modules/travellers/domain/mrz.ts';
import { PROGRAMME_CODES } from '../../src/modules/travellers/domain/programmes.ts';

/** Deterministic RandomSource (mulberry32). */
function seeded(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Luhn', () => {
  it('matches known values', () => {
    assert.equal(luhnCheckDigit('7992739871'), 3); // the textbook example 79927398713
    assert.equal(isValidLuhn('79927398713'), true);
    assert.equal(isValidLuhn('79927398710'), false);
    assert.equal(isValidLuhn('4539578763621486'), true); // a test card number
    assert.equal(luhnCheckDigit('0'), 0);
  });
});

describe('membership numbers', () => {
  it('are 9 digits, never start with 0, and validate', () => {
    const rnd = seeded(42);
    for (let i = 0; i < 2000; i++) {
      const n = generateMembershipNumber(rnd);
      assert.match(n, /^[1-9]\d{8}$/);
      assert.ok(isValidMembershipNumber(n), n);
    }
    assert.ok(isValidMembershipNumber(generateMembershipNumber()));
    assert.ok(isValidMembershipNumber(generateMembershipNumber(cryptoRandom)));
  });
  it('are reproducible from a seeded source and spread over the range', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          generateMembershipNumber(r)
      )(seeded(7)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          generateMembershipNumber(r)
      )(seeded(7)),
    );
    assert.deepEqual(a, b);
    const firsts = new Set(
      Array.from(
        { length: 500 },
        (
          (r) => () =>
            generateMembershipNumber(r)[0]
        )(seeded(1)),
      ),
    );
    assert.equal(firsts.size, 9);
  });
  it('catch every single-digit error and adjacent swaps', () => {
    const n = '152834966'; // 15283496 + Luhn digit (worked by hand: 3+9+8+3+7+2+1+1 = 34)
    assert.equal(luhnCheckDigit('15283496'), 6);
    assert.ok(isValidMembershipNumber(n));
    for (let i = 0; i < 9; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === n[i]) continue;
        const m = n.slice(0, i) + d + n.slice(i + 1);
        assert.equal(isValidMembershipNumber(m), false, m);
      }
    }
    for (let i = 0; i < 8; i++) {
      if (n[i] === n[i + 1]) continue;
      const m = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
      assert.equal(isValidMembershipNumber(m), false, m);
    }
  });
  it('reject other shapes', () => {
    for (const s of ['', '12345678', '1234567890', '012345674', '15283496a', ' 152834966'])
      assert.equal(isValidMembershipNumber(s), false, s);
  });
  it('refuse a broken random source', () => {
    assert.throws(() => generateMembershipNumber(() => 1), RangeError);
    assert.throws(() => generateMembershipNumber(() => Number.NaN), RangeError);
  });
});

describe('card numbers', () => {
  it('carry their programme and a check digit, and fit a TD1 document number', () => {
    const rnd = seeded(3);
    for (const p of PROGRAMME_CODES) {
      const c = generateCardNumber(p, rnd);
      assert.match(c, /^[A-Z]{2}\d{7}$/);
      assert.equal(c.slice(0, 2), CARD_PREFIX[p]);
      assert.ok(isValidCardNumber(c), c);
      assert.equal(cardProgramme(c), p);
      const mrz = buildTd1({
        issuingCountry: 'USA',
        surname: 'Doe',
        givenNames: 'Jane',
        documentNumber: c,
        nationality: 'USA',
        birthDate: '1990-01-01',
        sex: 'F',
        expiryDate: '2030-01-01',
      });
      const r = parseMrz(mrz, { today: '2025-01-01' });
      assert.deepEqual(r.errors, []);
      assert.equal(r.fields.documentNumber, c);
    }
  });
  it('reject typos and unknown prefixes', () => {
    const c = generateCardNumber('NEXUS', seeded(9));
    const typo = c.slice(0, 4) + ((Number(c[4]) + 1) % 10) + c.slice(5);
    assert.equal(isValidCardNumber(typo), false);
    assert.equal(cardProgramme(typo), null);
    assert.equal(isValidCardNumber('ZZ' + c.slice(2)), false);
    assert.equal(isValidCardNumber(c.toLowerCase()), false);
    assert.equal(new Set(Object.values(CARD_PREFIX)).size, PROGRAMME_CODES.length);
  });
});
