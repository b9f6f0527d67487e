// The membership directory read at start-up by pages: every membership and card of a database larger than a page is
// found by card and by passport, with the right status; a membership changed while the pages are read keeps its change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testPlatform, type TestPlatform } from '../helpers.ts';
import { MembershipDirectory } from '../../src/modules/travellers/directory.ts';
import { loadMembers, member } from '../../bench/lanes/data.ts';

let p: TestPlatform;
const N = 2_500;
before(async () => {
  p = await testPlatform({ seed: false });
  await loadMembers(p.ctx, N, { batch: 1_000 });
});
after(async () => {
  await p?.close();
});

test('a directory read by pages of 700 holds every membership, card and passport', async () => {
  const dir = new MembershipDirectory(p.ctx, { page: 700 });
  await dir.ready;
  assert.equal(dir.size, N);
  for (const i of [0, 1, 699, 700, 701, 1399, 1400, 2100, N - 1]) {
    const m = member(i);
    const byCard = dir.byCard(p.ctx.cipher.blindIndex('card', m.cardNumber));
    assert.ok(byCard, `card of member ${i}`);
    assert.equal(byCard.cardStatus, 'active');
    assert.equal(byCard.member.holderName, `${m.given} ${m.surname}`);
    assert.equal(byCard.member.membershipNumber, m.membershipNumber);
    assert.deepEqual(byCard.member.programmes, [m.programme]);
    assert.equal(
      dir.byDoc(p.ctx.cipher.blindIndex('passport', m.passportCountry + m.passportNumber))?.id,
      byCard.member.id,
    );
  }
  assert.equal(dir.byCard(p.ctx.cipher.blindIndex('card', 'NX0000000')), null);
});

test(
  'a membership reloaded while the directory is being read ' + 'is not overwritten by a page read before the change',
  async () => {
    const m = member(N - 1);
    const cardKey = p.ctx.cipher.blindIndex('card', m.cardNumber);
    const id = (
      await sql<{ membership_id: string }>`select membership_id from tt_cards where card_bidx = ${cardKey}`.execute(
        p.ctx.db,
      )
    ).rows[0].membership_id;
    const dir = new MembershipDirectory(p.ctx, { page: 500 });
    // revoked and reloaded (as a local change or a NOTIFY does) while the pages are being read ...
    await sql`update tt_memberships set status = 'revoked' where id = ${id}`.execute(p.ctx.db);
    await dir.reload(id);
    // ... and a page that still holds the row as it was before the change (simulated by putting the old row back)
    await sql`update tt_memberships set status = 'active' where id = ${id}`.execute(p.ctx.db);
    await dir.ready;
    assert.equal(dir.byCard(cardKey)?.member.status, 'revoked');
    assert.equal(dir.size, N);
  },
);
