// Files handed to the importers: decoded as declared or detected, never with a silent U+FFFD; bad bytes and bad
// characters named with their line (and byte offset); files over the size limit refused before they are read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
  decodeText,
  fieldProblem,
  IMPORT_LIMITS,
  invalidUtf8Offset,
  printable,
  readImportFile,
} from '../../src/kernel/import-text.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

test('UTF-8 is the default: valid text is decoded, a BOM dropped, a bad byte named by line and offset', () => {
  const ok = decodeText(bytes('a,b\nJosé,1\n'));
  assert.deepEqual(ok, { ok: true, text: 'a,b\nJosé,1\n', encoding: 'utf8' });
  const bom = decodeText(bytes([0xef, 0xbb, 0xbf], 'id\n'));
  assert.equal(bom.ok && bom.text, 'id\n');
  // "Jos\xe9" is Latin-1: without a declaration it is an error, never "Jos\ufffd"
  const latin = decodeText(bytes('a,b\nc,d\nJos', [0xe9], ',1\n'), undefined, 'sdn.csv');
  assert.equal(latin.ok, false);
  assert.ok(!latin.ok);
  assert.equal(latin.error.line, 3);
  assert.equal(latin.error.file, 'sdn.csv');
  assert.equal(latin.error.fatal, true);
  assert.match(latin.error.message, /invalid UTF-8 \(byte 0xE9 at byte offset 11\).*--encoding latin1/);
});

test('declared encodings: latin1 (ISO-8859-1 proper), windows-1252, utf16le; a BOM that contradicts is refused', () => {
  const l1 = decodeText(bytes('Jos', [0xe9]), 'latin1');
  assert.equal(l1.ok && l1.text, 'José');
  const c1 = decodeText(bytes('x\n', [0x80]), 'latin1');
  assert.ok(!c1.ok);
  assert.equal(c1.error.line, 2);
  assert.match(c1.error.message, /0x80 .*control character.*windows-1252/);
  const w = decodeText(bytes([0x80], ' 5'), 'windows-1252');
  assert.equal(w.ok && w.text, '€ 5');
  const le = Buffer.from('\ufeffNuñez\n', 'utf16le');
  const detected = decodeText(le);
  assert.deepEqual(detected, { ok: true, text: 'Nuñez\n', encoding: 'utf16le' });
  const declared = decodeText(Buffer.from('Nuñez', 'utf16le'), 'utf16le');
  assert.equal(declared.ok && declared.text, 'Nuñez');
  const lone = decodeText(Buffer.concat([Buffer.from('a\nb', 'utf16le'), Buffer.from([0x00, 0xd8])]), 'utf16le');
  assert.ok(!lone.ok);
  assert.equal(lone.error.line, 2);
  assert.match(lone.error.message, /unpaired UTF-16 surrogate at byte offset 6/);
  const odd = decodeText(Buffer.from([0x61, 0x00, 0x62]), 'utf16le');
  assert.ok(!odd.ok);
  const contradiction = decodeText(bytes([0xef, 0xbb, 0xbf], 'x'), 'latin1');
  assert.ok(!contradiction.ok);
  assert.match(contradiction.error.message, /utf8 byte-order mark, but the declared encoding is latin1/);
});

test('the UTF-8 check refuses overlong forms, encoded surrogates and code points past U+10FFFF', () => {
  assert.equal(invalidUtf8Offset(bytes('ok ', [0xc0, 0x80])), 3);
  assert.equal(invalidUtf8Offset(bytes([0xed, 0xa0, 0x80])), 0);
  assert.equal(invalidUtf8Offset(bytes([0xf4, 0x90, 0x80, 0x80])), 0);
  assert.equal(invalidUtf8Offset(bytes('ab', [0xe2, 0x82])), 2);
  assert.equal(invalidUtf8Offset(bytes('€ 𝄞 é')), -1);
  // the same verdict as the platform's strict decoder, on any bytes
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        // valid UTF-8, then perhaps one byte changed
        fc
          .tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.nat(), fc.integer({ min: 0, max: 255 }))
          .map(([s, at, b]) => {
            const u = Buffer.from(s, 'utf8');
            if (u.length && at % 2) u[at % u.length] = b;
            return new Uint8Array(u);
          }),
      ),
      (b) => {
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(b);
        } catch {
          valid = false;
        }
        return (invalidUtf8Offset(b) === -1) === valid;
      },
    ),
    { seed: 13, numRuns: 3000 },
  );
});

test('a field is refused for NUL, a lone surrogate or its length; a surrogate pair is text', () => {
  assert.equal(fieldProblem('Ana María'), undefined);
  assert.equal(fieldProblem('𝄞 clef'), undefined);
  assert.equal(fieldProblem('a\u0000b'), 'contains a NUL character');
  assert.equal(fieldProblem('x\ud800'), 'contains a lone surrogate (U+D800)');
  assert.equal(fieldProblem('\udc00x'), 'contains a lone surrogate (U+DC00)');
  assert.equal(fieldProblem('n'.repeat(1001)), 'is 1,001 characters long, over the limit of 1,000');
  assert.equal(fieldProblem('n'.repeat(1000)), undefined);
});

test('a file over the size limit is refused before it is read; a missing file or a folder is named', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-imp-'));
  try {
    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, IMPORT_LIMITS.fileBytes + 1); // sparse: nothing is written to the disk
    const r = readImportFile(big);
    assert.ok(!r.ok);
    assert.match(r.message, /big\.csv: 104,857,601 bytes, over the limit of 104,857,600/);
    const missing = readImportFile(path.join(dir, 'nope.csv'));
    assert.ok(!missing.ok);
    assert.match(missing.message, /nope\.csv: cannot read \(no such file\)/);
    const folder = readImportFile(dir);
    assert.ok(!folder.ok);
    assert.match(folder.message, /cannot read \(is a directory\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a message quoting the file is printable: controls and lone surrogates written as escapes', () => {
  assert.equal(
    printable('unexpected token \u0000 in "\ud800x" at\r\n𝄞\tend'),
    'unexpected token \\u0000 in "\\uD800x" at\\u000D\n𝄞\tend',
  );
});
