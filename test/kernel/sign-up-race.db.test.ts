// Sign-ups racing with one e-mail: the database's unique e-mail decides, and the losers are told, not failed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestPlatform, testPlatform } from '../helpers.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform({ seed: false });
});
after(() => p.close());

test('concurrent sign-ups with one e-mail: one account is created, the others are told it is taken', async () => {
  const payload = { email: 'same.person@example.test', password: 'a long enough password 1', displayName: 'Same' };
  const replies = await Promise.all(
    Array.from({ length: 6 }, () => p.app.inject({ method: 'POST', url: '/api/v1/auth/accounts', payload })),
  );
  const statuses = replies.map((r) => r.statusCode).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409], replies.map((r) => r.body).join('\n'));
  for (const r of replies.filter((x) => x.statusCode === 409)) assert.equal(r.json().code, 'auth.email_taken');
  const n = await p.ctx.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email', '=', 'same.person@example.test')
    .executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 1);
});
