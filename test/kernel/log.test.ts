import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/kernel/log.ts';

test('personal fields are redacted wherever they appear in a logged object', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = createLogger('info', sink as any);
  log.info(
    {
      documentNumber: 'AB123456',
      application: { identity: { surname: 'TREMBLAY', birthDate: '1985-04-23' } },
      occupant: { mrz: 'P<CAN…' },
      port: 'US-0901',
    },
    'decision',
  );
  const out = lines.join('');
  for (const secret of ['AB123456', 'TREMBLAY', '1985-04-23', 'P<CAN'])
    assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
  assert.match(out, /US-0901/);
  assert.match(out, /\[redacted\]/);
});
