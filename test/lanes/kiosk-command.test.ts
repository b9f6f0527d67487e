// `smartborder kiosk register|list|revoke` as an operator runs it: the credential printed once (only its hash kept),
// bad arguments refused with exit code 2 and a clear message, registration and revocation audited.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { cliSandbox } from '../helpers.ts';

const { dir, cli } = cliSandbox('sb-kiosk-cli-');
const query = async <T>(text: string) => {
  const db = new PGlite(path.join(dir, 'pglite'));
  try {
    if (text.includes(';')) {
      await db.exec(text);
      return [];
    }
    return (await db.query<T>(text)).rows;
  } finally {
    await db.close();
  }
};

before(async () => {
  assert.equal(cli('migrate').status, 0);
  // Two ports: one with a members' lane (a kiosk may serve it), one without.
  await query(`insert into ln_ports (id, code, name, country, border, kind)
      values ('PC-YUL', 'YUL', 'Montréal-Trudeau', 'US', 'air', 'preclearance'),
             ('US-0103', '0103', 'Small crossing', 'US', 'north', 'land');
    insert into ln_lanes (id, port_id, lane_type, direction, booths)
      values ('PC-YUL-preclearance_trusted', 'PC-YUL', 'preclearance_trusted', 'US', 2),
             ('US-0103-general', 'US-0103', 'general', 'US', 1)`);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('kiosk register prints the credential once; list shows the kiosk; revoke ends it; both audited', async () => {
  const reg = cli('kiosk', 'register', '--port', 'PC-YUL', '--label', 'Hall A kiosk 1');
  assert.equal(reg.status, 0, reg.stderr);
  const id = reg.stdout.match(/registered kiosk ([0-9a-f-]{36}) at PC-YUL \(Hall A kiosk 1\)/)?.[1];
  const credential = reg.stdout.match(/credential \(shown only now[^)]*\): (sbk_\S+)/)?.[1];
  assert.ok(id && credential, reg.stdout);
  assert.match(reg.stdout, /\/en\/kiosk\/PC-YUL\/enrol/);
  const [row] = await query<{ credential_hash: string; status: string }>(
    `select credential_hash, status from ln_kiosks where id = '${id}'`,
  );
  assert.equal(row.status, 'active');
  assert.equal(row.credential_hash, crypto.createHash('sha256').update(credential).digest('hex'));
  const list = cli('kiosk', 'list');
  assert.equal(list.status, 0);
  assert.match(list.stdout, new RegExp(`${id}\\s+PC-YUL\\s+active\\s+last seen never\\s+Hall A kiosk 1`));
  assert.doesNotMatch(list.stdout, /sbk_/);
  const revoke = cli('kiosk', 'revoke', id);
  assert.equal(revoke.status, 0, revoke.stderr);
  assert.match(cli('kiosk', 'list', '--port', 'PC-YUL').stdout, /revoked/);
  const again = cli('kiosk', 'revoke', id);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /no active kiosk/);
  const audit = await query<{ action: string; actor_id: string | null; detail: unknown }>(
    `select action, actor_id, detail from audit_log where subject = 'kiosk:${id}' order by seq`,
  );
  assert.deepEqual(audit, [
    { action: 'kiosk.registered', actor_id: null, detail: { port: 'PC-YUL' } },
    { action: 'kiosk.revoked', actor_id: null, detail: { port: 'PC-YUL' } },
  ]);
});

test('kiosk commands refuse bad arguments with exit code 2 and say why', () => {
  const cases: [string[], RegExp][] = [
    [['kiosk'], /a kiosk command is needed/],
    [['kiosk', 'frobnicate'], /unknown kiosk command "frobnicate"/],
    [['kiosk', 'register', '--port', 'PC-YUL'], /register needs --port and --label/],
    [['kiosk', 'register', '--port', 'XX-9999', '--label', 'A'], /unknown port "XX-9999"/],
    [['kiosk', 'register', '--port', 'US-0103', '--label', 'A'], /Port US-0103 has no members' lane/],
    [['kiosk', 'register', '--port', 'PC-YUL', '--label', 'x'.repeat(121)], /label of 1 to 120 characters/],
    [['kiosk', 'revoke'], /revoke needs the id of one kiosk/],
    [['kiosk', 'revoke', 'not-an-id'], /"not-an-id" is not a kiosk id/],
    [['kiosk', 'list', '--colour'], /Unknown option '--colour'/],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});
